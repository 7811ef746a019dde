package vfs

import (
	"io/fs"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Info describes a file. Its FileInfo method adapts it to fs.FileInfo.
type Info struct {
	Name                            string      // base name ("/" for root)
	Size                            int64       // bytes for files, len(Target) for symlinks, 4096 for directories
	Mode                            fs.FileMode // permission bits plus Go's type and setuid/setgid/sticky bits
	ModTime, AccessTime, ChangeTime time.Time
	UID, GID                        int
	Nlink                           int       // files: hard links; directories: 2 + subdirectories
	Ino                             uint64    // unique, root is 2
	Target                          string    // symlink target
	Dev                             uint64    // id of the mount the file is on (0 for the root fs)
	Rdev                            [2]uint32 // a device's major and minor number
}

// dirSize is what ext4 reports for a small directory.
const dirSize = 4096

// IsDir reports whether i describes a directory.
func (i *Info) IsDir() bool { return i.Mode.IsDir() }

// FileInfo returns i as an fs.FileInfo whose Sys method returns i.
func (i *Info) FileInfo() fs.FileInfo { return fileInfo{i} }

type fileInfo struct{ i *Info }

func (fi fileInfo) Name() string       { return fi.i.Name }
func (fi fileInfo) Size() int64        { return fi.i.Size }
func (fi fileInfo) Mode() fs.FileMode  { return fi.i.Mode }
func (fi fileInfo) ModTime() time.Time { return fi.i.ModTime }
func (fi fileInfo) IsDir() bool        { return fi.i.Mode.IsDir() }
func (fi fileInfo) Sys() any           { return fi.i }

// infoFor describes n under the given name as c sees it: a per-reader link
// (/proc/self) shows c's target, a guarded link of another user's process
// none.
func (n *node) infoFor(c Cred, name string) *Info {
	i := n.info(name)
	if n.perReader || n.guarded {
		i.Target, _ = n.linkTarget(c)
		i.Size = int64(len(i.Target))
	}
	return i
}

// linkTarget is symlink n's target as c reads it: ENOENT for a per-reader
// link read by no process (the kernel's for /proc/self outside its pid
// namespace), EACCES for a guarded link of another user's process.
func (n *node) linkTarget(c Cred) (string, syscall.Errno) {
	switch {
	case n.guarded && c.UID != 0 && c.UID != n.guardUID:
		return "", syscall.EACCES
	case !n.perReader:
		return n.target, 0
	case c.PID <= 0:
		return "", syscall.ENOENT
	}
	return strings.ReplaceAll(n.target, "{pid}", strconv.Itoa(c.PID)), 0
}

// info describes n under the given name.
func (n *node) info(name string) *Info {
	i := &Info{
		Name:       name,
		Size:       n.data.len(),
		Mode:       n.mode,
		ModTime:    n.mtime,
		AccessTime: n.atime,
		ChangeTime: n.ctime,
		UID:        n.uid,
		GID:        n.gid,
		Nlink:      n.nlink,
		Ino:        n.ino,
		Target:     n.target,
		Dev:        n.dev,
		Rdev:       n.rdev,
	}
	switch {
	case n.mode.IsDir():
		i.Size = dirSize
	case n.mode&fs.ModeSymlink != 0:
		i.Size = int64(len(n.target))
	}
	return i
}
