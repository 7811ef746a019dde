package suites_test

import (
	"context"
	"testing"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"go.uber.org/goleak"

	"github.com/hostile-lab/hostile/harness"
	"github.com/hostile-lab/hostile/scenarios"
)

func TestSuites(t *testing.T) {
	defer goleak.VerifyNone(t, harness.GinkgoGoroutines...)
	RegisterFailHandler(Fail)
	RunSpecs(t, "hostile suites")
}

// identity is the key the harness logs in with; every scenario user accepts it.
var identity *harness.Identity

var _ = BeforeSuite(func() {
	var err error
	identity, err = harness.NewIdentity(GinkgoT().TempDir())
	Expect(err).NotTo(HaveOccurred())
})

// scenario loads a built-in scenario.
func scenario(name string) *scenarios.Scenario {
	s, err := scenarios.Get(name)
	Expect(err).NotTo(HaveOccurred())
	return s
}

// simulated serves the scenario's host for the spec.
func simulated(s *scenarios.Scenario) *harness.SimTarget {
	t, err := harness.StartSim(context.Background(), s, identity)
	Expect(err).NotTo(HaveOccurred())
	DeferCleanup(t.Close)
	return t
}
