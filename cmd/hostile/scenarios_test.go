package main_test

import (
	"net"
	"os"
	"path/filepath"
	"strconv"
	"syscall"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gbytes"
	"github.com/onsi/gomega/gexec"

	"github.com/hostile-lab/hostile/harness/hostiletest"
)

// freePortPair finds a port p with p+1 free too, for hosts on consecutive ports.
func freePortPair() int {
	GinkgoHelper()
	for range 20 {
		l1 := must(net.Listen("tcp", "127.0.0.1:0"))
		p := l1.Addr().(*net.TCPAddr).Port
		l2, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(p+1))
		l1.Close()
		if err == nil {
			l2.Close()
			return p
		}
	}
	Fail("no two consecutive free ports")
	return 0
}

var _ = Describe("hostile scenarios", func() {
	It("lists the library: name, personality, faults, summary", func() {
		s := hostileRun("scenarios", "list")
		Expect(s).To(gexec.Exit(0))
		Expect(s.Out).To(gbytes.Say(`NAME\s+PERSONALITY\s+FAULTS\s+SUMMARY\n`))
		out := string(s.Out.Contents())
		Expect(out).To(MatchRegexp(`(?m)^rm-alias-solaris\s+solaris10-sparc\s+-\s+rm is aliased to rm -i on a Solaris 10 host`))
		Expect(out).To(MatchRegexp(`(?m)^sudo-pam-lastlog\s+rhel7\s+pam-banner\s+sudo's PAM session prints`))
		Expect(out).To(MatchRegexp(`(?m)^half-open-mid-command\s+debian12\s+half-open\s+`))
	})

	It("shows a scenario resolved, bases merged in, as YAML that validates", func() {
		s := hostileRun("scenarios", "show", "sudo-pam-lastlog")
		Expect(s).To(gexec.Exit(0))
		out := s.Out.Contents()
		Expect(string(out)).To(HavePrefix("# library:sudo-pam-lastlog, extends healthy-rhel7 (merged in below)\nname: sudo-pam-lastlog\n"))
		Expect(string(out)).To(ContainSubstring("type: pam-banner"))
		Expect(string(out)).To(ContainSubstring("/dev/mapper/36001405793cf4220c917b85386088659"), "the base's LVM data")

		file := hostiletest.WriteTemp("shown.yaml", out, 0o644)
		v := hostileRun("scenarios", "validate", file)
		Expect(v).To(gexec.Exit(0))
		Expect(string(v.Out.Contents())).To(Equal("ok " + file + "\n"))
	})

	It("validates files: ok for each good one, every error of the bad ones at file:line:col, exit 1", func() {
		dir := GinkgoT().TempDir()
		good, bad := filepath.Join(dir, "good.yaml"), filepath.Join(dir, "bad.yaml")
		Expect(os.WriteFile(good, []byte("extends: healthy-debian12\nname: my-variant\n"), 0o644)).To(Succeed())
		Expect(os.WriteFile(bad, []byte("extends: healthy-debian12\nname: my-variant\nstimulus:\n  operaton: run\nexpect:\n  settle: soon\n"), 0o644)).To(Succeed())
		s := hostileRun("scenarios", "validate", good, bad, filepath.Join(dir, "missing.yaml"))
		Expect(s).To(gexec.Exit(1))
		Expect(s.Out).To(gbytes.Say(`ok ` + good + `\n`))
		Expect(s.Out).To(gbytes.Say(bad + `:4:3: stimulus: unknown field "operaton" \(did you mean "operation"\?\); known fields: .*\n`))
		Expect(s.Out).To(gbytes.Say(bad + `:6:11: expect.settle: "soon" is not a duration such as 30s or 150ms\n`))
		Expect(s.Out).To(gbytes.Say(filepath.Join(dir, "missing.yaml") + `: open .*: no such file or directory\n`))
	})

	It("prints the JSON Schema, the one committed for editors", func() {
		s := hostileRun("scenarios", "schema")
		Expect(s).To(gexec.Exit(0))
		Expect(string(s.Out.Contents())).To(Equal(string(must(os.ReadFile("../../scenarios/schema.json")))))
	})

	It("names an unknown subcommand", func() {
		s := hostileRun("scenarios", "frob")
		Expect(s).To(gexec.Exit(2))
		Expect(s.Err).To(gbytes.Say(`hostile scenarios: unknown subcommand "frob" \(known: list, schema, show, validate\)`))
	})
})

var _ = Describe("hostile serve --scenario", func() {
	It("serves several scenarios on consecutive ports, says what each injects, and lets ops meet the misbehaviour", func() {
		port := freePortPair()
		serve := startServe("--addr", "127.0.0.1:"+strconv.Itoa(port), "--control", "",
			"--scenario", "sudo-pam-lastlog", "--scenario", "rm-alias-solaris")
		Eventually(serve.Out, 10).Should(gbytes.Say(`hostile: serving scenario sudo-pam-lastlog \(rhel7\) on 127\.0\.0\.1:` + strconv.Itoa(port) + `\n`))
		Eventually(serve.Out).Should(gbytes.Say(`ssh -p \d+ ops@127\.0\.0\.1\s+password: ops \(a twin of vdsm`))
		Eventually(serve.Out).Should(gbytes.Say(`fault lastlog-on-sudo \(pam-banner\): services="\[sudo\]", text="Last login: Fri Dec 28 21:41:33 EST 2018 on pts/0", only user vdsm,ops\n`))
		Eventually(serve.Out).Should(gbytes.Say(`host: sudoers: vdsm ALL=\(ALL\) NOPASSWD: ALL\n`))
		Eventually(serve.Out).Should(gbytes.Say(`the product is asked to: list-physical-volumes as vdsm\n`))
		Eventually(serve.Out, 10).Should(gbytes.Say(`hostile: serving scenario rm-alias-solaris \(solaris10-sparc\) on 127\.0\.0\.1:` + strconv.Itoa(port+1) + `\n`))
		Eventually(serve.Out).Should(gbytes.Say(`host: oracle's ~/\.kshrc: .*alias rm='rm -i'\n`))
		Eventually(serve.Out).Should(gbytes.Say(`host: 900 files /export/home/oracle/logs/arch_\{n\}\.log\n`))
		Eventually(serve.Out).Should(gbytes.Say(`the product is asked to: remove /export/home/oracle/logs/arch_\{n\}\.log as oracle, 900 times, 50 at once\n`))

		ssh := sshOps(strconv.Itoa(port), "sudo -n pvs -o pv_name --noheadings")
		Eventually(ssh, 10).Should(gexec.Exit(0))
		Expect(string(ssh.Out.Contents())).To(HavePrefix("Last login: Fri Dec 28 21:41:33 EST 2018 on pts/0\n  /dev/mapper/"))
		Eventually(serve.Out).Should(gbytes.Say(`sudo-pam-lastlog .*auth\.ok .*user=ops`), "events name their host when there are several")

		serve.Signal(syscall.SIGTERM)
		Eventually(serve, 10).Should(gexec.Exit(0))
	})

	It("refuses a scenario it cannot load, with the nearest built-in name", func() {
		s := hostileRun("serve", "--addr", "127.0.0.1:0", "--control", "", "--scenario", "rm-alias-solaris", "--scenario", "sudo-pam-lastlg")
		Expect(s).To(gexec.Exit(1))
		Expect(s.Err).To(gbytes.Say(`hostile serve: no built-in scenario "sudo-pam-lastlg" \(did you mean "sudo-pam-lastlog"\?\)`))
	})
})
