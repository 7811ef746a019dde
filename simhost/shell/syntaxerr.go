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
func bashSyntaxError(name, where, text string, pe syntax.ParseError, newer bool) []string {
	lines := strings.Split(text, "\n")
	at := func(line uint, msg string) string { return fmt.Sprintf("%s: %s: line %d: %s", name, where, line, msg) }
	eofLine := uint(len(lines) + 1)
	if where == "" {
		// a script read from stdin: no source named, and the end of input
		// is on the line after its last newline
		at = func(line uint, msg string) string { return fmt.Sprintf("%s: line %d: %s", name, line, msg) }
		eofLine = uint(strings.Count(text, "\n") + 1)
		if !strings.HasSuffix(text, "\n") {
			eofLine++
		}
	}
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
	tok, line := unexpectedToken(text, pe)
	if tok == "" {
		return []string{unexpectedEOF}
	}
	return nearToken(tok, line)
}

// unexpectedToken is the token where none may stand, and its line: the
// parser points at it, or at the construct it cut short. It is "" at the end
// of the text.
func unexpectedToken(text string, pe syntax.ParseError) (string, uint) {
	off := int(pe.Pos.Offset())
	if strings.Contains(pe.Text, " must be followed by ") {
		if strings.HasPrefix(pe.Text, "`foo(`") {
			off += strings.IndexByte(text[off:], '(') // the ( of what bash takes for a function
		}
		_, _, off = shellToken(text, off) // past the construct
	}
	tok, start, _ := shellToken(text, off)
	return tok, uint(strings.Count(text[:start], "\n") + 1)
}

// dashSyntaxError words a parse error of `sh -c text` as dash does, from the
// parser's error in its POSIX mode: "sh: 1: Syntax error: "then" unexpected".
func dashSyntaxError(name, text string, pe syntax.ParseError) string {
	at := func(line uint, msg string) string { return fmt.Sprintf("%s: %d: %s", name, line, msg) }
	msg, line := pe.Text, pe.Pos.Line()
	switch {
	case strings.HasPrefix(msg, "reached EOF without closing quote "):
		// dash finds it at the end of the text
		return at(uint(strings.Count(text, "\n")+1), "Syntax error: Unterminated quoted string")
	case strings.HasPrefix(msg, "reached EOF without matching `${`"):
		return at(line, "Syntax error: Missing '}'")
	case pe.Incomplete && !strings.HasSuffix(msg, "must be followed by a word"):
		eofLine := uint(strings.Count(text, "\n") + 1)
		if closer := expectedCloser(msg); strings.HasPrefix(msg, "`do` must be followed by a statement list") {
			return at(eofLine, `Syntax error: end of file unexpected (expecting "done")`) // dash read the do
		} else if closer != "" {
			return at(eofLine, `Syntax error: end of file unexpected (expecting "`+closer+`")`)
		}
		return at(eofLine, "Syntax error: end of file unexpected")
	}
	tok, tokLine := unexpectedToken(text, pe)
	switch tok {
	case "":
		return at(uint(strings.Count(text, "\n")+1), "Syntax error: end of file unexpected")
	case "newline":
		return at(tokLine, "Syntax error: newline unexpected")
	}
	return at(tokLine, `Syntax error: "`+tok+`" unexpected`)
}

// dashLangError words what bash's language has and dash's lacks, as dash
// meets it: a bad parameter expansion when it expands the word, any other
// construct as an unexpected token.
func dashLangError(name, text string, le syntax.LangError) string {
	line := le.Pos.Line()
	switch {
	case strings.Contains(le.Feature, "search and replace"), strings.Contains(le.Feature, "slicing"),
		strings.Contains(le.Feature, "case expansions"), strings.Contains(le.Feature, "${!"),
		strings.Contains(le.Feature, "${@"), strings.Contains(le.Feature, "indirect"):
		return fmt.Sprintf("%s: %d: Bad substitution", name, line)
	case strings.Contains(le.Feature, `"function"`):
		// dash runs `function f {` as a command and stops at the }
		if i := strings.IndexByte(text[le.Pos.Offset():], '}'); i >= 0 {
			off := int(le.Pos.Offset()) + i
			return fmt.Sprintf(`%s: %d: Syntax error: "}" unexpected`, name, strings.Count(text[:off], "\n")+1)
		}
	}
	tok, _, _ := shellToken(text, int(le.Pos.Offset()))
	if tok == "" || !strings.ContainsAny(tok[:1], "();&|<>") {
		tok = "("
		if i := strings.IndexByte(text[le.Pos.Offset():], '('); i < 0 {
			return fmt.Sprintf("%s: %d: Syntax error: end of file unexpected", name, line)
		}
	}
	return fmt.Sprintf(`%s: %d: Syntax error: "%s" unexpected`, name, line, tok)
}

// expectedCloser is the word dash says it expected where the parser's
// message names the one that closes the construct left open.
func expectedCloser(msg string) string {
	quoted := strings.Split(msg, "`")
	for i := len(quoted) - 2; i >= 1; i -= 2 {
		switch q := quoted[i]; q {
		case "fi", "do", "done", ")", "}", "in":
			return q
		case "then":
			return "fi" // dash reads to the end before it misses the fi
		case "esac":
			return ")" // nor has it seen a pattern's )
		case "{":
			return "}"
		}
	}
	return ""
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

// syntaxStatus is the status a shell ends with when text does not parse:
// 2, but bash's 1 when the text ends inside an array's compound assignment
// (`a=(1 2`), as bash 5.1 and 5.2 do.
func (sh *shellProc) syntaxStatus(text string, err error) int {
	pe, ok := err.(syntax.ParseError)
	if ok && sh.flavour == "bash" && pe.Text == "reached EOF without matching `(` with `)`" {
		if off := int(pe.Pos.Offset()); off > 0 && off <= len(text) && text[off-1] == '=' {
			return 1
		}
	}
	return 2
}
