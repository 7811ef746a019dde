package harness

import (
	"fmt"
	"strings"
)

// withClientError adds the first error the client saw to a failed verdict's
// why when no reason quotes it yet: a verdict that fails on time, files or
// sessions (as expected, or not) still shows what the client itself reported.
func withClientError(why []string, finished []*OpResult) []string {
	first := firstError(finished)
	if first == nil {
		return why
	}
	text := first.Error()
	for _, w := range why {
		if strings.Contains(w, text) {
			return why
		}
	}
	failed := 0
	for _, r := range finished {
		if r.Err != nil {
			failed++
		}
	}
	return append(why, fmt.Sprintf("the client saw %d error(s); the first: %s", failed, text))
}
