// Patched for hostile (see ../PATCHES.md, rows 19 to 21): what the shell
// itself holds in memory is bounded by its host, the pipes of a pipeline are
// the host's, never real descriptors, and $! is a process of the host's.

package interp

import (
	"context"
	"errors"
	"io"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// OutOfMemoryFunc is called once the shell would hold more than its bound:
// asked is the size its buffer would have grown to. bash then dies with
// "xrealloc: cannot allocate N bytes"; the host says so and ends the shell.
type OutOfMemoryFunc func(ctx context.Context, asked int64)

// MemoryBound bounds what the shell itself collects: the output of a command
// substitution (from builtins, programs and `$(<file)` alike) and the line the
// read builtin reads. Past limit bytes, outOfMemory is called, the writer into
// the substitution fails with EPIPE and read fails. Without it, both grow
// without bound.
func MemoryBound(limit int64, outOfMemory OutOfMemoryFunc) RunnerOption {
	return func(r *Runner) error {
		r.sandbox.bounds.memory = limit
		r.sandbox.bounds.outOfMemory = outOfMemory
		return nil
	}
}

// PipeHandlerFunc makes the pipe between two elements of a pipeline (and the
// one a here-document is read from): the reader must have SetReadDeadline so
// that a blocked read can be cancelled. reader and writer are the contexts of
// the processes that use each end: a read that waits for data must return
// once reader ends, a write that waits for room once writer ends (killed, or
// the whole Run cancelled), whether or not the other end is closed.
type PipeHandlerFunc func(reader, writer context.Context) (PipeReader, io.WriteCloser)

// PipeReader is the reading end of a [PipeHandlerFunc]'s pipe.
type PipeReader interface {
	io.ReadCloser
	SetReadDeadline(t time.Time) error
}

// PipeHandler sets the handler that makes the interpreter's pipes. Without
// one, they are OS pipes, each two real descriptors.
func PipeHandler(f PipeHandlerFunc) RunnerOption {
	return func(r *Runner) error {
		r.sandbox.bounds.pipe = f
		return nil
	}
}

type boundHooks struct {
	memory      int64
	outOfMemory OutOfMemoryFunc
	pipe        PipeHandlerFunc
}

// newPipe makes a pipe through the handler, else an OS pipe.
func (r *Runner) newPipe(reader, writer context.Context) (stdinFile, io.WriteCloser, error) {
	if r.sandbox.bounds.pipe != nil {
		pr, pw := r.sandbox.bounds.pipe(reader, writer)
		return pr, pw, nil
	}
	return newOSPipe()
}

// errOutOfMemory is what read and a substitution's writers get past the bound.
var errOutOfMemory = errors.New("cannot allocate memory")

// outOfMemory reports whether holding size bytes is past the bound; if it is,
// it tells the host once per call, with what bash's doubling buffer would ask.
func (r *Runner) outOfMemory(ctx context.Context, size, capacity int64) bool {
	b := r.sandbox.bounds
	if b.outOfMemory == nil || size <= b.memory {
		return false
	}
	b.outOfMemory(ctx, max(size, 2*capacity))
	return true
}

// substBuffer is a command substitution's buffer as every writer into it sees
// it: the subshell's builtins, its programs, `$(<file)`. Up to
// substDirectBytes go straight into the substitution's builder; past that,
// output is kept in fixed chunks and copied into the builder once, at the
// end (substDone). Why: a builder that grows by appending copies itself at
// every growth (Go grows a large slice by 1.25x), so filling 32 MiB allocated
// about 165 MiB and the process's peak stood near 5 times the bound, for
// `x=$(yes)` (measured with -memprofile on the abuse suite); in chunks the
// shell holds the bound, once.
type substBuffer struct {
	r   *Runner
	ctx context.Context
	b   *strings.Builder

	mu     sync.Mutex
	full   bool     // past the bound: the shell is gone
	done   bool     // the substitution has ended: its reader is gone
	chunks [][]byte // what came past substDirectBytes, each substChunkBytes long but the last
	size   int      // what b and chunks hold
}

// substDirectBytes is what a substitution keeps in its builder as it comes:
// most outputs, with one allocation as before. substChunkBytes is the size of
// each chunk past it.
const substDirectBytes, substChunkBytes = 64 << 10, 1 << 20

// boundSubst wraps w, the substitution's buffer, when the shell has a bound.
func (r *Runner) boundSubst(ctx context.Context, w io.Writer) io.Writer {
	b, ok := w.(*strings.Builder)
	if !ok || r.sandbox.bounds.outOfMemory == nil {
		return w
	}
	return &substBuffer{r: r, ctx: ctx, b: b}
}

func (w *substBuffer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if err := w.room(len(p)); err != nil {
		return 0, err
	}
	if len(w.chunks) == 0 && w.size+len(p) <= substDirectBytes {
		w.b.Write(p)
	} else {
		w.appendChunks(p)
	}
	w.size += len(p)
	return len(p), nil
}

// WriteString spares io.WriteString's copy of s (yes writes strings).
func (w *substBuffer) WriteString(s string) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if err := w.room(len(s)); err != nil {
		return 0, err
	}
	if len(w.chunks) == 0 && w.size+len(s) <= substDirectBytes {
		w.b.WriteString(s)
	} else {
		for rest := s; len(rest) > 0; {
			last := w.lastChunk()
			k := min(len(rest), substChunkBytes-len(*last))
			*last = append(*last, rest[:k]...)
			rest = rest[k:]
		}
	}
	w.size += len(s)
	return len(s), nil
}

// room fails a write of n bytes once the substitution is over or past the
// bound; callers hold mu.
func (w *substBuffer) room(n int) error {
	if w.full || w.done {
		return syscall.EPIPE // the shell is gone, or no longer reads: the writer's pipe is broken
	}
	if w.r.outOfMemory(w.ctx, int64(w.size+n), int64(max(w.size, w.b.Cap()))) {
		w.full = true
		return syscall.EPIPE
	}
	return nil
}

// appendChunks adds p to the chunks, filling the last one first.
func (w *substBuffer) appendChunks(p []byte) {
	for len(p) > 0 {
		last := w.lastChunk()
		k := min(len(p), substChunkBytes-len(*last))
		*last = append(*last, p[:k]...)
		p = p[k:]
	}
}

// lastChunk is the chunk with room left, a new one when the last is full.
func (w *substBuffer) lastChunk() *[]byte {
	if n := len(w.chunks); n == 0 || len(w.chunks[n-1]) == substChunkBytes {
		w.chunks = append(w.chunks, make([]byte, 0, substChunkBytes))
	}
	return &w.chunks[len(w.chunks)-1]
}

// substDone ends the substitution that w collects, when it is a
// substBuffer: what the chunks hold goes into the builder, with one
// allocation of the exact size; later writers get EPIPE. It returns
// errOutOfMemory if the buffer went past the bound, else err.
func substDone(w io.Writer, err error) error {
	b, ok := w.(*substBuffer)
	if !ok {
		return err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.done = true
	chunks := b.chunks
	b.chunks = nil
	if b.full {
		return errOutOfMemory
	}
	if len(chunks) > 0 {
		b.b.Grow(b.size - b.b.Len())
		for _, c := range chunks {
			b.b.Write(c)
		}
	}
	return err
}

// name is what $! expands to for the job, the nth the runner started: its
// process on the host, or upstream's "gN" without a fork handler.
func (bg bgProc) name(n int) string {
	if bg.pid != 0 {
		return strconv.Itoa(bg.pid)
	}
	return "g" + strconv.Itoa(n)
}

// bgProcByName finds the job wait names by $!'s value.
func (r *Runner) bgProcByName(name string) (bgProc, bool) {
	for i, bg := range r.bgProcs {
		if bg.name(i+1) == name {
			return bg, true
		}
	}
	return bgProc{}, false
}
