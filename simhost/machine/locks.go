package machine

import (
	"context"
	"sync"
	"time"
)

// FileLocks are the flock(2) locks the host's processes hold, by file: many
// shared holders or one exclusive, as the kernel keeps them per open file.
// The zero value has no locks.
type FileLocks struct {
	mu   sync.Mutex
	held map[string]*fileLock
}

type fileLock struct {
	shared    int
	exclusive bool
	// released is closed, and replaced, whenever a holder lets go.
	released chan struct{}
}

// TryLock takes the lock on key (a file's path) when no holder conflicts;
// unlock lets it go.
func (l *FileLocks) TryLock(key string, exclusive bool) (unlock func(), ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	unlock, ok, _ = l.take(key, exclusive)
	return unlock, ok
}

// Lock waits for the lock on key until ctx ends or wait has passed (wait < 0
// waits for ever); ok is false when it was not had.
func (l *FileLocks) Lock(ctx context.Context, key string, exclusive bool, wait time.Duration) (unlock func(), ok bool) {
	var expired <-chan time.Time
	if wait >= 0 {
		t := time.NewTimer(wait)
		defer t.Stop()
		expired = t.C
	}
	for {
		l.mu.Lock()
		unlock, ok, released := l.take(key, exclusive)
		l.mu.Unlock()
		if ok {
			return unlock, true
		}
		select {
		case <-released:
		case <-expired:
			return nil, false
		case <-ctx.Done():
			return nil, false
		}
	}
}

// take is TryLock under l.mu; when it fails, released tells of the next release.
func (l *FileLocks) take(key string, exclusive bool) (unlock func(), ok bool, released <-chan struct{}) {
	if l.held == nil {
		l.held = map[string]*fileLock{}
	}
	f := l.held[key]
	if f == nil {
		f = &fileLock{released: make(chan struct{})}
		l.held[key] = f
	}
	if f.exclusive || exclusive && f.shared > 0 {
		return nil, false, f.released
	}
	if exclusive {
		f.exclusive = true
	} else {
		f.shared++
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			l.mu.Lock()
			defer l.mu.Unlock()
			if exclusive {
				f.exclusive = false
			} else {
				f.shared--
			}
			close(f.released)
			f.released = make(chan struct{})
			if !f.exclusive && f.shared == 0 {
				delete(l.held, key)
			}
		})
	}, true, nil
}
