package main_test

import (
	"os"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gbytes"
	"github.com/onsi/gomega/gexec"

	"github.com/hostile-lab/hostile/harness/hostiletest"
)

var _ = Describe("hostile verdict", func() {
	It("judges the served scenario from the host's evidence and the product's report", func() {
		serve := startServe("--scenario", "rm-alias-solaris", "--addr", "127.0.0.1:0", "--control", "127.0.0.1:0", "--quiet")
		control := said(serve, `hostile: control API on (http://127\.0\.0\.1:\d+)`)

		// Nothing was removed: the host's own evidence fails it, and what only
		// the product knows is said to be not judged.
		v := hostileRun("verdict", "--control", control)
		Expect(v).To(gexec.Exit(1))
		Expect(string(v.Out.Contents())).To(Equal("rm-alias-solaris: fail (scenario rm-alias-solaris)\n" +
			"  900 files in /export/home/oracle/logs were left on the host\n" +
			"  not judged: within_factor (only the product knows: send it in the report)\n" +
			"  not judged: outcome (only the product knows: send it in the report)\n"))

		report := hostiletest.WriteTemp("report.json", `{"outcome": "error", "failed": 1, "operations": 1, "errors": ["timed out"]}`, 0o644)
		v = hostileRun("verdict", "--control", control, "--client-report", report, "rm-alias-solaris")
		Expect(v).To(gexec.Exit(1))
		Expect(v.Out).To(gbytes.Say(`  1 of 1 operations failed; the first error: timed out\n`))

		Expect(os.WriteFile(report, []byte(`{"outcom": "error"}`), 0o644)).To(Succeed())
		v = hostileRun("verdict", "--control", control, "--client-report", report)
		Expect(v).To(gexec.Exit(2))
		Expect(v.Err).To(gbytes.Say(`hostile verdict: --client-report .*report.json: json: unknown field "outcom"`))
	})
})
