package builtins

import (
	"fmt"
	"io/fs"
	"math/big"
	"strings"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

func init() {
	shell.Register(shell.Command{Name: "test", Run: testCmd})
	shell.Register(shell.Command{Name: "[", Run: testCmd})
}

// testCmd is coreutils test and [: 0 true, 1 false, 2 for a bad expression.
// The shell's own test builtin sends -O and -G here, as they need the host's ids.
func testCmd(p *shell.Proc) (status int) {
	args := p.Args()
	if p.Name() == "[" {
		if len(args) == 0 || args[len(args)-1] != "]" {
			return p.Fail(2, "missing %s", progkit.QuoteC("]"))
		}
		args = args[:len(args)-1]
	}
	if len(args) == 0 {
		return 1
	}
	t := &txtTest{p: p, argv: args}
	defer func() {
		if msg, ok := recover().(txtTestError); ok {
			p.Errorf("%s", string(msg))
			status = 2
		}
	}()
	value := t.posix(len(args))
	if t.pos != len(args) {
		t.fail("extra argument %s", progkit.QuoteC(args[t.pos]))
	}
	if value {
		return 0
	}
	return 1
}

// txtTestError is a syntax error unwinding the parser.
type txtTestError string

// txtTest parses and evaluates a test expression as coreutils does.
type txtTest struct {
	p    *shell.Proc
	argv []string
	pos  int
}

func (t *txtTest) fail(format string, args ...any) {
	panic(txtTestError(fmt.Sprintf(format, args...)))
}

func (t *txtTest) advance(need bool) {
	t.pos++
	if need && t.pos >= len(t.argv) {
		t.beyond()
	}
}

func (t *txtTest) beyond() {
	t.fail("missing argument after %s", progkit.QuoteC(t.argv[len(t.argv)-1]))
}

// posix applies POSIX's rules for 1 to 4 arguments, the grammar beyond that.
func (t *txtTest) posix(n int) bool {
	switch n {
	case 1:
		return t.one()
	case 2:
		return t.two()
	case 3:
		return t.three()
	case 4:
		if t.argv[t.pos] == "!" {
			t.advance(true)
			return !t.three()
		}
		if t.argv[t.pos] == "(" && t.argv[t.pos+3] == ")" {
			t.advance(false)
			v := t.two()
			t.advance(false)
			return v
		}
	}
	return t.or()
}

func (t *txtTest) one() bool {
	v := t.argv[t.pos] != ""
	t.advance(false)
	return v
}

func (t *txtTest) two() bool {
	a := t.argv[t.pos]
	switch {
	case a == "!":
		t.advance(false)
		return !t.one()
	case len(a) == 2 && a[0] == '-':
		return t.unary()
	}
	t.beyond()
	return false
}

func (t *txtTest) three() bool {
	a, op, b := t.argv[t.pos], t.argv[t.pos+1], t.argv[t.pos+2]
	switch {
	case txtTestBinops[op]:
		return t.binary(false)
	case a == "!":
		t.advance(true)
		return !t.two()
	case a == "(" && b == ")":
		t.advance(false)
		v := t.one()
		t.advance(false)
		return v
	case op == "-a" || op == "-o":
		return t.or()
	}
	t.fail("%s: binary operator expected", progkit.QuoteC(op))
	return false
}

func (t *txtTest) or() bool {
	v := t.and()
	for t.pos < len(t.argv) && t.argv[t.pos] == "-o" {
		t.advance(false)
		v = t.and() || v
	}
	return v
}

func (t *txtTest) and() bool {
	v := t.term()
	for t.pos < len(t.argv) && t.argv[t.pos] == "-a" {
		t.advance(false)
		v = t.term() && v
	}
	return v
}

func (t *txtTest) term() bool {
	invert := false
	for t.pos < len(t.argv) && t.argv[t.pos] == "!" {
		t.advance(true)
		invert = !invert
	}
	if t.pos >= len(t.argv) {
		t.beyond()
	}
	var v bool
	a := t.argv[t.pos]
	left := len(t.argv) - t.pos
	switch {
	case a == "(":
		t.advance(true)
		n := 1
		for ; t.pos+n < len(t.argv) && t.argv[t.pos+n] != ")"; n++ {
			if n == 4 {
				n = len(t.argv) - t.pos
				break
			}
		}
		v = t.posix(n)
		switch {
		case t.pos >= len(t.argv):
			t.fail("%s expected", progkit.QuoteC(")"))
		case t.argv[t.pos] != ")":
			t.fail("%s expected, found %s", progkit.QuoteC(")"), progkit.QuoteC(t.argv[t.pos]))
		}
		t.advance(false)
	case left >= 4 && a == "-l" && txtTestBinops[t.argv[t.pos+2]]:
		v = t.binary(true)
	case left >= 3 && txtTestBinops[t.argv[t.pos+1]]:
		v = t.binary(false)
	case len(a) == 2 && a[0] == '-':
		v = t.unary()
	default:
		v = a != ""
		t.advance(false)
	}
	return v != invert
}

var txtTestBinops = map[string]bool{
	"=": true, "==": true, "!=": true, "<": true, ">": true, "-nt": true, "-ot": true, "-ef": true,
	"-eq": true, "-ne": true, "-lt": true, "-le": true, "-gt": true, "-ge": true,
}

// binary evaluates "a OP b"; lIsL is the "-l a OP b" form comparing a length.
func (t *txtTest) binary(lIsL bool) bool {
	if lIsL {
		t.advance(false)
	}
	op := t.pos + 1
	rIsL := op < len(t.argv)-2 && t.argv[op+1] == "-l"
	if rIsL {
		t.advance(false)
	}
	a, o, b := t.argv[op-1], t.argv[op], t.argv[op+1]
	t.pos += 3
	if o[0] == '-' && len(o) == 3 && strings.Contains("eq ne lt le gt ge", o[1:]) {
		l, r := t.intArg(a, lIsL), t.intArg(b, rIsL)
		c := l.Cmp(r)
		switch o {
		case "-eq":
			return c == 0
		case "-ne":
			return c != 0
		case "-lt":
			return c < 0
		case "-le":
			return c <= 0
		case "-gt":
			return c > 0
		}
		return c >= 0
	}
	if lIsL || rIsL {
		t.fail("%s does not accept -l", o)
	}
	switch o {
	case "-nt", "-ot":
		la, lerr := t.stat(a, true)
		ra, rerr := t.stat(b, true)
		if o == "-ot" {
			la, lerr, ra, rerr = ra, rerr, la, lerr
		}
		return lerr == nil && (rerr != nil || la.ModTime.After(ra.ModTime))
	case "-ef":
		la, lerr := t.stat(a, true)
		ra, rerr := t.stat(b, true)
		return lerr == nil && rerr == nil && la.Dev == ra.Dev && la.Ino == ra.Ino
	case "=", "==":
		return a == b
	case "!=":
		return a != b
	case "<":
		return a < b
	}
	return a > b
}

// intArg reads an integer operand (or the length of a -l one), of any size.
func (t *txtTest) intArg(s string, length bool) *big.Int {
	if length {
		return big.NewInt(int64(len(s)))
	}
	n := strings.Trim(s, " \t")
	n = strings.TrimPrefix(n, "+")
	v, ok := new(big.Int).SetString(n, 10)
	if !ok || strings.HasPrefix(n, "+") || strings.HasPrefix(n, "-+") {
		t.fail("invalid integer %s", progkit.QuoteC(s))
	}
	return v
}

func (t *txtTest) stat(name string, follow bool) (*vfs.Info, error) {
	if name == "" {
		return nil, fs.ErrNotExist
	}
	if follow {
		return t.p.M.FS.Stat(t.p.Cred(), t.p.Abs(name))
	}
	return t.p.M.FS.Lstat(t.p.Cred(), t.p.Abs(name))
}

// unary evaluates "-X operand".
func (t *txtTest) unary() bool {
	op := t.argv[t.pos]
	if !strings.Contains("bcdefghknprstuwxzGLNOS", op[1:]) {
		t.fail("%s: unary operator expected", progkit.QuoteC(op))
	}
	t.advance(true)
	arg := t.argv[t.pos]
	t.pos++
	switch op[1] {
	case 'z':
		return arg == ""
	case 'n':
		return arg != ""
	case 't':
		fd, ok := new(big.Int).SetString(strings.TrimSpace(arg), 10)
		if !ok {
			t.fail("invalid integer %s", progkit.QuoteC(arg))
		}
		return t.p.TTY() && fd.IsInt64() && fd.Int64() >= 0 && fd.Int64() <= 2
	case 'r', 'w', 'x':
		if arg == "" {
			return false
		}
		mode := map[byte]uint32{'r': 4, 'w': 2, 'x': 1}[op[1]]
		return t.p.M.FS.Access(t.p.Cred(), t.p.Abs(arg), mode) == nil
	case 'h', 'L':
		info, err := t.stat(arg, false)
		return err == nil && info.Mode&fs.ModeSymlink != 0
	}
	info, err := t.stat(arg, true)
	if err != nil {
		return false
	}
	return fileIs(op[1], info, t.p)
}

// fileIs answers test's file operators on what stat found (-e, -f, -d, -s, -p,
// -S, -b, -c, -u, -g, -k, -O, -G, -N): the same for bash's builtin and for
// coreutils' test.
func fileIs(op byte, info *vfs.Info, p *shell.Proc) bool {
	m := info.Mode
	switch op {
	case 'a', 'e':
		return true
	case 'f':
		return m.IsRegular()
	case 'd':
		return m.IsDir()
	case 's':
		return info.Size > 0
	case 'p':
		return m&fs.ModeNamedPipe != 0
	case 'S':
		return m&fs.ModeSocket != 0
	case 'b':
		return m&fs.ModeDevice != 0 && m&fs.ModeCharDevice == 0
	case 'c':
		return m&fs.ModeCharDevice != 0
	case 'u':
		return m&fs.ModeSetuid != 0
	case 'g':
		return m&fs.ModeSetgid != 0
	case 'k':
		return m&fs.ModeSticky != 0
	case 'O':
		return info.UID == p.User.UID
	case 'G':
		return info.GID == p.User.GID
	case 'N':
		return info.ModTime.After(info.AccessTime)
	}
	return false
}
