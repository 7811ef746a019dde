package shell

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"mvdan.cc/sh/v3/interp"
	"mvdan.cc/sh/v3/syntax"

	"github.com/hostile-lab/hostile/simhost/vfs"
)

// Process substitution, `<(list)` and `>(list)`, as bash does it on Linux but
// in memory: the list runs with one end of a pipe, the shell holds the other
// as a descriptor (63, then 62, ...), and the word expands to /dev/fd/N, which
// the shell's redirects and the host's programs open through the shell's
// descriptor table. No FIFO, no real descriptor: the interpreter hands the
// whole job to this hook (third_party/mvdan-sh/PATCHES.md).

// pipeCapacity is what a Linux pipe buffers before a writer waits.
const pipeCapacity = 64 << 10

// memPipe is an in-memory pipe: bytes written wait in a bounded buffer until
// read; a read after every writer closed sees EOF, a write after every reader
// closed fails with EPIPE, as a real pipe's.
type memPipe struct {
	mu               sync.Mutex
	buf              []byte
	readers, writers int
	changed          chan struct{} // closed and replaced at every change
}

func newMemPipe() *memPipe { return &memPipe{changed: make(chan struct{})} }

// signal wakes every waiter; callers hold mu.
func (p *memPipe) signal() {
	close(p.changed)
	p.changed = make(chan struct{})
}

// end opens one more end of the pipe, held by no process in particular.
func (p *memPipe) end(write bool) *pipeEnd { return p.endUntil(context.Background(), write) }

// endUntil opens one more end of the pipe for the process whose context is
// owner: once it ends (killed, or its session gone), a read of the end that
// waits for data or a write that waits for room returns, as the process's
// own system call would end with it.
func (p *memPipe) endUntil(owner context.Context, write bool) *pipeEnd {
	p.mu.Lock()
	defer p.mu.Unlock()
	if write {
		p.writers++
	} else {
		p.readers++
	}
	return &pipeEnd{p: p, write: write, owner: owner}
}

// pipeEnd is one open end of a memPipe, as a descriptor is.
type pipeEnd struct {
	p     *memPipe
	write bool
	owner context.Context // see endUntil

	mu       sync.Mutex
	closed   bool
	deadline time.Time
}

func (e *pipeEnd) Read(b []byte) (int, error) {
	if e.write {
		return 0, syscall.EBADF
	}
	if len(b) == 0 {
		return 0, nil
	}
	p := e.p
	for {
		e.mu.Lock()
		deadline, closed := e.deadline, e.closed
		e.mu.Unlock()
		if closed {
			return 0, os.ErrClosed
		}
		p.mu.Lock()
		if len(p.buf) > 0 {
			n := copy(b, p.buf)
			p.buf = p.buf[n:]
			if len(p.buf) == 0 {
				p.buf = nil // let a drained buffer go
			}
			p.signal()
			p.mu.Unlock()
			return n, nil
		}
		if p.writers == 0 {
			p.mu.Unlock()
			return 0, io.EOF
		}
		wait := p.changed
		p.mu.Unlock()
		if deadline.IsZero() {
			select {
			case <-wait:
			case <-e.owner.Done():
				return 0, e.owner.Err()
			}
			continue
		}
		left := time.Until(deadline)
		if left <= 0 {
			return 0, os.ErrDeadlineExceeded
		}
		t := time.NewTimer(left)
		select {
		case <-wait:
		case <-t.C:
		case <-e.owner.Done():
			t.Stop()
			return 0, e.owner.Err()
		}
		t.Stop()
	}
}

func (e *pipeEnd) Write(b []byte) (int, error) { return e.writeUntil(nil, b) }

// writeUntil writes b, waiting for room until the end's owner or the writer
// (writer; nil: none but the owner) ends: then the write fails with EPIPE,
// which a program takes for its reader gone and ends on quietly.
func (e *pipeEnd) writeUntil(writer <-chan struct{}, b []byte) (int, error) {
	if !e.write {
		return 0, syscall.EBADF
	}
	p := e.p
	written := 0
	for written < len(b) {
		e.mu.Lock()
		closed := e.closed
		e.mu.Unlock()
		if closed {
			return written, os.ErrClosed
		}
		p.mu.Lock()
		if p.readers == 0 {
			p.mu.Unlock()
			return written, syscall.EPIPE
		}
		if room := pipeCapacity - len(p.buf); room > 0 {
			n := min(room, len(b)-written)
			p.buf = append(p.buf, b[written:written+n]...)
			written += n
			p.signal()
			p.mu.Unlock()
			continue
		}
		wait := p.changed
		p.mu.Unlock()
		select {
		case <-wait:
		case <-e.owner.Done():
			return written, syscall.EPIPE
		case <-writer:
			return written, syscall.EPIPE
		}
	}
	return written, nil
}

// SetReadDeadline makes a read in flight, and later ones, end at t: how the
// shell's read builtin and a cancelled program stop waiting.
func (e *pipeEnd) SetReadDeadline(t time.Time) error {
	e.mu.Lock()
	e.deadline = t
	e.mu.Unlock()
	e.p.mu.Lock()
	e.p.signal()
	e.p.mu.Unlock()
	return nil
}

// Close closes this end, once; the pipe's other side sees EOF or EPIPE when
// its last end on this side closes.
func (e *pipeEnd) Close() error {
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		return nil
	}
	e.closed = true
	e.mu.Unlock()
	p := e.p
	p.mu.Lock()
	if e.write {
		p.writers--
	} else {
		p.readers--
		if p.readers == 0 {
			p.buf = nil // nobody will read it
		}
	}
	p.signal()
	p.mu.Unlock()
	return nil
}

// fdTable is the descriptors a shell holds beyond 0, 1 and 2: the ends of its
// process substitutions. A program or shell it starts inherits them, so a
// lookup also walks the parent's.
type fdTable struct {
	parent *fdTable
	mu     sync.Mutex
	fds    map[int]*pipeEnd
}

func newFDTable(parent *fdTable) *fdTable { return &fdTable{parent: parent, fds: map[int]*pipeEnd{}} }

// firstProcSubstFD and lastProcSubstFD bound the numbers bash gives: 63 down.
const firstProcSubstFD, lastProcSubstFD = 63, 10

// add gives end the highest free number from 63 down, as bash does; false
// when none is left (bash's "Too many open files").
func (t *fdTable) add(end *pipeEnd) (int, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for n := firstProcSubstFD; n >= lastProcSubstFD; n-- {
		if _, used := t.fds[n]; used || t.parent.lookup(n) != nil {
			continue
		}
		t.fds[n] = end
		return n, true
	}
	return 0, false
}

func (t *fdTable) remove(n int) {
	t.mu.Lock()
	delete(t.fds, n)
	t.mu.Unlock()
}

// lookup finds descriptor n here or in an ancestor; nil when it is not open.
func (t *fdTable) lookup(n int) *pipeEnd {
	for ; t != nil; t = t.parent {
		t.mu.Lock()
		end := t.fds[n]
		t.mu.Unlock()
		if end != nil {
			return end
		}
	}
	return nil
}

// descriptorPath is the descriptor number a path names: /dev/fd/N or
// /proc/self/fd/N.
func descriptorPath(p string) (int, bool) {
	for _, prefix := range []string{"/dev/fd/", "/proc/self/fd/"} {
		if rest, ok := strings.CutPrefix(p, prefix); ok {
			n, err := strconv.Atoi(rest)
			return n, err == nil && n >= 0
		}
	}
	return 0, false
}

// open opens the pipe descriptor p names again, as opening /dev/fd/N does on
// Linux: a new end of the same pipe, reading unless flag asks to write.
func (t *fdTable) open(owner context.Context, p string, flag int) (*pipeEnd, bool) {
	n, ok := descriptorPath(p)
	if !ok {
		return nil, false
	}
	end := t.lookup(n)
	if end == nil {
		return nil, false
	}
	return end.p.endUntil(owner, flag&(syscall.O_WRONLY|syscall.O_RDWR) != 0), true
}

// procSubst is the interpreter's process substitution hook: a pipe in
// memory, the shell's end a descriptor until the command has finished.
func (sh *shellProc) procSubst(ctx context.Context, op syntax.ProcOperator) (interp.ProcSubstPipe, error) {
	p := newMemPipe()
	write := op == syntax.CmdOut // >(list): the shell's end writes
	shellEnd, listEnd := p.endUntil(ctx, write), p.endUntil(ctx, !write)
	n, ok := sh.fds.add(shellEnd)
	if !ok {
		shellEnd.Close()
		listEnd.Close()
		return interp.ProcSubstPipe{}, fmt.Errorf("process substitution: %s", strerror(sh.machine().P, syscall.EMFILE))
	}
	return interp.ProcSubstPipe{
		Path: "/dev/fd/" + strconv.Itoa(n),
		List: listEnd,
		Release: func() {
			sh.fds.remove(n)
			shellEnd.Close()
		},
	}, nil
}

// fifoInfo is what stat says of an open pipe descriptor: a FIFO, as on Linux.
func fifoInfo(n int, owner vfs.Cred) statInfo {
	return statInfo{&vfs.Info{Name: strconv.Itoa(n), Mode: fs.ModeNamedPipe | 0o600, UID: owner.UID, GID: owner.GID, Nlink: 1, ModTime: time.Now()}}
}

// OpenDescriptor opens name when it is one of the process's inherited pipe
// descriptors (/dev/fd/N, as a process substitution expands to); ok is false
// for any other name, which the caller opens on the filesystem.
func (p *Proc) OpenDescriptor(name string, flag int) (f io.ReadWriteCloser, ok bool) {
	if p.fds == nil {
		return nil, false
	}
	end, ok := p.fds.open(p.Ctx, p.Abs(name), flag)
	if !ok {
		return nil, false
	}
	if end.write {
		return descriptorWriter{ctx: p.Ctx, end: end}, true
	}
	return descriptorReader{ctx: p.Ctx, end: end}, true
}

// descriptorWriter is a pipe end a program writes, whose writes end when the
// program is cancelled: `kill -9` of a writer that waits for room ends it.
type descriptorWriter struct {
	ctx context.Context
	end *pipeEnd
}

func (w descriptorWriter) Write(b []byte) (int, error) { return w.end.writeUntil(w.ctx.Done(), b) }
func (w descriptorWriter) Read(b []byte) (int, error)  { return w.end.Read(b) }
func (w descriptorWriter) Close() error                { return w.end.Close() }

// writerFor is what a program started with ctx writes to for w: a pipe end's
// writes then end with the program, as they do when it is killed.
func writerFor(ctx context.Context, w io.Writer) io.Writer {
	if end, ok := w.(*pipeEnd); ok && end.write {
		return descriptorWriter{ctx: ctx, end: end}
	}
	return w
}

// descriptorReader is a pipe end a program reads, whose reads end when the
// program is cancelled.
type descriptorReader struct {
	ctx context.Context
	end *pipeEnd
}

func (r descriptorReader) Read(b []byte) (int, error) {
	return deadlineRead(r.ctx, r.end, b)
}
func (r descriptorReader) Write(b []byte) (int, error) { return r.end.Write(b) }
func (r descriptorReader) Close() error                { return r.end.Close() }

// deadlineReader is a reader whose blocked read a deadline ends.
type deadlineReader interface {
	io.Reader
	SetReadDeadline(time.Time) error
}

// deadlineRead reads f until ctx ends: the read deadline is moved to now, and
// put back after, so the next reader can still read the rest.
func deadlineRead(ctx context.Context, f deadlineReader, b []byte) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	fired := make(chan struct{})
	stop := context.AfterFunc(ctx, func() {
		f.SetReadDeadline(time.Now())
		close(fired)
	})
	n, err := f.Read(b)
	if !stop() {
		<-fired
		f.SetReadDeadline(time.Time{})
		if n == 0 {
			err = ctx.Err()
		}
	}
	return n, err
}
