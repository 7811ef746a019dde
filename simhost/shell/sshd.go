package shell

import (
	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

// sshdListener is the pid of sshd's listening process in the host's table.
const sshdListener = 412

// startSSHD puts the processes OpenSSH's sshd runs for a session in the
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
