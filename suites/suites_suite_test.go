package suites_test

import (
	"context"
	"errors"
	"testing"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/hostile-lab/hostile/harness"
	"github.com/hostile-lab/hostile/harness/hostiletest"
	"github.com/hostile-lab/hostile/product"
	"github.com/hostile-lab/hostile/scenarios"
)

func TestSuites(t *testing.T) {
	hostiletest.RunSuite(t, suiteDescription)
}

// suiteDescription is the suite's name, which Ginkgo's -focus and -skip
// match in front of every spec's text.
const suiteDescription = "hostile suites"

// scenario loads a built-in scenario.
func scenario(name string) *scenarios.Scenario {
	s, err := scenarios.Get(name)
	Expect(err).NotTo(HaveOccurred())
	return s
}

// simulated serves the scenario's host for the spec.
func simulated(s *scenarios.Scenario) *harness.SimTarget {
	t, err := harness.StartSim(context.Background(), s, hostiletest.Key())
	Expect(err).NotTo(HaveOccurred())
	DeferCleanup(t.Close)
	return t
}

// target is a kind of target the replayed suites run on, with the labels that
// choose it: `ginkgo --label-filter='!container'` keeps to the simulated host.
type target struct {
	kind   string
	labels Labels
}

var targets = []target{
	{"simulated", Label("simulated")},
	{"container", Label("container")},
}

// start serves s's host on a target of the kind for the spec, removed after it
// (also when the spec fails or is interrupted). A container spec is skipped with
// the reason when there is no Docker engine (it fails under
// HOSTILE_REQUIRE_DOCKER=1), or when a real OS cannot express the scenario.
func start(kind string, s *scenarios.Scenario) harness.Target {
	GinkgoHelper()
	if kind == "container" {
		hostiletest.NeedDocker()
	}
	t, err := harness.StartTarget(context.Background(), kind, s, hostiletest.Key())
	var ne *harness.NotExpressibleError
	if errors.As(err, &ne) {
		Skip(ne.Error())
	}
	Expect(err).NotTo(HaveOccurred())
	DeferCleanup(t.Close)
	return t
}

// twin lets a replay time the scenario's healthy twin on the same kind of
// target, with another client of profile p (for expect.within_factor).
func twin(kind string, p product.Profile) harness.ReplayOption {
	return harness.WithTwin(func(ctx context.Context, s *scenarios.Scenario) (harness.Target, error) {
		return harness.StartTarget(ctx, kind, s, hostiletest.Key())
	}, func() harness.Adapter { return harness.NewGoClient(p) })
}
