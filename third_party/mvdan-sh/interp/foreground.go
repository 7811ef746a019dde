// Patched for hostile (see ../PATCHES.md): a program a signal killed in the
// foreground is reported by a non-interactive shell once its statement
// ends, as bash's notify_of_job_status and dash do for a foreground job
// (captured from bookworm's bash 5.2 and dash 0.5.12, and bullseye's):
// bash `bash: line 3:     9 Killed                  CMD` (the job line of
// jobs.go) for every signal but INT, PIPE and TERM that the shell does not
// trap, the description alone (`Terminated`) for TERM or a trapped one;
// dash the description alone for every signal but INT and PIPE. bash says
// nothing in a command substitution, nor for a pipeline's element.

package interp

import (
	"context"
	"errors"
	"fmt"
	"syscall"

	"mvdan.cc/sh/v3/syntax"
)

// KilledBy is what an [ExecHandlerFunc] returns for a program a signal
// killed in a process of its own (not one that replaced the shell's): the
// command's status is 128+Signal, and the shell reports it with PID.
type KilledBy struct{ Signal, PID int }

func (k KilledBy) Error() string { return fmt.Sprintf("killed by signal %d", k.Signal) }

// foregroundHooks are what the report needs: the program killed by the
// statement being run, and whether this runner reports at all.
type foregroundHooks struct {
	killed *KilledBy
	// quiet: a pipeline's element, or bash's command substitution.
	quiet bool
}

// execKilled runs the exec handler and keeps a KilledBy for the report.
func (r *Runner) execKilled(ctx context.Context, pos syntax.Pos, args []string) {
	err := r.execHandler(r.handlerCtx(ctx, handlerKindExec, pos), args)
	if k, ok := errors.AsType[KilledBy](err); ok {
		r.exit.err, r.exit.code = ExitStatus(128+k.Signal), uint8(128+k.Signal)
		r.sandbox.foreground.killed = &k
		return
	}
	r.exit.fromHandlerError(err)
}

// reportForeground reports the program of st a signal killed, once st (a
// simple command) has ended and its redirections are undone. A shell the
// same signal killed (timeout's signal to the whole group) says nothing: the
// kernel ends it before it runs another instruction.
func (r *Runner) reportForeground(ctx context.Context, st *syntax.Stmt) {
	k := r.sandbox.foreground.killed
	r.sandbox.foreground.killed = nil
	if k == nil || r.sandbox.dialect == nil || r.sandbox.foreground.quiet || r.sandbox.dialect.Interactive || ctx.Err() != nil {
		return
	}
	if _, simple := st.Cmd.(*syntax.CallExpr); !simple {
		return
	}
	sig := syscall.Signal(k.Signal)
	_, trapped := r.sandbox.traps[k.Signal]
	switch {
	case sig == syscall.SIGINT || sig == syscall.SIGPIPE:
	case r.dashDialect() || sig == syscall.SIGTERM || trapped:
		r.errf("%s\n", signalDescription(k.Signal))
	default:
		r.shErrf("%5d %-24s%s\n", k.PID, signalDescription(k.Signal), newJobEnd(st).text)
	}
}

// bashRedirections is st's text as bash's job line prints a command with
// redirections (print_cmd.c): the command, then each redirection after a
// space, a file's with a space before its name (`> /dev/null`), a
// duplication without one (`2>&1`), the default descriptor left out. ok is
// false for a here-document, which is left to the printer.
func bashRedirections(st *syntax.Stmt, print func(syntax.Node) string) (text string, ok bool) {
	bare := *st
	bare.Redirs = nil
	text = print(&bare)
	for _, rd := range st.Redirs {
		fd, word := "", ""
		if rd.N != nil {
			fd = rd.N.Value
		}
		if rd.Word != nil {
			word = print(rd.Word)
		}
		op := rd.Op.String()
		switch rd.Op {
		case syntax.RdrOut, syntax.AppOut, syntax.RdrClob, syntax.DplOut:
			if fd == "1" {
				fd = ""
			}
		case syntax.RdrIn, syntax.RdrInOut, syntax.DplIn:
			if fd == "0" {
				fd = ""
			}
		case syntax.Hdoc, syntax.DashHdoc:
			return "", false
		}
		sep := " "
		if rd.Op == syntax.DplIn || rd.Op == syntax.DplOut {
			sep = ""
		}
		text += " " + fd + op + sep + word
	}
	return text, true
}
