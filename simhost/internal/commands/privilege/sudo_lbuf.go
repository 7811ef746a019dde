package privilege

import (
	"io"
	"strconv"
	"strings"

	"github.com/hostile-lab/hostile/simhost/shell"
)

// privLbuf is sudo's line buffer (lib/util/lbuf.c), through which it prints
// its usage, its help and sudo -l: text is appended whole, then printed with
// each line longer than cols broken at the last blank that fits (or the first
// one after, for a word longer than the line), the rest of the line indented.
// A width of at most indent+20 (or 0) breaks nothing.
type privLbuf struct {
	strings.Builder
	indent, cols int
}

// print writes the buffer out, wrapped, and empties it.
func (l *privLbuf) print(w io.Writer) {
	text := l.String()
	l.Reset()
	if text == "" {
		return
	}
	if l.cols <= l.indent+20 {
		io.WriteString(w, text)
		if !strings.HasSuffix(text, "\n") {
			io.WriteString(w, "\n")
		}
		return
	}
	var out strings.Builder
	for at := 0; at < len(text); {
		if text[at] == '\n' {
			out.WriteByte('\n')
			at++
			continue
		}
		line, terminated := text[at:], false
		if end := strings.IndexByte(line, '\n'); end >= 0 {
			line, terminated = line[:end], true
		}
		l.println(&out, line, terminated)
		at += len(line) + 1
	}
	io.WriteString(w, out.String())
}

// println is sudo_lbuf_println: one line, broken as it needs. A line that
// ends in blanks at a break gets one more line of indent only, where sudo's
// loop reads the newline after it as more text.
func (l *privLbuf) println(out *strings.Builder, line string, terminated bool) {
	indent := l.indent
	comment := len(line) > 1 && line[0] == '#' && (line[1] == ' ' || line[1] == '\t')
	if comment {
		indent = 2
	}
	have := l.cols
	for at := 0; at < len(line) || at == len(line) && at > 0 && terminated; {
		next := -1
		need := len(line) - at
		if need > have {
			if i := strings.LastIndexByte(line[at:at+have], ' '); i >= 0 {
				next = at + i
			} else if i := strings.IndexByte(line[at+have:], ' '); i >= 0 {
				next = at + have + i
			}
			if next >= 0 {
				need = next - at
			}
		}
		if at != 0 {
			if comment {
				out.WriteString("# ")
			} else {
				out.WriteString(strings.Repeat(" ", indent))
			}
		}
		out.WriteString(line[at : at+need])
		out.WriteByte('\n')
		if next < 0 {
			return
		}
		have = l.cols - indent
		for at = next; at < len(line) && (line[at] == ' ' || line[at] == '\t'); at++ {
		}
	}
}

// ttyCols is the width sudo wraps at: its stderr's terminal's columns when
// the window has a size, else $COLUMNS, else 80 (sudo_get_ttysize).
func ttyCols(p *shell.Proc) int {
	if p.IsTerminal(p.Stderr) {
		if cols, rows, ok := p.Window(); ok && cols > 0 && rows > 0 {
			return cols
		}
	}
	if n, err := strconv.Atoi(p.Getenv("COLUMNS")); err == nil && n > 0 {
		return n
	}
	return 80
}
