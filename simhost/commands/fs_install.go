package commands

import (
	"io/fs"
	"path"

	"github.com/hostile-lab/hostile/simhost/shell"
)

func init() {
	shell.Register(shell.Command{Name: "install", Only: "gnu", Run: installCmd})
}

// installCmd is coreutils' install, which deploy tools and Ansible roles use
// to put a file or directory in place with its mode and owner in one step:
// copy (or -d make), then chown, then chmod, each failure in install's words.
func installCmd(p *shell.Proc) int {
	g := getopt{Short: "bcCdDg:m:o:pst:TvS:Z", Long: []string{"backup::", "compare=C", "directory=d", "group:=g", "mode:=m",
		"owner:=o", "preserve-timestamps=p", "strip=s", "target-directory:=t", "no-target-directory=T", "verbose=v",
		"suffix:=S", "context::", "preserve-context", "strip-program:", "version"},
		NotEmulated: []string{"s", "strip", "strip-program", "b", "backup", "S", "suffix", "Z", "context", "preserve-context"}}
	c, code, ok := g.Parse(p, p.Args())
	if !ok {
		return code
	}
	if c.Has("version") {
		return coreutilsVersion(p, "install", "David MacKenzie")
	}
	in := installRun{p: p, mode: 0o755, uid: -1, gid: -1, verbose: c.Has("v")}
	if m, ok := c.Value("m"); ok {
		clauses, valid := fsParseMode(m)
		if !valid {
			return p.Fail(1, "invalid mode %s", fsQuote(p, m))
		}
		in.mode = fs.FileMode(fsApplyMode(clauses, 0, false, 0))
	}
	if o, ok := c.Value("o"); ok {
		a := p.M.User(o)
		if a == nil {
			return p.Fail(1, "invalid user %s", fsQuote(p, o))
		}
		in.uid = a.UID
	}
	if grp, ok := c.Value("g"); ok {
		gid, bad := fsGroupID(p, grp)
		if bad != "" {
			return p.Fail(1, "invalid group %s", fsQuote(p, grp))
		}
		in.gid = gid
	}
	ops := c.Operands
	status := 0
	if c.Has("d") {
		if len(ops) == 0 {
			return fsMissingOperand(p, "missing file operand")
		}
		for _, d := range ops {
			if !in.directory(d) {
				status = 1
			}
		}
		return status
	}
	target, toDir := c.Value("t")
	switch {
	case len(ops) == 0:
		return fsMissingOperand(p, "missing file operand")
	case !toDir && len(ops) == 1:
		return fsMissingOperand(p, "missing destination file operand after "+fsQuote(p, ops[0]))
	case !toDir:
		target, ops = ops[len(ops)-1], ops[:len(ops)-1]
		info, err := p.M.FS.Stat(p.Cred(), p.Abs(target))
		toDir = !c.Has("T") && err == nil && info.IsDir()
		if !toDir && len(ops) > 1 {
			return p.Fail(1, "target %s is not a directory", fsQuote(p, target))
		}
	}
	if c.Has("D") {
		parent := target
		if !toDir {
			parent = path.Dir(target)
		}
		if err := p.M.FS.MkdirAll(p.Cred(), p.Abs(parent), 0o755); err != nil {
			return p.Fail(1, "cannot create directory %s: %s", fsQuote(p, parent), p.Strerror(err))
		}
	}
	for _, src := range ops {
		dst := target
		if toDir {
			dst = path.Join(target, path.Base(src))
		}
		if !in.file(src, dst) {
			status = 1
		}
	}
	return status
}

type installRun struct {
	p        *shell.Proc
	mode     fs.FileMode
	uid, gid int
	verbose  bool
}

// file copies src to dst (a new file, replacing what was there) and sets
// its owner and mode.
func (in *installRun) file(src, dst string) bool {
	p := in.p
	fsys, cred := p.M.FS, p.Cred()
	info, err := fsys.Stat(cred, p.Abs(src))
	if err != nil {
		return fsComplain(p, "cannot stat %s: %s", fsQuote(p, src), p.Strerror(err))
	}
	if info.IsDir() {
		return fsComplain(p, "omitting directory %s", fsQuote(p, src))
	}
	data, err := fsys.ReadFile(cred, p.Abs(src))
	if err != nil {
		return fsComplain(p, "cannot open %s for reading: %s", fsQuote(p, src), p.Strerror(err))
	}
	if old, err := fsys.Lstat(cred, p.Abs(dst)); err == nil && !old.IsDir() {
		if err := fsys.Unlink(cred, p.Abs(dst)); err != nil {
			return fsComplain(p, "cannot remove %s: %s", fsQuote(p, dst), p.Strerror(err))
		}
	}
	if err := fsys.WriteFile(cred, p.Abs(dst), data, 0o600); err != nil {
		return fsComplain(p, "cannot create regular file %s: %s", fsQuote(p, dst), p.Strerror(err))
	}
	if in.verbose {
		p.Printf("%s -> %s\n", fsQuote(p, src), fsQuote(p, dst))
	}
	return in.finish(dst)
}

// directory makes d and its missing parents, then sets d's owner and mode.
func (in *installRun) directory(d string) bool {
	p := in.p
	if err := p.M.FS.MkdirAll(p.Cred(), p.Abs(d), 0o755); err != nil {
		return fsComplain(p, "cannot create directory %s: %s", fsQuote(p, d), p.Strerror(err))
	}
	if in.verbose {
		p.Printf("install: creating directory %s\n", fsQuote(p, d))
	}
	return in.finish(d)
}

func (in *installRun) finish(name string) bool {
	p := in.p
	abs := p.Abs(name)
	if in.uid >= 0 || in.gid >= 0 {
		if err := p.M.FS.Chown(p.Cred(), abs, in.uid, in.gid); err != nil {
			return fsComplain(p, "cannot change ownership of %s: %s", fsQuote(p, name), p.Strerror(err))
		}
	}
	if err := p.M.FS.Chmod(p.Cred(), abs, in.mode); err != nil {
		return fsComplain(p, "cannot change permissions of %s: %s", fsQuote(p, name), p.Strerror(err))
	}
	return true
}
