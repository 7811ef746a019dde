// Patched for hostile (see ../PATCHES.md, "Behaviour patches"): arithmetic
// errors carry what bash and dash print, the expression's text and the token
// at fault, rebuilt from the positions of the parsed expression.

package expand

import (
	"bytes"
	"errors"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// ArithmError is an arithmetic expansion that failed, as
// `1/0: division by 0 (error token is "0")`.
type ArithmError struct {
	Msg     string // bash's words: "division by 0"
	DashMsg string // dash's: "division by zero"
	// DashBare is a dash error printed alone, not as an arithmetic
	// expression's ("Illegal number: abc", dash_arith.go)
	DashBare bool
	// Expr is the expression's text and Token the text from the operand at
	// fault to its end; both are set by Place.
	Expr, Token string
	at          syntax.Node // the operand at fault
}

func (e *ArithmError) Error() string { return e.Msg }

func arithErr(msg, dashMsg string, at syntax.Node) *ArithmError {
	return &ArithmError{Msg: msg, DashMsg: dashMsg, at: at}
}

// Place sets Expr and Token for the expression x written between from and
// to (the offsets inside `$((` and `))`), trimming the blanks bash trims:
// the leading ones, and the trailing ones too when trimEnd.
func (e *ArithmError) Place(x syntax.ArithmExpr, from, to uint, trimEnd bool) {
	if to < from {
		return
	}
	buf := bytes.Repeat([]byte{' '}, int(to-from))
	put := func(pos syntax.Pos, s string) {
		if !pos.IsValid() || pos.Offset() < from {
			return
		}
		if off := int(pos.Offset() - from); off+len(s) <= len(buf) {
			copy(buf[off:], s)
		}
	}
	lastLeaf := uint(0)
	syntax.Walk(x, func(n syntax.Node) bool {
		switch n := n.(type) {
		case *syntax.BinaryArithm:
			put(n.OpPos, n.Op.String())
		case *syntax.UnaryArithm:
			put(n.OpPos, n.Op.String())
		case *syntax.ParenArithm:
			put(n.Lparen, "(")
			put(n.Rparen, ")")
		case *syntax.Word:
			var b strings.Builder
			syntax.NewPrinter().Print(&b, n)
			put(n.Pos(), b.String())
			return false
		}
		return true
	})
	if e.at != nil {
		syntax.Walk(e.at, func(n syntax.Node) bool {
			if w, ok := n.(*syntax.Word); ok {
				lastLeaf = w.Pos().Offset()
				return false
			}
			return true
		})
	}
	text := string(buf)
	start := len(text) - len(strings.TrimLeft(text, " \t\n"))
	end := len(text)
	if trimEnd {
		end = len(strings.TrimRight(text, " \t\n"))
	}
	if end < start {
		end = start
	}
	e.Expr = text[start:end]
	e.Token = e.Expr
	if tok := int(lastLeaf) - int(from); lastLeaf != 0 && tok >= start && tok <= end {
		e.Token = text[tok:end]
	}
}

// dashArithMsg is dash's wording of one of bash's arithmetic errors.
func dashArithMsg(msg string) string {
	switch msg {
	case "division by 0":
		return "division by zero"
	case "exponent less than 0":
		return "expecting primary"
	}
	return msg
}

// placeArithmExp places an error of $((expr)) in its text.
func placeArithmExp(err error, x *syntax.ArithmExp) {
	var ae *ArithmError
	if errors.As(err, &ae) && ae.Expr == "" {
		open := uint(3) // $((
		if x.Bracket {
			open = 2 // $[
		}
		ae.Place(x.X, x.Left.Offset()+open, x.Right.Offset(), true)
	}
}

// arithmExp computes $((expr)) (or $[expr]), its errors placed in its text.
func (cfg *Config) arithmExp(x *syntax.ArithmExp) (int, error) {
	open := uint(3) // $((
	if x.Bracket {
		open = 2 // $[
	}
	if cfg.BashArithm {
		return BashArithm(cfg, x.X, x.Left.Offset()+open, x.Right.Offset(), false) // bash_arith.go
	}
	if cfg.DashArithm {
		return DashArithm(cfg, x.X, x.Left.Offset()+open, x.Right.Offset()) // dash_arith.go
	}
	n, err := Arithm(cfg, x.X)
	if err != nil {
		placeArithmExp(err, x)
	}
	return n, err
}
