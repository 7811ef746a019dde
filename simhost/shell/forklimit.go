package shell

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/hostile-lab/hostile/simhost/machine"
)

// forkRetries are the pauses bash's make_child takes when fork fails with
// EAGAIN (the user's process limit), saying "fork: retry" before each; after
// the last it gives up on the whole command line. Seen on bookworm's bash 5.2
// with `ulimit -u`: four retries 1, 2, 4 and 8 s apart, then
// "bash: fork: Resource temporarily unavailable", and nothing more of the line ran.
var forkRetries = []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second}

// errForkFailed ends the shell's command line after bash's last fork retry:
// the exec handler returns it, the interpreter stops, and run answers 1
// without another word (bash already said why).
var errForkFailed = errors.New("fork: Resource temporarily unavailable")

// fork enters req's process in the host's table, held to its user's process
// limit as bash meets it: retries with the shell's complaint on the session's
// stderr, then errForkFailed. A cancelled ctx ends the wait.
func (s *Session) fork(ctx context.Context, req execRequest, tty string, signal func(int)) (*machine.Proc, error) {
	for i := 0; ; i++ {
		entry, err := s.m.Procs.ForkWithin(machine.Proc{
			PPID: req.ppid, UID: req.account.UID, User: req.account.Name, Argv: req.argv, TTY: tty, Umask: req.umask, Exe: req.exe, Cwd: req.dir,
			Ignored: req.ignored,
		}, req.limits.processes(), signal)
		if err == nil {
			return entry, nil
		}
		if i == len(forkRetries) {
			fmt.Fprintf(s.shellStderr(), "%s: fork: %s\n", s.shellName(), strerror(s.m.P, err))
			return nil, errForkFailed
		}
		fmt.Fprintf(s.shellStderr(), "%s: fork: retry: %s\n", s.shellName(), strerror(s.m.P, err))
		t := time.NewTimer(forkRetries[i])
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return nil, ctx.Err()
		}
	}
}

// shellName is how the login shell names itself in its messages.
func (s *Session) shellName() string {
	if s.main == nil {
		return "sh"
	}
	return s.main.argv0
}

func (s *Session) shellStderr() io.Writer { return orDiscard(s.opts.Stderr) }
