// Copyright (c) 2017, Daniel Martí <mvdan@mvdan.cc>
// See LICENSE for licensing information

package interp

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"maps"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"mvdan.cc/sh/v3/expand"
	"mvdan.cc/sh/v3/internal"
	"mvdan.cc/sh/v3/pattern"
	"mvdan.cc/sh/v3/syntax"
)

const (
	// shellReplyPS3Var, or PS3, is a special variable in Bash used by the select command,
	// while the shell is awaiting for input. the default value is [shellDefaultPS3]
	shellReplyPS3Var = "PS3"
	// shellDefaultPS3, or #?, is PS3's default value
	shellDefaultPS3 = "#? "
	// shellReplyVar, or REPLY, is a special variable in Bash that is used to store the result of
	// the select command or of the read command, when no variable name is specified
	shellReplyVar = "REPLY"
)

func (r *Runner) fillExpandConfig(ctx context.Context) {
	r.ectx = ctx
	r.ecfg = &expand.Config{
		Env: expandEnv{r},
		CmdSubst: func(w io.Writer, cs *syntax.CmdSubst) error {
			switch len(cs.Stmts) {
			case 0: // nothing to do
				return nil
			case 1: // $(<file)
				word := catShortcutArg(cs.Stmts[0])
				if word == nil {
					break
				}
				path := r.literal(word)
				f, err := r.open(ctx, path, os.O_RDONLY, 0, true)
				if err != nil {
					return err
				}
				w = r.boundSubst(ctx, w)
				_, err = io.Copy(w, f)
				f.Close()
				return substDone(w, err)
			}
			r2, proc, ok := r.forkSubshell(ctx, false, cs.Stmts...)
			if !ok {
				return &forkFailed{r.exit.err}
			}
			r2.stdout = r.boundSubst(ctx, w)
			r2.sandbox.traceDepth++                        // bash's ++ of set -x (xtrace.go)
			r2.sandbox.foreground.quiet = !r.dashDialect() // bash reports nothing in $( ) (foreground.go)
			r2.stmts(proc.Ctx, cs.Stmts)
			r2.subshellExit(proc.Ctx) // errtrap.go
			proc.Release()
			r2.exit.exiting, r2.exit.abandon = false, false // subshells don't exit the parent shell
			r2.exit.endedBy(ctx, proc)
			r.lastExpandExit = r2.exit
			if r2.exit.fatalExit {
				return substDone(r2.stdout, r2.exit.err) // surface fatal errors immediately
			}
			return substDone(r2.stdout, nil)
		},
		ProcSubst: func(ps *syntax.ProcSubst) (string, error) {
			return r.procSubst(ctx, ps) // through the handler, never a FIFO (sandbox.go)
		},
	}
	r.updateExpandOpts()
}

// catShortcutArg checks if a statement is of the form "$(<file)". The redirect
// word is returned if there's a match, and nil otherwise.
func catShortcutArg(stmt *syntax.Stmt) *syntax.Word {
	if stmt.Cmd != nil || stmt.Negated || stmt.Background || stmt.Coprocess || stmt.Disown {
		return nil
	}
	if len(stmt.Redirs) != 1 {
		return nil
	}
	redir := stmt.Redirs[0]
	if redir.Op != syntax.RdrIn {
		return nil
	}
	return redir.Word
}

func (r *Runner) updateExpandOpts() {
	if r.opts[optNoGlob] {
		r.ecfg.ReadDir2 = nil
	} else {
		r.ecfg.ReadDir2 = func(s string) ([]fs.DirEntry, error) {
			return r.readDirHandler(r.handlerCtx(r.ectx, handlerKindReadDir, todoPos), s)
		}
	}
	r.ecfg.GlobStar = r.opts[optGlobStar]
	r.ecfg.NoBraceExpansion = r.dashDialect() // dialect.go
	r.ecfg.ParamsAlwaysSet = r.dashDialect()
	r.ecfg.NullListAlternateNoWord = r.sandbox.dialect != nil && r.sandbox.dialect.NullListAlternateNoWord
	r.ecfg.DotGlob = r.opts[optDotGlob]
	r.ecfg.NoCaseGlob = r.opts[optNoCaseGlob]
	r.ecfg.NullGlob = r.opts[optNullGlob]
	r.ecfg.NoUnset = r.opts[optNoUnset]
	r.ecfg.ExtGlob = r.opts[optExtGlob]
	r.ecfg.BashArithm = r.bashDialect() // expand/bash_arith.go
	r.ecfg.DashArithm = r.dashDialect() // expand/dash_arith.go
	r.ecfg.NoLineNumber = r.dashDialect()
	r.ecfg.FailGlob, r.ecfg.GlobDotDirs = false, false
	if r.sandbox.dialect != nil {
		r.ecfg.FailGlob, _ = r.shoptState("failglob")
		// .* matches . and .. in dash and in bash 5.1, which has no
		// globskipdots; 5.2 may turn it off
		skip, known := r.shoptState("globskipdots")
		r.ecfg.GlobDotDirs = r.dashDialect() || !skip || !known
	}
	if r.sandbox.dialect != nil {
		r.ecfg.BadSubst = r.sandbox.dialect.BadSubstitution
	}
}

func (r *Runner) expandErr(err error) {
	if err == nil {
		return
	}
	if failed, ok := errors.AsType[*forkFailed](err); ok {
		r.exit.fatal(failed.err) // the fork handler said why (fork.go)
		return
	}
	if errors.Is(err, errOutOfMemory) {
		r.exit.fatal(err) // the host said why (bounds.go)
		return
	}
	if r.dialectExpandErr(err) {
		return
	}
	errMsg := err.Error()
	fmt.Fprintln(r.stderr, errMsg)
	_, unsetParam := errors.AsType[expand.UnsetParameterError](err)
	switch {
	case unsetParam, errMsg == "invalid indirect expansion":
		// TODO: These errors are treated as fatal by bash.
		// Make the error type reflect that.
		r.exit.code = 1
		r.exit.exiting = true
	case errors.Is(err, errReadOnly):
		// Like in bash, assigning to a read-only variable fails
		// the command at hand without exiting the shell.
		r.exit.code = 1
	}
}

func (r *Runner) arithm(expr syntax.ArithmExpr) int {
	n, err := expand.Arithm(r.ecfg, expr)
	r.expandErr(err)
	return n
}

func (r *Runner) fields(words ...*syntax.Word) []string {
	strs, err := expand.Fields(r.ecfg, words...)
	r.expandErr(err)
	return strs
}

func (r *Runner) literal(word *syntax.Word) string {
	str, err := expand.LiteralValue(r.ecfg, word) // with quote removal (patched for hostile)
	r.expandErr(err)
	return str
}

func (r *Runner) document(word *syntax.Word) string {
	str, err := expand.Document(r.ecfg, word)
	r.expandErr(err)
	return str
}

func (r *Runner) pattern(word *syntax.Word) string {
	str, err := expand.Pattern(r.ecfg, word)
	r.expandErr(err)
	return str
}

// expandEnviron exposes [Runner]'s variables to the expand package.
type expandEnv struct {
	r *Runner
}

var _ expand.WriteEnviron = expandEnv{}

func (e expandEnv) Get(name string) expand.Variable {
	return e.r.lookupVar(name)
}

func (e expandEnv) Set(name string, vr expand.Variable) error {
	return e.r.setVarErr(name, vr)
}

func (e expandEnv) Each(fn func(name string, vr expand.Variable) bool) {
	e.r.writeEnv.Each(fn)
}

var todoPos syntax.Pos // for handlerCtx callers where we don't yet have a position

func (r *Runner) handlerCtx(ctx context.Context, kind handlerKind, pos syntax.Pos) context.Context {
	hc := HandlerContext{
		runner:         r,
		kind:           kind,
		Env:            &overlayEnviron{parent: r.writeEnv},
		Dir:            r.Dir,
		Pos:            pos,
		Stdout:         r.stdout,
		Stderr:         r.stderr,
		LastExitStatus: int(r.lastExit.code),
		IgnoredSignals: r.ignoredSignals(),
	}
	if r.stdin != nil { // do not leave hc.Stdin as a typed nil
		hc.Stdin = r.stdin
	}
	return context.WithValue(ctx, handlerCtxKey{}, hc)
}

func (r *Runner) out(s string) {
	io.WriteString(r.stdout, s)
}

func (r *Runner) outf(format string, a ...any) {
	fmt.Fprintf(r.stdout, format, a...)
}

func (r *Runner) errf(format string, a ...any) {
	fmt.Fprintf(r.stderr, format, a...)
}

func (r *Runner) stop(ctx context.Context) bool {
	// Some traps trigger on exit, so we do want those to run.
	if !r.handlingTrap && (r.exit.returning || r.exit.exiting) {
		return true
	}
	if err := ctx.Err(); err != nil {
		r.exit.fatal(err)
		return true
	}
	if r.opts[optNoExec] {
		return true
	}
	return false
}

func (r *Runner) stmt(ctx context.Context, st *syntax.Stmt) {
	if r.stop(ctx) {
		return
	}
	r.exit = exitStatus{}
	r.sandbox.line = st.Position.Line() // for the dialect's messages (dialect.go)
	r.sandbox.endLine = st.End().Line()
	if st.Background || st.Disown {
		st2 := *st
		st2.Background = false
		st2.Disown = false
		r2, proc, ok := r.forkAsync(ctx, &st2) // signals.go
		if !ok {
			r.lastExit = r.exit
			return
		}
		r2.sandbox.lastOf = pipelineOf(ctx, st)
		bg := bgProc{
			done: make(chan struct{}),
			exit: new(exitStatus),
			pid:  proc.PID,
			end:  newJobEnd(&st2), // jobs.go
		}
		bg.end.num = r.nextJobNumber() // jobtable.go
		r.bgProcs = append(r.bgProcs, bg)
		go func() {
			defer proc.Release()
			if sub, ok := st2.Cmd.(*syntax.Subshell); ok && len(st2.Redirs) == 0 && !st2.Negated {
				// `( list ) &` is one process in bash: the job runs list
				// itself, so that killing it ends list (jobs.go).
				r2.Run(proc.Ctx, &syntax.Block{Stmts: sub.Stmts})
			} else {
				r2.Run(proc.Ctx, &st2)
			}
			r2.exit.exiting, r2.exit.abandon = false, false // subshells don't exit the parent shell
			// Killed: 128+N, not a fatal 1 (jobs.go).
			r2.exit.endedBy(ctx, proc)
			bg.end.finish(proc)
			*bg.exit = r2.exit
			close(bg.done)
		}()
		if proc.Started != nil {
			proc.Started()
		}
	} else {
		r.stmtSync(ctx, st)
	}
	r.lastExit = r.exit
}

func (r *Runner) stmtSync(ctx context.Context, st *syntax.Stmt) {
	// Process substitutions made for this statement end with it (sandbox.go).
	releaseMark := len(r.sandbox.releases)
	keptMark := false
	defer func() {
		if !keptMark {
			r.releaseFrom(releaseMark)
		}
	}()
	oldIn, oldOut, oldErr := r.stdin, r.stdout, r.stderr
	oldFDs := maps.Clone(r.fds)
	assignsFirst := len(st.Redirs) > 0 && r.assignsBeforeRedirs(st.Cmd) // errtrap.go
	if assignsFirst {
		r.noteCommand(st)
		r.cmd(ctx, st.Cmd)
	}
	var closers []io.Closer
	for _, rd := range st.Redirs {
		cls, err := r.redir(ctx, rd)
		if err != nil {
			if _, badFD := err.(badFDError); badFD {
				r.shErrf("%v\n", err)
			} else if _, clobber := err.(clobberError); clobber {
				r.shErrf("%v\n", err)
				if r.dashDialect() {
					r.exit.code = 2
					break
				}
			} else if !r.exit.fatalExit {
				// A fatal error from a handler is reported by [Runner.Run].
				r.errf("%v\n", err)
			}
			r.exit.code = 1
			if _, openFailed := err.(*os.PathError); openFailed && r.dashDialect() {
				r.exit.code = 2                          // dash's status for a redirection it cannot open
				r.exit.exiting = dashSpecialCall(st.Cmd) // errtrap.go
			}
			break
		}
		if cls != nil {
			closers = append(closers, cls)
		}
	}
	if r.exit.ok() && st.Cmd != nil && !assignsFirst {
		r.noteCommand(st)           // errtrap.go
		r.sandbox.traceOut = oldErr // set -x traces before the redirections (xtrace.go)
		r.cmd(ctx, st.Cmd)
	}
	if !isPipeline(st) {
		r.sandbox.pipeStatus = []string{strconv.Itoa(int(r.exit.code))} // dialect.go
	}
	if st.Negated {
		if r.exit.ok() {
			r.exit.code = 1
		} else {
			r.exit.clear()
		}
	} else if b, ok := st.Cmd.(*syntax.BinaryCmd); ok && (b.Op == syntax.AndStmt || b.Op == syntax.OrStmt) {
	} else if !r.exit.ok() && !r.noErrExit {
		r.runErrTrap(ctx, st) // errtrap.go
		// If the "errexit" option is set and a command failed, exit the shell. Exceptions:
		//
		//   conditions (if <cond>, while <cond>, etc)
		//   part of && or || lists; excluded via "else" above
		//   preceded by !; excluded via "else" above
		if r.opts[optErrExit] {
			r.exit.exiting = true
		}
	}
	if r.keepRedirs {
		// The exec builtin made this statement's redirections apply to the
		// shell itself, so don't undo them and keep their files open.
		r.keepRedirs = false
		keptMark = true // and their process substitutions, until Run ends
	} else if len(st.Redirs) > 0 {
		r.stdin, r.stdout, r.stderr = oldIn, oldOut, oldErr
		r.fds = oldFDs
		for _, cls := range closers {
			cls.Close()
		}
	}
	r.reportForeground(ctx, st) // foreground.go
}

func (r *Runner) cmd(ctx context.Context, cm syntax.Command) {
	if r.stop(ctx) {
		return
	}

	tracingEnabled := r.opts[optXTrace]
	trace := r.tracer()

	switch cm := cm.(type) {
	case *syntax.Block:
		r.stmts(ctx, cm.Stmts)
	case *syntax.Subshell:
		r2, proc, ok := r.forkSubshell(ctx, false, cm.Stmts...)
		if !ok {
			return
		}
		r2.stmts(proc.Ctx, cm.Stmts)
		r2.subshellExit(proc.Ctx) // errtrap.go
		proc.Release()
		r2.exit.exiting, r2.exit.abandon = false, false // subshells don't exit the parent shell
		r2.exit.endedBy(ctx, proc)
		r.exit = r2.exit
	case *syntax.CallExpr:
		// Build new slices, to not modify the caller's AST
		// nor the slices in the alias map.
		args := cm.Args
		for i := 0; i < len(args); {
			if !r.opts[optExpandAliases] {
				break
			}
			als, ok := r.alias[args[i].Lit()]
			if !ok {
				break
			}
			args = slices.Concat(args[:i], als.args, args[i+1:])
			if !als.blank {
				break
			}
			i += len(als.args)
		}
		r.lastExpandExit = exitStatus{}
		fields := r.fields(args...)
		if r.exit.fatalExit {
			break // a $(list) could not be forked: bash gives up (fork.go)
		}
		if len(fields) == 0 {
			var traced []string // xtrace.go
			for _, as := range cm.Assigns {
				name := as.Name.Value

				prev := r.lookupVar(name)
				// Here we have a naked "foo=bar", so if we inherited a local var from a parent
				// function we want to signal that we are modifying the parent var rather than
				// creating a new local var via "local foo=bar".
				// TODO: there is likely a better way to do this.
				prev.Local = false
				if prev.ReadOnly && r.sandbox.dialect != nil {
					// a non-interactive shell gives up: dash, bash the line (dialect.go)
					r.readOnlyErr(name)
					r.exit.exiting = true
					r.exit.abandon = r.bashDialect()
					break
				}

				var vr expand.Variable
				if as.Index != nil && as.Append && as.Value != nil {
					if n, v := prev.Resolve(r.writeEnv); n != "" {
						name, prev = n, v
					}
					vr = r.appendedElem(prev, as) // errtrap.go
				} else {
					name, vr = r.assignVal(name, prev, as, "")
				}
				r.setVarWithIndex(prev, name, as.Index, vr)

				if !tracingEnabled {
					continue
				}

				// Strangely enough, it seems like Bash prints original
				// source for arrays, but the expanded value otherwise.
				// Note that, unlike bash, we print neither the subscript
				// in `x[i]=y` nor just the appended value in `x+=y`.
				if as.Array != nil {
					trace.assigns(traced)
					traced = nil
					trace.expr(as)
					trace.newLineFlush()
				} else {
					traced = append(traced, trace.traceAssign(name, vr.String()))
				}
			}
			if trace != nil && r.dashDialect() {
				trace.ps4 = r.ps4() // dash traces after assigning: PS4=x traces with x
			}
			trace.assigns(traced)
			// If interpreting the last expansion like $(foo) failed,
			// and the expansion and assignments otherwise succeeded,
			// we need to surface that last exit code.
			if r.exit.ok() {
				r.exit = r.lastExpandExit
			}
			break
		}

		type restoreVar struct {
			name string
			vr   expand.Variable
		}
		var restores []restoreVar
		var traced []string // xtrace.go

		for _, as := range cm.Assigns {
			name := as.Name.Value
			prev := r.lookupVar(name)
			// Resolve any nameref so we can restore the original final value later on.
			if n, v := prev.Resolve(r.writeEnv); n != "" {
				name, prev = n, v
			}

			name, vr := r.assignVal(name, prev, as, "")
			// Inline command vars are always exported.
			vr.Exported = true

			restores = append(restores, restoreVar{name, prev})

			r.setVar(name, vr)
			if tracingEnabled && as.Array == nil {
				traced = append(traced, trace.traceAssign(name, vr.String()))
			}
		}

		trace.call(traced, fields)
		trace.newLineFlush()
		r.sandbox.lastArg = &fields[len(fields)-1] // $_ (dialect.go)

		r.call(ctx, cm.Args[0].Pos(), fields)
		for _, restore := range restores {
			r.setVar(restore.name, restore.vr)
		}
	case *syntax.BinaryCmd:
		switch cm.Op {
		case syntax.AndStmt, syntax.OrStmt:
			oldNoErrExit := r.noErrExit
			r.noErrExit = true
			r.stmt(ctx, cm.X)
			r.noErrExit = oldNoErrExit
			if r.exit.ok() == (cm.Op == syntax.AndStmt) {
				r.stmt(ctx, cm.Y)
			}
		case syntax.Pipe, syntax.PipeAll:
			// Bash forks each element of the pipeline, first to last; the
			// last runs here, in this runner, under its own process unless
			// this runner's process was forked for it (fork.go).
			runsLast, parent := r.sandbox.lastOf.pipeline == cm, ctx
			if runsLast {
				parent = r.sandbox.lastOf.parent
				r.sandbox.lastOf = forkedFor{}
			}
			r2, procX, ok := r.forkSubshell(parent, true, cm.X)
			if !ok {
				return
			}
			r2.sandbox.lastOf = pipelineOf(parent, cm.X)
			r2.sandbox.subshells = r.sandbox.subshells // an element of a pipeline is not counted
			r2.sandbox.foreground.quiet = true         // the job is the pipeline (foreground.go)
			procY := ForkedProcess{Ctx: ctx, Release: func() {}}
			if !runsLast {
				procY, ok = r.forkProcess(ctx, cm.Y)
			}
			if !ok {
				procX.Release()
				return
			}
			pr, pw, err := r.newPipe(procY.Ctx, procX.Ctx) // each end its process's (bounds.go)
			if err != nil {
				procX.Release()
				procY.Release()
				r.exit.fatal(err) // not being able to create a pipe is rare but critical
				return
			}
			r2.stdout = pw
			if cm.Op == syntax.PipeAll {
				r2.stderr = pw
			} else {
				r2.stderr = r.stderr
			}
			oldIn := r.stdin
			r.stdin = pr
			var wg sync.WaitGroup
			wg.Go(func() {
				r2.stmt(procX.Ctx, cm.X)
				r2.exit.exiting, r2.exit.abandon = false, false // subshells don't exit the parent shell
				r2.exit.endedBy(ctx, procX)
				pw.Close()
				procX.Release()
			})
			ownPID, quiet := r.sandbox.bashPID, r.sandbox.foreground.quiet
			if procY.PID != 0 {
				r.sandbox.bashPID = procY.PID
			}
			r.sandbox.foreground.quiet = true
			if r.lastInSubshell() { // errtrap.go
				r3 := r.subshell(false)
				r3.sandbox.subshells = r.sandbox.subshells // an element of a pipeline is not counted
				r3.stmt(procY.Ctx, cm.Y)
				// its process substitutions go on, for the shell's wait (errtrap.go)
				r.keepProcSubsts(r3)
				r3.exit.exiting, r3.exit.abandon = false, false // subshells don't exit the parent shell
				r.exit = r3.exit
				r.sandbox.pipeStatus = r3.sandbox.pipeStatus
				if r3.exit.fatalExit {
					r.exit.fatal(r3.exit.err)
				}
			} else {
				r.stmt(procY.Ctx, cm.Y)
			}
			r.sandbox.bashPID, r.sandbox.foreground.quiet = ownPID, quiet
			r.exit.endedBy(ctx, procY)
			procY.Release()
			pr.Close()
			wg.Wait()
			r.stdin = oldIn
			r.sandbox.pipeStatus = slices.Concat(r2.sandbox.pipeStatus, r.sandbox.pipeStatus)
			if r.opts[optPipeFail] && !r2.exit.ok() && r.exit.ok() {
				r.exit = r2.exit
			}
			if r2.exit.fatalExit {
				r.exit.fatal(r2.exit.err) // surface fatal errors immediately
			}
		}
	case *syntax.IfClause:
		oldNoErrExit := r.noErrExit
		r.noErrExit = true
		r.stmts(ctx, cm.Cond)
		r.noErrExit = oldNoErrExit

		if r.exit.ok() {
			r.stmts(ctx, cm.Then)
			break
		}
		r.exit.clear()
		if cm.Else != nil {
			r.cmd(ctx, cm.Else)
		}
	case *syntax.WhileClause:
		// The loop's status is its body's last, or zero when the body never
		// ran: the condition that ends it does not count.
		var body exitStatus
		for !r.stop(ctx) {
			oldNoErrExit := r.noErrExit
			r.noErrExit = true
			r.stmts(ctx, cm.Cond)
			r.noErrExit = oldNoErrExit

			stop := r.exit.ok() == cm.Until
			r.exit.clear()
			if stop {
				if !r.exit.returning && !r.exit.exiting && !r.exit.fatalExit {
					r.exit = body
				}
				break
			}
			if r.loopStmtsBroken(ctx, cm.Do) {
				break
			}
			body = r.exit
		}
	case *syntax.ForClause:
		switch y := cm.Loop.(type) {
		case *syntax.WordIter:
			name := y.Name.Value
			items := r.Params // for i; do ...

			inToken := y.InPos.IsValid()
			if inToken {
				items = r.fields(y.Items...) // for i in ...; do ...
			}

			if cm.Select {
				ps3 := cmp.Or(r.envGet(shellReplyPS3Var), shellDefaultPS3)

				for menu := true; ; {
					if menu {
						// display menu
						for i, word := range items {
							r.errf("%d) %v\n", i+1, word)
						}
						menu = false
					}
					r.errf("%s", ps3)

					line, err := r.readLine(ctx, true)
					if err != nil {
						r.errf("\n")
						r.exit.code = 1
						break
					}
					if len(line) == 0 {
						menu = true // no reply; show the menu again
						continue
					}

					reply := string(line)
					r.setVarString(shellReplyVar, reply)

					if c, _ := strconv.Atoi(reply); c > 0 && c <= len(items) {
						r.setVarString(name, items[c-1])
					} else {
						r.setVarString(name, "")
					}

					// execute commands until break or return is encountered
					if r.loopStmtsBroken(ctx, cm.Do) {
						break
					}
				}
				break
			}

			if r.dashDialect() {
				trace = nil // dash traces no loop head (xtrace.go)
			}
			for _, field := range items {
				r.setVarString(name, field)
				trace.stringf("for %s in", y.Name.Value)
				if inToken {
					for _, item := range y.Items {
						trace.string(" ")
						trace.expr(item)
					}
				} else {
					trace.string(` "$@"`)
				}
				trace.newLineFlush()
				if r.loopStmtsBroken(ctx, cm.Do) {
					break
				}
			}
		case *syntax.CStyleLoop:
			if y.Init != nil {
				r.arithm(y.Init)
			}
			for y.Cond == nil || r.arithm(y.Cond) != 0 {
				if !r.exit.ok() || r.loopStmtsBroken(ctx, cm.Do) {
					break
				}
				if y.Post != nil {
					r.arithm(y.Post)
				}
			}
		}
	case *syntax.FuncDecl:
		if cm.Name == nil { // e.g. zsh's anonymous or multi-name functions
			r.errf("unsupported\n")
			r.exit.code = 1
			break
		}
		r.setFunc(cm.Name.Value, cm.Body)
		if r.sandbox.funcSources == nil {
			r.sandbox.funcSources = map[string]string{}
		}
		r.sandbox.funcSources[cm.Name.Value] = r.definingSource()
	case *syntax.ArithmCmd:
		r.exit.oneIf(r.arithmIn("((: ", cm.X, cm.Left.Offset()+2, cm.Right.Offset()) == 0)
	case *syntax.LetClause:
		if tracingEnabled {
			trace.string("let")
			for _, expr := range cm.Exprs {
				trace.stringf(" %s", r.letArgString(trace.printer, expr))
			}
			trace.newLineFlush()
		}
		var val int
		for _, expr := range cm.Exprs {
			val = r.arithmIn("let: ", expr, expr.Pos().Offset(), expr.End().Offset())
		}
		r.exit.oneIf(val == 0)
	case *syntax.CaseClause:
		if r.dashDialect() {
			trace = nil // dash traces no case head (xtrace.go)
		}
		trace.string("case ")
		trace.expr(cm.Word)
		trace.string(" in")
		trace.newLineFlush()
		str := r.literal(cm.Word)
		runNext := false // whether the previous item ended with ";&"
		for _, ci := range cm.Items {
			if !runNext && !slices.ContainsFunc(ci.Patterns, func(word *syntax.Word) bool {
				return r.match(r.pattern(word), str)
			}) {
				continue
			}
			r.stmts(ctx, ci.Stmts)
			switch ci.Op {
			case syntax.Fallthrough: // ";&" runs the next item unconditionally
				runNext = true
			case syntax.Resume, syntax.ResumeKorn: // ";;&" and ";|" resume matching
				runNext = false
			default: // ";;" or the last item stop
				return
			}
		}
	case *syntax.TestClause:
		if r.bashTest(ctx, cm.X, false) == "" && r.exit.ok() {
			// to preserve exit status code 2 for regex errors, etc
			r.exit.code = 1
		}
	case *syntax.DeclClause:
		local, global := false, false
		var modes []string
		valType := ""
		declQuery := ""  // "-f" or "-p" for query mode
		var attrs []byte // bash's value attributes to give (declare.go)
		named := false
		switch cm.Variant.Value {
		case "declare", "typeset":
			// When used in a function, "declare" acts as "local"
			// unless the "-g" option is used.
			local = r.inFunc
		case "local":
			if !r.inFunc {
				if r.sandbox.dialect != nil {
					r.builtinErr(&r.exit, 1, "local", "can only be used in a function", "not in a function")
					return
				}
				r.errf("local: can only be used in a function\n")
				r.exit.code = 1
				return
			}
			local = true
		case "export":
			modes = append(modes, "-x")
		case "readonly":
			modes = append(modes, "-r")
		case "nameref":
			valType = "-n"
		}
		optionsDone := false
		traceWords := []string{cm.Variant.Value} // xtrace.go
		var traceAssigns []string
		for as := range r.flattenAssigns(cm.Args) {
			if tracingEnabled && (as.Naked || as.Value == nil) && as.Array == nil {
				traceWords = append(traceWords, as.Name.Value)
			}
			if !optionsDone && as.Naked && as.Name.Value == "--" {
				optionsDone = true
				continue
			}
			// every letter of a word of options counts: declare -rix
			fp := flagParser{remaining: []string{as.Name.Value}}
			if !optionsDone && fp.more() {
				for fp.more() {
					switch flag := fp.flag(); flag {
					case "-x", "-r":
						modes = append(modes, flag)
					case "-a", "-A", "-n":
						valType = flag
					case "-g":
						global = true
					case "-i", "-l", "-u":
						attrs = append(attrs, flag[1])
					case "-f", "-p":
						if declQuery != "-F" {
							declQuery = flag
						}
					case "-F": // patched for hostile: bash's names of functions
						declQuery = flag
					default:
						r.errf("declare: invalid option %q\n", flag)
						r.exit.code = 2
						return
					}
				}
				continue
			}
			name := as.Name.Value
			named = true
			if !syntax.ValidName(name) && r.sandbox.dialect != nil {
				word := name
				if !as.Naked && as.Value != nil {
					word += "=" + r.literal(as.Value)
				}
				r.builtinErr(&r.exit, 1, cm.Variant.Value, "`"+word+"': not a valid identifier", name+": bad variable name")
				if r.exit.exiting {
					return
				}
				continue
			}
			if !syntax.ValidName(name) {
				r.errf("declare: invalid name %q\n", name)
				r.exit.code = 1
				return
			}
			if declQuery == "-F" {
				// declare -F name: the name of a function there is
				if r.Funcs[name] != nil {
					r.outf("%s\n", name)
				} else {
					r.exit.code = 1
				}
				continue
			}
			if declQuery == "-f" {
				// declare -f name: print function definition.
				// Bash silently returns exit 1 for missing functions.
				if body := r.Funcs[name]; body != nil && r.bashDialect() {
					r.outf("%s\n", BashFunction(name, body))
				} else if body != nil {
					r.outf("%s()\n", name)
					printer := syntax.NewPrinter()
					var buf bytes.Buffer
					printer.Print(&buf, body)
					r.outf("%s\n", buf.String())
				} else {
					r.exit.code = 1
				}
				continue
			}
			if declQuery == "-p" {
				// declare -p name: print variable with attributes.
				vr := r.lookupVar(name)
				if !vr.Declared() && r.sandbox.dialect != nil {
					r.builtinErr(&r.exit, 1, "declare", name+": not found", "")
					continue
				}
				if !vr.Declared() {
					r.errf("declare: %s: not found\n", name)
					r.exit.code = 1
					continue
				}
				r.printDecl(name, vr)
				continue
			}
			vr := r.lookupVar(name)
			setDeclAttrs(&vr, attrs)
			if as.Naked {
				if valType == "-A" {
					vr.Kind = expand.Associative
				} else if valType == "-a" && !vr.IsSet() {
					vr.Kind = expand.Indexed // declared, unset: declare -p says declare -a b
				} else {
					vr.Kind = expand.KeepValue
				}
			} else {
				if valType == "-n" && as.Value != nil && r.bashDialect() {
					// a name reference names a variable (patched for hostile)
					if target := r.literal(as.Value); !validRefName(target) {
						r.builtinErr(&r.exit, 1, cm.Variant.Value, "`"+target+"': invalid variable name for name reference", "")
						continue
					}
				}
				name, vr = r.assignVal(name, vr, as, valType)
				if tracingEnabled && as.Array == nil && as.Value != nil {
					traceWords = append(traceWords, name+"="+vr.String())
					traceAssigns = append(traceAssigns, trace.traceAssign(name, vr.String()))
				}
			}
			if global {
				vr.Local = false
			} else if local {
				vr.Local = true
			}
			for _, mode := range modes {
				switch mode {
				case "-x":
					vr.Exported = true
				case "-r":
					vr.ReadOnly = true
				}
			}
			if global && r.inFunc && r.bashDialect() {
				r.setGlobalVar(name, vr) // errtrap.go
				continue
			}
			r.setVar(name, vr)
		}
		if tracingEnabled {
			trace.call(nil, traceWords)
			trace.newLineFlush()
			if cm.Variant.Value == "export" && !r.dashDialect() {
				trace.assigns(traceAssigns) // bash traces export's assignments again
			}
		}
		if !named && r.bashDialect() {
			// export, readonly or declare with no name lists variables
			switch {
			case slices.Contains(modes, "-x"):
				r.listDecl(func(_ string, vr expand.Variable) bool { return vr.Exported })
			case slices.Contains(modes, "-r"):
				r.listDecl(func(_ string, vr expand.Variable) bool { return vr.ReadOnly })
			case declQuery == "-p":
				r.listDecl(func(string, expand.Variable) bool { return true })
			case declQuery == "-F":
				for _, name := range slices.Sorted(maps.Keys(r.Funcs)) {
					r.outf("declare -f %s\n", name)
				}
			case declQuery == "-f": // every function, as bash lists them
				for _, name := range slices.Sorted(maps.Keys(r.Funcs)) {
					r.outf("%s\n", BashFunction(name, r.Funcs[name]))
				}
			}
		} else if !named && r.dashDialect() {
			// dash's export and readonly with no name, or -p (declare.go)
			switch {
			case slices.Contains(modes, "-x"):
				r.dashListDecl("export", func(vr expand.Variable) bool { return vr.Exported })
			case slices.Contains(modes, "-r"):
				r.dashListDecl("readonly", func(vr expand.Variable) bool { return vr.ReadOnly })
			}
		}
	case *syntax.TimeClause:
		start := time.Now()
		if cm.Stmt != nil {
			r.stmt(ctx, cm.Stmt)
		}
		format := "%s\t%s\n"
		if cm.PosixFormat {
			format = "%s %s\n"
		} else {
			r.outf("\n")
		}
		real := time.Since(start)
		r.outf(format, "real", elapsedString(real, cm.PosixFormat))
		// TODO: can we do these?
		r.outf(format, "user", elapsedString(0, cm.PosixFormat))
		r.outf(format, "sys", elapsedString(0, cm.PosixFormat))
	default:
		// Should only happen if we forgot a case above.
		r.errf("unhandled command node: %T\n", cm)
		r.exit.code = 1
	}
}

func (r *Runner) trapCallback(ctx context.Context, callback, name string) {
	if callback == "" {
		return // nothing to do
	}
	if r.handlingTrap {
		return // don't recurse, as that could lead to cycles
	}
	r.handlingTrap = true
	defer func() { r.handlingTrap = false }()

	p := syntax.NewParser()
	// TODO: do this parsing when "trap" is called?
	file, err := p.Parse(strings.NewReader(callback), name+" trap")
	if err != nil {
		r.errf(name+"trap: %v\n", err)
		// ignore errors in the callback
		return
	}
	oldExit, oldLastExit := r.exit, r.lastExit
	r.lastExit = r.exit
	r.stmts(ctx, file.Stmts)
	r.exit, r.lastExit = oldExit, oldLastExit // traps on EXIT or ERR should not modify the result
}

func (r *Runner) flattenAssigns(args []*syntax.Assign) iter.Seq[*syntax.Assign] {
	return func(yield func(*syntax.Assign) bool) {
		for _, as := range args {
			// Convert "declare $x" into "declare value".
			// Don't use syntax.Parser here, as we only want the basic
			// splitting by '='.
			if as.Name != nil {
				if !yield(as) {
					return
				}
				continue
			}
			for _, field := range r.fields(as.Value) {
				as := &syntax.Assign{}
				name, val, ok := strings.Cut(field, "=")
				as.Name = &syntax.Lit{Value: name}
				if !ok {
					as.Naked = true
				} else {
					as.Value = &syntax.Word{Parts: []syntax.WordPart{
						&syntax.Lit{Value: val},
					}}
				}
				if !yield(as) {
					return
				}
			}
		}
	}
}

// letArgString reproduces one expression of a let clause as bash would print it
// when tracing, that is, as the single quoted word that bash's let receives.
func (r *Runner) letArgString(printer *syntax.Printer, expr syntax.ArithmExpr) string {
	if word, ok := expr.(*syntax.Word); ok {
		return quoteBash(r.literal(word))
	}
	// The printer only prints an arithmetic expression as part of a parent node,
	// so print a let clause holding just this expression and drop the keyword.
	// The keyword borrows the expression's position to stay on the same line.
	// TODO: drop this workaround if [syntax.Printer.Print] learns to print
	// an arithmetic expression on its own.
	var sb strings.Builder
	if err := printer.Print(&sb, &syntax.LetClause{
		Let:   expr.Pos(),
		Exprs: []syntax.ArithmExpr{expr},
	}); err != nil { // should never happen
		panic(err)
	}
	return strings.TrimPrefix(sb.String(), "let ")
}

func (r *Runner) match(pat, name string) bool {
	matcher, err := internal.ExtendedPatternMatcher(pat, pattern.EntireString|pattern.ExtendedOperators)
	if err != nil {
		// A malformed pattern simply does not match, like in bash.
		// Any other error, such as an unsupported extended pattern, is reported.
		if _, ok := errors.AsType[*pattern.SyntaxError](err); !ok {
			r.expandErr(err)
		}
		return false
	}
	return matcher(name)
}

func elapsedString(d time.Duration, posix bool) string {
	if posix {
		return fmt.Sprintf("%.2f", d.Seconds())
	}
	mins := int(d.Minutes())
	sec := math.Mod(d.Seconds(), 60.0)
	return fmt.Sprintf("%dm%.3fs", mins, sec)
}

func (r *Runner) stmts(ctx context.Context, stmts []*syntax.Stmt) {
	for _, stmt := range stmts {
		r.stmt(ctx, stmt)
	}
}

func (r *Runner) hdocReader(ctx context.Context, rd *syntax.Redirect) (stdinFile, error) {
	pr, pw, err := r.newPipe(ctx, ctx)
	if err != nil {
		return nil, err
	}
	hdoc := r.hdocString(rd)
	// We write to the pipe in a new goroutine,
	// as pipe writes may block once the buffer gets full.
	// We still construct and buffer the entire heredoc first,
	// as doing it concurrently would lead to different semantics and be racy.
	go func() {
		io.WriteString(pw, hdoc)
		pw.Close()
	}()
	return pr, nil
}

// hdocQuotedDelim reports whether a here-document delimiter word is quoted,
// as in "<<'EOF'" or "<<\EOF", which makes its body literal.
func hdocQuotedDelim(word *syntax.Word) bool {
	for _, wp := range word.Parts {
		switch wp := wp.(type) {
		case *syntax.Lit:
			if strings.Contains(wp.Value, "\\") {
				return true
			}
		case *syntax.SglQuoted, *syntax.DblQuoted:
			return true
		}
	}
	return false
}

// hdocWord returns a here-document body, or one of its lines, as a string.
// A quoted delimiter, as in "<<'EOF'", makes the body literal,
// in which case the parser only gives us literal parts.
// Note that a partly quoted delimiter, such as "<<'A'B",
// is not spotted by the parser either, so we still expand its body.
func (r *Runner) hdocWord(word *syntax.Word, quoted bool) string {
	if quoted {
		if lit := word.Lit(); lit != "" {
			return lit
		}
	}
	return r.document(word)
}

// hdocString returns the body of a here-document as a string.
func (r *Runner) hdocString(rd *syntax.Redirect) string {
	if rd.Hdoc == nil {
		return "" // an empty here-document
	}
	quoted := hdocQuotedDelim(rd.Word)
	if rd.Op != syntax.DashHdoc {
		return r.hdocWord(rd.Hdoc, quoted)
	}
	// Strip the leading tabs from each line.
	var buf strings.Builder
	var cur []syntax.WordPart
	flushLine := func() {
		if buf.Len() > 0 {
			buf.WriteByte('\n')
		}
		buf.WriteString(r.hdocWord(&syntax.Word{Parts: cur}, quoted))
		cur = cur[:0]
	}
	for _, wp := range rd.Hdoc.Parts {
		lit, ok := wp.(*syntax.Lit)
		if !ok {
			cur = append(cur, wp)
			continue
		}
		first := true
		for part := range strings.SplitSeq(lit.Value, "\n") {
			if !first {
				flushLine()
			}
			first = false
			part = strings.TrimLeft(part, "\t")
			cur = append(cur, &syntax.Lit{Value: part})
		}
	}
	flushLine()
	return buf.String()
}

func (r *Runner) redir(ctx context.Context, rd *syntax.Redirect) (io.Closer, error) {
	// Note that Hdoc is nil for an empty here-document.
	if rd.Op == syntax.Hdoc || rd.Op == syntax.DashHdoc {
		pr, err := r.hdocReader(ctx, rd)
		if err != nil {
			return nil, err
		}
		r.stdin = pr
		return pr, nil
	}

	if rd.N != nil && isExtraFD(rd.N.Value) {
		return r.redirExtra(ctx, rd) // fds.go
	}
	if rd.N != nil && r.bashDialect() && namedFD(rd.N.Value) != "" {
		return r.redirNamed(ctx, rd) // errtrap.go
	}
	orig := &r.stdout
	if rd.N != nil {
		switch rd.N.Value {
		case "0":
			// Note that the input redirects below always use stdin (0)
			// because we don't support anything else right now.
		case "1":
			// The default for the output redirects below.
		case "2":
			orig = &r.stderr
		default:
			return nil, fmt.Errorf("unsupported redirect fd: %v", rd.N.Value)
		}
	}
	arg := r.literal(rd.Word)
	switch rd.Op {
	case syntax.WordHdoc:
		pr, pw, err := r.newPipe(ctx, ctx)
		if err != nil {
			return nil, err
		}
		r.stdin = pr
		// We write to the pipe in a new goroutine,
		// as pipe writes may block once the buffer gets full.
		go func() {
			io.WriteString(pw, arg)
			io.WriteString(pw, "\n")
			pw.Close()
		}()
		return pr, nil
	case syntax.DplOut:
		switch arg {
		case "1":
			*orig = r.stdout
		case "2":
			*orig = r.stderr
		case "-":
			*orig = io.Discard // closing the output writer
		default:
			if fd, ok := r.fds[arg]; ok && fd.w != nil {
				*orig = fd.w // >&3 (fds.go)
				return nil, nil
			}
			if r.sandbox.dialect != nil {
				return nil, badFDError(r.fdWordText(rd.Word, arg)) // dialect.go, errtrap.go
			}
			return nil, fmt.Errorf("unhandled %v arg: %q", rd.Op, arg)
		}
		return nil, nil
	case syntax.RdrIn, syntax.RdrOut, syntax.AppOut,
		syntax.RdrAll, syntax.AppAll, syntax.RdrClob:
		// done further below
	case syntax.DplIn:
		switch arg {
		case "-":
			r.stdin = nil // closing the input file
		default:
			if fd, ok := r.fds[arg]; ok && fd.r != nil {
				stdin, err := newStdinFile(fd.r) // <&3 (fds.go)
				if err != nil {
					return nil, err
				}
				r.stdin = stdin
				return nil, nil
			}
			if r.sandbox.dialect != nil {
				return nil, badFDError(r.fdWordText(rd.Word, arg)) // dialect.go, errtrap.go
			}
			return nil, fmt.Errorf("unhandled %v arg: %q", rd.Op, arg)
		}
		return nil, nil
	default:
		return nil, fmt.Errorf("unhandled redirect op: %v", rd.Op)
	}
	mode := os.O_RDONLY
	switch rd.Op {
	case syntax.AppOut, syntax.AppAll:
		mode = os.O_WRONLY | os.O_CREATE | os.O_APPEND
	case syntax.RdrOut, syntax.RdrAll, syntax.RdrClob:
		mode = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
		if rd.Op != syntax.RdrClob && r.opts[optNoClobber] {
			if err := r.noClobber(ctx, arg); err != nil {
				return nil, err
			}
		}
	}
	f, err := r.open(ctx, arg, mode, 0o644, false)
	if err != nil {
		return nil, err
	}
	switch rd.Op {
	case syntax.RdrIn:
		stdin, err := newStdinFile(f)
		if err != nil {
			return nil, err
		}
		r.stdin = stdin
	case syntax.RdrOut, syntax.AppOut, syntax.RdrClob:
		*orig = f
	case syntax.RdrAll, syntax.AppAll:
		r.stdout = f
		r.stderr = f
	default:
		return nil, fmt.Errorf("unhandled redirect op: %v", rd.Op)
	}
	return f, nil
}

func (r *Runner) loopStmtsBroken(ctx context.Context, stmts []*syntax.Stmt) bool {
	oldInLoop := r.inLoop
	r.inLoop = true
	defer func() { r.inLoop = oldInLoop }()
	for _, stmt := range stmts {
		r.stmt(ctx, stmt)
		if r.contnEnclosing > 0 {
			r.contnEnclosing--
			return r.contnEnclosing > 0
		}
		if r.breakEnclosing > 0 {
			r.breakEnclosing--
			return true
		}
	}
	return false
}

func (r *Runner) call(ctx context.Context, pos syntax.Pos, args []string) {
	if r.stop(ctx) {
		return
	}
	if r.callHandler != nil {
		var err error
		args, err = r.callHandler(r.handlerCtx(ctx, handlerKindCall, pos), args)
		if err != nil {
			// handler's custom fatal error
			r.exit.fatal(err)
			return
		}
	}
	name := args[0]
	if body := r.Funcs[name]; body != nil {
		// stack them to support nested func calls
		oldParams := r.Params
		r.Params = args[1:]
		oldInFunc := r.inFunc
		r.inFunc = true

		// Functions run in a nested scope.
		// Note that [Runner.exec] below does something similar.
		origEnv := r.writeEnv
		r.writeEnv = &overlayEnviron{parent: r.writeEnv, funcScope: true}

		popFrame := r.pushFrame(name, r.funcSource(name))
		leave := r.enterFunc(ctx) // errtrap.go
		r.stmt(ctx, body)
		leave()
		popFrame()

		r.writeEnv = origEnv

		r.Params = oldParams
		r.inFunc = oldInFunc
		r.exit.returning = false
		return
	}
	if IsBuiltin(name) {
		r.exit = r.builtin(ctx, pos, name, args[1:])
		return
	}
	r.exec(ctx, pos, args)
}

func (r *Runner) exec(ctx context.Context, pos syntax.Pos, args []string) {
	r.execKilled(ctx, pos, args) // a KilledBy is reported (foreground.go)
}

func (r *Runner) open(ctx context.Context, path string, flags int, mode os.FileMode, print bool) (io.ReadWriteCloser, error) {
	// Every open goes to the handler: the interpreter makes no FIFO of its
	// own, so no name is opened on the real machine (sandbox.go).
	f, err := r.openHandler(r.handlerCtx(ctx, handlerKindOpen, todoPos), path, flags, mode)
	// TODO: support wrapped PathError returned from openHandler.
	switch err.(type) {
	case nil:
		return f, nil
	case *os.PathError:
		if print {
			r.errf("%v\n", err)
		}
	default: // handler's custom fatal error
		r.exit.fatal(err)
	}
	return nil, err
}

func (r *Runner) stat(ctx context.Context, name string) (fs.FileInfo, error) {
	path := absPath(r.Dir, name)
	return r.statHandler(r.handlerCtx(ctx, handlerKindStat, todoPos), path, true)
}

func (r *Runner) lstat(ctx context.Context, name string) (fs.FileInfo, error) {
	path := absPath(r.Dir, name)
	return r.statHandler(r.handlerCtx(ctx, handlerKindStat, todoPos), path, false)
}

func (r *Runner) access(ctx context.Context, name string, mode AccessMode) error {
	path := absPath(r.Dir, name)
	return r.accessHandler(r.handlerCtx(ctx, handlerKindAccess, todoPos), path, mode)
}
