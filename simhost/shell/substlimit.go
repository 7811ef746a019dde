package shell

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"syscall"
)

// A command substitution collects its output in the shell's memory, as bash
// does: `x=$(yes)` grows until the host has no memory left. bash then dies
// with "bash: xrealloc: cannot allocate N bytes" and status 2 (seen on
// bookworm's bash 5.2 under `ulimit -v`). The simulated host holds a
// substitution's output to the host's SubstBytes and answers the same way once
// a program's output would go past it.

// errOutOfMemory ends the shell as bash's failed xrealloc does.
var errOutOfMemory = errors.New("xrealloc: cannot allocate")

// substWriter is a command substitution's buffer as one program writes to it.
type substWriter struct {
	mu    sync.Mutex
	b     *strings.Builder
	limit int64
	asked int64 // what the buffer would have grown to, once over the limit
}

// boundSubst wraps stdout when it is the interpreter's command substitution
// buffer; otherwise it returns stdout and nil.
func (sh *shellProc) boundSubst(stdout io.Writer) (io.Writer, *substWriter) {
	b, ok := stdout.(*strings.Builder)
	if !ok {
		return stdout, nil
	}
	w := &substWriter{b: b, limit: sh.machine().Desc.Limits.SubstBytes}
	return w, w
}

func (w *substWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.asked > 0 {
		return 0, syscall.EPIPE // the shell is gone: the writer's pipe is broken
	}
	if need := int64(w.b.Len()) + int64(len(p)); need > w.limit {
		w.asked = max(need, 2*int64(w.b.Cap())) // bash doubles its buffer
		return 0, syscall.EPIPE
	}
	return w.b.Write(p)
}

// outOfMemory reports whether w ran out; if it did, the shell says so on its
// stderr and dies: what it runs stops at the next command.
func (sh *shellProc) outOfMemory(w *substWriter) bool {
	if w == nil {
		return false
	}
	w.mu.Lock()
	asked := w.asked
	w.mu.Unlock()
	if asked == 0 {
		return false
	}
	fmt.Fprintf(sh.errw, "%s: xrealloc: cannot allocate %d bytes\n", strings.TrimPrefix(sh.argv0, "-"), asked)
	sh.kill(errOutOfMemory)
	return true
}
