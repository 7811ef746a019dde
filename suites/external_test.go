package suites_test

import (
	"context"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/hostile-lab/hostile/harness"
	"github.com/hostile-lab/hostile/harness/hostiletest"
	"github.com/hostile-lab/hostile/scenarios"
)

// Any product with a command line can be replayed: here OpenSSH's ssh itself is
// the product, described by a YAML file of command templates.
var _ = Describe("an external client replayed through its command line", Label("external"), func() {
	It("gets a verdict like any client: ssh -n survives the rm alias, a plain pvs read trips on the banner", func() {
		client := func() harness.Adapter {
			c, err := harness.LoadExternal("testdata/openssh-client.yaml")
			Expect(err).NotTo(HaveOccurred())
			return c
		}

		s := scenario("rm-alias-solaris")
		s.Stimulus.Count, s.Stimulus.Concurrency = 20, 5 // one ssh process per clean-up
		// The scenario's expect.within_factor times the same client on the
		// healthy twin, as `hostile replay --client` does.
		twin := harness.WithTwin(func(ctx context.Context, s *scenarios.Scenario) (harness.Target, error) {
			t, err := harness.StartSim(ctx, s, hostiletest.Key())
			if err != nil {
				return nil, err
			}
			return t, nil
		}, client)
		v := harness.Replay(context.Background(), s, simulated(s), client, twin)
		// stdin at EOF answers the prompt "no": nothing hangs, but the files stay.
		Expect(v.Error).To(BeEmpty())
		Expect(v.Client).To(Equal("openssh"))
		Expect(v.Hung).To(BeZero())
		Expect(v.Pass).To(BeFalse())
		Expect(v.Why).To(ContainElement(MatchRegexp(`\d+ files in /export/home/oracle/logs were left on the host`)))

		s = scenario("healthy-debian12")
		s.Stimulus.Operation, s.Stimulus.Count, s.Stimulus.Concurrency = "run", 1, 1
		s.Stimulus.Command = "echo hello from $(hostname)"
		s.Expect.FilesAbsent = nil
		v = harness.Replay(context.Background(), s, simulated(s), client)
		Expect(v.Pass).To(BeTrue(), "%v", v.Why)
	})

	It("refuses a client file with an operation it does not know, naming it", func() {
		_, err := harness.LoadExternal("testdata/bad-client.yaml")
		Expect(err).To(MatchError(ContainSubstring("operations.delete-file: not an operation")))
	})
})
