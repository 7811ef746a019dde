package faults_test

import (
	"net"
	"os"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/hostile-lab/hostile/simhost/faults"
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
		h := faulted(faults.Spec{Type: "half-open", Params: map[string]any{"after": "500ms"}})
		serverAliveGivesUp(h, 2, "sleep 30")
		expectFired(h, "half-open")
		// The server side still holds the connection: a half-open peer never
		// says goodbye. Closing the host releases it (goleak checks).
		Expect(h.OpenSessions()).To(Equal(1))

		removeThenLogIn(h, "half-open")
	})

	It("stops reading: the client's writes block once the socket buffers are full", func() {
		h := faulted(faults.Spec{Type: "half-open"})
		sent, err := flood(h.Addr(), 256<<20, time.Second)
		Expect(err).To(MatchError(os.ErrDeadlineExceeded))
		Expect(sent).To(BeNumerically("<", 256<<20))
	})
})
