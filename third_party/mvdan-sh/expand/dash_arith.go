// Patched for hostile (see ../PATCHES.md, "Behaviour patches"): dash's
// arithmetic as dash 0.5.11/0.5.12 computes it (arith_yacc.c, arith_yylex.c):
// the text of $(( )) with its expansions done is read again, so an empty
// expression or operand fails ("arithmetic expression: expecting primary:
// \"\""), a variable's value must be a number ("Illegal number: abc"), and
// the errors name the whole text as it was expanded.

package expand

import (
	"strconv"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// DashArithm evaluates x, written between the offsets from and to, as dash
// does.
func DashArithm(cfg *Config, x syntax.ArithmExpr, from, to uint) (int, error) {
	cfg = prepareConfig(cfg)
	text, err := arithText(cfg, x, from, to, false)
	if err != nil {
		return 0, err
	}
	e := &dashArith{cfg: cfg, text: text}
	n, err := e.eval()
	return int(n), err
}

// dash's tokens, in the order of arith_yacc.h: the binary operators from
// dtMul to dtLor, highest precedence first.
const (
	dtEnd = iota
	dtNum
	dtVar
	dtLparen
	dtRparen
	dtQmark
	dtColon
	dtNot
	dtBnot
	dtAssign // = and op=: the operator in assignOp
	dtMul    // binary operators from here
	dtDiv
	dtRem
	dtAdd
	dtSub
	dtShl
	dtShr
	dtLt
	dtLe
	dtGt
	dtGe
	dtEq
	dtNe
	dtBand
	dtBxor
	dtBor
	dtLand
	dtLor
	dtBad
)

// dashPrec is each binary operator's precedence, lower binds tighter.
var dashPrec = map[int]int{
	dtMul: 0, dtDiv: 0, dtRem: 0,
	dtAdd: 1, dtSub: 1,
	dtShl: 2, dtShr: 2,
	dtLt: 3, dtLe: 3, dtGt: 3, dtGe: 3,
	dtEq: 4, dtNe: 4,
	dtBand: 5, dtBxor: 6, dtBor: 7, dtLand: 8, dtLor: 9,
}

type dashArith struct {
	cfg  *Config
	text string
	pos  int
	// the current token and its value: a number, or a variable's name
	tok      int
	num      int64
	name     string
	assignOp int // for dtAssign: the binary operator of op=, or 0
}

func (e *dashArith) fail(msg string) error {
	return &ArithmError{Msg: msg, DashMsg: msg, Expr: e.text}
}

// next reads a token: arith_yylex.
func (e *dashArith) next() error {
	s := e.text
	for e.pos < len(s) && (s[e.pos] == ' ' || s[e.pos] == '\t' || s[e.pos] == '\n') {
		e.pos++
	}
	if e.pos >= len(s) {
		e.tok = dtEnd
		return nil
	}
	c := s[e.pos]
	switch {
	case c >= '0' && c <= '9':
		n, width := strtoimax(s[e.pos:])
		e.tok, e.num = dtNum, n
		e.pos += width
		return nil
	case isNameStart(c):
		q := e.pos
		for q < len(s) && isNameChar(s[q]) {
			q++
		}
		e.tok, e.name, e.pos = dtVar, s[e.pos:q], q
		return nil
	}
	ops := []struct {
		s      string
		tok    int
		assign int
	}{
		{">>=", dtAssign, dtShr}, {"<<=", dtAssign, dtShl},
		{">>", dtShr, 0}, {"<<", dtShl, 0}, {">=", dtGe, 0}, {"<=", dtLe, 0}, {"==", dtEq, 0}, {"!=", dtNe, 0},
		{"&&", dtLand, 0}, {"||", dtLor, 0},
		{"|=", dtAssign, dtBor}, {"&=", dtAssign, dtBand}, {"^=", dtAssign, dtBxor}, {"*=", dtAssign, dtMul},
		{"/=", dtAssign, dtDiv}, {"%=", dtAssign, dtRem}, {"+=", dtAssign, dtAdd}, {"-=", dtAssign, dtSub},
		{"=", dtAssign, 0}, {">", dtGt, 0}, {"<", dtLt, 0}, {"|", dtBor, 0}, {"&", dtBand, 0}, {"^", dtBxor, 0},
		{"*", dtMul, 0}, {"/", dtDiv, 0}, {"%", dtRem, 0}, {"+", dtAdd, 0}, {"-", dtSub, 0},
		{"!", dtNot, 0}, {"~", dtBnot, 0}, {"?", dtQmark, 0}, {":", dtColon, 0}, {"(", dtLparen, 0}, {")", dtRparen, 0},
	}
	for _, op := range ops {
		if strings.HasPrefix(s[e.pos:], op.s) {
			e.tok, e.assignOp = op.tok, op.assign
			e.pos += len(op.s)
			return nil
		}
	}
	e.tok = dtBad // a byte no token starts with: no operand, nor an operator
	return nil
}

// strtoimax reads a number as strtoimax(s, &end, 0): decimal, 0 octal, 0x
// hexadecimal, as far as its digits go; the value saturates.
func strtoimax(s string) (int64, int) {
	base, i := 10, 0
	if strings.HasPrefix(s, "0x") || strings.HasPrefix(s, "0X") {
		if len(s) > 2 && strings.IndexByte("0123456789abcdefABCDEF", s[2]) >= 0 {
			base, i = 16, 2
		} else {
			return 0, 1
		}
	} else if strings.HasPrefix(s, "0") {
		base = 8
	}
	j := i
	for j < len(s) && digitValue(s[j]) < base {
		j++
	}
	n, err := strconv.ParseInt(s[i:j], base, 64)
	if err != nil {
		n = 1<<63 - 1
	}
	return n, j
}

func digitValue(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'z':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'Z':
		return int(c-'A') + 10
	}
	return 99
}

func (e *dashArith) eval() (int64, error) {
	if err := e.next(); err != nil {
		return 0, err
	}
	v, err := e.assign(false)
	if err != nil {
		return 0, err
	}
	if e.tok != dtEnd {
		return 0, e.fail("expecting EOF")
	}
	return v, nil
}

// value is a variable's value as a number: atomax(value, 0), an unset or
// empty variable 0.
func (e *dashArith) value(name string) (int64, error) {
	s := e.cfg.envGet(name)
	t := strings.TrimLeft(s, " \t\n\v\f\r")
	neg := false
	if t != "" && (t[0] == '-' || t[0] == '+') {
		neg, t = t[0] == '-', t[1:]
	}
	n, width := int64(0), 0
	if t != "" && t[0] >= '0' && t[0] <= '9' {
		n, width = strtoimax(t)
	}
	rest := strings.TrimLeft(t[width:], " \t\n\v\f\r")
	if rest != "" || width == 0 && strings.TrimSpace(s) != "" {
		return 0, &ArithmError{Msg: "Illegal number: " + s, DashMsg: "Illegal number: " + s, Expr: e.text, DashBare: true}
	}
	if neg {
		n = -n
	}
	return n, nil
}

// assign is an assignment or a ternary: arith_yacc's assign.
func (e *dashArith) assign(noeval bool) (int64, error) {
	if e.tok == dtVar {
		save, name := e.pos, e.name
		if err := e.next(); err != nil {
			return 0, err
		}
		if e.tok == dtAssign {
			op := e.assignOp
			if err := e.next(); err != nil {
				return 0, err
			}
			v, err := e.assign(noeval)
			if err != nil {
				return 0, err
			}
			if noeval {
				return v, nil
			}
			if op != 0 {
				old, err := e.value(name)
				if err != nil {
					return 0, err
				}
				if v, err = e.binop(op, old, v); err != nil {
					return 0, err
				}
			}
			if err := e.cfg.envSet(name, strconv.FormatInt(v, 10)); err != nil {
				return 0, err
			}
			return v, nil
		}
		e.pos, e.tok, e.name = save, dtVar, name // read the variable again as an operand
	}
	return e.ternary(noeval)
}

func (e *dashArith) ternary(noeval bool) (int64, error) {
	c, err := e.binary(10, noeval)
	if err != nil || e.tok != dtQmark {
		return c, err
	}
	if err := e.next(); err != nil {
		return 0, err
	}
	a, err := e.assign(noeval || c == 0)
	if err != nil {
		return 0, err
	}
	if e.tok != dtColon {
		return 0, e.fail("expecting ':'")
	}
	if err := e.next(); err != nil {
		return 0, err
	}
	b, err := e.assign(noeval || c != 0)
	if err != nil {
		return 0, err
	}
	if c != 0 {
		return a, nil
	}
	return b, nil
}

// binary reads operands joined by operators binding tighter than prec.
func (e *dashArith) binary(prec int, noeval bool) (int64, error) {
	a, err := e.primary(noeval)
	if err != nil {
		return 0, err
	}
	for {
		p, ok := dashPrec[e.tok]
		if !ok || p >= prec {
			return a, nil
		}
		op := e.tok
		if err := e.next(); err != nil {
			return 0, err
		}
		skip := noeval || op == dtLand && a == 0 || op == dtLor && a != 0
		b, err := e.binary(p, skip)
		if err != nil {
			return 0, err
		}
		switch {
		case op == dtLand:
			a = dashBool(a != 0 && b != 0)
		case op == dtLor:
			a = dashBool(a != 0 || b != 0)
		case noeval:
		default:
			if a, err = e.binop(op, a, b); err != nil {
				return 0, err
			}
		}
	}
}

func dashBool(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

func (e *dashArith) binop(op int, a, b int64) (int64, error) {
	switch op {
	case dtMul:
		return a * b, nil
	case dtDiv, dtRem:
		if b == 0 {
			return 0, e.fail("division by zero")
		}
		if op == dtDiv {
			return a / b, nil
		}
		return a % b, nil
	case dtAdd:
		return a + b, nil
	case dtSub:
		return a - b, nil
	case dtShl:
		return a << (uint64(b) & 63), nil
	case dtShr:
		return a >> (uint64(b) & 63), nil
	case dtLt:
		return dashBool(a < b), nil
	case dtLe:
		return dashBool(a <= b), nil
	case dtGt:
		return dashBool(a > b), nil
	case dtGe:
		return dashBool(a >= b), nil
	case dtEq:
		return dashBool(a == b), nil
	case dtNe:
		return dashBool(a != b), nil
	case dtBand:
		return a & b, nil
	case dtBxor:
		return a ^ b, nil
	case dtBor:
		return a | b, nil
	}
	return 0, e.fail("expecting primary")
}

// primary is an operand: a number, a variable, a parenthesised expression
// or a unary operator and its operand.
func (e *dashArith) primary(noeval bool) (int64, error) {
	switch tok := e.tok; tok {
	case dtLparen:
		if err := e.next(); err != nil {
			return 0, err
		}
		v, err := e.assign(noeval)
		if err != nil {
			return 0, err
		}
		if e.tok != dtRparen {
			return 0, e.fail("expecting ')'")
		}
		return v, e.next()
	case dtNum:
		v := e.num
		return v, e.next()
	case dtVar:
		name := e.name
		if err := e.next(); err != nil {
			return 0, err
		}
		if noeval {
			return 0, nil
		}
		return e.value(name)
	case dtAdd, dtSub, dtNot, dtBnot:
		if err := e.next(); err != nil {
			return 0, err
		}
		v, err := e.primary(noeval)
		if err != nil {
			return 0, err
		}
		switch tok {
		case dtSub:
			v = -v
		case dtNot:
			v = dashBool(v == 0)
		case dtBnot:
			v = ^v
		}
		return v, nil
	}
	return 0, e.fail("expecting primary")
}
