package simhost

import (
	"crypto/rand"
	"fmt"
	"io"
	"path"

	gossh "golang.org/x/crypto/ssh"

	"github.com/hostile-lab/hostile/simhost/vfs"
)

// forwardedAgent is the client's agent as sshd offers it to the session: a
// directory /tmp/ssh-XXXXXXXXXX owned by the user, mode 0700, with the socket
// agent.N in it named by SSH_AUTH_SOCK; each connection to it is an
// auth-agent@openssh.com channel opened back to the client.
type forwardedAgent struct {
	conn   *gossh.ServerConn
	socket string
}

// forwardAgent makes the session's agent socket when the client asked for
// agent forwarding; nil otherwise. The directory goes with the session.
func (s *session) forwardAgent(o *openShell) *forwardedAgent {
	if !s.agent {
		return nil
	}
	a := s.h.m.User(s.user)
	if a == nil {
		return nil
	}
	const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	b := make([]byte, 10)
	rand.Read(b)
	for i := range b {
		b[i] = letters[int(b[i])%len(letters)]
	}
	dir := "/tmp/ssh-" + string(b)
	fs := s.h.m.FS
	if err := fs.Mkdir(vfs.Root, dir, 0o700); err != nil {
		return nil
	}
	fs.Chown(vfs.Root, dir, a.UID, a.GID)
	// sshd names the socket after its own pid; the host's sshd has none, the
	// session's number stands in.
	socket := path.Join(dir, fmt.Sprintf("agent.%d", 1000+s.id))
	if fs.WriteFile(vfs.Root, socket, nil, 0o600) == nil {
		fs.Chown(vfs.Root, socket, a.UID, a.GID)
	}
	o.closers = append(o.closers, func() error {
		fs.Unlink(vfs.Root, socket)
		return fs.Rmdir(vfs.Root, dir)
	})
	return &forwardedAgent{conn: s.sshConn, socket: socket}
}

// dialer opens a channel to the client's agent; nil without one.
func (f *forwardedAgent) dialer() func() (io.ReadWriteCloser, error) {
	if f == nil {
		return nil
	}
	return func() (io.ReadWriteCloser, error) {
		ch, reqs, err := f.conn.OpenChannel("auth-agent@openssh.com", nil)
		if err != nil {
			return nil, err
		}
		go gossh.DiscardRequests(reqs)
		return ch, nil
	}
}
