// Patched for hostile (see ../PATCHES.md, "Behaviour patches"): bash's
// arithmetic as bash computes it (expr.c): the expression's text, with its
// expansions done, is read again, so `$(( $e * 2 ))` with e empty fails
// ("* 2 : syntax error: operand expected"), a variable's value is itself an
// expression (x="1+2"; $((x*2)) is 6), and the errors name the text and the
// token bash names.

package expand

import (
	"fmt"
	"strings"

	"mvdan.cc/sh/v3/internal"
	"mvdan.cc/sh/v3/syntax"
)

// BashArithm evaluates x, written between the offsets from and to, as bash
// does: its text is rebuilt with its expansions done and read by bash's
// rules. let is true for an argument of let, a word whose quotes are removed
// (in $(( )), single quotes stay, and fail).
func BashArithm(cfg *Config, x syntax.ArithmExpr, from, to uint, let bool) (int, error) {
	cfg = prepareConfig(cfg)
	text, err := arithText(cfg, x, from, to, let)
	if err != nil {
		return 0, err
	}
	ev := &bashArith{cfg: cfg}
	n, err := ev.eval(text)
	return int(n), err
}

// arithText is the text of x between from and to, blanks kept, each word
// replaced by its expansion.
func arithText(cfg *Config, x syntax.ArithmExpr, from, to uint, let bool) (string, error) {
	type piece struct {
		at, end uint
		text    string
	}
	var pieces []piece
	var err error
	put := func(at, end uint, text string) {
		pieces = append(pieces, piece{at, end, text})
	}
	var walk func(n syntax.Node) bool
	walk = func(n syntax.Node) bool {
		if err != nil {
			return false
		}
		switch n := n.(type) {
		case *syntax.BinaryArithm:
			put(n.OpPos.Offset(), n.OpPos.Offset()+uint(len(n.Op.String())), n.Op.String())
		case *syntax.UnaryArithm:
			put(n.OpPos.Offset(), n.OpPos.Offset()+uint(len(n.Op.String())), n.Op.String())
		case *syntax.ParenArithm:
			put(n.Lparen.Offset(), n.Lparen.Offset()+1, "(")
			put(n.Rparen.Offset(), n.Rparen.Offset()+1, ")")
		case *syntax.Word:
			var s string
			s, err = arithWordText(cfg, n, let)
			put(n.Pos().Offset(), n.End().Offset(), s)
			return false
		}
		return true
	}
	syntax.Walk(x, walk)
	if err != nil {
		return "", err
	}
	// the pieces in the order of the text, each gap a run of blanks
	for i := 1; i < len(pieces); i++ {
		for j := i; j > 0 && pieces[j].at < pieces[j-1].at; j-- {
			pieces[j], pieces[j-1] = pieces[j-1], pieces[j]
		}
	}
	var b strings.Builder
	at := from
	for _, p := range pieces {
		if p.at > at {
			b.WriteString(strings.Repeat(" ", int(p.at-at)))
		}
		b.WriteString(p.text)
		at = max(at, p.end)
	}
	if to > at {
		b.WriteString(strings.Repeat(" ", int(to-at)))
	}
	return b.String(), nil
}

// arithWordText is an operand's text: a name or number as written, name[i]
// with its subscript's text, what an expansion gives, and single quotes kept
// (bash does not remove them in $(( ))) but in let's words.
func arithWordText(cfg *Config, w *syntax.Word, let bool) (string, error) {
	if let {
		return Literal(cfg, w)
	}
	var b strings.Builder
	for _, part := range w.Parts {
		switch part := part.(type) {
		case *syntax.Lit:
			b.WriteString(part.Value)
		case *syntax.SglQuoted:
			b.WriteString("'" + part.Value + "'")
		default:
			if pe, ok := part.(*syntax.ParamExp); ok && !pe.Dollar.IsValid() && pe.Param != nil && pe.Index != nil {
				// a[i] as the arithmetic parser reads it
				idx, err := arithText(cfg, pe.Index, pe.Index.Pos().Offset(), pe.Index.End().Offset(), false)
				if err != nil {
					return "", err
				}
				b.WriteString(pe.Param.Value + "[" + idx + "]")
				continue
			}
			s, err := Literal(cfg, &syntax.Word{Parts: []syntax.WordPart{part}})
			if err != nil {
				return "", err
			}
			b.WriteString(s)
		}
	}
	return b.String(), nil
}

// The tokens of bash's expr.c that are not single bytes.
const (
	atEOF = iota + 256
	atNum
	atStr
	atEqEq
	atNeq
	atLeq
	atGeq
	atLand
	atLor
	atShl
	atShr
	atPow
	atPreInc
	atPreDec
	atPostInc
	atPostDec
	atOpAssign
)

// maxArithDepth is bash's MAX_EXPR_RECURSION_LEVEL.
const maxArithDepth = 1024

// bashArith is one evaluation of bash's expr.c: a recursive-descent reader
// of the text that computes as it reads, noeval counting the branches that
// are read but not computed (the untaken side of && || ?:).
type bashArith struct {
	cfg   *Config
	depth int

	expr    string // the text, what errors name
	text    string // what is read: expr, cut at a number while it is read
	pos     int    // where the next token starts
	lastPos int    // where the last token started: errors name the text from there
	tok     int    // the current token
	lastTok int
	val     int64  // a number's or a variable's value
	name    string // a variable's name, as written (with its subscript)
	assign  int    // the operator of an op= token
	noeval  int
}

func (e *bashArith) fail(msg string) error {
	tok := ""
	if e.lastPos < len(e.text) {
		tok = e.text[e.lastPos:]
	}
	return e.failAt(msg, tok)
}

func (e *bashArith) failAt(msg, tok string) error {
	expr := strings.TrimLeft(e.text, " \t\n")
	return &ArithmError{Msg: msg, DashMsg: msg, Expr: expr, Token: tok}
}

// eval computes text, the whole of one expression: bash's evalexp.
func (e *bashArith) eval(text string) (int64, error) {
	if strings.TrimSpace(text) == "" {
		return 0, nil
	}
	e.expr, e.text, e.pos, e.lastPos, e.tok, e.lastTok = text, text, 0, 0, 0, 0
	if err := e.next(); err != nil {
		return 0, err
	}
	v, err := e.comma()
	if err != nil {
		return 0, err
	}
	if e.tok != atEOF {
		return 0, e.fail("syntax error in expression")
	}
	return v, nil
}

func isArithSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' }

func isNameStart(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func isNameChar(c byte) bool { return isNameStart(c) || c >= '0' && c <= '9' }

// next reads a token: bash's readtok. A variable's value is read here,
// unless an assignment follows.
func (e *bashArith) next() error {
	p := e.pos
	for p < len(e.text) && isArithSpace(e.text[p]) {
		p++
	}
	if p >= len(e.text) {
		e.lastTok, e.tok, e.pos = e.tok, atEOF, p
		return nil // lastPos stays on the last token, as bash's lasttp
	}
	e.lastPos = p
	c := e.text[p]
	switch {
	case isNameStart(c):
		q := p
		for q < len(e.text) && isNameChar(e.text[q]) {
			q++
		}
		if q < len(e.text) && e.text[q] == '[' {
			end := skipSubscript(e.text, q)
			if end < 0 {
				return e.failAt("bad array subscript", e.text[p:])
			}
			q = end + 1
		}
		e.name = e.text[p:q]
		e.pos = q
		// an assignment (=, not ==) takes the name, not its value
		r := q
		for r < len(e.text) && isArithSpace(e.text[r]) {
			r++
		}
		assigned := r < len(e.text) && e.text[r] == '=' && (r+1 >= len(e.text) || e.text[r+1] != '=')
		e.val = 0
		if !assigned || e.tok == atPreInc || e.tok == atPreDec {
			v, err := e.value(e.name)
			if err != nil {
				return err
			}
			e.val = v
		}
		e.lastTok, e.tok = e.tok, atStr
		return nil
	case c >= '0' && c <= '9':
		q := p
		for q < len(e.text) && (isNameChar(e.text[q]) || e.text[q] == '#' || e.text[q] == '@') {
			q++
		}
		// bash cuts the expression after the number while reading it: its
		// errors name the text up to there
		whole := e.text
		e.text = whole[:q]
		v, err := e.number(whole[p:q])
		e.text = whole
		if err != nil {
			return err
		}
		e.val, e.pos = v, q
		e.lastTok, e.tok = e.tok, atNum
		return nil
	}
	var c1 byte
	if p+1 < len(e.text) {
		c1 = e.text[p+1]
	}
	tok, width := int(c), 1
	two := func(t int) { tok, width = t, 2 }
	switch {
	case c == '=' && c1 == '=':
		two(atEqEq)
	case c == '!' && c1 == '=':
		two(atNeq)
	case c == '>' && c1 == '=':
		two(atGeq)
	case c == '<' && c1 == '=':
		two(atLeq)
	case c == '&' && c1 == '&':
		two(atLand)
	case c == '|' && c1 == '|':
		two(atLor)
	case c == '*' && c1 == '*':
		two(atPow)
	case (c == '<' || c == '>') && c1 == c:
		if p+2 < len(e.text) && e.text[p+2] == '=' {
			tok, width = atOpAssign, 3
			e.assign = map[byte]int{'<': atShl, '>': atShr}[c]
		} else {
			two(map[byte]int{'<': atShl, '>': atShr}[c])
		}
	case (c == '-' || c == '+') && c1 == c && e.tok == atStr:
		two(map[byte]int{'-': atPostDec, '+': atPostInc}[c])
	case (c == '-' || c == '+') && c1 == c:
		r := p + 2
		for r < len(e.text) && isArithSpace(e.text[r]) {
			r++
		}
		if r < len(e.text) && isNameStart(e.text[r]) {
			two(map[byte]int{'-': atPreDec, '+': atPreInc}[c])
		}
	case c1 == '=' && strings.IndexByte("*/%+-&^|", c) >= 0:
		tok, width = atOpAssign, 2
		e.assign = int(c)
	}
	e.pos = p + width
	e.lastTok, e.tok = e.tok, tok
	return nil
}

// skipSubscript is the offset of the ] that closes the [ at open, -1 if none.
func skipSubscript(s string, open int) int {
	depth := 0
	for i := open; i < len(s); i++ {
		switch s[i] {
		case '[':
			depth++
		case ']':
			if depth--; depth == 0 {
				return i
			}
		}
	}
	return -1
}

// number is a constant's value: decimal, 0 octal, 0x hex, or base#digits.
func (e *bashArith) number(s string) (int64, error) {
	base, digits := int64(10), s
	switch {
	case strings.HasPrefix(s, "0x") || strings.HasPrefix(s, "0X"):
		base, digits = 16, s[2:]
	case strings.HasPrefix(s, "0") && len(s) > 1:
		base, digits = 8, s[1:]
	default:
		if b, rest, ok := strings.Cut(s, "#"); ok {
			var n int64
			for i := range len(b) {
				if b[i] < '0' || b[i] > '9' {
					return 0, e.failAt("invalid arithmetic base", s)
				}
				n = n*10 + int64(b[i]-'0')
			}
			if n < 2 || n > 64 {
				return 0, e.failAt("invalid arithmetic base", s)
			}
			if rest == "" {
				return 0, e.failAt("invalid integer constant", s)
			}
			base, digits = n, rest
		}
	}
	var v int64
	for i := range len(digits) {
		var d int64
		switch c := digits[i]; {
		case c >= '0' && c <= '9':
			d = int64(c - '0')
		case c >= 'a' && c <= 'z':
			d = int64(c-'a') + 10
		case c >= 'A' && c <= 'Z':
			d = int64(c-'A') + 10
			if base > 36 {
				d += 26
			}
		case c == '@':
			d = 62
		case c == '_':
			d = 63
		default:
			return 0, e.failAt("invalid number", s)
		}
		if d >= base {
			return 0, e.failAt("value too great for base", s)
		}
		v = v*base + d
	}
	return v, nil
}

// value is a variable's value as a number: empty or unset is 0, anything
// else an expression of its own (bash's expr_streval).
func (e *bashArith) value(name string) (int64, error) {
	if e.noeval > 0 {
		return 0, nil
	}
	s, err := e.lookup(name)
	if err != nil {
		return 0, err
	}
	if strings.TrimSpace(s) == "" {
		return 0, nil
	}
	if e.depth >= maxArithDepth-1 {
		return 0, e.failAt("expression recursion level exceeded", name)
	}
	sub := &bashArith{cfg: e.cfg, depth: e.depth + 1}
	return sub.eval(s)
}

// lookup is the text of name, or of the element name[sub] names.
func (e *bashArith) lookup(name string) (string, error) {
	base, sub, indexed := strings.Cut(name, "[")
	vr := e.cfg.Env.Get(base)
	if !vr.IsSet() && e.cfg.NoUnset {
		return "", UnsetParameterError{Node: &syntax.ParamExp{Param: &syntax.Lit{Value: base}}, Message: "unbound variable"}
	}
	if !indexed {
		if vr.Kind == Indexed {
			return indexedElem(vr, 0), nil
		}
		if vr.Kind == Associative {
			return vr.Map["0"], nil
		}
		return vr.String(), nil
	}
	sub = strings.TrimSuffix(sub, "]")
	switch vr.Kind {
	case Associative:
		return vr.Map[sub], nil
	case Indexed:
		i, err := e.subscript(sub)
		if err != nil {
			return "", err
		}
		if i < 0 {
			i += int64(internal.IndexedMax(vr.List, vr.Indexes)) + 1
		}
		return indexedElem(vr, int(i)), nil
	}
	i, err := e.subscript(sub)
	if err != nil || i != 0 {
		return "", err
	}
	return vr.String(), nil
}

func (e *bashArith) subscript(sub string) (int64, error) {
	ev := &bashArith{cfg: e.cfg, depth: e.depth + 1}
	return ev.eval(sub)
}

// indexedElem is the element of an indexed array at index i, "" if none.
func indexedElem(vr Variable, i int) string {
	if vr.Indexes == nil {
		if i >= 0 && i < len(vr.List) {
			return vr.List[i]
		}
		return ""
	}
	for k, idx := range vr.Indexes {
		if idx == i {
			return vr.List[k]
		}
	}
	return ""
}

// set assigns v to the variable (or element) name.
func (e *bashArith) set(name string, v int64) error {
	if e.noeval > 0 {
		return nil
	}
	val := fmt.Sprint(v)
	base, sub, indexed := strings.Cut(name, "[")
	if !indexed {
		return e.cfg.envSet(base, val)
	}
	sub = strings.TrimSuffix(sub, "]")
	wenv, ok := e.cfg.Env.(WriteEnviron)
	if !ok {
		return fmt.Errorf("environment is read-only")
	}
	vr := e.cfg.Env.Get(base)
	if vr.Kind == Associative {
		m := make(map[string]string, len(vr.Map)+1)
		for k, x := range vr.Map {
			m[k] = x
		}
		m[sub] = val
		vr.Map = m
		return wenv.Set(base, vr)
	}
	i, err := e.subscript(sub)
	if err != nil {
		return err
	}
	if vr.Kind != Indexed {
		vr.Kind, vr.List, vr.Indexes = Indexed, nil, nil
		if s := vr.Str; vr.Set && s != "" {
			vr.List = []string{s}
		}
	}
	if i < 0 {
		i += int64(internal.IndexedMax(vr.List, vr.Indexes)) + 1
		if i < 0 {
			return e.failAt("bad array subscript", name)
		}
	}
	vr.Set = true
	vr.List, vr.Indexes = internal.SetIndexedElem(append([]string(nil), vr.List...), append([]int(nil), vr.Indexes...), int(i), val)
	if len(vr.Indexes) == 0 {
		vr.Indexes = nil
	}
	return wenv.Set(base, vr)
}

// comma is expcomma: expressions separated by commas, the last's value.
func (e *bashArith) comma() (int64, error) {
	v, err := e.assignment()
	for err == nil && e.tok == ',' {
		if err = e.next(); err == nil {
			v, err = e.assignment()
		}
	}
	return v, err
}

// assignment is expassign: name = v, name op= v, right to left.
func (e *bashArith) assignment() (int64, error) {
	v, err := e.conditional()
	if err != nil || e.tok != '=' && e.tok != atOpAssign {
		return v, err
	}
	if e.lastTok != atStr {
		return 0, e.fail("attempted assignment to non-variable")
	}
	op, name, old := e.tok, e.name, e.val
	assignOp := e.assign
	if err := e.next(); err != nil {
		return 0, err
	}
	rhs, err := e.assignment()
	if err != nil {
		return 0, err
	}
	if op == atOpAssign {
		if rhs, err = e.binary(assignOp, old, rhs, ""); err != nil {
			return 0, err
		}
	}
	return rhs, e.set(name, rhs)
}

// conditional is expcond: c ? a : b.
func (e *bashArith) conditional() (int64, error) {
	c, err := e.logical(atLor)
	if err != nil || e.tok != '?' {
		return c, err
	}
	if err := e.next(); err != nil {
		return 0, err
	}
	if e.tok == atEOF || e.tok == ':' {
		return 0, e.fail("expression expected")
	}
	if c == 0 {
		e.noeval++
	}
	a, err := e.comma()
	if c == 0 {
		e.noeval--
	}
	if err != nil {
		return 0, err
	}
	if e.tok != ':' {
		return 0, e.fail("`:' expected for conditional expression")
	}
	if err := e.next(); err != nil {
		return 0, err
	}
	if e.tok == atEOF {
		return 0, e.fail("expression expected")
	}
	if c != 0 {
		e.noeval++
	}
	b, err := e.conditional()
	if c != 0 {
		e.noeval--
	}
	if err != nil {
		return 0, err
	}
	if c != 0 {
		return a, nil
	}
	return b, nil
}

// arithLevels are the left-associative binary operators from the loosest.
var arithLevels = [][]int{
	{atLor}, {atLand}, {'|'}, {'^'}, {'&'}, {atEqEq, atNeq}, {'<', '>', atLeq, atGeq},
	{atShl, atShr}, {'+', '-'}, {'*', '/', '%'},
}

// logical reads the binary operators from level's on: bash's explor down to
// expmuldiv, && and || not computing the side they need not.
func (e *bashArith) logical(first int) (int64, error) {
	level := 0
	for i, ops := range arithLevels {
		if ops[0] == first {
			level = i
		}
	}
	return e.level(level)
}

func (e *bashArith) level(level int) (int64, error) {
	if level == len(arithLevels) {
		return e.power()
	}
	v, err := e.level(level + 1)
	for err == nil && containsTok(arithLevels[level], e.tok) {
		op := e.tok
		if err = e.next(); err != nil {
			break
		}
		skip := op == atLand && v == 0 || op == atLor && v != 0
		if skip {
			e.noeval++
		}
		start := e.lastPos
		var w int64
		w, err = e.level(level + 1)
		if skip {
			e.noeval--
		}
		if err != nil {
			break
		}
		switch op {
		case atLand:
			v = boolInt(v != 0 && w != 0)
		case atLor:
			v = boolInt(v != 0 || w != 0)
		default:
			tok := strings.TrimLeft(e.text[start:], " \t\n")
			v, err = e.binary(op, v, w, tok)
		}
	}
	return v, err
}

func containsTok(ops []int, tok int) bool {
	for _, op := range ops {
		if op == tok {
			return true
		}
	}
	return false
}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// binary computes x op y; tok names the right operand in a division's error.
func (e *bashArith) binary(op int, x, y int64, tok string) (int64, error) {
	switch op {
	case '+':
		return x + y, nil
	case '-':
		return x - y, nil
	case '*':
		return x * y, nil
	case '/', '%':
		if y == 0 {
			if e.noeval > 0 {
				return 0, nil
			}
			if tok == "" {
				return 0, e.fail("division by 0")
			}
			return 0, e.failAt("division by 0", tok)
		}
		if x == -1<<63 && y == -1 {
			if op == '/' {
				return x, nil
			}
			return 0, nil
		}
		if op == '/' {
			return x / y, nil
		}
		return x % y, nil
	case '&':
		return x & y, nil
	case '|':
		return x | y, nil
	case '^':
		return x ^ y, nil
	case atShl:
		return x << uint64(y&63), nil
	case atShr:
		return x >> uint64(y&63), nil
	case atEqEq:
		return boolInt(x == y), nil
	case atNeq:
		return boolInt(x != y), nil
	case '<':
		return boolInt(x < y), nil
	case '>':
		return boolInt(x > y), nil
	case atLeq:
		return boolInt(x <= y), nil
	case atGeq:
		return boolInt(x >= y), nil
	}
	return 0, e.fail("syntax error: invalid arithmetic operator")
}

// power is exppower: x ** y, right to left.
func (e *bashArith) power() (int64, error) {
	v, err := e.unary()
	if err != nil || e.tok != atPow {
		return v, err
	}
	if err := e.next(); err != nil {
		return 0, err
	}
	y, err := e.power()
	if err != nil {
		return 0, err
	}
	if y < 0 {
		if e.noeval > 0 {
			return 0, nil
		}
		return 0, e.fail("exponent less than 0")
	}
	r := int64(1)
	for ; y > 0; y-- {
		r *= v
	}
	return r, nil
}

// unary is expunary: ! ~ - + before an operand.
func (e *bashArith) unary() (int64, error) {
	switch op := e.tok; op {
	case '!', '~', '-', '+':
		if err := e.next(); err != nil {
			return 0, err
		}
		v, err := e.unary()
		switch op {
		case '!':
			v = boolInt(v == 0)
		case '~':
			v = ^v
		case '-':
			v = -v
		}
		return v, err
	}
	return e.operand()
}

// operand is exp0: ++name, --name, ( expr ), a number, or a name with its
// ++ or -- after it.
func (e *bashArith) operand() (int64, error) {
	switch e.tok {
	case atPreInc, atPreDec:
		op := e.tok
		if err := e.next(); err != nil {
			return 0, err
		}
		if e.tok != atStr {
			return 0, e.fail("identifier expected after pre-increment or pre-decrement")
		}
		v := e.val + 1
		if op == atPreDec {
			v = e.val - 1
		}
		if err := e.set(e.name, v); err != nil {
			return 0, err
		}
		return v, e.next()
	case '(':
		if err := e.next(); err != nil {
			return 0, err
		}
		v, err := e.comma()
		if err != nil {
			return 0, err
		}
		if e.tok != ')' {
			return 0, e.fail("missing `)'")
		}
		return v, e.next()
	case atNum, atStr:
		v, name, str := e.val, e.name, e.tok == atStr
		if err := e.next(); err != nil {
			return 0, err
		}
		if str && (e.tok == atPostInc || e.tok == atPostDec) {
			nv := v + 1
			if e.tok == atPostDec {
				nv = v - 1
			}
			if err := e.set(name, nv); err != nil {
				return 0, err
			}
			return v, e.next()
		}
		return v, nil
	}
	return 0, e.fail("syntax error: operand expected")
}

// AssocKey is the key an associative array's subscript names: the word, or
// the text written when the parser read it as arithmetic (m[a-b], [x+1]=v),
// expanded, as bash takes it (patched for hostile: the released code
// asserted a word, and panicked).
func AssocKey(cfg *Config, idx syntax.ArithmExpr) (string, error) {
	cfg = prepareConfig(cfg)
	if w, ok := idx.(*syntax.Word); ok {
		return Literal(cfg, w)
	}
	return arithText(cfg, idx, idx.Pos().Offset(), idx.End().Offset(), true)
}

// ArithmString computes text, an expression as bash reads it (a
// subscript given as a string: printf -v 'a[i+1]').
func ArithmString(cfg *Config, text string) (int, error) {
	ev := &bashArith{cfg: prepareConfig(cfg)}
	n, err := ev.eval(text)
	return int(n), err
}
