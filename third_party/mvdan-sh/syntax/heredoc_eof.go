// Patched for hostile (see ../PATCHES.md, "Behaviour patches"): bash takes a
// here-document that the text ends before its delimiter, with a warning,
// where the parser refused the whole text.

package syntax

import "strings"

// HeredocAtEOF makes the parser take a here-document the input ends before
// its delimiter: its body is the rest of the input, ended by a newline if
// endLine (bash ends it so, dash does not), and warn is called with the
// redirection's position and the delimiter wanted. Without it such a
// here-document is a parse error.
func HeredocAtEOF(warn func(pos Pos, stop string), endLine bool) ParserOption {
	return func(p *Parser) { p.hdocAtEOF, p.hdocEOFLine = warn, endLine }
}

// takeHdocAtEOF is the here-document of r ended by the input, when the
// parser takes one; false leaves the error to the caller.
func (p *Parser) takeHdocAtEOF(r *Redirect, stop []byte) bool {
	if p.hdocAtEOF == nil {
		return false
	}
	p.hdocAtEOF(r.Pos(), string(stop))
	w := r.Hdoc
	if w == nil || len(w.Parts) == 0 || !p.hdocEOFLine {
		return true
	}
	if lit, ok := w.Parts[len(w.Parts)-1].(*Lit); ok {
		if !strings.HasSuffix(lit.Value, "\n") {
			lit.Value += "\n"
		}
		return true
	}
	w.Parts = append(w.Parts, &Lit{ValuePos: w.End(), ValueEnd: w.End(), Value: "\n"})
	return true
}
