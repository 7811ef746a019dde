package machine

import (
	"errors"
	"sort"
	"sync"
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
	Nice      int // niceness, inherited from the parent (nice sets it)
	signal    func(sig int)
}

// ProcTable numbers and tracks the host's processes.
type ProcTable struct {
	mu    sync.Mutex
	next  int
	procs map[int]*Proc
}

// ErrNoProcess is what kill gets for a pid that is not running.
var ErrNoProcess = errors.New("no such process")

func newProcTable(booted time.Time) *ProcTable {
	t := &ProcTable{next: 1000, procs: map[int]*Proc{}}
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
func (t *ProcTable) Start(ppid, uid int, user string, argv []string, tty string, signal func(sig int)) *Proc {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.next++
	p := &Proc{PID: t.next, PPID: ppid, UID: uid, User: user, Argv: argv, TTY: tty, Start: time.Now(), signal: signal}
	if parent, ok := t.procs[ppid]; ok {
		p.Nice = parent.Nice
	}
	t.procs[p.PID] = p
	return p
}

// Exit removes the process.
func (t *ProcTable) Exit(pid int) {
	t.mu.Lock()
	delete(t.procs, pid)
	t.mu.Unlock()
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
