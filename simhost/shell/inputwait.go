package shell

import (
	"sync"
	"time"
)

// A program blocked reading its session's stdin while the client sends nothing
// is how a prompt hangs a product (rm -i over ssh with stdin held open, the 001
// escalation). The host keeps since when a program of the session has been
// waiting for input, so a verdict can say "blocked on input" from evidence
// rather than guess from elapsed time. The shell itself waiting at its prompt
// for the next line is not counted: that is an idle login, not a program stuck.
type inputWaits struct {
	mu      sync.Mutex
	waiting int       // programs in a read of stdin now
	since   time.Time // when waiting last went from 0 to 1
}

func (w *inputWaits) start() {
	w.mu.Lock()
	if w.waiting == 0 {
		w.since = time.Now()
	}
	w.waiting++
	w.mu.Unlock()
}

func (w *inputWaits) end() {
	w.mu.Lock()
	w.waiting--
	w.mu.Unlock()
}

// BlockedOnInput reports since when a program of the session has been waiting
// in a read of the session's stdin with nothing to read, and whether one is now.
func (s *Session) BlockedOnInput() (since time.Time, blocked bool) {
	w := &s.in.waits
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.since, w.waiting > 0
}
