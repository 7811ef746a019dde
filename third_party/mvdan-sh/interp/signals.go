// Patched for hostile (see ../PATCHES.md): the signals a shell ignores, as
// the kernel keeps them for its processes. `trap '' SIG` makes the signal
// ignored in the shell and in every program it starts (exec keeps SIG_IGN,
// resets a caught signal); a shell started with a signal ignored cannot
// trap it (POSIX's non-interactive shell); a background job of a shell
// without job control ignores INT and QUIT. The host learns the set of each
// of its processes from HandlerContext.IgnoredSignals and SignalsHandler.

package interp

import (
	"context"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// maskINT and maskQUIT are SIGINT's and SIGQUIT's bits in a signal set (bit
// n-1 for signal n, as /proc/PID/status's SigIgn).
const maskINT, maskQUIT = 1 << (2 - 1), 1 << (3 - 1)

// signalHooks are a runner's ignored signals beyond its traps.
type signalHooks struct {
	// entry are those ignored when the shell started.
	entry uint64
	// async are INT and QUIT in a background job's subshell, and forking is
	// set while the runner forks one (its handler context says so).
	async   uint64
	forking bool
	// listedOnly are the caught traps a bash subshell lists but no longer
	// has (subshellTraps).
	listedOnly map[int]bool
	changed    func(ctx context.Context, ignored uint64)
}

// IgnoredSignals sets the signals the shell's process had ignored when it
// started, its parent's SIG_IGN that exec kept (bit n-1 for signal n): they
// stay ignored whatever trap asks. bash lists them with an empty action (trap -p),
// and refuses to trap them silently; dash lists what trap set, and keeps
// them ignored.
func IgnoredSignals(mask uint64) RunnerOption {
	return func(r *Runner) error {
		r.sandbox.signals.entry = mask
		return nil
	}
}

// SignalsHandler is told the signals the shell's process ignores each time
// trap changes them; ctx includes the [HandlerContext] of the trap builtin
// (a subshell's, for a trap a subshell ran).
func SignalsHandler(f func(ctx context.Context, ignored uint64)) RunnerOption {
	return func(r *Runner) error {
		r.sandbox.signals.changed = f
		return nil
	}
}

// ignoredSignals is the set of signals the runner's process ignores, which
// a program it starts inherits.
func (r *Runner) ignoredSignals() uint64 {
	mask := r.sandbox.signals.entry | r.sandbox.signals.async
	for n, cmd := range r.sandbox.traps {
		if n > 0 && n <= 64 && *cmd == "" {
			mask |= 1 << (n - 1)
		}
	}
	if r.sandbox.signals.forking && !r.jobControl() {
		mask |= maskINT | maskQUIT
	}
	return mask
}

// jobControl is whether the shell has job control: an interactive one.
func (r *Runner) jobControl() bool {
	return r.sandbox.dialect != nil && r.sandbox.dialect.Interactive
}

// entryIgnored is whether signal n was ignored when the shell started.
func (r *Runner) entryIgnored(n int) bool {
	return n > 0 && n <= 64 && r.sandbox.signals.entry&(1<<(n-1)) != 0
}

// forkAsync is forkSubshell for a background job st: in a shell without
// job control its process ignores INT and QUIT, as bash and dash make it.
// The programs it starts inherit that in dash; in bash only a simple
// command's program does, bash restoring the signals it started with for a
// ( list ) or { list; } job's programs. Its standard input is /dev/null
// (POSIX's asynchronous list; a redirection of its own still applies).
func (r *Runner) forkAsync(ctx context.Context, st *syntax.Stmt) (*Runner, ForkedProcess, bool) {
	r.sandbox.signals.forking = true
	r2, p, ok := r.forkSubshell(ctx, true, st)
	r.sandbox.signals.forking = false
	if !ok || r.jobControl() {
		return r2, p, ok
	}
	if _, simple := st.Cmd.(*syntax.CallExpr); simple || r.dashDialect() {
		r2.sandbox.signals.async = maskINT | maskQUIT
	}
	if r.sandbox.dialect != nil {
		r2.stdin = nonBlockingStdin{strings.NewReader("")}
	}
	return r2, p, ok
}

// subshellTraps gives the subshell r2 the traps it keeps: the ignored
// signals. A caught one is reset to its default in the child; dash no
// longer lists it, bash does until the subshell's first trap.
func (r *Runner) subshellTraps(r2 *Runner) {
	r2.sandbox.traps, r2.sandbox.signals.listedOnly = nil, nil
	for n, cmd := range r.sandbox.traps {
		if *cmd != "" && (r.dashDialect() || r.sandbox.dialect == nil) {
			continue
		}
		if r2.sandbox.traps == nil {
			r2.sandbox.traps = map[int]*string{}
		}
		r2.sandbox.traps[n] = cmd
		if *cmd != "" {
			if r2.sandbox.signals.listedOnly == nil {
				r2.sandbox.signals.listedOnly = map[int]bool{}
			}
			r2.sandbox.signals.listedOnly[n] = true
		}
	}
}

// forgetInherited drops the caught traps a bash subshell listed since its
// parent: its first trap does.
func (r *Runner) forgetInherited() {
	for n := range r.sandbox.signals.listedOnly {
		delete(r.sandbox.traps, n)
	}
	r.sandbox.signals.listedOnly = nil
}

// signalsChanged tells the host of the signals now ignored, when trap has
// changed them from before.
func (r *Runner) signalsChanged(ctx context.Context, before uint64) {
	if now := r.ignoredSignals(); now != before && r.sandbox.signals.changed != nil {
		r.sandbox.signals.changed(r.handlerCtx(ctx, handlerKindCall, syntax.Pos{}), now)
	}
}
