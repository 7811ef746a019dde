package faults

import (
	"fmt"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/hostile-lab/hostile/simhost/events"
)

// Set is the faults active on one host. Readers take a snapshot without locking,
// so a hook never waits for the API, and the API never waits for a hook: removing
// a fault under load cannot hang (toxiproxy's long-standing bug).
type Set struct {
	mu  sync.Mutex // serialises writers
	cur atomic.Pointer[[]*Active]
	log *events.Log
}

// NewSet returns an empty set that reports firings to log.
func NewSet(log *events.Log) *Set {
	s := &Set{log: log}
	s.cur.Store(&[]*Active{})
	return s
}

// Snapshot is the faults active now, in the order they were added.
func (s *Set) Snapshot() []*Active { return *s.cur.Load() }

// Add compiles and installs spec; its name must be new on this host.
func (s *Set) Add(spec Spec) (*Active, error) {
	return s.install(spec, func(old []*Active, a *Active) ([]*Active, error) {
		if slices.ContainsFunc(old, named(a.Spec.Name)) {
			return nil, fmt.Errorf("fault %q already exists; remove or update it", a.Spec.Name)
		}
		return append(slices.Clone(old), a), nil
	})
}

// Update replaces the named fault with spec, atomically.
func (s *Set) Update(name string, spec Spec) (*Active, error) {
	if spec.Name == "" {
		spec.Name = name
	}
	return s.install(spec, func(old []*Active, a *Active) ([]*Active, error) {
		i := slices.IndexFunc(old, named(name))
		if i < 0 {
			return nil, fmt.Errorf("no fault %q", name)
		}
		next := slices.Clone(old)
		next[i] = a
		return next, nil
	})
}

// Remove uninstalls the named fault.
func (s *Set) Remove(name string) error {
	return s.change(func(old []*Active) ([]*Active, error) {
		next := slices.DeleteFunc(slices.Clone(old), named(name))
		if len(next) == len(old) {
			return nil, fmt.Errorf("no fault %q", name)
		}
		return next, nil
	})
}

// install compiles spec and stores what place makes of the active faults and
// the new one.
func (s *Set) install(spec Spec, place func(old []*Active, a *Active) ([]*Active, error)) (*Active, error) {
	a, err := Compile(spec)
	if err != nil {
		return nil, err
	}
	if err := s.change(func(old []*Active) ([]*Active, error) { return place(old, a) }); err != nil {
		return nil, err
	}
	return a, nil
}

// change stores what edit makes of the active faults; writers take turns, and
// an error leaves the faults as they were.
func (s *Set) change(edit func(old []*Active) ([]*Active, error)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	next, err := edit(s.Snapshot())
	if err != nil {
		return err
	}
	s.cur.Store(&next)
	return nil
}

// named matches the active fault of that name.
func named(name string) func(*Active) bool {
	return func(a *Active) bool { return a.Spec.Name == name }
}

// Reset removes every fault.
func (s *Set) Reset() {
	s.mu.Lock()
	s.cur.Store(&[]*Active{})
	s.mu.Unlock()
}

// Each calls fn with every fault of type T that applies in the situation, in the
// order they were added, and records each firing in the event log. fn returns
// false to stop.
func Each[T any](s *Set, sit Situation, fn func(a *Active, f T) bool) {
	EachActing(s, sit, func(a *Active, f T) (bool, bool) { return true, fn(a, f) })
}

// EachActing is Each for hooks whose fault may still decide not to act (a
// method it does not touch, a request type it lets through): fn reports whether
// it acted, and only then is the firing recorded.
func EachActing[T any](s *Set, sit Situation, fn func(a *Active, f T) (acted, more bool)) {
	for _, a := range s.Snapshot() {
		f, ok := a.Fault.(T)
		if !ok || !a.Applies(sit) {
			continue
		}
		acted, more := fn(a, f)
		if acted {
			s.fired(a, sit)
		}
		if !more {
			return
		}
	}
}

// First returns the first fault of type T that applies in the situation.
func First[T any](s *Set, sit Situation) (T, bool) {
	var found T
	ok := false
	Each(s, sit, func(_ *Active, f T) bool {
		found, ok = f, true
		return false
	})
	return found, ok
}

func (s *Set) fired(a *Active, sit Situation) {
	a.fired.Add(1)
	if s.log == nil {
		return
	}
	s.log.Add(events.Event{Kind: events.FaultFired, Conn: sit.Conn, User: sit.User, Channel: sit.Channel,
		Detail: a.Spec.Name + " (" + a.Spec.Type + ")" + suffix(sit.Command),
		Fault:  a.Spec.Name, FaultType: a.Spec.Type, Command: sit.Command})
}

func suffix(cmd string) string {
	if cmd == "" {
		return ""
	}
	return ": " + cmd
}
