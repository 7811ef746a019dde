package files

import (
	"errors"
	"fmt"
	"path"
	"strings"
	"syscall"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

func init() {
	shell.Register(shell.Command{Name: "mkdir", Run: mkdir})
	shell.Register(shell.Command{Name: "rmdir", Run: rmdir})
}

var mkdirSyntax = fsSyntax{
	opts: []fsOpt{{'m', "mode", fsArg}, {'p', "parents", fsNoArg}, {'v', "verbose", fsNoArg},
		{'Z', "context", fsOptionalArg}},
	solOpts:  "mp",
	solUsage: "mkdir: usage: mkdir [-m mode] [-p] dirname ...\n",
}

// mkdir makes directories, 0777 less the umask unless -m says otherwise.
func mkdir(p *shell.Proc) int {
	parsed, code, ok := fsParse(p, p.Args(), mkdirSyntax)
	if !ok {
		return code
	}
	mode := 0o777 &^ p.Umask
	modeArg, explicit := parsed.value("m")
	if explicit {
		clauses, valid := fsParseMode(modeArg)
		if !valid {
			if p.Solaris() {
				return p.Fail(2, "invalid mode")
			}
			return p.Fail(1, "invalid mode %s", progkit.QuoteName(p, modeArg))
		}
		mode = fsApplyMode(clauses, 0o777, true, p.Umask)
	}
	if len(parsed.operands) == 0 {
		if p.Solaris() {
			return fsSolarisUsage(p, mkdirSyntax)
		}
		return fsMissingOperand(p, "missing operand")
	}
	m := mkdirRun{p: p, mode: mode, verbose: parsed.has("v")}
	anyFailed := false
	for _, d := range parsed.operands {
		var err error
		failed := d
		if parsed.has("p") {
			failed, err = m.parents(d)
		} else {
			err = m.make(d, mode)
		}
		if err != nil {
			m.report(failed, err, parsed.has("p"))
			anyFailed = true
		}
	}
	return fsExitStatus(p, anyFailed)
}

type mkdirRun struct {
	p       *shell.Proc
	mode    uint32
	verbose bool
}

// make creates one directory with mode (the umask is already applied);
// setuid and setgid from an explicit -m need a chmod, as mkdir(1) does.
func (m *mkdirRun) make(name string, mode uint32) error {
	p := m.p
	abs := p.Abs(name)
	if err := p.M.FS.Mkdir(p.Cred(), abs, vfs.FromUnixMode(mode)); err != nil {
		return err
	}
	if mode&0o6000 != 0 {
		_ = p.M.FS.Chmod(p.Cred(), abs, vfs.FromUnixMode(mode))
	}
	if m.verbose && !p.Solaris() {
		p.Printf("%s: created directory %s\n", p.Prog(), progkit.QuoteName(p, name))
	}
	return nil
}

// parents is mkdir -p: missing ancestors get u+wx on top of the umask.
// parents is mkdir -p: each missing ancestor, then name. It returns the
// name GNU mkdir reports on failure: it enters each ancestor in turn, so an
// ancestor it may not search is the one named (mkdir -p /root/x as a user
// says "cannot create directory '/root'").
func (m *mkdirRun) parents(name string) (string, error) {
	p := m.p
	info, statErr := p.M.FS.Stat(p.Cred(), p.Abs(name))
	if statErr == nil {
		if info.IsDir() {
			return name, nil
		}
		return name, syscall.EEXIST
	}
	parts := strings.Split(name, "/")
	prefix, entered := "", ""
	for i, part := range parts[:len(parts)-1] {
		if i > 0 {
			prefix += "/"
		}
		prefix += part
		if part == "" || part == "." || part == ".." {
			continue
		}
		info, err := p.M.FS.Stat(p.Cred(), p.Abs(prefix))
		switch {
		case err == nil && info.IsDir():
			entered = prefix
			continue
		case err == nil:
			return name, syscall.ENOTDIR
		case errors.Is(err, syscall.EACCES) && entered != "" && !p.Solaris():
			return entered, err
		case !errors.Is(err, syscall.ENOENT):
			return name, err
		}
		if err := m.make(prefix, 0o777&^m.p.Umask|0o300); err != nil {
			if p.Solaris() {
				return name, err
			}
			return prefix, err
		}
		entered = prefix
	}
	if errors.Is(statErr, syscall.EACCES) && entered != "" && !p.Solaris() {
		return entered, statErr // the parent itself may not be searched
	}
	err := m.make(name, m.mode)
	if errors.Is(err, syscall.EEXIST) {
		if info, serr := p.M.FS.Stat(p.Cred(), p.Abs(name)); serr == nil && info.IsDir() {
			return name, nil
		}
	}
	return name, err
}

func (m *mkdirRun) report(name string, err error, parents bool) {
	p := m.p
	switch {
	case !p.Solaris():
		p.Errorf("cannot create directory %s: %s", progkit.QuoteName(p, name), p.Strerror(err))
	case parents && errors.Is(err, syscall.EEXIST):
		p.Errorf("%q: Exists but is not a directory", name)
	case parents:
		p.Errorf("%q: %s", name, p.Strerror(err))
	default:
		p.Errorf("Failed to make directory %q; %s", name, p.Strerror(err))
	}
}

var rmdirSyntax = fsSyntax{
	opts: []fsOpt{{'p', "parents", fsNoArg}, {'v', "verbose", fsNoArg}, {'s', "", fsNoArg},
		{0, "ignore-fail-on-non-empty", fsNoArg}},
	solOpts: "ps",
}

// rmdir removes empty directories.
func rmdir(p *shell.Proc) int {
	syn := rmdirSyntax
	syn.solUsage = fmt.Sprintf("Usage: %s [-ps] dirname ...\n", p.Argv[0])
	if !p.Solaris() {
		syn.opts = syn.opts[:2:2]
		syn.opts = append(syn.opts, rmdirSyntax.opts[3])
	}
	parsed, code, ok := fsParse(p, p.Args(), syn)
	if !ok {
		return code
	}
	if len(parsed.operands) == 0 {
		if p.Solaris() {
			return fsSolarisUsage(p, syn)
		}
		return fsMissingOperand(p, "missing operand")
	}
	if p.Solaris() {
		return rmdirSolaris(p, parsed)
	}
	ignoreNonEmpty := parsed.has("ignore-fail-on-non-empty")
	status := 0
	remove := func(d string) error {
		if parsed.has("v") {
			p.Printf("%s: removing directory, %s\n", p.Prog(), progkit.QuoteName(p, d))
		}
		err := p.M.FS.Rmdir(p.Cred(), p.Abs(d))
		if ignoreNonEmpty && (errors.Is(err, syscall.ENOTEMPTY) || errors.Is(err, syscall.EEXIST)) {
			return nil
		}
		return err
	}
	for _, d := range parsed.operands {
		if err := remove(d); err != nil {
			p.Errorf("failed to remove %s: %s", progkit.QuoteName(p, d), p.Strerror(err))
			status = 1
			continue
		}
		if !parsed.has("p") {
			continue
		}
		for parent := path.Dir(strings.TrimRight(d, "/")); parent != "." && parent != "/"; parent = path.Dir(parent) {
			if err := remove(parent); err != nil {
				what := "failed to remove directory %s: %s"
				if errors.Is(err, syscall.ENOTDIR) {
					what = "failed to remove %s: %s"
				}
				p.Errorf(what, progkit.QuoteName(p, parent), p.Strerror(err))
				status = 1
				break
			}
		}
	}
	return status
}

// rmdirSolarisReasons are Solaris rmdir's own words for rmdir(2)'s errors.
var rmdirSolarisReasons = map[syscall.Errno]string{
	syscall.ENOTEMPTY: "Directory not empty",
	syscall.EEXIST:    "Directory not empty",
	syscall.ENOTDIR:   "Path component not a directory",
	syscall.ENOENT:    "Directory does not exist",
	syscall.EACCES:    "Search or write permission needed",
	syscall.EBUSY:     "Directory is a mount point or in use",
	syscall.EROFS:     "Read-only file system",
	syscall.EINVAL:    "Can't remove current directory or ..",
}

func rmdirSolaris(p *shell.Proc, parsed fsArgs) int {
	failed := false
	reason := func(err error) string {
		var errno syscall.Errno
		if errors.As(err, &errno) && rmdirSolarisReasons[errno] != "" {
			return rmdirSolarisReasons[errno]
		}
		return p.Strerror(err)
	}
	for _, d := range parsed.operands {
		err := p.M.FS.Rmdir(p.Cred(), p.Abs(d))
		if err != nil {
			failed = true
			if !parsed.has("p") {
				fmt.Fprintf(p.Stderr, "%s: directory %q: %s\n", p.Argv[0], d, reason(err))
				continue
			}
		}
		if !parsed.has("p") {
			continue
		}
		// -p reports what remains of the path and why.
		remain := d
		for err == nil {
			parent := path.Dir(strings.TrimRight(remain, "/"))
			if parent == "." || parent == "/" {
				break
			}
			remain = parent
			err = p.M.FS.Rmdir(p.Cred(), p.Abs(parent))
		}
		if err != nil {
			failed = true
			msg := p.Strerror(err)
			if errors.Is(err, syscall.ENOTEMPTY) || errors.Is(err, syscall.EEXIST) {
				msg = "Directory not empty"
			}
			if !parsed.has("s") {
				fmt.Fprintf(p.Stderr, "%s: directory %q: %s not removed; %s\n", p.Argv[0], d, remain, msg)
			}
		}
	}
	if failed {
		return 2
	}
	return 0
}
