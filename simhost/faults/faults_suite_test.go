package faults_test

import (
	"errors"
	"fmt"
	"os/exec"
	"testing"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gbytes"
	"github.com/onsi/gomega/gexec"
	"github.com/onsi/gomega/types"
	gossh "golang.org/x/crypto/ssh"

	"github.com/hostile-lab/hostile/harness/hostiletest"
	"github.com/hostile-lab/hostile/simhost"
	"github.com/hostile-lab/hostile/simhost/faults"
	"github.com/hostile-lab/hostile/simhost/machine"
)

func TestFaults(t *testing.T) {
	hostiletest.RunSuite(t, "Faults")
}

// startHost serves d (debian12 with root/root and ops/ops unless d says
// otherwise, all accepting the suite's key) with the given faults active.
var startHost = hostiletest.StartHost

// faulted serves the default host (debian12, root and ops) with the given
// faults active.
func faulted(specs ...faults.Spec) *simhost.Host {
	GinkgoHelper()
	return startHost(machine.Description{}, specs...)
}

// openssh drives the real OpenSSH tools against a host.
var openssh = hostiletest.OpenSSH

// start runs cmd under gexec, its output also in the spec's log; it is killed
// at the end of the spec.
var start = hostiletest.Start

// sshStart runs `ssh user@host args...` with OpenSSH until the spec ends.
func sshStart(h *simhost.Host, user string, args ...string) *gexec.Session {
	GinkgoHelper()
	return start(openssh(h).SSH(user, args...))
}

// sshRun runs `ssh user@host args...` with OpenSSH and waits for it to end.
func sshRun(h *simhost.Host, user string, args ...string) *gexec.Session {
	GinkgoHelper()
	s := sshStart(h, user, args...)
	Eventually(s).Should(gexec.Exit())
	return s
}

// sshWith is `ssh [opts...] user@host args...` as a person runs it (asPerson).
func sshWith(h *simhost.Host, opts []string, user string, args ...string) *exec.Cmd {
	return asPerson(openssh(h).SSH(user, args...), opts...)
}

// asPerson puts opts, ssh's own arguments, before the harness's, so they win
// (ssh keeps the first value of an option), and LogLevel back to OpenSSH's
// default, INFO, so that stderr shows what a person sees (banners, keep-alive
// timeouts, keyboard-interactive's instructions).
func asPerson(cmd *exec.Cmd, opts ...string) *exec.Cmd {
	cmd.Args = append(append([]string{cmd.Args[0], "-o", "LogLevel=INFO"}, opts...), cmd.Args[1:]...)
	return cmd
}

// clientConfig logs in as user with the suite's key, as a Go product would.
var clientConfig = hostiletest.ClientConfig

// dial opens an x/crypto client to a host as user with the suite's key.
var dial = hostiletest.Dial

func must[T any](v T, err error) T {
	Expect(err).NotTo(HaveOccurred())
	return v
}

// exitStatus matches the error of an x/crypto session whose command exited
// with code.
func exitStatus(code int) types.GomegaMatcher {
	return WithTransform(func(err error) (int, error) {
		var exit *gossh.ExitError
		if !errors.As(err, &exit) {
			return 0, fmt.Errorf("%v is not an exit status", err)
		}
		return exit.ExitStatus(), nil
	}, Equal(code))
}

// heldAfterOutput runs `echo in` on a new x/crypto session of h as ops and
// checks that, once the output is in, Wait is still held half a second later;
// it returns the session and where Wait's result will come.
func heldAfterOutput(h *simhost.Host) (*gossh.Session, chan error) {
	GinkgoHelper()
	s := must(dial(h, "ops").NewSession())
	out := gbytes.NewBuffer()
	s.Stdout = out
	Expect(s.Start("echo in")).To(Succeed())
	waited := make(chan error, 1)
	go func() { waited <- s.Wait() }()
	Eventually(out).Should(gbytes.Say("in\n"))
	Consistently(waited, 500*time.Millisecond).ShouldNot(Receive())
	return s, waited
}

// heldOpenSSH runs command (which prints "in") with OpenSSH on h as ops and
// checks that ssh, once the output is in, still runs a second later with its
// session open.
func heldOpenSSH(h *simhost.Host, command string) *gexec.Session {
	GinkgoHelper()
	s := sshStart(h, "ops", command)
	Eventually(s.Out).Should(gbytes.Say("in"))
	Consistently(s, time.Second).ShouldNot(gexec.Exit())
	Expect(h.OpenSessions()).To(Equal(1))
	return s
}

// removeThenLogIn removes the named fault from h and checks that OpenSSH then
// logs in as ops and runs a command there, its output whole.
func removeThenLogIn(h *simhost.Host, fault string) {
	GinkgoHelper()
	Expect(h.Faults().Remove(fault)).To(Succeed())
	s := sshRun(h, "ops", "echo in")
	Expect(s).To(gexec.Exit(0))
	Expect(string(s.Out.Contents())).To(Equal("in\n"))
}

// serverAliveGivesUp runs command with OpenSSH on h as ops, a keepalive every
// second, and checks that ssh gives up after countMax of them go unanswered.
func serverAliveGivesUp(h *simhost.Host, countMax int, command string) *gexec.Session {
	GinkgoHelper()
	s := start(sshWith(h, []string{"-o", "ServerAliveInterval=1", "-o", "ServerAliveCountMax=" + itoa(countMax)}, "ops", command))
	Eventually(s).Should(gexec.Exit(255))
	Expect(string(s.Err.Contents())).To(HaveSuffix("Timeout, server 127.0.0.1 not responding.\r\n"))
	return s
}
