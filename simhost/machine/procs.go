package machine

import (
	"errors"
	"sort"
	"sync"
	"syscall"
	"time"
)

// Proc is a process in the host's process table: a login session's shell or a
// running emulated command. Nothing real runs; ps and kill read and act on this.
type Proc struct {
	PID, PPID int
	UID       int
	User      string
	Argv      []string
	TTY       string // "pts/0" or "?"
	Start     time.Time
	Umask     uint32 // the file creation mask, as /proc/PID/status shows it
	Exe       string // the program file, /proc/PID/exe's target; "" for a kernel-made line
	Nice      int    // niceness, inherited from the parent (nice sets it)
	Cwd       string // the working directory, /proc/PID/cwd's target; "" for none shown
	// Ignored are the signals it ignores, bit n-1 for signal n (SigIgn):
	// inherited through fork and exec; Signal drops them.
	Ignored uint64
	signal  func(sig int)
}

// ProcTable numbers and tracks the host's processes.
type ProcTable struct {
	mu    sync.Mutex
	next  int
	procs map[int]*Proc
	// changed is told of each process that starts (exited 0) or ends, after
	// the table's lock is released: /proc follows the table.
	changed func(started *Proc, exited int)
	perUser map[int]int // processes per uid
	limit   int         // RLIMIT_NPROC of every user but root
}

// ErrNoProcess is what kill gets for a pid that is not running.
var ErrNoProcess = errors.New("no such process")

// ErrProcessLimit is what a fork gets when the user has as many processes as
// his limit allows: EAGAIN, "Resource temporarily unavailable".
var ErrProcessLimit = syscall.EAGAIN

// SSHDPID is the pid of the host's listening sshd, which its pid file holds.
const SSHDPID = 412

func newProcTable(booted time.Time, limit int) *ProcTable {
	t := &ProcTable{next: 1000, procs: map[int]*Proc{}, perUser: map[int]int{}, limit: limit}
	for _, p := range []*Proc{
		{PID: 1, User: "root", Argv: []string{"/sbin/init"}, TTY: "?", Start: booted, Exe: "/usr/lib/systemd/systemd", Umask: 0o022, Cwd: "/"},
		{PID: SSHDPID, PPID: 1, User: "root", Argv: []string{"sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups"}, TTY: "?", Start: booted, Exe: "/usr/sbin/sshd", Umask: 0o022, Cwd: "/"},
		{PID: 398, PPID: 1, User: "root", Argv: []string{"/usr/sbin/cron", "-f"}, TTY: "?", Start: booted, Exe: "/usr/sbin/cron", Umask: 0o022, Cwd: "/var/spool/cron"},
	} {
		t.procs[p.PID] = p
	}
	return t
}

// Start adds a process and returns it with its pid; signal is called by Signal
// (see Spawn).
func (t *ProcTable) Start(ppid, uid int, user string, argv []string, tty string, signal func(sig int)) *Proc {
	return t.Spawn(Proc{PPID: ppid, UID: uid, User: user, Argv: argv, TTY: tty}, signal)
}

// Spawn adds p with the next pid and the time now, and returns it; signal is
// called by Signal. It is not held to the user's process limit: sshd starts a
// login's shell whatever the user runs.
func (t *ProcTable) Spawn(p Proc, signal func(sig int)) *Proc {
	t.mu.Lock()
	p.PID, p.Start, p.signal = t.add(), time.Now(), signal
	return t.publish(&p)
}

// Fork is Spawn for a process a user's process makes: past the user's limit
// (root has none) it fails with ErrProcessLimit, as fork(2) does.
func (t *ProcTable) Fork(p Proc, signal func(sig int)) (*Proc, error) {
	return t.ForkWithin(p, 0, signal)
}

// ForkWithin is Fork for a process whose RLIMIT_NPROC was lowered (ulimit
// -u): limit, when positive and under the host's, is the user's limit.
func (t *ProcTable) ForkWithin(p Proc, limit int, signal func(sig int)) (*Proc, error) {
	t.mu.Lock()
	if limit <= 0 || limit > t.limit {
		limit = t.limit
	}
	if p.UID != 0 && t.perUser[p.UID] >= limit {
		t.mu.Unlock()
		return nil, ErrProcessLimit
	}
	p.PID, p.Start, p.signal = t.add(), time.Now(), signal
	return t.publish(&p), nil
}

// add takes the next pid; the caller holds the lock.
func (t *ProcTable) add() int {
	t.next++
	return t.next
}

// publish enters p, which inherits its parent's niceness, counts it for its
// user, releases the lock and tells the table's watcher.
func (t *ProcTable) publish(p *Proc) *Proc {
	p.Argv = append([]string(nil), p.Argv...)
	if parent, ok := t.procs[p.PPID]; ok {
		p.Nice = parent.Nice
	}
	t.procs[p.PID] = p
	t.perUser[p.UID]++
	snapshot := *p
	changed := t.changed
	t.mu.Unlock()
	if changed != nil {
		changed(&snapshot, 0)
	}
	return p
}

// Exec makes the running process pid run another program in its place, as
// execve does: its pid, parent and start stay, ignored are the signals the
// program ignores; it returns the process as it now is, and false when pid
// is not running.
func (t *ProcTable) Exec(pid int, argv []string, exe string, umask uint32, ignored uint64, signal func(sig int)) (*Proc, bool) {
	t.mu.Lock()
	p, ok := t.procs[pid]
	var snapshot Proc
	if ok {
		p.Argv, p.Exe, p.Umask, p.Ignored, p.signal = append([]string(nil), argv...), exe, umask, ignored, signal
		snapshot = *p
	}
	changed := t.changed
	t.mu.Unlock()
	if ok && changed != nil {
		changed(&snapshot, 0)
	}
	return p, ok
}

// SetArgv changes what a running process's command line reads (a shell that
// was started before its -c text was known).
func (t *ProcTable) SetArgv(pid int, argv []string) {
	t.mu.Lock()
	p, ok := t.procs[pid]
	var snapshot Proc
	if ok {
		p.Argv = append([]string(nil), argv...)
		snapshot = *p
	}
	changed := t.changed
	t.mu.Unlock()
	if ok && changed != nil {
		changed(&snapshot, 0)
	}
}

// SetUmask changes the file creation mask a running process shows.
func (t *ProcTable) SetUmask(pid int, mask uint32) {
	t.update(pid, func(p *Proc) bool {
		changed := p.Umask != mask
		p.Umask = mask
		return changed
	})
}

// SetIgnored changes the signals a running process ignores: a shell's, when
// trap changes them.
func (t *ProcTable) SetIgnored(pid int, ignored uint64) {
	t.update(pid, func(p *Proc) bool {
		changed := p.Ignored != ignored
		p.Ignored = ignored
		return changed
	})
}

// SetCwd changes the working directory a running process shows: a shell's,
// as it is when it starts a program (the table learns of its cd no sooner).
func (t *ProcTable) SetCwd(pid int, dir string) {
	t.update(pid, func(p *Proc) bool {
		changed := p.Cwd != dir
		p.Cwd = dir
		return changed
	})
}

// update applies set to a running process under the table's lock and tells
// the table's watcher when set reports a change.
func (t *ProcTable) update(pid int, set func(*Proc) bool) {
	t.mu.Lock()
	p, ok := t.procs[pid]
	var snapshot Proc
	if ok = ok && set(p); ok {
		snapshot = *p
	}
	changed := t.changed
	t.mu.Unlock()
	if ok && changed != nil {
		changed(&snapshot, 0)
	}
}

// Exit removes the process.
func (t *ProcTable) Exit(pid int) {
	t.mu.Lock()
	p, ok := t.procs[pid]
	if ok {
		delete(t.procs, pid)
		if t.perUser[p.UID]--; t.perUser[p.UID] == 0 {
			delete(t.perUser, p.UID)
		}
	}
	changed := t.changed
	t.mu.Unlock()
	if ok && changed != nil {
		changed(nil, pid)
	}
}

// Count is how many processes uid has.
func (t *ProcTable) Count(uid int) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.perUser[uid]
}

// Len is how many processes run.
func (t *ProcTable) Len() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.procs)
}

// Last is the pid given most recently.
func (t *ProcTable) Last() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.next
}

// List returns a snapshot sorted by pid.
func (t *ProcTable) List() []Proc {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make([]Proc, 0, len(t.procs))
	for _, p := range t.procs {
		out = append(out, *p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].PID < out[j].PID })
	return out
}

// Get returns the process with pid.
func (t *ProcTable) Get(pid int) (Proc, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	p, ok := t.procs[pid]
	if !ok {
		return Proc{}, false
	}
	return *p, true
}

// Signal delivers sig to pid. Processes without a handler (the static system ones)
// ignore it, like init does, and so does one that ignores sig (KILL and STOP
// cannot be ignored).
func (t *ProcTable) Signal(pid, sig int) error {
	t.mu.Lock()
	p, ok := t.procs[pid]
	var deliver func(int)
	if ok && !Ignores(p.Ignored, sig) {
		deliver = p.signal // under the lock: an exec in place replaces it
	}
	t.mu.Unlock()
	if !ok {
		return ErrNoProcess
	}
	if deliver != nil && sig != 0 {
		deliver(sig)
	}
	return nil
}
