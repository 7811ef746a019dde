package vfs

import (
	"io/fs"
	"path"
	"strings"
	"sync/atomic"
	"syscall"
)

// The kernel's own files (/proc, /sys) are made and changed by the host as its
// state changes, not by a process: they are root's, bypass the interceptor (a
// fault acts on disks, not on procfs) and count towards no mount's usage.

// KernelFile puts a read-only file holding data at p, replacing what a
// previous KernelFile put there; missing parents become 0555 directories, as
// procfs has them.
func (f *FS) KernelFile(p string, data []byte, perm fs.FileMode) error {
	return f.kernelPut("open", p, perm&fs.ModePerm, func(n *node) {
		n.data = content{}
		n.data.writeAt(data, 0)
		n.mtime, n.ctime = f.t, f.t
	})
}

// kernelPut makes a node of mode at p, or takes the one of the same type a
// previous call put there (another type is EEXIST), and set fills it in,
// under the lock; an error is named op.
func (f *FS) kernelPut(op, p string, mode fs.FileMode, set func(n *node)) error {
	f.lock()
	defer f.mu.Unlock()
	d, name, err := f.kernelParent(p)
	if err != nil {
		return pathErr(op, p, err)
	}
	n := d.children[name]
	switch {
	case n == nil:
		n = f.newNode(mode, 0, 0, d.dev)
		f.attach(d, name, n)
	case n.mode.Type() != mode.Type():
		return pathErr(op, p, syscall.EEXIST)
	}
	set(n)
	return nil
}

// KernelDevice puts character device major:minor at p (/dev/null 1:3,
// /dev/zero 1:5, /dev/tty 5:0): it reads as empty and swallows what is
// written to it.
func (f *FS) KernelDevice(p string, perm fs.FileMode, major, minor uint32) error {
	f.lock()
	defer f.mu.Unlock()
	d, name, err := f.kernelParent(p)
	if err != nil {
		return pathErr("mknod", p, err)
	}
	if d.children[name] != nil {
		return pathErr("mknod", p, syscall.EEXIST)
	}
	n := f.newNode(fs.ModeDevice|fs.ModeCharDevice|perm&fs.ModePerm, 0, 0, d.dev)
	n.rdev = [2]uint32{major, minor}
	f.attach(d, name, n)
	return nil
}

// KernelSymlink puts a symlink to target at p, replacing a previous one.
func (f *FS) KernelSymlink(p, target string) error {
	return f.kernelSymlink(p, target, func(n *node) { n.perReader, n.guarded = false, false })
}

// KernelProcessLink puts at p a process's link to target (/proc/PID/exe,
// cwd), which only uid, the process's owner, and root may read or follow.
func (f *FS) KernelProcessLink(p, target string, uid int) error {
	return f.kernelSymlink(p, target, func(n *node) { n.perReader, n.guarded, n.guardUID = false, true, uid })
}

// kernelSymlink makes or replaces the link at p, and kind sets what sort
// of link it is, under the same lock.
func (f *FS) kernelSymlink(p, target string, kind func(n *node)) error {
	return f.kernelPut("symlink", p, fs.ModeSymlink|fs.ModePerm, func(n *node) {
		n.target = target
		kind(n)
	})
}

// KernelSelfLink puts at p a symlink each process reads as its own: every
// "{pid}" in target is the pid of the Cred that resolves it, as /proc/self
// ("{pid}") and /proc/thread-self ("{pid}/task/{pid}") are.
func (f *FS) KernelSelfLink(p, target string) error {
	return f.kernelSymlink(p, target, func(n *node) { n.perReader, n.guarded = true, false })
}

// KernelRemove takes p and everything under it away, as /proc/PID goes when
// the process ends. A missing p is no error.
func (f *FS) KernelRemove(p string) {
	f.lock()
	defer f.mu.Unlock()
	d, name, err := f.kernelParent(p)
	if err != nil || d.children[name] == nil {
		return
	}
	n := d.children[name]
	var forget func(n *node)
	forget = func(n *node) {
		n.data = content{} // never accounted, so nothing to give back
		for _, c := range n.children {
			forget(c)
		}
	}
	forget(n)
	f.detach(d, name, n)
}

// kernelParent walks to p's directory, making missing ones, without
// following symlinks (the kernel's paths have none on the way).
func (f *FS) kernelParent(p string) (*node, string, error) {
	if !path.IsAbs(p) || path.Clean(p) == "/" {
		return nil, "", syscall.EINVAL
	}
	parts := split(path.Clean(p))
	d := f.root
	for _, name := range parts[:len(parts)-1] {
		n := d.children[name]
		if n == nil {
			n = f.newNode(fs.ModeDir|0o555, 0, 0, d.dev)
			f.attach(d, name, n)
		}
		if !n.mode.IsDir() {
			return nil, "", syscall.ENOTDIR
		}
		d = n
	}
	return d, parts[len(parts)-1], nil
}

// kernelRead is the tree written on demand (OnKernelRead).
type kernelRead struct {
	name    string // the directory under / whose reads refresh it: "proc"
	refresh func()
	stale   atomic.Bool // changed since the last refresh (KernelChanged)
}

// OnKernelRead makes refresh run before any read whose path reaches the
// directory /name (/proc), following symlinks as the read will (/dev/fd,
// /etc/mtab, /proc/self), without the filesystem's lock held: refresh writes
// that tree as the host is now with the Kernel writers. So /proc/PID is
// written when someone looks, not on every change of the process table,
// which most commands never read. Until KernelChanged says the tree is
// stale, only paths under /name itself refresh it (its clocks: uptime).
func (f *FS) OnKernelRead(name string, refresh func()) {
	f.kernelRead.Store(&kernelRead{name: name, refresh: refresh})
}

// KernelChanged says that the tree OnKernelRead registered is stale: the
// next read that reaches it refreshes it.
func (f *FS) KernelChanged() {
	if kr := f.kernelRead.Load(); kr != nil {
		kr.stale.Store(true)
	}
}

func (f *FS) refreshKernel(c Cred, p string) {
	kr := f.kernelRead.Load()
	if kr == nil {
		return
	}
	under := strings.HasPrefix(p, "/"+kr.name) && (len(p) == len(kr.name)+1 || p[len(kr.name)+1] == '/')
	if under || kr.stale.Load() && f.reaches(c, p, kr.name) {
		kr.stale.Store(false)
		kr.refresh()
	}
}

// reaches reports whether resolving p as c passes through the directory
// /name, following symlinks as lookup does, a last one too (lstat of a link
// into the tree refreshes it needlessly, never wrongly); permissions are
// lookup's to check.
func (f *FS) reaches(c Cred, p, name string) bool {
	if !path.IsAbs(p) {
		return false
	}
	f.mu.RLock()
	defer f.mu.RUnlock()
	tree := f.kids(f.root)[name]
	if tree == nil {
		return false
	}
	comps := split(path.Clean(p))
	cur := f.root
	for links := 0; len(comps) > 0; {
		if cur == tree {
			return true
		}
		step := comps[0]
		comps = comps[1:]
		if !cur.mode.IsDir() {
			return false
		}
		next := f.kids(cur)[step]
		if step == ".." {
			next = cur.parent
		}
		switch {
		case next == nil:
			return false
		case next.mode&fs.ModeSymlink != 0:
			if links++; links > maxSymlinks {
				return false
			}
			target, errno := next.linkTarget(c)
			if errno != 0 {
				return false
			}
			if strings.HasPrefix(target, "/") {
				cur = f.root
			}
			comps = append(split(target), comps...)
		default:
			cur = next
		}
	}
	return cur == tree
}

// KernelDir makes p a directory of the kernel's, empty until something is
// put in it (/sys/block on a host with no disk, /sys/fs/cgroup), its missing
// parents as KernelFile makes them.
func (f *FS) KernelDir(p string) error {
	f.lock()
	defer f.mu.Unlock()
	if _, _, err := f.kernelParent(path.Join(p, "x")); err != nil {
		return pathErr("mkdir", p, err)
	}
	return nil
}
