package files

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"
	"syscall"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

func init() {
	shell.Register(shell.Command{Name: "cp", Run: cp})
	shell.Register(shell.Command{Name: "mv", Run: mv})
}

var cpSyntax = fsSyntax{
	opts: []fsOpt{
		{'r', "recursive", fsNoArg}, {'R', "", fsNoArg}, {'a', "archive", fsNoArg}, {'p', "", fsNoArg},
		{0, "preserve", fsOptionalArg}, {'f', "force", fsNoArg}, {'i', "interactive", fsNoArg},
		{'n', "no-clobber", fsNoArg}, {'v', "verbose", fsNoArg}, {'L', "dereference", fsNoArg},
		{'P', "no-dereference", fsNoArg}, {'H', "", fsNoArg}, {'d', "", fsNoArg},
		{'T', "no-target-directory", fsNoArg}, {'t', "target-directory", fsArg}, {'u', "update", fsOptionalArg},
		{'@', "", fsNoArg}, {'l', "link", fsNoArg},
	},
	solOpts: "fipPrRHL@",
	solUsage: "Usage: cp [-f] [-i] [-p] [-@] f1 f2\n" +
		"       cp [-f] [-i] [-p] [-@] f1 ... fn d1\n" +
		"       cp -r|-R [-H|-L|-P] [-f] [-i] [-p] [-@] d1 ... dn-1 dn\n",
}

var mvSyntax = fsSyntax{
	opts: []fsOpt{
		{'f', "force", fsNoArg}, {'i', "interactive", fsNoArg}, {'n', "no-clobber", fsNoArg},
		{'v', "verbose", fsNoArg}, {'T', "no-target-directory", fsNoArg}, {'t', "target-directory", fsArg},
		{'u', "update", fsOptionalArg},
	},
	solOpts: "fi",
	solUsage: "Usage: mv [-f] [-i] f1 f2\n" +
		"       mv [-f] [-i] f1 ... fn d1\n" +
		"       mv [-f] [-i] d1 d2\n",
}

// Answers to an existing destination.
const (
	fsOverwrite = iota
	fsAsk
	fsSkip
)

// fsCopier copies or moves files, as cp and mv.
type fsCopier struct {
	p                                  *shell.Proc
	mv, recursive, preserve, deref     bool
	derefArgs, force, verbose, updated bool
	link                               bool // cp -l: hard links, not copies
	clobber                            int
}

// cp copies files and, with -r, trees.
func cp(p *shell.Proc) int {
	parsed, code, ok := fsParse(p, p.Args(), cpSyntax)
	if !ok {
		return code
	}
	c := &fsCopier{p: p}
	deref := ""
	for _, f := range parsed.flags {
		switch f.key {
		case "r", "R":
			c.recursive = true
		case "a":
			c.recursive, c.preserve, deref = true, true, "P"
		case "p", "preserve":
			c.preserve = true
		case "d":
			deref = "P"
		case "f":
			c.force = true
		case "i":
			c.clobber = fsAsk
		case "n":
			c.clobber = fsSkip
		case "v":
			c.verbose = true
		case "u":
			c.updated = true
		case "l":
			c.link = true
		case "L", "P", "H":
			deref = f.key
		}
	}
	// Without -R cp always follows symlinks; with it, it copies them as
	// links (GNU) or follows them (Solaris) unless told otherwise.
	c.deref = !c.recursive || deref == "L" || deref == "" && p.Solaris()
	c.derefArgs = c.deref || deref == "H"
	if p.Solaris() && c.clobber == fsAsk && !p.TTY() {
		c.clobber = fsOverwrite // Solaris cp -i asks only a terminal
	}
	pairs, code, ok := fsTargets(p, parsed, cpSyntax, 2)
	if !ok {
		return code
	}
	return fsEachPair(p, pairs, func(src, dst string) bool { return c.copy(src, dst, true) })
}

// mv moves files, copying across filesystems.
func mv(p *shell.Proc) int {
	parsed, code, ok := fsParse(p, p.Args(), mvSyntax)
	if !ok {
		return code
	}
	c := &fsCopier{p: p, mv: true, recursive: true, preserve: true}
	for _, f := range parsed.flags {
		switch f.key {
		case "f":
			c.force, c.clobber = true, fsOverwrite
		case "i":
			// Solaris's /usr/bin/mv lets -f beat -i; GNU takes the last.
			if !p.Solaris() || !c.force {
				c.clobber = fsAsk
			}
		case "n":
			c.clobber = fsSkip
		case "v":
			c.verbose = true
		case "u":
			c.updated = true
		}
	}
	if p.Solaris() && c.clobber == fsAsk && !p.TTY() {
		c.clobber = fsOverwrite
	}
	pairs, code, ok := fsTargets(p, parsed, mvSyntax, 2)
	if !ok {
		return code
	}
	return fsEachPair(p, pairs, c.move)
}

// q quotes a name for a message: GNU's quotes, Solaris's bare names.
func (c *fsCopier) q(s string) string {
	if c.p.Solaris() {
		return s
	}
	return progkit.QuoteName(c.p, s)
}

// fail prints "cmd: message[: error]" and returns false; gnu and solaris
// are the two hosts' formats for the same arguments.
func (c *fsCopier) fail(err error, gnu, solaris string, args ...any) bool {
	format := gnu
	if c.p.Solaris() {
		format = solaris
	}
	if err != nil {
		format += ": %s"
		args = append(args, c.p.Strerror(err))
	}
	c.p.Errorf(format, args...)
	return false
}

// missing reports a source that cannot be stat'd: Solaris does not say why.
func (c *fsCopier) missing(src string, err error) bool {
	if c.p.Solaris() {
		return c.fail(nil, "", "cannot access %s", src)
	}
	return c.fail(err, "cannot stat %s", "", c.q(src))
}

// sameFile refuses to copy or move a file onto itself.
func (c *fsCopier) sameFile(src, dst string) bool {
	return c.fail(nil, "%s and %s are the same file", "%s and %s are identical", c.q(src), c.q(dst))
}

// existing decides about a destination that exists: false to leave it.
func (c *fsCopier) existing(dst, abs string, info *vfs.Info) bool {
	p := c.p
	switch c.clobber {
	case fsSkip:
		return false
	case fsAsk:
		if p.Solaris() {
			return fsAskSolaris(p, p.Stderr, fmt.Sprintf("%s: overwrite %s (yes/no)? ", p.Name(), dst))
		}
		return p.Confirm(fmt.Sprintf("%s: overwrite %s? ", p.Prog(), progkit.QuoteName(p, dst)))
	}
	// mv asks a terminal before replacing a file it may not write.
	if c.mv && !c.force && p.TTY() && info.Mode&fs.ModeSymlink == 0 && p.M.FS.Access(p.Cred(), abs, vfs.AccessWrite) != nil {
		mode := vfs.UnixMode(info.Mode)
		if p.Solaris() {
			return fsAskSolaris(p, p.Stderr, fmt.Sprintf("mv: %s: override protection %o (yes/no)? ", dst, mode&0o7777))
		}
		return p.Confirm(fmt.Sprintf("mv: replace %s, overriding mode %04o (%s)? ", progkit.QuoteName(p, dst), mode, progkit.ModeString(info.Mode, false)[1:]))
	}
	return true
}

func (c *fsCopier) move(src, dst string) bool {
	p := c.p
	fsys, cred := p.M.FS, p.Cred()
	srcAbs, dstAbs := p.Abs(src), p.Abs(dst)
	info, err := fsys.Lstat(cred, srcAbs)
	if err != nil {
		return c.missing(src, err)
	}
	if dinfo, err := fsys.Lstat(cred, dstAbs); err == nil {
		if dinfo.Ino == info.Ino && dinfo.Dev == info.Dev {
			return c.sameFile(src, dst)
		}
		if c.updated && !dinfo.ModTime.Before(info.ModTime) || !c.existing(dst, dstAbs, dinfo) {
			return true
		}
		switch {
		case dinfo.IsDir() && !info.IsDir() && p.Solaris():
			return c.fail(nil, "", "cannot mv a non directory %s over existing directory %s ", src, dst)
		case dinfo.IsDir() && !info.IsDir():
			return c.fail(nil, "cannot overwrite directory %s with non-directory", "", c.q(dst))
		case !dinfo.IsDir() && info.IsDir() && p.Solaris():
			return c.fail(nil, "", "%s is a directory", src)
		case !dinfo.IsDir() && info.IsDir():
			return c.fail(nil, "cannot overwrite non-directory %s with directory %s", "", c.q(dst), c.q(src))
		}
	}
	err = fsys.Rename(cred, srcAbs, dstAbs)
	switch {
	case err == nil:
	case errors.Is(err, syscall.EXDEV):
		// Another filesystem: copy everything, then remove the source.
		cc := *c
		cc.deref, cc.derefArgs, cc.verbose = false, false, false
		if !cc.copy(src, dst, true) {
			return false
		}
		if err := fsRemoveAll(p, srcAbs); err != nil {
			return c.fail(err, "cannot remove %s", "cannot unlink %s", c.q(src))
		}
	case errors.Is(err, syscall.EINVAL) && !p.Solaris():
		return c.fail(nil, "cannot move %s to a subdirectory of itself, %s", "", c.q(src), c.q(dst))
	default:
		return c.fail(err, "cannot move %s to %s", "cannot rename %s to %s", c.q(src), c.q(dst))
	}
	if c.verbose && !p.Solaris() {
		if progkit.OldCoreutils(p) {
			p.Printf("%s -> %s\n", progkit.QuoteName(p, src), progkit.QuoteName(p, dst))
		} else {
			p.Printf("renamed %s -> %s\n", progkit.QuoteName(p, src), progkit.QuoteName(p, dst))
		}
	}
	return true
}

// copy copies src to dst; top marks a command-line operand.
func (c *fsCopier) copy(src, dst string, top bool) bool {
	p := c.p
	fsys, cred := p.M.FS, p.Cred()
	srcAbs, dstAbs := p.Abs(src), p.Abs(dst)
	stat := fsys.Lstat
	if c.deref || top && c.derefArgs {
		stat = fsys.Stat
	}
	info, err := stat(cred, srcAbs)
	if err != nil {
		return c.missing(src, err)
	}
	dinfo, derr := fsys.Stat(cred, dstAbs)
	if derr == nil && dinfo.Ino == info.Ino && dinfo.Dev == info.Dev {
		if c.link {
			return true // cp -l: the link is already there
		}
		return c.sameFile(src, dst)
	}
	switch {
	case info.IsDir():
		return c.copyDir(src, dst, srcAbs, dstAbs, info, dinfo, derr)
	case info.Mode&fs.ModeSymlink != 0:
		if derr == nil || fsExistsL(p, dstAbs) {
			if !c.existing(dst, dstAbs, info) {
				return true
			}
			_ = fsys.Unlink(cred, dstAbs)
		}
		if err := fsys.Symlink(cred, info.Target, dstAbs); err != nil {
			return c.fail(err, "cannot create symbolic link %s", "%s", c.q(dst))
		}
		if c.preserve {
			_ = fsys.Lchown(cred, dstAbs, info.UID, info.GID)
		}
		c.announce(src, dst)
		return true
	}
	if derr == nil {
		if dinfo.IsDir() {
			return c.fail(nil, "cannot overwrite directory %s with non-directory", "%s: is a directory", c.q(dst))
		}
		if c.updated && !dinfo.ModTime.Before(info.ModTime) || !c.existing(dst, dstAbs, dinfo) {
			return true
		}
	}
	if c.link {
		if derr == nil {
			_ = fsys.Unlink(cred, dstAbs)
		}
		if err := fsys.Link(cred, srcAbs, dstAbs); err != nil {
			return c.fail(err, "cannot create hard link %s to %s", "%s", c.q(dst), c.q(src))
		}
		c.announce(src, dst)
		return true
	}
	// Streamed, as cp does: a copy of a big file holds a buffer, not the file.
	in, err := fsys.OpenFile(cred, srcAbs, syscall.O_RDONLY, 0)
	if err != nil {
		return c.fail(err, "cannot open %s for reading", "cannot open %s", c.q(src))
	}
	defer in.Close()
	mode := info.Mode & (fs.ModePerm | fs.ModeSetuid | fs.ModeSetgid | fs.ModeSticky)
	perm := mode &^ fs.FileMode(c.p.Umask)
	if c.preserve {
		perm = mode
	}
	f, err := fsys.OpenFile(cred, dstAbs, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_TRUNC, perm)
	if err != nil && derr == nil && c.force {
		if fsys.Unlink(cred, dstAbs) == nil {
			f, err = fsys.OpenFile(cred, dstAbs, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_TRUNC, perm)
		}
	}
	if err != nil {
		return c.fail(err, "cannot create regular file %s", "cannot create %s", c.q(dst))
	}
	_, werr := io.CopyBuffer(f, in, make([]byte, 64<<10))
	f.Close()
	if werr != nil {
		return c.fail(werr, "error writing %s", "%s: write", c.q(dst))
	}
	if c.preserve {
		c.keepAttributes(dstAbs, info)
	}
	c.announce(src, dst)
	return true
}

func (c *fsCopier) copyDir(src, dst, srcAbs, dstAbs string, info, dinfo *vfs.Info, derr error) bool {
	p := c.p
	fsys, cred := p.M.FS, p.Cred()
	if !c.recursive {
		if progkit.OldCoreutils(p) {
			return c.fail(nil, "omitting directory %s", "", c.q(src))
		}
		return c.fail(nil, "-r not specified; omitting directory %s", "%s: is a directory", c.q(src))
	}
	if real, err := fsys.Realpath(cred, srcAbs); err == nil {
		if target := path.Clean(dstAbs); target == real || strings.HasPrefix(target, real+"/") {
			return c.fail(nil, "cannot copy a directory, %s, into itself, %s", "cannot copy %s into itself (%s)", c.q(src), c.q(dst))
		}
	}
	if derr == nil && !dinfo.IsDir() {
		if p.Solaris() {
			return c.fail(nil, "", "%s: not a directory.", dst)
		}
		return c.fail(nil, "cannot overwrite non-directory %s with directory %s", "", c.q(dst), c.q(src))
	}
	mode := info.Mode & (fs.ModePerm | fs.ModeSetuid | fs.ModeSetgid | fs.ModeSticky)
	if derr != nil {
		// Made writable for the copy, given its own mode after.
		if err := fsys.Mkdir(cred, dstAbs, mode|0o700); err != nil {
			return c.fail(err, "cannot create directory %s", "%s", c.q(dst))
		}
		c.announce(src, dst)
	}
	list, err := fsys.ReadDir(cred, srcAbs)
	ok := true
	if err != nil {
		ok = c.fail(err, "cannot access %s", "%s", c.q(src))
	}
	for _, e := range list {
		if p.Ctx.Err() != nil {
			return false
		}
		ok = c.copy(fsJoin(src, e.Name), fsJoin(dst, e.Name), false) && ok
	}
	switch {
	case c.preserve:
		c.keepAttributes(dstAbs, info)
	case derr != nil:
		_ = fsys.Chmod(cred, dstAbs, mode&^fs.FileMode(c.p.Umask))
	}
	return ok
}

// keepAttributes gives a copy the source's mode, owner (as far as allowed)
// and times, as cp -p and mv do.
func (c *fsCopier) keepAttributes(abs string, info *vfs.Info) {
	fsys, cred := c.p.M.FS, c.p.Cred()
	if fsys.Chown(cred, abs, info.UID, info.GID) != nil {
		_ = fsys.Chown(cred, abs, -1, info.GID)
	}
	_ = fsys.Chmod(cred, abs, info.Mode&(fs.ModePerm|fs.ModeSetuid|fs.ModeSetgid|fs.ModeSticky))
	_ = fsys.Chtimes(cred, abs, info.AccessTime, info.ModTime)
}

func (c *fsCopier) announce(src, dst string) {
	if c.verbose && !c.p.Solaris() {
		c.p.Printf("%s -> %s\n", progkit.QuoteName(c.p, src), progkit.QuoteName(c.p, dst))
	}
}

// fsExistsL reports whether something, even a dangling symlink, is at abs.
func fsExistsL(p *shell.Proc, abs string) bool {
	_, err := p.M.FS.Lstat(p.Cred(), abs)
	return err == nil
}

// fsRemoveAll removes a file or tree quietly, returning the first error.
func fsRemoveAll(p *shell.Proc, abs string) error {
	fsys, cred := p.M.FS, p.Cred()
	info, err := fsys.Lstat(cred, abs)
	if err != nil {
		return err
	}
	if !info.IsDir() {
		return fsys.Unlink(cred, abs)
	}
	list, err := fsys.ReadDir(cred, abs)
	if err != nil {
		return err
	}
	for _, e := range list {
		if err := fsRemoveAll(p, path.Join(abs, e.Name)); err != nil {
			return err
		}
	}
	return fsys.Rmdir(cred, abs)
}
