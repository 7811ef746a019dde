package faults_test

import (
	"bytes"
	"net"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gexec"
	gossh "golang.org/x/crypto/ssh"

	"github.com/hostile-lab/hostile/simhost/faults"
)

// readRecorder keeps every byte the client reads.
type readRecorder struct {
	net.Conn
	got bytes.Buffer
}

func (r *readRecorder) Read(b []byte) (int, error) {
	n, err := r.Conn.Read(b)
	r.got.Write(b[:n])
	return n, err
}

var _ = Describe("stall-kex", func() {
	It("sends the banner, then the key exchange never ends: ConnectTimeout does not help, ServerAliveInterval does", func() {
		h := faulted(faults.Spec{Type: "stall-kex"})
		s := start(sshWith(h, []string{"-o", "ConnectTimeout=2"}, "ops", "true"))
		Consistently(s, 2500*time.Millisecond).ShouldNot(gexec.Exit())
		s.Kill()

		s = start(sshWith(h, []string{"-o", "ServerAliveInterval=1", "-o", "ServerAliveCountMax=1"}, "ops", "true"))
		Eventually(s).Should(gexec.Exit(255))
		Expect(string(s.Err.Contents())).To(Equal("Connection to 127.0.0.1 port " + itoa(h.Port()) + " timed out\r\n"))
		expectFired(h, "stall-kex")
	})

	It("lets the x/crypto client read the identification line and nothing more", func() {
		h := faulted(faults.Spec{Type: "stall-kex"})
		raw := must(net.Dial("tcp", h.Addr()))
		DeferCleanup(func() { raw.Close() })
		Expect(raw.SetDeadline(time.Now().Add(time.Second))).To(Succeed())
		rec := &readRecorder{Conn: raw}
		_, _, _, err := gossh.NewClientConn(rec, h.Addr(), clientConfig("ops"))
		Expect(err).To(MatchError(ContainSubstring("i/o timeout")))
		Expect(rec.got.String()).To(MatchRegexp(`^SSH-2\.0-OpenSSH_\S+( [^\r\n]*)?\r\n$`))

		Expect(h.Faults().Remove("stall-kex")).To(Succeed())
		dial(h, "ops")
	})
})
