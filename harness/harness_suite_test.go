package harness_test

import (
	"testing"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"go.uber.org/goleak"

	"github.com/hostile-lab/hostile/harness/hostiletest"
)

func TestHarness(t *testing.T) {
	defer goleak.VerifyNone(t, hostiletest.GinkgoGoroutines...)
	RegisterFailHandler(Fail)
	// A busy machine takes seconds to start a process or answer: waits are for
	// behaviour, not speed (a spec that fails still fails, a minute later).
	SetDefaultEventuallyTimeout(time.Minute)
	RunSpecs(t, "harness")
}
