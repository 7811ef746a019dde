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
