package main_test

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"syscall"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gbytes"
	"github.com/onsi/gomega/gexec"
	gossh "golang.org/x/crypto/ssh"
)

var _ = Describe("the command line's conventions", func() {
	It("answers -h and --help on every command and subcommand, on stdout, exit 0", func() {
		for _, args := range [][]string{{}, {"serve"}, {"replay"}, {"record"}, {"bench"}, {"images"},
			{"scenarios"}, {"scenarios", "validate"}, {"scenarios", "list"}, {"fault"}, {"fault", "add"}, {"fault", "ls"}, {"fault", "types"}} {
			for _, h := range []string{"-h", "--help"} {
				s := hostileRun(append(args, h)...)
				Expect(s).To(gexec.Exit(0), "hostile %v %s", args, h)
				Expect(s.Out.Contents()).To(ContainSubstring("Usage:"), "hostile %v %s", args, h)
				Expect(s.Err.Contents()).To(BeEmpty())
			}
		}
	})

	It("never shows $HOSTILE_TOKEN in help", func() {
		for _, args := range [][]string{{"serve", "-h"}, {"fault", "ls", "-h"}} {
			cmd := exec.Command(hostile, args...)
			cmd.Env = append(os.Environ(), "HOSTILE_TOKEN=s3cret-token")
			s := must(gexec.Start(cmd, GinkgoWriter, GinkgoWriter))
			Eventually(s).Should(gexec.Exit(0))
			Expect(string(s.Out.Contents())).To(ContainSubstring("$HOSTILE_TOKEN"))
			Expect(string(s.Out.Contents())).NotTo(ContainSubstring("s3cret-token"))
		}
	})

	It("takes long flags as --flag and --flag=value, and names the command in front of a mistake", func() {
		s := hostileRun("serve", "--personality=aix7")
		Expect(s).To(gexec.Exit(2))
		Expect(s.Err).To(gbytes.Say(`^hostile serve: --personality: unknown personality "aix7"`))
		s = hostileRun("replay", "--parallel", "many")
		Expect(s).To(gexec.Exit(2))
		Expect(s.Err).To(gbytes.Say(`^hostile replay: invalid argument "many" for "--parallel" flag`))
		Expect(s.Err).To(gbytes.Say(`Run 'hostile replay -h' for its flags\.`))
		s = hostileRun("scenarios", "show")
		Expect(s).To(gexec.Exit(2))
		Expect(s.Err).To(gbytes.Say(`^hostile scenarios show: want a scenario NAME or FILE, got 0 arguments`))
	})

	It("says in replay -h what each --target and --client is", func() {
		s := hostileRun("replay", "-h")
		Expect(s).To(gexec.Exit(0))
		Expect(s.Out).To(gbytes.Say(`(?m)^  simulated  the simulated host, in this process`))
		Expect(s.Out).To(gbytes.Say(`(?m)^  container  a real Debian container`))
		Expect(s.Out).To(gbytes.Say(`(?m)^  hardened   the reference client with the fixes`))
	})

	It("refuses on serve --target container each flag only a simulated host honours", func() {
		for _, flag := range [][]string{{"--transcripts", "/tmp/x"}, {"--host-keys", "/tmp/x"}, {"--control", ""},
			{"--pprof", "127.0.0.1:0"}, {"--quiet"}, {"--keep-events", "5"}} {
			s := hostileRun(append([]string{"serve", "--target", "container", "--addr", "127.0.0.1:0"}, flag...)...)
			Expect(s).To(gexec.Exit(2), "%v", flag)
			Expect(s.Err).To(gbytes.Say(`hostile serve: ` + regexp.QuoteMeta(flag[0]) + `: acts on a simulated host only; a container target does not take it`))
		}
	})
})

var _ = Describe("hostile fault without and with a server", func() {
	It("lists the catalogue with no server running, with the scope keys each type honours", func() {
		s := hostileRun("fault", "types", "--control", "http://127.0.0.1:1")
		Expect(s).To(gexec.Exit(0))
		Expect(s.Out).To(gbytes.Say(`(?m)^reset\s+transport\s+`))
		Expect(s.Out).To(gbytes.Say(`(?m)^    scope: after_commands, connection$`))
		j := hostileRun("fault", "types", "--json")
		Expect(j).To(gexec.Exit(0))
		var types []map[string]any
		Expect(json.Unmarshal(j.Out.Contents(), &types)).To(Succeed())
		Expect(types).To(ContainElement(And(HaveKeyWithValue("name", "pam-banner"),
			HaveKeyWithValue("scopes", ContainElements("user", "channel", "connection")))))
	})

	It("reads --param values as JSON or as strings with \\n escapes, and refuses a scope a fault cannot honour", func() {
		serve := startServe("--addr", "127.0.0.1:0", "--control", "127.0.0.1:0", "--quiet")
		control := said(serve, `hostile: control API on (http://127\.0\.0\.1:\d+)`)
		addr := found(serve, `serving hostile \(debian12\) on (127\.0\.0\.1:\d+)`)

		add := hostileRun("fault", "--control", control, "add", "command-override", "--param", `match=^df\b`,
			"--param", `stdout=Filesystem\tSize\nnfs01:/export  hung\n`, "--param", "exit=3")
		Expect(add).To(gexec.Exit(0))
		out, code := sshRun(addr, "df -h")
		Expect(out).To(Equal("Filesystem\tSize\nnfs01:/export  hung\n"))
		Expect(code).To(Equal(3))

		refused := hostileRun("fault", "--control", control, "add", "reset", "--scope", "user=flaky")
		Expect(refused).To(gexec.Exit(1))
		Expect(refused.Err).To(gbytes.Say(`hostile fault add: fault "reset": scope\.user: reset cannot be scoped by user: it acts on the TCP connection from its first byte, before anyone has logged in \(it honours: after_commands, connection\)`))

		serve.Signal(syscall.SIGTERM)
		Eventually(serve).Should(gexec.Exit(0))
	})
})

var _ = Describe("hostile replay for a QA engineer", func() {
	It("prints JSON with stable lower-case names, seconds as numbers and a verdict string", func() {
		s := wholeHostileRun("replay", "--scenario", "healthy-debian12", "--client", "legacy", "--json")
		Expect(s).To(gexec.Exit(0))
		var vs []map[string]any
		Expect(json.Unmarshal(s.Out.Contents(), &vs)).To(Succeed())
		Expect(vs).To(HaveLen(1))
		Expect(vs[0]).To(HaveKeyWithValue("scenario", "healthy-debian12"))
		Expect(vs[0]).To(HaveKeyWithValue("client", "legacy"))
		Expect(vs[0]).To(HaveKeyWithValue("verdict", "pass"))
		Expect(vs[0]).To(HaveKeyWithValue("as_expected", true))
		Expect(vs[0]).To(HaveKeyWithValue("seconds", BeNumerically(">", 0)))
		for k := range vs[0] {
			Expect(k).To(MatchRegexp(`^[a-z_]+$`))
		}
	})

	It("lets the hardened client log in to a host whose login takes 8s, and still shows the client's error in a failure's why", func() {
		dir := GinkgoT().TempDir()
		slow := filepath.Join(dir, "slow-login.yaml")
		Expect(os.WriteFile(slow, []byte(`name: slow-login
summary: every login takes 8s (a slow LDAP behind PAM); the host works
host:
  personality: debian12
  users: [{name: app, password: app}]
faults:
  - {type: auth-delay, params: {delay: 8s}}
stimulus: {operation: run, command: "echo ready", user: app, timeout: 30s}
expect: {outcome: success, stdout: "ready\n"}
reference: {legacy: pass, hardened: pass}
`), 0o644)).To(Succeed())
		denied := filepath.Join(dir, "denied-remove.yaml")
		Expect(os.WriteFile(denied, []byte(`name: denied-remove
summary: the file belongs to root; the product cannot remove it
host:
  personality: debian12
  users: [{name: app, password: app}]
  files: [{path: /srv/keep.conf, content: "x\n"}]
stimulus: {operation: remove-file, path: /srv/keep.conf, user: app}
expect: {files_absent: [/srv/keep.conf]}
reference: {legacy: fail, hardened: fail}
`), 0o644)).To(Succeed())
		s := wholeHostileRun("replay", "--scenario", slow, "--scenario", denied, "--client", "hardened")
		Expect(s).To(gexec.Exit(0))
		Expect(s.Out).To(gbytes.Say(`slow-login\s+hardened\s+PASS\s+pass`))
		Expect(s.Out).To(gbytes.Say(`denied-remove\s+hardened\s+FAIL\s+fail\s+\S+\s+/srv/keep\.conf was left on the host; the client saw 1 error\(s\); the first: .*Permission denied`))
	})
})

// sshRun runs cmd as ops on a hostile serve host and returns its stdout and
// exit status.
func sshRun(addr, cmd string) (string, int) {
	GinkgoHelper()
	s := must(login(addr).NewSession())
	out, err := s.Output(cmd)
	var exit *gossh.ExitError
	if errors.As(err, &exit) {
		return string(out), exit.ExitStatus()
	}
	Expect(err).NotTo(HaveOccurred())
	return string(out), 0
}
