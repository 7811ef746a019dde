package shell

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync/atomic"

	"mvdan.cc/sh/v3/interp"
)

// A command substitution collects its output in the shell's memory, as bash
// does, and so does the line `read` reads: `x=$(yes)`,
// `x=$(while :; do echo y; done)`, `x=$(<huge)` and a read of a line that never
// ends grow until the host has no memory left. bash then dies with
// "bash: xrealloc: cannot allocate N bytes" and status 2 (seen on bookworm's
// bash 5.2 under `ulimit -v`). The interpreter holds what the shell collects to
// the host's SubstBytes (third_party/mvdan-sh/PATCHES.md row 19) and asks
// outOfMemory once past it.

// errOutOfMemory ends the shell as bash's failed xrealloc does.
var errOutOfMemory = errors.New("xrealloc: cannot allocate")

// memoryBound is the interpreter's bound on what the shell collects.
func (sh *shellProc) memoryBound() interp.RunnerOption {
	var said atomic.Bool
	return interp.MemoryBound(sh.machine().Desc.Limits.SubstBytes, func(_ context.Context, asked int64) {
		if said.Swap(true) {
			return // the shell died once; a writer still running says nothing more
		}
		fmt.Fprintf(sh.errw, "%s: xrealloc: cannot allocate %d bytes\n", strings.TrimPrefix(sh.argv0, "-"), asked)
		sh.kill(errOutOfMemory)
	})
}

// newPipe is a pipe of a pipeline, in memory (procsubst.go's memPipe): a real
// one would be two of the server's descriptors per pipe, which a fork bomb of
// pipelines exhausts for everyone. Each end is its process's: a read or write
// that waits ends with it.
func newPipe(reader, writer context.Context) (interp.PipeReader, io.WriteCloser) {
	p := newMemPipe()
	return p.endUntil(reader, false), p.endUntil(writer, true)
}
