package shell

import (
	"bytes"
	"regexp"

	"mvdan.cc/sh/v3/pattern"
	"mvdan.cc/sh/v3/syntax"
)

// returnsForFlags reports whether stmt is the guard an rc file opens with to
// stop a shell of this interactivity, as Debian's ~/.bashrc does:
//
//	case $- in *i*) ;; *) return;; esac
//
// The scan for builtins that read stdin stops there, since nothing after it
// runs: without this, every non-interactive session of a user with the stock
// .bashrc would get an OS pipe for the eval lines further down.
func (sh *shellProc) returnsForFlags(stmt *syntax.Stmt) bool {
	cc, ok := stmt.Cmd.(*syntax.CaseClause)
	if !ok || len(stmt.Redirs) > 0 || len(cc.Word.Parts) != 1 {
		return false
	}
	param, ok := cc.Word.Parts[0].(*syntax.ParamExp)
	if !ok || param.Param == nil || param.Param.Value != "-" || param.Exp != nil || param.Repl != nil || param.Slice != nil || param.Length || param.Excl {
		return false
	}
	flags := "hB" // what matters is whether i is in it
	if sh.interactive {
		flags += "i"
	}
	for _, item := range cc.Items {
		for _, pat := range item.Patterns {
			lit, literal := wordLiteral(pat)
			if !literal {
				return false // a pattern only known at run time
			}
			expr, err := pattern.Regexp(lit, pattern.EntireString)
			if err != nil {
				return false
			}
			if !regexp.MustCompile(expr).MatchString(flags) {
				continue
			}
			// The first matching branch runs: does it return at once?
			if len(item.Stmts) == 0 {
				return false
			}
			call, ok := item.Stmts[0].Cmd.(*syntax.CallExpr)
			if !ok || len(call.Args) == 0 {
				return false
			}
			name, literal := wordLiteral(call.Args[0])
			return literal && name == "return"
		}
	}
	return false
}

// streamReadsStdin is readsStdin over a sourced file's text, parsed one
// statement at a time up to where the file returns for this shell: a
// non-interactive session never parses the rest of Debian's ~/.bashrc here.
// A file that does not parse makes `.` fail, reading nothing.
func (sh *shellProc) streamReadsStdin(data []byte, depth int) bool {
	found := false
	err := syntax.NewParser().Stmts(bytes.NewReader(data), func(stmt *syntax.Stmt) bool {
		if sh.returnsForFlags(stmt) {
			return false
		}
		found = sh.readsStdin(stmt, depth)
		return !found
	})
	return err == nil && found
}
