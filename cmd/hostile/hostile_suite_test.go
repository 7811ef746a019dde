package main_test

import (
	"os/exec"
	"regexp"
	"strconv"
	"testing"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gbytes"
	"github.com/onsi/gomega/gexec"

	"github.com/hostile-lab/hostile/harness"
	"github.com/hostile-lab/hostile/harness/hostiletest"
)

func TestHostile(t *testing.T) {
	// Polls often: the CLI's specs wait on processes that answer in milliseconds.
	SetDefaultEventuallyPollingInterval(50 * time.Millisecond)
	hostiletest.RunSuite(t, "hostile CLI")
}

// wholeRun is how long a spec waits for a whole `hostile` run (a replay of
// scenarios, a recording, a comparison with a container) to end: a run of
// seconds on a quiet machine takes minutes on a loaded one, and one that
// hangs still fails.
const wholeRun = 5 * time.Minute

// hostile is the built binary, as a user runs it.
var hostile string

var _ = BeforeSuite(func() {
	var err error
	hostile, err = gexec.Build("github.com/hostile-lab/hostile/cmd/hostile")
	Expect(err).NotTo(HaveOccurred())
	DeferCleanup(gexec.CleanupBuildArtifacts)
})

// startServe runs `hostile serve args...` until the spec ends.
func startServe(args ...string) *gexec.Session {
	GinkgoHelper()
	return startCmd(exec.Command(hostile, append([]string{"serve"}, args...)...))
}

// startCmd runs cmd, its output in the spec's log, until the spec ends.
func startCmd(cmd *exec.Cmd) *gexec.Session {
	GinkgoHelper()
	s := must(gexec.Start(cmd, GinkgoWriter, GinkgoWriter))
	DeferCleanup(func() { s.Kill().Wait() })
	return s
}

// said waits for s to print a match of pattern and returns the match's first
// group: the port or the address a server announces.
func said(s *gexec.Session, pattern string) string {
	GinkgoHelper()
	Eventually(s.Out).Should(gbytes.Say(pattern))
	return found(s, pattern)
}

// found is the first group of pattern's first match in what s has printed.
func found(s *gexec.Session, pattern string) string {
	GinkgoHelper()
	m := regexp.MustCompile(pattern).FindStringSubmatch(string(s.Out.Contents()))
	Expect(m).NotTo(BeEmpty(), "output matching %s", pattern)
	return m[1]
}

// sshOps starts OpenSSH's ssh running command on 127.0.0.1:port as ops,
// logging in with the password ops as a person would.
func sshOps(port, command string) *gexec.Session {
	GinkgoHelper()
	o := &harness.OpenSSH{Host: "127.0.0.1", Port: must(strconv.Atoi(port)), Dir: GinkgoT().TempDir()}
	return must(gexec.Start(must(o.SSHPassword("ops", "ops", command)), GinkgoWriter, GinkgoWriter))
}

// hostileRun runs hostile with args and waits for it to exit.
func hostileRun(args ...string) *gexec.Session {
	GinkgoHelper()
	return hostileRunWithin(nil, args...)
}

// wholeHostileRun is hostileRun for a whole run, which may take wholeRun.
func wholeHostileRun(args ...string) *gexec.Session {
	GinkgoHelper()
	return hostileRunWithin([]any{wholeRun}, args...)
}

// hostileRunWithin runs hostile with args and waits for it to exit, as long as
// timeout says (none: Eventually's default).
func hostileRunWithin(timeout []any, args ...string) *gexec.Session {
	GinkgoHelper()
	s := must(gexec.Start(exec.Command(hostile, args...), GinkgoWriter, GinkgoWriter))
	Eventually(s, timeout...).Should(gexec.Exit())
	return s
}
