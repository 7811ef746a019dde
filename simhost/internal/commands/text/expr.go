package text

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
)

func init() {
	shell.Register(shell.Command{Name: "expr", Only: "gnu", Run: exprCmd})
}

// exprCmd is coreutils expr: it prints the value of the expression its
// arguments spell and exits 0, 1 when the value is null or 0, 2 for a bad
// expression.
func exprCmd(p *shell.Proc) (status int) {
	args := p.Args()
	if len(args) > 0 && args[0] == "--" {
		args = args[1:]
	}
	if len(args) == 0 {
		return progkit.SpecUsageError(p, progkit.Spec{Code: 2}, "missing operand")
	}
	e := &exprEval{args: args}
	defer func() {
		if msg, ok := recover().(exprError); ok {
			p.Errorf("%s", string(msg))
			status = 2
		}
	}()
	v := e.or()
	if e.pos < len(e.args) {
		e.fail("syntax error: unexpected argument %s", progkit.QuoteC(e.args[e.pos]))
	}
	p.Printf("%s\n", v)
	if exprNull(v) {
		return 1
	}
	return 0
}

// exprError is a bad expression unwinding the evaluation.
type exprError string

// exprEval walks expr's grammar over its arguments, lowest precedence first:
// | then & then comparisons, + -, * / %, :, and the keyword and ( ) forms.
type exprEval struct {
	args []string
	pos  int
}

func (e *exprEval) fail(format string, a ...any) { panic(exprError(fmt.Sprintf(format, a...))) }

// next takes the next argument when it is one of ops.
func (e *exprEval) next(ops ...string) (string, bool) {
	if e.pos < len(e.args) {
		for _, op := range ops {
			if e.args[e.pos] == op {
				e.pos++
				return op, true
			}
		}
	}
	return "", false
}

// operand is the argument after an operator, which must be there.
func (e *exprEval) operand() {
	if e.pos >= len(e.args) {
		e.fail("syntax error: missing argument after %s", progkit.QuoteC(e.args[e.pos-1]))
	}
}

func (e *exprEval) or() string {
	l := e.and()
	for {
		if _, ok := e.next("|"); !ok {
			return l
		}
		e.operand()
		r := e.and()
		if exprNull(l) {
			l = r
			if exprNull(l) {
				l = "0"
			}
		}
	}
}

func (e *exprEval) and() string {
	l := e.compare()
	for {
		if _, ok := e.next("&"); !ok {
			return l
		}
		e.operand()
		r := e.compare()
		if exprNull(l) || exprNull(r) {
			l = "0"
		}
	}
}

func (e *exprEval) compare() string {
	l := e.sum()
	for {
		op, ok := e.next("<", "<=", "=", "==", "!=", ">=", ">")
		if !ok {
			return l
		}
		e.operand()
		r := e.sum()
		c := strings.Compare(l, r)
		if a, aok := exprInt(l); aok {
			if b, bok := exprInt(r); bok {
				c = a.Cmp(b)
			}
		}
		holds := map[string]bool{"<": c < 0, "<=": c <= 0, "=": c == 0, "==": c == 0, "!=": c != 0, ">=": c >= 0, ">": c > 0}[op]
		l = map[bool]string{true: "1", false: "0"}[holds]
	}
}

func (e *exprEval) sum() string {
	l := e.product()
	for {
		op, ok := e.next("+", "-")
		if !ok {
			return l
		}
		e.operand()
		a, b := e.ints(l, e.product())
		if op == "+" {
			l = new(big.Int).Add(a, b).String()
		} else {
			l = new(big.Int).Sub(a, b).String()
		}
	}
}

func (e *exprEval) product() string {
	l := e.match()
	for {
		op, ok := e.next("*", "/", "%")
		if !ok {
			return l
		}
		e.operand()
		a, b := e.ints(l, e.match())
		switch {
		case op == "*":
			l = new(big.Int).Mul(a, b).String()
		case b.Sign() == 0:
			e.fail("division by zero")
		case op == "/":
			l = new(big.Int).Quo(a, b).String() // C's division truncates toward zero
		default:
			l = new(big.Int).Rem(a, b).String()
		}
	}
}

func (e *exprEval) match() string {
	l := e.keyword()
	for {
		if _, ok := e.next(":"); !ok {
			return l
		}
		e.operand()
		l = e.regexMatch(l, e.keyword())
	}
}

// regexMatch is STRING : REGEX, anchored at the start: the text of \( \) when
// the expression has it, else the length of the match.
func (e *exprEval) regexMatch(s, pattern string) string {
	re, msg := progkit.Regexp("^"+pattern, false, "")
	if msg != "" {
		e.fail("%s", msg)
	}
	m := re.FindStringSubmatch(s)
	switch {
	case re.NumSubexp() > 0 && m == nil:
		return ""
	case re.NumSubexp() > 0:
		return m[1]
	case m == nil:
		return "0"
	}
	return strconv.Itoa(len(m[0]))
}

func (e *exprEval) keyword() string {
	if e.pos >= len(e.args) {
		e.fail("syntax error: missing argument after %s", progkit.QuoteC(e.args[e.pos-1]))
	}
	switch word, _ := e.next("+", "length", "match", "index", "substr"); word {
	case "+":
		e.operand()
		e.pos++
		return e.args[e.pos-1] // the next argument as a string, whatever it looks like
	case "length":
		e.operand()
		return strconv.Itoa(len(e.keyword()))
	case "match":
		e.operand()
		s := e.keyword()
		e.operand()
		return e.regexMatch(s, e.keyword())
	case "index":
		e.operand()
		s := e.keyword()
		e.operand()
		chars := e.keyword()
		return strconv.Itoa(strings.IndexAny(s, chars) + 1)
	case "substr":
		e.operand()
		s := e.keyword()
		e.operand()
		from := e.keyword()
		e.operand()
		n := e.keyword()
		i, ierr := strconv.Atoi(from)
		k, kerr := strconv.Atoi(n)
		if ierr != nil || kerr != nil || i < 1 || i > len(s) || k < 1 {
			return ""
		}
		return s[i-1 : min(len(s), i-1+k)]
	}
	return e.primary()
}

func (e *exprEval) primary() string {
	if _, ok := e.next("("); ok {
		e.operand()
		v := e.or()
		switch {
		case e.pos >= len(e.args):
			e.fail("syntax error: expecting ')' after %s", progkit.QuoteC(e.args[e.pos-1]))
		case e.args[e.pos] != ")":
			e.fail("syntax error: expecting ')' instead of %s", progkit.QuoteC(e.args[e.pos]))
		}
		e.pos++
		return v
	}
	if _, ok := e.next(")"); ok {
		e.fail("syntax error: unexpected ')'")
	}
	e.pos++
	return e.args[e.pos-1]
}

// ints reads both operands of an arithmetic operator as integers.
func (e *exprEval) ints(l, r string) (*big.Int, *big.Int) {
	a, aok := exprInt(l)
	b, bok := exprInt(r)
	if !aok || !bok {
		e.fail("non-integer argument")
	}
	return a, b
}

// exprInt reads a value as expr's integers are written: an optional minus
// and decimal digits.
func exprInt(s string) (*big.Int, bool) {
	digits := strings.TrimPrefix(s, "-")
	if digits == "" || strings.Trim(digits, "0123456789") != "" {
		return nil, false
	}
	return new(big.Int).SetString(s, 10)
}

// exprNull is expr's idea of false: the empty string, or a zero however
// written.
func exprNull(v string) bool {
	digits := strings.TrimPrefix(v, "-")
	return v == "" || digits != "" && strings.Trim(digits, "0") == ""
}
