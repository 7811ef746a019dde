package builtins

import (
	"fmt"
	"io/fs"
	"strconv"
	"strings"

	"github.com/hostile-lab/hostile/simhost/shell"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

func init() {
	for _, name := range []string{"test", "["} {
		shell.RegisterBuiltin(shell.Builtin{Name: name, Takes: bashTestTakes, Run: bashTestBuiltin})
	}
}

// bashTestTakes leaves -v and -R, which ask about shell variables, to the
// interpreter; bash's test and [ are answered here, with the host's files
// and ids and bash's messages.
func bashTestTakes(flavour string, args []string) bool {
	if flavour != "bash" {
		return false
	}
	for _, a := range args[1:] {
		if a == "-v" || a == "-R" {
			return false
		}
	}
	return true
}

// bashTestSyntax is a syntax error unwinding the parser, as test_syntax_error
// does with a longjmp.
type bashTestSyntax string

// bashTest is bash's test.c: POSIX's rules for up to four arguments, its
// grammar beyond, its messages and exit status 2 for a bad expression.
type bashTest struct {
	p    *shell.Proc
	argv []string // argv[0] is "test" or "["
	pos  int
}

func bashTestBuiltin(p *shell.Proc, errorf func(string, ...any)) (status int) {
	argv := p.Argv
	t := &bashTest{p: p, pos: 1}
	defer func() {
		if msg, ok := recover().(bashTestSyntax); ok {
			errorf("%s", string(msg))
			status = 2
		}
	}()
	if argv[0] == "[" {
		if argv[len(argv)-1] != "]" {
			t.fail("missing `]'")
		}
		argv = argv[:len(argv)-1]
	}
	t.argv = argv
	if len(argv) < 2 {
		return 1
	}
	value := t.posix()
	if t.pos != len(argv) {
		if strings.HasPrefix(argv[t.pos], "-") {
			t.fail("syntax error: `" + argv[t.pos] + "' unexpected")
		}
		t.fail("too many arguments")
	}
	if value {
		return 0
	}
	return 1
}

func (t *bashTest) fail(msg string) { panic(bashTestSyntax(msg)) }

func (t *bashTest) argc() int { return len(t.argv) }

func (t *bashTest) advance(need bool) {
	t.pos++
	if need && t.pos >= t.argc() {
		t.fail("argument expected")
	}
}

func (t *bashTest) posix() bool {
	var v bool
	switch t.argc() - 1 {
	case 1:
		v = t.argv[1] != ""
		t.pos = t.argc()
	case 2:
		v = t.two()
		t.pos = t.argc()
	case 3:
		v = t.three()
	case 4:
		if t.argv[t.pos] == "!" {
			t.advance(true)
			return !t.three()
		}
		if t.argv[t.pos] == "(" && t.argv[t.argc()-1] == ")" {
			t.advance(true)
			v = t.two()
			t.pos = t.argc()
			return v
		}
		v = t.expr()
	default:
		v = t.expr()
	}
	return v
}

func (t *bashTest) two() bool {
	a := t.argv[t.pos]
	switch {
	case a == "!":
		return t.argv[t.pos+1] == ""
	case bashTestUnop(a):
		return t.unary()
	}
	t.fail(a + ": unary operator expected")
	return false
}

func (t *bashTest) three() bool {
	var v bool
	switch a, op, b := t.argv[t.pos], t.argv[t.pos+1], t.argv[t.pos+2]; {
	case bashTestBinops[op]:
		v = t.binary()
	case op == "-a":
		v = a != "" && b != ""
	case op == "-o":
		v = a != "" || b != ""
	case a == "!":
		t.advance(true)
		v = !t.two()
		if !bash52(t.p) {
			return v // bash 5.1 leaves pos on the operand: "too many arguments"
		}
	case a == "(" && b == ")":
		v = op != ""
	default:
		t.fail(op + ": binary operator expected")
	}
	t.pos = t.argc()
	return v
}

func (t *bashTest) expr() bool {
	if t.pos >= t.argc() {
		t.fail("argument expected")
	}
	return t.or()
}

func (t *bashTest) or() bool {
	v := t.and()
	if t.pos < t.argc() && t.argv[t.pos] == "-o" {
		t.advance(false)
		return t.or() || v
	}
	return v
}

func (t *bashTest) and() bool {
	v := t.term()
	if t.pos < t.argc() && t.argv[t.pos] == "-a" {
		t.advance(false)
		return t.and() && v
	}
	return v
}

func (t *bashTest) term() bool {
	if t.pos >= t.argc() {
		t.fail("argument expected")
	}
	if t.argv[t.pos] == "!" {
		invert := false
		for t.pos < t.argc() && t.argv[t.pos] == "!" {
			t.advance(true)
			invert = !invert
		}
		return t.term() != invert
	}
	if t.argv[t.pos] == "(" {
		t.advance(true)
		v := t.expr()
		switch {
		case t.pos >= t.argc():
			t.fail("`)' expected")
		case t.argv[t.pos] != ")":
			t.fail("`)' expected, found " + t.argv[t.pos])
		}
		t.advance(false)
		return v
	}
	a := t.argv[t.pos]
	switch {
	case t.pos+3 <= t.argc() && bashTestBinops[t.argv[t.pos+1]]:
		return t.binary()
	case t.pos+2 <= t.argc() && bashTestUnop(a):
		return t.unary()
	}
	t.advance(false)
	return a != ""
}

var bashTestBinops = map[string]bool{
	"=": true, "==": true, "!=": true, "<": true, ">": true, "-nt": true, "-ot": true, "-ef": true,
	"-eq": true, "-ne": true, "-lt": true, "-le": true, "-gt": true, "-ge": true,
}

// bash52 reports whether the host's bash is 5.2 or later.
func bash52(p *shell.Proc) bool {
	var major, minor int
	fmt.Sscanf(p.M.P.BashVersion, "%d.%d", &major, &minor) // 5.2.15(1)-release
	return major > 5 || major == 5 && minor >= 2
}

// bashTestUnop reports whether a (as -X) is one of bash's unary operators.
func bashTestUnop(a string) bool {
	return len(a) == 2 && a[0] == '-' && strings.IndexByte("abcdefghknoprstuwxzGLNOS", a[1]) >= 0
}

func (t *bashTest) binary() bool {
	a, op, b := t.argv[t.pos], t.argv[t.pos+1], t.argv[t.pos+2]
	t.pos += 3
	switch op {
	case "=", "==":
		return a == b
	case "!=":
		return a != b
	case "<":
		return a < b
	case ">":
		return a > b
	case "-nt", "-ot":
		if op == "-ot" {
			a, b = b, a
		}
		ai, aerr := t.stat(a, true)
		bi, berr := t.stat(b, true)
		return aerr == nil && (berr != nil || ai.ModTime.After(bi.ModTime))
	case "-ef":
		ai, aerr := t.stat(a, true)
		bi, berr := t.stat(b, true)
		return aerr == nil && berr == nil && ai.Dev == bi.Dev && ai.Ino == bi.Ino
	}
	l, r := t.integer(a), t.integer(b)
	switch op {
	case "-eq":
		return l == r
	case "-ne":
		return l != r
	case "-lt":
		return l < r
	case "-le":
		return l <= r
	case "-gt":
		return l > r
	}
	return l >= r
}

// integer reads an operand as bash's legal_number does: decimal, with an
// optional sign and blanks around it.
func (t *bashTest) integer(s string) int64 {
	v, err := strconv.ParseInt(strings.Trim(s, " \t\n"), 10, 64)
	if err != nil || strings.HasPrefix(strings.TrimLeft(s, " \t\n"), "+-") {
		t.fail(s + ": integer expression expected")
	}
	return v
}

func (t *bashTest) stat(name string, follow bool) (*vfs.Info, error) {
	if name == "" {
		return nil, fs.ErrNotExist
	}
	if follow {
		return t.p.M.FS.Stat(t.p.Cred(), t.p.Abs(name))
	}
	return t.p.M.FS.Lstat(t.p.Cred(), t.p.Abs(name))
}

func (t *bashTest) unary() bool {
	op := t.argv[t.pos][1]
	t.advance(true)
	arg := t.argv[t.pos]
	t.advance(false)
	switch op {
	case 'z':
		return arg == ""
	case 'n':
		return arg != ""
	case 'o':
		return false // shell options are the interpreter's; none is asked for by name here
	case 't':
		fd, err := strconv.Atoi(strings.TrimSpace(arg))
		return err == nil && t.p.TTY() && fd >= 0 && fd <= 2
	case 'r', 'w', 'x':
		mode := map[byte]uint32{'r': vfs.AccessRead, 'w': vfs.AccessWrite, 'x': vfs.AccessExec}[op]
		return arg != "" && t.p.M.FS.Access(t.p.Cred(), t.p.Abs(arg), mode) == nil
	case 'h', 'L':
		info, err := t.stat(arg, false)
		return err == nil && info.Mode&fs.ModeSymlink != 0
	}
	info, err := t.stat(arg, true)
	if err != nil {
		return false
	}
	return fileIs(op, info, t.p)
}
