package system

import (
	"fmt"
	"io/fs"
	"math"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/shell"
)

// util-linux's programs that wrap another: flock (a lock held while a command
// runs) and ionice (its I/O priority); and logger, which writes to syslog.
func init() {
	shell.Register(shell.Command{Name: "flock", Only: "gnu", ShortName: true, Run: flockCmd})
	shell.Register(shell.Command{Name: "ionice", Only: "gnu", ShortName: true, Run: ioniceCmd})
	shell.Register(shell.Command{Name: "logger", Only: "gnu", ShortName: true, Run: loggerCmd})
}

// flock's exit statuses (sysexits.h).
const (
	exUsage       = 64
	exDataErr     = 65
	exNoInput     = 66
	exUnavailable = 69
)

// flockCmd is util-linux flock: it opens (creating) the file, takes its lock,
// shared or exclusive, at once (-n), within -w seconds or waiting, and runs
// the command while it holds it. Another flock of the host on the same file
// waits for it, or fails with -E's status (1).
func flockCmd(p *shell.Proc) int {
	g := progkit.Getopt{Short: "+sexnoFuw:E:hV", Long: []string{"shared=s", "exclusive=x", "nonblock=n", "nb=n", "close=o",
		"no-fork=F", "unlock=u", "timeout:=w", "conflict-exit-code:=E", "verbose", "help=h", "version=V"}, Status: exUsage,
		NotEmulated: []string{"h", "help"}}
	if len(p.Args()) < 1 {
		p.Errorf("not enough arguments")
		fmt.Fprintf(p.Stderr, "Try '%s --help' for more information.\n", p.Name())
		return exUsage
	}
	c, code, ok := g.Parse(p, p.Args())
	if !ok {
		return code
	}
	if c.Has("V") {
		return progkit.UtilLinuxVersion(p)
	}
	if c.Has("h") {
		return 0
	}
	exclusive := true
	for _, o := range c.Opts {
		switch o.Key {
		case "s":
			exclusive = false
		case "x", "e":
			exclusive = true
		}
	}
	conflict := 1
	if v, ok := c.Value("E"); ok {
		n, err := strconv.ParseInt(v, 10, 32)
		if err != nil {
			return p.Fail(exUsage, "invalid exit code: '%s'", v)
		}
		conflict = int(n)
	}
	wait := time.Duration(-1)
	if v, ok := c.Value("w"); ok {
		secs, err := strconv.ParseFloat(v, 64)
		if err != nil || secs < 0 || math.IsInf(secs, 0) || math.IsNaN(secs) {
			return p.Fail(exUsage, "invalid timeout value: '%s'", v)
		}
		wait = time.Duration(secs * float64(time.Second))
	}
	ops := c.Operands
	if len(ops) == 0 {
		return p.Fail(exUsage, "requires file descriptor, file or directory")
	}
	if len(ops) == 1 {
		// flock FD: the lock is on a descriptor the shell opened, which the
		// host's programs do not see.
		if _, err := strconv.ParseUint(ops[0], 10, 32); err != nil {
			return p.Fail(exUsage, "bad file descriptor: '%s'", ops[0])
		}
		p.NotEmulated("flock on an inherited file descriptor")
		return 0
	}
	argv := ops[1:]
	if argv[0] == "-c" || argv[0] == "--command" {
		if len(argv) != 2 {
			return p.Fail(exUsage, "%s requires exactly one command argument", argv[0])
		}
		sh := p.Getenv("SHELL")
		if sh == "" {
			sh = "/bin/sh"
		}
		argv = []string{sh, "-c", argv[1]}
	}
	name := ops[0]
	key, err := flockOpen(p, name)
	if err != nil {
		p.Errorf("cannot open lock file %s: %s", name, p.Strerror(err))
		return exNoInput
	}
	if !c.Has("u") {
		var unlock func()
		var held bool
		if c.Has("n") {
			unlock, held = p.M.Locks.TryLock(key, exclusive)
		} else {
			unlock, held = p.M.Locks.Lock(p.Ctx, key, exclusive, wait)
		}
		if !held {
			if p.Ctx.Err() != nil {
				return 128 + int(syscall.SIGTERM)
			}
			if c.Has("verbose") {
				p.Errorf("failed to get lock")
			}
			return conflict
		}
		defer unlock()
		if c.Has("verbose") {
			p.Errorf("getting lock took %.6f seconds", 0.0)
		}
	}
	if c.Has("verbose") {
		p.Errorf("executing %s", argv[0])
	}
	status, xerr := sysExec(p, p.Env, argv, p.Stdin)
	if xerr != nil {
		p.Errorf("failed to execute %s: %s", argv[0], p.Strerror(sysExecErrno(xerr)))
		return exUnavailable
	}
	return status
}

// flockOpen opens name as flock does, creating a missing file (0666 less the
// umask), a directory read-only; the lock's key is the file's real path.
func flockOpen(p *shell.Proc, name string) (string, error) {
	abs := p.Abs(name)
	info, err := p.M.FS.Stat(p.Cred(), abs)
	switch {
	case err == nil && info.Mode.IsDir():
		if err := p.M.FS.Access(p.Cred(), abs, 4); err != nil {
			return "", err
		}
	case err == nil:
		if err := p.M.FS.Access(p.Cred(), abs, 4); err != nil {
			return "", err
		}
	default:
		f, err := p.M.FS.OpenFile(p.Cred(), abs, os.O_RDONLY|os.O_CREATE, fs.FileMode(0o666&^p.Umask))
		if err != nil {
			return "", err
		}
		f.Close()
	}
	real, err := p.M.FS.Realpath(p.Cred(), abs)
	if err != nil {
		return abs, nil
	}
	return real, nil
}

// ioniceClasses are the I/O scheduling classes by number, as ionice names them.
var ioniceClasses = []string{"none", "realtime", "best-effort", "idle"}

// ioniceCmd is util-linux ionice: with no command it prints the I/O class
// and level of the processes named by -p (the caller by default); with one,
// or with -c and -p, it sets them, which the command and its children inherit.
func ioniceCmd(p *shell.Proc) int {
	g := progkit.Getopt{Short: "+n:c:p:P:u:tVh", Long: []string{"classdata:=n", "class:=c", "pid:=p", "pgid:=P", "uid:=u",
		"ignore=t", "version=V", "help=h"}, NotEmulated: []string{"P", "pgid", "u", "uid", "h", "help"}}
	c, code, ok := g.Parse(p, p.Args())
	if !ok {
		return code
	}
	if c.Has("V") {
		return progkit.UtilLinuxVersion(p)
	}
	if c.Has("P", "u", "h") {
		return 0
	}
	class, classSet := 2, false // best-effort when only -n is given
	if v, ok := c.Value("c"); ok {
		n, err := strconv.Atoi(v)
		if err != nil {
			n = -1
			for i, name := range ioniceClasses {
				if strings.EqualFold(v, name) {
					n = i
				}
			}
			if n < 0 {
				return p.Fail(1, "unknown scheduling class: '%s'", v)
			}
		}
		class, classSet = n, true
	}
	level, levelSet := 4, false
	if v, ok := c.Value("n"); ok {
		n, err := strconv.Atoi(v)
		if err != nil {
			return p.Fail(1, "invalid class data argument: '%s'", v)
		}
		level, levelSet = n, true
	}
	ignore := c.Has("t")
	var pids []int
	for _, v := range c.All("p") {
		n, err := strconv.Atoi(v)
		if err != nil {
			return p.Fail(1, "invalid PID argument: '%s'", v)
		}
		pids = append(pids, n)
	}
	prio := machine.IOPrio{Class: class, Level: level}
	switch class {
	case 0:
		prio.Level = 0
		if levelSet {
			p.Errorf("ignoring given class data for none class")
		}
	case 1, 2:
		prio.Level = level
	case 3:
		prio.Level = 0
		if levelSet {
			p.Errorf("ignoring given class data for idle class")
		}
	default:
		p.Errorf("unknown prio class %d", class)
	}
	set := func(pid int) bool {
		errno := syscall.Errno(0)
		switch {
		case class < 0 || class > 3 || prio.Level < 0 || prio.Level > 7:
			errno = syscall.EINVAL
		case class == 1 && p.User.UID != 0:
			errno = syscall.EPERM
		case !p.M.Procs.SetIOPrio(pid, prio):
			errno = syscall.ESRCH
		}
		if errno != 0 && !ignore {
			p.Errorf("ioprio_set failed: %s", p.Strerror(errno))
			return false
		}
		return true
	}
	if len(c.Operands) == 0 && !classSet && !levelSet {
		if len(pids) == 0 {
			pids = []int{p.PID}
		}
		status := 0
		for _, pid := range pids {
			got, ok := p.M.Procs.IOPrio(pid)
			if !ok {
				p.Errorf("ioprio_get failed: %s", p.Strerror(syscall.ESRCH))
				status = 1
				continue
			}
			prefix := ""
			if len(pids) > 1 {
				prefix = fmt.Sprintf("%d: ", pid)
			}
			if got.Class == 3 {
				p.Printf("%sidle\n", prefix)
			} else {
				p.Printf("%s%s: prio %d\n", prefix, ioniceClasses[got.Class], got.Level)
			}
		}
		return status
	}
	if len(pids) > 0 {
		status := 0
		for _, pid := range pids {
			if !set(pid) {
				status = 1
			}
		}
		return status
	}
	if len(c.Operands) == 0 {
		if !set(p.PID) {
			return 1
		}
		return 0
	}
	if !set(p.PID) {
		return 1
	}
	status, xerr := sysExec(p, p.Env, c.Operands, p.Stdin)
	if xerr != nil {
		errno := sysExecErrno(xerr)
		p.Errorf("failed to execute %s: %s", c.Operands[0], p.Strerror(errno))
		if errno == syscall.ENOENT {
			return 127
		}
		return 126
	}
	return status
}

// loggerCmd is util-linux logger. The host runs no syslog daemon, so there is
// no /dev/log: a message logged only there is lost silently, as logger does
// when its socket is missing, and with -s (a copy on stderr) logger says so
// and fails.
func loggerCmd(p *shell.Proc) int {
	g := progkit.Getopt{Short: "ef:ip:S:st:u:dTn:P:Vh", Long: []string{"file:=f", "id::", "priority:=p", "size:=S", "stderr=s",
		"tag:=t", "socket:=u", "udp=d", "tcp=T", "server:=n", "port:=P", "rfc3164", "rfc5424::", "journald::", "no-act",
		"octet-count", "prio-prefix", "skip-empty", "socket-errors::", "msgid:", "sd-id:", "sd-param:", "version=V", "help=h"},
		NotEmulated: []string{"n", "server", "P", "port", "d", "udp", "T", "tcp", "journald", "h", "help"}}
	c, code, ok := g.Parse(p, p.Args())
	if !ok {
		return code
	}
	if c.Has("V") {
		return progkit.UtilLinuxVersion(p)
	}
	if c.Has("n", "server", "journald", "h") {
		return 0
	}
	socket := "/dev/log"
	if v, ok := c.Value("u"); ok {
		socket = v
	}
	if c.Has("no-act") && !c.Has("s") {
		return 0
	}
	if _, err := p.M.FS.Stat(p.Cred(), p.Abs(socket)); err != nil {
		if c.Has("s") {
			return p.Fail(1, "socket %s: %s", socket, p.Strerror(err))
		}
		return 0
	}
	p.NotEmulated("logging to " + socket)
	return 0
}
