package recorder_test

import (
	"context"
	"errors"
	"os/exec"
	"strings"
	"testing"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gexec"
	gossh "golang.org/x/crypto/ssh"

	"github.com/hostile-lab/hostile/harness"
	"github.com/hostile-lab/hostile/harness/hostiletest"
	"github.com/hostile-lab/hostile/internal/recorder"
	"github.com/hostile-lab/hostile/scenarios"
)

func TestRecorder(t *testing.T) {
	hostiletest.RunSuite(t, "recorder")
}

// scenario loads a built-in scenario.
func scenario(name string) *scenarios.Scenario {
	return must(scenarios.Get(name))
}

// simulated serves s's host for the spec.
func simulated(s *scenarios.Scenario) *harness.SimTarget {
	t := must(harness.StartSim(context.Background(), s, hostiletest.Key()))
	DeferCleanup(t.Close)
	return t
}

// startRecorder records user's sessions on the host at addr, logging in with
// the identity unless cfg says otherwise.
func startRecorder(addr, user string, tweak ...func(*recorder.Config)) *recorder.Recorder {
	cfg := recorder.Config{Upstream: addr, User: user, Auth: []gossh.AuthMethod{gossh.PublicKeys(hostiletest.Key().Signer)},
		Log: GinkgoWriter, DialTimeout: 5 * time.Second}
	for _, t := range tweak {
		t(&cfg)
	}
	r := must(recorder.Start(context.Background(), cfg))
	DeferCleanup(func() { r.Close() }) // a spec that closes it reads its error itself
	return r
}

// openssh drives the real OpenSSH client against a host or the recorder.
var openssh = hostiletest.OpenSSH

// result is what a client saw of one command.
type result struct {
	Stdout, Stderr string
	Exit           int
}

// sshRun runs line with ssh, stdin as given (closed when empty), and waits.
func sshRun(o *harness.OpenSSH, user, line, stdin string) result {
	cmd := o.SSH(user, line)
	cmd.Stdin = strings.NewReader(stdin)
	return finish(cmd)
}

func finish(cmd *exec.Cmd) result {
	s := must(gexec.Start(cmd, GinkgoWriter, GinkgoWriter))
	Eventually(s).Should(gexec.Exit())
	return result{string(s.Out.Contents()), string(s.Err.Contents()), s.ExitCode()}
}

// write saves the recording as a scenario file and loads it back the way
// hostile scenarios validate does.
func write(rec *recorder.Recording, opts recorder.ScenarioOptions) (string, *scenarios.Scenario) {
	data := must(rec.YAML(opts))
	file := hostiletest.WriteTemp("recorded.yaml", data, 0o644)
	AddReportEntry("recorded.yaml", string(data), ReportEntryVisibilityNever)
	s, err := scenarios.Load(file)
	Expect(err).NotTo(HaveOccurred(), "the recorded scenario:\n%s", data)
	return file, s
}

// goRun runs line over an x/crypto session of c, stdin closed.
func goRun(c *gossh.Client, line string) (result, error) {
	s, err := c.NewSession()
	if err != nil {
		return result{}, err
	}
	defer s.Close()
	var out, errOut strings.Builder
	s.Stdout, s.Stderr = &out, &errOut
	err = s.Run(line)
	r := result{Stdout: out.String(), Stderr: errOut.String()}
	var exit *gossh.ExitError
	if errors.As(err, &exit) {
		r.Exit, err = exit.ExitStatus(), nil
	}
	return r, err
}

// dial opens an x/crypto client to a host or the recorder as user with the suite's key.
var dial = hostiletest.Dial

func must[T any](v T, err error) T {
	GinkgoHelper()
	Expect(err).NotTo(HaveOccurred())
	return v
}
