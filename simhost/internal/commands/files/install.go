package files

import (
	"errors"
	"path"
	"syscall"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

// GNU install, as agent installers lay down their directories and binaries:
// install -d [-m MODE] [-o USER] [-g GROUP] DIR..., install [-D] SRC DST,
// install SRC... DIR, install -t DIR SRC.... The mode is 0755 unless -m says
// otherwise, whatever the umask.
func init() {
	shell.Register(shell.Command{Name: "install", Only: "gnu", Run: installCmd})
}

var installSyntax = fsSyntax{
	opts: []fsOpt{{'d', "directory", fsNoArg}, {'D', "", fsNoArg}, {'m', "mode", fsArg}, {'o', "owner", fsArg},
		{'g', "group", fsArg}, {'t', "target-directory", fsArg}, {'T', "no-target-directory", fsNoArg},
		{'v', "verbose", fsNoArg}, {'p', "preserve-timestamps", fsNoArg}, {'s', "strip", fsNoArg},
		{'c', "", fsNoArg}, {'C', "compare", fsNoArg}, {'b', "", fsNoArg}, {'Z', "context", fsOptionalArg}},
}

type installRun struct {
	p        *shell.Proc
	mode     uint32
	uid, gid int
	verbose  bool
}

func installCmd(p *shell.Proc) int {
	parsed, code, ok := fsParse(p, p.Args(), installSyntax)
	if !ok {
		return code
	}
	r := installRun{p: p, mode: 0o755, uid: -1, gid: -1, verbose: parsed.has("v")}
	if m, ok := parsed.value("m"); ok {
		clauses, valid := fsParseMode(m)
		if !valid {
			return p.Fail(1, "invalid mode %s", progkit.QuoteName(p, m))
		}
		r.mode = fsApplyMode(clauses, 0, false, 0)
	}
	if o, ok := parsed.value("o"); ok {
		if a := p.M.User(o); a != nil {
			r.uid = a.UID
		} else {
			return p.Fail(1, "invalid user %s", progkit.QuoteName(p, o))
		}
	}
	if g, ok := parsed.value("g"); ok {
		gid, bad := fsGroupID(p, g)
		if bad != "" {
			return p.Fail(1, "invalid group %s", progkit.QuoteName(p, g))
		}
		r.gid = gid
	}
	ops := parsed.operands
	status := 0
	if parsed.has("d") {
		if len(ops) == 0 {
			return fsMissingOperand(p, "missing file operand")
		}
		for _, d := range ops {
			if !r.dir(d) {
				status = 1
			}
		}
		return status
	}
	target, hasTarget := parsed.value("t")
	switch {
	case len(ops) == 0:
		return fsMissingOperand(p, "missing file operand")
	case len(ops) == 1 && !hasTarget:
		return fsMissingOperand(p, "missing destination file operand after "+progkit.QuoteName(p, ops[0]))
	}
	if !hasTarget {
		if info, err := p.M.FS.Stat(p.Cred(), p.Abs(ops[len(ops)-1])); err == nil && info.IsDir() && !parsed.has("T") {
			target, hasTarget, ops = ops[len(ops)-1], true, ops[:len(ops)-1]
		} else if len(ops) > 2 {
			return p.Fail(1, "target %s is not a directory", progkit.QuoteName(p, ops[len(ops)-1]))
		}
	}
	if !hasTarget {
		if parsed.has("D") {
			m := mkdirRun{p: p, mode: 0o755}
			if dir := path.Dir(ops[1]); dir != "." {
				if _, err := m.parents(dir); err != nil {
					return p.Fail(1, "cannot create directory %s: %s", progkit.QuoteName(p, dir), p.Strerror(err))
				}
			}
		}
		if !r.file(ops[0], ops[1]) {
			return 1
		}
		return 0
	}
	for _, src := range ops {
		if !r.file(src, path.Join(target, path.Base(src))) {
			status = 1
		}
	}
	return status
}

// dir is install -d: the directory and its parents, then its mode and owner.
func (r *installRun) dir(name string) bool {
	p := r.p
	abs := p.Abs(name)
	// Missing parents are made as mkdir -p makes them, the directory itself
	// with the mode.
	m := mkdirRun{p: p, mode: 0o777&^p.Umask | 0o300}
	if _, err := m.parents(path.Dir(name)); err != nil && path.Dir(name) != "." {
		p.Errorf("cannot create directory %s: %s", progkit.QuoteName(p, path.Dir(name)), p.Strerror(err))
		return false
	}
	if err := m.make(name, r.mode&^p.Umask); err != nil && !errors.Is(err, syscall.EEXIST) {
		// coreutils then sets the mode of what it could not make.
		p.Errorf("cannot change permissions of %s: %s", progkit.QuoteName(p, name), p.Strerror(syscall.ENOENT))
		return false
	}
	if r.uid >= 0 || r.gid >= 0 {
		if err := p.M.FS.Chown(p.Cred(), abs, r.uid, r.gid); err != nil {
			p.Errorf("cannot change owner and permissions of %s: %s", progkit.QuoteName(p, name), p.Strerror(err))
			return false
		}
	}
	if err := p.M.FS.Chmod(p.Cred(), abs, vfs.FromUnixMode(r.mode)); err != nil {
		p.Errorf("cannot change permissions of %s: %s", progkit.QuoteName(p, name), p.Strerror(err))
		return false
	}
	if r.verbose {
		p.Printf("%s: creating directory %s\n", p.Prog(), progkit.QuoteName(p, name))
	}
	return true
}

// file copies src to dst (replacing it), then sets its owner and mode.
func (r *installRun) file(src, dst string) bool {
	p := r.p
	fsys, cred := p.M.FS, p.Cred()
	info, err := fsys.Stat(cred, p.Abs(src))
	if err != nil {
		p.Errorf("cannot stat %s: %s", progkit.QuoteName(p, src), p.Strerror(err))
		return false
	}
	if info.IsDir() {
		p.Errorf("omitting directory %s", progkit.QuoteName(p, src))
		return false
	}
	data, err := fsys.ReadFile(cred, p.Abs(src))
	if err != nil {
		p.Errorf("cannot open %s for reading: %s", progkit.QuoteName(p, src), p.Strerror(err))
		return false
	}
	dstAbs := p.Abs(dst)
	if _, err := fsys.Lstat(cred, dstAbs); err == nil {
		if err := fsys.Unlink(cred, dstAbs); err != nil {
			p.Errorf("cannot remove %s: %s", progkit.QuoteName(p, dst), p.Strerror(err))
			return false
		}
	}
	if err := fsys.WriteFile(cred, dstAbs, data, vfs.FromUnixMode(0o600)); err != nil {
		p.Errorf("cannot create regular file %s: %s", progkit.QuoteName(p, dst), p.Strerror(err))
		return false
	}
	if r.uid >= 0 || r.gid >= 0 {
		if err := fsys.Chown(cred, dstAbs, r.uid, r.gid); err != nil {
			p.Errorf("cannot change ownership of %s: %s", progkit.QuoteName(p, dst), p.Strerror(err))
			return false
		}
	}
	if err := fsys.Chmod(cred, dstAbs, vfs.FromUnixMode(r.mode)); err != nil {
		p.Errorf("cannot change permissions of %s: %s", progkit.QuoteName(p, dst), p.Strerror(err))
		return false
	}
	if r.verbose {
		p.Printf("%s -> %s\n", progkit.QuoteName(p, src), progkit.QuoteName(p, dst))
	}
	return true
}
