package hostiletest

import "go.uber.org/goleak"

// GinkgoGoroutines are the goroutines Ginkgo itself keeps until its process
// ends (its interrupt handler, and under `ginkgo -p` its abort poller), for
// goleak.VerifyNone in every suite: `defer goleak.VerifyNone(t, hostiletest.GinkgoGoroutines...)`.
var GinkgoGoroutines = []goleak.Option{
	goleak.IgnoreTopFunction("github.com/onsi/ginkgo/v2/internal/interrupt_handler.(*InterruptHandler).registerForInterrupts.func1"),
	goleak.IgnoreTopFunction("github.com/onsi/ginkgo/v2/internal/interrupt_handler.(*InterruptHandler).registerForInterrupts.func2"),
}
