package shell

import (
	"errors"
	"io"
	"os"
	"syscall"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// The in-memory pipe behind process substitution behaves as a Linux pipe does
// for what the shell and its programs rely on.
func TestMemPipe(t *testing.T) {
	defer goleak.VerifyNone(t)

	t.Run("bytes arrive in order, then EOF once every writer closed", func(t *testing.T) {
		p := newMemPipe()
		w1, w2, r := p.end(true), p.end(true), p.end(false)
		go func() {
			w1.Write([]byte("ab"))
			w1.Close()
			w2.Write([]byte("c"))
			w2.Close()
		}()
		got, err := io.ReadAll(r)
		if err != nil || string(got) != "abc" {
			t.Fatalf("read %q, %v; want abc", got, err)
		}
	})

	t.Run("a write fails with EPIPE once every reader closed, also one waiting for room", func(t *testing.T) {
		p := newMemPipe()
		w, r := p.end(true), p.end(false)
		done := make(chan error)
		go func() {
			_, err := w.Write(make([]byte, 2*pipeCapacity)) // fills the buffer, then waits
			done <- err
		}()
		time.Sleep(10 * time.Millisecond)
		r.Close()
		if err := <-done; !errors.Is(err, syscall.EPIPE) {
			t.Fatalf("write after the reader closed: %v, want EPIPE", err)
		}
		w.Close()
	})

	t.Run("a read deadline ends a read that waits, and a later read still gets the data", func(t *testing.T) {
		p := newMemPipe()
		w, r := p.end(true), p.end(false)
		r.SetReadDeadline(time.Now().Add(20 * time.Millisecond))
		if _, err := r.Read(make([]byte, 1)); !errors.Is(err, os.ErrDeadlineExceeded) {
			t.Fatalf("read past its deadline: %v", err)
		}
		r.SetReadDeadline(time.Time{})
		w.Write([]byte("x"))
		w.Close()
		if got, _ := io.ReadAll(r); string(got) != "x" {
			t.Fatalf("read %q after the deadline was lifted, want x", got)
		}
	})

	t.Run("descriptors are numbered from 63 down, inherited, and freed", func(t *testing.T) {
		parent := newFDTable(nil)
		n1, _ := parent.add(newMemPipe().end(false))
		child := newFDTable(parent)
		n2, _ := child.add(newMemPipe().end(false))
		if n1 != 63 || n2 != 62 {
			t.Fatalf("numbers %d, %d; want 63, 62", n1, n2)
		}
		if _, ok := child.open("/dev/fd/63", 0); !ok {
			t.Fatal("a child shell does not see its parent's /dev/fd/63")
		}
		parent.remove(63)
		if _, ok := child.open("/proc/self/fd/63", 0); ok {
			t.Fatal("a closed descriptor still opens")
		}
	})
}
