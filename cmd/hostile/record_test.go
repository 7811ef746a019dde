package main_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"syscall"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gbytes"
	"github.com/onsi/gomega/gexec"
	gossh "golang.org/x/crypto/ssh"

	"github.com/hostile-lab/hostile/harness"
	"github.com/hostile-lab/hostile/product"
	"github.com/hostile-lab/hostile/scenarios"
	"github.com/hostile-lab/hostile/simhost/faults"
)

var _ = Describe("hostile record", func() {
	var id *harness.Identity
	BeforeEach(func() { id = must(harness.NewIdentity(GinkgoT().TempDir())) })

	// upstream serves a library scenario's host with extra faults, as the real host.
	upstream := func(name string, extra ...faults.Spec) *harness.SimTarget {
		s := must(scenarios.Get(name))
		s.Faults = append(s.Faults, extra...)
		t := must(harness.StartSim(context.Background(), s, id))
		DeferCleanup(t.Close)
		return t
	}
	// startRecord runs hostile record against t and returns it with the address it listens on.
	startRecord := func(user string, t harness.Target, out string) (*gexec.Session, string) {
		s := startCmd(exec.Command(hostile, "record", "--upstream", user+"@"+t.Addr(), "--identity", id.Path,
			"--listen", "127.0.0.1:0", "--out", out))
		addr := said(s, `hostile record: recording `+user+`@127\.0\.0\.1:\d+ \(.*\) on (127\.0\.0\.1:\d+)\n`)
		Expect(s.Out).To(gbytes.Say(`point the product at ` + regexp.QuoteMeta(addr) + ` as ` + user + `, with any password or key`))
		return s, addr
	}

	It("records the product against the 004 host into a scenario that validates and that hostile replay fails the same way", func() {
		out := filepath.Join(GinkgoT().TempDir(), "rhv-escalation.yaml")
		rec, addr := startRecord("vdsm", upstream("sudo-pam-lastlog"), out)

		legacy := product.New(product.Config{Addr: addr, User: "vdsm", Signer: id.Signer, Profile: product.Legacy})
		_, _, err := legacy.ListPhysicalVolumes(context.Background())
		legacy.Close()
		Expect(err).To(MatchError(ContainSubstring("InvalidLine: Missing field 'pv_name' in line 'Last login:")))

		rec.Signal(syscall.SIGINT)
		Eventually(rec, wholeRun).Should(gexec.Exit(0))
		Expect(rec.Out).To(gbytes.Say(`wrote ` + regexp.QuoteMeta(out) + `: 1 command\(s\), 0 file transfer\(s\); reference: legacy fail, hardened pass`))

		validate := hostileRun("scenarios", "validate", out)
		Expect(validate).To(gexec.Exit(0))
		Expect(validate.Out).To(gbytes.Say("ok " + regexp.QuoteMeta(out)))
		text := string(must(os.ReadFile(out)))
		Expect(text).To(ContainSubstring("name: rhv-escalation\n"))
		Expect(text).To(ContainSubstring("# what each profile got when hostile record replayed the recording right after recording it:\n# legacy fail (1 of 1 operations failed; the first error: InvalidLine"))

		replay := hostileRun("replay", "--scenario", out, "--client", "legacy")
		Expect(replay).To(gexec.Exit(0), "legacy fails, as the scenario expects of it")
		Expect(replay.Out).To(gbytes.Say(`rhv-escalation\s+legacy\s+FAIL\s+fail\s+.*InvalidLine: Missing field 'pv_name' in line 'Last login: Fri Dec 28 21:41:33 EST 2018 on pts/0'`))
	})

	It("writes what it recorded when the host drops, says where it stopped, and exits 1", func() {
		out := filepath.Join(GinkgoT().TempDir(), "dropped.yaml")
		host := upstream("healthy-debian12", faults.Spec{Name: "cut", Type: "reset", Scope: faults.Scope{Connection: 2},
			Params: map[string]any{"bytes": 60000, "direction": "downstream"}})
		rec, addr := startRecord("app", host, out)

		client := must(gossh.Dial("tcp", addr, &gossh.ClientConfig{User: "app", Auth: []gossh.AuthMethod{gossh.PublicKeys(id.Signer)},
			HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 5 * time.Second}))
		DeferCleanup(func() { client.Close() })
		first := must(client.NewSession())
		Expect(first.Run("true")).To(Succeed())
		second := must(client.NewSession())
		Expect(second.Run("seq 1 100000")).NotTo(Succeed())

		Eventually(rec, wholeRun).Should(gexec.Exit(1))
		Expect(rec.Err).To(gbytes.Say(`hostile record: the connection to app@127\.0\.0\.1:\d+ dropped during "seq 1 100000" \(client connection 1, session 2\) after \d+ bytes of stdout and 0 of stderr, 0 bytes of stdin sent .*; what was recorded until then is in ` + regexp.QuoteMeta(out)))
		Expect(hostileRun("scenarios", "validate", out)).To(gexec.Exit(0))
		Expect(string(must(os.ReadFile(out)))).To(ContainSubstring("line: \"true\""))
	})

	It("refuses to start without a way to log in to the host, or with two", func() {
		s := hostileRun("record", "--upstream", "vdsm@127.0.0.1:1", "--out", "x.yaml")
		Expect(s).To(gexec.Exit(2))
		Expect(s.Err).To(gbytes.Say(`hostile record: missing: --identity KEY or --password-env VAR, to log in to the host`))
		s = hostileRun("record", "--upstream", "vdsm@127.0.0.1:1", "--out", "x.yaml", "--identity", id.Path, "--password-env", "PW")
		Expect(s).To(gexec.Exit(2))
		Expect(s.Err).To(gbytes.Say(`give --identity or --password-env, not both`))
		s = hostileRun("record", "--upstream", "127.0.0.1:22", "--out", "x.yaml")
		Expect(s).To(gexec.Exit(2))
		Expect(s.Err).To(gbytes.Say(`--upstream: "127.0.0.1:22": want user@host\[:port\]`))
	})
})
