// Package syncbuf is a buffer that several goroutines may write while
// another reads it: a pipeline's stdout and stderr, a child's log, what a
// session writes while a spec waits for it.
package syncbuf

import "sync"

// Buffer collects what is written to it; its zero value is empty and ready.
type Buffer struct {
	mu  sync.Mutex
	buf []byte
}

// Write appends p; it never fails.
func (b *Buffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf = append(b.buf, p...)
	return len(p), nil
}

// String is everything written so far.
func (b *Buffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return string(b.buf)
}

// Len is how many bytes have been written so far.
func (b *Buffer) Len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.buf)
}
