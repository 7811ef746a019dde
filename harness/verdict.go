package harness

import (
	"context"
	"fmt"
	"path"
	"reflect"
	"sort"
	"strings"
	"sync"
	"time"

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
	// Expected is the reference outcome for this client ("pass" or "fail"), or
	// "" when the scenario says nothing about it (an external client).
	Expected string
	Took     time.Duration
	// Ops counts operations started; Failed those that returned an error; Hung
	// those still running when the budget ran out.
	Ops, Failed, Hung int
	// Skipped says why the scenario did not run on this target (a real OS
	// cannot express it); nothing else is set then.
	Skipped string `json:",omitempty"`
	// NotEmulated counts, by program, what the product ran that the simulated
	// host does not emulate: the verdict may not hold on a real host.
	NotEmulated []ProgramCount `json:",omitempty"`
}

// AsExpected reports whether the verdict is what the scenario's reference says
// this client gets; a skipped replay is neither right nor wrong.
func (v Verdict) AsExpected() bool {
	return v.Skipped != "" || v.Expected == "" || (v.Expected == "pass") == v.Pass
}

// Result is "pass", "fail" or "skipped".
func (v Verdict) Result() string {
	if v.Skipped != "" {
		return "skipped"
	}
	if v.Pass {
		return "pass"
	}
	return "fail"
}

// defaultBudget bounds a stimulus whose scenario gives no time at all.
const defaultBudget = 30 * time.Second

// Replay runs s's stimulus through a against t, bounded by the scenario's own
// time limits, then checks what the scenario expects against the client's
// results and the host's state. It closes the adapter before returning, which
// ends whatever the client left hanging.
func Replay(ctx context.Context, s *scenarios.Scenario, t Target, a Adapter) Verdict {
	st := s.Stimulus
	v := Verdict{Scenario: s.Name, Client: a.Name(), Target: t.Kind(), Expected: expectedFor(s, a.Name())}
	budget := st.Timeout.D()
	if budget == 0 {
		budget = defaultBudget
		if w := s.Expect.Within.D(); w > 0 {
			budget = w + w/2
		}
	}
	runCtx, cancel := context.WithTimeout(ctx, budget)
	defer cancel()

	results := make([]*OpResult, st.Count)
	var resultsMu sync.Mutex // workers still write after the budget runs out
	var wg sync.WaitGroup
	next := make(chan int)
	start := time.Now()
	for w := 0; w < st.Concurrency; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range next {
				r := a.Do(runCtx, t, st, n)
				resultsMu.Lock()
				results[n-1] = &r
				resultsMu.Unlock()
			}
		}()
	}
	allDone := make(chan struct{})
	go func() {
		defer close(allDone)
		defer close(next)
		for n := 1; n <= st.Count; n++ {
			select {
			case next <- n:
			case <-runCtx.Done():
				return
			}
		}
	}()
	workersDone := make(chan struct{})
	go func() {
		<-allDone
		wg.Wait()
		close(workersDone)
	}()
	select {
	case <-workersDone:
	case <-runCtx.Done():
	}
	v.Took = time.Since(start)
	// What had finished within the budget; what ends later was hung.
	resultsMu.Lock()
	done := append([]*OpResult(nil), results...)
	resultsMu.Unlock()

	// The state the client left behind, read before it is closed.
	if settle := s.Expect.Settle.D(); settle > 0 {
		time.Sleep(settle)
	}
	var why []string
	fail := func(format string, args ...any) { why = append(why, fmt.Sprintf(format, args...)) }
	var finished []*OpResult
	for _, r := range done {
		if r != nil {
			finished = append(finished, r)
		}
	}
	v.Ops = st.Count
	v.Hung = st.Count - len(finished)
	for _, r := range finished {
		if r.Err != nil {
			v.Failed++
		}
	}
	e := s.Expect
	if v.Hung > 0 {
		fail("%d of %d operations had not finished after %s (the client waits on the host with no deadline)", v.Hung, st.Count, budget.Round(time.Millisecond))
	} else if w := e.Within.D(); w > 0 && v.Took > w {
		fail("the operations took %s, more than the %s allowed", v.Took.Round(time.Millisecond), w)
	}
	if e.MaxOpenSessions != nil {
		if open, err := t.OpenSessions(); err != nil {
			fail("could not count the host's sessions: %v", err)
		} else if open > *e.MaxOpenSessions {
			fail("%d sessions still open on the host %s after the last operation (at most %d allowed)", open, e.Settle.D(), *e.MaxOpenSessions)
		}
	}
	if left := globAll(t, e.FilesAbsent); len(left) > 0 {
		fail("%s left on the host", describeFiles(left))
	}
	for _, pattern := range e.FilesPresent {
		if got, _ := t.Glob(pattern); len(got) == 0 {
			fail("%s is missing on the host", pattern)
		}
	}
	switch e.Outcome {
	case "success":
		if first := firstError(finished); first != nil {
			fail("%d of %d operations failed; the first error: %v", v.Failed, len(finished), first)
		}
	case "error":
		for _, r := range finished {
			if r.Err == nil {
				fail("an operation succeeded where a correct product reports an error")
				break
			}
		}
	}
	for _, m := range e.ErrorMentions {
		for _, r := range finished {
			if r.Err != nil && !strings.Contains(r.Err.Error(), m) {
				fail("the error does not name the cause %q: %v", m, r.Err)
				break
			}
		}
	}
	if e.Volumes != nil {
		for _, r := range finished {
			if r.Err == nil && !reflect.DeepEqual(r.Volumes, e.Volumes) {
				fail("the physical volumes came back as %v, want %v", r.Volumes, e.Volumes)
				break
			}
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
	v.Pass = len(why) == 0
	if v.Pass {
		why = []string{fmt.Sprintf("%d operations done in %s%s", len(finished), v.Took.Round(time.Millisecond), warningsNote(finished))}
	}
	v.Why = why
	noteNotEmulated(&v, t)

	// Closing the client ends what it left hanging; wait for it, bounded.
	a.Close()
	select {
	case <-workersDone:
	case <-time.After(10 * time.Second):
		v.Why = append(v.Why, "the client's operations did not end within 10s of closing it")
	}
	return v
}

func expectedFor(s *scenarios.Scenario, client string) string {
	switch client {
	case "legacy":
		return s.Reference.Legacy
	case "hardened":
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

func globAll(t Target, patterns []string) []string {
	var out []string
	for _, p := range patterns {
		got, _ := t.Glob(p)
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
