package text

import (
	"fmt"
	"strings"

	"github.com/benhoyt/goawk/lexer"
	"github.com/benhoyt/goawk/parser"
)

// awkSyntaxError words a goawk parse error as mawk does: "line N: syntax error
// at or near X", "missing ) near X", "missing } near end of file", "runaway
// string constant ...". The line and the token come from the source itself.
func awkSyntaxError(src string, pe *parser.ParseError) string {
	lines := strings.Split(src, "\n")
	if strings.Contains(pe.Message, "end quote") {
		line := ""
		if n := pe.Position.Line - 1; n >= 0 && n < len(lines) {
			line = lines[n]
		}
		if q := awkRunawayQuote(line); q >= 0 {
			text := line[q:]
			if len(text) > 10 {
				text = text[:10]
			}
			return fmt.Sprintf("line %d: runaway string constant %s ...", pe.Position.Line, text)
		}
	}
	// Find the token at the error, counting what is still open before it.
	lx := lexer.NewLexer([]byte(src))
	parens, braces := 0, 0
	tokText, tokLine := "end of file", awkEOFLine(src)
	for {
		pos, tok, val := lx.Scan()
		if tok == lexer.EOF || tok == lexer.ILLEGAL {
			break
		}
		if pos.Line > pe.Position.Line || pos.Line == pe.Position.Line && pos.Column >= pe.Position.Column {
			tokText, tokLine = val, pos.Line
			if tokText == "" {
				tokText = tok.String()
			}
			if tok == lexer.NEWLINE {
				tokText = "end of line"
			}
			break
		}
		switch tok {
		case lexer.LPAREN:
			parens++
		case lexer.RPAREN:
			parens--
		case lexer.LBRACE:
			braces++
		case lexer.RBRACE:
			braces--
		}
	}
	switch {
	case parens > 0:
		return fmt.Sprintf("line %d: missing ) near %s", tokLine, tokText)
	case tokText == "end of file" && braces > 0:
		return fmt.Sprintf("line %d: missing } near end of file", tokLine)
	}
	return fmt.Sprintf("line %d: syntax error at or near %s", tokLine, tokText)
}

// awkEOFLine is the line mawk names at the end of the program text: the one
// after its last.
func awkEOFLine(src string) int {
	return strings.Count(strings.TrimSuffix(src, "\n"), "\n") + 2
}

// awkRunawayQuote is where the string constant that never ends starts on a
// line, -1 when every string on it ends.
func awkRunawayQuote(line string) int {
	open := -1
	for i := 0; i < len(line); i++ {
		switch {
		case line[i] == '\\' && open >= 0:
			i++
		case line[i] == '"' && open >= 0:
			open = -1
		case line[i] == '"':
			open = i
		}
	}
	return open
}
