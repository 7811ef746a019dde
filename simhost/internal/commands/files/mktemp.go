package files

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path"
	"strings"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
)

// mktemp is coreutils' mktemp: a file (0600) or directory (0700) with a unique
// name made from a template's trailing X's.
func init() {
	shell.Register(shell.Command{Name: "mktemp", Only: "gnu", Run: mktempCmd})
}

const mktempLetters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

func mktempCmd(p *shell.Proc) int {
	g := progkit.Getopt{Short: "dp:qtu", Long: []string{"directory=d", "quiet=q", "dry-run=u", "suffix:", "tmpdir::", "help", "version"}}
	c, code, ok := g.Parse(p, p.Args())
	if !ok {
		return code
	}
	quiet := c.Has("q")
	fail := func(format string, args ...any) int {
		if !quiet {
			p.Errorf(format, args...)
		}
		return 1
	}
	if len(c.Operands) > 1 {
		p.Errorf("too many templates")
		return g.Fail(p, "")
	}
	template, explicit := "tmp.XXXXXXXXXX", len(c.Operands) == 1
	if explicit {
		template = c.Operands[0]
	}
	suffix, hasSuffix := c.Value("suffix")
	if hasSuffix && !strings.HasSuffix(template, "X") && explicit {
		return fail("with --suffix, template %s must end in X", progkit.QuoteC(template))
	}
	if !hasSuffix {
		// The X's are the last run of them; what follows is a suffix.
		i := strings.LastIndexByte(template, 'X')
		if i >= 0 {
			suffix = template[i+1:]
			template = template[:i+1]
		}
	}
	xs := len(template) - len(strings.TrimRight(template, "X"))
	if xs < 3 {
		return fail("too few X's in template %s", progkit.QuoteC(template+suffix))
	}
	dir, useDir := "", !explicit
	if v, ok := c.Value("tmpdir", "p"); ok {
		dir, useDir = v, true
	}
	if c.Has("t") {
		useDir = true
	}
	if useDir {
		if strings.Contains(template, "/") && explicit && (c.Has("t") || c.Has("p", "tmpdir")) {
			return fail("invalid template, %s, contains directory separator", progkit.QuoteC(template+suffix))
		}
		if dir == "" || c.Has("t") && !c.Has("p", "tmpdir") {
			if env := p.Getenv("TMPDIR"); env != "" {
				dir = env
			} else if dir == "" {
				dir = "/tmp"
			}
		}
		template = path.Join(dir, template)
	}
	what := "file"
	if c.Has("d") {
		what = "directory"
	}
	stem := template[:len(template)-xs]
	for range 100 {
		var b strings.Builder
		for range xs {
			b.WriteByte(mktempLetters[rand.IntN(len(mktempLetters))])
		}
		name := stem + b.String() + suffix
		abs := p.Abs(name)
		var err error
		switch {
		case c.Has("u"):
			if _, err = p.M.FS.Lstat(p.Cred(), abs); err == nil {
				continue
			}
			err = nil
		case c.Has("d"):
			err = p.M.FS.Mkdir(p.Cred(), abs, 0o700)
		default:
			var f interface{ Close() error }
			f, err = p.M.FS.OpenFile(p.Cred(), abs, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
			if err == nil {
				f.Close()
			}
		}
		if os.IsExist(err) {
			continue
		}
		if err != nil {
			return fail("failed to create %s via template %s: %s", what, progkit.QuoteC(template+suffix), p.Strerror(err))
		}
		fmt.Fprintln(p.Stdout, name)
		return 0
	}
	return fail("failed to create %s via template %s: %s", what, progkit.QuoteC(template+suffix), "File exists")
}
