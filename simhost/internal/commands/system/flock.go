package system

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/shell"
)

// flock (util-linux) runs a command holding a lock on a file, which cron-
// driven agents and CI runners use to keep one run at a time:
// "flock [-n] FILE CMD..." or "flock FILE -c CMDLINE". The lock is the
// host's (machine.FileLocks), so runs in other sessions contend. Its exit
// statuses are sysexits': 64 usage, 65 a bad descriptor, 66 a lock file it
// cannot open, 69 a command it cannot run; a conflict is 1 (-E to change).
func init() {
	shell.Register(shell.Command{Name: "flock", Only: "gnu", ShortName: true, Run: flockCmd})
}

func flockCmd(p *shell.Proc) int {
	g := progkit.Getopt{Short: "+sexnouw:E:hVF", Long: []string{"shared=s", "exclusive=x", "unlock=u", "nonblocking=n",
		"nb=n", "no-fork=F", "timeout:=w", "wait:=w", "conflict-exit-code:=E", "close=o", "verbose", "help=h",
		"version=V"}, Status: 64, NotEmulated: []string{"verbose"}}
	c, code, ok := g.Parse(p, p.Args())
	if !ok {
		return code
	}
	if c.Has("V") {
		return progkit.UtilLinuxVersion(p)
	}
	conflict := 1
	if v, ok := c.Value("E"); ok {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 255 {
			return p.Fail(64, "invalid exit code: '%s'", v)
		}
		conflict = n
	}
	var deadline time.Duration = -1
	if v, ok := c.Value("w"); ok {
		secs, err := strconv.ParseFloat(v, 64)
		if err != nil || secs < 0 {
			return p.Fail(64, "invalid timeout value: '%s'", v)
		}
		deadline = time.Duration(secs * float64(time.Second))
	}
	ops := c.Operands
	if len(ops) == 0 {
		fmt.Fprintf(p.Stderr, "%s: not enough arguments\nTry 'flock --help' for more information.\n", p.Name())
		return 64
	}
	exclusive := !c.Has("s")
	var cmd []string
	if len(ops) > 1 {
		cmd = ops[1:]
		if cmd[0] == "-c" || cmd[0] == "--command" {
			if len(cmd) != 2 {
				return p.Fail(64, "%s requires exactly one command argument", cmd[0])
			}
			sh := p.Getenv("SHELL")
			if sh == "" {
				sh = "/bin/sh"
			}
			cmd = []string{sh, "-c", cmd[1]}
		}
	}
	var id machine.FileID
	if cmd == nil {
		// flock [options] FD: the lock of a descriptor the shell opened
		// lasts as long as the descriptor, which a program here cannot
		// see: it is taken and given back at once.
		if _, err := strconv.Atoi(ops[0]); err != nil {
			return p.Fail(64, "bad file descriptor: '%s'", ops[0])
		}
		p.NotEmulated("flock of a descriptor (the lock is not kept after flock ends)")
		return 0
	}
	name := ops[0]
	abs := p.Abs(name)
	info, err := p.M.FS.Stat(p.Cred(), abs)
	if errors.Is(err, fs.ErrNotExist) {
		// open(O_RDWR|O_CREAT|O_NOCTTY, 0666), less the umask
		h, cerr := p.M.FS.OpenFile(p.Cred(), abs, syscall.O_RDWR|syscall.O_CREAT, fs.FileMode(0o666&^p.Umask))
		if cerr == nil {
			h.Close()
			info, err = p.M.FS.Stat(p.Cred(), abs)
		} else {
			err = cerr
		}
	}
	if err == nil && p.M.FS.Access(p.Cred(), abs, 4) != nil && !info.IsDir() {
		err = &fs.PathError{Op: "open", Path: abs, Err: syscall.EACCES}
	}
	if err != nil {
		return p.Fail(66, "cannot open lock file %s: %s", name, p.Strerror(err))
	}
	id = machine.FileID{Dev: info.Dev, Ino: info.Ino}
	var release func()
	switch {
	case c.Has("u"):
		release = func() {}
	case c.Has("n"):
		var got bool
		if release, got = p.M.Locks.TryLock(id, exclusive); !got {
			return conflict
		}
	default:
		ctx := p.Ctx
		if deadline >= 0 {
			var cancel context.CancelFunc
			ctx, cancel = context.WithTimeout(p.Ctx, deadline)
			defer cancel()
		}
		if release, err = p.M.Locks.Lock(ctx, id, exclusive); err != nil {
			if p.Ctx.Err() != nil {
				return 1
			}
			return conflict // the timeout passed
		}
	}
	defer release()
	status, err := p.Exec(p.User, p.Env, cmd, p.Stdin, p.Stdout, p.Stderr)
	var ee *shell.ExecError
	if errors.As(err, &ee) {
		if ee.Fork {
			return 71
		}
		fmt.Fprintf(p.Stderr, "%s: failed to execute %s: %s\n", p.Name(), strings.TrimSpace(cmd[0]), p.Strerror(ee.Errno))
		return 69
	}
	return status
}
