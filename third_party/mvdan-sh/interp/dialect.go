// Patched for hostile (see ../PATCHES.md, "Behaviour patches"): the runner's
// own errors as the shell it stands for words them, with its prefix, and the
// statuses and exits that go with them.

package interp

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"mvdan.cc/sh/v3/expand"
	"mvdan.cc/sh/v3/syntax"
)

// Dialect is the shell whose messages and error statuses the runner gives.
type Dialect struct {
	// Dash words errors as dash does and makes them exit the shell where
	// POSIX's special builtins and expansions must; otherwise bash.
	Dash bool
	// Prefix starts each error line given the script line it is on and
	// the file of the function or sourced file running ("" at the top
	// level; "environment" for a -c string's function): "bash: line 1: ",
	// "sh: 1: ", "/tmp/lib.sh: line 2: ".
	Prefix func(line uint, source string) string
	// Name is the shell's name, which starts the messages that name no line:
	// "bash", "sh".
	Name func() string
	// Interactive is a shell at a terminal: bash's i, m and H.
	Interactive bool
	// Invocation is what ends bash's $-: "c" for a -c string, "s" for
	// commands read from stdin.
	Invocation func() string
	// HostVars names the variables the host exports to programs although
	// the runner keeps them unexported (bash's PWD and OLDPWD), which
	// export -p lists.
	HostVars func() []string
	// NullListAlternateNoWord is bash before 5.2: "${@:+w}" whose list joins
	// to the empty string gives no word at all, where 5.2 gives one empty word.
	NullListAlternateNoWord bool
	// DeclareANSIC is bash 5.2's declare -p, which quotes a value holding a
	// control character as $'...'; 5.1 keeps it in double quotes.
	DeclareANSIC bool
	// EvalSyntaxError words a parse error of eval's text as the shell does
	// (bash: "bash: eval: line 2: syntax error: unexpected end of file",
	// status 2); "" leaves the interpreter's words.
	EvalSyntaxError func(text string, err error) string
	// Shopt are bash's shopt options in the order bash lists them, with
	// their state when the shell starts (shopt.go); nil keeps the
	// interpreter's own shopt.
	Shopt []ShoptOption
	// ExecutionString is bash's BASH_EXECUTION_STRING: the text of a -c
	// shell; isC is false for a shell reading a file or a terminal.
	ExecutionString func() (text string, isC bool)
	// BadSubstitution names the parameters that stand for a substitution
	// the shell parsed but fails when it expands it, with the text written
	// (the host puts them in place of what the parser refuses).
	BadSubstitution func(name string) (text string, bad bool)
	// ScriptFile is the script file the shell runs, bash's main frame of
	// FUNCNAME and BASH_SOURCE (callstack.go); "" for a -c string.
	ScriptFile func() string
}

// WithDialect sets the dialect. Without one, errors are bare and statuses the
// interpreter's own, as released.
func WithDialect(d Dialect) RunnerOption {
	return func(r *Runner) error {
		r.sandbox.dialect = &d
		if r.ecfg != nil {
			r.updateExpandOpts()
		}
		return nil
	}
}

func (r *Runner) bashDialect() bool { return r.sandbox.dialect != nil && !r.sandbox.dialect.Dash }
func (r *Runner) dashDialect() bool { return r.sandbox.dialect != nil && r.sandbox.dialect.Dash }

// shErrf prints one error line, in one write, with the dialect's prefix for
// the statement being run.
func (r *Runner) shErrf(format string, a ...any) {
	if d := r.sandbox.dialect; d != nil && d.Prefix != nil {
		format = strings.ReplaceAll(d.Prefix(r.sandbox.line, r.errSource()), "%", "%%") + format
	}
	r.errf(format, a...)
}

// readOnlyErr reports an assignment to a read-only variable: bash fails the
// command with 1, dash exits with 2.
func (r *Runner) readOnlyErr(name string) {
	if r.dashDialect() {
		r.shErrf("%s: is read only\n", name)
		r.exit.code, r.exit.exiting = 2, true
		return
	}
	r.shErrf("%s: readonly variable\n", name)
	r.exit.code = 1
}

// dialectExpandErr reports an expansion's error as the dialect does and sets
// the status; handled is false without a dialect.
func (r *Runner) dialectExpandErr(err error) (handled bool) {
	if r.sandbox.dialect == nil {
		return false
	}
	dash := r.sandbox.dialect.Dash
	if unset, ok := errors.AsType[expand.UnsetParameterError](err); ok {
		name := unset.Node.Param.Value
		msg := unsetMessage(unset, dash)
		if msg == "$unbound variable" {
			name, msg = "$"+name, "unbound variable" // bash names $1 so
		}
		r.shErrf("%s: %s\n", name, msg)
		// A non-interactive shell exits: bash -c with 127, bash reading a
		// script file or stdin (and a subshell) with 1, dash with 2.
		cString := true
		if es := r.sandbox.dialect.ExecutionString; es != nil {
			_, cString = es()
		}
		switch {
		case dash:
			r.exit.code = 2
		case r.sandbox.bashPID != 0, !cString:
			r.exit.code = 1
		default:
			r.exit.code = 127
		}
		r.exit.exiting = true
		return true
	}
	if nomatch, ok := errors.AsType[expand.NoMatchError](err); ok && !dash {
		r.shErrf("%v\n", nomatch) // failglob: the line given up (errtrap.go)
		r.exit.code, r.exit.exiting, r.exit.abandon = 1, true, true
		return true
	}
	if bad, ok := errors.AsType[expand.BadSubstitutionError](err); ok {
		// the line given up, as any expansion's error: bash with 1, dash 2
		if dash {
			r.shErrf("Bad substitution\n")
			r.exit.code = 2
		} else {
			r.shErrf("%s: bad substitution\n", bad.Text)
			r.exit.code = 1
			r.exit.abandon = true // the line, not the shell (errtrap.go)
		}
		r.exit.exiting = true
		return true
	}
	if errors.Is(err, errReadOnly) {
		msg := err.Error()
		if dash {
			msg = strings.TrimSuffix(msg, "readonly variable") + "is read only"
		}
		r.shErrf("%s\n", msg)
		r.exit.code = 1
		if dash {
			r.exit.code, r.exit.exiting = 2, true
		}
		return true
	}
	var arith *expand.ArithmError
	if errors.As(err, &arith) {
		if dash && arith.DashBare {
			r.shErrf("%s\n", arith.DashMsg)
			r.exit.code, r.exit.exiting = 2, true
			return true
		}
		if dash {
			r.shErrf("arithmetic expression: %s: \"%s\"\n", arith.DashMsg, arith.Expr)
			r.exit.code, r.exit.exiting = 2, true
			return true
		}
		// bash gives up the line it was running: for `bash -c` and one
		// line of ssh, the shell.
		r.shErrf("%s%s: %s (error token is \"%s\")\n", r.sandbox.arithCmd, arith.Expr, arith.Msg, arith.Token)
		r.exit.code = 1
		if r.sandbox.arithCmd == "" {
			r.exit.exiting, r.exit.abandon = true, true // the line, not the shell (errtrap.go)
		}
		return true
	}
	r.shErrf("%v\n", err)
	return true
}

func unsetMessage(u expand.UnsetParameterError, dash bool) string {
	switch {
	case u.Message == "unbound variable" && dash:
		return "parameter not set"
	case u.Message == "unbound variable" && syntax.ValidName(u.Node.Param.Value):
		return u.Message
	case u.Message == "unbound variable":
		return "$unbound variable" // a positional parameter, named with its $
	case u.Message != "":
		return u.Message
	case u.Node.Exp != nil && u.Node.Exp.Op.String() == ":?" && dash:
		return "parameter not set or null"
	case u.Node.Exp != nil && u.Node.Exp.Op.String() == ":?":
		return "parameter null or not set"
	}
	return "parameter not set"
}

// builtinErr reports a builtin's error, "name: msg", as the dialect words it
// (dashMsg, when not empty, is dash's text) and sets the status. In dash,
// whose special builtins' errors end the shell, it exits with 2.
func (r *Runner) builtinErr(exit *exitStatus, code uint8, name, bashMsg, dashMsg string) {
	msg := bashMsg
	if r.dashDialect() && dashMsg != "" {
		msg = dashMsg
	}
	r.shErrf("%s: %s\n", name, msg)
	exit.code = code
	if r.dashDialect() && dashMsg != "" {
		exit.code = 2
		exit.exiting = true
	}
}

func args0(args []string) string {
	if len(args) == 0 {
		return ""
	}
	return args[0]
}

// arithmIn evaluates the arithmetic of a command (`((expr))`, `let expr`),
// whose errors bash prefixes with the command's name and which fail only
// that command. The expression is written between from and to.
func (r *Runner) arithmIn(cmd string, x syntax.ArithmExpr, from, to uint) int {
	if r.bashDialect() {
		// from its text, as bash computes it (expand/bash_arith.go)
		n, err := expand.BashArithm(r.ecfg, x, from, to, cmd == "let: ")
		if err != nil {
			r.sandbox.arithCmd = cmd
			defer func() { r.sandbox.arithCmd = "" }()
		}
		r.expandErr(err)
		return n
	}
	n, err := expand.Arithm(r.ecfg, x)
	if ae, ok := errors.AsType[*expand.ArithmError](err); ok && r.bashDialect() {
		// A bad constant names itself (expand.invalidConstant), but let
		// still names its whole argument, as bash does.
		if preset := ae.Token; preset == "" || cmd == "let: " {
			ae.Place(x, from, to, false)
			if preset != "" {
				ae.Token = preset
			}
		}
		if cmd == "let: " {
			ae.Token = strings.TrimLeft(ae.Token, " ")
		}
		r.sandbox.arithCmd = cmd
		defer func() { r.sandbox.arithCmd = "" }()
	}
	r.expandErr(err)
	return n
}

// isPipeline reports whether st is a pipeline of two commands or more, whose
// elements' statuses make $PIPESTATUS.
func isPipeline(st *syntax.Stmt) bool {
	b, ok := st.Cmd.(*syntax.BinaryCmd)
	return ok && (b.Op == syntax.Pipe || b.Op == syntax.PipeAll)
}

// dialectVar is one of bash's variables the runner keeps: $PIPESTATUS,
// $BASH_SUBSHELL and $_ (the last argument of the last simple command, else
// what the environment gave). Unset in dash, which has none of them but $_.
func (r *Runner) dialectVar(name string) expand.Variable {
	switch {
	case name == "_" && r.sandbox.dialect != nil && r.sandbox.lastArg != nil:
		return expand.Variable{Set: true, Kind: expand.String, Str: *r.sandbox.lastArg}
	case !r.bashDialect():
	case name == "PIPESTATUS" && r.sandbox.pipeStatus != nil:
		return expand.Variable{Set: true, Kind: expand.Indexed, List: r.sandbox.pipeStatus}
	case name == "BASH_SUBSHELL":
		return expand.Variable{Set: true, Kind: expand.String, Str: strconv.Itoa(r.sandbox.subshells)}
	}
	if vr := r.writeEnv.Get(name); vr.Declared() {
		return vr
	}
	return expand.Variable{}
}

// dashLacks are bash's dynamic variables, which dash does not have.
var dashLacks = map[string]bool{"RANDOM": true, "SRANDOM": true, "BASHPID": true, "DIRSTACK": true}

// bashOptFlags is bash's $-: its one-letter options in bash's order, then c
// for a -c string or s for commands read from stdin (Dialect.Invocation).
func (r *Runner) bashOptFlags() string {
	tty := r.sandbox.dialect.Interactive
	on := map[byte]bool{'h': true, 'B': true, 'i': tty, 'm': tty, 'H': tty}
	for i, opt := range &posixOptsTable {
		if opt.flag != ' ' {
			on[opt.flag] = r.opts[i]
		}
	}
	var flags []byte
	for _, f := range []byte("abefhikmnptuvxBCEHPT") {
		if on[f] {
			flags = append(flags, f)
		}
	}
	if inv := r.sandbox.dialect.Invocation; inv != nil {
		flags = append(flags, inv()...)
	}
	return string(flags)
}

// trapSignals are Linux's signals by number, as trap names them.
var trapSignals = []string{1: "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV",
	"USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU",
	"XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS"}

// trapSignal is the number of a trap's condition (EXIT is 0), from its name
// with or without SIG, in any case, or its number; ok is false for ERR and
// for what names no signal.
func trapSignal(spec string) (int, bool) {
	if n, err := strconv.Atoi(spec); err == nil {
		return n, n >= 0 && n < len(trapSignals)
	}
	name := strings.TrimPrefix(strings.ToUpper(spec), "SIG")
	if name == "EXIT" {
		return 0, true
	}
	for n, s := range trapSignals {
		if s != "" && s == name {
			return n, true
		}
	}
	return 0, false
}

// dialectTrap is trap as bash and dash have it: every signal's command is
// kept, and listed by -p (or with no arguments) as
// `trap -- 'cmd' SIGINT`. The host delivers no signal to a trap; EXIT and
// ERR run as the interpreter runs them.
func (r *Runner) dialectTrap(args []string) (exit exitStatus) {
	print := false
	if len(args) > 0 && args[0] == "-p" {
		print, args = true, args[1:]
	}
	if len(args) > 0 && args[0] == "--" {
		args = args[1:]
	}
	if len(args) > 0 && args[0] == "-l" {
		if r.dashDialect() {
			r.shErrf("trap: Illegal option -l\n")
			exit.code = 2
			return exit
		}
		r.out(signalList()) // errtrap.go
		return exit
	}
	if print || len(args) == 0 {
		r.printTraps(args)
		return exit
	}
	r.forgetInherited() // signals.go
	callback := args[0]
	specs := args[1:]
	if len(args) == 1 {
		callback, specs = "-", args // a lone condition is reset
	}
	for _, spec := range specs {
		cmd := callback
		if cmd == "-" {
			cmd = ""
		}
		if strings.ToUpper(spec) == "ERR" && !r.dashDialect() {
			r.callbackErr = cmd
			continue
		}
		if strings.ToUpper(spec) == "RETURN" && !r.dashDialect() {
			r.callbackReturn = cmd
			continue
		}
		n, ok := trapSignal(spec)
		if !ok {
			if r.dashDialect() {
				r.errf("trap: %s: bad trap\n", spec) // dash says it without its prefix
			} else {
				r.shErrf("trap: %s: invalid signal specification\n", spec)
			}
			exit.code = 1
			continue
		}
		if n == 0 {
			r.callbackExit = cmd
			continue
		}
		if r.entryIgnored(n) && !r.dashDialect() && !r.jobControl() {
			continue // bash keeps a signal ignored on entry as it was (signals.go)
		}
		if r.sandbox.traps == nil {
			r.sandbox.traps = map[int]*string{}
		}
		if callback == "-" {
			delete(r.sandbox.traps, n)
			continue
		}
		r.sandbox.traps[n] = &cmd
	}
	return exit
}

// printTraps lists the traps set for the conditions named, or for all.
func (r *Runner) printTraps(specs []string) {
	line := func(cmd, cond string) {
		if !r.dashDialect() && cond != "EXIT" && cond != "ERR" && cond != "RETURN" {
			cond = "SIG" + cond
		}
		r.outf("trap -- %s %s\n", "'"+strings.ReplaceAll(cmd, "'", `'\''`)+"'", cond)
	}
	wanted := func(n int) bool {
		if len(specs) == 0 {
			return true
		}
		for _, s := range specs {
			if m, ok := trapSignal(s); ok && m == n {
				return true
			}
		}
		return false
	}
	if r.callbackExit != "" && wanted(0) {
		line(r.callbackExit, "EXIT")
	}
	for n := 1; n < len(trapSignals); n++ {
		if cmd, ok := r.sandbox.traps[n]; ok && wanted(n) {
			line(*cmd, trapSignals[n])
		} else if !ok && wanted(n) && r.entryIgnored(n) && !r.dashDialect() {
			line("", trapSignals[n]) // bash lists a signal ignored on entry
		}
	}
	named := func(cond string) bool {
		return len(specs) == 0 || slices.ContainsFunc(specs, func(s string) bool { return strings.ToUpper(s) == cond })
	}
	if r.callbackErr != "" && named("ERR") {
		line(r.callbackErr, "ERR")
	}
	if r.callbackReturn != "" && named("RETURN") {
		line(r.callbackReturn, "RETURN")
	}
}

// badFDError is a duplication from a descriptor the shell has not opened:
// the interpreter keeps only 0, 1 and 2.
type badFDError string

func (e badFDError) Error() string { return string(e) + ": Bad file descriptor" }

// readOptions are read's -d, -n/-N and -t, which the released interpreter
// lacked (`read -d "" -r v`, `read -t 5 answer`, `read -n 1 key` in
// installers).
type readOptions struct {
	delim    byte // -d: the byte ending the line ('\n'; NUL for "")
	hasDelim bool
	nchars   int           // -n, -N: at most this many bytes, 0 for no bound
	timeout  time.Duration // -t: fails with 142 past it, 0 for none
	exact    bool          // -N: the bytes as they are, into one variable
}

// set takes one option's value; ok is false when it has none.
func (o *readOptions) set(flag string, fp *flagParser) (code uint8, ok bool) {
	if flag == "-e" {
		return 0, true // readline is for a terminal, which the shell never has
	}
	if len(fp.remaining) == 0 {
		return 2, false
	}
	v := fp.value()
	switch flag {
	case "-d":
		o.delim, o.hasDelim = 0, true
		if v != "" {
			o.delim = v[0]
		}
	case "-n", "-N":
		o.nchars, _ = strconv.Atoi(v)
	case "-t":
		secs, _ := strconv.ParseFloat(v, 64)
		o.timeout = time.Duration(secs * float64(time.Second))
	}
	return 0, true
}

// readOpts reads one line as readLine does, ended by the -d byte or after
// -n bytes, within the -t timeout.
func (r *Runner) readOpts(ctx context.Context, raw bool, o readOptions) ([]byte, error) {
	if !o.hasDelim && o.nchars == 0 && o.timeout == 0 {
		return r.readLine(ctx, raw)
	}
	if o.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, o.timeout)
		defer cancel()
	}
	delim := byte('\n')
	if o.hasDelim {
		delim = o.delim
	}
	var line []byte
	for o.nchars == 0 || len(line) < o.nchars {
		b, err := r.readByte(ctx)
		if err != nil {
			return line, err
		}
		if b == delim {
			return line, nil
		}
		line = append(line, b)
	}
	return line, nil
}

// readByte reads one byte of stdin, as readLine does, cancelled with ctx.
func (r *Runner) readByte(ctx context.Context) (byte, error) {
	if r.stdin == nil {
		return 0, errors.New("interp: can't read, there's no stdin")
	}
	stopc := make(chan struct{})
	stop := context.AfterFunc(ctx, func() {
		r.stdin.SetReadDeadline(time.Now())
		close(stopc)
	})
	defer func() {
		if !stop() {
			<-stopc
			r.stdin.SetReadDeadline(time.Time{})
		}
	}()
	var buf [1]byte
	for {
		n, err := r.stdin.Read(buf[:])
		if n > 0 {
			return buf[0], nil
		}
		if err != nil {
			return 0, err
		}
	}
}

// clobberError is a > redirection that set -C (noclobber) refuses because
// the file exists: bash fails the command with 1, dash with 2.
type clobberError struct {
	path string
	dash bool
}

func (e clobberError) Error() string {
	if e.dash {
		return "cannot create " + e.path + ": File exists"
	}
	return e.path + ": cannot overwrite existing file"
}

// noClobber refuses to truncate an existing regular file under set -C;
// > still writes to a device such as /dev/null, as in bash and dash.
func (r *Runner) noClobber(ctx context.Context, path string) error {
	info, err := r.stat(ctx, path)
	if err != nil || !info.Mode().IsRegular() {
		return nil
	}
	return clobberError{path: path, dash: r.dashDialect()}
}
