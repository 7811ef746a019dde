package builtins

import (
	"fmt"
	"io/fs"
	"math/big"
	"strconv"
	"strings"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

func init() {
	shell.Register(shell.Command{Name: "test", Run: testCmd})
	shell.Register(shell.Command{Name: "[", Run: testCmd})
	for _, name := range []string{"test", "["} {
		shell.RegisterBuiltin(shell.Builtin{Name: name, Takes: bashTestTakes, Run: bashTestBuiltin})
	}
}

// testCmd is coreutils test and [: 0 true, 1 false, 2 for a bad expression.
// The shell's own test builtin sends -O and -G here, as they need the host's ids.
func testCmd(p *shell.Proc) int {
	if code, handled := bracketOption(p, p.Args()); handled {
		return code
	}
	return evalTest(p, &coreutilsTest, p.Name() == "[", p.Args(), p.Errorf)
}

// bashTestTakes leaves bash's -v and -R, which ask about shell variables, to
// the interpreter; bash's and dash's test and [ are answered here, with the
// host's files and ids and the shell's messages.
func bashTestTakes(flavour string, args []string) bool {
	if flavour == "dash" {
		return true // dash's test knows no -v or -R
	}
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

// bashTestBuiltin is bash's test and [ (test.c), or dash's in dash.
func bashTestBuiltin(p *shell.Proc, errorf func(string, ...any)) int {
	dialect := bashTest
	switch {
	case p.ShellFlavour() == "dash":
		dialect = dashTest
	case !bash52(p):
		dialect = bash51Test
	}
	return evalTest(p, &dialect, p.Argv[0] == "[", p.Argv[1:], errorf)
}

// bash52 reports whether the host's bash is 5.2 or later.
func bash52(p *shell.Proc) bool {
	var major, minor int
	fmt.Sscanf(p.M.P.BashVersion, "%d.%d", &major, &minor) // 5.2.15(1)-release
	return major > 5 || major == 5 && minor >= 2
}

// testDialect is where bash's test builtin and coreutils' test program
// differ; the grammar, the operators and their answers are otherwise one.
// Both apply POSIX's rules for up to four arguments and a grammar of -o, -a,
// ! and parentheses beyond, and answer 2 for a bad expression.
type testDialect struct {
	// unaryOperators are the letters of the -X operators it knows.
	unaryOperators string
	// anyDashLetterIsUnary: coreutils takes any "-X" where an operator may
	// stand as a unary operator (complaining when it does not know X, or when
	// nothing follows); bash only its own, and only with an operand after.
	anyDashLetterIsUnary bool
	// threeArgAndOr: bash reads "a -a b" and "a -o b" of three arguments as
	// two string tests, before it looks for "! a b"; coreutils parses them
	// as an expression, after "!".
	threeArgAndOr bool
	// bangOfThreeStops: bash before 5.2 leaves "! a b" of three arguments
	// where the two-argument test stopped (so "! ! x" is too many arguments).
	bangOfThreeStops bool
	// posixInParens: coreutils applies POSIX's rules again to up to four
	// arguments in parentheses; bash parses an expression there.
	posixInParens bool
	// lengthOperand: coreutils' "-l STRING" is STRING's length as an
	// integer operand.
	lengthOperand bool
	// badTTYOperandFails: coreutils' -t complains about an operand that is
	// not an integer; bash's is false.
	badTTYOperandFails bool
	// doubleEquals: bash and coreutils take "==" for "="; dash does not.
	doubleEquals bool
	// dashOperands: dash reads an argument where an operator should stand
	// as a string, and then names it ("a: unexpected operator", the
	// argument before the one it cannot place); an -a or -o with nothing
	// after it is and-ed or or-ed with false.
	dashOperands bool
	// integer reads an integer operand, ok false when it is not one.
	integer func(s string) (n *big.Int, ok bool)

	// The messages: a quoted token (`]' or ']'), a token named in a message
	// (as it is, or quoted), a missing argument after the last one, an
	// operand that is not an integer, and what is left over after the
	// expression (after the argument before it); and a parenthesis that is
	// not closed.
	quote, token    func(string) string
	missingArgument func(last string) string
	notInteger      func(s string) string
	extraArgument   func(before, s string) string
	parenExpected   func(found string, atEnd bool) string
}

// coreutilsTest is coreutils' test.c.
var coreutilsTest = testDialect{
	unaryOperators:       "bcdefghknprstuwxzGLNOS",
	anyDashLetterIsUnary: true,
	posixInParens:        true,
	lengthOperand:        true,
	badTTYOperandFails:   true,
	integer: func(s string) (*big.Int, bool) {
		n := strings.TrimPrefix(strings.Trim(s, " \t"), "+")
		if strings.HasPrefix(n, "+") || strings.HasPrefix(n, "-+") {
			return nil, false
		}
		return new(big.Int).SetString(n, 10)
	},
	quote:           progkit.QuoteC,
	token:           progkit.QuoteC,
	missingArgument: func(last string) string { return "missing argument after " + progkit.QuoteC(last) },
	notInteger:      func(s string) string { return "invalid integer " + progkit.QuoteC(s) },
	extraArgument:   func(_, s string) string { return "extra argument " + progkit.QuoteC(s) },
	parenExpected:   parenExpectedQuoted(progkit.QuoteC),
	doubleEquals:    true,
}

// parenExpected is coreutils' and bash's complaint of an unclosed parenthesis.
func parenExpectedQuoted(quote func(string) string) func(string, bool) string {
	return func(found string, atEnd bool) string {
		if atEnd {
			return quote(")") + " expected"
		}
		return quote(")") + " expected, found " + found
	}
}

// bashTest is bash 5.2's test.c; bash51Test bash 5.1's.
var bashTest = testDialect{
	unaryOperators: "abcdefghknoprstuwxzGLNOS",
	threeArgAndOr:  true,
	integer: func(s string) (*big.Int, bool) {
		// legal_number: decimal in an int64, a sign and blanks around it
		v, err := strconv.ParseInt(strings.Trim(s, " \t\n"), 10, 64)
		if err != nil || strings.HasPrefix(strings.TrimLeft(s, " \t\n"), "+-") {
			return nil, false
		}
		return big.NewInt(v), true
	},
	quote:           func(s string) string { return "`" + s + "'" },
	token:           func(s string) string { return s },
	missingArgument: func(string) string { return "argument expected" },
	notInteger:      func(s string) string { return s + ": integer expression expected" },
	extraArgument: func(_, s string) string {
		if strings.HasPrefix(s, "-") {
			return "syntax error: `" + s + "' unexpected"
		}
		return "too many arguments"
	},
	parenExpected: parenExpectedQuoted(func(s string) string { return "`" + s + "'" }),
	doubleEquals:  true,
}

var bash51Test = func() testDialect { d := bashTest; d.bangOfThreeStops = true; return d }()

// dashTest is dash's test (bltin/test.c), as Debian's dash 0.5.11 and 0.5.12
// answer.
var dashTest = testDialect{
	unaryOperators:     "bcdefghknprstuwxzGLOS",
	badTTYOperandFails: true,
	dashOperands:       true,
	integer: func(s string) (*big.Int, bool) {
		// getn: strtoimax in base 10, blanks around it, in an intmax_t
		v, err := strconv.ParseInt(strings.Trim(s, " \t\n\v\f\r"), 10, 64)
		return big.NewInt(v), err == nil
	},
	quote:           func(s string) string { return s },
	token:           func(s string) string { return s },
	missingArgument: func(last string) string { return dashSyntax(last, "argument expected") },
	notInteger:      func(s string) string { return "Illegal number: " + s },
	extraArgument:   func(before, _ string) string { return dashSyntax(before, "unexpected operator") },
	parenExpected:   func(string, bool) string { return "closing paren expected" },
}

// dashSyntax is dash's syntax(op, msg): the operand names the message unless
// it is empty ("[ "" == "" ]" says only "unexpected operator").
func dashSyntax(op, msg string) string {
	if op == "" {
		return msg
	}
	return op + ": " + msg
}

// evalTest evaluates test's arguments (without the name; bracket when it was
// invoked as "[") in the dialect: 0 true, 1 false, 2 for a bad expression,
// reported with errorf.
func evalTest(p *shell.Proc, d *testDialect, bracket bool, args []string, errorf func(string, ...any)) (status int) {
	t := &testExpr{p: p, d: d, argv: args}
	defer func() {
		if msg, ok := recover().(testSyntaxError); ok {
			errorf("%s", string(msg))
			status = 2
		}
	}()
	if bracket {
		if len(args) == 0 || args[len(args)-1] != "]" {
			t.fail("missing " + d.quote("]"))
		}
		t.argv = args[:len(args)-1]
	}
	if len(t.argv) == 0 {
		return 1
	}
	value := t.posix(len(t.argv))
	if t.pos != len(t.argv) {
		t.fail(d.extraArgument(t.argv[t.pos-1], t.argv[t.pos]))
	}
	if value {
		return 0
	}
	return 1
}

// testSyntaxError is a bad expression unwinding the parser, as both test.c
// do with a longjmp or an exit.
type testSyntaxError string

// testExpr parses and evaluates one test expression.
type testExpr struct {
	p    *shell.Proc
	d    *testDialect
	argv []string
	pos  int
}

func (t *testExpr) fail(msg string) { panic(testSyntaxError(msg)) }

func (t *testExpr) advance(need bool) {
	t.pos++
	if need && t.pos >= len(t.argv) {
		t.missing()
	}
}

func (t *testExpr) missing() {
	t.fail(t.d.missingArgument(t.argv[len(t.argv)-1]))
}

// isUnary reports whether a stands as a unary operator.
func (t *testExpr) isUnary(a string) bool {
	if len(a) != 2 || a[0] != '-' {
		return false
	}
	return t.d.anyDashLetterIsUnary || strings.IndexByte(t.d.unaryOperators, a[1]) >= 0
}

// isBinary reports whether a is a binary operator.
func (t *testExpr) isBinary(a string) bool {
	return testBinaryOperators[a] && (a != "==" || t.d.doubleEquals)
}

// posix applies POSIX's rules for the next n (1 to 4) arguments, the grammar
// beyond that.
func (t *testExpr) posix(n int) bool {
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

func (t *testExpr) one() bool {
	v := t.argv[t.pos] != ""
	t.advance(false)
	return v
}

func (t *testExpr) two() bool {
	a := t.argv[t.pos]
	switch {
	case a == "!":
		t.advance(false)
		return !t.one()
	case t.isUnary(a):
		return t.unary()
	case t.d.anyDashLetterIsUnary:
		t.missing()
	case t.d.dashOperands:
		return t.dashTwo()
	}
	t.fail(t.d.token(a) + ": unary operator expected")
	return false
}

func (t *testExpr) three() bool {
	a, op, b := t.argv[t.pos], t.argv[t.pos+1], t.argv[t.pos+2]
	switch {
	case t.isBinary(op):
		return t.binary(false)
	case t.d.threeArgAndOr && op == "-a":
		t.pos += 3
		return a != "" && b != ""
	case t.d.threeArgAndOr && op == "-o":
		t.pos += 3
		return a != "" || b != ""
	case a == "!":
		t.advance(true)
		if t.d.bangOfThreeStops && op == "!" {
			return b != "" // bash 5.1 answers "! b" without moving past it
		}
		return !t.two()
	case a == "(" && b == ")":
		t.advance(false)
		v := t.one()
		t.advance(false)
		return v
	case op == "-a" || op == "-o":
		return t.or()
	case t.d.dashOperands && a == "(":
		t.fail(t.d.parenExpected(b, false))
	case t.d.dashOperands:
		t.fail(t.d.extraArgument(a, op))
	}
	t.fail(t.d.token(op) + ": binary operator expected")
	return false
}

func (t *testExpr) or() bool {
	v := t.and()
	for t.pos < len(t.argv) && t.argv[t.pos] == "-o" {
		t.advance(false)
		v = t.and() || v
	}
	return v
}

func (t *testExpr) and() bool {
	v := t.term()
	for t.pos < len(t.argv) && t.argv[t.pos] == "-a" {
		t.advance(false)
		v = t.term() && v
	}
	return v
}

func (t *testExpr) term() bool {
	if t.pos >= len(t.argv) && t.d.dashOperands {
		return false // dash: "a -a" is a and nothing, which is false
	}
	if t.pos >= len(t.argv) {
		t.missing()
	}
	invert := false
	for t.pos < len(t.argv) && t.argv[t.pos] == "!" {
		t.advance(true)
		invert = !invert
	}
	var v bool
	a := t.argv[t.pos]
	left := len(t.argv) - t.pos
	switch {
	case a == "(":
		t.advance(true)
		v = t.parenthesised()
		switch {
		case t.pos >= len(t.argv):
			t.fail(t.d.parenExpected("", true))
		case t.argv[t.pos] != ")":
			t.fail(t.d.parenExpected(t.d.token(t.argv[t.pos]), false))
		}
		t.advance(false)
	case t.d.lengthOperand && left >= 4 && a == "-l" && testBinaryOperators[t.argv[t.pos+2]]:
		v = t.binary(true)
	case left >= 3 && t.isBinary(t.argv[t.pos+1]):
		v = t.binary(false)
	case t.isUnary(a) && (t.d.anyDashLetterIsUnary || left >= 2):
		v = t.unary()
	default:
		v = a != ""
		t.advance(false)
	}
	return v != invert
}

// dashTwo is dash's answer to two arguments the first of which is neither
// "!" nor a unary operator: a string and an operator, or too much.
func (t *testExpr) dashTwo() bool {
	a, b := t.argv[t.pos], t.argv[t.pos+1]
	switch {
	case a == "(":
		t.fail(t.d.parenExpected(b, false))
	case t.isBinary(b):
		t.missing()
	case b == "-a" || b == "-o":
		t.pos += 2
		return b == "-o" && a != "" // the operand missing after it is false
	}
	t.fail(t.d.extraArgument(a, b))
	return false
}

// parenthesised is what stands between "(" and ")".
func (t *testExpr) parenthesised() bool {
	if !t.d.posixInParens {
		return t.or()
	}
	n := 1
	for ; t.pos+n < len(t.argv) && t.argv[t.pos+n] != ")"; n++ {
		if n == 4 {
			n = len(t.argv) - t.pos
			break
		}
	}
	return t.posix(n)
}

var testBinaryOperators = map[string]bool{
	"=": true, "==": true, "!=": true, "<": true, ">": true, "-nt": true, "-ot": true, "-ef": true,
	"-eq": true, "-ne": true, "-lt": true, "-le": true, "-gt": true, "-ge": true,
}

// binary evaluates "a OP b"; lIsL is coreutils' "-l a OP b" form comparing a length.
func (t *testExpr) binary(lIsL bool) bool {
	if lIsL {
		t.advance(false)
	}
	op := t.pos + 1
	rIsL := t.d.lengthOperand && op < len(t.argv)-2 && t.argv[op+1] == "-l"
	if rIsL {
		t.advance(false)
	}
	a, o, b := t.argv[op-1], t.argv[op], t.argv[op+1]
	t.pos += 3
	if o[0] == '-' && len(o) == 3 && strings.Contains("eq ne lt le gt ge", o[1:]) {
		c := t.integer(a, lIsL).Cmp(t.integer(b, rIsL))
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
		t.fail(o + " does not accept -l")
	}
	switch o {
	case "-nt", "-ot":
		if o == "-ot" {
			a, b = b, a
		}
		ai, aerr := t.stat(a, true)
		bi, berr := t.stat(b, true)
		return aerr == nil && (berr != nil || ai.ModTime.After(bi.ModTime))
	case "-ef":
		ai, aerr := t.stat(a, true)
		bi, berr := t.stat(b, true)
		return aerr == nil && berr == nil && ai.Dev == bi.Dev && ai.Ino == bi.Ino
	case "=", "==":
		return a == b
	case "!=":
		return a != b
	case "<":
		return a < b
	}
	return a > b
}

// integer reads an integer operand (or the length of a -l one).
func (t *testExpr) integer(s string, length bool) *big.Int {
	if length {
		return big.NewInt(int64(len(s)))
	}
	n, ok := t.d.integer(s)
	if !ok {
		t.fail(t.d.notInteger(s))
	}
	return n
}

func (t *testExpr) stat(name string, follow bool) (*vfs.Info, error) {
	if name == "" {
		return nil, fs.ErrNotExist
	}
	if follow {
		return t.p.M.FS.Stat(t.p.Cred(), t.p.Abs(name))
	}
	return t.p.M.FS.Lstat(t.p.Cred(), t.p.Abs(name))
}

// unary evaluates "-X operand".
func (t *testExpr) unary() bool {
	op := t.argv[t.pos]
	if strings.IndexByte(t.d.unaryOperators, op[1]) < 0 {
		t.fail(t.d.token(op) + ": unary operator expected")
	}
	t.advance(true)
	arg := t.argv[t.pos]
	t.pos++
	switch op[1] {
	case 'z':
		return arg == ""
	case 'n':
		return arg != ""
	case 'o':
		return false // bash: shell options are the interpreter's; none is asked for by name here
	case 't':
		fd, ok := new(big.Int).SetString(strings.TrimSpace(arg), 10)
		if !ok {
			if t.d.badTTYOperandFails {
				t.fail(t.d.notInteger(arg))
			}
			return false
		}
		return fd.IsInt64() && fd.Int64() >= 0 && fd.Int64() <= 2 && t.p.TTY()
	case 'r', 'w', 'x':
		mode := map[byte]uint32{'r': vfs.AccessRead, 'w': vfs.AccessWrite, 'x': vfs.AccessExec}[op[1]]
		return arg != "" && t.p.M.FS.Access(t.p.Cred(), t.p.Abs(arg), mode) == nil
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
