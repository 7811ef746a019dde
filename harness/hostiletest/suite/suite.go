// Package suite runs a package's Ginkgo specs as every suite of the lab does.
// It is hostiletest's one part that builds on no package of the lab, so that
// a package the harness itself builds on (the personalities) can run its
// specs the same way.
package suite

import (
	"testing"
	"time"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/gomega"
	"go.uber.org/goleak"
)

// Run runs a package's specs as its one Go test: Gomega failing through
// Ginkgo, waits of a minute, and goleak checking at the end that no goroutine
// outlives the suite. A busy machine takes seconds to start a process or
// answer: waits are for behaviour, not speed (a spec that fails still fails,
// a minute later).
func Run(t *testing.T, description string) {
	defer goleak.VerifyNone(t, GinkgoGoroutines...)
	gomega.RegisterFailHandler(ginkgo.Fail)
	gomega.SetDefaultEventuallyTimeout(time.Minute)
	ginkgo.RunSpecs(t, description)
}

// GinkgoGoroutines are the goroutines Ginkgo itself keeps until its process
// ends (its interrupt handler, and under `ginkgo -p` its abort poller), which
// goleak must ignore in every suite.
var GinkgoGoroutines = []goleak.Option{
	goleak.IgnoreTopFunction("github.com/onsi/ginkgo/v2/internal/interrupt_handler.(*InterruptHandler).registerForInterrupts.func1"),
	goleak.IgnoreTopFunction("github.com/onsi/ginkgo/v2/internal/interrupt_handler.(*InterruptHandler).registerForInterrupts.func2"),
}
