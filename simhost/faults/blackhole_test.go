package faults_test

import (
	"net"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/hostile-lab/hostile/simhost/faults"
)

var _ = Describe("blackhole", func() {
	It("swallows everything the client sends and answers nothing", func() {
		h := faulted(faults.Spec{Type: "blackhole"})
		// Unlike half-open, the sink keeps reading: 64 MB go out without blocking.
		sent, err := flood(h.Addr(), 64<<20, time.Minute) // a bound on blocking, not on speed
		Expect(err).NotTo(HaveOccurred())
		Expect(sent).To(Equal(64 << 20))

		c := must(net.Dial("tcp", h.Addr()))
		DeferCleanup(c.Close)
		c.SetReadDeadline(time.Now().Add(300 * time.Millisecond))
		_, err = c.Read(make([]byte, 1))
		Expect(err).To(MatchError(ContainSubstring("i/o timeout")))
		expectFired(h, "blackhole")
	})

	It("after N bytes, leaves an OpenSSH session waiting for answers that never come", func() {
		h := faulted(faults.Spec{Type: "blackhole", Params: map[string]any{"bytes": 100_000}})
		s := serverAliveGivesUp(h, 1, "seq 1 200000")
		Expect(seqOutput(200000)).To(HavePrefix(string(s.Out.Contents())))
		Expect(s.Out.Contents()).NotTo(BeEmpty()) // what came before the sink
		Expect(len(s.Out.Contents())).To(BeNumerically("<", 100_000))

		removeThenLogIn(h, "blackhole")
	})
})
