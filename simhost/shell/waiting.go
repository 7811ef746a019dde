package shell

import (
	"sync"
	"time"
)

// waiting tells whether a program of the session is blocked reading the
// session's stdin, and since when: the evidence that a command hangs on a
// prompt rather than runs slowly. A read that returns at once counts too,
// but only for as long as it takes.
type waiting struct {
	mu      sync.Mutex
	readers int
	since   time.Time
}

// begin marks a read of the session's stdin as started; call what it returns
// when the read ends.
func (w *waiting) begin() (end func()) {
	w.mu.Lock()
	if w.readers == 0 {
		w.since = time.Now()
	}
	w.readers++
	w.mu.Unlock()
	return func() {
		w.mu.Lock()
		w.readers--
		w.mu.Unlock()
	}
}

// WaitingForInput reports whether a program of the session is reading its
// stdin now, and since when it has been.
func (s *Session) WaitingForInput() (since time.Time, ok bool) {
	s.waiting.mu.Lock()
	defer s.waiting.mu.Unlock()
	return s.waiting.since, s.waiting.readers > 0
}
