package harness

import (
	"context"
	"fmt"
	"path"
	"sort"
	"strings"
	"sync"

	gossh "golang.org/x/crypto/ssh"

	"github.com/hostile-lab/hostile/scenarios"
	"github.com/hostile-lab/hostile/simhost"
	"github.com/hostile-lab/hostile/simhost/events"
	"github.com/hostile-lab/hostile/simhost/faults"
	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

// Target is a host a scenario runs against: the simulated host in-process, or a
// real OS container. Everything the verdict needs is asked through it.
type Target interface {
	// Kind is "simulated" or "container".
	Kind() string
	// Addr is host:port for SSH.
	Addr() string
	// Credentials are how user logs in: a password and the harness's key.
	Credentials(user string) Credentials
	// OpenSessions counts SSH sessions open on the host now.
	OpenSessions(ctx context.Context) (int, error)
	// Glob lists the files on the host matching a pattern.
	Glob(ctx context.Context, pattern string) ([]string, error)
	// Events is the host's event log, nil where the target has none.
	Events() *events.Log
	// Faults is the host's fault set, nil where faults cannot be injected.
	Faults() *faults.Set
	Close() error
}

// Credentials are what a client logs in with.
type Credentials struct {
	User     string
	Password string
	Signer   gossh.Signer
	// IdentityFile is the same key as a file, for command-line clients.
	IdentityFile string
}

// SimTarget is a scenario's host served by the simulated host.
type SimTarget struct {
	Host     *simhost.Host
	identity *Identity
	users    map[string]string // user -> password
}

// StartHost serves d with the given faults on an ephemeral loopback port (or
// as opts say); every user also accepts id's key. Tests and replays use it.
func StartHost(ctx context.Context, d machine.Description, id *Identity, specs []faults.Spec, opts ...simhost.Option) (*simhost.Host, error) {
	d.Users = append(d.Users[:0:0], d.Users...)
	for i := range d.Users {
		d.Users[i].AuthorizedKeys = append(append([]string(nil), d.Users[i].AuthorizedKeys...), id.AuthorizedKey)
	}
	h, err := simhost.Start(ctx, d, opts...)
	if err != nil {
		return nil, err
	}
	for _, spec := range specs {
		if _, err := h.Faults().Add(spec); err != nil {
			h.Close()
			return nil, err
		}
	}
	return h, nil
}

// StartSim serves scenario s's host with its faults (see StartHost).
func StartSim(ctx context.Context, s *scenarios.Scenario, id *Identity, opts ...simhost.Option) (*SimTarget, error) {
	h, err := StartHost(ctx, s.Host, id, s.Faults, opts...)
	if err != nil {
		return nil, fmt.Errorf("scenario %s: %w", s.Name, err)
	}
	passwords := map[string]string{}
	for _, u := range s.Host.Users {
		passwords[u.Name] = u.Password
	}
	return &SimTarget{Host: h, identity: id, users: passwords}, nil
}

func (t *SimTarget) Kind() string { return "simulated" }
func (t *SimTarget) Addr() string { return t.Host.Addr() }
func (t *SimTarget) Credentials(user string) Credentials {
	return Credentials{User: user, Password: t.users[user], Signer: t.identity.Signer, IdentityFile: t.identity.Path}
}
func (t *SimTarget) OpenSessions(context.Context) (int, error) { return t.Host.OpenSessions(), nil }
func (t *SimTarget) Events() *events.Log                       { return t.Host.Events() }
func (t *SimTarget) Faults() *faults.Set                       { return t.Host.Faults() }
func (t *SimTarget) Close() error                              { return t.Host.Close() }

// Glob matches pattern against the host's filesystem, one directory level at a
// time as the shell does.
func (t *SimTarget) Glob(_ context.Context, pattern string) ([]string, error) {
	fsys := t.Host.Machine().FS
	matches := []string{"/"}
	for _, part := range strings.Split(strings.Trim(pattern, "/"), "/") {
		var next []string
		for _, dir := range matches {
			if !strings.ContainsAny(part, "*?[") {
				p := path.Join(dir, part)
				if _, err := fsys.Lstat(vfs.Root, p); err == nil {
					next = append(next, p)
				}
				continue
			}
			entries, err := fsys.ReadDir(vfs.Root, dir)
			if err != nil {
				continue
			}
			for _, e := range entries {
				if ok, _ := path.Match(part, e.Name); ok {
					next = append(next, path.Join(dir, e.Name))
				}
			}
		}
		matches = next
	}
	sort.Strings(matches)
	return matches, nil
}

// Starter starts a scenario's host on one kind of target. Simulated-host
// options do not apply to containers.
type Starter func(ctx context.Context, s *scenarios.Scenario, id *Identity, opts ...simhost.Option) (Target, error)

// The kinds of target, by the name Kind reports: "simulated" (in-process,
// milliseconds, exact events) and "container" (a real Debian, seconds).
var (
	startersMu sync.RWMutex
	starters   = map[string]Starter{
		"simulated": func(ctx context.Context, s *scenarios.Scenario, id *Identity, opts ...simhost.Option) (Target, error) {
			t, err := StartSim(ctx, s, id, opts...)
			if err != nil {
				return nil, err // not a nil *SimTarget in a non-nil Target
			}
			return t, nil
		},
		"container": func(ctx context.Context, s *scenarios.Scenario, id *Identity, _ ...simhost.Option) (Target, error) {
			t, err := StartContainer(ctx, s, id)
			if err != nil {
				return nil, err
			}
			return t, nil
		},
	}
)

// RegisterTarget makes a kind of target known by name; a duplicate is a
// programming error.
func RegisterTarget(kind string, start Starter) {
	startersMu.Lock()
	defer startersMu.Unlock()
	if _, dup := starters[kind]; dup {
		panic("harness: target kind registered twice: " + kind)
	}
	starters[kind] = start
}

// LookupTarget returns how to start a kind of target, or an error that lists
// the known kinds.
func LookupTarget(kind string) (Starter, error) {
	startersMu.RLock()
	start, ok := starters[kind]
	startersMu.RUnlock()
	if !ok {
		return nil, fmt.Errorf("unknown target kind %q; known kinds: %s", kind, strings.Join(TargetKinds(), ", "))
	}
	return start, nil
}

// StartTarget starts s's host on the named kind of target.
func StartTarget(ctx context.Context, kind string, s *scenarios.Scenario, id *Identity, opts ...simhost.Option) (Target, error) {
	start, err := LookupTarget(kind)
	if err != nil {
		return nil, err
	}
	return start(ctx, s, id, opts...)
}

// TargetKinds are the names of the known kinds of target, sorted.
func TargetKinds() []string {
	startersMu.RLock()
	defer startersMu.RUnlock()
	kinds := make([]string, 0, len(starters))
	for k := range starters {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	return kinds
}
