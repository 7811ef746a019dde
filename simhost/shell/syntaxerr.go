package shell

import (
	"fmt"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// bashSyntaxError words a parse error of `bash -c text` as bash does, from the
// interpreter's parser's error (which words and places it its own way). name
// is bash's $0 and newer is bash 5.2 or later. It returns one or two lines.
//
// bash has three forms: an unterminated quote or expansion ("unexpected EOF
// while looking for matching `\"'"), a construct cut short by the end of the
// text ("syntax error: unexpected end of file", on the line after the last),
// and a token where none may stand ("syntax error near unexpected token
// `then'", then the line that holds it in backquotes).
func bashSyntaxError(name, text string, pe syntax.ParseError, newer bool) []string {
	lines := strings.Split(text, "\n")
	at := func(line uint, msg string) string { return fmt.Sprintf("%s: -c: line %d: %s", name, line, msg) }
	eofLine := uint(len(lines) + 1)
	unexpectedEOF := at(eofLine, "syntax error: unexpected end of file")
	nearToken := func(tok string, line uint) []string {
		src := ""
		if int(line) <= len(lines) {
			src = lines[line-1]
		}
		return []string{at(line, "syntax error near unexpected token `"+tok+"'"), at(line, "`"+src+"'")}
	}
	lookingFor := func(closer string, line uint, thenEOF bool) []string {
		out := []string{at(line, "unexpected EOF while looking for matching `"+closer+"'")}
		if thenEOF && !newer {
			out = append(out, unexpectedEOF) // bash 5.1 says both
		}
		return out
	}
	msg, pos := pe.Text, pe.Pos
	switch {
	case strings.HasPrefix(msg, "reached EOF without closing quote "):
		q := strings.TrimPrefix(msg, "reached EOF without closing quote ")
		return lookingFor(q[1:len(q)-1], pos.Line(), true) // the quote is wrapped in ` or, for `, in "

	case strings.HasPrefix(msg, "reached EOF without matching `${`"):
		return lookingFor("}", pos.Line(), true)
	case strings.HasPrefix(msg, "reached EOF without matching `$(`"):
		if newer {
			return lookingFor(")", eofLine, false)
		}
		return lookingFor(")", pos.Line(), true)
	case strings.HasPrefix(msg, "reached EOF without matching `(`") && pos.Offset() > 0 && text[pos.Offset()-1] == '=':
		return lookingFor(")", pos.Line(), false) // an array assignment's list
	case pe.Incomplete && strings.HasSuffix(msg, "must be followed by a word"):
		return nearToken("newline", pos.Line()) // a redirection with no file
	case pe.Incomplete:
		return []string{unexpectedEOF}
	}
	// A token where none may stand: the parser points at it, or at the
	// construct it cut short.
	off := int(pos.Offset())
	if strings.Contains(msg, " must be followed by ") {
		if strings.HasPrefix(msg, "`foo(`") {
			off += strings.IndexByte(text[off:], '(') // the ( of what bash takes for a function
		}
		_, _, off = shellToken(text, off) // past the construct
	}
	tok, start, _ := shellToken(text, off)
	if tok == "" {
		return []string{unexpectedEOF}
	}
	return nearToken(tok, uint(strings.Count(text[:start], "\n")+1))
}

// shellToken finds the token at or after off in text as bash's lexer would
// split it: an operator, "newline", or a word; "" at the end of the text. It
// returns where the token starts and ends.
func shellToken(text string, off int) (tok string, start, end int) {
	for off < len(text) && (text[off] == ' ' || text[off] == '\t') {
		off++
	}
	switch {
	case off >= len(text):
		return "", off, off
	case text[off] == '\n':
		return "newline", off, off + 1
	}
	for _, op := range []string{";;&", "<<<", "<<-", ";;", ";&", "&&", "||", "|&", ">>", "<<", "<&", ">&", "<>", ">|", ";", "&", "|", "(", ")", "<", ">"} {
		if strings.HasPrefix(text[off:], op) {
			return op, off, off + len(op)
		}
	}
	end = off
	for end < len(text) && !strings.ContainsRune(" \t\n;&|()<>", rune(text[end])) {
		end++
	}
	return text[off:end], off, end
}
