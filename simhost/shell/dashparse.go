package shell

import "mvdan.cc/sh/v3/syntax"

// dashMeaning gives the parts of dash's text that bash would read otherwise
// their POSIX meaning: the host runs dash's text as the interpreter reads
// bash (whose declaration builtins local, export and readonly its POSIX mode
// lacks), so a text valid in both keeps bash's [[ ]], (( )), declare and
// typeset, $'...' and $"..." unless each is put back as dash reads it: [[,
// declare, typeset and 1+2 are commands looked up on PATH (not found), $'a'
// is $ followed by 'a'. posix is the same text parsed as POSIX.
func dashMeaning(bash, posix *syntax.File) {
	stmts := map[uint]*syntax.Stmt{}
	words := map[uint]*syntax.Word{}
	syntax.Walk(posix, func(node syntax.Node) bool {
		switch n := node.(type) {
		case *syntax.Stmt:
			stmts[n.Pos().Offset()] = n
		case *syntax.Word:
			words[n.Pos().Offset()] = n
		}
		return true
	})
	syntax.Walk(bash, func(node syntax.Node) bool {
		switch n := node.(type) {
		case *syntax.Stmt:
			if !bashOnlyCommand(n.Cmd) {
				break
			}
			if p, ok := stmts[n.Pos().Offset()]; ok {
				*n = *p
				return false
			}
		case *syntax.Word:
			if !bashOnlyQuote(n) {
				break
			}
			if p, ok := words[n.Pos().Offset()]; ok && p.End() == n.End() {
				*n = *p
				return false
			}
		}
		return true
	})
}

// bashOnlyCommand is a command bash parses as its own syntax that dash reads
// as a simple command.
func bashOnlyCommand(cmd syntax.Command) bool {
	switch c := cmd.(type) {
	case *syntax.TestClause, *syntax.ArithmCmd:
		return true
	case *syntax.DeclClause:
		return c.Variant.Value == "declare" || c.Variant.Value == "typeset"
	}
	return false
}

// bashOnlyQuote is a word with bash's $'...' or $"...", which dash reads as
// a $ and a quoted string.
func bashOnlyQuote(w *syntax.Word) bool {
	for _, part := range w.Parts {
		switch q := part.(type) {
		case *syntax.SglQuoted:
			if q.Dollar {
				return true
			}
		case *syntax.DblQuoted:
			if q.Dollar {
				return true
			}
		}
	}
	return false
}
