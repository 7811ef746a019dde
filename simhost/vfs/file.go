package vfs

import (
	"io"
	"io/fs"
	"sync"
	"sync/atomic"
	"syscall"
)

// maxFileSize bounds a file's size: everything lives in memory.
const maxFileSize = 1 << 30

// File is an open file. One goroutine may use it at a time; it may share
// its FS with others. Like a POSIX descriptor it keeps working on the file
// after the file is unlinked.
type File struct {
	fs     *FS
	n      *node
	name   string
	flag   int
	cred   Cred       // who opened it, for the interceptor
	offMu  sync.Mutex // the offset: a redirected stdin is read by a copier while the shell closes it
	off    int64
	closed atomic.Bool
}

// OpenFile opens p like open(2). flag is O_RDONLY, O_WRONLY or O_RDWR,
// or'ed with O_CREATE, O_EXCL, O_TRUNC, O_APPEND and O_NOFOLLOW from os or
// syscall; a created file gets mode perm (no umask). Directories may only be
// opened read-only.
func (f *FS) OpenFile(c Cred, p string, flag int, perm fs.FileMode) (*File, error) {
	write := flag&(syscall.O_WRONLY|syscall.O_RDWR|syscall.O_CREAT|syscall.O_TRUNC|syscall.O_APPEND) != 0
	c, err := f.intercept("open", c, p, write)
	if err != nil {
		return nil, pathErr("open", p, err)
	}
	f.lock()
	defer f.mu.Unlock()
	n, err := f.open(c, p, flag, perm)
	if err != nil {
		return nil, pathErr("open", p, err)
	}
	return &File{fs: f, n: n, name: p, flag: flag, cred: c}, nil
}

func (f *FS) open(c Cred, p string, flag int, perm fs.FileMode) (*node, error) {
	excl := flag&(syscall.O_CREAT|syscall.O_EXCL) == syscall.O_CREAT|syscall.O_EXCL
	w, err := f.lookup(c, p, !excl && flag&syscall.O_NOFOLLOW == 0)
	if err != nil {
		return nil, err
	}
	n := w.n
	if n == nil {
		if flag&syscall.O_CREAT == 0 {
			return nil, syscall.ENOENT
		}
		if err := f.mayModify(c, w.dir); err != nil {
			return nil, err
		}
		if err := f.roomForNode(w.dir); err != nil {
			return nil, err
		}
		// The creator may use the new file whatever perm says.
		return f.create(c, w.dir, w.name, perm&modeBits), nil
	}
	acc := flag & syscall.O_ACCMODE
	write := acc != syscall.O_RDONLY || flag&syscall.O_TRUNC != 0
	switch {
	case excl:
		return nil, syscall.EEXIST
	case n.mode&fs.ModeSymlink != 0:
		return nil, syscall.ELOOP // O_NOFOLLOW
	case n.mode.IsDir() && (write || flag&syscall.O_CREAT != 0):
		return nil, syscall.EISDIR
	case write && f.mounts[n.dev].ReadOnly:
		return nil, syscall.EROFS
	}
	var want uint32
	if acc != syscall.O_WRONLY {
		want |= AccessRead
	}
	if write {
		want |= AccessWrite
	}
	if !f.can(c, n, want) {
		return nil, syscall.EACCES
	}
	if flag&syscall.O_TRUNC != 0 {
		return n, f.truncate(n, 0)
	}
	return n, nil
}

// truncate sets regular file n's size.
func (f *FS) truncate(n *node, size int64) error {
	if n.mode&fs.ModeCharDevice != 0 {
		return nil // O_TRUNC on a device does nothing
	}
	m := f.mounts[n.dev]
	delta := size - n.data.len()
	switch {
	case m.ReadOnly:
		return syscall.EROFS
	case size > maxFileSize:
		return syscall.EFBIG
	case delta > 0 && n.nlink > 0 && delta > m.free():
		return syscall.ENOSPC
	}
	n.data.truncate(size)
	f.account(n, delta)
	n.mtime, n.ctime = f.t, f.t
	return nil
}

// writeAt writes b at off in regular file n. Past the mount's capacity (its
// size or quota) it writes what fits and fails with ENOSPC.
func (f *FS) writeAt(n *node, b []byte, off int64) (int, error) {
	if n.mode&fs.ModeCharDevice != 0 {
		return len(b), nil // a device swallows it
	}
	m := f.mounts[n.dev]
	if m.ReadOnly {
		return 0, syscall.EROFS
	}
	size := n.data.len()
	if off > maxFileSize-int64(len(b)) {
		return 0, syscall.EFBIG
	}
	var err error
	if grow := off + int64(len(b)) - size; grow > 0 && n.nlink > 0 {
		if free := m.free(); grow > free {
			fit := max(0, size+free-off)
			b = b[:min(int64(len(b)), fit)]
			err = syscall.ENOSPC
		}
	}
	if len(b) == 0 {
		return 0, err
	}
	if end := off + int64(len(b)); end > size {
		if terr := f.truncate(n, end); terr != nil {
			return 0, terr
		}
	}
	n.data.writeAt(b, off)
	n.mtime, n.ctime = f.t, f.t
	return len(b), err
}

// account records a size change of regular file n in its mount's usage;
// unlinked files no longer count.
func (f *FS) account(n *node, delta int64) {
	if n.nlink > 0 {
		f.mounts[n.dev].used += delta
	}
}

func (h *File) err(op string, err error) error { return pathErr(op, h.name, err) }

// usable checks that h is open and, for want != 0, has that access mode.
func (h *File) usable(op string, want uint32) error {
	if h.closed.Load() {
		return h.err(op, fs.ErrClosed)
	}
	acc := h.flag & syscall.O_ACCMODE
	if want&AccessRead != 0 && acc == syscall.O_WRONLY || want&AccessWrite != 0 && acc == syscall.O_RDONLY {
		return h.err(op, syscall.EBADF)
	}
	return nil
}

// Read reads from the current offset.
func (h *File) Read(b []byte) (int, error) {
	h.offMu.Lock()
	defer h.offMu.Unlock()
	n, err := h.read(b, h.off)
	h.off += int64(n)
	return n, err
}

// ReadAt reads at off without moving the offset.
func (h *File) ReadAt(b []byte, off int64) (int, error) {
	if off < 0 {
		return 0, h.err("read", syscall.EINVAL)
	}
	n, err := h.read(b, off)
	if err == nil && n < len(b) {
		err = io.EOF
	}
	return n, err
}

func (h *File) read(b []byte, off int64) (int, error) {
	if err := h.usable("read", AccessRead); err != nil {
		return 0, err
	}
	h.fs.mu.RLock()
	defer h.fs.mu.RUnlock()
	if h.n.mode.IsDir() {
		return 0, h.err("read", syscall.EISDIR)
	}
	if len(b) == 0 {
		return 0, nil
	}
	if off >= h.n.data.len() {
		return 0, io.EOF
	}
	return h.n.data.readAt(b, off), nil
}

// Write writes at the current offset, or at the end with O_APPEND.
func (h *File) Write(b []byte) (int, error) {
	if err := h.usable("write", AccessWrite); err != nil {
		return 0, err
	}
	if _, err := h.fs.intercept("write", h.cred, h.name, true, int64(len(b))); err != nil {
		return 0, h.err("write", err)
	}
	h.offMu.Lock()
	defer h.offMu.Unlock()
	h.fs.lock()
	defer h.fs.mu.Unlock()
	if h.flag&syscall.O_APPEND != 0 {
		h.off = h.n.data.len()
	}
	n, err := h.fs.writeAt(h.n, b, h.off)
	h.off += int64(n)
	return n, h.err("write", err)
}

// WriteAt writes at off without moving the offset; it is EINVAL on an
// O_APPEND file, where the result would be ambiguous.
func (h *File) WriteAt(b []byte, off int64) (int, error) {
	if err := h.usable("write", AccessWrite); err != nil {
		return 0, err
	}
	if off < 0 || h.flag&syscall.O_APPEND != 0 {
		return 0, h.err("write", syscall.EINVAL)
	}
	if _, err := h.fs.intercept("write", h.cred, h.name, true, int64(len(b))); err != nil {
		return 0, h.err("write", err)
	}
	h.fs.lock()
	defer h.fs.mu.Unlock()
	n, err := h.fs.writeAt(h.n, b, off)
	return n, h.err("write", err)
}

// Seek sets the offset for the next Read or Write.
func (h *File) Seek(off int64, whence int) (int64, error) {
	if err := h.usable("seek", 0); err != nil {
		return 0, err
	}
	h.offMu.Lock()
	defer h.offMu.Unlock()
	switch whence {
	case io.SeekStart:
	case io.SeekCurrent:
		off += h.off
	case io.SeekEnd:
		h.fs.mu.RLock()
		off += h.n.data.len()
		h.fs.mu.RUnlock()
	default:
		return 0, h.err("seek", syscall.EINVAL)
	}
	if off < 0 {
		return 0, h.err("seek", syscall.EINVAL)
	}
	h.off = off
	return off, nil
}

// Close closes h; using it afterwards fails with fs.ErrClosed.
func (h *File) Close() error {
	if !h.closed.CompareAndSwap(false, true) {
		return h.err("close", fs.ErrClosed)
	}
	return nil
}

// Stat describes the open file.
func (h *File) Stat() (*Info, error) {
	if err := h.usable("stat", 0); err != nil {
		return nil, err
	}
	h.fs.mu.RLock()
	defer h.fs.mu.RUnlock()
	return h.n.info(baseName(h.name)), nil
}

// Truncate sets the file's size; it is EINVAL unless h is open for writing,
// as ftruncate(2) is.
func (h *File) Truncate(size int64) error {
	if err := h.usable("truncate", 0); err != nil {
		return err
	}
	if size < 0 || h.flag&syscall.O_ACCMODE == syscall.O_RDONLY {
		return h.err("truncate", syscall.EINVAL)
	}
	if _, err := h.fs.intercept("truncate", h.cred, h.name, true, size); err != nil {
		return h.err("truncate", err)
	}
	h.fs.lock()
	defer h.fs.mu.Unlock()
	return h.err("truncate", h.fs.truncate(h.n, size))
}

// Name returns the path h was opened with.
func (h *File) Name() string { return h.name }

// ReadDir lists the open directory, sorted by name.
func (h *File) ReadDir() ([]*Info, error) {
	if err := h.usable("readdirent", 0); err != nil {
		return nil, err
	}
	h.fs.mu.RLock()
	defer h.fs.mu.RUnlock()
	if !h.n.mode.IsDir() {
		return nil, h.err("readdirent", syscall.ENOTDIR)
	}
	return h.fs.list(h.cred, h.n), nil
}
