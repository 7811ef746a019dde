package harness

import (
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/hostile-lab/hostile/simhost/events"
)

// ProgramCount is how many times a program the simulated host does not
// emulate (or one of its options) was run.
type ProgramCount struct {
	Program string `json:"program"`
	Count   int    `json:"count"`
}

// NotEmulated counts the not-emulated events in a host's log by program,
// most frequent first; nil for a target with no log (a real OS).
func NotEmulated(log *events.Log) []ProgramCount {
	if log == nil {
		return nil
	}
	counts := map[string]int{}
	for _, e := range log.OfKind(events.NotEmulated) {
		name := "?"
		if len(e.Argv) > 0 {
			name = path.Base(e.Argv[0])
		}
		counts[name]++
	}
	out := make([]ProgramCount, 0, len(counts))
	for name, n := range counts {
		out = append(out, ProgramCount{name, n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Program < out[j].Program
	})
	if len(out) == 0 {
		return nil
	}
	return out
}

// NotEmulatedNote is the sentence a verdict carries when the product ran what
// the simulated host does not emulate, "" when it did not.
func NotEmulatedNote(counts []ProgramCount) string {
	if len(counts) == 0 {
		return ""
	}
	total := 0
	var parts []string
	for _, c := range counts {
		total += c.Count
		parts = append(parts, fmt.Sprintf("%s (%d)", c.Program, c.Count))
	}
	noun, verb := "commands", "were"
	if total == 1 {
		noun, verb = "command", "was"
	}
	return fmt.Sprintf("%d %s the simulated host does not emulate %s run: %s: this verdict may not hold on a real host",
		total, noun, verb, strings.Join(parts, ", "))
}

// noteNotEmulated adds to v what the host did not emulate, from its log.
func noteNotEmulated(v *Verdict, t Target) {
	v.NotEmulated = NotEmulated(t.Events())
	if note := NotEmulatedNote(v.NotEmulated); note != "" {
		v.Why = append(v.Why, note)
	}
}
