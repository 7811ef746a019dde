package shell

import (
	"errors"
	"io"
	"sync"
	"syscall"
)

// stdoutTracker remembers the first error a write to a program's stdout met
// (a full disk under a redirection), as the C library's stream does.
type stdoutTracker struct {
	io.Writer
	mu  sync.Mutex
	err error
}

func (t *stdoutTracker) Write(b []byte) (int, error) {
	n, err := t.Writer.Write(b)
	t.remember(err)
	return n, err
}

// WriteString passes a string on uncopied when the writer takes strings (a
// command substitution's buffer: `x=$(yes)` copied every chunk yes wrote).
func (t *stdoutTracker) WriteString(s string) (int, error) {
	n, err := io.WriteString(t.Writer, s)
	t.remember(err)
	return n, err
}

func (t *stdoutTracker) remember(err error) {
	if err != nil {
		t.mu.Lock()
		if t.err == nil {
			t.err = err
		}
		t.mu.Unlock()
	}
}

func (t *stdoutTracker) failed() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.err
}

// trackStdout makes p's stdout remember its first write error.
func trackStdout(p *Proc) *stdoutTracker {
	t := &stdoutTracker{Writer: p.Stdout}
	p.Stdout = t
	return t
}

// closeStdout is what GNU programs do at exit (gnulib's close_stdout), and
// bash after a builtin: a write error the program did not report itself ends
// it with "PROG: write error: No space left on device" and status 1. report
// prints the message with the right prefix. A write to a pipe whose reader
// has gone is no message: the kernel kills the writer with SIGPIPE (status
// 141), silently, as `seq 100000 | head -1` shows.
func (t *stdoutTracker) closeStdout(p *Proc, code int, report func(msg string)) int {
	err := t.failed()
	if errors.Is(err, syscall.EPIPE) || errors.Is(err, io.ErrClosedPipe) {
		return 128 + int(syscall.SIGPIPE)
	}
	if err == nil || code != 0 {
		return code
	}
	report("write error: " + p.Strerror(err))
	return 1
}
