// Patched for hostile (see ../PATCHES.md, "Behaviour patches"): a function
// printed as bash prints it (print_cmd.c), for declare -f and type: the
// name and " () ", the body in braces, four spaces per level, each command
// of a list ended by ";" and a newline, compound commands laid out on their
// own lines. Scripts diff and grep these listings (a function exported to a
// remote shell with "$(declare -f f)").

package interp

import (
	"bytes"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// BashFunction is function name with body as bash's declare -f prints it,
// without the final newline.
func BashFunction(name string, body *syntax.Stmt) string {
	var fp funcPrinter
	fp.function(name, body, 0, false)
	return fp.String()
}

type funcPrinter struct {
	bytes.Buffer
	// hdocs are the here-documents of the line being written, written
	// after it.
	hdocs []*syntax.Redirect
}

func (fp *funcPrinter) indent(level int) {
	fp.WriteString(strings.Repeat("    ", level))
}

// function writes a definition; keyword is bash's "function " for a
// function defined within another.
func (fp *funcPrinter) function(name string, body *syntax.Stmt, level int, keyword bool) {
	if keyword {
		fp.WriteString("function ")
	}
	fp.WriteString(name + " () \n")
	fp.indent(level)
	fp.WriteString("{ \n")
	stmts := []*syntax.Stmt{body}
	if b, ok := body.Cmd.(*syntax.Block); ok && len(body.Redirs) == 0 {
		stmts = b.Stmts
	}
	fp.indent(level + 1)
	fp.stmts(stmts, level+1)
	if len(fp.hdocs) > 0 {
		fp.WriteString("\n")
		fp.flushHdocs() // bash leaves an empty line after them
	}
	fp.WriteString("\n")
	fp.indent(level)
	fp.WriteString("}")
}

// stmts writes a list, each command on its own line at level but the first,
// which starts where the writer is.
func (fp *funcPrinter) stmts(list []*syntax.Stmt, level int) {
	for i, st := range list {
		fp.stmt(st, level)
		switch {
		case i == len(list)-1:
		case st.Background:
			fp.WriteString(" ")
		default:
			fp.WriteString(";")
			fp.newline(level)
		}
	}
}

// newline ends a line, writing the here-documents it started, and indents
// the next.
func (fp *funcPrinter) newline(level int) {
	fp.WriteString("\n")
	fp.flushHdocs()
	fp.indent(level)
}

func (fp *funcPrinter) flushHdocs() {
	for _, rd := range fp.hdocs {
		if rd.Hdoc != nil {
			body := wordText(rd.Hdoc)
			if !strings.HasSuffix(body, "\n") {
				body += "\n"
			}
			fp.WriteString(body)
		}
		fp.WriteString(strings.Trim(wordText(rd.Word), `'"\`) + "\n")
	}
	fp.hdocs = nil
}

func (fp *funcPrinter) stmt(st *syntax.Stmt, level int) {
	if st.Negated {
		fp.WriteString("! ")
	}
	fp.command(st.Cmd, level)
	for _, rd := range st.Redirs {
		fp.WriteString(" ")
		fp.redirect(rd)
	}
	if st.Background {
		fp.WriteString(" &")
	}
}

func (fp *funcPrinter) command(cmd syntax.Command, level int) {
	switch c := cmd.(type) {
	case *syntax.Block:
		fp.WriteString("{ ")
		fp.newline(level + 1)
		fp.stmts(c.Stmts, level+1)
		fp.newline(level)
		fp.WriteString("}")
	case *syntax.Subshell:
		fp.WriteString("( ")
		fp.stmts(c.Stmts, level)
		fp.WriteString(" )")
	case *syntax.IfClause:
		fp.ifClause(c, level)
	case *syntax.WhileClause:
		if c.Until {
			fp.WriteString("until ")
		} else {
			fp.WriteString("while ")
		}
		fp.inline(c.Cond, level)
		fp.WriteString("; do")
		fp.body(c.Do, level)
		fp.WriteString("done")
	case *syntax.ForClause:
		fp.forClause(c, level)
	case *syntax.CaseClause:
		fp.WriteString("case " + wordText(c.Word) + " in ")
		for _, item := range c.Items {
			fp.newline(level + 1)
			pats := make([]string, len(item.Patterns))
			for i, p := range item.Patterns {
				pats[i] = wordText(p)
			}
			fp.WriteString(strings.Join(pats, " | ") + ")")
			if len(item.Stmts) > 0 {
				fp.newline(level + 2)
				fp.stmts(item.Stmts, level+2)
			} else {
				fp.WriteString("\n")
			}
			fp.newline(level + 1)
			op := item.Op.String()
			if op == "" || op == "esac" {
				op = ";;"
			}
			fp.WriteString(op)
		}
		fp.newline(level)
		fp.WriteString("esac")
	case *syntax.BinaryCmd:
		fp.stmt(c.X, level)
		fp.WriteString(" " + c.Op.String() + " ")
		fp.stmt(c.Y, level)
	case *syntax.FuncDecl:
		fp.function(c.Name.Value, c.Body, level, true)
	case *syntax.TimeClause:
		fp.WriteString("time")
		if c.PosixFormat {
			fp.WriteString(" -p")
		}
		if c.Stmt != nil {
			fp.WriteString(" ")
			fp.stmt(c.Stmt, level)
		}
	default: // simple commands, (( )), [[ ]], declare and the like: one line each
		fp.WriteString(nodeText(cmd))
	}
}

// inline writes a list on one line, as bash writes a condition.
func (fp *funcPrinter) inline(list []*syntax.Stmt, level int) {
	for i, st := range list {
		if i > 0 {
			fp.WriteString("; ")
		}
		fp.stmt(st, level)
	}
}

// body writes a list one level in, between the line it starts on and the
// line that closes it, which is left indented at level.
func (fp *funcPrinter) body(list []*syntax.Stmt, level int) {
	fp.newline(level + 1)
	fp.stmts(list, level+1)
	fp.WriteString(";")
	fp.newline(level)
}

// ifClause writes an if; bash writes elif as an if within the else.
func (fp *funcPrinter) ifClause(c *syntax.IfClause, level int) {
	fp.WriteString("if ")
	fp.inline(c.Cond, level)
	fp.WriteString("; then")
	fp.newline(level + 1)
	fp.stmts(c.Then, level+1)
	fp.WriteString(";")
	if e := c.Else; e != nil {
		fp.newline(level)
		fp.WriteString("else")
		fp.newline(level + 1)
		if len(e.Cond) > 0 {
			fp.ifClause(e, level+1)
		} else {
			fp.stmts(e.Then, level+1)
		}
		fp.WriteString(";")
	}
	fp.newline(level)
	fp.WriteString("fi")
}

func (fp *funcPrinter) forClause(c *syntax.ForClause, level int) {
	if c.Select {
		fp.WriteString("select ")
	} else {
		fp.WriteString("for ")
	}
	switch loop := c.Loop.(type) {
	case *syntax.WordIter:
		fp.WriteString(loop.Name.Value + " in ")
		if !loop.InPos.IsValid() {
			fp.WriteString(`"$@"`)
		}
		items := make([]string, len(loop.Items))
		for i, w := range loop.Items {
			items[i] = wordText(w)
		}
		fp.WriteString(strings.Join(items, " ") + ";")
	case *syntax.CStyleLoop:
		fp.WriteString("((" + arithText(loop.Init) + "; " + arithText(loop.Cond) + "; " + arithText(loop.Post) + "))")
	}
	fp.newline(level)
	fp.WriteString("do")
	fp.body(c.Do, level)
	fp.WriteString("done")
}

// redirect writes one redirection as bash does: the descriptor when it is
// not the operator's own (always for >& and <&), a space before a file's
// name, none after a duplication.
func (fp *funcPrinter) redirect(rd *syntax.Redirect) {
	n := ""
	if rd.N != nil {
		n = rd.N.Value
	}
	word := wordText(rd.Word)
	switch rd.Op {
	case syntax.DplOut, syntax.DplIn:
		if n == "" {
			n = "1"
			if rd.Op == syntax.DplIn {
				n = "0"
			}
		}
		fp.WriteString(n + rd.Op.String() + word)
	case syntax.Hdoc, syntax.DashHdoc:
		fp.WriteString(n + rd.Op.String() + word)
		fp.hdocs = append(fp.hdocs, rd)
	case syntax.RdrInOut:
		if n == "" {
			n = "0"
		}
		fp.WriteString(n + rd.Op.String() + " " + word)
	default:
		fp.WriteString(n + rd.Op.String() + " " + word)
	}
}

func wordText(w *syntax.Word) string {
	if w == nil {
		return ""
	}
	return nodeText(w)
}

// arithText is an arithmetic expression without spaces, as a C-style for
// is mostly written (bash keeps the text as written, which the syntax tree
// no longer has).
func arithText(x syntax.ArithmExpr) string {
	switch x := x.(type) {
	case nil:
		return ""
	case *syntax.BinaryArithm:
		return arithText(x.X) + x.Op.String() + arithText(x.Y)
	case *syntax.UnaryArithm:
		if x.Post {
			return arithText(x.X) + x.Op.String()
		}
		return x.Op.String() + arithText(x.X)
	case *syntax.ParenArithm:
		return "(" + arithText(x.X) + ")"
	case *syntax.Word:
		return wordText(x)
	}
	return ""
}

// nodeText is a node as the interpreter's printer writes it, on one line.
func nodeText(n syntax.Node) string {
	var buf bytes.Buffer
	syntax.NewPrinter(syntax.SingleLine(true)).Print(&buf, n)
	return strings.TrimSuffix(buf.String(), "\n")
}
