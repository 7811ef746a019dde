package shell

import (
	"sync"

	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

// SSHD is the processes sshd runs for one connection, which the shells of
// all its sessions are children of: OpenSSH forks them per connection, not
// per session, so ten sessions on one connection are eleven of the user's
// processes, not twenty, and count so against his process limit. The
// connection's first session starts them; Close ends them with the
// connection.
type SSHD struct {
	mu     sync.Mutex
	m      *machine.Machine
	pids   []int
	closed bool
}

// join gives s the connection's sshd processes, starting them for its first
// session; nil once the connection is closed.
func (d *SSHD) join(s *Session) []int {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.pids == nil && !d.closed {
		d.m, d.pids = s.m, s.startSSHD(s.opts.User)
	}
	return d.pids
}

// Close ends the connection's sshd processes.
func (d *SSHD) Close() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.closed = true
	exitAll(d.m, d.pids)
	d.pids = nil
}

// exitAll ends sshd's processes, the shell's parent first.
func exitAll(m *machine.Machine, pids []int) {
	for i := len(pids) - 1; i >= 0; i-- {
		m.Procs.Exit(pids[i])
	}
}

// sshdListener is the pid of sshd's listening process in the host's table.
const sshdListener = 412

// startSSHD puts the processes OpenSSH's sshd runs for a connection in the
// process table, as ps shows them on a Debian host: for a user, the
// privileged monitor (root, "sshd: ops [priv]") and the unprivileged child
// that serves the channel ("sshd: ops@notty", or "sshd: ops@pts/0" with a
// terminal); for root, one process. It returns their pids, the shell's
// parent last.
func (s *Session) startSSHD(a *machine.Account) []int {
	channel := "notty"
	if s.opts.TTY {
		channel = "pts/0"
	}
	spawn := func(ppid, uid int, user, title string) int {
		return s.m.Procs.Spawn(machine.Proc{PPID: ppid, UID: uid, User: user, Argv: []string{title}, TTY: "?",
			Umask: loginUmask, Exe: "/usr/sbin/sshd"}, nil).PID
	}
	if a.UID == 0 {
		return []int{spawn(sshdListener, 0, a.Name, "sshd: "+a.Name+"@"+channel)}
	}
	priv := spawn(sshdListener, 0, "root", "sshd: "+a.Name+" [priv]")
	return []int{priv, spawn(priv, a.UID, a.Name, "sshd: "+a.Name+"@"+channel)}
}

// realpath is p with its symlinks resolved, as /proc/PID/exe shows a
// program; p itself when it cannot be resolved.
func (s *Session) realpath(p string) string {
	if r, err := s.m.FS.Realpath(vfs.Root, p); err == nil {
		return r
	}
	return p
}
