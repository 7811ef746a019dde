package files

import (
	"errors"
	"io"
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
	number := c.Has("n")
	status := 0
	line := 0
	for _, f := range files {
		r, closeFn, err := progkit.OpenInput(p, f)
		if err != nil {
			p.Errorf("%s: %s", f, p.Strerror(err))
			status = 1
			continue
		}
		if number {
			p.Lines(r, func(s string) bool {
				line++
				p.Printf("%6d\t%s\n", line, s)
				return true
			})
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
				p.Errorf("%s: %s", f, p.Strerror(err))
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
