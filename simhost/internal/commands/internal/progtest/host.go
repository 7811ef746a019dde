// Package progtest is the test kit of the emulated programs' suites: a
// simulated host with every program (NewHost, HostWithFiles and the Seed*
// options of its description), a script run on it (Run, RunTTY,
// RunBackground), what it printed (Printed, Exited) and the files it leaves
// (Content, Exists). Each family's
// specs, and the commands package's own, import it; RunSuite runs them.
package progtest

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/onsi/gomega"
	"github.com/onsi/gomega/types"

	"github.com/hostile-lab/hostile/harness/hostiletest/suite"
	_ "github.com/hostile-lab/hostile/simhost/internal/commands"
	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/shell"
)

// RunSuite runs a package's specs as its one Go test, as every suite of the
// lab runs (suite.Run: waits of a minute, goleak at the end).
func RunSuite(t *testing.T, description string) { suite.Run(t, description) }

// NewHost builds a host of the personality with users root and ops (password ops).
func NewHost(personality string, extra ...func(*machine.Description)) *machine.Machine {
	d := machine.Description{
		Personality: personality,
		Hostname:    "db01",
		Users:       []machine.User{{Name: "ops", Password: "ops", Groups: []string{"sudo"}}},
	}
	for _, f := range extra {
		f(&d)
	}
	m, err := machine.New(d, nil)
	gomega.Expect(err).NotTo(gomega.HaveOccurred())
	gomega.Expect(shell.Install(m)).To(gomega.Succeed())
	return m
}

// Result is what one non-interactive session printed and returned.
type Result struct {
	Stdout, Stderr string
	Code           int
}

// Run runs script as user over a non-interactive session, with stdin.
func Run(m *machine.Machine, user, script string, stdin ...string) Result {
	a := m.User(user)
	gomega.Expect(a).NotTo(gomega.BeNil(), "no user %s", user)
	var in *strings.Reader
	if len(stdin) > 0 {
		in = strings.NewReader(strings.Join(stdin, ""))
	}
	var r Result
	var err error
	if in != nil {
		r.Stdout, r.Stderr, r.Code, err = shell.RunScript(context.Background(), m, a, script, in)
	} else {
		r.Stdout, r.Stderr, r.Code, err = shell.RunScript(context.Background(), m, a, script, nil)
	}
	gomega.Expect(err).NotTo(gomega.HaveOccurred())
	return r
}

// Printed matches a Result that printed stdout and stderr, whatever its status.
func Printed(stdout, stderr string) types.GomegaMatcher {
	return gomega.And(gomega.HaveField("Stdout", stdout), gomega.HaveField("Stderr", stderr))
}

// Exited matches a Result that ended with code and wrote stderr,
// whatever it printed on stdout.
func Exited(code int, stderr string) types.GomegaMatcher {
	return gomega.And(gomega.HaveField("Code", code), gomega.HaveField("Stderr", stderr))
}

// debianRevision is a package's Debian security revision (+deb12u4): the
// mirror's of the day the images were built and the base systems captured.
var debianRevision = regexp.MustCompile(`\+deb(1\d)u\d+`)

// RunMerged runs script as user with stderr into stdout and returns what it
// printed, Debian security revisions as +debNNu<N>, so that a spec captured
// from a container still holds after the base systems are captured again.
func RunMerged(m *machine.Machine, user, script string) string {
	return debianRevision.ReplaceAllString(Run(m, user, "exec 2>&1; "+script).Stdout, "+deb${1}u<N>")
}

// Revisionless is captured text with Debian security revisions as RunMerged
// prints them.
func Revisionless(s string) string { return debianRevision.ReplaceAllString(s, "+deb${1}u<N>") }
