// Patched for hostile (see ../PATCHES.md, "Behaviour patches"): bash's ERR
// trap as bash runs it: after a command that fails (a simple command, a
// subshell, (( )), [[ ]], a function call), not again for the compound
// commands around it, and inside functions and subshells only under set -E
// (errtrace); the RETURN trap after a function (set -T), and BASH_COMMAND.

package interp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"mvdan.cc/sh/v3/expand"
	"mvdan.cc/sh/v3/internal"
	"mvdan.cc/sh/v3/syntax"
)

// errTrapCommand reports whether the failure of cmd runs the ERR trap in
// bash: the compound commands (if, for, while, case, { }) only pass the
// status of a command within, whose failure ran it already.
func errTrapCommand(cmd syntax.Command) bool {
	switch cmd.(type) {
	case *syntax.Block, *syntax.IfClause, *syntax.WhileClause, *syntax.ForClause,
		*syntax.CaseClause, *syntax.FuncDecl:
		return false
	}
	return true
}

// runErrTrap runs the ERR trap after st failed, where bash would.
func (r *Runner) runErrTrap(ctx context.Context, st *syntax.Stmt) {
	if r.bashDialect() && (r.errTrapOff > 0 || r.exit.exiting || !errTrapCommand(st.Cmd)) {
		return
	}
	r.trapCallback(ctx, r.callbackErr, "error")
}

// noteCommand keeps the text of the command st starts, bash's BASH_COMMAND,
// as print_cmd.c writes it; a trap's own commands leave it as it was.
func (r *Runner) noteCommand(st *syntax.Stmt) {
	if r.handlingTrap || !r.bashDialect() || !errTrapCommand(st.Cmd) {
		return
	}
	if b, ok := st.Cmd.(*syntax.BinaryCmd); ok && b.Op != syntax.Pipe && b.Op != syntax.PipeAll {
		return // && and || lists: each side is noted as it runs
	}
	var fp funcPrinter
	fp.stmt(st, 0)
	r.bashCommand = fp.String()
}

// enterFunc hides the ERR trap from a function's body unless errtrace is
// on, and returns what to run when the function returns: its RETURN trap,
// which bash runs only under functrace, or when it was set in this very
// function.
func (r *Runner) enterFunc(ctx context.Context) (leave func()) {
	if !r.bashDialect() {
		return func() {}
	}
	hidden := !r.opts[optErrTrace]
	if hidden {
		r.errTrapOff++
	}
	outer := r.callbackReturn
	if !r.opts[optFuncTrace] {
		r.callbackReturn = ""
	}
	return func() {
		if hidden {
			r.errTrapOff--
		}
		if r.callbackReturn != "" {
			code, returning := r.exit, r.exit.returning
			r.trapCallback(ctx, r.callbackReturn, "return")
			r.exit, r.exit.returning = code, returning
		}
		if !r.opts[optFuncTrace] && r.callbackReturn == "" {
			r.callbackReturn = outer
		}
	}
}

// inheritTraps gives a subshell the traps bash keeps in one: ERR under
// errtrace, RETURN under functrace; the others are reset.
func (r *Runner) inheritTraps(r2 *Runner) {
	if r.sandbox.dialect != nil {
		r2.sandbox.parentBang = r.lookupVar("!").Str // $! in $( ) is the parent's
	}
	if !r.bashDialect() {
		return
	}
	r2.bashCommand = r.bashCommand
	if r.opts[optErrTrace] {
		r2.callbackErr, r2.errTrapOff = r.callbackErr, r.errTrapOff
	}
	if r.opts[optFuncTrace] {
		r2.callbackReturn = r.callbackReturn
	}
}

// signalList is bash's trap -l (and kill -l): Linux's signals by number, five
// to a line, the real-time ones named from SIGRTMIN and SIGRTMAX.
func signalList() string {
	var b strings.Builder
	n := 0
	for sig := 1; sig <= 64; sig++ {
		var name string
		switch {
		case sig < len(trapSignals):
			name = "SIG" + trapSignals[sig]
		case sig < 34:
			continue // 32 and 33 are glibc's own
		case sig == 34:
			name = "SIGRTMIN"
		case sig < 50:
			name = "SIGRTMIN+" + strconv.Itoa(sig-34)
		case sig < 64:
			name = "SIGRTMAX-" + strconv.Itoa(64-sig)
		default:
			name = "SIGRTMAX"
		}
		n++
		fmt.Fprintf(&b, "%2d) %s", sig, name)
		if n%5 == 0 {
			b.WriteString("\n")
		} else {
			b.WriteString("\t")
		}
	}
	if n%5 != 0 {
		b.WriteString("\n")
	}
	return b.String()
}

// lastInSubshell reports whether the last command of a pipeline runs in a
// subshell of its own, as in bash and dash (`echo x | read v` leaves v as it
// was): all but bash's with lastpipe on and no job control. The released
// interpreter ran it in the shell itself.
func (r *Runner) lastInSubshell() bool {
	if r.sandbox.dialect == nil {
		return false
	}
	if r.bashDialect() && !r.sandbox.dialect.Interactive {
		if on, _ := r.shoptState("lastpipe"); on {
			return false
		}
	}
	return true
}

// subshellExit runs the EXIT trap a subshell set for itself when it ends, as
// bash and dash do: `(trap 'rm -f "$tmp"' EXIT; ...)`. The parent's trap is
// not the subshell's (subshell does not copy it).
func (r *Runner) subshellExit(ctx context.Context) {
	if r.sandbox.dialect != nil {
		r.trapCallback(ctx, r.callbackExit, "exit")
	}
}

// setGlobalVar is declare -g in a function: the variable of the shell's
// global scope, past any local of the same name, which stays as it is.
func (r *Runner) setGlobalVar(name string, vr expand.Variable) {
	env := r.writeEnv
	for {
		o, ok := env.(*overlayEnviron)
		if !ok || !o.funcScope {
			break
		}
		env = o.parent.(expand.WriteEnviron)
	}
	if r.opts[optAllExport] {
		vr.Exported = true
	}
	if err := env.Set(name, vr); err != nil {
		if errors.Is(err, errReadOnly) {
			r.readOnlyErr(name)
			return
		}
		r.errf("%s: %v\n", name, err)
		r.exit.code = 1
	}
}

// Shopt is the state of one of bash's shopt options in the shell that runs
// the handler (patched for hostile: the host's type reads expand_aliases).
func (hc HandlerContext) Shopt(name string) (on, ok bool) {
	r := hc.runner
	if r.sandbox.dialect != nil {
		if on, ok := r.shoptState(name); ok {
			return on, true
		}
	}
	// a bash without the dialect's list (before 5.1): the options the
	// interpreter acts on
	if p, supported := r.bashOptByName(name); p != nil && supported {
		return *p, true
	}
	return false, false
}

// Source is the file of the function or sourced file the handler runs in,
// which bash names in its errors ("" at the top level; "environment" for a
// -c string's function; patched for hostile).
func (hc HandlerContext) Source() string {
	return hc.runner.errSource()
}

// errSource is the file of the innermost function or sourced file running,
// "" at the top level.
func (r *Runner) errSource() string {
	if n := len(r.sandbox.frames); n > 0 {
		return r.sandbox.frames[n-1].source
	}
	return ""
}

// assignsBeforeRedirs reports a command of assignments alone, which bash
// makes before its redirections: `r=2 2>/dev/null` on a read-only r says
// so on the stderr the shell had, and `x=$(cmd) 2>/dev/null` lets cmd's
// errors through. dash redirects first.
func (r *Runner) assignsBeforeRedirs(cmd syntax.Command) bool {
	call, ok := cmd.(*syntax.CallExpr)
	return ok && r.bashDialect() && len(call.Args) == 0 && len(call.Assigns) > 0
}

// dashSpecialCall reports a call of one of POSIX's special builtins, whose
// failed redirection ends dash (`exec 3</nope; echo after` prints nothing,
// status 2), where another command's only fails it.
func dashSpecialCall(cmd syntax.Command) bool {
	call, ok := cmd.(*syntax.CallExpr)
	if !ok || len(call.Args) == 0 {
		return false
	}
	switch call.Args[0].Lit() {
	case ":", ".", "break", "continue", "eval", "exec", "exit", "export", "readonly",
		"return", "set", "shift", "times", "trap", "unset":
		return true
	}
	return false
}

// namedFD is the variable of bash's {name}> redirection, "" for another.
func namedFD(n string) string {
	if len(n) > 2 && n[0] == '{' && n[len(n)-1] == '}' && syntax.ValidName(n[1:len(n)-1]) {
		return n[1 : len(n)-1]
	}
	return ""
}

// redirNamed is bash's `exec {fd}>file`: the descriptor is the lowest free
// one from 10, its number put in the variable; `{fd}>&-` closes the one the
// variable holds. Lock and log idioms use it (`exec {lock}>/run/x.lock`).
func (r *Runner) redirNamed(ctx context.Context, rd *syntax.Redirect) (io.Closer, error) {
	name := namedFD(rd.N.Value)
	if (rd.Op == syntax.DplOut || rd.Op == syntax.DplIn) && r.literal(rd.Word) == "-" {
		n := r.lookupVar(name).String()
		if open, ok := r.fds[n]; ok {
			if open.owned != nil {
				open.owned.Close()
			}
			delete(r.fds, n)
		}
		return nil, nil
	}
	n := 10
	for {
		if _, taken := r.fds[strconv.Itoa(n)]; !taken {
			break
		}
		n++
	}
	numbered := *rd
	numbered.N = &syntax.Lit{ValuePos: rd.N.ValuePos, ValueEnd: rd.N.ValueEnd, Value: strconv.Itoa(n)}
	cls, err := r.redirExtra(ctx, &numbered)
	if err == nil {
		r.setVarString(name, strconv.Itoa(n))
	}
	return cls, err
}

// fdWordText is how a shell names the descriptor word of a failed >&word:
// bash as the word is written (`"$fd": Bad file descriptor`), dash as it
// expanded.
func (r *Runner) fdWordText(w *syntax.Word, expanded string) string {
	if !r.bashDialect() || w == nil {
		return expanded
	}
	var b strings.Builder
	if err := syntax.NewPrinter().Print(&b, w); err != nil {
		return expanded
	}
	return b.String()
}

// appendedElem is the value a[i]+=v gives the element: what it held with v
// after it (the released runner appended to the whole array's first).
func (r *Runner) appendedElem(prev expand.Variable, as *syntax.Assign) expand.Variable {
	old := ""
	switch prev.Kind {
	case expand.Associative:
		if k, err := expand.AssocKey(r.ecfg, as.Index); err == nil {
			old = prev.Map[k]
		}
	case expand.Indexed:
		k := r.arithm(as.Index)
		if k < 0 {
			k += internal.IndexedMax(prev.List, prev.Indexes) + 1
		}
		if prev.Indexes == nil {
			if k >= 0 && k < len(prev.List) {
				old = prev.List[k]
			}
		} else if i, ok := slices.BinarySearch(prev.Indexes, k); ok {
			old = prev.List[i]
		}
	case expand.String:
		if r.arithm(as.Index) == 0 {
			old = prev.Str
		}
	}
	return expand.Variable{Set: true, Kind: expand.String, Str: r.attrValue(prev, old, r.literal(as.Value))}
}

// topLevel runs a text's commands. When bash gives up a line (an
// arithmetic or substitution error, a read-only assignment, failglob), it
// goes on with the next: the commands after on the same line do not run,
// and $? is the error's status.
func (r *Runner) topLevel(ctx context.Context, stmts []*syntax.Stmt) {
	var skip uint
	for _, st := range stmts {
		if skip != 0 && st.Pos().Line() <= skip {
			continue
		}
		skip = 0
		r.stmt(ctx, st)
		if r.lineGivenUp() {
			skip = st.End().Line()
		}
	}
}

// lineGivenUp ends bash's giving up of a line, the shell going on; false
// when it was not giving one up.
func (r *Runner) lineGivenUp() bool {
	if !r.exit.abandon {
		return false
	}
	r.exit.abandon, r.exit.exiting = false, false
	r.lastExit = r.exit
	return true
}

// validRefName reports whether declare -n may point at s: a name, or an
// element of one (a[1]).
func validRefName(s string) bool {
	if name, _, ok := strings.Cut(s, "["); ok && strings.HasSuffix(s, "]") {
		return syntax.ValidName(name)
	}
	return syntax.ValidName(s)
}

// setNamedValue sets what a builtin names as its output's variable
// (printf -v NAME): a variable or an element, a[i] or m[key]; another word
// is refused as bash does, status 2.
func (r *Runner) setNamedValue(exit *exitStatus, builtin, target, value string) {
	if !validRefName(target) {
		r.builtinErr(exit, 2, builtin, "`"+target+"': not a valid identifier", "")
		return
	}
	name, sub, indexed := strings.Cut(target, "[")
	if !indexed {
		r.setVarString(name, value)
		return
	}
	sub = strings.TrimSuffix(sub, "]")
	prev := r.lookupVar(name)
	var index syntax.ArithmExpr = &syntax.Word{Parts: []syntax.WordPart{&syntax.Lit{Value: sub}}}
	if prev.Kind != expand.Associative {
		n, err := expand.ArithmString(r.ecfg, sub)
		if err != nil {
			r.expandErr(err)
			return
		}
		index = &syntax.Word{Parts: []syntax.WordPart{&syntax.Lit{Value: strconv.Itoa(n)}}}
	}
	r.setVarWithIndex(prev, name, index, expand.Variable{Set: true, Kind: expand.String, Str: value})
}

// caller is bash's caller: with no argument the line and file a function
// was called from ("NULL" for a -c string's top level), with N the line,
// function and file of the Nth frame up; status 1 outside a function or
// past the stack.
func (r *Runner) caller(args []string) (exit exitStatus) {
	funcs, _ := r.callStackVar("FUNCNAME")
	sources, _ := r.callStackVar("BASH_SOURCE")
	lines, _ := r.callStackVar("BASH_LINENO")
	if len(args) > 0 && strings.HasPrefix(args[0], "-") && args[0] != "-" {
		r.builtinErr(&exit, 2, "caller", args[0]+": invalid option", "")
		r.errf("caller: usage: caller [expr]\n")
		return exit
	}
	if !funcs.IsSet() {
		exit.code = 1
		return exit
	}
	if len(args) == 0 {
		file := "NULL"
		if len(sources.List) > 1 {
			file = sources.List[1]
		}
		r.outf("%s %s\n", lines.List[0], file)
		return exit
	}
	n, err := strconv.Atoi(args[0])
	if err != nil {
		r.builtinErr(&exit, 2, "caller", args[0]+": invalid number", "")
		r.errf("caller: usage: caller [expr]\n")
		return exit
	}
	if n+1 >= len(funcs.List) || n+1 >= len(sources.List) || n >= len(lines.List) {
		exit.code = 1
		return exit
	}
	r.outf("%s %s %s\n", lines.List[n], funcs.List[n+1], sources.List[n+1])
	return exit
}

// evalText is eval's text as the parser reads it: in bash, its first line
// is the line the eval command ends on, for $LINENO and the errors within.
func (r *Runner) evalText(src string) string {
	if !r.bashDialect() || r.sandbox.endLine < 2 {
		return src
	}
	return strings.Repeat("\n", int(r.sandbox.endLine)-1) + src
}

// keepProcSubsts hands the process substitutions a pipeline's last command
// started in its subshell to the shell, whose wait waits for them, as it did
// when that command ran in the shell itself (`cmd | tee >(sed ...); wait`):
// they go on writing after the subshell ends, as bash's do.
func (r *Runner) keepProcSubsts(sub *Runner) {
	for _, bg := range sub.bgProcs {
		if bg.end == nil {
			r.bgProcs = append(r.bgProcs, bg)
		}
	}
}
