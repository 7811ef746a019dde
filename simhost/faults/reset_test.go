package faults_test

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gbytes"
	"github.com/onsi/gomega/gexec"

	"github.com/hostile-lab/hostile/simhost/faults"
)

// resetSeen is what OpenSSH 9.2 prints when an RST ends its session: it
// depends on whether ssh reads (and gets ECONNRESET) or writes (EPIPE) first.
func resetSeen(port int) string {
	return `(Connection reset by (127\.0\.0\.1 port ` + itoa(port) + `|UNKNOWN port -1)|client_loop: send disconnect: Broken pipe)\r\n$`
}

var _ = Describe("reset", func() {
	It("cuts a long output after N bytes with a TCP RST", func() {
		h := faulted(faults.Spec{Type: "reset", Params: map[string]any{"bytes": 30_000, "direction": "downstream"}})
		s := start(sshWith(h, nil, "ops", "seq 1 1000000"))
		Eventually(s).Should(gexec.Exit(255))
		Expect(s.Err).To(gbytes.Say(resetSeen(h.Port())))
		// Linux drops what the client had not read yet when the RST lands, so
		// the client may see any prefix of the output, even none.
		Expect(seqOutput(10000)).To(HavePrefix(string(s.Out.Contents())))
		expectFired(h, "reset")

		Expect(h.Faults().Remove("reset")).To(Succeed())
		s = sshStart(h, "ops", "seq 1 10000")
		Eventually(s).Should(gexec.Exit(0))
		Expect(string(s.Out.Contents())).To(Equal(seqOutput(10000)))
	})

	It("resets a quiet session after the time", func() {
		h := faulted(faults.Spec{Type: "reset", Params: map[string]any{"after": "500ms"}})
		began := time.Now()
		s := start(sshWith(h, nil, "ops", "sleep 30"))
		Eventually(s).Should(gexec.Exit(255))
		Expect(time.Since(began)).To(BeNumerically(">=", 500*time.Millisecond))
		Expect(s.Err).To(gbytes.Say(resetSeen(h.Port())))
	})

	It("resets at accept when given neither bytes nor time", func() {
		h := faulted(faults.Spec{Type: "reset"})
		s := start(sshWith(h, nil, "ops", "true"))
		Eventually(s).Should(gexec.Exit(255))
		// "ssh: connect to host ... port N: Connection reset by peer", or
		// "kex_exchange_identification: read: ..." when the connect won the
		// race, or sshpkt_fatal's line when ssh's banner write met the reset.
		Expect(s.Err).To(gbytes.Say(`(: Connection reset by peer|^Connection reset by (127\.0\.0\.1 port \d+|UNKNOWN port -1))\r\n`))
	})
})
