package harness

import (
	"context"
	"fmt"
	"path"
	"reflect"
	"sort"
	"strings"
	"time"

	"github.com/hostile-lab/hostile/scenarios"
	"github.com/hostile-lab/hostile/simhost"
	"github.com/hostile-lab/hostile/simhost/events"
)

// A product the lab does not drive (a Java service, a Python agent) is judged
// from what the host itself observed: the sessions it left open and whether
// they are stuck at a prompt, what it ran, the files it left. What only the
// product knows (the error it reported, the volumes it parsed) is judged when
// its test reports it, and otherwise said to be not judged, never guessed.

// ClientReport is what the product's own test saw, all optional: each field
// given lets the verdict judge the scenario's expectation that needs it.
type ClientReport struct {
	// Operations and Failed count what the product did and how much of it
	// returned an error.
	Operations int `json:"operations,omitempty"`
	Failed     int `json:"failed,omitempty"`
	// Errors are the errors the product reported, in its own words.
	Errors []string `json:"errors,omitempty"`
	// Outcome is what the product reported overall.
	Outcome scenarios.Outcome `json:"outcome,omitempty"`
	// Volumes are the physical volumes the product parsed.
	Volumes []scenarios.Volume `json:"volumes,omitempty"`
	// Stdout and ExitStatus are what the product's command returned.
	Stdout     *string `json:"stdout,omitempty"`
	ExitStatus *int    `json:"exit_status,omitempty"`
	// TookSeconds is how long the product's operations took, end to end, and
	// TwinTookSeconds how long the same took on the scenario's healthy twin
	// (its host without faults or rc files) in the same run: within_factor
	// bounds their ratio, never a number of seconds.
	TookSeconds     float64 `json:"took_seconds,omitempty"`
	TwinTookSeconds float64 `json:"twin_took_seconds,omitempty"`
}

// HostVerdict is the verdict on a product from the host's evidence.
type HostVerdict struct {
	Scenario string `json:"scenario"`
	Host     string `json:"host"`
	// Verdict is Pass or Fail.
	Verdict scenarios.Result `json:"verdict"`
	// Why says what was not achieved, in the sentences hostile replay uses,
	// or for a pass what was.
	Why []string `json:"why"`
	// NotJudged names the expectations that need the product's own report
	// and did not get it.
	NotJudged []string `json:"not_judged,omitempty"`
	// Notes qualify the verdict: commands the host does not emulate.
	Notes    []string `json:"notes,omitempty"`
	Evidence Evidence `json:"evidence"`
}

// Evidence is what the host observed of the product.
type Evidence struct {
	OpenSessions    []OpenSession  `json:"open_sessions"`
	PeakConnections int            `json:"peak_connections"`
	PeakSessions    int            `json:"peak_sessions"`
	Commands        int            `json:"commands"`
	FailedCommands  []CommandCount `json:"failed_commands,omitempty"`
	NotFound        []CommandCount `json:"not_found,omitempty"`
	FaultsFired     map[string]int `json:"faults_fired,omitempty"`
	FilesLeft       []string       `json:"files_left,omitempty"`
	FilesMissing    []string       `json:"files_missing,omitempty"`
}

// OpenSession is a session still open when the verdict was asked for.
type OpenSession struct {
	ID      uint64 `json:"id"`
	User    string `json:"user"`
	Command string `json:"command,omitempty"`
	// WaitingInputSeconds is how long a program of the session has been
	// blocked reading its stdin (a prompt nobody answers); 0 when it is not.
	WaitingInputSeconds float64 `json:"waiting_input_seconds,omitempty"`
}

// CommandCount is how often a command ended one way.
type CommandCount struct {
	Command string `json:"command"`
	Exit    int    `json:"exit"`
	Count   int    `json:"count"`
}

// JudgeHost judges s's expectations over what host h observed (as named
// name), once its sessions have settled as hostile replay lets them, and over
// the product's own report where it gives one.
func JudgeHost(ctx context.Context, name string, s *scenarios.Scenario, h *simhost.Host, report *ClientReport) HostVerdict {
	e := s.Expect
	t := &SimTarget{Host: h}
	waited := time.Duration(0)
	if e.MaxOpenSessions != nil {
		_, waited, _ = settleSessions(ctx, t, *e.MaxOpenSessions, e.Settle.D())
	}
	v := HostVerdict{Scenario: s.Name, Host: name, Evidence: observe(ctx, h, t, e)}
	ev := &v.Evidence
	var why []string
	fail := func(format string, args ...any) { why = append(why, fmt.Sprintf(format, args...)) }

	if e.MaxOpenSessions != nil && len(ev.OpenSessions) > *e.MaxOpenSessions {
		fail("%d sessions still open on the host after the last operation, not going down for %s (at most %d allowed)%s",
			len(ev.OpenSessions), waited, *e.MaxOpenSessions, waitingNote(ev.OpenSessions))
	}
	if len(ev.FilesLeft) > 0 {
		fail("%s left on the host", describeFiles(ev.FilesLeft))
	}
	for _, p := range ev.FilesMissing {
		fail("%s is missing on the host", p)
	}

	var notJudged []string
	need := func(expectation string, given bool) bool {
		if !given {
			notJudged = append(notJudged, expectation+" (only the product knows: send it in the report)")
		}
		return given
	}
	if f := e.WithinFactor; f > 0 && need("within_factor", report != nil && report.TookSeconds > 0 && report.TwinTookSeconds > 0) {
		if ratio := report.TookSeconds / report.TwinTookSeconds; ratio > f {
			fail("the operations took %.1fx as long as on the healthy twin (%.3fs against %.3fs), more than the %gx allowed",
				ratio, report.TookSeconds, report.TwinTookSeconds, f)
		}
	}
	switch e.Outcome {
	case scenarios.OutcomeSuccess:
		if need("outcome", report != nil && report.Outcome != "") && report.Outcome != scenarios.OutcomeSuccess {
			fail("%d of %d operations failed; the first error: %s", report.Failed, report.Operations, firstOr(report.Errors, "(the product gave no error text)"))
		}
	case scenarios.OutcomeError:
		if need("outcome", report != nil && report.Outcome != "") && report.Outcome != scenarios.OutcomeError {
			fail("an operation succeeded where a correct product reports an error")
		}
	}
	if len(e.ErrorMentions) > 0 && need("error_mentions", report != nil && len(report.Errors) > 0) {
	mentions:
		for _, m := range e.ErrorMentions {
			for _, text := range report.Errors {
				if !strings.Contains(text, m) {
					fail("the error does not name the cause %q: %s", m, text)
					break mentions
				}
			}
		}
	}
	if e.Volumes != nil && need("volumes", report != nil && (report.Volumes != nil || report.Outcome != "")) {
		if report.Outcome != scenarios.OutcomeError && !reflect.DeepEqual(report.Volumes, e.Volumes) {
			fail("the physical volumes came back as %v, want %v", report.Volumes, e.Volumes)
		}
	}
	if e.Stdout != nil && need("stdout", report != nil && report.Stdout != nil) && *report.Stdout != *e.Stdout {
		fail("the command printed %q, want %q", *report.Stdout, *e.Stdout)
	}
	if e.ExitStatus != nil && need("exit_status", report != nil && report.ExitStatus != nil) && *report.ExitStatus != *e.ExitStatus {
		fail("the command exited %d, want %d", *report.ExitStatus, *e.ExitStatus)
	}

	v.NotJudged = notJudged
	if len(ev.NotFound) > 0 {
		v.Notes = append(v.Notes, notFoundNote(ev.NotFound))
	}
	if len(why) == 0 {
		v.Verdict = scenarios.Pass
		why = []string{fmt.Sprintf("%d commands run on the host, at most %d connections and %d sessions at once, %d sessions left open",
			ev.Commands, ev.PeakConnections, ev.PeakSessions, len(ev.OpenSessions))}
	} else {
		v.Verdict = scenarios.Fail
	}
	v.Why = why
	return v
}

// observe gathers the host's evidence from its sessions, event log and files.
func observe(ctx context.Context, h *simhost.Host, t Target, e scenarios.Expect) Evidence {
	now := time.Now()
	ev := Evidence{OpenSessions: []OpenSession{}}
	for _, si := range h.Sessions() {
		o := OpenSession{ID: si.ID, User: si.User, Command: si.Command}
		if !si.WaitingInputSince.IsZero() {
			o.WaitingInputSeconds = now.Sub(si.WaitingInputSince).Round(time.Millisecond).Seconds()
		}
		ev.OpenSessions = append(ev.OpenSessions, o)
	}
	conns, sessions := 0, 0
	failed := map[CommandCount]int{}
	notFound := map[string]int{}
	for _, e := range h.Events().Events() {
		switch e.Kind {
		case events.ConnOpen:
			conns++
			ev.PeakConnections = max(ev.PeakConnections, conns)
		case events.ConnClose:
			conns--
		case events.SessionOpen:
			sessions++
			ev.PeakSessions = max(ev.PeakSessions, sessions)
		case events.SessionClose:
			sessions--
		case events.Command:
			ev.Commands++
			if e.Exit != 0 && len(e.Argv) > 0 {
				failed[CommandCount{Command: e.Argv[0], Exit: e.Exit}]++
			}
		case events.NotFound:
			ev.Commands++
			if len(e.Argv) > 0 {
				notFound[path.Base(e.Argv[0])]++
			}
		case events.FaultFired:
			if ev.FaultsFired == nil {
				ev.FaultsFired = map[string]int{}
			}
			ev.FaultsFired[e.Fault+" ("+e.FaultType+")"]++
		}
	}
	for c, n := range failed {
		c.Count = n
		ev.FailedCommands = append(ev.FailedCommands, c)
	}
	sort.Slice(ev.FailedCommands, func(i, j int) bool {
		a, b := ev.FailedCommands[i], ev.FailedCommands[j]
		return a.Count > b.Count || a.Count == b.Count && (a.Command < b.Command || a.Command == b.Command && a.Exit < b.Exit)
	})
	for name, n := range notFound {
		ev.NotFound = append(ev.NotFound, CommandCount{Command: name, Exit: 127, Count: n})
	}
	sort.Slice(ev.NotFound, func(i, j int) bool {
		return ev.NotFound[i].Count > ev.NotFound[j].Count || ev.NotFound[i].Count == ev.NotFound[j].Count && ev.NotFound[i].Command < ev.NotFound[j].Command
	})
	ev.FilesLeft = globAll(ctx, t, e.FilesAbsent)
	for _, pattern := range e.FilesPresent {
		if got, _ := t.Glob(ctx, pattern); len(got) == 0 {
			ev.FilesMissing = append(ev.FilesMissing, pattern)
		}
	}
	return ev
}

// waitingNote says how many of the open sessions are stuck reading input: a
// hang, not slowness.
func waitingNote(open []OpenSession) string {
	n, longest, command := 0, 0.0, ""
	for _, o := range open {
		if o.WaitingInputSeconds > 0 {
			n++
			if o.WaitingInputSeconds >= longest {
				longest, command = o.WaitingInputSeconds, o.Command
			}
		}
	}
	if n == 0 {
		return ""
	}
	return fmt.Sprintf("; %d of them blocked reading input (a prompt nobody answers), the longest for %s: %q",
		n, (time.Duration(longest * float64(time.Second))).Round(time.Second), command)
}

func notFoundNote(counts []CommandCount) string {
	total := 0
	var parts []string
	for _, c := range counts {
		total += c.Count
		parts = append(parts, fmt.Sprintf("%s (%d)", c.Command, c.Count))
	}
	return fmt.Sprintf("%d commands the simulated host does not know were run: %s: this verdict may not hold on a real host", total, strings.Join(parts, ", "))
}

func firstOr(list []string, def string) string {
	if len(list) > 0 {
		return list[0]
	}
	return def
}
