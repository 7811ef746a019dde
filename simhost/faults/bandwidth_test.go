package faults_test

import (
	"fmt"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gexec"

	"github.com/hostile-lab/hostile/simhost/faults"
)

// seqOutput is what `seq 1 n` prints.
func seqOutput(n int) string {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		fmt.Fprintln(&b, i)
	}
	return b.String()
}

var _ = Describe("bandwidth", func() {
	It("makes an exec printing N bytes take at least N/rate seconds, output intact", func() {
		h := faulted(faults.Spec{Type: "bandwidth", Params: map[string]any{"rate": 100_000, "direction": "downstream"}})
		want := seqOutput(20000) // 108,894 bytes: over a second at 100,000 B/s
		began := time.Now()
		s := sshStart(h, "ops", "seq 1 20000")
		Eventually(s).Should(gexec.Exit(0))
		Expect(time.Since(began)).To(BeNumerically(">=", time.Duration(len(want))*time.Second/100_000))
		Expect(string(s.Out.Contents())).To(Equal(want))
		expectFired(h, "bandwidth")
	})

	It("paces a large write to size/rate, per direction", func() {
		c := newRecordingConn()
		w := wrap(faults.Spec{Type: "bandwidth", Params: map[string]any{"rate": 10_000, "direction": "downstream"}}, c)
		began := time.Now()
		Expect(w.Write(make([]byte, 5000))).To(Equal(5000))
		Expect(time.Since(began)).To(BeNumerically(">=", 500*time.Millisecond))
		Expect(c.Writes()).To(HaveLen(5)) // a tenth of a second's worth each
		Expect(w.Close()).To(Succeed())
	})
})
