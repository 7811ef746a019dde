package machine

// Nice is a process's niceness (0 for one not running).
func (t *ProcTable) Nice(pid int) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	if p, ok := t.procs[pid]; ok {
		return p.Nice
	}
	return 0
}

// SetNice changes a process's niceness, which its children inherit; restore
// puts the old value back.
func (t *ProcTable) SetNice(pid, nice int) (restore func()) {
	t.mu.Lock()
	defer t.mu.Unlock()
	p, ok := t.procs[pid]
	if !ok {
		return func() {}
	}
	old := p.Nice
	p.Nice = nice
	return func() {
		t.mu.Lock()
		p.Nice = old
		t.mu.Unlock()
	}
}

// IOPrio is a process's I/O scheduling priority as ioprio_get(2) gives it: a
// class (0 none, 1 realtime, 2 best-effort, 3 idle) and a level 0-7 within it.
type IOPrio struct{ Class, Level int }

// IOPrio is a process's I/O priority, and false when it is not running.
func (t *ProcTable) IOPrio(pid int) (IOPrio, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if p, ok := t.procs[pid]; ok {
		return p.IOPrio, true
	}
	return IOPrio{}, false
}

// SetIOPrio changes a running process's I/O priority, which its children
// inherit; it returns false when pid is not running.
func (t *ProcTable) SetIOPrio(pid int, prio IOPrio) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	p, ok := t.procs[pid]
	if ok {
		p.IOPrio = prio
	}
	return ok
}
