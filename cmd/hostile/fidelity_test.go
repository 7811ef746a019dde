package main_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gbytes"
	"github.com/onsi/gomega/gexec"

	"github.com/hostile-lab/hostile/harness/hostiletest"
)

var _ = Describe("hostile fidelity", func() {
	It("refuses to run without a probes file, and names a bad one", func() {
		s := hostileRun("fidelity", "--scenario", "healthy-debian12")
		Expect(s).To(gexec.Exit(2))
		Expect(s.Err).To(gbytes.Say(`hostile fidelity: --probes: a file of commands is needed`))
		empty := hostiletest.WriteTemp("empty", "# nothing\n\n", 0o644)
		s = hostileRun("fidelity", "--probes", empty)
		Expect(s).To(gexec.Exit(2))
		Expect(s.Err).To(gbytes.Say(`--probes: .*empty: no commands \(one per line; # starts a comment\)`))
	})
})

var _ = Describe("hostile fidelity against a container", Label("container"), func() {
	It("runs each command on both hosts and reports it identical or how it differs", func() {
		hostiletest.NeedDocker()
		probes := hostiletest.WriteTemp("probes", "# what our discovery runs\necho hi\nawk 'BEGIN { print 6*7 }'\nperl -e 'print 1'\nuname -r\n", 0o644)
		s := wholeHostileRun("fidelity", "--scenario", "healthy-debian12", "--probes", probes)
		Expect(s).To(gexec.Exit(1))
		Expect(s.Out).To(gbytes.Say(`probes:2: identical: echo hi\n`))
		Expect(s.Out).To(gbytes.Say(`probes:3: identical: awk 'BEGIN \{ print 6\*7 \}'\n`))
		Expect(s.Out).To(gbytes.Say(`probes:4: differs in stdout, stderr, exit: perl -e 'print 1'\n  stdout\n    container: "1"\n    simulated: ""\n`))
		Expect(s.Out).To(gbytes.Say(`probes:5: identical: uname -r\n`))
		Expect(s.Out).To(gbytes.Say(`1 command the simulated host does not emulate was run: perl \(1\): these results may not hold on a real host\n`))
		Expect(s.Out).To(gbytes.Say(`3 of 4 commands identical on healthy-debian12 \(container and simulated host, as app\)\n`))
	})
})
