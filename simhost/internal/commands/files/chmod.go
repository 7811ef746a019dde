package files

import (
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

func init() {
	shell.Register(shell.Command{Name: "chmod", Run: chmod})
	shell.Register(shell.Command{Name: "chown", Run: chown})
	shell.Register(shell.Command{Name: "chgrp", Run: chown})
}

const (
	fsModeAll                            = 0o7777
	fsUserBits, fsGroupBits, fsOtherBits = 0o4700, 0o2070, 0o1007
)

// fsModeClause is one operation of a mode: an octal mode is a single "=" on
// every bit; "u+x,go-w" is two.
type fsModeClause struct {
	op        byte   // '+', '-', '='
	affected  uint32 // bits named by u/g/o/a; 0 means "a, less the umask"
	value     uint32
	copyFrom  uint32 // u, g or o on the right: copy those bits
	ifAnyX    bool   // X
	mentioned uint32
}

// fsParseMode compiles a chmod mode as gnulib's mode_compile does.
func fsParseMode(s string) ([]fsModeClause, bool) {
	if s != "" && strings.Trim(s, "01234567") == "" {
		v, err := strconv.ParseUint(s, 8, 32)
		if err != nil || v > fsModeAll {
			return nil, false
		}
		mentioned := uint32(fsModeAll)
		if len(s) < 5 {
			mentioned = uint32(v)&fsModeAll | 0o777
		}
		return []fsModeClause{{op: '=', affected: fsModeAll, value: uint32(v), mentioned: mentioned}}, true
	}
	var out []fsModeClause
	for _, part := range strings.Split(s, ",") {
		var affected uint32
		i := 0
		for ; i < len(part) && strings.IndexByte("ugoa", part[i]) >= 0; i++ {
			affected |= map[byte]uint32{'u': fsUserBits, 'g': fsGroupBits, 'o': fsOtherBits, 'a': fsModeAll}[part[i]]
		}
		if i == len(part) {
			return nil, false
		}
		for i < len(part) {
			c := fsModeClause{op: part[i], affected: affected}
			if strings.IndexByte("+-=", c.op) < 0 {
				return nil, false
			}
			i++
			if i < len(part) && strings.IndexByte("ugo", part[i]) >= 0 {
				c.copyFrom = map[byte]uint32{'u': 0o700, 'g': 0o070, 'o': 0o007}[part[i]]
				i++
			} else {
				for ; i < len(part) && strings.IndexByte("rwxXst", part[i]) >= 0; i++ {
					switch part[i] {
					case 'r':
						c.value |= 0o444
					case 'w':
						c.value |= 0o222
					case 'x':
						c.value |= 0o111
					case 'X':
						c.ifAnyX = true
					case 's':
						c.value |= 0o6000
					case 't':
						c.value |= 0o1000
					}
				}
			}
			c.mentioned = c.value
			if affected != 0 {
				c.mentioned &= affected
			}
			out = append(out, c)
		}
	}
	return out, len(out) > 0
}

// fsApplyMode computes the new permission bits of a file whose bits are old,
// as gnulib's mode_adjust does.
func fsApplyMode(clauses []fsModeClause, old uint32, dir bool, umask uint32) uint32 {
	mode := old
	for _, c := range clauses {
		value := c.value
		if c.copyFrom != 0 {
			bits := mode & c.copyFrom
			for _, shift := range []uint{0, 3, 6} {
				value |= (bits>>6 | bits>>3&7 | bits&7) << shift
			}
			value &= 0o777
		}
		if c.ifAnyX && (dir || mode&0o111 != 0) {
			value |= 0o111
		}
		var omit uint32
		if dir {
			omit = 0o6000 &^ c.mentioned
		}
		limit := c.affected
		if limit == 0 {
			limit = ^umask
		}
		value &= limit &^ omit
		switch c.op {
		case '=':
			preserved := omit
			if c.affected != 0 {
				preserved |= ^c.affected
			}
			mode = mode&preserved | value
		case '+':
			mode |= value
		case '-':
			mode &^= value
		}
	}
	return mode & fsModeAll
}

var chmodSyntax = fsSyntax{
	opts: []fsOpt{{'R', "recursive", fsNoArg}, {'v', "verbose", fsNoArg}, {'c', "changes", fsNoArg},
		{'f', "silent", fsNoArg}, {0, "quiet", fsNoArg}, {0, "reference", fsArg},
		{0, "preserve-root", fsNoArg}, {0, "no-preserve-root", fsNoArg}},
	solOpts:  "Rf",
	solUsage: "usage:\tchmod [-fR] <absolute-mode> file ...\n\tchmod [-fR] <ACL-operation> file ...\n\tchmod [-fR] <symbolic-mode-list> file ...\n",
}

// fsModeLike reports whether a "-..." argument is a mode (chmod -w f), which
// both chmods take as the mode rather than options.
func fsModeLike(a string) bool {
	return len(a) > 1 && a[0] == '-' && strings.Trim(a[1:], "rwxXstugoa,+-=01234567") == ""
}

// chmod changes permission bits.
func chmod(p *shell.Proc) int {
	args := p.Args()
	var mode string
	for i, a := range args {
		if a == "--" {
			break
		}
		if fsModeLike(a) {
			mode = a
			args = append(append([]string(nil), args[:i]...), args[i+1:]...)
			break
		}
	}
	parsed, code, ok := fsParse(p, args, chmodSyntax)
	if !ok {
		return code
	}
	ops := parsed.operands
	if ref, ok := parsed.value("reference"); ok {
		info, err := p.M.FS.Stat(p.Cred(), p.Abs(ref))
		if err != nil {
			return p.Fail(1, "failed to get attributes of %s: %s", progkit.QuoteName(p, ref), p.Strerror(err))
		}
		mode = fmt.Sprintf("%o", vfs.UnixMode(info.Mode))
	} else if mode == "" && len(ops) > 0 {
		mode, ops = ops[0], ops[1:]
	}
	if len(ops) == 0 {
		if p.Solaris() {
			return fsSolarisUsage(p, chmodSyntax)
		}
		if mode == "" {
			return fsMissingOperand(p, "missing operand")
		}
		return fsMissingOperand(p, "missing operand after "+progkit.QuoteName(p, mode))
	}
	clauses, valid := fsParseMode(mode)
	if !valid {
		if p.Solaris() {
			return p.Fail(2, "ERROR: invalid mode")
		}
		p.Errorf("invalid mode: %s", progkit.QuoteName(p, mode))
		return fsTryHelp(p, 1)
	}
	c := chmodRun{p: p, clauses: clauses, recursive: parsed.has("R"),
		verbose: parsed.has("v"), changes: parsed.has("c"), quiet: parsed.has("f") || parsed.has("quiet")}
	return fsChangeEach(p, ops, c.quiet, c.operand)
}

// fsChangeEach changes each operand, as chmod and chown do: status 1 when
// one failed, unless Solaris's -f hides that too.
func fsChangeEach(p *shell.Proc, ops []string, quiet bool, change func(name string) bool) int {
	status := 0
	for _, f := range ops {
		if !change(f) {
			status = 1
		}
	}
	if p.Solaris() && quiet {
		return 0
	}
	return status
}

type chmodRun struct {
	p                                  *shell.Proc
	clauses                            []fsModeClause
	recursive, verbose, changes, quiet bool
}

func (c *chmodRun) warn(format string, args ...any) {
	if !c.quiet {
		if c.p.Solaris() {
			c.p.Errorf("WARNING: "+format, args...)
		} else {
			c.p.Errorf(format, args...)
		}
	}
}

// operand changes one command-line file, and what lies under it with -R.
func (c *chmodRun) operand(name string) bool {
	p := c.p
	info, err := p.M.FS.Stat(p.Cred(), p.Abs(name))
	if err != nil {
		if p.Solaris() {
			c.warn("can't access %s", name)
		} else {
			c.warn("cannot access %s: %s", progkit.QuoteName(p, name), p.Strerror(err))
		}
		return false
	}
	ok := c.change(name, p.Abs(name), info)
	if !c.recursive || !info.IsDir() {
		return ok
	}
	fsWalk(p, fsEntry{Name: name, Abs: p.Abs(name), Info: info}, func(e fsEntry) {
		switch {
		case e.Post && e.Err != nil:
			c.warn("cannot read directory %s: %s", progkit.QuoteName(p, e.Name), p.Strerror(e.Err))
			ok = false
		case e.Depth > 0 && !e.Post && e.Info.Mode&fs.ModeSymlink == 0:
			ok = c.change(e.Name, e.Abs, e.Info) && ok
		}
	})
	return ok
}

func (c *chmodRun) change(name, abs string, info *vfs.Info) bool {
	p := c.p
	old := vfs.UnixMode(info.Mode)
	updated := fsApplyMode(c.clauses, old, info.IsDir(), p.Umask)
	if err := p.M.FS.Chmod(p.Cred(), abs, vfs.FromUnixMode(updated)); err != nil {
		if p.Solaris() {
			c.warn("can't change %s", name)
		} else {
			c.warn("changing permissions of %s: %s", progkit.QuoteName(p, name), p.Strerror(err))
		}
		return false
	}
	perms := func(m uint32) string { return progkit.ModeString(vfs.FromUnixMode(m), false)[1:] }
	if !p.Solaris() && (c.verbose || c.changes && old != updated) {
		if old != updated {
			p.Printf("mode of %s changed from %04o (%s) to %04o (%s)\n", progkit.QuoteName(p, name), old, perms(old), updated, perms(updated))
		} else {
			p.Printf("mode of %s retained as %04o (%s)\n", progkit.QuoteName(p, name), old, perms(old))
		}
	}
	// A mode without u/g/o/a leaves the umask's bits alone; GNU says so
	// when the result is not what the mode spelt.
	if naive := fsApplyMode(c.clauses, old, info.IsDir(), 0); !p.Solaris() && naive != updated {
		c.warn("%s: new permissions are %s, not %s", progkit.QuoteNameColon(p, name), perms(updated), perms(naive))
		return false
	}
	return true
}

var chownSyntax = fsSyntax{
	opts: []fsOpt{{'R', "recursive", fsNoArg}, {'v', "verbose", fsNoArg}, {'c', "changes", fsNoArg},
		{'f', "silent", fsNoArg}, {0, "quiet", fsNoArg}, {'h', "no-dereference", fsNoArg},
		{0, "dereference", fsNoArg}, {0, "reference", fsArg}, {'H', "", fsNoArg}, {'L', "", fsNoArg},
		{'P', "", fsNoArg}, {0, "preserve-root", fsNoArg}, {0, "no-preserve-root", fsNoArg}},
	solOpts: "fhR",
}

// chown changes owner and group; as chgrp, only the group.
func chown(p *shell.Proc) int {
	syn := chownSyntax
	grp := p.Name() == "chgrp"
	syn.solUsage = "usage: chown [-fhR] owner[:group] file...\n"
	if grp {
		syn.solUsage = "usage: chgrp [-fhR] group file ...\n"
	}
	parsed, code, ok := fsParse(p, p.Args(), syn)
	if !ok {
		return code
	}
	ops := parsed.operands
	uid, gid := -1, -1
	if ref, ok := parsed.value("reference"); ok {
		info, err := p.M.FS.Stat(p.Cred(), p.Abs(ref))
		if err != nil {
			return p.Fail(1, "failed to get attributes of %s: %s", progkit.QuoteName(p, ref), p.Strerror(err))
		}
		gid = info.GID
		if !grp {
			uid = info.UID
		}
	} else {
		if len(ops) < 2 {
			switch {
			case p.Solaris():
				return fsSolarisUsage(p, syn)
			case len(ops) == 0:
				return fsMissingOperand(p, "missing operand")
			}
			return fsMissingOperand(p, "missing operand after "+progkit.QuoteName(p, ops[0]))
		}
		var msg string
		if grp {
			gid, msg = fsGroupID(p, ops[0])
			if msg != "" {
				msg = "invalid group: " + progkit.QuoteName(p, ops[0])
				if p.Solaris() {
					msg = "unknown group: " + ops[0]
				}
			}
		} else {
			uid, gid, msg = fsOwnerSpec(p, ops[0])
		}
		if msg != "" {
			if p.Solaris() {
				return p.Fail(2, "%s", msg)
			}
			return p.Fail(1, "%s", msg)
		}
		ops = ops[1:]
	}
	c := chownRun{p: p, uid: uid, gid: gid, grp: grp, verbose: parsed.has("v"), changes: parsed.has("c"),
		quiet: parsed.has("f") || parsed.has("quiet"), noDeref: parsed.has("h")}
	recursive := parsed.has("R")
	return fsChangeEach(p, ops, c.quiet, func(name string) bool { return c.operand(name, recursive) })
}

// fsOwnerSpec parses chown's OWNER[:[GROUP]] (also OWNER.GROUP); msg is the
// complaint for a name that does not exist.
func fsOwnerSpec(p *shell.Proc, spec string) (uid, gid int, msg string) {
	uid, gid = -1, -1
	user, group, hasGroup := strings.Cut(spec, ":")
	if !hasGroup && !p.Solaris() && p.M.User(spec) == nil {
		user, group, hasGroup = strings.Cut(spec, ".")
	}
	if user != "" {
		if a := p.M.User(user); a != nil {
			uid = a.UID
			if hasGroup && group == "" && !p.Solaris() {
				gid = a.GID // "user:" means the login group
			}
		} else if n, err := strconv.Atoi(user); err == nil && n >= 0 {
			uid = n
		} else if p.Solaris() {
			return 0, 0, "unknown user id " + user
		} else {
			return 0, 0, "invalid user: " + progkit.QuoteName(p, spec)
		}
	}
	if group != "" {
		var bad string
		if gid, bad = fsGroupID(p, group); bad != "" {
			if p.Solaris() {
				return 0, 0, "unknown group id " + group
			}
			return 0, 0, "invalid group: " + progkit.QuoteName(p, spec)
		}
	}
	return uid, gid, ""
}

// fsGroupID resolves a group name or number; bad is set when it is neither.
func fsGroupID(p *shell.Proc, name string) (int, string) {
	if g := p.M.Group(name); g != nil {
		return g.GID, ""
	}
	if n, err := strconv.Atoi(name); err == nil && n >= 0 {
		return n, ""
	}
	return -1, name
}

type chownRun struct {
	p                            *shell.Proc
	uid, gid                     int
	grp, verbose, changes, quiet bool
	noDeref                      bool
}

func (c *chownRun) operand(name string, recursive bool) bool {
	p := c.p
	stat := p.M.FS.Stat
	if c.noDeref {
		stat = p.M.FS.Lstat
	}
	info, err := stat(p.Cred(), p.Abs(name))
	if err != nil {
		c.fail(name, "cannot access %s: %s", err)
		return false
	}
	if !recursive || !info.IsDir() {
		return c.change(name, p.Abs(name), info, c.noDeref)
	}
	// -R changes a directory after what is under it (fts's post-order
	// visit), the operand last.
	ok := true
	fsWalk(p, fsEntry{Name: name, Abs: p.Abs(name), Info: info}, func(e fsEntry) {
		if e.Post && e.Err != nil {
			c.fail(e.Name, "cannot read directory %s: %s", e.Err)
			ok = false
		}
		switch {
		case e.Depth == 0 && e.Post:
			ok = c.change(name, p.Abs(name), info, c.noDeref) && ok
		case e.Depth > 0 && (e.Post || !e.Info.IsDir()):
			// Below the operand, -R never follows a symlink: it changes the link.
			ok = c.change(e.Name, e.Abs, e.Info, true) && ok
		}
	})
	return ok
}

// fail reports an error about a file, as "chown: x: Error" on Solaris.
func (c *chownRun) fail(name, gnuFormat string, err error) {
	if c.quiet {
		return
	}
	if c.p.Solaris() {
		c.p.Errorf("%s: %s", name, c.p.Strerror(err))
		return
	}
	c.p.Errorf(gnuFormat, progkit.QuoteName(c.p, name), c.p.Strerror(err))
}

func (c *chownRun) change(name, abs string, info *vfs.Info, noDeref bool) bool {
	p := c.p
	set := p.M.FS.Chown
	if noDeref {
		set = p.M.FS.Lchown
	}
	if err := set(p.Cred(), abs, c.uid, c.gid); err != nil {
		what := "changing ownership of %s: %s"
		if c.grp {
			what = "changing group of %s: %s"
		}
		c.fail(name, what, err)
		return false
	}
	if p.Solaris() || !c.verbose && !c.changes {
		return true
	}
	uid, gid := info.UID, info.GID
	newUID, newGID := uid, gid
	if c.uid >= 0 {
		newUID = c.uid
	}
	if c.gid >= 0 {
		newGID = c.gid
	}
	owner := func(u, g int) string {
		if c.grp {
			return p.M.GroupName(g)
		}
		if c.gid < 0 {
			return p.M.UserName(u)
		}
		return p.M.UserName(u) + ":" + p.M.GroupName(g)
	}
	what := "ownership"
	if c.grp {
		what = "group"
	}
	switch {
	case uid != newUID || gid != newGID:
		p.Printf("changed %s of %s from %s to %s\n", what, progkit.QuoteName(p, name), owner(uid, gid), owner(newUID, newGID))
	case c.verbose:
		p.Printf("%s of %s retained as %s\n", what, progkit.QuoteName(p, name), owner(uid, gid))
	}
	return true
}

// fsEntry is one file met by fsWalk.
type fsEntry struct {
	Name  string    // as printed: the operand, then operand/sub/...
	Abs   string    // absolute path
	Info  *vfs.Info // lstat of the file (stat of a followed operand)
	Depth int       // 0 for the operand
	Post  bool      // a directory seen again after its entries
	Err   error     // a directory that could not be listed (set on its post visit)
}

// fsWalk visits the tree under an operand in fts order: a directory before
// its entries and again after them (Post), entries sorted by name, symlinks
// never followed below the operand. It stops when the command is cancelled.
func fsWalk(p *shell.Proc, e fsEntry, fn func(fsEntry)) {
	if p.Ctx.Err() != nil {
		return
	}
	fn(e)
	if !e.Info.IsDir() {
		return
	}
	list, err := p.M.FS.ReadDir(p.Cred(), e.Abs)
	for _, c := range list {
		fsWalk(p, fsEntry{Name: fsJoin(e.Name, c.Name), Abs: path.Join(e.Abs, c.Name), Info: c, Depth: e.Depth + 1}, fn)
	}
	e.Post, e.Err = true, err
	fn(e)
}
