package events

// Added counts the events ever added to the log (Retain and Reset do not take
// any back): a cheap sign that the host is doing something, for a watcher
// that polls it.
func (l *Log) Added() uint64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.seq
}
