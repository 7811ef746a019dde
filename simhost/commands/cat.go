package commands

import (
	"io"

	"github.com/hostile-lab/hostile/simhost/shell"
)

func init() {
	shell.Register(shell.Command{Name: "cat", Run: cat})
}

// cat copies files, or stdin for none or "-", to stdout.
func cat(p *shell.Proc) int {
	flags, files, bad := parseFlags(p.Args(), "AbeEnstTuv")
	if bad != "" {
		return usageError(p, bad, "Usage: cat [OPTION]... [FILE]...")
	}
	if len(files) == 0 {
		files = []string{"-"}
	}
	number := flags['n']
	status := 0
	line := 0
	for _, f := range files {
		r, closeFn, err := openInput(p, f)
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
		} else if _, err := io.Copy(p.Stdout, r); err != nil && p.Ctx.Err() == nil {
			p.Errorf("%s: %s", f, p.Strerror(err))
			status = 1
		}
		closeFn()
	}
	return status
}
