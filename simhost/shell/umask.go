package shell

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"unsafe"

	"mvdan.cc/sh/v3/expand"
	"mvdan.cc/sh/v3/interp"
)

// loginUmask is the file creation mask sshd's session starts with on Debian
// (and RHEL): 022, from the system's defaults, which no PAM module changes in
// the stock sshd stack.
const loginUmask = 0o022

// umaskCmd is the internal name the call handler gives the umask builtin.
const umaskCmd = "\x00umask"

// umasks is a shell process's file creation mask, kept per scope as bash keeps
// it per process: `( umask 77 && mkdir d )` changes the subshell's mask only,
// and a function's `umask` changes its caller's. The interpreter does not
// expose its subshells, so a scope is known by its variable environment: each
// subshell gets a new one over its parent's, and a function call one marked as
// a function's (see scopeOf).
type umasks struct {
	mu    sync.Mutex
	base  uint32 // the mask the process started with
	byEnv map[unsafe.Pointer]uint32
}

func newUmasks(base uint32) *umasks {
	return &umasks{base: base, byEnv: map[unsafe.Pointer]uint32{}}
}

// get is the mask in force where hc runs: the nearest scope that set one.
func (u *umasks) get(hc interp.HandlerContext) uint32 {
	u.mu.Lock()
	defer u.mu.Unlock()
	for _, s := range scopeChain(hc.Env) {
		if m, ok := u.byEnv[s.env]; ok {
			return m
		}
	}
	return u.base
}

// process is the mask of the shell process outside any subshell.
func (u *umasks) process() uint32 {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.base
}

// set changes the mask of the process hc runs in: the innermost scope that
// is not a function's.
func (u *umasks) set(hc interp.HandlerContext, mask uint32) {
	u.mu.Lock()
	defer u.mu.Unlock()
	for _, s := range scopeChain(hc.Env) {
		if !s.funcScope {
			u.byEnv[s.env] = mask
			return
		}
	}
	u.base = mask
}

type scope struct {
	env       unsafe.Pointer
	funcScope bool
}

// scopeChain lists the interpreter's environments from hc's innermost out.
// hc.Env is a fresh read-only overlay whose parent is the running scope's
// own environment; each of those has its enclosing scope's as parent. The
// fields are the interpreter's (mvdan.cc/sh v3 interp.overlayEnviron): when
// they are not found, every scope is the process's and the mask is one per
// shell process.
func scopeChain(env expand.Environ) []scope {
	var chain []scope
	v := reflect.ValueOf(env)
	for first := true; ; first = false {
		if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
			return chain
		}
		e := v.Elem()
		parent, fs := e.FieldByName("parent"), e.FieldByName("funcScope")
		if !parent.IsValid() || parent.Kind() != reflect.Interface || !fs.IsValid() || fs.Kind() != reflect.Bool {
			return chain
		}
		if !first {
			chain = append(chain, scope{env: v.UnsafePointer(), funcScope: fs.Bool()})
		}
		if parent.IsNil() {
			return chain
		}
		v = parent.Elem()
	}
}

// umaskBuiltin is bash's and dash's umask: print the mask (octal, -S
// symbolic, -p as a command) or set it from an octal or symbolic mode.
func (sh *shellProc) umaskBuiltin(hc interp.HandlerContext, args []string) int {
	errorf := func(format string, a ...any) {
		fmt.Fprintf(hc.Stderr, "%sumask: %s\n", sh.hcPrefix(hc), fmt.Sprintf(format, a...))
	}
	symbolic, asCommand := false, false
	for len(args) > 0 && strings.HasPrefix(args[0], "-") && len(args[0]) > 1 {
		if args[0] == "--" {
			args = args[1:]
			break
		}
		for _, c := range args[0][1:] {
			switch {
			case c == 'S':
				symbolic = true
			case c == 'p' && sh.flavour == "bash":
				asCommand = true
			default:
				if sh.flavour == "bash" {
					errorf("-%c: invalid option", c)
					fmt.Fprintln(hc.Stderr, "umask: usage: umask [-p] [-S] [mode]")
				} else {
					errorf("Illegal option -%c", c)
				}
				return 2
			}
		}
		args = args[1:]
	}
	mask := sh.umask.get(hc)
	if len(args) == 0 {
		text := fmt.Sprintf("%04o", mask)
		if symbolic {
			text = symbolicUmask(mask)
		}
		if asCommand {
			if symbolic {
				text = "-S " + text
			}
			text = "umask " + text
		}
		fmt.Fprintln(hc.Stdout, text)
		return 0
	}
	mode := args[0]
	if mode[0] >= '0' && mode[0] <= '9' {
		n, err := strconv.ParseUint(mode, 8, 32)
		if err != nil || n > 0o777 {
			if sh.flavour == "bash" {
				errorf("%s: octal number out of range", mode)
				return 1
			}
			errorf("Illegal number: %s", mode)
			return 2
		}
		sh.setUmask(hc, uint32(n))
		return 0
	}
	allowed, ok := applySymbolic(^mask&0o777, mode)
	if !ok {
		if sh.flavour == "bash" {
			errorf("`%c': invalid symbolic mode operator", badSymbolicChar(mode))
		} else {
			errorf("Illegal mode: %s", mode)
		}
		return 1
	}
	sh.setUmask(hc, ^allowed&0o777)
	if symbolic {
		fmt.Fprintln(hc.Stdout, symbolicUmask(^allowed&0o777))
	}
	return 0
}

// setUmask changes the mask where hc runs, and what /proc shows of it.
func (sh *shellProc) setUmask(hc interp.HandlerContext, mask uint32) {
	sh.umask.set(hc, mask)
	sh.machine().Procs.SetUmask(sh.pid, mask)
}

// symbolicUmask is `umask -S`: the permissions the mask allows.
func symbolicUmask(mask uint32) string {
	allowed := ^mask & 0o777
	var parts []string
	for i, who := range []string{"u", "g", "o"} {
		bits := allowed >> (6 - 3*i) & 7
		s := who + "="
		for j, c := range "rwx" {
			if bits&(4>>j) != 0 {
				s += string(c)
			}
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, ",")
}

// symbolicWho and symbolicPerm are the permission bits the letters of a
// symbolic mode stand for.
var (
	symbolicWho  = map[byte]uint32{'u': 0o700, 'g': 0o070, 'o': 0o007, 'a': 0o777}
	symbolicPerm = map[byte]uint32{'r': 0o444, 'w': 0o222, 'x': 0o111}
)

// applySymbolic applies a chmod-like symbolic mode ("u=rwx,g=rx,o=") to the
// permissions a mask allows.
func applySymbolic(allowed uint32, mode string) (uint32, bool) {
	for _, clause := range strings.Split(mode, ",") {
		i := 0
		var who uint32
		for ; i < len(clause) && symbolicWho[clause[i]] != 0; i++ {
			who |= symbolicWho[clause[i]]
		}
		if who == 0 {
			who = 0o777
		}
		if i >= len(clause) || strings.IndexByte("=+-", clause[i]) < 0 {
			return 0, false
		}
		op := clause[i]
		var perm uint32
		for _, c := range []byte(clause[i+1:]) {
			if symbolicPerm[c] == 0 {
				return 0, false
			}
			perm |= symbolicPerm[c]
		}
		perm &= who
		switch op {
		case '=':
			allowed = allowed&^who | perm
		case '+':
			allowed |= perm
		case '-':
			allowed &^= perm
		}
	}
	return allowed, true
}

// badSymbolicChar is the character bash names when a symbolic mode has no
// operator where one is due.
func badSymbolicChar(mode string) byte {
	for i := 0; i < len(mode); i++ {
		if symbolicWho[mode[i]] == 0 {
			return mode[i]
		}
	}
	return 0
}
