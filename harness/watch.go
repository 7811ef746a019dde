package harness

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"
)

// A verdict judges a hang by what the host shows, not by the clock: a command
// blocked reading its stdin is a prompt nobody answers, whatever the machine's
// speed; a host that has done nothing at all for a while is not slow but stuck.
// Targets that can tell implement Watcher.

// InputWait is a session's command blocked reading its stdin.
type InputWait struct {
	Command string        // what waits, as the host names it
	For     time.Duration // how long it has been waiting, as far as the host has seen
}

// Observation is one look at a target while a stimulus runs.
type Observation struct {
	// Waits are the session commands blocked reading their stdin now.
	Waits []InputWait
	// Activity grows whenever the host does work for a client (a command
	// started or ended, a session or connection opened or closed, a process
	// made); keep-alives do not count. Only its changes mean anything.
	Activity uint64
}

// Watcher is a target that can be observed while a stimulus runs.
type Watcher interface {
	Watch(ctx context.Context) (Observation, error)
}

// Watch reads the simulated host's own record: the sessions whose program
// waits in a read of stdin, and the events it logged.
func (t *SimTarget) Watch(context.Context) (Observation, error) {
	now := time.Now()
	var o Observation
	for _, w := range t.Host.BlockedOnInput() {
		o.Waits = append(o.Waits, InputWait{Command: w.Command, For: now.Sub(w.Since)})
	}
	o.Activity = t.Host.Events().Added()
	return o, nil
}

// containerProbe lists, for every process in the container, its pid, its
// parent, its state, what its fd 0 is when it is in read(0, ...) (from
// /proc/PID/syscall: syscall 0 with first argument 0x0, on x86_64), and its
// command line. Only builtins run per process, so a look costs one shell
// and two small processes per reading process.
const containerProbe = `echo "self $$"
for d in /proc/[0-9]*; do
  read -r sc a0 _ < $d/syscall 2>/dev/null || continue
  read -r stat < $d/stat || continue
  set -- ${stat##*) }
  read -r args < $d/cmdline || :
  fd0=-
  if [ "$sc" = 0 ] && [ "$a0" = 0x0 ]; then
    fd0=$(readlink $d/fd/0); args=$(tr '\0' ' ' < $d/cmdline)
  fi
  printf 'p %s %s %s %s %s\n' "${d#/proc/}" "$2" "$1" "$fd0" "$args"
done`

// containerWatch is what the container target remembers between looks.
type containerWatch struct {
	mu       sync.Mutex
	pids     map[int]bool      // the processes of the previous look, the probe's aside
	activity uint64            // processes started or ended, counted over the looks
	seen     map[int]time.Time // reading pid -> when first seen reading
}

// Watch asks the container's kernel: which session processes are blocked in
// a read of their stdin (a pipe, socket or terminal), and how many processes
// started or ended since the last look, the probe's own aside.
func (t *ContainerTarget) Watch(ctx context.Context) (Observation, error) {
	out, stderr, code, err := t.Exec(ctx, "sh", "-c", containerProbe)
	if err != nil || code != 0 {
		return Observation{}, fmt.Errorf("watch the container: exit %d %s %v", code, stderr, err)
	}
	return t.watch.observe(out, time.Now())
}

// probedProc is one process as the container probe printed it.
type probedProc struct {
	ppid         int
	readingStdin bool // in state S, in read(0), fd 0 a pipe, socket or terminal
	args         string
}

func (w *containerWatch) observe(out string, now time.Time) (Observation, error) {
	procs := map[int]*probedProc{}
	self := -1
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		switch {
		case len(f) == 2 && f[0] == "self":
			self, _ = strconv.Atoi(f[1])
		case len(f) >= 5 && f[0] == "p":
			pid, _ := strconv.Atoi(f[1])
			ppid, _ := strconv.Atoi(f[2])
			fd0 := f[4]
			reading := f[3] == "S" && (strings.HasPrefix(fd0, "pipe:") || strings.HasPrefix(fd0, "socket:") || strings.HasPrefix(fd0, "/dev/pts/"))
			procs[pid] = &probedProc{ppid: ppid, readingStdin: reading, args: strings.Join(f[5:], " ")}
		}
	}
	if self < 0 {
		return Observation{}, fmt.Errorf("watch the container: the probe printed %q", out)
	}
	pids := map[int]bool{}
	for pid, p := range procs {
		if pid != self && p.ppid != self {
			pids[pid] = true
		}
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.pids != nil {
		for pid := range pids {
			if !w.pids[pid] {
				w.activity++
			}
		}
		for pid := range w.pids {
			if !pids[pid] {
				w.activity++
			}
		}
	}
	w.pids = pids
	var o Observation
	seen := map[int]time.Time{}
	for pid, p := range procs {
		if !p.readingStdin || !underSession(pid, procs) {
			continue
		}
		first, ok := w.seen[pid]
		if !ok {
			first = now
		}
		seen[pid] = first
		o.Waits = append(o.Waits, InputWait{Command: p.args, For: now.Sub(first)})
	}
	w.seen = seen
	o.Activity = w.activity
	return o, nil
}

// underSession reports whether pid descends from a connection's
// `sshd: USER@notty` or `sshd: USER@pts/N` process: a session's command.
func underSession(pid int, procs map[int]*probedProc) bool {
	for hops := 0; hops < 64; hops++ {
		p, ok := procs[pid]
		if !ok {
			return false
		}
		parent, ok := procs[p.ppid]
		if !ok {
			return false
		}
		if sessionParent.MatchString(parent.args) {
			return true
		}
		pid = p.ppid
	}
	return false
}
