package harness_test

import (
	"testing"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"go.uber.org/goleak"

	"github.com/hostile-lab/hostile/harness"
)

func TestHarness(t *testing.T) {
	defer goleak.VerifyNone(t, harness.GinkgoGoroutines...)
	RegisterFailHandler(Fail)
	RunSpecs(t, "harness")
}
