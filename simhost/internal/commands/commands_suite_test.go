package commands_test

import (
	"context"
	"strings"
	"testing"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"go.uber.org/goleak"

	"github.com/hostile-lab/hostile/harness/hostiletest"
	_ "github.com/hostile-lab/hostile/simhost/internal/commands"
	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/shell"
)

func TestCommands(t *testing.T) {
	defer goleak.VerifyNone(t, hostiletest.GinkgoGoroutines...)
	RegisterFailHandler(Fail)
	// A busy machine takes seconds to start a process or answer: waits are for
	// behaviour, not speed (a spec that fails still fails, a minute later).
	SetDefaultEventuallyTimeout(time.Minute)
	RunSpecs(t, "Emulated commands")
}

// newHost builds a host of the personality with users root and ops (password ops).
func newHost(personality string, extra ...func(*machine.Description)) *machine.Machine {
	d := machine.Description{
		Personality: personality,
		Hostname:    "db01",
		Users:       []machine.User{{Name: "ops", Password: "ops", Groups: []string{"sudo"}}},
	}
	for _, f := range extra {
		f(&d)
	}
	m, err := machine.New(d, nil)
	Expect(err).NotTo(HaveOccurred())
	Expect(shell.Install(m)).To(Succeed())
	return m
}

// result is what one non-interactive session printed and returned.
type result struct {
	Stdout, Stderr string
	Code           int
}

// run runs script as user over a non-interactive session, with stdin.
func run(m *machine.Machine, user, script string, stdin ...string) result {
	a := m.User(user)
	Expect(a).NotTo(BeNil(), "no user %s", user)
	var in *strings.Reader
	if len(stdin) > 0 {
		in = strings.NewReader(strings.Join(stdin, ""))
	}
	var r result
	var err error
	if in != nil {
		r.Stdout, r.Stderr, r.Code, err = shell.RunScript(context.Background(), m, a, script, in)
	} else {
		r.Stdout, r.Stderr, r.Code, err = shell.RunScript(context.Background(), m, a, script, nil)
	}
	Expect(err).NotTo(HaveOccurred())
	return r
}
