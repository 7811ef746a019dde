package faults_test

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gexec"

	"github.com/hostile-lab/hostile/simhost/faults"
)

var _ = Describe("latency", func() {
	It("slows every exchange of a session by the delay", func() {
		h := faulted(faults.Spec{Type: "latency", Params: map[string]any{"delay": "50ms", "direction": "downstream"}})
		began := time.Now()
		s := sshStart(h, "ops", "true")
		Eventually(s).Should(gexec.Exit(0))
		// A login takes several round trips; each server write now waits 50ms.
		Expect(time.Since(began)).To(BeNumerically(">", 300*time.Millisecond))
		expectFired(h, "latency")
	})

	It("refuses a negative delay, naming the parameter", func() {
		_, err := faults.Compile(faults.Spec{Type: "latency", Params: map[string]any{"delay": "-1s"}})
		Expect(err).To(MatchError(`fault "latency": delay: -1s is negative`))
		_, err = faults.Compile(faults.Spec{Type: "latency", Params: map[string]any{"delya": "1s"}})
		Expect(err).To(MatchError(ContainSubstring(`fault "latency": delya: unknown parameter, did you mean "delay"?`)))
		_, err = faults.Compile(faults.Spec{Type: "latncy"})
		Expect(err).To(MatchError(ContainSubstring(`unknown fault type "latncy" (did you mean "latency"?)`)))
	})
})
