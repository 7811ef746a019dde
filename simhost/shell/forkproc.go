package shell

import (
	"context"
	"sync"
	"sync/atomic"

	"mvdan.cc/sh/v3/interp"
	"mvdan.cc/sh/v3/syntax"
)

// forkedShell is a subshell's process in the host's table: a background job,
// an element of a pipeline, ( list ), $(list), <(list). The commands it runs
// are its children, and the last of them takes its place, as bash execs it
// in the forked child rather than fork again.
type forkedShell struct {
	pid     int
	inPlace inPlace
	// killedBy is the signal kill sent to its process, or to the program
	// that replaced it (Session.start), for wait's job line.
	killedBy atomic.Int32
	// shell is the context of the shell that forked the first subshell of
	// the chain: every subshell's derives from it, not from its parent's,
	// so that a child outlives its parent as a process does.
	shell context.Context
	// settled closes when the subshell has started its first command (a
	// program's process, a builtin or a function) or ended: the parent of
	// a background simple command waits for it (settledOnce closes it).
	settled     chan struct{}
	settledOnce sync.Once
}

// settle marks the subshell's first command started; the parent waiting in
// Started goes on.
func (f *forkedShell) settle() { f.settledOnce.Do(func() { close(f.settled) }) }

// forkedShellOf is the subshell ctx runs in, nil in the shell itself.
func forkedShellOf(ctx context.Context) *forkedShell {
	f, _ := ctx.Value(forkedShellKey{}).(*forkedShell)
	return f
}

// forkedShellKey carries the *forkedShell in the context its subshell runs with.
type forkedShellKey struct{}

// forkSubshell is the interpreter's fork handler: the subshell is a process of
// the user's, held to his process limit with bash's retries and messages
// (Session.fork; root has no limit), shown by ps as the shell, killed by
// kill. It ends when the interpreter releases it.
func (sh *shellProc) forkSubshell(ctx context.Context, stmts []*syntax.Stmt) (interp.ForkedProcess, error) {
	tty := "?"
	if sh.sess.opts.TTY {
		tty = "pts/0"
	}
	parent, _ := sh.process(ctx)
	base := ctx
	if f, ok := ctx.Value(forkedShellKey{}).(*forkedShell); ok {
		base = f.shell
	}
	sub, cancel := context.WithCancelCause(base)
	f := &forkedShell{shell: base, settled: make(chan struct{})}
	hc := interp.HandlerCtx(ctx)
	entry, err := sh.sess.fork(ctx, execRequest{
		account: sh.acct, argv: []string{sh.argv0}, ppid: parent, umask: sh.umask.get(hc), exe: sh.sess.realpath(sh.acct.Shell),
		limits: sh.limits, ignored: hc.IgnoredSignals,
	}, tty, func(sig int) {
		f.killedBy.Store(int32(sig))
		cancel(interp.ExitStatus(128 + sig))
	})
	if err != nil {
		cancel(nil)
		return interp.ForkedProcess{}, err
	}
	f.pid = entry.PID
	f.inPlace.arm(execedInPlace(jobList(stmts)))
	var once sync.Once
	proc := interp.ForkedProcess{
		Ctx: context.WithValue(sub, forkedShellKey{}, f),
		PID: entry.PID,
		Release: func() {
			once.Do(func() {
				f.settle()
				cancel(nil)
				sh.machine().Procs.Exit(entry.PID)
			})
		},
		Signal: func() int { return int(f.killedBy.Load()) },
	}
	if startsAtOnce(stmts) {
		proc.Started = func() { <-f.settled }
	}
	return proc, nil
}

// startsAtOnce reports whether a background job of stmts is a simple command
// whose words need no subshell of their own ($(...), <(...)) before it
// starts: bash's child execs it at once, before its parent's next command.
// A job that must first run other commands is not waited for.
func startsAtOnce(stmts []*syntax.Stmt) bool {
	stmts = jobList(stmts)
	if len(stmts) != 1 || stmts[0].Negated {
		return false
	}
	if _, ok := stmts[0].Cmd.(*syntax.CallExpr); !ok {
		return false
	}
	plain := true
	syntax.Walk(stmts[0], func(n syntax.Node) bool {
		switch n.(type) {
		case *syntax.CmdSubst, *syntax.ProcSubst:
			plain = false
		}
		return plain
	})
	return plain
}

// process is the shell process ctx runs in: the subshell's, else the shell's
// own; with the command it would exec in its place.
func (sh *shellProc) process(ctx context.Context) (int, *inPlace) {
	if f := forkedShellOf(ctx); f != nil {
		return f.pid, &f.inPlace
	}
	return sh.pid, &sh.inPlace
}

// jobList is what a subshell for stmts runs: the list of a `( list )` that is
// the whole of it (a `( list ) &` job is one process, which runs list), else
// stmts.
func jobList(stmts []*syntax.Stmt) []*syntax.Stmt {
	if len(stmts) == 1 && len(stmts[0].Redirs) == 0 && !stmts[0].Negated {
		if sub, ok := stmts[0].Cmd.(*syntax.Subshell); ok {
			return sub.Stmts
		}
	}
	return stmts
}

// execedInPlace is the command a forked subshell running stmts execs in its
// own place: its last simple command, that of an && or || list that is the
// whole of it, or the last element of a pipeline it runs (the interpreter
// runs that element in the process forked for the pipeline, as bash forks
// each element from the shell). An invalid position when there is none.
func execedInPlace(stmts []*syntax.Stmt) syntax.Pos {
	if len(stmts) == 0 {
		return syntax.Pos{}
	}
	last := stmts[len(stmts)-1]
	for {
		bin, ok := last.Cmd.(*syntax.BinaryCmd)
		if !ok || len(last.Redirs) > 0 {
			break
		}
		if bin.Op == syntax.Pipe || bin.Op == syntax.PipeAll || len(stmts) == 1 && (bin.Op == syntax.AndStmt || bin.Op == syntax.OrStmt) {
			last = bin.Y
			continue
		}
		break
	}
	call, ok := last.Cmd.(*syntax.CallExpr)
	if !ok || last.Negated || last.Background || len(call.Args) == 0 {
		return syntax.Pos{}
	}
	return call.Args[0].Pos()
}
