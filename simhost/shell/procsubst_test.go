package shell

import (
	"context"
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

	t.Run("a write waiting for room and a read waiting for data return once their process ends, the other end still open", func(t *testing.T) {
		// As `yes | sleep 100` when the session ends or yes is killed: the
		// reader neither reads nor closes, and the writer must not wait on it.
		p := newMemPipe()
		writerCtx, killWriter := context.WithCancel(context.Background())
		readerCtx, killReader := context.WithCancel(context.Background())
		w, r := p.endUntil(writerCtx, true), p.endUntil(readerCtx, false)
		wrote := make(chan error)
		go func() {
			_, err := w.Write(make([]byte, 2*pipeCapacity)) // fills the buffer, then waits
			wrote <- err
		}()
		killWriter()
		if err := <-wrote; !errors.Is(err, syscall.EPIPE) {
			t.Fatalf("write of a killed writer: %v, want EPIPE", err)
		}
		q := newMemPipe()
		idle, empty := q.endUntil(context.Background(), true), q.endUntil(readerCtx, false)
		read := make(chan error)
		go func() {
			_, err := empty.Read(make([]byte, 1))
			read <- err
		}()
		killReader()
		if err := <-read; !errors.Is(err, context.Canceled) {
			t.Fatalf("read of a killed reader: %v, want context.Canceled", err)
		}
		// A program's writes end with the program, whoever owns the end.
		shared := newMemPipe()
		end, holder := shared.end(true), shared.end(false)
		prog, killProg := context.WithCancel(context.Background())
		go func() {
			_, err := writerFor(prog, end).Write(make([]byte, 2*pipeCapacity))
			wrote <- err
		}()
		killProg()
		if err := <-wrote; !errors.Is(err, syscall.EPIPE) {
			t.Fatalf("write of a killed program: %v, want EPIPE", err)
		}
		for _, c := range []io.Closer{w, r, idle, empty, end, holder} {
			c.Close()
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
		if _, ok := child.open(context.Background(), "/dev/fd/63", 0); !ok {
			t.Fatal("a child shell does not see its parent's /dev/fd/63")
		}
		parent.remove(63)
		if _, ok := child.open(context.Background(), "/proc/self/fd/63", 0); ok {
			t.Fatal("a closed descriptor still opens")
		}
	})
}
