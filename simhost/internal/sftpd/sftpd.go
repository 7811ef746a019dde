// Package sftpd serves the SFTP subsystem over the simulated host's filesystem, as
// the user the session belongs to.
//
// github.com/pkg/sftp's request server speaks the protocol; the handlers here map
// it onto the host's vfs, and a thin layer on the stream (wire.go) makes the
// server look like OpenSSH's sftp-server where pkg/sftp would differ: status
// texts, `ls -l` lines, announced extensions and the modes of created files.
package sftpd

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"path"
	"sync"
	"syscall"

	"github.com/pkg/sftp"

	"github.com/hostile-lab/hostile/simhost/events"
	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

// umask is the one sshd hands sftp-server on Debian and RHEL.
const umask = 0o022

// Serve runs an SFTP server on rw (the SSH channel) until the client ends it or ctx is
// cancelled; every operation runs as acct through the host's vfs, so permissions,
// quotas, read-only mounts and root squash apply exactly as for commands.
// record is called for each file transferred (events.FileRead / events.FileWrite with
// Detail = path and BytesIn/BytesOut set), may be nil.
//
// Serve returns nil when the client ends the session, even abruptly, or ctx is
// cancelled, else the error that broke the stream. Cancelling closes rw, which
// must then fail a pending Read or Write for Serve to return.
func Serve(ctx context.Context, rw io.ReadWriteCloser, m *machine.Machine, acct *machine.Account, record func(events.Event)) error {
	if record == nil {
		record = func(events.Event) {}
	}
	s := &server{m: m, acct: acct, cred: acct.Cred(), start: "/", record: record, modes: map[string][]uint32{}}
	// sshd starts sftp-server in the home directory, or in / when it cannot.
	if i, err := m.FS.Stat(s.cred, acct.Home); err == nil && i.IsDir() && m.FS.Access(s.cred, acct.Home, vfs.AccessExec) == nil {
		s.start = path.Clean(acct.Home)
	}
	rs := sftp.NewRequestServer(newWire(rw, s), sftp.Handlers{FileGet: s, FilePut: s, FileCmd: s, FileList: s},
		sftp.WithStartDirectory(s.start))
	// Closing rw itself, not the request server, which would wait for a
	// blocked write to finish first.
	closed := make(chan struct{})
	stop := context.AfterFunc(ctx, func() {
		rw.Close()
		close(closed)
	})
	err := rs.Serve()
	if !stop() {
		<-closed
	}
	// The client may go away mid-packet or with files open (the request
	// server then reports io.ErrUnexpectedEOF): that too is the end of the
	// session.
	if ctx.Err() != nil || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return nil
	}
	return err
}

// server holds one session's handlers.
type server struct {
	m      *machine.Machine
	acct   *machine.Account
	cred   vfs.Cred
	start  string // the directory relative paths resolve against
	record func(events.Event)

	mu sync.Mutex
	// modes carries the permissions of OPEN (with CREAT) and MKDIR requests,
	// which the request server drops, from the wire to the handlers: per path,
	// in the order the requests came, which is the order the handlers run.
	modes map[string][]uint32
}

// abs resolves a client's path exactly as the request server does for the
// paths it hands the handlers: cleaned, relative to the start directory.
func (s *server) abs(p string) string {
	p = path.Clean(p)
	if !path.IsAbs(p) {
		return path.Join(s.start, p)
	}
	return p
}

// noteMode records the permissions a create or mkdir of p asked for.
func (s *server) noteMode(p string, perm uint32) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.modes[p] = append(s.modes[p], perm)
}

// takeMode returns the permissions noted for p, or def.
func (s *server) takeMode(p string, def uint32) uint32 {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := s.modes[p]
	if len(q) == 0 {
		return def
	}
	if len(q) == 1 {
		delete(s.modes, p)
	} else {
		s.modes[p] = q[1:]
	}
	return q[0]
}

// createMode is the mode open(2) or mkdir(2) gives for a requested perm under
// sftp-server's umask.
func createMode(perm uint32) fs.FileMode {
	return vfs.FromUnixMode(perm & 0o7777 &^ umask)
}

// status turns a filesystem error into the SFTP status OpenSSH's sftp-server
// sends for that errno (errno_to_portable); other errors pass unchanged.
func status(err error) error {
	var errno syscall.Errno
	if !errors.As(err, &errno) {
		return err
	}
	switch errno {
	case syscall.ENOENT, syscall.ENOTDIR, syscall.EBADF, syscall.ELOOP:
		return sftp.ErrSSHFxNoSuchFile
	case syscall.EPERM, syscall.EACCES, syscall.EFAULT:
		return sftp.ErrSSHFxPermissionDenied
	case syscall.ENAMETOOLONG, syscall.EINVAL:
		return sftp.ErrSSHFxBadMessage
	case syscall.ENOSYS:
		return sftp.ErrSSHFxOpUnsupported
	}
	return sftp.ErrSSHFxFailure
}
