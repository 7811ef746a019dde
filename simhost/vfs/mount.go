package vfs

import (
	"io/fs"
	"path"
	"slices"
	"strings"
	"syscall"
)

// Mount is a subtree with its own rules, like a mounted filesystem.
type Mount struct {
	Path      string // absolute directory; created (0755, root) if missing
	Device    string // "/dev/sda1", "nfs01:/export/data"
	FSType    string // "ext4", "nfs", "zfs", "tmpfs"
	SizeBytes int64  // total size reported by df (0: 10 GiB)
	// SystemBytes are taken by files the host does not hold (the installed
	// system): df counts them as used, and writes may fill only what is left
	// of SizeBytes. Every byte a host holds is in memory, so a big disk with
	// little free space is how a host looks real and stays cheap.
	SystemBytes int64
	ReadOnly    bool // every modification under it fails with EROFS
	// RootSquash makes uid 0 act as nobody (65534:65534, no supplementary
	// groups) for permission checks and ownership of what it creates; chown
	// by squashed root is EPERM.
	RootSquash bool
	// QuotaBytes, if not 0, caps the total size of regular files under the
	// mount: a write past it writes what fits and fails with ENOSPC.
	QuotaBytes int64
}

// mount is a Mount's state; its index in FS.mounts is its device id.
type mount struct {
	Mount
	root *node
	used int64 // bytes of linked regular files
	// nodes is how many inodes were made on the mount since its free inodes
	// were set, less those removed; inodesFree bounds it (0: no bound).
	nodes, inodesFree int64
}

// AddMount mounts m. Whatever already lies under m.Path becomes part of the
// new mount (unless it is on another mount), so a host can be populated
// before or after its mounts are added.
func (f *FS) AddMount(m Mount) error {
	if !path.IsAbs(m.Path) {
		return pathErr("mount", m.Path, syscall.EINVAL)
	}
	m.Path = path.Clean(m.Path)
	if m.SizeBytes == 0 {
		m.SizeBytes = 10 << 30
	}
	f.lock()
	defer f.mu.Unlock()
	for _, x := range f.mounts {
		if x.Path == m.Path {
			return pathErr("mount", m.Path, syscall.EBUSY)
		}
	}
	d := f.root
	for _, name := range split(m.Path) {
		n := f.kids(d)[name]
		switch {
		case n == nil:
			n = f.newNode(fs.ModeDir|0o755, 0, 0, d.dev)
			f.attach(d, name, n)
		case !n.mode.IsDir():
			return pathErr("mount", m.Path, syscall.ENOTDIR)
		}
		d = n
	}
	f.mounts = append(f.mounts, &mount{Mount: m, root: d})
	f.adopt(d, d.dev, uint64(len(f.mounts)-1))
	return nil
}

// adopt moves n and what lies under it on device from to device to.
func (f *FS) adopt(n *node, from, to uint64) {
	if n.dev != from {
		return // another mount, or a hard link already moved
	}
	n.dev = to
	if n.mode.IsRegular() && n.nlink > 0 {
		f.mounts[from].used -= n.data.len()
		f.mounts[to].used += n.data.len()
	}
	for _, c := range f.kids(n) {
		f.adopt(c, from, to)
	}
}

// Mounts returns the mounts sorted by path, "/" first.
func (f *FS) Mounts() []Mount {
	f.mu.RLock()
	defer f.mu.RUnlock()
	out := make([]Mount, len(f.mounts))
	for i, m := range f.mounts {
		out[i] = m.Mount
	}
	slices.SortFunc(out, func(a, b Mount) int { return strings.Compare(a.Path, b.Path) })
	return out
}

// MountOf returns the mount path p lies on, by longest prefix without
// resolving symlinks.
func (f *FS) MountOf(p string) Mount {
	f.mu.RLock()
	defer f.mu.RUnlock()
	return f.mountOf(p).Mount
}

func (f *FS) mountOf(p string) *mount {
	p = path.Clean("/" + p)
	best := f.mounts[0]
	for _, m := range f.mounts[1:] {
		if (p == m.Path || strings.HasPrefix(p, m.Path+"/")) && len(m.Path) > len(best.Path) {
			best = m
		}
	}
	return best
}

// Usage returns the bytes used on the mount p lies on, as df counts them
// (its regular files, each inode counted once, and its SystemBytes), and
// that mount.
func (f *FS) Usage(p string) (usedBytes int64, m Mount) {
	f.mu.RLock()
	defer f.mu.RUnlock()
	mt := f.mountOf(p)
	return mt.used + mt.SystemBytes, mt.Mount
}

// SetFree makes the mount at mountPath have free bytes left for writes, its
// size being what it holds (and its SystemBytes) plus those: df then shows
// the disk of an installed system with that much room, as a real host's
// (or container's) df shows its own disk, not a fixed size mostly used. What
// is held is counted in whole 4 KiB blocks, as a filesystem's use is.
func (f *FS) SetFree(mountPath string, free int64) error {
	f.lock()
	defer f.mu.Unlock()
	for _, m := range f.mounts {
		if m.Path == path.Clean(mountPath) {
			held := m.used + m.SystemBytes
			m.SystemBytes += (4096 - held%4096) % 4096
			m.SizeBytes = m.used + m.SystemBytes + free
			return nil
		}
	}
	return pathErr("statfs", mountPath, syscall.EINVAL)
}

// bytesPerInode is mke2fs's default inode ratio: one inode per 16 KiB.
const bytesPerInode = 16 << 10

// SetFreeInodes makes the mount at mountPath have free inodes left for new
// files, directories and links: past them, creating one fails with ENOSPC, as
// on an ext4 filesystem whose inode table is full. Every inode is memory of
// the lab's, so a host bounds them as it bounds bytes.
func (f *FS) SetFreeInodes(mountPath string, free int64) error {
	f.lock()
	defer f.mu.Unlock()
	for _, m := range f.mounts {
		if m.Path == path.Clean(mountPath) {
			m.nodes, m.inodesFree = 0, max(1, free)
			return nil
		}
	}
	return pathErr("statfs", mountPath, syscall.EINVAL)
}

// Inodes is the inode count of the mount p lies on, as statfs reports it:
// total by mke2fs's ratio, free when the mount has a bound (else ok is false
// and the caller counts the files).
func (f *FS) Inodes(p string) (total, free int64, ok bool) {
	f.mu.RLock()
	defer f.mu.RUnlock()
	mt := f.mountOf(p)
	total = mt.capacity() / bytesPerInode
	if mt.inodesFree == 0 {
		return total, 0, false
	}
	return total, max(0, min(total, mt.inodesFree-mt.nodes)), true
}

// roomForNode is ENOSPC when the mount of directory d has no inode left.
func (f *FS) roomForNode(d *node) error {
	if m := f.mounts[d.dev]; m.inodesFree > 0 && m.nodes >= m.inodesFree {
		return syscall.ENOSPC
	}
	return nil
}
