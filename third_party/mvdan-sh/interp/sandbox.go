// Patched for hostile (see ../PATCHES.md): what the interpreter used to ask
// the real operating system, it asks these hooks; with no hook it refuses
// rather than fall back to the real machine.

package interp

import (
	"context"
	"errors"
	"io"
	"os"
	"strconv"
	"time"

	"mvdan.cc/sh/v3/expand"
	"mvdan.cc/sh/v3/syntax"
)

// ErrNoRealSystem is what the default handlers answer: this interpreter never
// opens, stats, lists or runs anything on the real machine.
var ErrNoRealSystem = errors.New("no real system in this sandbox")

// Identity is the process a runner stands for on the host it emulates: what
// $$, $PPID, $UID and $EUID expand to, and who -O and -G compare owners with.
type Identity struct {
	PID, PPID int
	UID, EUID int
	GID, EGID int
}

// Process sets the runner's identity. Without it $$ and $PPID are empty,
// $UID and $EUID unset, and -O and -G false: never the real process's.
func Process(id Identity) RunnerOption {
	return func(r *Runner) error {
		r.sandbox.identity = &id
		return nil
	}
}

// ProcSubstPipe is the pipe of one process substitution, made by a
// [ProcSubstHandlerFunc].
type ProcSubstPipe struct {
	// Path is what the word expands to, such as "/dev/fd/63"; the command
	// opens it through the host's own handlers.
	Path string
	// List is the list's end of the pipe: its stdout for <(list), its stdin
	// for >(list), which must then also have a SetReadDeadline method so a
	// read can be cancelled. The runner closes it when the list ends.
	List io.ReadWriteCloser
	// Release runs once the command the word belonged to has finished (or the
	// runner's Run, for one kept by exec), as bash closes its descriptor then.
	Release func()
}

// ProcSubstHandlerFunc makes the pipe of a process substitution; op is
// syntax.CmdIn for <(list) and syntax.CmdOut for >(list). The context
// includes a [HandlerContext] value.
type ProcSubstHandlerFunc func(ctx context.Context, op syntax.ProcOperator) (ProcSubstPipe, error)

// ProcSubstHandler sets the process substitution handler. Without one,
// process substitution fails: the interpreter makes no FIFO of its own.
func ProcSubstHandler(f ProcSubstHandlerFunc) RunnerOption {
	return func(r *Runner) error {
		r.sandbox.procSubst = f
		return nil
	}
}

// RealPathHandlerFunc resolves every symbolic link in an absolute path, for
// `pwd -P`. The context includes a [HandlerContext] value.
type RealPathHandlerFunc func(ctx context.Context, path string) (string, error)

// RealPathHandler sets the handler `pwd -P` uses. Without one, `pwd -P`
// fails.
func RealPathHandler(f RealPathHandlerFunc) RunnerOption {
	return func(r *Runner) error {
		r.sandbox.realPath = f
		return nil
	}
}

// sandboxHooks are the patch's additions to a Runner, kept in one field so
// Reset and subshell copy them with one line each.
type sandboxHooks struct {
	identity  *Identity
	procSubst ProcSubstHandlerFunc
	realPath  RealPathHandlerFunc
	fork      ForkHandlerFunc // fork.go
	bashPID   int             // the forked subshell's process, 0 in the shell itself
	lastOf    forkedFor       // fork.go
	// releases are the process substitutions of the statements being run,
	// released when their statement ends (see stmtSync).
	releases []func()
	// dialect words the runner's errors; line is the statement's, and
	// arithCmd names the command evaluating arithmetic ("((: ") (dialect.go).
	dialect *Dialect
	line    uint
	// endLine is the line the running statement ends on, where bash's
	// eval counts its text's lines from (errtrap.go)
	endLine  uint
	arithCmd string
	// pipeStatus is $PIPESTATUS, subshells $BASH_SUBSHELL and lastArg $_,
	// once a simple command has run (dialect.go).
	pipeStatus []string
	subshells  int
	// traceDepth is the level of command substitution and eval, which
	// bash's set -x shows as one more "+" each (xtrace.go)
	traceDepth int
	// traceOut is the stderr of the statement before its redirections,
	// where set -x writes the command's trace (xtrace.go)
	traceOut io.Writer
	// parentJobs are the jobs of the shells a subshell was forked from, which
	// its jobs lists and its specs name as bash's do (kill $(jobs -p)).
	parentJobs []bgProc
	// waited are the jobs wait has reported, which wait -n no longer
	// waits for (jobs.go)
	waited map[chan struct{}]bool
	// parentBang is the $! of the shell a subshell was made from, its own
	// until it starts a job (errtrap.go)
	parentBang string
	lastArg    *string
	// traps are the commands of the signals trapped (dialect.go)
	traps   map[int]*string
	signals signalHooks // signals.go
	// foreground is the program a signal killed, to report (foreground.go)
	foreground foregroundHooks
	bounds     boundHooks // bounds.go
	// shopt holds the shopt options the interpreter does not act on (shopt.go)
	shopt map[string]bool
	// frames are the functions and sourced files being run, innermost
	// last, and funcSources the file each function was defined in
	// (callstack.go).
	frames      []callFrame
	funcSources map[string]string
	// started is when the shell started, for $SECONDS (callstack.go)
	started time.Time
}

// releaseFrom releases the process substitutions made since mark.
func (r *Runner) releaseFrom(mark int) {
	for i := len(r.sandbox.releases) - 1; i >= mark; i-- {
		if rel := r.sandbox.releases[i]; rel != nil {
			rel()
		}
	}
	clear(r.sandbox.releases[mark:])
	r.sandbox.releases = r.sandbox.releases[:mark]
}

// procSubst runs a process substitution's list with one end of the handler's
// pipe, in the background as bash does.
func (r *Runner) procSubst(ctx context.Context, ps *syntax.ProcSubst) (string, error) {
	if ps.Op == syntax.CmdInTemp { // zsh's =(...)
		return "", errors.New("unsupported")
	}
	if r.sandbox.procSubst == nil {
		return "", errors.New("process substitution: " + ErrNoRealSystem.Error())
	}
	pipe, err := r.sandbox.procSubst(r.handlerCtx(ctx, handlerKindProcSubst, ps.Pos()), ps.Op)
	if err != nil {
		return "", err
	}
	r2, proc, ok := r.forkSubshell(ctx, true, ps.Stmts...)
	if !ok {
		pipe.List.Close()
		pipe.Release()
		return "", &forkFailed{r.exit.err}
	}
	switch ps.Op {
	case syntax.CmdIn:
		r2.stdout = pipe.List
	case syntax.CmdOut:
		in, ok := pipe.List.(stdinFile)
		if !ok {
			pipe.List.Close()
			pipe.Release()
			proc.Release()
			return "", errors.New("process substitution: the handler's reader has no SetReadDeadline")
		}
		r2.stdin = in
		r2.stdout = r.origStdout
	}
	r.sandbox.releases = append(r.sandbox.releases, pipe.Release)
	bg := bgProc{done: make(chan struct{}), exit: new(exitStatus), pid: proc.PID}
	r.bgProcs = append(r.bgProcs, bg)
	go func() {
		defer func() {
			pipe.List.Close()
			proc.Release()
			*bg.exit = r2.exit
			close(bg.done)
		}()
		r2.stmts(proc.Ctx, ps.Stmts)
		r2.exit.exiting, r2.exit.abandon = false, false // subshells don't exit the parent shell
	}()
	return pipe.Path, nil
}

// idVar is an identity's number as a variable's value, "" without identity.
func (r *Runner) idVar(pick func(*Identity) int) string {
	if r.sandbox.identity == nil {
		return ""
	}
	return strconv.Itoa(pick(r.sandbox.identity))
}

// setIdentityVars sets UID and EUID from the identity, read-only as bash's,
// unless the environment has them; dash has neither.
func (r *Runner) setIdentityVars() {
	if r.sandbox.identity == nil || r.dashDialect() {
		return
	}
	for name, id := range map[string]int{"UID": r.sandbox.identity.UID, "EUID": r.sandbox.identity.EUID} {
		if !r.writeEnv.Get(name).IsSet() {
			r.setVar(name, expand.Variable{Set: true, Kind: expand.String, ReadOnly: true, Str: strconv.Itoa(id)})
		}
	}
}

// ownsFile reports whether the identity's effective user (or group, for -G)
// owns the file, for -O and -G.
func (r *Runner) ownsFile(ctx context.Context, op syntax.UnTestOperator, name string) bool {
	id := r.sandbox.identity
	if id == nil {
		return false
	}
	info, err := r.stat(ctx, name)
	if err != nil {
		return false
	}
	uid, gid, ok := fileOwner(info)
	if !ok {
		return false
	}
	if op == syntax.TsUsrOwn {
		return uid == id.EUID
	}
	return gid == id.EGID
}

// refusedPath is the default handlers' answer.
func refusedPath(op, path string) error {
	return &os.PathError{Op: op, Path: path, Err: ErrNoRealSystem}
}

// hooks are the hooks without the running state, for a reset or subshell.
func (h sandboxHooks) hooks() sandboxHooks {
	return sandboxHooks{identity: h.identity, procSubst: h.procSubst, realPath: h.realPath, fork: h.fork, bashPID: h.bashPID, dialect: h.dialect, bounds: h.bounds,
		signals: signalHooks{entry: h.signals.entry, async: h.signals.async, changed: h.signals.changed}}
}
