// Patched for hostile (see ../PATCHES.md, row 18): every subshell bash would
// fork asks the host for its process first, so that a user's subshells count
// against his process limit and a fork bomb meets it as on a real host.

package interp

import (
	"context"
	"errors"
	"strconv"

	"mvdan.cc/sh/v3/syntax"
)

// ForkedProcess is the process a [ForkHandlerFunc] made for a subshell.
type ForkedProcess struct {
	// Ctx is what the subshell runs with; the handlers it calls get it
	// (wrapped with their [HandlerContext]). Cancelling it ends the subshell;
	// with a cause that is an [ExitStatus], that is the subshell's status, as
	// a signal's 128+N is in bash.
	Ctx context.Context
	// PID is the subshell's $BASHPID.
	PID int
	// Release ends the process; the runner calls it once the subshell has
	// ended (for `&`, when the background job ends).
	Release func()
	// Signal is the signal that killed the process (or the program that
	// replaced it), 0 if none did; nil when the host does not say. wait's
	// job line tells it (jobs.go).
	Signal func() int
	// Started, when not nil, is called in the parent once a background
	// job's subshell runs, before the parent goes on: the host holds the
	// parent until the program the job execs has replaced the subshell, as
	// bash's child execs while its parent is still forking the next command
	// (`cmd & ps -p $!` shows cmd, not bash).
	Started func()
}

// ForkHandlerFunc makes the process of a subshell that will run stmts: a
// background job, an element of a pipeline, ( list ), $(list) and a process
// substitution's list. It is called in the parent, before the subshell
// starts; the context includes a [HandlerContext] value. When it fails, as
// bash gives up after fork's retries, the statement that needed the subshell
// ends the runner with the error as a fatal one: the handler says why on its
// own, the runner prints nothing more.
type ForkHandlerFunc func(ctx context.Context, stmts []*syntax.Stmt) (ForkedProcess, error)

// ForkHandler sets the fork handler. Without one, subshells are only
// goroutines of the interpreter and nothing counts them.
func ForkHandler(f ForkHandlerFunc) RunnerOption {
	return func(r *Runner) error {
		r.sandbox.fork = f
		return nil
	}
}

// forkFailed wraps a fork handler's error so that the expansion which needed
// the subshell ($(list), <(list)) ends the runner without printing it again.
type forkFailed struct{ err error }

func (e *forkFailed) Error() string { return e.err.Error() }
func (e *forkFailed) Unwrap() error { return e.err }

// forkProcess asks the fork handler for the process of a subshell running
// stmts. ok is false when the handler failed; the runner's exit is then
// fatal with its error. Without a handler the subshell runs with ctx.
func (r *Runner) forkProcess(ctx context.Context, stmts ...*syntax.Stmt) (p ForkedProcess, ok bool) {
	if r.sandbox.fork == nil {
		return ForkedProcess{Ctx: ctx, Release: func() {}}, true
	}
	var pos syntax.Pos
	if len(stmts) > 0 {
		pos = stmts[0].Pos()
	}
	p, err := r.sandbox.fork(r.handlerCtx(ctx, handlerKindFork, pos), stmts)
	if err != nil {
		r.exit.fatal(err)
		return ForkedProcess{}, false
	}
	return p, true
}

// forkSubshell is subshell for a subshell bash forks: p's process is made
// first, and the copy runs as it ($BASHPID, and its own $(...) under p.Ctx).
func (r *Runner) forkSubshell(ctx context.Context, background bool, stmts ...*syntax.Stmt) (*Runner, ForkedProcess, bool) {
	p, ok := r.forkProcess(ctx, stmts...)
	if !ok {
		return nil, p, false
	}
	r2 := r.subshell(background)
	if r.sandbox.fork != nil {
		r2.sandbox.bashPID = p.PID
		r2.fillExpandConfig(p.Ctx)
	}
	return r2, p, true
}

// endedBy makes a subshell that ended because p.Ctx was cancelled (its
// process killed) end with the cancellation's status, not as a fatal error
// of its parent; it leaves a parent whose own ctx ended alone.
func (e *exitStatus) endedBy(parent context.Context, p ForkedProcess) {
	if parent.Err() != nil || p.Ctx.Err() == nil || !e.fatalExit {
		return
	}
	code := uint8(1)
	if status, ok := errors.AsType[ExitStatus](context.Cause(p.Ctx)); ok {
		code = uint8(status)
	}
	*e = exitStatus{code: code}
}

// forkedFor is the pipeline a runner's process was forked to run (a
// background `a | b &`, or `a | b` as the left of `a | b | c`): bash forks
// each element of a pipeline from the shell that runs it, so that process
// is the pipeline's last element, and the others are forked from parent.
type forkedFor struct {
	pipeline syntax.Command
	parent   context.Context
}

// pipelineOf is what a process forked in ctx to run st runs in its place.
func pipelineOf(ctx context.Context, st *syntax.Stmt) forkedFor {
	if bin, ok := st.Cmd.(*syntax.BinaryCmd); ok && (bin.Op == syntax.Pipe || bin.Op == syntax.PipeAll) {
		return forkedFor{pipeline: bin, parent: ctx}
	}
	return forkedFor{}
}

// bashPIDVar is $BASHPID: the subshell's process, else the shell's own ($$).
func (r *Runner) bashPIDVar() string {
	if r.sandbox.bashPID != 0 {
		return strconv.Itoa(r.sandbox.bashPID)
	}
	return r.idVar(func(id *Identity) int { return id.PID })
}
