// Package vfs is the simulated host's filesystem: one in-memory tree with
// POSIX owners, modes and permission checks, so commands fail where a real
// host would.
//
// Every path argument is absolute and slash-separated; it is cleaned with
// path.Clean, and a relative path fails with EINVAL. Errors are
// *fs.PathError values wrapping a syscall.Errno, with Op named after the
// system call and Path as the caller gave it (for two-path operations, the
// path the error is about).
package vfs

import (
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// maxSymlinks is Linux's MAXSYMLINKS.
const maxSymlinks = 40

// modeBits are the mode bits callers may set with Chmod and at creation.
const modeBits = fs.ModePerm | fs.ModeSetuid | fs.ModeSetgid | fs.ModeSticky

// FS is the simulated filesystem. It is safe for concurrent use.
type FS struct {
	mu      sync.RWMutex
	now     func() time.Time
	t       time.Time // the clock as the current modifying operation read it, see lock
	root    *node
	nextIno uint64
	mounts  []*mount // indexed by device id; mounts[0] is "/"
	// expandMu serialises copying directories' entries from an Image (kids).
	expandMu sync.Mutex
	linked   map[*imageNode]*node // hard-linked image files already copied, under expandMu

	interceptor atomic.Pointer[Interceptor]
	kernelRead  atomic.Pointer[kernelRead] // see OnKernelRead
}

// node is an inode: a directory entry points at it, hard links share it.
type node struct {
	ino                 uint64
	mode                fs.FileMode
	uid, gid            int
	nlink               int
	atime, mtime, ctime time.Time
	dev                 uint64
	rdev                [2]uint32        // devices: the major and minor number
	data                content          // regular files
	target              string           // symlinks
	children            map[string]*node // directories
	parent              *node            // directories: the one directory holding them
	// perReader marks a link whose target depends on who reads it, as
	// /proc/self: each "{pid}" in target is the reader's pid.
	perReader bool
	// guarded marks a process's link (/proc/PID/exe, cwd) that only the
	// process's owner, guardUID, and root may read or follow: the kernel's
	// ptrace check.
	guarded  bool
	guardUID int
	// From an Image: a directory whose entries are not copied yet (see kids).
	// A file's bytes from an image are in data, shared until changed.
	pending atomic.Pointer[imageNode]
}

// New returns a filesystem holding only "/" (0:0, mode 0755) on the root
// mount.
func New() *FS {
	f := &FS{now: time.Now, t: time.Now(), nextIno: 2}
	f.root = f.newNode(fs.ModeDir|0o755, 0, 0, 0)
	f.root.parent = f.root
	f.mounts = []*mount{{
		Mount: Mount{Path: "/", Device: "/dev/vda1", FSType: "ext4", SizeBytes: 20 << 30},
		root:  f.root,
	}}
	return f
}

// SetClock sets the clock used for file times; it defaults to time.Now. Set
// it before populating the tree: New stamps "/" with time.Now.
func (f *FS) SetClock(now func() time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now = now
}

// lock takes the write lock and reads the clock once, so that everything an
// operation changes gets the same time, as on a real kernel.
func (f *FS) lock() {
	f.mu.Lock()
	f.t = f.now()
}

func (f *FS) newNode(mode fs.FileMode, uid, gid int, dev uint64) *node {
	n := &node{ino: f.nextIno, mode: mode, uid: uid, gid: gid, dev: dev, atime: f.t, mtime: f.t, ctime: f.t}
	f.nextIno++
	if mode.IsDir() {
		n.nlink = 2
		n.children = map[string]*node{}
	}
	return n
}

// attach adds n to d as name.
func (f *FS) attach(d *node, name string, n *node) {
	d.children[name] = n
	d.mtime, d.ctime = f.t, f.t
	if n.mode.IsDir() {
		d.nlink++
		n.parent = d
	} else {
		n.nlink++
	}
}

// detach removes entry name, which is n, from d.
func (f *FS) detach(d *node, name string, n *node) {
	delete(d.children, name)
	d.mtime, d.ctime, n.ctime = f.t, f.t, f.t
	if n.mode.IsDir() {
		d.nlink--
		n.nlink = 0
		f.mounts[n.dev].nodes--
		return
	}
	if n.nlink--; n.nlink == 0 {
		f.mounts[n.dev].nodes--
		if n.mode.IsRegular() {
			f.mounts[n.dev].used -= n.data.len()
		}
	}
}

// create makes a new entry of d owned by c, taking d's group if d is setgid;
// the caller has checked roomForNode.
func (f *FS) create(c Cred, d *node, name string, mode fs.FileMode) *node {
	c = f.eff(c, d)
	gid := c.GID
	if d.mode&fs.ModeSetgid != 0 {
		gid = d.gid
		if mode.IsDir() {
			mode |= fs.ModeSetgid
		}
	}
	n := f.newNode(mode, c.UID, gid, d.dev)
	f.mounts[d.dev].nodes++
	f.attach(d, name, n)
	return n
}

// walk is a resolved path.
type walk struct {
	dir  *node  // directory holding the final entry; nil if the path names "/" or ends in ".." via a symlink
	name string // final entry's name
	n    *node  // the final entry; nil if it does not exist
}

// lookup resolves p for c, following a final symlink if follow is set. A
// missing final entry is not an error: walk.n is then nil.
func (f *FS) lookup(c Cred, p string, follow bool) (walk, error) {
	if p == "" {
		return walk{}, syscall.ENOENT // the kernel's answer for an empty path
	}
	if !path.IsAbs(p) {
		return walk{}, syscall.EINVAL
	}
	comps := split(path.Clean(p))
	cur := f.root
	for links := 0; len(comps) > 0; {
		name := comps[0]
		comps = comps[1:]
		if !cur.mode.IsDir() {
			return walk{}, syscall.ENOTDIR
		}
		if !f.can(c, cur, AccessExec) {
			return walk{}, syscall.EACCES
		}
		next := f.kids(cur)[name]
		if name == ".." {
			next = cur.parent
		}
		last := len(comps) == 0
		if next == nil {
			if !last {
				return walk{}, syscall.ENOENT
			}
			return walk{dir: cur, name: name}, nil
		}
		if next.mode&fs.ModeSymlink != 0 && (!last || follow) {
			if links++; links > maxSymlinks {
				return walk{}, syscall.ELOOP
			}
			target, errno := next.linkTarget(c)
			if errno != 0 {
				return walk{}, errno
			}
			if strings.HasPrefix(target, "/") {
				cur = f.root
			}
			// Not cleaned: ".." in a target is physical, relative to cur.
			comps = append(split(target), comps...)
			continue
		}
		if last {
			if name == ".." {
				return walk{n: next}, nil
			}
			return walk{dir: cur, name: name, n: next}, nil
		}
		cur = next
	}
	return walk{n: cur}, nil
}

// split returns p's components, without empty and "." ones.
func split(p string) []string {
	var out []string
	for s := range strings.SplitSeq(p, "/") {
		if s != "" && s != "." {
			out = append(out, s)
		}
	}
	return out
}

// existing resolves p to a node that must exist.
func (f *FS) existing(c Cred, p string, follow bool) (walk, error) {
	w, err := f.lookup(c, p, follow)
	if err == nil && w.n == nil {
		err = syscall.ENOENT
	}
	return w, err
}

func pathErr(op, p string, err error) error {
	if err == nil {
		return nil
	}
	return &fs.PathError{Op: op, Path: p, Err: err}
}

// look runs fn on what p names (follow: through a final symlink), under the
// read lock, once the fault hooks have had their say: the protocol of every
// operation that reads. An errno, the lookup's or fn's, is named with op and p.
func (f *FS) look(op string, c Cred, p string, follow bool, fn func(c Cred, w walk) error) error {
	c, err := f.intercept(op, c, p, false)
	if err != nil {
		return pathErr(op, p, err)
	}
	f.mu.RLock()
	defer f.mu.RUnlock()
	w, err := f.existing(c, p, follow)
	if err == nil {
		err = fn(c, w)
	}
	return pathErr(op, p, err)
}

// write runs fn under the write lock once the fault hooks have had their say
// on p: the protocol of every operation that changes the tree at one path.
// An errno, the hooks' or fn's, is named with op and p.
func (f *FS) write(op string, c Cred, p string, fn func(c Cred) error) error {
	c, err := f.intercept(op, c, p, true)
	if err == nil {
		f.lock()
		defer f.mu.Unlock()
		err = fn(c)
	}
	return pathErr(op, p, err)
}

// change is write for chmod, chown and utimes: fn changes the inode p names
// (follow: through a final symlink) if its mount is writable, and the change
// time is marked.
func (f *FS) change(op string, c Cred, p string, follow bool, fn func(c Cred, n *node) error) error {
	return f.write(op, c, p, func(c Cred) error {
		w, err := f.existing(c, p, follow)
		switch {
		case err != nil:
		case f.mounts[w.n.dev].ReadOnly:
			err = syscall.EROFS
		default:
			err = fn(c, w.n)
		}
		if err == nil {
			w.n.ctime = f.t
		}
		return err
	})
}

// baseName is the Info.Name for path p.
func baseName(p string) string { return path.Base(path.Clean(p)) }

// Stat describes the file p names, following symlinks.
func (f *FS) Stat(c Cred, p string) (*Info, error) {
	return f.stat("stat", c, p, true)
}

// Lstat is Stat without following a final symlink.
func (f *FS) Lstat(c Cred, p string) (*Info, error) {
	return f.stat("lstat", c, p, false)
}

func (f *FS) stat(op string, c Cred, p string, follow bool) (info *Info, err error) {
	err = f.look(op, c, p, follow, func(c Cred, w walk) error {
		info = w.n.infoFor(c, baseName(p))
		return nil
	})
	return info, err
}

// ReadFile returns the contents of file p.
func (f *FS) ReadFile(c Cred, p string) ([]byte, error) {
	c, err := f.intercept("open", c, p, false)
	if err != nil {
		return nil, pathErr("open", p, err)
	}
	f.mu.RLock()
	defer f.mu.RUnlock()
	w, err := f.existing(c, p, true)
	if err != nil {
		return nil, pathErr("open", p, err)
	}
	if !f.can(c, w.n, AccessRead) {
		return nil, pathErr("open", p, syscall.EACCES)
	}
	if w.n.mode.IsDir() {
		return nil, pathErr("read", p, syscall.EISDIR)
	}
	return w.n.data.bytes(), nil
}

// WriteFile creates p with mode perm (no umask) or truncates it, then
// writes data.
func (f *FS) WriteFile(c Cred, p string, data []byte, perm fs.FileMode) error {
	h, err := f.OpenFile(c, p, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_TRUNC, perm)
	if err != nil {
		return err
	}
	_, err = h.Write(data)
	if cerr := h.Close(); err == nil {
		err = cerr
	}
	return err
}

// Mkdir creates directory p with mode perm (permission and sticky bits).
func (f *FS) Mkdir(c Cred, p string, perm fs.FileMode) error {
	return f.write("mkdir", c, p, func(c Cred) error { return f.mkdir(c, p, perm) })
}

func (f *FS) mkdir(c Cred, p string, perm fs.FileMode) error {
	w, err := f.vacant(c, p)
	if err != nil {
		return err
	}
	f.create(c, w.dir, w.name, fs.ModeDir|perm&(fs.ModePerm|fs.ModeSticky))
	return nil
}

// vacant looks up where mkdir or symlink makes a new entry p: nothing may be
// there yet, and c must be allowed to add it to its directory.
func (f *FS) vacant(c Cred, p string) (walk, error) {
	w, err := f.lookup(c, p, false)
	switch {
	case err != nil:
	case w.n != nil || w.dir == nil:
		err = syscall.EEXIST
	default:
		err = f.mayModify(c, w.dir)
	}
	if err == nil {
		err = f.roomForNode(w.dir)
	}
	return w, err
}

// MkdirAll creates p and any missing parents, like mkdir -p. An error names
// the component that could not be created.
func (f *FS) MkdirAll(c Cred, p string, perm fs.FileMode) error {
	c, err := f.intercept("mkdir", c, p, true)
	if err != nil {
		return pathErr("mkdir", p, err)
	}
	if !path.IsAbs(p) {
		return pathErr("mkdir", p, syscall.EINVAL)
	}
	f.lock()
	defer f.mu.Unlock()
	cur := "/"
	for _, name := range split(path.Clean(p)) {
		cur = path.Join(cur, name)
		w, err := f.lookup(c, cur, true)
		switch {
		case err != nil:
		case w.n == nil:
			err = f.mkdir(c, cur, perm)
		case !w.n.mode.IsDir():
			err = syscall.ENOTDIR
		}
		if err != nil {
			return pathErr("mkdir", cur, err)
		}
	}
	return nil
}

// Unlink removes the non-directory p; a final symlink itself is removed.
func (f *FS) Unlink(c Cred, p string) error {
	return f.write("unlink", c, p, func(c Cred) error {
		w, err := f.existing(c, p, false)
		if err == nil && w.n.mode.IsDir() {
			err = syscall.EISDIR
		}
		if err == nil {
			err = f.mayRemove(c, w.dir, w.n)
		}
		if err == nil {
			f.detach(w.dir, w.name, w.n)
		}
		return err
	})
}

// Rmdir removes the empty directory p.
func (f *FS) Rmdir(c Cred, p string) error {
	return f.write("rmdir", c, p, func(c Cred) error { return f.rmdir(c, p) })
}

func (f *FS) rmdir(c Cred, p string) error {
	w, err := f.existing(c, p, false)
	if err != nil {
		return err
	}
	if w.dir == nil {
		return syscall.EBUSY
	}
	if err := f.mayRemove(c, w.dir, w.n); err != nil {
		return err
	}
	switch {
	case !w.n.mode.IsDir():
		return syscall.ENOTDIR
	case f.isMountRoot(w.n):
		return syscall.EBUSY
	case len(f.kids(w.n)) > 0:
		return syscall.ENOTEMPTY
	}
	f.detach(w.dir, w.name, w.n)
	return nil
}

// isMountRoot reports whether n is the root of a mount other than "/".
func (f *FS) isMountRoot(n *node) bool {
	return n.mode.IsDir() && n != f.root && n.parent.dev != n.dev
}

// holdsMount reports whether n is or contains the root of a mount other
// than "/". Such a directory may not move, which keeps mount paths true.
func (f *FS) holdsMount(n *node) bool {
	for _, m := range f.mounts[1:] {
		for d := m.root; d != f.root; d = d.parent {
			if d == n {
				return true
			}
		}
	}
	return false
}

// Rename moves oldp to newp with rename(2) semantics: newp is replaced if it
// exists and is compatible, renaming a file onto a hard link of itself does
// nothing. Moving a mount point or a directory holding one is EBUSY.
func (f *FS) Rename(c Cred, oldp, newp string) error {
	c, err := f.intercept("rename", c, oldp, true)
	if err != nil {
		return pathErr("rename", oldp, err)
	}
	// The destination is written too: a read-only or full target refuses it.
	if c, err = f.intercept("rename", c, newp, true); err != nil {
		return pathErr("rename", newp, err)
	}
	f.lock()
	defer f.mu.Unlock()
	ow, err := f.existing(c, oldp, false)
	if err != nil {
		return pathErr("rename", oldp, err)
	}
	nw, err := f.lookup(c, newp, false)
	if err != nil {
		return pathErr("rename", newp, err)
	}
	if ow.dir == nil || nw.dir == nil {
		return pathErr("rename", oldp, syscall.EBUSY)
	}
	on, nn := ow.n, nw.n
	if ow.dir.dev != nw.dir.dev {
		return pathErr("rename", newp, syscall.EXDEV)
	}
	if f.mounts[ow.dir.dev].ReadOnly {
		return pathErr("rename", oldp, syscall.EROFS)
	}
	if on == nn {
		return nil // before any permission check, as Linux does
	}
	if err := f.mayRemove(c, ow.dir, on); err != nil {
		return pathErr("rename", oldp, err)
	}
	if err := f.mayModify(c, nw.dir); err != nil {
		return pathErr("rename", newp, err)
	}
	if nn != nil && !f.stickyOK(c, nw.dir, nn) {
		return pathErr("rename", newp, syscall.EPERM)
	}
	if f.holdsMount(on) || nn != nil && f.holdsMount(nn) {
		return pathErr("rename", oldp, syscall.EBUSY)
	}
	if on.mode.IsDir() {
		// Moving a directory elsewhere rewrites its "..".
		if nw.dir != ow.dir && !f.can(c, on, AccessWrite) {
			return pathErr("rename", oldp, syscall.EACCES)
		}
		for d := nw.dir; ; d = d.parent {
			if d == on {
				return pathErr("rename", newp, syscall.EINVAL)
			}
			if d == f.root {
				break
			}
		}
		if nn != nil && !nn.mode.IsDir() {
			return pathErr("rename", newp, syscall.ENOTDIR)
		}
		if nn != nil && len(f.kids(nn)) > 0 {
			return pathErr("rename", newp, syscall.ENOTEMPTY)
		}
	} else if nn != nil && nn.mode.IsDir() {
		return pathErr("rename", newp, syscall.EISDIR)
	}

	if nn != nil {
		f.detach(nw.dir, nw.name, nn)
	}
	delete(ow.dir.children, ow.name)
	if on.mode.IsDir() {
		ow.dir.nlink--
	} else {
		on.nlink--
	}
	f.attach(nw.dir, nw.name, on)
	ow.dir.mtime, ow.dir.ctime, on.ctime = f.t, f.t, f.t
	return nil
}

// Symlink creates link as a symlink to target, which is stored verbatim.
func (f *FS) Symlink(c Cred, target, link string) error {
	return f.write("symlink", c, link, func(c Cred) error {
		if target == "" {
			return syscall.ENOENT
		}
		w, err := f.vacant(c, link)
		if err == nil {
			f.create(c, w.dir, w.name, fs.ModeSymlink|fs.ModePerm).target = target
		}
		return err
	})
}

// Readlink returns the target of symlink p.
func (f *FS) Readlink(c Cred, p string) (target string, err error) {
	err = f.look("readlink", c, p, false, func(c Cred, w walk) error {
		if w.n.mode&fs.ModeSymlink == 0 {
			return syscall.EINVAL
		}
		var errno syscall.Errno
		target, errno = w.n.linkTarget(c)
		if errno != 0 {
			return errno
		}
		return nil
	})
	return target, err
}

// Link makes newp a hard link to the non-directory oldp (a final symlink is
// linked itself, not followed).
func (f *FS) Link(c Cred, oldp, newp string) error {
	c, err := f.intercept("link", c, newp, true)
	if err != nil {
		return pathErr("link", newp, err)
	}
	f.lock()
	defer f.mu.Unlock()
	ow, err := f.existing(c, oldp, false)
	if err == nil && ow.n.mode.IsDir() {
		err = syscall.EPERM
	}
	if err != nil {
		return pathErr("link", oldp, err)
	}
	nw, err := f.lookup(c, newp, false)
	switch {
	case err != nil:
	case nw.n != nil || nw.dir == nil:
		err = syscall.EEXIST
	case ow.n.dev != nw.dir.dev:
		err = syscall.EXDEV
	case !f.mayHardlink(c, ow.n):
		err = syscall.EPERM
	default:
		err = f.mayModify(c, nw.dir)
	}
	if err != nil {
		return pathErr("link", newp, err)
	}
	f.attach(nw.dir, nw.name, ow.n)
	ow.n.ctime = f.t
	return nil
}

// Chmod sets p's permission, setuid, setgid and sticky bits; only the owner
// or root may.
func (f *FS) Chmod(c Cred, p string, mode fs.FileMode) error {
	return f.change("chmod", c, p, true, func(c Cred, n *node) error {
		e := f.eff(c, n)
		if !e.IsRoot() && e.UID != n.uid {
			return syscall.EPERM
		}
		mode &= modeBits
		// Like Linux, a non-member may not make a file setgid to a group: the
		// bit is silently dropped.
		if !e.IsRoot() && !n.mode.IsDir() && !e.InGroup(n.gid) {
			mode &^= fs.ModeSetgid
		}
		n.mode = n.mode.Type() | mode
		return nil
	})
}

// Chown sets p's owner and group (-1 leaves one unchanged), following
// symlinks. Only root changes the owner; the owner may set the group to one
// of his groups.
func (f *FS) Chown(c Cred, p string, uid, gid int) error {
	return f.chown("chown", c, p, uid, gid, true)
}

// Lchown is Chown on a final symlink itself.
func (f *FS) Lchown(c Cred, p string, uid, gid int) error {
	return f.chown("lchown", c, p, uid, gid, false)
}

func (f *FS) chown(op string, c Cred, p string, uid, gid int, follow bool) error {
	return f.change(op, c, p, follow, func(c Cred, n *node) error {
		switch {
		case c.IsRoot() && f.mounts[n.dev].RootSquash:
			return syscall.EPERM
		case !c.IsRoot() && (c.UID != n.uid || uid != -1 && uid != n.uid || gid != -1 && gid != n.gid && !c.InGroup(gid)):
			return syscall.EPERM
		}
		if uid != -1 {
			n.uid = uid
		}
		if gid != -1 {
			n.gid = gid
		}
		// Like Linux, a chown drops setuid, and setgid if it means
		// group-executable, from non-directories.
		if (uid != -1 || gid != -1) && !n.mode.IsDir() {
			n.mode &^= fs.ModeSetuid
			if n.mode&0o010 != 0 {
				n.mode &^= fs.ModeSetgid
			}
		}
		return nil
	})
}

// Chtimes sets p's access and modification times; a zero time leaves that
// time unchanged. The owner, root or anyone who may write p may.
func (f *FS) Chtimes(c Cred, p string, atime, mtime time.Time) error {
	return f.chtimes(c, p, atime, mtime, true)
}

// Lchtimes is Chtimes on a final symlink itself (touch -h).
func (f *FS) Lchtimes(c Cred, p string, atime, mtime time.Time) error {
	return f.chtimes(c, p, atime, mtime, false)
}

func (f *FS) chtimes(c Cred, p string, atime, mtime time.Time, follow bool) error {
	return f.change("utimes", c, p, follow, func(c Cred, n *node) error {
		if e := f.eff(c, n); !e.IsRoot() && e.UID != n.uid && !f.can(c, n, AccessWrite) {
			return syscall.EPERM
		}
		if !atime.IsZero() {
			n.atime = atime
		}
		if !mtime.IsZero() {
			n.mtime = mtime
		}
		return nil
	})
}

// ReadDir lists directory p sorted by name; it needs read and search
// permission on p.
func (f *FS) ReadDir(c Cred, p string) (list []*Info, err error) {
	err = f.look("opendir", c, p, true, func(c Cred, w walk) error {
		switch {
		case !w.n.mode.IsDir():
			return syscall.ENOTDIR
		case !f.can(c, w.n, AccessRead|AccessExec):
			return syscall.EACCES
		}
		list = f.list(c, w.n)
		return nil
	})
	return list, err
}

// list describes d's entries as c sees them, sorted by name.
func (f *FS) list(c Cred, d *node) []*Info {
	kids := f.kids(d)
	out := make([]*Info, 0, len(kids))
	for _, name := range slices.Sorted(maps.Keys(kids)) {
		out = append(out, kids[name].infoFor(c, name))
	}
	return out
}

// Access checks c's access to p like access(2): mode is an OR of
// AccessRead, AccessWrite and AccessExec, or 0 to test existence.
func (f *FS) Access(c Cred, p string, mode uint32) error {
	return f.look("access", c, p, true, func(c Cred, w walk) error {
		switch {
		case mode&^7 != 0:
			return syscall.EINVAL
		case mode&AccessWrite != 0 && f.mounts[w.n.dev].ReadOnly:
			return syscall.EROFS
		case !f.can(c, w.n, mode):
			return syscall.EACCES
		}
		return nil
	})
}

// Realpath returns p with every symlink, "." and ".." resolved.
func (f *FS) Realpath(c Cred, p string) (resolved string, err error) {
	err = f.look("realpath", c, p, true, func(_ Cred, w walk) error {
		if w.dir == nil || w.n.mode.IsDir() {
			resolved = f.pathOf(w.n)
		} else {
			resolved = path.Join(f.pathOf(w.dir), w.name)
		}
		return nil
	})
	return resolved, err
}

// pathOf returns the absolute path of directory d.
func (f *FS) pathOf(d *node) string {
	var names []string
	for ; d != f.root; d = d.parent {
		for name, ch := range f.kids(d.parent) {
			if ch == d {
				names = append(names, name)
				break
			}
		}
	}
	slices.Reverse(names)
	return "/" + strings.Join(names, "/")
}
