package text

import (
	"fmt"
	"io"
	"math"
	"math/big"
	"strconv"
	"strings"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/shell"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

func init() {
	shell.Register(shell.Command{Name: "bc", Only: "gnu", ShortName: true, Run: bcCmd, Present: bcInstalled})
}

// bcInstalled says a host has bc when its installed system has the file.
func bcInstalled(m *machine.Machine) bool {
	_, err := m.FS.Stat(vfs.Root, "/usr/bin/bc")
	return err == nil
}

const bcUsage = `usage: bc [options] [file ...]
  -h  --help         print this usage and exit
  -i  --interactive  force interactive mode
  -l  --mathlib      use the predefined math routines
  -q  --quiet        don't print initial banner
  -s  --standard     non-standard bc constructs are errors
  -w  --warn         warn about non-standard bc constructs
  -v  --version      print version information and exit
`

var bcGetopt = progkit.Getopt{
	Short: "hilqswv",
	Long:  []string{"help=h", "interactive=i", "mathlib=l", "quiet=q", "standard=s", "warn=w", "version=v"},
	NoTry: true, Status: 1,
	NotEmulated: []string{"s", "w", "i"},
}

// bcCmd is GNU bc 1.07.1: it runs its file operands, then its standard
// input, a line (or a function definition) at a time. Errors in the program
// are reported and the next line runs; the status is 0 unless a file cannot
// be read.
func bcCmd(p *shell.Proc) (status int) {
	cl, code, ok := bcGetopt.Parse(p, p.Args())
	if !ok {
		fmt.Fprint(p.Stdout, bcUsage) // bc prints its usage on stdout after the complaint
		return code
	}
	if cl.Has("h") {
		fmt.Fprint(p.Stdout, bcUsage)
		return 0
	}
	if cl.Has("v") {
		fmt.Fprint(p.Stdout, bcVersion)
		return 0
	}
	if p.IsTerminal(p.Stdin) && !cl.Has("q") {
		// bc greets a terminal (its readline line editing is not emulated).
		fmt.Fprint(p.Stdout, bcVersion+bcBanner)
	}
	in := newBcInterp(p)
	defer bcCatch(func(stop bcStop) { status = stop.status })
	return in.main(cl.Has("l"), cl.Operands)
}

const bcVersion = `bc 1.07.1
Copyright 1991-1994, 1997, 1998, 2000, 2004, 2006, 2008, 2012-2017 Free Software Foundation, Inc.
`

// bcLimits is what the limits statement prints on Debian's amd64 build.
const bcLimits = `BC_BASE_MAX     = 2147483647
BC_DIM_MAX      = 16777215
BC_SCALE_MAX    = 2147483647
BC_STRING_MAX   = 2147483647
MAX Exponent    = 9223372036854775807
Number of vars  = 32767
`

const bcBanner = "This is free software with ABSOLUTELY NO WARRANTY.\nFor details type `warranty'. \n"

// bcStop ends the program at once with a status: quit, halt, the session
// ending, memory running out.
type bcStop struct{ status int }

// bcRuntime is a runtime error, unwinding to the end of the current line.
type bcRuntime struct {
	msg string
	adr int
}

// bcMaxDepth is the deepest recursion the emulator follows; bc's own stack
// would grow until the host's memory ran out.
const bcMaxDepth = 10000

// approxDigits is about how many digits n has, without converting it.
func approxDigits(n bcNum) int64 { return int64(n.v.BitLen())*30103/100000 + 1 }

// bcMaxScale is the most bc takes for scale and obase (INT_MAX).
const bcMaxScale = math.MaxInt32

type bcInterp struct {
	p       *shell.Proc
	col     int // bc's out_col, for its line breaking
	lineLen int
	scale   int
	ibase   int
	obase   int
	last    bcNum
	vars    map[string][]bcNum
	arrays  map[string][]map[int64]bcNum
	funcs   map[string]*bcFunc
	fnName  string
	ret     bcNum
	digits  int // the most digits one number may have on this host
	depth   int
	frames  [][]bcParam // each running call's locals, to pop on return or error
}

func newBcInterp(p *shell.Proc) *bcInterp {
	in := &bcInterp{p: p, ibase: 10, obase: 10, lineLen: 70, last: bcInt(0), fnName: "(main)",
		vars: map[string][]bcNum{}, arrays: map[string][]map[int64]bcNum{}, funcs: map[string]*bcFunc{},
		// bc holds a digit per byte and works on copies of its operands:
		// a number past an eighth of the host's buffer bound is out of memory.
		digits: int(p.M.Desc.Limits.BufferBytes / 8)}
	if v, ok := lookupEnv(p, "BC_LINE_LENGTH"); ok {
		n, _ := strconv.Atoi(v)
		switch {
		case n == 0 && v != "":
			in.lineLen = 0
		case n >= 3:
			in.lineLen = n
		}
	}
	return in
}

func lookupEnv(p *shell.Proc, key string) (string, bool) {
	for _, kv := range p.Env {
		if k, v, ok := strings.Cut(kv, "="); ok && k == key {
			return v, true
		}
	}
	return "", false
}

func (in *bcInterp) main(mathlib bool, files []string) int {
	if mathlib {
		in.run("", strings.NewReader(bcMathLib))
	}
	for _, name := range files {
		r, closeFile, err := progkit.OpenInput(in.p, name)
		if err != nil || name == "-" {
			fmt.Fprintf(in.p.Stderr, "File %s is unavailable.\n", name)
			return 1
		}
		in.run(name, r)
		closeFile()
	}
	in.run("(standard_in)", in.p.BoundLines(in.p.Stdin))
	return 0
}

// run parses and runs one source, a top-level item at a time.
func (in *bcInterp) run(name string, r io.Reader) {
	lex := &bcLexer{in: bcReader(r), line: 1}
	// An illegal character is reported and spoils its line: bc parses on
	// but does not run it.
	spoiled := false
	lex.onIllegal = func(c rune) {
		fmt.Fprintf(in.p.Stderr, "%s %d: illegal character: %c\n", name, lex.line, c)
		spoiled = true
	}
	lex.onCommentEOF = func() { fmt.Fprint(in.p.Stderr, "EOF encountered in a comment.\n") }
	ps := &bcParser{lex: lex}
	for {
		if in.p.Ctx.Err() != nil {
			panic(bcStop{})
		}
		stmts, fn, eof, errMsg := in.parseItem(ps)
		if spoiled {
			spoiled, stmts = false, nil
		}
		if errMsg != "" {
			fmt.Fprintf(in.p.Stderr, "%s %d: %s\n", name, lex.line, errMsg)
			// bc's parser recovers at the end of the line.
			for ps.peek().kind != tNewline && ps.peek().kind != tEOF {
				ps.take()
			}
			ps.take()
			spoiled = false
			continue
		}
		if eof {
			return
		}
		if fn != nil {
			in.funcs[fn.name] = fn
			continue
		}
		in.runLine(stmts)
	}
}

func (in *bcInterp) parseItem(ps *bcParser) (stmts []*bcStmt, fn *bcFunc, eof bool, errMsg string) {
	defer bcCatch(func(e bcSyntaxError) { errMsg = e.msg })
	stmts, fn, eof = ps.item()
	for _, s := range stmts {
		switch s.kind {
		case "quit":
			panic(bcStop{}) // quit ends bc as it is read
		case "limits":
			in.out(bcLimits) // so does limits: it prints as it is read
		case "warranty":
			in.p.NotEmulated("bc's warranty statement (the banner and the GPL's warranty text)")
		}
	}
	return stmts, fn, eof, ""
}

func (in *bcInterp) runLine(stmts []*bcStmt) {
	defer bcCatch(func(e bcRuntime) {
		fmt.Fprintf(in.p.Stderr, "Runtime error (func=%s, adr=%d): %s\n", in.fnName, e.adr, e.msg)
		in.fnName, in.depth = "(main)", 0
		in.unwindLocals()
	})
	in.execList(stmts)
}

// bcCatch, deferred, ends a panic of type T with handle: bc leaves the
// program, an item or a line by panicking with its bcStop, bcSyntaxError
// or bcRuntime. Any other panic goes on.
func bcCatch[T any](handle func(T)) {
	if v := recover(); v != nil {
		caught, ok := v.(T)
		if !ok {
			panic(v)
		}
		handle(caught)
	}
}

func (in *bcInterp) fail(adr int, format string, a ...any) {
	panic(bcRuntime{msg: fmt.Sprintf(format, a...), adr: adr})
}

func (in *bcInterp) warn(adr int, format string, a ...any) {
	fmt.Fprintf(in.p.Stderr, "Runtime warning (func=%s, adr=%d): %s\n", in.fnName, adr, fmt.Sprintf(format, a...))
}

type bcCtl int

const (
	ctlNext bcCtl = iota
	ctlBreak
	ctlContinue
	ctlReturn
)

func (in *bcInterp) execList(list []*bcStmt) bcCtl {
	for _, s := range list {
		if c := in.exec(s); c != ctlNext {
			return c
		}
	}
	return ctlNext
}

func (in *bcInterp) checkCtx() {
	if in.p.Ctx.Err() != nil {
		panic(bcStop{})
	}
}

func (in *bcInterp) exec(s *bcStmt) bcCtl {
	switch s.kind {
	case "expr":
		v := in.eval(s.expr)
		if s.expr.op != "assign" || s.expr.paren {
			in.printNum(v)
			in.out("\n")
			in.last = v
		}
	case "str":
		in.out(s.text)
	case "print":
		for _, it := range s.items {
			if it.isS {
				in.out(bcEscapes(it.str))
			} else {
				v := in.eval(it.expr)
				in.printNum(v)
				in.last = v
			}
		}
	case "block":
		return in.execList(s.body)
	case "if":
		if !in.eval(s.expr).isZero() {
			return in.execList(s.body)
		}
		return in.execList(s.els)
	case "while", "for": // a while is a for with a condition alone
		if s.init != nil {
			in.eval(s.init)
		}
		for s.expr == nil || !in.eval(s.expr).isZero() {
			in.checkCtx()
			c := in.execList(s.body)
			if c == ctlBreak {
				break
			}
			if c == ctlReturn {
				return c
			}
			if s.step != nil {
				in.eval(s.step)
			}
		}
	case "break":
		return ctlBreak
	case "continue":
		return ctlContinue
	case "return":
		in.ret = bcInt(0)
		if s.expr != nil {
			in.ret = in.eval(s.expr)
		}
		return ctlReturn
	case "halt":
		panic(bcStop{})
	}
	return ctlNext
}

// bcPrintEscapes are the backslash escapes of bc's print strings.
var bcPrintEscapes = map[byte]byte{'a': '\a', 'b': '\b', 'f': '\f', 'n': '\n', 'q': '"', 'r': '\r', 't': '\t', '\\': '\\'}

// bcEscapes is a print string with bc's backslash escapes made.
func bcEscapes(s string) string { return progkit.ExpandEscapes(s, bcPrintEscapes, nil) }

// out writes as bc's out_char does: a line reaching lineLen-1 columns is
// continued with a backslash.
func (in *bcInterp) out(s string) {
	var b strings.Builder
	for _, c := range s {
		if c == '\n' {
			in.col = 0
		} else {
			in.col++
			if in.lineLen != 0 && in.col == in.lineLen-1 {
				b.WriteString("\\\n")
				in.col = 1
			}
		}
		b.WriteRune(c)
	}
	if _, err := io.WriteString(in.p.Stdout, b.String()); err != nil {
		panic(bcStop{status: 1}) // a closed pipe is SIGPIPE to bc: it ends there
	}
}

// printNum prints n in obase, as bc_out_num does.
func (in *bcInterp) printNum(n bcNum) {
	if in.obase == 10 {
		in.out(n.base10())
		return
	}
	var b strings.Builder
	if n.v.Sign() < 0 {
		b.WriteByte('-')
	}
	if n.isZero() {
		in.out("0")
		return
	}
	abs := bcNum{v: new(big.Int).Abs(n.v), scale: n.scale}
	base := bcInt(int64(in.obase))
	width := len(strconv.Itoa(in.obase - 1))
	digit := func(d int64, space bool) {
		if in.obase <= 16 {
			b.WriteByte("0123456789ABCDEF"[d])
			return
		}
		if space {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%0*d", width, d)
	}
	intPart := new(big.Int).Quo(abs.v, pow10(abs.scale))
	var stack []int64
	for obase := big.NewInt(int64(in.obase)); intPart.Sign() != 0; {
		var m big.Int
		intPart.QuoRem(intPart, obase, &m)
		stack = append(stack, m.Int64())
		in.checkCtx()
	}
	for i := len(stack) - 1; i >= 0; i-- {
		digit(stack[i], true)
	}
	if abs.scale > 0 {
		b.WriteByte('.')
		frac := bcSub(abs, bcNum{v: new(big.Int).Quo(abs.v, pow10(abs.scale))})
		for t := bcInt(1); t.intLen() <= abs.scale; t = bcMul(t, base, 0) {
			frac = bcMul(frac, base, abs.scale)
			d, _ := frac.toLong()
			frac = bcSub(frac, bcInt(d))
			digit(d, b.Len() > 0 && b.String()[b.Len()-1] != '.')
			in.checkCtx()
		}
	}
	in.out(b.String())
}

// constant converts a number's digits in the current ibase, as bc does when
// the code runs.
func (in *bcInterp) constant(text string) bcNum {
	base := int64(in.ibase)
	val := func(c byte) int64 {
		if c <= '9' {
			return int64(c - '0')
		}
		return int64(c-'A') + 10
	}
	whole, frac, hasFrac := strings.Cut(text, ".")
	whole = strings.TrimLeft(whole, "0")
	acc := new(big.Int)
	bigBase := big.NewInt(base)
	for i := 0; i < len(whole); i++ {
		d := val(whole[i])
		// A lone digit keeps its value whatever ibase is (A is ten).
		if d >= base && !(i == 0 && len(whole) == 1) {
			d = base - 1
		}
		acc.Mul(acc, bigBase).Add(acc, big.NewInt(d))
	}
	n := bcNum{v: acc}
	if hasFrac && frac != "" {
		fv, div := new(big.Int), big.NewInt(1)
		for i := 0; i < len(frac); i++ {
			d := min(val(frac[i]), base-1)
			fv.Mul(fv, bigBase).Add(fv, big.NewInt(d))
			div.Mul(div, bigBase)
		}
		f, _ := bcDiv(bcNum{v: fv}, bcNum{v: div}, len(frac))
		n = bcAdd(n, f)
	}
	return n
}

// room fails as bc does out of memory when a number of that many digits
// would not fit the host's bound.
func (in *bcInterp) room(digits int64) {
	if digits > int64(in.digits) {
		fmt.Fprintf(in.p.Stderr, "Fatal error: Out of memory for malloc.\n")
		panic(bcStop{status: 1})
	}
}

func (in *bcInterp) eval(n *bcNode) bcNum {
	switch n.op {
	case "num":
		return in.constant(n.text)
	case "var":
		return in.load(n)
	case "elem":
		return in.load(n)
	case "assign":
		target, rhs := n.kids[0], n.kids[1]
		var v bcNum
		if n.text == "=" {
			v = in.eval(rhs)
		} else {
			v = in.arith(n.text[:1], in.load(target), in.eval(rhs), n.opAdr)
		}
		return in.store(target, v, n.adr)
	case "pre", "post":
		old := in.load(n.kids[0])
		delta := bcInt(1)
		if n.text == "--" {
			delta = bcInt(-1)
		}
		v := in.store(n.kids[0], bcAdd(old, delta), n.adr)
		if n.op == "post" {
			return old
		}
		return v
	case "neg":
		v := in.eval(n.kids[0])
		return bcNum{v: new(big.Int).Neg(v.v), scale: v.scale}
	case "not":
		return bcBool(in.eval(n.kids[0]).isZero())
	case "and":
		return bcBool(!in.eval(n.kids[0]).isZero() && !in.eval(n.kids[1]).isZero())
	case "or":
		return bcBool(!in.eval(n.kids[0]).isZero() || !in.eval(n.kids[1]).isZero())
	case "==", "!=", "<", "<=", ">", ">=":
		c := bcCompare(in.eval(n.kids[0]), in.eval(n.kids[1]))
		return bcBool(map[string]bool{"==": c == 0, "!=": c != 0, "<": c < 0, "<=": c <= 0, ">": c > 0, ">=": c >= 0}[n.op])
	case "+", "-", "*", "/", "%", "^":
		return in.arith(n.op, in.eval(n.kids[0]), in.eval(n.kids[1]), n.adr)
	case "length":
		return bcInt(int64(in.eval(n.kids[0]).length()))
	case "scale()":
		return bcInt(int64(in.eval(n.kids[0]).scale))
	case "sqrt":
		v := in.eval(n.kids[0])
		if v.v.Sign() < 0 {
			in.fail(n.adr, "Square root of a negative number")
		}
		in.room(int64(max(in.scale, v.scale)) + approxDigits(v))
		return in.sqrt(v, in.scale)
	case "read":
		// bc's read() takes the next line of its input as a number (and
		// loops forever at end of input): not emulated.
		in.p.NotEmulated("bc's read()")
		in.fail(n.adr, "read() is not emulated")
	case "call":
		return in.call(n)
	}
	panic("bc: unknown node " + n.op)
}

func bcBool(b bool) bcNum {
	if b {
		return bcInt(1)
	}
	return bcInt(0)
}

func (in *bcInterp) arith(op string, a, b bcNum, adr int) bcNum {
	switch op {
	case "+":
		return bcAdd(a, b)
	case "-":
		return bcSub(a, b)
	case "*":
		in.room(approxDigits(a) + approxDigits(b))
		return bcMul(a, b, in.scale)
	case "/":
		in.room(int64(in.scale) + approxDigits(a))
		q, ok := bcDiv(a, b, in.scale)
		if !ok {
			in.fail(adr, "Divide by zero")
		}
		return q
	case "%":
		in.room(int64(in.scale+b.scale) + approxDigits(a))
		r, ok := bcMod(a, b, in.scale)
		if !ok {
			in.fail(adr, "Modulo by zero")
		}
		return r
	}
	return in.raise(a, b, adr)
}

// raise is bc_raise: an integer exponent (a fraction is dropped with a
// warning), the exact power truncated to min(a.scale*e, max(scale, a.scale))
// digits, or for a negative exponent 1/a^-e to scale digits.
func (in *bcInterp) raise(a, b bcNum, adr int) bcNum {
	if b.scale != 0 {
		in.warn(adr, "non-zero scale in exponent")
	}
	e, ok := b.toLong()
	if !ok {
		in.fail(adr, "exponent too large in raise")
	}
	if e == 0 {
		return bcInt(1)
	}
	neg := e < 0
	if neg {
		e = -e
	}
	if !a.isZero() && new(big.Int).Abs(a.v).Cmp(pow10(a.scale)) != 0 {
		in.room(e * approxDigits(a))
	}
	exact := bcNum{v: new(big.Int).Exp(a.v, big.NewInt(e), nil), scale: a.scale * int(e)}
	if neg {
		q, ok := bcDiv(bcInt(1), exact, in.scale)
		if !ok {
			in.fail(adr, "Divide by zero")
		}
		return q
	}
	return exact.rescale(min(exact.scale, max(in.scale, a.scale)))
}

// sqrt is bc_sqrt's Newton iteration, whose last digit the result keeps.
func (in *bcInterp) sqrt(n bcNum, scale int) bcNum {
	one := bcInt(1)
	switch bcCompare(n, bcInt(0)) {
	case 0:
		return bcInt(0)
	}
	cmpOne := bcCompare(n, one)
	if cmpOne == 0 {
		return one
	}
	rscale := max(scale, n.scale)
	var guess bcNum
	var cscale int
	if cmpOne < 0 {
		guess, cscale = one, n.scale
	} else {
		guess = bcNum{v: pow10(n.intLen() / 2)}
		cscale = 3
	}
	half := bcNum{v: big.NewInt(5), scale: 1}
	for {
		in.checkCtx()
		prev := guess
		guess, _ = bcDiv(n, guess, cscale)
		guess = bcAdd(guess, prev)
		guess = bcMul(guess, half, cscale)
		diff := bcSub(guess, prev)
		diff = diff.rescale(max(diff.scale, cscale+1))
		if !bcNearZero(diff, cscale) {
			continue
		}
		if cscale < rscale+1 {
			cscale = min(cscale*3, rscale+1)
		} else {
			break
		}
	}
	q, _ := bcDiv(guess, one, rscale)
	return q
}

// bcNearZero is bc_is_near_zero: n is zero, or one unit, in its first scale digits.
func bcNearZero(n bcNum, scale int) bool {
	t := new(big.Int).Abs(n.rescale(min(scale, n.scale)).v)
	return t.Sign() == 0 || t.Cmp(big.NewInt(1)) == 0
}

func (in *bcInterp) load(n *bcNode) bcNum {
	switch n.text {
	case "scale":
		return bcInt(int64(in.scale))
	case "ibase":
		return bcInt(int64(in.ibase))
	case "obase":
		return bcInt(int64(in.obase))
	case "last":
		return in.last
	}
	if n.op == "elem" {
		arr, idx := in.element(n, n.adr)
		if v, ok := arr[idx]; ok {
			return v
		}
		return bcInt(0)
	}
	if st := in.vars[n.text]; len(st) > 0 {
		return st[len(st)-1]
	}
	return bcInt(0)
}

// element is the array and index an element names.
func (in *bcInterp) element(n *bcNode, adr int) (map[int64]bcNum, int64) {
	idx, ok := in.eval(n.kids[0]).toLong()
	if !ok || idx < 0 || idx > 16777215 {
		in.fail(adr, "Array %s subscript out of bounds.", n.text)
	}
	return in.array(n.text), idx
}

func (in *bcInterp) array(name string) map[int64]bcNum {
	st := in.arrays[name]
	if len(st) == 0 {
		st = []map[int64]bcNum{{}}
		in.arrays[name] = st
	}
	return st[len(st)-1]
}

// store assigns v to a variable, element or special variable, and is the
// value assigned.
func (in *bcInterp) store(n *bcNode, v bcNum, adr int) bcNum {
	setSpecial := func(lo, hi int64, what string, to *int) bcNum {
		x, ok := v.toLong()
		huge := !ok && v.v.Sign() > 0
		switch {
		case huge || x > hi:
			in.warn(adr, "%s too large, set to %d", what, hi)
			x = hi
		case !ok || x < lo:
			if what == "scale" {
				in.warn(adr, "negative scale, set to 0")
			} else {
				in.warn(adr, "%s too small, set to %d", what, lo)
			}
			x = lo
		}
		*to = int(x)
		return v
	}
	switch n.text {
	case "scale":
		return setSpecial(0, bcMaxScale, "scale", &in.scale)
	case "ibase":
		return setSpecial(2, 36, "ibase", &in.ibase)
	case "obase":
		return setSpecial(2, bcMaxScale, "obase", &in.obase)
	case "last":
		in.last = v
		return v
	}
	if n.op == "elem" {
		arr, idx := in.element(n, adr)
		arr[idx] = v
		return v
	}
	st := in.vars[n.text]
	if len(st) == 0 {
		in.vars[n.text] = []bcNum{v}
	} else {
		st[len(st)-1] = v
	}
	return v
}

// call runs a function. Its parameters and autos hide the caller's
// variables of the same names until it returns: bc's scoping is dynamic.
func (in *bcInterp) call(n *bcNode) bcNum {
	f, ok := in.funcs[n.text]
	if !ok {
		in.fail(n.adr, "Function %s not defined.", n.text)
	}
	if len(n.args) != len(f.params) {
		in.fail(n.adr+1, "Parameter number mismatch") // found after the call's argument list
	}
	values := make([]bcNum, len(n.args))
	arrays := make([]map[int64]bcNum, len(n.args))
	for i, a := range n.args {
		if (a.array != "") != f.params[i].array {
			in.fail(n.adr+1, "Parameter type mismatch parameter %s.", f.params[i].name)
		}
		if a.array != "" {
			copied := map[int64]bcNum{}
			for k, v := range in.array(a.array) {
				copied[k] = v
			}
			arrays[i] = copied
		} else {
			values[i] = in.eval(a.expr)
		}
	}
	in.depth++
	if in.depth > bcMaxDepth {
		in.room(math.MaxInt64) // bc's stack would exhaust the host's memory
	}
	in.checkCtx()
	caller := in.fnName
	in.fnName = f.name
	locals := append(append([]bcParam(nil), f.params...), f.autos...)
	for i, l := range locals {
		if l.array {
			a := map[int64]bcNum{}
			if i < len(arrays) && arrays[i] != nil {
				a = arrays[i]
			}
			in.arrays[l.name] = append(in.arrays[l.name], a)
		} else {
			v := bcInt(0)
			if i < len(values) {
				v = values[i]
			}
			in.vars[l.name] = append(in.vars[l.name], v)
		}
	}
	in.frames = append(in.frames, locals)
	in.ret = bcInt(0)
	if in.execList(f.body) != ctlReturn {
		in.ret = bcInt(0)
	}
	in.popFrame()
	in.fnName = caller
	in.depth--
	return in.ret
}

func (in *bcInterp) popFrame() {
	locals := in.frames[len(in.frames)-1]
	in.frames = in.frames[:len(in.frames)-1]
	for _, l := range locals {
		if l.array {
			st := in.arrays[l.name]
			in.arrays[l.name] = st[:len(st)-1]
		} else {
			st := in.vars[l.name]
			in.vars[l.name] = st[:len(st)-1]
		}
	}
}

// unwindLocals drops every call's locals after a runtime error.
func (in *bcInterp) unwindLocals() {
	for len(in.frames) > 0 {
		in.popFrame()
	}
}
