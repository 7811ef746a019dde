package sftpd

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"sync"
	"syscall"
	"time"

	"github.com/pkg/sftp"

	"github.com/hostile-lab/hostile/simhost/events"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

// Fileread opens a file for download.
func (s *server) Fileread(r *sftp.Request) (io.ReaderAt, error) {
	f, err := s.m.FS.OpenFile(s.cred, r.Filepath, os.O_RDONLY, 0)
	if err != nil {
		return nil, status(err)
	}
	return &handle{s: s, f: f, path: r.Filepath}, nil
}

// Filewrite opens a file for upload.
func (s *server) Filewrite(r *sftp.Request) (io.WriterAt, error) { return s.open(r) }

// OpenFile opens a file for reading and writing.
func (s *server) OpenFile(r *sftp.Request) (sftp.WriterAtReaderAt, error) { return s.open(r) }

// open opens a file with the client's flags for writing. O_APPEND is left out:
// the client sends offsets anyway, and a vfs append handle refuses WriteAt.
func (s *server) open(r *sftp.Request) (*handle, error) {
	pf := r.Pflags()
	flag := os.O_WRONLY
	if pf.Read {
		flag = os.O_RDWR
	}
	var perm uint32
	if pf.Creat {
		flag |= os.O_CREATE
		perm = s.takeMode(r.Filepath, 0o666)
	}
	if pf.Trunc {
		flag |= os.O_TRUNC
	}
	if pf.Excl {
		flag |= os.O_EXCL
	}
	f, err := s.m.FS.OpenFile(s.cred, r.Filepath, flag, createMode(perm))
	if err != nil {
		return nil, status(err)
	}
	return &handle{s: s, f: f, path: r.Filepath, write: true}, nil
}

// handle is an open file. It serialises the request server's parallel reads
// and writes (a vfs.File serves one goroutine at a time) and reports the
// transfer when it is closed.
type handle struct {
	s     *server
	path  string
	write bool // opened for writing

	mu      sync.Mutex
	f       *vfs.File
	in, out int64 // bytes written to and read from the file
}

func (h *handle) ReadAt(b []byte, off int64) (int, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	n, err := h.f.ReadAt(b, off)
	h.out += int64(n)
	return n, status(err)
}

func (h *handle) WriteAt(b []byte, off int64) (int, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	n, err := h.f.WriteAt(b, off)
	h.in += int64(n)
	return n, status(err)
}

// Close closes the file and records what went through it: an upload, and a
// download when the file was read.
func (h *handle) Close() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	err := h.f.Close()
	ev := events.Event{User: h.s.acct.Name, Detail: h.path}
	if h.write {
		ev.Kind, ev.BytesIn = events.FileWrite, h.in
		h.s.record(ev)
	}
	if !h.write || h.out > 0 {
		ev.Kind, ev.BytesIn, ev.BytesOut = events.FileRead, 0, h.out
		h.s.record(ev)
	}
	return status(err)
}

// Filecmd changes the filesystem.
func (s *server) Filecmd(r *sftp.Request) error {
	fsys, c := s.m.FS, s.cred
	var err error
	switch r.Method {
	case "Setstat":
		err = s.setstat(r)
	case "Rename":
		err = s.rename(r.Filepath, r.Target)
	case "Rmdir":
		err = fsys.Rmdir(c, r.Filepath)
	case "Remove":
		err = fsys.Unlink(c, r.Filepath)
	case "Mkdir":
		err = fsys.Mkdir(c, r.Filepath, createMode(s.takeMode(r.Filepath, 0o777)))
	case "Link":
		err = fsys.Link(c, r.Filepath, r.Target)
	case "Symlink":
		err = fsys.Symlink(c, r.Filepath, r.Target) // Filepath is the target, verbatim
	default:
		return sftp.ErrSSHFxOpUnsupported
	}
	return status(err)
}

// PosixRename is posix-rename@openssh.com: rename(2), replacing the target.
func (s *server) PosixRename(r *sftp.Request) error {
	return status(s.m.FS.Rename(s.cred, r.Filepath, r.Target))
}

// rename is SSH_FXP_RENAME, which OpenSSH's sftp-server never lets replace an
// existing target.
func (s *server) rename(from, to string) error {
	if _, err := s.m.FS.Lstat(s.cred, from); err != nil {
		return err
	}
	if _, err := s.m.FS.Lstat(s.cred, to); err == nil {
		return syscall.EEXIST
	}
	return s.m.FS.Rename(s.cred, from, to)
}

// setstat applies attributes in sftp-server's order: size, mode, times, owner.
// Like sftp-server it tries each and reports the last failure.
func (s *server) setstat(r *sftp.Request) error {
	fsys, c, p := s.m.FS, s.cred, r.Filepath
	fl, a := r.AttrFlags(), r.Attributes()
	var last error
	note := func(err error) {
		if err != nil {
			last = err
		}
	}
	if fl.Size {
		note(s.truncate(p, int64(a.Size)))
	}
	if fl.Permissions {
		note(fsys.Chmod(c, p, vfs.FromUnixMode(a.Mode&0o7777)))
	}
	if fl.Acmodtime {
		note(fsys.Chtimes(c, p, time.Unix(int64(a.Atime), 0), time.Unix(int64(a.Mtime), 0)))
	}
	if fl.UidGid {
		note(fsys.Chown(c, p, int(a.UID), int(a.GID)))
	}
	return last
}

// truncate is truncate(2), which needs write permission like opening does.
func (s *server) truncate(p string, size int64) error {
	f, err := s.m.FS.OpenFile(s.cred, p, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Truncate(size)
}

// StatVFS is statvfs@openssh.com, from the size and usage of the mount p is on.
func (s *server) StatVFS(r *sftp.Request) (*sftp.StatVFS, error) {
	p, err := s.m.FS.Realpath(s.cred, r.Filepath)
	if err != nil {
		return nil, status(err)
	}
	const block = 4096
	size, free, mt, err := s.m.FS.StatFS(s.cred, p)
	if err != nil {
		return nil, status(err)
	}
	st := &sftp.StatVFS{
		Bsize: block, Frsize: block, Namemax: 255,
		Blocks: uint64(size / block), Bfree: uint64(free / block), Bavail: uint64(free / block),
	}
	// ext4's default of one inode per 16 KiB.
	st.Files, st.Ffree, st.Favail = st.Blocks/4, st.Bfree/4, st.Bavail/4
	if mt.ReadOnly {
		st.Flag |= 0x1 // SSH_FXE_STATVFS_ST_RDONLY
	}
	return st, nil
}

// Filelist answers OPENDIR (List) and STAT.
func (s *server) Filelist(r *sftp.Request) (sftp.ListerAt, error) {
	switch r.Method {
	case "List":
		return s.list(r.Filepath)
	case "Stat":
		return s.stat(s.m.FS.Stat, r.Filepath)
	}
	return nil, sftp.ErrSSHFxOpUnsupported
}

// Lstat answers LSTAT.
func (s *server) Lstat(r *sftp.Request) (sftp.ListerAt, error) {
	return s.stat(s.m.FS.Lstat, r.Filepath)
}

func (s *server) stat(stat func(vfs.Cred, string) (*vfs.Info, error), p string) (sftp.ListerAt, error) {
	i, err := stat(s.cred, p)
	if err != nil {
		return nil, status(err)
	}
	return listing{newFileInfo(i)}, nil
}

// Readlink answers READLINK with the target as stored.
func (s *server) Readlink(p string) (string, error) {
	t, err := s.m.FS.Readlink(s.cred, p)
	return t, status(err)
}

// RealPath answers REALPATH: symlinks resolved, relative to the start
// directory; like sftp-server's, only the last component may be missing.
func (s *server) RealPath(p string) (string, error) {
	abs := s.abs(p)
	real, err := s.m.FS.Realpath(s.cred, abs)
	if errors.Is(err, syscall.ENOENT) {
		if dir, derr := s.m.FS.Realpath(s.cred, path.Dir(abs)); derr == nil {
			return path.Join(dir, path.Base(abs)), nil
		}
	}
	return real, status(err)
}

// list reads directory p for OPENDIR: ".", ".." and the entries, each with
// the longname sftp-server would send.
func (s *server) list(p string) (sftp.ListerAt, error) {
	entries, err := s.m.FS.ReadDir(s.cred, p)
	if err != nil {
		return nil, status(err)
	}
	var dots []*vfs.Info
	for _, d := range []string{".", ".."} {
		i, err := s.m.FS.Stat(s.cred, path.Join(p, d))
		if err != nil {
			return nil, status(err)
		}
		i.Name = d
		dots = append(dots, i)
	}
	now := time.Now()
	out := make(listing, 0, len(entries)+2)
	for _, i := range append(dots, entries...) {
		out = append(out, listed{newFileInfo(i), s.longname(i, now)})
	}
	return out, nil
}

// listing is a ListerAt over a fixed list.
type listing []os.FileInfo

func (l listing) ListAt(dst []os.FileInfo, off int64) (int, error) {
	if off >= int64(len(l)) {
		return 0, io.EOF
	}
	n := copy(dst, l[off:])
	if n < len(dst) {
		return n, io.EOF
	}
	return n, nil
}

// fileInfo is a vfs.Info with the owners the request server puts in the
// attributes it sends.
type fileInfo struct {
	fs.FileInfo
	i *vfs.Info
}

func newFileInfo(i *vfs.Info) fileInfo { return fileInfo{i.FileInfo(), i} }

func (f fileInfo) Uid() uint32 { return uint32(f.i.UID) }
func (f fileInfo) Gid() uint32 { return uint32(f.i.GID) }

// listed is a directory entry. Its longname rides to the wire in a private
// extended attribute, which the wire moves into the NAME packet's longname.
type listed struct {
	fileInfo
	long string
}

func (l listed) Extended() []sftp.StatExtended {
	return []sftp.StatExtended{{ExtType: longnameExt, ExtData: l.long}}
}
