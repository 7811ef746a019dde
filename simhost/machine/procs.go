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
	signal    func(sig int)
}

// ProcTable numbers and tracks the host's processes.
type ProcTable struct {
	mu      sync.Mutex
	next    int
	procs   map[int]*Proc
	perUser map[int]int // processes per uid
	limit   int         // RLIMIT_NPROC of every user but root
}

// ErrNoProcess is what kill gets for a pid that is not running.
var ErrNoProcess = errors.New("no such process")

// ErrProcessLimit is what a fork gets when the user has as many processes as
// his limit allows: EAGAIN, "Resource temporarily unavailable".
var ErrProcessLimit = syscall.EAGAIN

func newProcTable(booted time.Time, limit int) *ProcTable {
	t := &ProcTable{next: 1000, procs: map[int]*Proc{}, perUser: map[int]int{}, limit: limit}
	for _, p := range []*Proc{
		{PID: 1, User: "root", Argv: []string{"/sbin/init"}, TTY: "?", Start: booted},
		{PID: 412, PPID: 1, User: "root", Argv: []string{"sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups"}, TTY: "?", Start: booted},
		{PID: 398, PPID: 1, User: "root", Argv: []string{"/usr/sbin/cron", "-f"}, TTY: "?", Start: booted},
	} {
		t.procs[p.PID] = p
	}
	return t
}

// Start adds a process and returns it with its pid; signal is called by Signal.
// It is not held to the user's process limit: sshd starts a login's shell
// whatever the user runs.
func (t *ProcTable) Start(ppid, uid int, user string, argv []string, tty string, signal func(sig int)) *Proc {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.add(ppid, uid, user, argv, tty, signal)
}

// Fork is Start for a process a user's process makes: past the user's limit
// (root has none) it fails with ErrProcessLimit, as fork(2) does.
func (t *ProcTable) Fork(ppid, uid int, user string, argv []string, tty string, signal func(sig int)) (*Proc, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if uid != 0 && t.perUser[uid] >= t.limit {
		return nil, ErrProcessLimit
	}
	return t.add(ppid, uid, user, argv, tty, signal), nil
}

func (t *ProcTable) add(ppid, uid int, user string, argv []string, tty string, signal func(sig int)) *Proc {
	t.next++
	p := &Proc{PID: t.next, PPID: ppid, UID: uid, User: user, Argv: argv, TTY: tty, Start: time.Now(), signal: signal}
	t.procs[p.PID] = p
	t.perUser[uid]++
	return p
}

// Exit removes the process.
func (t *ProcTable) Exit(pid int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if p, ok := t.procs[pid]; ok {
		delete(t.procs, pid)
		if t.perUser[p.UID]--; t.perUser[p.UID] == 0 {
			delete(t.perUser, p.UID)
		}
	}
}

// Count is how many processes uid has.
func (t *ProcTable) Count(uid int) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.perUser[uid]
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
// ignore it, like init does.
func (t *ProcTable) Signal(pid, sig int) error {
	t.mu.Lock()
	p, ok := t.procs[pid]
	t.mu.Unlock()
	if !ok {
		return ErrNoProcess
	}
	if p.signal != nil && sig != 0 {
		p.signal(sig)
	}
	return nil
}
