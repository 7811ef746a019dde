package vfs

import (
	"io/fs"
	"slices"
	"syscall"
)

// Cred is the identity an operation runs as.
type Cred struct {
	UID, GID int
	Groups   []int // supplementary groups
	// PID is the process that asks, the one /proc/self names to it; 0 for
	// the host's own look, to which /proc/self names nothing.
	PID int
}

// Root is uid 0, gid 0.
var Root = Cred{}

// nobody is what root becomes on a root-squashed mount.
var nobody = Cred{UID: 65534, GID: 65534}

// IsRoot reports whether c is uid 0.
func (c Cred) IsRoot() bool { return c.UID == 0 }

// InGroup reports whether gid is c's primary or a supplementary group.
func (c Cred) InGroup(gid int) bool { return c.GID == gid || slices.Contains(c.Groups, gid) }

// Access mode bits, as for access(2).
const (
	AccessExec  uint32 = 1 // X_OK
	AccessWrite uint32 = 2 // W_OK
	AccessRead  uint32 = 4 // R_OK
)

// eff is the identity c acts as on n's mount.
func (f *FS) eff(c Cred, n *node) Cred {
	if c.IsRoot() && f.mounts[n.dev].RootSquash {
		return nobody
	}
	return c
}

// can reports whether c has all the access bits in want on n.
func (f *FS) can(c Cred, n *node, want uint32) bool {
	c = f.eff(c, n)
	perm := uint32(n.mode.Perm())
	if c.IsRoot() {
		// Root may read and write anything and search any directory, but
		// only executes files that someone may execute.
		return want&AccessExec == 0 || n.mode.IsDir() || perm&0o111 != 0
	}
	var bits uint32
	switch {
	case c.UID == n.uid:
		bits = perm >> 6
	case c.InGroup(n.gid):
		bits = perm >> 3
	default:
		bits = perm
	}
	return bits&want == want
}

// mayModify checks that c may add or remove entries of directory d.
func (f *FS) mayModify(c Cred, d *node) error {
	if f.mounts[d.dev].ReadOnly {
		return syscall.EROFS
	}
	if !f.can(c, d, AccessWrite|AccessExec) {
		return syscall.EACCES
	}
	return nil
}

// stickyOK reports whether c may remove or replace entry n of d: in a sticky
// directory only n's owner, d's owner or root may.
func (f *FS) stickyOK(c Cred, d, n *node) bool {
	if d.mode&fs.ModeSticky == 0 {
		return true
	}
	c = f.eff(c, d)
	return c.IsRoot() || c.UID == n.uid || c.UID == d.uid
}

// mayHardlink is Linux's fs.protected_hardlinks = 1 (Debian's default,
// may_linkat): a user may link a file of someone else's only if it is a
// regular file, neither setuid nor setgid-executable, that the user may read
// and write.
func (f *FS) mayHardlink(c Cred, n *node) bool {
	c = f.eff(c, n)
	if c.IsRoot() || c.UID == n.uid {
		return true
	}
	if !n.mode.IsRegular() || n.mode&fs.ModeSetuid != 0 || n.mode&fs.ModeSetgid != 0 && n.mode&0o010 != 0 {
		return false
	}
	return f.can(c, n, AccessRead|AccessWrite)
}

// mayRemove checks that c may remove entry n of directory d.
func (f *FS) mayRemove(c Cred, d, n *node) error {
	if err := f.mayModify(c, d); err != nil {
		return err
	}
	if !f.stickyOK(c, d, n) {
		return syscall.EPERM
	}
	return nil
}

// UnixMode returns m's permission, setuid, setgid and sticky bits as the
// octal number chmod takes and stat prints, e.g. 04755.
func UnixMode(m fs.FileMode) uint32 {
	o := uint32(m.Perm())
	if m&fs.ModeSetuid != 0 {
		o |= 0o4000
	}
	if m&fs.ModeSetgid != 0 {
		o |= 0o2000
	}
	if m&fs.ModeSticky != 0 {
		o |= 0o1000
	}
	return o
}

// FromUnixMode turns chmod's octal, e.g. 01777, into Go mode bits.
func FromUnixMode(o uint32) fs.FileMode {
	m := fs.FileMode(o) & fs.ModePerm
	if o&0o4000 != 0 {
		m |= fs.ModeSetuid
	}
	if o&0o2000 != 0 {
		m |= fs.ModeSetgid
	}
	if o&0o1000 != 0 {
		m |= fs.ModeSticky
	}
	return m
}
