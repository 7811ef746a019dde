// Package hostiletest is what specs use against a host: the set-up every
// suite shares (RunSuite, a client key, a host, a client, a process under
// gexec), Gomega matchers over a harness.Target, and the gate that skips (or,
// in CI, fails) a container spec without a Docker engine; its subpackage suite
// runs the specs, goleak ignoring Ginkgo's own goroutines. It is kept out of
// the harness so that the hostile binary links no test library.
package hostiletest

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/onsi/gomega/gcustom"
	"github.com/onsi/gomega/types"

	"github.com/hostile-lab/hostile/harness"
	"github.com/hostile-lab/hostile/simhost/events"
)

// lookContext bounds one look at a target by a matcher, which Gomega gives
// no context: a container's docker exec that never answers fails the match.
func lookContext() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), 30*time.Second)
}

// HaveOpenSessions succeeds when the target has exactly n SSH sessions open;
// use it with Eventually to wait for a client to let go.
func HaveOpenSessions(n int) types.GomegaMatcher {
	return gcustom.MakeMatcher(func(t harness.Target) (bool, error) {
		ctx, cancel := lookContext()
		defer cancel()
		open, err := t.OpenSessions(ctx)
		return open == n, err
	}).WithTemplate("Expected the host {{.To}} have {{.Data}} open sessions", n)
}

// HaveRun succeeds when the host ran a command whose argv, joined by spaces,
// is cmdline (after alias expansion: "rm -i -f /x"). Only targets with an event
// log can tell.
func HaveRun(cmdline string) types.GomegaMatcher {
	return gcustom.MakeMatcher(func(t harness.Target) (bool, error) {
		log := t.Events()
		if log == nil {
			return false, fmt.Errorf("a %s target records no commands", t.Kind())
		}
		for _, e := range log.OfKind(events.Command) {
			if strings.Join(e.Argv, " ") == cmdline {
				return true, nil
			}
		}
		return false, nil
	}).WithTemplate("Expected the host {{.To}} have run {{format .Data}}", cmdline)
}

// HaveFile succeeds when a file matching the pattern exists on the host.
func HaveFile(pattern string) types.GomegaMatcher {
	return gcustom.MakeMatcher(func(t harness.Target) (bool, error) {
		ctx, cancel := lookContext()
		defer cancel()
		got, err := t.Glob(ctx, pattern)
		return len(got) > 0, err
	}).WithTemplate("Expected the host {{.To}} have a file {{format .Data}}", pattern)
}

// HaveFaultFired succeeds when the named fault has fired on the host at least once.
func HaveFaultFired(name string) types.GomegaMatcher {
	return gcustom.MakeMatcher(func(t harness.Target) (bool, error) {
		log := t.Events()
		if log == nil {
			return false, fmt.Errorf("a %s target records no faults", t.Kind())
		}
		for _, e := range log.OfKind(events.FaultFired) {
			if e.Fault == name {
				return true, nil
			}
		}
		return false, nil
	}).WithTemplate("Expected the fault {{format .Data}} {{.To}} have fired on the host", name)
}
