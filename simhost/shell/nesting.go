package shell

import (
	"context"
	"fmt"
	"strings"

	"mvdan.cc/sh/v3/interp"
	"mvdan.cc/sh/v3/syntax"
)

// The interpreter's parser and its walkers recurse once per nesting level, and
// a goroutine that runs out of stack takes the whole lab down (1M nested `$(`
// in a 2 MB script did: "fatal error: stack overflow"). So shell text is
// measured before anything parses it, and text nested deeper than the host's
// ParseDepth is refused as bash refuses what overflows its parser's stack: a
// syntax error near the token that went too deep. bash 5.2 itself parses 1,000
// nested `$(` and dies of SIGSEGV at 2,000; nested braces past its parser
// stack are "syntax error near unexpected token `{'".

// nestingExceeds returns the offset of the token at which text nests deeper
// than limit, or -1. It errs towards counting too deep: every ( and { and
// every if, case and do opens a level wherever it stands (quotes, comments
// and here-documents included) and ), }, fi, esac and done close one, so a
// crafted text cannot hide its nesting; a real script meets the limit only
// with a thousand unclosed openers.
func nestingExceeds(text string, limit int) int {
	if len(text) <= limit {
		return -1 // each level takes at least one byte
	}
	depth := 0
	wordStart := true
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case c == '(' || c == '{':
			depth++
		case c == ')' || c == '}':
			depth = max(0, depth-1)
		case wordStart && c >= 'a' && c <= 'z':
			switch keywordAt(text, i) {
			case "if", "case", "do":
				depth++
			case "fi", "esac", "done":
				depth = max(0, depth-1)
			}
		}
		if depth > limit {
			return i
		}
		wordStart = strings.IndexByte(" \t\n;&|(){}`", c) >= 0
	}
	return -1
}

// keywordAt returns the word starting at i if it is a whole word.
func keywordAt(text string, i int) string {
	end := i
	for end < len(text) && text[end] >= 'a' && text[end] <= 'z' {
		end++
	}
	if end < len(text) && strings.IndexByte(" \t\n;&|()<>", text[end]) < 0 {
		return ""
	}
	return text[i:end]
}

// tooDeep is the parse error for text nested past the host's limit, or nil.
func (sh *shellProc) tooDeep(text, name string) error {
	limit := sh.machine().Desc.Limits.ParseDepth
	off := nestingExceeds(text, limit)
	if off < 0 {
		return nil
	}
	line := uint(strings.Count(text[:off], "\n") + 1)
	col := uint(off - strings.LastIndexByte(text[:off], '\n'))
	return syntax.ParseError{Filename: name, Pos: syntax.NewPos(uint(off), line, col),
		Text: fmt.Sprintf("nested deeper than %d levels", limit)}
}

// refuseDeepText answers eval and . (source) in the call handler when the text
// they would hand the interpreter's parser nests too deep: the shell prints the
// syntax error and the command fails with 2, as bash's eval and . do.
func (sh *shellProc) refuseDeepText(ctx context.Context, args []string) bool {
	var text, where string
	switch args[0] {
	case "eval":
		text = strings.Join(args[1:], " ")
		where = strings.TrimPrefix(sh.argv0, "-") + ": eval"
	case ".", "source":
		if len(args) < 2 {
			return false
		}
		hc := interp.HandlerCtx(ctx)
		data, err := sh.machine().FS.ReadFile(sh.cred(), absJoin(hc.Dir, args[1]))
		if err != nil {
			return false // the builtin says why
		}
		text = string(data)
		where = args[1]
	default:
		return false
	}
	err := sh.tooDeep(text, sh.argv0)
	if err == nil {
		return false
	}
	hc := interp.HandlerCtx(ctx)
	if sh.flavour != "bash" {
		fmt.Fprintf(hc.Stderr, "%s\n", sh.syntaxError(err, text, ""))
		return true
	}
	// bash's two lines for a token where none may stand, in the text eval or
	// . was given: "bash: eval: line 1: ..." or "/tmp/x.sh: line 1: ...".
	pe := err.(syntax.ParseError)
	tok, _, _ := shellToken(text, int(pe.Pos.Offset()))
	line := pe.Pos.Line()
	src := strings.Split(text, "\n")[line-1]
	fmt.Fprintf(hc.Stderr, "%s: line %d: syntax error near unexpected token `%s'\n%s: line %d: `%s'\n", where, line, tok, where, line, src)
	return true
}
