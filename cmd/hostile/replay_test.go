package main_test

import (
	"os"
	"os/exec"
	"path/filepath"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gbytes"
	"github.com/onsi/gomega/gexec"

	"github.com/hostile-lab/hostile/harness"
)

var _ = Describe("hostile replay", func() {
	It("replays an escalation against both profiles, prints the table, writes JUnit and exits 0 when verdicts are as expected", func() {
		junit := filepath.Join(GinkgoT().TempDir(), "out.xml")
		s := must(gexec.Start(exec.Command(hostile, "replay", "--scenario", "sudo-pam-lastlog", "--junit", junit), GinkgoWriter, GinkgoWriter))
		Eventually(s, "60s").Should(gexec.Exit(0))
		Expect(s.Out).To(gbytes.Say(`SCENARIO\s+CLIENT\s+VERDICT\s+EXPECTED\s+TIME\s+WHY`))
		Expect(s.Out).To(gbytes.Say(`sudo-pam-lastlog\s+legacy\s+FAIL\s+fail\s+\S+\s+.*InvalidLine: Missing field 'pv_name' in line 'Last login: Fri Dec 28 21:41:33 EST 2018`))
		Expect(s.Out).To(gbytes.Say(`sudo-pam-lastlog\s+hardened\s+PASS\s+pass`))
		Expect(os.ReadFile(junit)).To(ContainSubstring(`<testsuite name="hostile replay" tests="2" failures="0" skipped="0">`))
	})

	It("exits 1 when a verdict differs from the scenario's reference, and says which", func() {
		file := filepath.Join(GinkgoT().TempDir(), "wrong.yaml")
		Expect(os.WriteFile(file, []byte("extends: sudo-pam-lastlog\nname: wrong-reference\nreference: {legacy: pass, hardened: pass}\n"), 0o644)).To(Succeed())
		s := must(gexec.Start(exec.Command(hostile, "replay", "--scenario", file, "--client", "legacy"), GinkgoWriter, GinkgoWriter))
		Eventually(s, "60s").Should(gexec.Exit(1))
		Expect(s.Out).To(gbytes.Say(`wrong-reference\s+legacy\s+FAIL\s+pass.*<-- unexpected`))
		Expect(s.Err).To(gbytes.Say(`1 verdict\(s\) differ from what the scenarios expect of their client`))
	})

	It("names a scenario it cannot find", func() {
		s := must(gexec.Start(exec.Command(hostile, "replay", "--scenario", "rm-alias-solaros"), GinkgoWriter, GinkgoWriter))
		Eventually(s).Should(gexec.Exit(2))
		Expect(s.Err).To(gbytes.Say(`no built-in scenario "rm-alias-solaros" \(did you mean "rm-alias-solaris"\?\)`))
	})
})

var _ = Describe("hostile replay --target container", Label("container"), func() {
	It("replays on real Debian containers, and reports what a real OS cannot express as skipped, not failed", func() {
		harness.NeedDocker()
		junit := filepath.Join(GinkgoT().TempDir(), "out.xml")
		r := must(gexec.Start(exec.Command(hostile, "replay", "--target", "container", "--scenario", "old-glibc-push",
			"--scenario", "no-exit-status", "--client", "legacy", "--junit", junit), GinkgoWriter, GinkgoWriter))
		Eventually(r, "120s").Should(gexec.Exit(0))
		Expect(r.Out).To(gbytes.Say("old-glibc-push\\s+legacy\\s+FAIL\\s+fail\\s+.*version `GLIBC_2.34' not found"))
		Expect(r.Out).To(gbytes.Say(`no-exit-status\s+legacy\s+SKIPPED\s+-\s+0s\s+scenario no-exit-status cannot run on a real OS target: fault no-exit-status: it changes how SSH channels end, inside the encryption`))
		Expect(os.ReadFile(junit)).To(ContainSubstring(`tests="2" failures="0" skipped="1">`))
	})
})
