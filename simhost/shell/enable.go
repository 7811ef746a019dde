package shell

import (
	"fmt"
	"strings"
	"sync"

	"mvdan.cc/sh/v3/interp"
)

// enableCmd is bash's enable, which the interpreter lacks.
const enableCmd = "\x00enable"

// bashBuiltins are bash's builtins in the order enable lists them (5.1 and
// 5.2 alike, captured with `enable -a`), and the special ones (`enable -s`).
var (
	bashBuiltins = strings.Fields(". : [ alias bg bind break builtin caller cd command compgen complete compopt " +
		"continue declare dirs disown echo enable eval exec exit export false fc fg getopts hash help history " +
		"jobs kill let local logout mapfile popd printf pushd pwd read readarray readonly return set shift shopt " +
		"source suspend test times trap true type typeset ulimit umask unalias unset wait")
	bashSpecialBuiltins = map[string]bool{".": true, ":": true, "break": true, "continue": true, "eval": true,
		"exec": true, "exit": true, "export": true, "readonly": true, "return": true, "set": true, "shift": true,
		"source": true, "times": true, "trap": true, "unset": true}
)

// disabledBuiltins are the builtins enable -n turned off: the name runs the
// program of that name on PATH.
type disabledBuiltins struct {
	mu  sync.Mutex
	off map[string]bool
}

func (d *disabledBuiltins) is(name string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.off[name]
}

func (d *disabledBuiltins) set(name string, off bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.off == nil {
		d.off = map[string]bool{}
	}
	d.off[name] = off
}

// bashEnable is bash's enable [-a] [-dnps] [-f filename] [name ...]: with
// names it turns builtins on (or off, -n); without, it lists them as
// commands, all (-a), the disabled (-n) or the special ones (-s).
func (sh *shellProc) bashEnable(hc interp.HandlerContext, args []string) int {
	prefix := sh.hcPrefix(hc)
	var all, off, special bool
	for len(args) > 0 && len(args[0]) > 1 && args[0][0] == '-' {
		a := args[0]
		args = args[1:]
		if a == "--" {
			break
		}
		for _, c := range a[1:] {
			switch c {
			case 'a':
				all = true
			case 'n':
				off = true
			case 's':
				special = true
			case 'p', 'd':
			case 'f':
				file := ""
				if len(args) > 0 {
					file = args[0]
				}
				fmt.Fprintf(hc.Stderr, "%senable: cannot open shared object %s: %s: cannot open shared object file: No such file or directory\n", prefix, file, file)
				return 1
			default:
				fmt.Fprintf(hc.Stderr, "%senable: -%c: invalid option\n", prefix, c)
				fmt.Fprintln(hc.Stderr, "enable: usage: enable [-a] [-dnps] [-f filename] [name ...]")
				return 2
			}
		}
	}
	if len(args) == 0 {
		for _, name := range bashBuiltins {
			disabled := sh.disabled.is(name)
			switch {
			case special && !bashSpecialBuiltins[name]:
			case !all && disabled != off:
			case disabled:
				fmt.Fprintf(hc.Stdout, "enable -n %s\n", name)
			default:
				fmt.Fprintf(hc.Stdout, "enable %s\n", name)
			}
		}
		return 0
	}
	status := 0
	for _, name := range args {
		if !isBashBuiltin(name) {
			fmt.Fprintf(hc.Stderr, "%senable: %s: not a shell builtin\n", prefix, name)
			status = 1
			continue
		}
		sh.disabled.set(name, off)
	}
	return status
}

func isBashBuiltin(name string) bool {
	for _, b := range bashBuiltins {
		if b == name {
			return true
		}
	}
	return false
}
