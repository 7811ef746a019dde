package machine

import (
	"context"
	"sync"
)

// FileID names a file for its locks: the mount it is on and its inode, so
// that every name of a file (a hard link, a symlink followed) shares them.
type FileID struct{ Dev, Ino uint64 }

// FileLocks are the host's flock(2) locks: per file, one exclusive holder or
// any number of shared ones, each hold released by the one who took it. A
// waiter wakes on every release and tries again.
type FileLocks struct {
	mu   sync.Mutex
	held map[FileID]*fileLock
}

type fileLock struct {
	exclusive bool
	holders   int
	released  chan struct{} // closed and replaced at each release
}

// TryLock takes the lock of id when no other hold conflicts: release gives
// it back (once); ok is false on a conflict.
func (l *FileLocks) TryLock(id FileID, exclusive bool) (release func(), ok bool) {
	release, _, ok = l.try(id, exclusive)
	return release, ok
}

func (l *FileLocks) try(id FileID, exclusive bool) (release func(), wait <-chan struct{}, ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.held == nil {
		l.held = map[FileID]*fileLock{}
	}
	f := l.held[id]
	if f == nil {
		f = &fileLock{released: make(chan struct{})}
		l.held[id] = f
	}
	if f.holders > 0 && (exclusive || f.exclusive) {
		return nil, f.released, false
	}
	f.holders++
	f.exclusive = exclusive
	var once sync.Once
	return func() { once.Do(func() { l.release(id, f) }) }, nil, true
}

func (l *FileLocks) release(id FileID, f *fileLock) {
	l.mu.Lock()
	defer l.mu.Unlock()
	f.holders--
	close(f.released)
	f.released = make(chan struct{})
	if f.holders == 0 {
		delete(l.held, id)
	}
}

// Lock waits for the lock of id until it is free or ctx ends (err is then
// ctx's).
func (l *FileLocks) Lock(ctx context.Context, id FileID, exclusive bool) (release func(), err error) {
	for {
		release, wait, ok := l.try(id, exclusive)
		if ok {
			return release, nil
		}
		select {
		case <-wait:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}
