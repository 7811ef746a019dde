// Patched for hostile (see ../PATCHES.md, "Behaviour patches"): bash reads
// the text of $(( )) and (( )) when it runs them, not when it parses the
// line, so `echo $((1+)); echo next` fails at the expansion (status 1,
// `1+: syntax error: operand expected`) where the released parser refused
// the whole text. With ArithmAtRunTime, an expression the arithmetic parser
// refuses is kept as the text written, one Lit, for the runner to read.

package syntax

import (
	"io"
	"strings"
)

// ArithmAtRunTime keeps the text of an arithmetic expansion or command
// whose expression does not parse, as bash does, instead of failing.
func ArithmAtRunTime(enabled bool) ParserOption {
	return func(p *Parser) { p.arithmRaw = enabled }
}

// wholeSource reads all of r when the parser keeps arithmetic as text,
// which it finds again by offset.
func (p *Parser) wholeSource(r io.Reader) io.Reader {
	if !p.arithmRaw {
		return r
	}
	data, _ := io.ReadAll(r) // the readers the shell parses from do not fail
	p.source = string(data)
	return strings.NewReader(p.source)
}

// arithmEndOf is the offset of the first ")" of the "))" that closes the
// arithmetic text starting at start, -1 when the text has none.
func arithmEndOf(src string, start int) int {
	depth := 0
	for i := start; i < len(src); i++ {
		switch c := src[i]; c {
		case '\'', '"':
			j := strings.IndexByte(src[i+1:], c)
			if j < 0 {
				return -1
			}
			i += j + 1
		case '\\':
			i++
		case '(':
			depth++
		case ')':
			if depth > 0 {
				depth--
				continue
			}
			if i+1 < len(src) && src[i+1] == ')' {
				return i
			}
			return -1
		}
	}
	return -1
}

// rawArithm is the expression starting where the lexer stands (after "$(("
// or "(("), kept as its text when the arithmetic parser refuses it; ok is
// false when it parses (or has no end), and the parser goes on as usual.
// On success the lexer stands after the closing "))" and right is the
// position of its first ")".
func (p *Parser) rawArithm() (x ArithmExpr, right Pos, ok bool) {
	if !p.arithmRaw || p.source == "" {
		return nil, Pos{}, false
	}
	start := p.nextPos()
	from := int(start.Offset())
	end := arithmEndOf(p.source, from)
	if from > len(p.source) || end < 0 {
		return nil, Pos{}, false
	}
	text := p.source[from:end]
	if _, err := NewParser(Variant(p.lang)).Parse(strings.NewReader(": $(("+text+"))"), ""); err == nil {
		return nil, Pos{}, false
	}
	for p.r != runeEOF && int(p.nextPos().Offset()) < end {
		p.rune()
	}
	right = p.nextPos()
	lit := &Lit{ValuePos: start, ValueEnd: right, Value: text}
	p.rune() // the first ")"
	p.rune() // the second: the lexer stands after them
	return &Word{Parts: []WordPart{lit}}, right, true
}

// rawIndex is the [key] of an array literal's element, starting where the
// lexer stands (after "["), kept as its text when it is no arithmetic:
// bash takes `declare -A m=([db.host]=x)`'s key as written, where the
// arithmetic parser refuses "db.host" as a floating point number; so is
// the subscript of an assignment (assigned: an "=" follows) or of ${m[k]}.
// ok is false when the key parses, and the parser goes on as usual; on
// success the lexer stands after the "]".
func (p *Parser) rawIndex(assigned bool) (x ArithmExpr, ok bool) {
	if !p.arithmRaw || p.source == "" {
		return nil, false
	}
	start := p.nextPos()
	from := int(start.Offset())
	depth, end := 0, -1
	for i := from; i < len(p.source) && end < 0; i++ {
		switch p.source[i] {
		case '[':
			depth++
		case ']':
			if depth == 0 {
				end = i
			}
			depth--
		case '\n', '$', '`', '"', '\'', '\\':
			return nil, false // a key with expansions or quotes: the parser's
		}
	}
	if end < 0 || assigned && (end+1 >= len(p.source) || p.source[end+1] != '=' && !strings.HasPrefix(p.source[end+1:], "+=")) {
		return nil, false
	}
	text := p.source[from:end]
	if _, err := NewParser(Variant(p.lang)).Parse(strings.NewReader(": $(("+text+"))"), ""); err == nil {
		return nil, false
	}
	for p.r != runeEOF && int(p.nextPos().Offset()) < end {
		p.rune()
	}
	lit := &Lit{ValuePos: start, ValueEnd: p.nextPos(), Value: text}
	p.rune() // the "]"
	return &Word{Parts: []WordPart{lit}}, true
}
