package shell

import (
	"context"
	"fmt"

	"mvdan.cc/sh/v3/interp"
)

// builtinCmd is the internal command name the call handler gives a builtin
// that the host answers in place of the interpreter's (see RegisterBuiltin).
const builtinCmd = "\x00builtin"

// Builtin is a shell builtin the host answers itself, where the interpreter
// lacks it or words it unlike bash (printf's conversions, test's messages).
// It runs inside the shell, not as a process: it is neither in the process
// table nor in the event log, as a real builtin is not. errorf prints one of
// its messages with the shell's prefix ("bash: line 1: printf: ").
type Builtin struct {
	Name string
	// Takes reports whether the host answers this call in a shell of that
	// flavour ("bash", "ksh", "dash", "sh"): bash's printf -v, which sets a
	// variable, stays with the interpreter. Nil takes every call.
	Takes func(flavour string, args []string) bool
	Run   func(p *Proc, errorf func(format string, args ...any)) int
}

var builtins = map[string]Builtin{}

// RegisterBuiltin makes the host answer a builtin in every shell; it panics
// when the name is taken, a programming error.
func RegisterBuiltin(b Builtin) {
	if _, dup := builtins[b.Name]; dup {
		panic("shell: builtin registered twice: " + b.Name)
	}
	builtins[b.Name] = b
}

// hostBuiltin reports whether args is a call the host answers.
func (sh *shellProc) hostBuiltin(args []string) bool {
	b, ok := builtins[args[0]]
	return ok && (b.Takes == nil || b.Takes(sh.flavour, args))
}

// runBuiltin runs a registered builtin with the shell's streams, directory and
// exported variables. None of the builtins reads its stdin.
func (sh *shellProc) runBuiltin(ctx context.Context, args []string) int {
	hc := interp.HandlerCtx(ctx)
	p := &Proc{
		Ctx: ctx, Argv: args, Stdin: hc.Stdin,
		Stdout: orDiscard(hc.Stdout), Stderr: orDiscard(hc.Stderr),
		Dir: hc.Dir, Env: environ(hc.Env), User: sh.acct, M: sh.machine(), PID: sh.pid, Umask: sh.umask.get(hc), sess: sh.sess, flavour: sh.flavour,
	}
	prefix := sh.hcPrefix(hc) + args[0] + ": "
	errorf := func(format string, a ...any) {
		fmt.Fprintf(p.Stderr, "%s%s\n", prefix, fmt.Sprintf(format, a...))
	}
	out := trackStdout(p)
	return out.closeStdout(p, builtins[args[0]].Run(p, errorf), func(msg string) { errorf("%s", msg) })
}
