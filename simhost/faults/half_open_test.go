package faults_test

import (
	"net"
	"os"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gexec"

	"github.com/hostile-lab/hostile/simhost/faults"
	"github.com/hostile-lab/hostile/simhost/machine"
)

// flood writes up to limit bytes to addr within d; it returns how much went out
// and the error that stopped it.
func flood(addr string, limit int, d time.Duration) (int, error) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return 0, err
	}
	defer c.Close()
	c.SetWriteDeadline(time.Now().Add(d))
	chunk, sent := make([]byte, 1<<20), 0
	for sent < limit {
		n, err := c.Write(chunk)
		sent += n
		if err != nil {
			return sent, err
		}
	}
	return sent, nil
}

var _ = Describe("half-open", func() {
	It("goes silent mid-session: OpenSSH hangs until ServerAliveInterval gives up", func() {
		h := startHost(machine.Description{}, faults.Spec{Type: "half-open", Params: map[string]any{"after": "500ms"}})
		s := start(sshWith(h, []string{"ServerAliveInterval=1", "ServerAliveCountMax=2"}, "ops", "sleep 30"))
		Eventually(s).Should(gexec.Exit(255))
		Expect(string(s.Err.Contents())).To(HaveSuffix("Timeout, server 127.0.0.1 not responding.\r\n"))
		expectFired(h, "half-open")
		// The server side still holds the connection: a half-open peer never
		// says goodbye. Closing the host releases it (goleak checks).
		Expect(h.OpenSessions()).To(Equal(1))

		Expect(h.Faults().Remove("half-open")).To(Succeed())
		Eventually(start(openssh(h).SSH("ops", "true"))).Should(gexec.Exit(0))
	})

	It("stops reading: the client's writes block once the socket buffers are full", func() {
		h := startHost(machine.Description{}, faults.Spec{Type: "half-open"})
		sent, err := flood(h.Addr(), 256<<20, time.Second)
		Expect(err).To(MatchError(os.ErrDeadlineExceeded))
		Expect(sent).To(BeNumerically("<", 256<<20))
	})
})
