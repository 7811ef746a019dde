package files

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"syscall"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
)

func init() {
	shell.Register(shell.Command{Name: "cat", Run: cat})
}

// cat copies files, or stdin for none or "-", to stdout.
func cat(p *shell.Proc) int {
	g := progkit.Getopt{Short: "AbeEnstTuv", Long: []string{"show-all=A", "number-nonblank=b", "show-ends=E", "number=n",
		"squeeze-blank=s", "show-tabs=T", "show-nonprinting=v"}, SolarisUsage: "Usage: cat [OPTION]... [FILE]...\n"}
	c, code, ok := g.Parse(p, p.Args())
	if !ok {
		return code
	}
	files := c.Operands
	if len(files) == 0 {
		files = []string{"-"}
	}
	f := catFormat{numberAll: c.Has("n"), numberNonblank: c.Has("b"), squeeze: c.Has("s"),
		ends: c.Has("A", "e", "E"), tabs: c.Has("A", "t", "T"), nonprinting: c.Has("A", "e", "t", "v"), atStart: true}
	formatted := f.numberAll || f.numberNonblank || f.squeeze || f.ends || f.tabs || f.nonprinting
	status := 0
	for _, name := range files {
		r, closeFn, err := progkit.OpenInput(p, name)
		if err != nil {
			p.Errorf("%s: %s", progkit.QuoteNameColon(p, name), p.Strerror(err))
			status = 1
			continue
		}
		if formatted {
			data, err := p.ReadAll(r)
			p.Printf("%s", f.format(data))
			if err != nil && p.Ctx.Err() == nil {
				p.Errorf("%s: %s", progkit.QuoteNameColon(p, name), p.Strerror(err))
				status = 1
			}
		} else {
			out := &writeFailure{w: p.Stdout}
			if _, err := io.Copy(out, r); err != nil && p.Ctx.Err() == nil {
				closeFn()
				switch {
				case errors.Is(out.err, syscall.EPIPE) || errors.Is(out.err, io.ErrClosedPipe):
					// The reader has gone: the kernel ends cat with SIGPIPE, silently.
					return 128 + int(syscall.SIGPIPE)
				case out.err != nil: // GNU cat stops at the first write error
					return p.Fail(1, "write error: %s", p.Strerror(out.err))
				}
				p.Errorf("%s: %s", progkit.QuoteNameColon(p, name), p.Strerror(err))
				status = 1
			}
		}
		closeFn()
	}
	return status
}

// writeFailure tells a failed write from a failed read in an io.Copy.
type writeFailure struct {
	w   io.Writer
	err error
}

func (c *writeFailure) Write(b []byte) (int, error) {
	n, err := c.w.Write(b)
	if err != nil && c.err == nil {
		c.err = err
	}
	return n, err
}

// catFormat is GNU cat's formatting (-n, -b, -s, -E, -T, -v and their
// bundles -A, -e, -t), whose state runs on from one file to the next: a
// file that ends mid-line is continued by the next one, unnumbered.
type catFormat struct {
	numberAll, numberNonblank, squeeze, ends, tabs, nonprinting bool
	line                                                        int
	atStart                                                     bool // at the start of a line
	blanks                                                      int  // empty lines just written
}

func (f *catFormat) format(data []byte) string {
	var b strings.Builder
	for len(data) > 0 {
		text, rest, terminated := bytes.Cut(data, []byte("\n"))
		data = rest
		if f.atStart {
			empty := len(text) == 0 && terminated
			if empty {
				f.blanks++
				if f.squeeze && f.blanks > 1 {
					continue
				}
			} else {
				f.blanks = 0
			}
			if f.numberAll && !f.numberNonblank || f.numberNonblank && !empty {
				f.line++
				fmt.Fprintf(&b, "%6d\t", f.line)
			}
		}
		for _, c := range text {
			b.WriteString(f.char(c))
		}
		f.atStart = terminated
		if terminated {
			if f.ends {
				b.WriteByte('$')
			}
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// char is a byte as -v and -T show it: ^X for a control character, ^? for
// DEL, M- before a byte with the high bit set.
func (f *catFormat) char(c byte) string {
	switch {
	case c == '\t':
		if f.tabs {
			return "^I"
		}
		return "\t"
	case !f.nonprinting:
		return string([]byte{c})
	case c >= 128:
		return "M-" + (&catFormat{nonprinting: true, tabs: true}).char(c-128)
	case c < 32:
		return "^" + string([]byte{c + 64})
	case c == 127:
		return "^?"
	}
	return string([]byte{c})
}
