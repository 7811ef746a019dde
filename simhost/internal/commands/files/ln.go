package files

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"syscall"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
)

func init() {
	shell.Register(shell.Command{Name: "ln", Run: ln})
}

var lnSyntax = fsSyntax{
	opts: []fsOpt{
		{'s', "symbolic", fsNoArg}, {'f', "force", fsNoArg}, {'n', "no-dereference", fsNoArg},
		{'v', "verbose", fsNoArg}, {'i', "interactive", fsNoArg}, {'T', "no-target-directory", fsNoArg},
		{'t', "target-directory", fsArg}, {'r', "relative", fsNoArg}, {'L', "logical", fsNoArg},
		{'P', "physical", fsNoArg},
	},
	solOpts: "fns",
	solUsage: "Usage: ln [-f] [-n] [-s] f1 [f2]\n" +
		"       ln [-f] [-n] [-s] f1 ... fn d1\n" +
		"       ln [-f] [-n] -s d1 d2\n",
}

// ln makes hard and symbolic links.
func ln(p *shell.Proc) int {
	parsed, code, ok := fsParse(p, p.Args(), lnSyntax)
	if !ok {
		return code
	}
	l := lnRun{p: p, symbolic: parsed.has("s"), verbose: parsed.has("v"), relative: parsed.has("r")}
	for _, f := range parsed.flags {
		switch f.key {
		case "f":
			l.force, l.ask = true, false
		case "i":
			l.force, l.ask = false, true
		}
	}
	// -n (and -T) make a LINK that is a symlink to a directory a plain name.
	if !p.Solaris() && (parsed.has("n") || parsed.has("T")) && len(parsed.operands) == 2 && !parsed.has("t") {
		if info, err := p.M.FS.Lstat(p.Cred(), p.Abs(parsed.operands[1])); err == nil && info.Mode&fs.ModeSymlink != 0 {
			parsed.flags = append(parsed.flags, fsFlag{key: "T"})
		}
	}
	pairs, code, ok := fsTargets(p, parsed, lnSyntax, 1)
	if !ok {
		return code
	}
	failed := false
	for _, pr := range pairs {
		if !l.link(pr.src, pr.dst) {
			failed = true
		}
	}
	return fsExitStatus(p, failed)
}

type lnRun struct {
	p                                       *shell.Proc
	symbolic, force, ask, verbose, relative bool
}

func (l *lnRun) link(target, name string) bool {
	p := l.p
	fsys, cred := p.M.FS, p.Cred()
	abs := p.Abs(name)
	solaris := p.Solaris()
	if !l.symbolic {
		info, err := fsys.Stat(cred, p.Abs(target))
		switch {
		case err != nil && solaris:
			return fsComplain(p, "cannot access %s", target)
		case err != nil:
			return fsComplain(p, "failed to access %s: %s", progkit.QuoteName(p, target), p.Strerror(err))
		case info.IsDir() && solaris:
			return fsComplain(p, "%s is a directory", target)
		case info.IsDir():
			return fsComplain(p, "%s: hard link not allowed for directory", progkit.QuoteName(p, target))
		}
	}
	if existing, err := fsys.Lstat(cred, abs); err == nil {
		switch {
		case !l.force && !l.ask && solaris && !l.symbolic:
			return fsComplain(p, "%s: File exists", name)
		case !l.force && !l.ask:
			// Left to symlink(2)/link(2) to refuse with EEXIST.
		case existing.IsDir() && solaris:
			return fsComplain(p, "cannot create link over directory %s", name)
		case existing.IsDir():
			return fsComplain(p, "%s: cannot overwrite directory", progkit.QuoteName(p, name))
		default:
			if !l.symbolic {
				if src, err := fsys.Lstat(cred, p.Abs(target)); err == nil && src.Ino == existing.Ino && src.Dev == existing.Dev {
					return fsComplain(p, "%s and %s are the same file", progkit.QuoteName(p, target), progkit.QuoteName(p, name))
				}
			}
			if l.ask && !p.Confirm(fmt.Sprintf("%s: replace %s? ", p.Prog(), progkit.QuoteName(p, name))) {
				return true
			}
			if err := fsys.Unlink(cred, abs); err != nil {
				if solaris {
					return fsComplain(p, "cannot unlink %s: %s", name, p.Strerror(err))
				}
				if !p.M.P.VersionAtLeast("coreutils", "8.32") {
					return fsComplain(p, "cannot remove %s: %s", progkit.QuoteName(p, name), p.Strerror(err))
				}
				// GNU ln (seen in 8.32 and 9.1) makes the link under a temporary
				// name beside it and renames it over: a directory it may not
				// write fails the making, not a removal.
				return l.failed(name, target, err)
			}
		}
	}
	var err error
	if l.symbolic {
		if l.relative {
			target = fsRelative(path.Dir(abs), p.Abs(target))
		}
		err = fsys.Symlink(cred, target, abs)
	} else {
		err = fsys.Link(cred, p.Abs(target), abs)
	}
	if err != nil {
		return l.failed(name, target, err)
	}
	if l.verbose && !solaris {
		arrow := "=>"
		if l.symbolic {
			arrow = "->"
		}
		p.Printf("%s %s %s\n", progkit.QuoteName(p, name), arrow, progkit.QuoteName(p, target))
	}
	return true
}

// fsRelative is the path from directory dir to target, both absolute, as
// ln -r writes it.
func fsRelative(dir, target string) string {
	from := strings.Split(strings.Trim(dir, "/"), "/")
	to := strings.Split(strings.Trim(target, "/"), "/")
	if dir == "/" {
		from = nil
	}
	i := 0
	for i < len(from) && i < len(to) && from[i] == to[i] {
		i++
	}
	var parts []string
	for range from[i:] {
		parts = append(parts, "..")
	}
	parts = append(parts, to[i:]...)
	if len(parts) == 0 {
		return "."
	}
	return strings.Join(parts, "/")
}

// failed reports a link that could not be made, in the words of the host's ln.
func (l *lnRun) failed(name, target string, err error) bool {
	p, solaris := l.p, l.p.Solaris()
	switch {
	case solaris && l.symbolic:
		p.Errorf("cannot create %s: %s", name, p.Strerror(err))
	case solaris && errors.Is(err, syscall.EXDEV):
		p.Errorf("%s is on a different file system", name)
	case solaris:
		p.Errorf("cannot create link %s: %s", name, p.Strerror(err))
	case l.symbolic:
		p.Errorf("failed to create symbolic link %s: %s", progkit.QuoteName(p, name), p.Strerror(err))
	case errors.Is(err, syscall.EXDEV) || errors.Is(err, syscall.ENOENT) || errors.Is(err, syscall.ENOTDIR):
		p.Errorf("failed to create hard link %s => %s: %s", progkit.QuoteName(p, name), progkit.QuoteName(p, target), p.Strerror(err))
	default:
		p.Errorf("failed to create hard link %s: %s", progkit.QuoteName(p, name), p.Strerror(err))
	}
	return false
}
