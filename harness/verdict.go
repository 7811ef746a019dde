package harness

import (
	"context"
	"fmt"
	"path"
	"reflect"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/hostile-lab/hostile/product"
	"github.com/hostile-lab/hostile/scenarios"
)

// Verdict is the outcome of one scenario replayed against one client.
type Verdict struct {
	Scenario string
	Client   string
	Target   string
	Pass     bool
	// Why says, in sentences an engineer can act on, what was not achieved — or,
	// for a pass, what was.
	Why []string
	// Expected is the reference outcome for this client (Pass or Fail), or
	// "" when the scenario says nothing about it (an external client).
	Expected scenarios.Result
	Took     time.Duration
	// Ops counts operations started; Failed those that returned an error; Hung
	// those still running when the budget ran out.
	Ops, Failed, Hung int
	// Skipped says why the scenario did not run on this target (a real OS
	// cannot express it); nothing else is set then.
	Skipped string `json:",omitempty"`
	// Error says why the replay itself could not be done (its host could not
	// be built, its twin not timed), with the scenario file's file:line where
	// there is one; the verdict is neither pass nor fail then.
	Error string `json:",omitempty"`
	// NotEmulated counts, by program, what the product ran that the simulated
	// host does not emulate: the verdict may not hold on a real host.
	NotEmulated []ProgramCount `json:",omitempty"`
}

// AsExpected reports whether the verdict is what the scenario's reference says
// this client gets; a skipped replay is neither right nor wrong, an errored
// one is wrong.
func (v Verdict) AsExpected() bool {
	if v.Error != "" {
		return false
	}
	return v.Skipped != "" || v.Expected == "" || (v.Expected == scenarios.Pass) == v.Pass
}

// Result is what the replay came to.
func (v Verdict) Result() scenarios.Result {
	switch {
	case v.Error != "":
		return scenarios.Errored
	case v.Skipped != "":
		return scenarios.Skipped
	case v.Pass:
		return scenarios.Pass
	}
	return scenarios.Fail
}

// ReplayOption changes how Replay runs.
type ReplayOption func(*replayConfig)

type replayConfig struct {
	twinStart  func(context.Context, *scenarios.Scenario) (Target, error)
	twinClient func() Adapter
}

// WithTwin lets Replay time the scenario's healthy twin (HealthyTwin) when its
// expect.within_factor asks: start serves a scenario on the same kind of target
// as the replay's, client makes another client like the replay's.
func WithTwin(start func(context.Context, *scenarios.Scenario) (Target, error), client func() Adapter) ReplayOption {
	return func(c *replayConfig) { c.twinStart, c.twinClient = start, client }
}

// Replay runs s's stimulus through a client newClient makes against t, then
// judges what the scenario expects against the client's results and the
// host's state. It judges a hang by the host's evidence, not by the clock: it
// stops when every operation still running is blocked reading its stdin, or
// when neither the client nor the host has made progress for the stimulus's
// timeout; a time bound, where the scenario sets one, is a multiple of the
// healthy twin's time in the same run (WithTwin). The client is Replay's own:
// it closes it before returning, which ends whatever the client left hanging.
func Replay(ctx context.Context, s *scenarios.Scenario, t Target, newClient func() Adapter, opts ...ReplayOption) Verdict {
	var cfg replayConfig
	for _, o := range opts {
		o(&cfg)
	}
	a := newClient()
	v := Verdict{Scenario: s.Name, Client: a.Name(), Target: t.Kind(), Expected: expectedFor(s, a.Name())}
	run := runStimulus(ctx, s.Stimulus, t, a)
	v.Took, v.Ops, v.Hung = run.took, s.Stimulus.Count, s.Stimulus.Count-len(run.finished)
	for _, r := range run.finished {
		if r.Err != nil {
			v.Failed++
		}
	}
	if twinTook, err := measureTwin(ctx, s, cfg, &v); err != nil {
		v.Error = fmt.Sprintf("expect.within_factor: %v", err)
	} else {
		v.Pass, v.Why = judge(ctx, s.Expect, t, run, v, twinTook)
		noteNotEmulated(&v, t)
	}

	// Closing the client ends what it left hanging; its operations then return.
	a.Close()
	select {
	case <-run.done:
	case <-ctx.Done():
		v.Why = append(v.Why, "the replay was interrupted before the client's operations ended")
	case <-time.After(time.Minute):
		v.Why = append(v.Why, "the client's operations did not end within a minute of closing it")
	}
	return v
}

// measureTwin times the healthy twin where the scenario's within_factor asks
// (0 where it does not), after the scenario and on its own; a hang needs no
// comparison. Noise from other work on the machine only ever adds time, so
// when the scenario looks slower than the factor allows, both are timed again
// on fresh targets, interleaved, up to twice more: the scenario's measure
// (v.Took) is its quickest run, the twin's its slowest. A client that is truly
// slower stays slower in every run; one a busy moment slowed does not.
func measureTwin(ctx context.Context, s *scenarios.Scenario, cfg replayConfig, v *Verdict) (time.Duration, error) {
	factor := s.Expect.WithinFactor
	if factor <= 0 || v.Hung > 0 {
		return 0, nil
	}
	var twinTook time.Duration
	for try := 0; try < 3 && (try == 0 || float64(v.Took) > factor*float64(twinTook)); try++ {
		if try > 0 {
			if again, err := timeRun(ctx, s, cfg); err == nil {
				v.Took = min(v.Took, again)
			}
		}
		took, err := timeRun(ctx, HealthyTwin(s), cfg)
		if err != nil {
			return 0, fmt.Errorf("the healthy twin: %w", err)
		}
		twinTook = max(twinTook, took)
	}
	return twinTook, nil
}

// judge checks each expectation against the run and the host: pass, or the
// reasons it failed; for a pass, what was achieved.
func judge(ctx context.Context, e scenarios.Expect, t Target, run stimulusRun, v Verdict, twinTook time.Duration) (bool, []string) {
	var why []string
	fail := func(format string, args ...any) { why = append(why, fmt.Sprintf(format, args...)) }
	finished := run.finished
	if v.Hung > 0 {
		fail("%s (the client waits on the host with no deadline)", run.stuck)
	} else if e.WithinFactor > 0 && float64(v.Took) > e.WithinFactor*float64(twinTook) {
		fail("the operations took %s, %.1fx the %s the same client took for them on the healthy twin (its faults and rc files taken out) in this run; at most %gx allowed",
			v.Took.Round(time.Millisecond), float64(v.Took)/float64(max(twinTook, 1)), twinTook.Round(time.Millisecond), e.WithinFactor)
	}
	if e.MaxOpenSessions != nil {
		if open, waited, err := settleSessions(ctx, t, *e.MaxOpenSessions, e.Settle.D()); err != nil {
			fail("could not count the host's sessions: %v", err)
		} else if open > *e.MaxOpenSessions {
			fail("%d sessions still open on the host after the last operation, not going down for %s (at most %d allowed)", open, waited, *e.MaxOpenSessions)
		}
	}
	if left := globAll(ctx, t, e.FilesAbsent); len(left) > 0 {
		fail("%s left on the host", describeFiles(left))
	}
	for _, pattern := range e.FilesPresent {
		if got, _ := t.Glob(ctx, pattern); len(got) == 0 {
			fail("%s is missing on the host", pattern)
		}
	}
	switch e.Outcome {
	case scenarios.OutcomeSuccess:
		if first := firstError(finished); first != nil {
			fail("%d of %d operations failed; the first error: %v", v.Failed, len(finished), first)
		}
	case scenarios.OutcomeError:
		if slices.ContainsFunc(finished, func(r *OpResult) bool { return r.Err == nil }) {
			fail("an operation succeeded where a correct product reports an error")
		}
	}
	for _, m := range e.ErrorMentions {
		if i := slices.IndexFunc(finished, func(r *OpResult) bool { return r.Err != nil && !strings.Contains(r.Err.Error(), m) }); i >= 0 {
			fail("the error does not name the cause %q: %v", m, finished[i].Err)
		}
	}
	if e.Volumes != nil {
		if i := slices.IndexFunc(finished, func(r *OpResult) bool { return r.Err == nil && !reflect.DeepEqual(r.Volumes, e.Volumes) }); i >= 0 {
			fail("the physical volumes came back as %v, want %v", finished[i].Volumes, e.Volumes)
		}
	}
	for _, r := range finished {
		if e.Stdout != nil && r.Err == nil && r.Stdout != *e.Stdout {
			fail("the command printed %q, want %q", r.Stdout, *e.Stdout)
			break
		}
		if e.ExitStatus != nil && r.Err == nil && r.Exit != *e.ExitStatus {
			fail("the command exited %d, want %d", r.Exit, *e.ExitStatus)
			break
		}
	}
	if len(why) > 0 {
		return false, withClientError(why, finished)
	}
	note := ""
	if e.WithinFactor > 0 {
		note = fmt.Sprintf(" (%.1fx the healthy twin's %s; at most %gx allowed)", float64(v.Took)/float64(max(twinTook, 1)), twinTook.Round(time.Millisecond), e.WithinFactor)
	}
	return true, []string{fmt.Sprintf("%d operations done in %s%s%s", len(finished), v.Took.Round(time.Millisecond), note, warningsNote(finished))}
}

// HealthyTwin is s with its misbehaviour taken out: the same host, files,
// users and stimulus, with no faults and no rc files. Its run is what
// expect.within_factor measures s against.
func HealthyTwin(s *scenarios.Scenario) *scenarios.Scenario {
	twin := *s
	twin.Name = s.Name + " (healthy twin)"
	twin.Faults = nil
	twin.Expect = scenarios.Expect{}
	twin.Reference = scenarios.Reference{}
	twin.Host.Users = append(twin.Host.Users[:0:0], s.Host.Users...)
	for i := range twin.Host.Users {
		twin.Host.Users[i].RC = nil
	}
	return &twin
}

// timeRun replays s's stimulus on a fresh target of s, with a fresh client
// like the replay's, and returns how long it took; every operation must
// finish, or there is nothing to compare with.
func timeRun(ctx context.Context, s *scenarios.Scenario, cfg replayConfig) (time.Duration, error) {
	if cfg.twinStart == nil {
		return 0, fmt.Errorf("this replay cannot start a target to compare with (harness.WithTwin)")
	}
	t, err := cfg.twinStart(ctx, s)
	if err != nil {
		return 0, fmt.Errorf("start: %w", err)
	}
	defer t.Close()
	a := cfg.twinClient()
	run := runStimulus(ctx, s.Stimulus, t, a)
	a.Close()
	<-run.done
	if len(run.finished) < s.Stimulus.Count {
		return 0, fmt.Errorf("its operations did not finish either: %s", run.stuck)
	}
	if first := firstError(run.finished); first != nil {
		return 0, fmt.Errorf("an operation failed there too: %v", first)
	}
	return run.took, nil
}

// settleSessions counts the target's open sessions until there are at most
// want, or the count has not gone down for still (1s when zero) and for five
// of the target's own counts: sessions that close slowly on a busy machine
// still close (a count through docker exec that takes a second there stretches
// the wait to five), sessions a client left open stay. It returns the last
// count and how long it stood still.
func settleSessions(ctx context.Context, t Target, want int, still time.Duration) (int, time.Duration, error) {
	if still <= 0 {
		still = time.Second
	}
	count := func() (int, time.Duration, error) {
		start := time.Now()
		open, err := t.OpenSessions(ctx)
		return open, time.Since(start), err
	}
	tick := time.NewTicker(min(still/5, 200*time.Millisecond))
	defer tick.Stop()
	open, took, err := count()
	wait := max(still, 5*took)
	lowest, since := open, time.Now()
	for err == nil && open > want && time.Since(since) < wait {
		select {
		case <-ctx.Done():
			return open, time.Since(since), ctx.Err()
		case <-tick.C:
		}
		if open, took, err = count(); open < lowest {
			lowest, since = open, time.Now()
		}
		wait = max(wait, 5*took)
	}
	return open, wait, err
}

func expectedFor(s *scenarios.Scenario, client string) scenarios.Result {
	switch product.Profile(client) {
	case product.Legacy:
		return s.Reference.Legacy
	case product.Hardened:
		return s.Reference.Hardened
	}
	return ""
}

func firstError(rs []*OpResult) error {
	for _, r := range rs {
		if r.Err != nil {
			return r.Err
		}
	}
	return nil
}

func globAll(ctx context.Context, t Target, patterns []string) []string {
	var out []string
	for _, p := range patterns {
		got, _ := t.Glob(ctx, p)
		out = append(out, got...)
	}
	return out
}

// describeFiles says "3 files in /export/home/oracle/logs were" or names one.
func describeFiles(files []string) string {
	if len(files) == 1 {
		return files[0] + " was"
	}
	dirs := map[string]int{}
	for _, f := range files {
		dirs[path.Dir(f)]++
	}
	var parts []string
	for d, n := range dirs {
		parts = append(parts, fmt.Sprintf("%d files in %s", n, d))
	}
	sort.Strings(parts)
	return strings.Join(parts, ", ") + " were"
}

func warningsNote(rs []*OpResult) string {
	var ws []string
	for _, r := range rs {
		ws = append(ws, r.Warnings...)
	}
	if len(ws) == 0 {
		return ""
	}
	return fmt.Sprintf("; the client reported %d warning(s), the first: %s", len(ws), ws[0])
}
