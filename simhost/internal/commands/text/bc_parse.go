package text

import (
	"bufio"
	"io"
	"strings"
)

// bc's lexer and parser. The parser builds a tree per top-level line (or
// function definition), which the interpreter runs as bc runs the code it
// generated for that line. Each node that can fail carries adr, the address
// bc's own code generator would have reached there (its messages print it):
// the parser counts the bytes bc.y emits, in the order it emits them.

type bcTokKind int

const (
	tEOF bcTokKind = iota
	tNewline
	tNumber
	tName
	tString
	tOp
	tKeyword
)

type bcTok struct {
	kind bcTokKind
	text string
}

// bcSyntaxError unwinds the parser to the end of the line.
type bcSyntaxError struct{ msg string }

// bcLexer reads bc text a character at a time, so that an interactive
// session runs each line as it arrives.
type bcLexer struct {
	in    *bufio.Reader
	line  int
	peekd bool
	peekC rune
	// pending is text read ahead and given back, the last rune first.
	pending []rune
	// onIllegal reports a character bc does not know (it goes on lexing).
	onIllegal func(c rune)
	// onCommentEOF reports input ending inside a comment.
	onCommentEOF func()
}

func (l *bcLexer) getc() rune {
	if l.peekd {
		l.peekd = false
		return l.peekC
	}
	if n := len(l.pending); n > 0 {
		c := l.pending[n-1]
		l.pending = l.pending[:n-1]
		return c
	}
	c, _, err := l.in.ReadRune()
	if err != nil {
		return -1
	}
	return c
}

func (l *bcLexer) ungetc(c rune) { l.peekd, l.peekC = true, c }

var bcKeywords = map[string]bool{
	"define": true, "auto": true, "return": true, "if": true, "else": true, "while": true,
	"for": true, "break": true, "continue": true, "print": true, "quit": true, "halt": true,
	"length": true, "sqrt": true, "scale": true, "ibase": true, "obase": true, "last": true,
	"read": true, "limits": true, "warranty": true,
}

func isBcDigit(c rune) bool { return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' }

// bcTwoCharOps lists, for an operator's first character, itself then the
// characters that may follow it in a two-character operator.
var bcTwoCharOps = map[rune]string{'+': "+=+", '-': "-=-", '*': "*=", '/': "/=", '%': "%=", '^': "^=",
	'=': "==", '!': "!=", '<': "<=", '>': ">=", '&': "&&", '|': "||"}

func (l *bcLexer) next() bcTok {
	for {
		c := l.getc()
		switch {
		case c < 0:
			return bcTok{kind: tEOF}
		case c == ' ' || c == '\t':
			continue
		case c == '\\':
			if n := l.getc(); n == '\n' {
				l.line++
				continue
			} else {
				l.ungetc(n)
			}
			l.onIllegal(c)
			continue
		case c == '\n':
			l.line++
			return bcTok{kind: tNewline, text: "\n"}
		case c == '#':
			for c != '\n' && c >= 0 {
				c = l.getc()
			}
			if c == '\n' {
				l.line++
				return bcTok{kind: tNewline, text: "\n"}
			}
			return bcTok{kind: tEOF}
		case c == '"':
			var text []rune
			for c = l.getc(); c != '"' && c >= 0; c = l.getc() {
				text = append(text, c)
			}
			if c < 0 {
				// No closing quote before the end: bc's lexer finds no
				// string, only an illegal '"', and reads on after it.
				for i := len(text) - 1; i >= 0; i-- {
					l.pending = append(l.pending, text[i])
				}
				l.onIllegal('"')
				continue
			}
			l.line += strings.Count(string(text), "\n")
			return bcTok{kind: tString, text: string(text)}
		case isBcDigit(c) || c == '.':
			var b strings.Builder
			dot := false
			for {
				if c == '.' {
					if dot {
						break
					}
					dot = true
				} else if c == '\\' {
					if n := l.getc(); n == '\n' {
						l.line++
						c = l.getc()
						continue
					} else {
						l.ungetc(n)
						break
					}
				} else if !isBcDigit(c) {
					break
				}
				b.WriteRune(c)
				c = l.getc()
			}
			l.ungetc(c)
			if b.String() == "." {
				return bcTok{kind: tKeyword, text: "last"}
			}
			// bc's lexer drops leading zeros ("0.5" is coded as ".5").
			text := strings.TrimLeft(b.String(), "0")
			if text == "" || text == "." {
				text = "0"
			}
			return bcTok{kind: tNumber, text: text}
		case c >= 'a' && c <= 'z':
			var b strings.Builder
			for c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' {
				b.WriteRune(c)
				c = l.getc()
			}
			l.ungetc(c)
			if bcKeywords[b.String()] {
				return bcTok{kind: tKeyword, text: b.String()}
			}
			return bcTok{kind: tName, text: b.String()}
		}
		if c == '/' {
			if n := l.getc(); n == '*' {
				prev := rune(0)
				for c = l.getc(); c >= 0 && !(prev == '*' && c == '/'); c = l.getc() {
					if c == '\n' {
						l.line++
					}
					prev = c
				}
				if c < 0 {
					l.onCommentEOF()
				}
				continue
			} else {
				l.ungetc(n)
			}
		}
		if follows, ok := bcTwoCharOps[c]; ok {
			n := l.getc()
			if strings.ContainsRune(follows[1:], n) {
				return bcTok{kind: tOp, text: string(c) + string(n)}
			}
			l.ungetc(n)
			if c == '&' || c == '|' {
				l.onIllegal(c)
				continue
			}
			return bcTok{kind: tOp, text: string(c)}
		}
		if strings.ContainsRune("()[]{},;", c) {
			return bcTok{kind: tOp, text: string(c)}
		}
		l.onIllegal(c)
	}
}

// bcNode is an expression.
type bcNode struct {
	op    string // "num", "var", "elem", "call", "assign", "pre", "post", "neg", "not", "and", "or", a binary operator, a builtin
	text  string // the number's digits, the name, the assignment's operator, "++"/"--"
	kids  []*bcNode
	args  []bcArg // a call's arguments
	adr   int     // bc's code address after this node's operation
	opAdr int     // an assignment's: the address after its arithmetic (x /= 0 fails there)
	paren bool
}

// bcArg is a call argument: an expression, or a whole array (name[]).
type bcArg struct {
	expr  *bcNode
	array string
}

// bcStmt is a statement.
type bcStmt struct {
	kind  string // "expr", "str", "print", "if", "while", "for", "break", "continue", "return", "halt", "block"
	expr  *bcNode
	init  *bcNode // for's first part; cond is expr; step its last
	step  *bcNode
	body  []*bcStmt
	els   []*bcStmt
	items []bcPrintItem
	text  string
}

type bcPrintItem struct {
	str  string
	expr *bcNode
	isS  bool
}

// bcFunc is a defined function.
type bcFunc struct {
	name   string
	params []bcParam
	autos  []bcParam
	body   []*bcStmt
}

type bcParam struct {
	name  string
	array bool
}

// bcParser parses one top-level item at a time.
type bcParser struct {
	lex    *bcLexer
	tok    bcTok
	have   bool
	pc     int  // bytes of code generated so far in the current item or function
	inFunc bool // parsing a function body (return is allowed)
	loops  int
}

func (p *bcParser) peek() bcTok {
	if !p.have {
		p.tok, p.have = p.lex.next(), true
	}
	return p.tok
}

func (p *bcParser) take() bcTok { t := p.peek(); p.have = false; return t }

func (p *bcParser) is(text string) bool {
	t := p.peek()
	return (t.kind == tOp || t.kind == tKeyword) && t.text == text
}

func (p *bcParser) accept(text string) bool {
	if p.is(text) {
		p.take()
		return true
	}
	return false
}

func (p *bcParser) expect(text string) {
	if !p.accept(text) {
		p.fail()
	}
}

func (p *bcParser) fail() { panic(bcSyntaxError{"syntax error"}) }

func (p *bcParser) skipNewlines() {
	for p.peek().kind == tNewline {
		p.take()
	}
}

// item parses one top-level item: a function definition, or a line of
// statements. It returns nil statements at the end of input.
func (p *bcParser) item() (stmts []*bcStmt, fn *bcFunc, eof bool) {
	p.pc = 0
	t := p.peek()
	if t.kind == tEOF {
		return nil, nil, true
	}
	if p.is("define") {
		return nil, p.define(), false
	}
	for {
		if p.peek().kind == tNewline {
			p.take()
			return stmts, nil, false
		}
		if p.peek().kind == tEOF {
			return stmts, nil, false
		}
		if p.accept(";") {
			continue
		}
		stmts = append(stmts, p.statement())
		if t := p.peek(); t.kind != tNewline && t.kind != tEOF && !p.is(";") {
			p.fail()
		}
	}
}

func (p *bcParser) define() *bcFunc {
	p.take()
	name := p.take()
	if name.kind != tName {
		p.fail()
	}
	f := &bcFunc{name: name.text}
	p.expect("(")
	if !p.is(")") {
		f.params = p.paramList()
	}
	p.expect(")")
	p.skipNewlines()
	p.expect("{")
	p.skipNewlines()
	p.pc, p.inFunc = 0, true
	defer func() { p.inFunc = false }()
	if p.accept("auto") {
		f.autos = p.paramList()
		if !p.accept(";") && p.peek().kind != tNewline {
			p.fail()
		}
	}
	f.body = p.block()
	return f
}

func (p *bcParser) paramList() []bcParam {
	var list []bcParam
	for {
		p.accept("*")
		t := p.take()
		if t.kind != tName {
			p.fail()
		}
		param := bcParam{name: t.text}
		if p.accept("[") {
			p.expect("]")
			param.array = true
		}
		list = append(list, param)
		if !p.accept(",") {
			return list
		}
	}
}

// block parses statements up to the closing brace (the brace taken).
func (p *bcParser) block() []*bcStmt {
	var list []*bcStmt
	for {
		switch {
		case p.peek().kind == tNewline || p.is(";"):
			p.take()
		case p.accept("}"):
			return list
		case p.peek().kind == tEOF:
			p.fail()
		default:
			list = append(list, p.statement())
			if !p.is(";") && !p.is("}") && p.peek().kind != tNewline {
				p.fail()
			}
		}
	}
}

func (p *bcParser) statement() *bcStmt {
	t := p.peek()
	if t.kind == tString {
		p.take()
		p.pc += len(t.text) + 2
		return &bcStmt{kind: "str", text: t.text}
	}
	if t.kind == tKeyword {
		switch t.text {
		case "quit":
			p.take()
			return &bcStmt{kind: "quit"}
		case "halt":
			p.take()
			p.pc++
			return &bcStmt{kind: "halt"}
		case "limits", "warranty":
			p.take()
			return &bcStmt{kind: t.text}
		case "break", "continue":
			p.take()
			if p.loops == 0 {
				panic(bcSyntaxError{map[string]string{"break": "Break outside a for/while", "continue": "Continue outside a for"}[t.text]})
			}
			p.pc += 3
			return &bcStmt{kind: t.text}
		case "return":
			p.take()
			s := &bcStmt{kind: "return"}
			if p.peek().kind == tNewline || p.is(";") || p.is("}") || p.peek().kind == tEOF {
				p.pc += 2
			} else {
				s.expr = p.expr()
				p.pc++
			}
			if !p.inFunc {
				p.peek() // bc's parser complains once it has read past the statement
				panic(bcSyntaxError{"Return outside of a function."})
			}
			return s
		case "print":
			p.take()
			s := &bcStmt{kind: "print"}
			for {
				if p.peek().kind == tString {
					str := p.take().text
					p.pc += len(str) + 2
					s.items = append(s.items, bcPrintItem{str: str, isS: true})
				} else {
					s.items = append(s.items, bcPrintItem{expr: p.expr()})
					p.pc++
				}
				if !p.accept(",") {
					return s
				}
			}
		case "if":
			s := p.conditional("if")
			s.body = []*bcStmt{p.statement()}
			if p.accept("else") {
				p.pc += 3
				p.skipNewlines()
				s.els = []*bcStmt{p.statement()}
			}
			return s
		case "while":
			s := p.conditional("while")
			p.loops++
			s.body = []*bcStmt{p.statement()}
			p.loops--
			p.pc += 3
			return s
		case "for":
			p.take()
			p.expect("(")
			s := &bcStmt{kind: "for"}
			if !p.is(";") {
				s.init = p.expr()
				p.pc++
			}
			p.expect(";")
			if !p.is(";") {
				s.expr = p.expr()
			} else {
				p.pc++
			}
			p.pc += 6
			p.expect(";")
			if !p.is(")") {
				s.step = p.expr()
				p.pc++
			}
			p.pc += 3
			p.expect(")")
			p.skipNewlines()
			p.loops++
			s.body = []*bcStmt{p.statement()}
			p.loops--
			p.pc += 3
			return s
		}
	}
	if p.accept("{") {
		return &bcStmt{kind: "block", body: p.block()}
	}
	e := p.expr()
	p.pc++ // W, or p after an assignment
	return &bcStmt{kind: "expr", expr: e}
}

// conditional reads the head of an if or a while, "kind (expr)", and the
// newlines before its body, counting the 3 bytes of code bc writes after the
// condition.
func (p *bcParser) conditional(kind string) *bcStmt {
	p.take()
	p.expect("(")
	s := &bcStmt{kind: kind, expr: p.expr()}
	p.expect(")")
	p.pc += 3
	p.skipNewlines()
	return s
}

// Binary precedence, as bc.y declares it: || && ! relations = + - * / % ^.
var bcBinPrec = map[string]int{"||": 1, "&&": 2, "==": 4, "!=": 4, "<": 4, "<=": 4, ">": 4, ">=": 4,
	"+": 6, "-": 6, "*": 7, "/": 7, "%": 7, "^": 8}

func (p *bcParser) expr() *bcNode { return p.binary(1) }

func (p *bcParser) binary(minPrec int) *bcNode { return p.binaryAfter(p.unary(), minPrec) }

// binaryAfter parses the operators of precedence minPrec or more, and their
// operands, that follow the operand left.
func (p *bcParser) binaryAfter(left *bcNode, minPrec int) *bcNode {
	for {
		t := p.peek()
		prec, ok := bcBinPrec[t.text]
		if t.kind != tOp || !ok || prec < minPrec {
			return left
		}
		p.take()
		switch t.text {
		case "&&", "||":
			p.pc += 5
			right := p.binary(prec + 1)
			p.pc += 6
			left = &bcNode{op: map[string]string{"&&": "and", "||": "or"}[t.text], kids: []*bcNode{left, right}}
		case "^":
			right := p.binary(prec) // right associative
			p.pc++
			left = &bcNode{op: "^", kids: []*bcNode{left, right}, adr: p.pc}
		default:
			next := prec + 1
			if prec == 4 { // relations do not chain
				next = 5
			}
			right := p.binary(next)
			p.pc++
			left = &bcNode{op: t.text, kids: []*bcNode{left, right}, adr: p.pc}
		}
	}
}

func (p *bcParser) unary() *bcNode {
	switch {
	case p.accept("-"):
		e := p.unary()
		p.pc++
		return &bcNode{op: "neg", kids: []*bcNode{e}}
	case p.accept("!"):
		e := p.binary(4)
		p.pc++
		return &bcNode{op: "not", kids: []*bcNode{e}}
	case p.is("++") || p.is("--"):
		op := p.take().text
		target := p.named()
		if target == nil {
			p.fail()
		}
		p.pc += 4
		return &bcNode{op: "pre", text: op, kids: []*bcNode{target}, adr: p.pc}
	}
	return p.postfix()
}

// named parses a variable, array element or special variable, or returns nil.
func (p *bcParser) named() *bcNode {
	t := p.peek()
	if t.kind == tKeyword && (t.text == "scale" || t.text == "ibase" || t.text == "obase" || t.text == "last") {
		p.take()
		if t.text == "scale" && p.is("(") {
			p.take()
			e := p.expr()
			p.expect(")")
			p.pc += 2
			return &bcNode{op: "scale()", kids: []*bcNode{e}}
		}
		return &bcNode{op: "var", text: t.text}
	}
	if t.kind != tName {
		return nil
	}
	p.take()
	if p.accept("[") {
		idx := p.expr()
		p.expect("]")
		return &bcNode{op: "elem", text: t.text, kids: []*bcNode{idx}}
	}
	if p.is("(") {
		return p.call(t.text)
	}
	return &bcNode{op: "var", text: t.text}
}

func (p *bcParser) call(name string) *bcNode {
	p.take()
	n := &bcNode{op: "call", text: name}
	if !p.is(")") {
		for {
			if t := p.peek(); t.kind == tName {
				// name[] passes a whole array; otherwise an expression.
				p.take()
				if p.accept("[") {
					if p.accept("]") {
						n.args = append(n.args, bcArg{array: t.text})
						p.pc += 3
					} else {
						idx := p.expr()
						p.expect("]")
						e := p.postfixOps(p.assignTo(&bcNode{op: "elem", text: t.text, kids: []*bcNode{idx}}))
						n.args = append(n.args, bcArg{expr: p.binaryAfter(e, 1)})
					}
				} else {
					var e *bcNode
					if p.is("(") {
						e = p.call(t.text)
					} else {
						e = p.postfixOps(p.assignTo(&bcNode{op: "var", text: t.text}))
					}
					n.args = append(n.args, bcArg{expr: p.binaryAfter(e, 1)})
				}
			} else {
				n.args = append(n.args, bcArg{expr: p.expr()})
			}
			if !p.accept(",") {
				break
			}
		}
	}
	p.expect(")")
	p.pc += 2
	n.adr = p.pc
	p.pc += 2
	return n
}

var bcAssignOps = map[string]bool{"=": true, "+=": true, "-=": true, "*=": true, "/=": true, "%=": true, "^=": true}

// assignTo parses an assignment to target when one follows, and counts the
// target's load otherwise.
func (p *bcParser) assignTo(target *bcNode) *bcNode {
	if t := p.peek(); t.kind == tOp && bcAssignOps[t.text] {
		p.take()
		if t.text != "=" {
			p.pc += 2
		}
		rhs := p.binary(5)
		if t.text != "=" {
			p.pc++
		}
		opAdr := p.pc
		p.pc += 2
		return &bcNode{op: "assign", text: t.text, kids: []*bcNode{target, rhs}, adr: p.pc, opAdr: opAdr}
	}
	p.pc += 2
	target.adr = p.pc
	return target
}

func (p *bcParser) postfixOps(e *bcNode) *bcNode {
	if (e.op == "var" || e.op == "elem") && (p.is("++") || p.is("--")) {
		p.pc += 2
		return &bcNode{op: "post", text: p.take().text, kids: []*bcNode{e}, adr: p.pc}
	}
	return e
}

func (p *bcParser) postfix() *bcNode {
	t := p.peek()
	switch {
	case t.kind == tNumber:
		p.take()
		if t.text == "0" || t.text == "1" {
			p.pc++
		} else {
			p.pc += len(t.text) + 2
		}
		return &bcNode{op: "num", text: t.text}
	case p.is("("):
		p.take()
		e := p.expr()
		p.expect(")")
		e.paren = true
		return e
	case t.kind == tKeyword && (t.text == "length" || t.text == "sqrt"):
		p.take()
		p.expect("(")
		e := p.expr()
		p.expect(")")
		p.pc += 2
		return &bcNode{op: t.text, kids: []*bcNode{e}, adr: p.pc}
	case t.kind == tKeyword && t.text == "read":
		p.take()
		p.expect("(")
		p.expect(")")
		p.pc++
		return &bcNode{op: "read", adr: p.pc}
	}
	n := p.named()
	if n == nil {
		p.fail()
	}
	if n.op == "call" || n.op == "scale()" {
		return n
	}
	return p.postfixOps(p.assignTo(n))
}

// bcReader wraps r for the lexer.
func bcReader(r io.Reader) *bufio.Reader { return bufio.NewReader(r) }
