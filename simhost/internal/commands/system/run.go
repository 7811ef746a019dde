package system

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/shell"
)

// Programs that run another program: timeout, nohup, nice (coreutils).
func init() {
	shell.Register(shell.Command{Name: "timeout", Only: "gnu", Run: timeoutCmd})
	shell.Register(shell.Command{Name: "nohup", Only: "gnu", Run: nohupCmd})
	shell.Register(shell.Command{Name: "nice", Only: "gnu", Run: niceCmd})
}

// runFailed words a program that could not be started as coreutils'
// timeout and nohup do, and returns 126 or 127.
func runFailed(p *shell.Proc, name string, err *shell.ExecError) int {
	errno := sysExecErrno(err)
	p.Errorf("failed to run command %s: %s", progkit.QuoteC(name), p.Strerror(errno))
	if errno == syscall.ENOENT {
		return 127
	}
	return 126
}

// timeoutDuration reads DURATION: a floating number with an optional s, m, h
// or d suffix.
func timeoutDuration(s string) (time.Duration, bool) {
	mult := time.Second
	num := s
	if n := len(s); n > 0 {
		switch s[n-1] {
		case 's':
			num = s[:n-1]
		case 'm':
			mult, num = time.Minute, s[:n-1]
		case 'h':
			mult, num = time.Hour, s[:n-1]
		case 'd':
			mult, num = 24*time.Hour, s[:n-1]
		}
	}
	f, err := strconv.ParseFloat(num, 64)
	if err != nil || f < 0 || math.IsNaN(f) || strings.ContainsAny(num, "xXpP") {
		return 0, false
	}
	d := f * float64(mult)
	if d > float64(math.MaxInt64) {
		return math.MaxInt64, true
	}
	return time.Duration(d), true
}

func timeoutCmd(p *shell.Proc) int {
	g := progkit.Getopt{Short: "+k:s:v", Long: []string{"kill-after:=k", "signal:=s", "verbose=v", "preserve-status", "foreground", "help", "version"}, Status: 125}
	c, code, ok := g.Parse(p, p.Args())
	if !ok {
		return code
	}
	coreutils := p.M.P.Version("coreutils")
	switch {
	case c.Has("help"):
		if text, ok := timeoutHelp[coreutils]; ok {
			p.Printf("%s", text)
			return 0
		}
		p.NotEmulated("timeout --help of coreutils " + coreutils)
		return 0
	case c.Has("version"):
		return progkit.CoreutilsVersion(p, "timeout", "Padraig Brady")
	}
	if len(c.Operands) < 2 {
		return g.Fail(p, "") // coreutils prints only the Try line here
	}
	limit, ok := timeoutDuration(c.Operands[0])
	if !ok {
		return g.Fail(p, fmt.Sprintf("invalid time interval %s", progkit.QuoteC(c.Operands[0])))
	}
	sig := 15
	if s, given := c.Value("s"); given {
		n, ok := sysSignal(p, s)
		if !ok {
			return g.Fail(p, fmt.Sprintf("%s: invalid signal", s))
		}
		sig = n
	}
	var killAfter time.Duration
	if k, given := c.Value("k"); given {
		if killAfter, ok = timeoutDuration(k); !ok {
			return g.Fail(p, fmt.Sprintf("invalid time interval %s", progkit.QuoteC(k)))
		}
	}
	argv := c.Operands[1:]
	ctx, cancel := context.WithCancel(p.Ctx)
	defer cancel()
	child := *p
	child.Ctx = ctx
	// The signals timeout catches are at their default in the command (exec
	// resets a caught signal), TTIN and TTOU too: only the others it
	// inherited ignored stay so.
	for _, s := range []int{1, 2, 3, 14, 15, 17, 21, 22, sig} {
		child.Ignored &^= machine.SignalBit(s)
	}
	var timedOut, killed atomic.Bool
	send := func(s int) {
		if c.Has("v") {
			p.Errorf("sending signal %s to command %s", sysSignals(p)[s], progkit.QuoteC(argv[0]))
		}
		if !signalGroup(p, s, !c.Has("foreground")) {
			cancel() // not started yet: it dies of the signal it no longer ignores
		}
	}
	done, watched := make(chan struct{}), make(chan struct{})
	go func() { // the timer: sig at the limit, KILL kill-after later
		defer close(watched)
		wait := func(d time.Duration) bool {
			t := time.NewTimer(d)
			defer t.Stop()
			select {
			case <-t.C:
				return true
			case <-done:
				return false
			}
		}
		if limit <= 0 || !wait(limit) {
			return
		}
		timedOut.Store(true)
		send(sig)
		if killAfter > 0 && sig != 9 && wait(killAfter) {
			killed.Store(true)
			send(9)
		}
	}()
	code, err := sysExec(&child, p.Env, argv, p.Stdin)
	close(done)
	<-watched
	if err != nil {
		return runFailed(p, argv[0], err)
	}
	switch {
	case !timedOut.Load():
		return code
	case killed.Load() || sig == 9 || c.Has("preserve-status"):
		// The command's own status: 137 when KILL ended it.
		return code
	}
	return 124
}

// signalGroup sends sig as timeout does: to the command it started, and
// without --foreground to its whole process group (every descendant of
// timeout; KILL ends timeout too); a process ignoring sig is left alone.
// false when timeout has no child yet.
func signalGroup(p *shell.Proc, sig int, group bool) bool {
	procs := p.M.Procs.List()
	children := map[int][]int{}
	for _, q := range procs {
		children[q.PPID] = append(children[q.PPID], q.PID)
	}
	direct := children[p.PID]
	if len(direct) == 0 {
		return false
	}
	for _, pid := range direct {
		p.M.Procs.Signal(pid, sig)
	}
	if !group {
		return true
	}
	for queue := direct; len(queue) > 0; queue = queue[1:] {
		for _, pid := range children[queue[0]] {
			p.M.Procs.Signal(pid, sig)
			queue = append(queue, pid)
		}
	}
	if sig == 9 {
		p.M.Procs.Signal(p.PID, 9)
	}
	return true
}

func nohupCmd(p *shell.Proc) int {
	g := progkit.Getopt{Short: "+", Long: []string{}, Status: 125}
	c, code, ok := g.Parse(p, p.Args())
	if !ok {
		return code
	}
	if len(c.Operands) == 0 {
		p.Errorf("missing operand")
		return g.Fail(p, "")
	}
	stdin, stdout, stderr := p.Stdin, p.Stdout, p.Stderr
	inTTY, outTTY, errTTY := p.IsTerminal(p.Stdin), p.IsTerminal(p.Stdout), p.IsTerminal(p.Stderr)
	var note string
	if inTTY {
		stdin = strings.NewReader("") // nohup gives it an unreadable descriptor
		note = "ignoring input"
	}
	if outTTY {
		name := "nohup.out"
		f, err := p.M.FS.OpenFile(p.Cred(), p.Abs(name), os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
		if err != nil {
			home := p.Getenv("HOME")
			name = strings.TrimSuffix(home, "/") + "/nohup.out"
			f, err = p.M.FS.OpenFile(p.Cred(), name, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
			if err != nil {
				p.Errorf("failed to open %s: %s", progkit.QuoteC(name), p.Strerror(err))
				return 125
			}
		}
		defer f.Close()
		stdout = f
		note = strings.TrimPrefix(note+" and appending output to "+progkit.QuoteC(name), " and ")
	}
	if errTTY {
		stderr = stdout
		if !outTTY {
			note = strings.TrimPrefix(note+" and redirecting stderr to stdout", " and ")
		}
	}
	if note != "" {
		p.Errorf("%s", note)
	}
	// nohup ignores HUP and execs the command, which keeps it ignored.
	p.Ignored |= machine.SignalBit(1)
	p.M.Procs.SetIgnored(p.PID, p.Ignored)
	code, err := p.Exec(p.User, p.Env, c.Operands, stdin, stdout, stderr)
	var ee *shell.ExecError
	if errors.As(err, &ee) {
		return runFailed(p, c.Operands[0], ee)
	}
	return code
}

func niceCmd(p *shell.Proc) int {
	args := p.Args()
	// nice accepts the obsolete -N form (nice -5 cmd) before getopt sees it.
	adjust, given := "10", false
	if len(args) > 0 && len(args[0]) > 1 && args[0][0] == '-' && (args[0][1] >= '0' && args[0][1] <= '9' || args[0][1] == '-' && len(args[0]) > 2 && args[0][2] >= '0' && args[0][2] <= '9') {
		adjust, given, args = args[0][1:], true, args[1:]
	}
	g := progkit.Getopt{Short: "+n:", Long: []string{"adjustment:=n"}, Status: 125}
	c, code, ok := g.Parse(p, args)
	if !ok {
		return code
	}
	if v, ok := c.Value("n"); ok {
		adjust, given = v, true
	}
	n, err := strconv.Atoi(strings.TrimPrefix(adjust, "+"))
	if err != nil {
		return p.Fail(125, "invalid adjustment %s", progkit.QuoteC(adjust))
	}
	current := p.M.Procs.Nice(p.PID)
	if len(c.Operands) == 0 {
		if given {
			p.Errorf("a command must be given with an adjustment")
			return g.Fail(p, "")
		}
		p.Printf("%d\n", current)
		return 0
	}
	niceness := min(max(current+n, -20), 19)
	if niceness < current && p.User.UID != 0 {
		p.Errorf("cannot set niceness: %s", p.Strerror(syscall.EACCES))
		niceness = current
	}
	restore := p.M.Procs.SetNice(p.PID, niceness)
	defer restore()
	code, xerr := sysExec(p, p.Env, c.Operands, p.Stdin)
	if xerr != nil {
		errno := sysExecErrno(xerr)
		p.Errorf("%s: %s", progkit.QuoteC(c.Operands[0]), p.Strerror(errno))
		if errno == syscall.ENOENT {
			return 127
		}
		return 126
	}
	return code
}
