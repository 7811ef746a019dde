package main_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gbytes"
	"github.com/onsi/gomega/gexec"

	"github.com/hostile-lab/hostile/harness/hostiletest"
)

var _ = Describe("hostile replay", func() {
	It("replays an escalation against both profiles, prints the table, writes JUnit and exits 0 when verdicts are as expected", func() {
		junit := filepath.Join(GinkgoT().TempDir(), "out.xml")
		tmp := GinkgoT().TempDir() // replay's own temp dir goes here, and must be gone after
		cmd := exec.Command(hostile, "replay", "--scenario", "sudo-pam-lastlog", "--junit", junit)
		cmd.Env = append(os.Environ(), "TMPDIR="+tmp)
		s := must(gexec.Start(cmd, GinkgoWriter, GinkgoWriter))
		Eventually(s, wholeRun).Should(gexec.Exit(0))
		Expect(os.ReadDir(tmp)).To(BeEmpty(), "replay removed its temp dir, confined as it is")
		Expect(s.Out).To(gbytes.Say(`SCENARIO\s+CLIENT\s+VERDICT\s+EXPECTED\s+TIME\s+WHY`))
		Expect(s.Out).To(gbytes.Say(`sudo-pam-lastlog\s+legacy\s+FAIL\s+fail\s+\S+\s+.*InvalidLine: Missing field 'pv_name' in line 'Last login: Fri Dec 28 21:41:33 EST 2018`))
		Expect(s.Out).To(gbytes.Say(`sudo-pam-lastlog\s+hardened\s+PASS\s+pass`))
		Expect(os.ReadFile(junit)).To(ContainSubstring(`<testsuite name="hostile replay" tests="2" failures="0" errors="0" skipped="0">`))
	})

	It("exits 1 when a verdict differs from the scenario's reference, and says which", func() {
		file := hostiletest.WriteTemp("wrong.yaml", "extends: sudo-pam-lastlog\nname: wrong-reference\nreference: {legacy: pass, hardened: pass}\n", 0o644)
		s := wholeHostileRun("replay", "--scenario", file, "--client", "legacy")
		Expect(s).To(gexec.Exit(1))
		Expect(s.Out).To(gbytes.Say(`wrong-reference\s+legacy\s+FAIL\s+pass.*<-- unexpected`))
		Expect(s.Err).To(gbytes.Say(`1 verdict\(s\) differ from what the scenarios expect of their client`))
	})

	It("names a scenario it cannot find, in an ERROR row", func() {
		s := hostileRun("replay", "--scenario", "rm-alias-solaros", "--client", "legacy")
		Expect(s).To(gexec.Exit(1))
		Expect(s.Out).To(gbytes.Say(`rm-alias-solaros\s+legacy\s+ERROR\s+-\s+0s\s+no built-in scenario "rm-alias-solaros" \(did you mean "rm-alias-solaris"\?\)`))
		Expect(s.Err).To(gbytes.Say(`1 replay\(s\) could not be done \(ERROR rows\)`))
	})

	It("writes every row when one scenario's host cannot be built or its file does not load: those are JUnit errors with the message and file:line", func() {
		dir := GinkgoT().TempDir()
		badHost := filepath.Join(dir, "bad-host.yaml")
		Expect(os.WriteFile(badHost, []byte("extends: healthy-debian12\nname: bad-host\nhost:\n  files:\n    - {path: /etc/motd/inside, content: x}\n"), 0o644)).To(Succeed())
		badYAML := filepath.Join(dir, "bad-yaml.yaml")
		Expect(os.WriteFile(badYAML, []byte("extends: healthy-debian12\nname: bad-yaml\nstimulus:\n  count: lots\n"), 0o644)).To(Succeed())
		junit := filepath.Join(dir, "out.xml")
		s := wholeHostileRun("replay", "--scenario", badHost, "--scenario", badYAML, "--scenario", "healthy-debian12", "--client", "legacy", "--junit", junit, "--json")
		Expect(s).To(gexec.Exit(1))
		var rows []struct {
			Verdict string `json:"verdict"`
			Error   string `json:"error"`
		}
		Expect(json.Unmarshal(s.Out.Contents(), &rows)).To(Succeed())
		Expect(rows).To(HaveLen(3))
		Expect(rows[0].Verdict).To(Equal("error"))
		Expect(rows[0].Error).To(Equal(badHost + ":5:7: host.files[2]: the host cannot be built: /etc/motd/inside cannot be made: /etc/motd is a file on the host, not a directory"))
		Expect(rows[1].Verdict).To(Equal("error"))
		Expect(rows[1].Error).To(Equal(badYAML + `:4:10: stimulus.count: want a whole number, got "lots"`))
		Expect(rows[2].Verdict).To(Equal("pass"))
		xml := string(must(os.ReadFile(junit)))
		Expect(xml).To(ContainSubstring(`<testsuite name="hostile replay" tests="3" failures="0" errors="2" skipped="0">`))
		Expect(xml).To(ContainSubstring(`<error message="` + badYAML + `:4:10: stimulus.count: want a whole number, got &#34;lots&#34;">`))
		Expect(xml).To(MatchRegexp(`<testcase name="healthy-debian12 / legacy" classname="hostile.simulated" time="[0-9.]+">\s*<system-out>pass: `))
	})

	It("keeps one table when a why has several lines: the continuation is indented under WHY", func() {
		s := wholeHostileRun("replay", "--scenario", "old-libc-solaris", "--scenario", "healthy-debian12")
		Expect(s).To(gexec.Exit(0))
		lines := strings.Split(string(s.Out.Contents()), "\n")
		why := strings.Index(lines[0], "WHY")
		Expect(why).To(BeNumerically(">", 0))
		Expect(lines[1]).To(MatchRegexp(`^old-libc-solaris\s+legacy\s+FAIL\s+fail\s+\S+\s+.*ld.so.1: rsync: fatal: libc.so.1: version .SUNW_1.23. not found`))
		Expect(lines[2]).To(Equal(strings.Repeat(" ", why+2) + "Killed"))
		for _, row := range lines[3:] {
			if row != "" {
				Expect(strings.Index(row, "PASS")).To(Equal(strings.Index(lines[0], "VERDICT")), "one alignment for every row: %q", row)
			}
		}
	})
})

var _ = Describe("hostile replay --target container", Label("container"), func() {
	It("replays on real Debian containers, and reports what a real OS cannot express as skipped, not failed", func() {
		hostiletest.NeedDocker()
		junit := filepath.Join(GinkgoT().TempDir(), "out.xml")
		r := wholeHostileRun("replay", "--target", "container", "--scenario", "old-glibc-push", "--scenario", "no-exit-status", "--client", "legacy", "--junit", junit)
		Expect(r).To(gexec.Exit(0))
		Expect(r.Out).To(gbytes.Say("old-glibc-push\\s+legacy\\s+FAIL\\s+fail\\s+.*version `GLIBC_2.34' not found"))
		Expect(r.Out).To(gbytes.Say(`no-exit-status\s+legacy\s+SKIPPED\s+-\s+0s\s+scenario no-exit-status cannot run on a real OS target: fault no-exit-status: it changes how SSH channels end, inside the encryption`))
		Expect(os.ReadFile(junit)).To(ContainSubstring(`tests="2" failures="0" errors="0" skipped="1">`))
	})
})
