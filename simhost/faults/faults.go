// Package faults makes a simulated host misbehave on purpose, the toxiproxy way:
// each fault is one small type in its own file, registered by name with its depth
// and parameters, configured from YAML or JSON, scoped and probabilistic, and
// switchable while the host runs. The host asks the active set at each hook;
// a fault implements the hook interfaces (hooks.go) for the depth it works at.
package faults

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"path"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Depth is where a fault works.
type Depth string

const (
	Transport Depth = "transport" // the TCP connection, under SSH
	Protocol  Depth = "protocol"  // SSH messages and channels
	Shell     Depth = "shell"     // the shell and its commands
	System    Depth = "system"    // libc, loader and filesystem
)

// Fault is one configured misbehaviour: its exported fields are its parameters.
// Field tags describe them (Param): `json:"name" help:"..." min:"0" max:"100"`.
type Fault interface {
	// Validate checks what the tags cannot say (a regexp, a path, one
	// parameter against another) once Compile has enforced each parameter's
	// min, max and enum; it returns a *ParamError naming the field and what
	// is allowed.
	Validate() error
}

// Type is a registered kind of fault.
type Type struct {
	Name    string
	Depth   Depth
	Summary string
	// New returns a fault holding its defaults; parameters are decoded over it.
	New func() Fault
	// Scopes are the scope keys the type honours, filled in by Register from
	// the hooks it implements (scopes.go); a spec using another is refused.
	Scopes   []string
	scopeWhy map[string]string
	params   []Param // read from the fault's tags by Register
}

var (
	registryMu sync.RWMutex
	registry   = map[string]Type{}
)

// Register makes a fault type known by name; a duplicate is a programming error.
func Register(t Type) {
	registryMu.Lock()
	defer registryMu.Unlock()
	if _, dup := registry[t.Name]; dup {
		panic("faults: type registered twice: " + t.Name)
	}
	t.Scopes, t.scopeWhy = scopesOf(t.New())
	t.params = paramsOfType(reflect.TypeOf(t.New()).Elem())
	registry[t.Name] = t
}

// Types lists every registered type, by depth then name.
func Types() []Type {
	registryMu.RLock()
	defer registryMu.RUnlock()
	out := make([]Type, 0, len(registry))
	for _, t := range registry {
		out = append(out, t)
	}
	order := map[Depth]int{Transport: 0, Protocol: 1, Shell: 2, System: 3}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Depth != out[j].Depth {
			return order[out[i].Depth] < order[out[j].Depth]
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// Lookup returns the named type, or an error that suggests the nearest name and
// lists the known ones.
func Lookup(name string) (Type, error) {
	registryMu.RLock()
	t, ok := registry[name]
	registryMu.RUnlock()
	if ok {
		return t, nil
	}
	var names []string
	for _, t := range Types() {
		names = append(names, t.Name)
	}
	msg := fmt.Sprintf("unknown fault type %q", name)
	if near := Nearest(name, names); near != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", near)
	}
	return Type{}, fmt.Errorf("%s; known types: %s", msg, strings.Join(names, ", "))
}

// Spec is a fault as a user writes it, in YAML, JSON or Go.
type Spec struct {
	// Name identifies the fault on its host; it defaults to the type.
	Name string `json:"name,omitempty" yaml:"name,omitempty"`
	Type string `json:"type" yaml:"type"`
	// Probability that the fault fires when its scope matches, 0 < p <= 1; 0 means 1.
	Probability float64        `json:"probability,omitempty" yaml:"probability,omitempty"`
	Scope       Scope          `json:"scope,omitzero" yaml:"scope,omitempty"`
	Params      map[string]any `json:"params,omitempty" yaml:"params,omitempty"`
}

// Scope narrows where a fault fires; every field left empty matches everything.
type Scope struct {
	User    string `json:"user,omitempty" yaml:"user,omitempty"`       // only these users' sessions: "oracle" or "oracle,ops"
	Command string `json:"command,omitempty" yaml:"command,omitempty"` // a regexp the command line must match
	Channel string `json:"channel,omitempty" yaml:"channel,omitempty"` // exec, shell or subsystem
	// AfterCommands lets this many matching commands run untouched first.
	AfterCommands int `json:"after_commands,omitempty" yaml:"after_commands,omitempty"`
	// After waits this long after the fault is added (or, for transport faults,
	// after the connection opened) before firing.
	After Duration `json:"after,omitempty" yaml:"after,omitempty"`
	// Connection fires only on the Nth connection to the host (from 1).
	Connection int `json:"connection,omitempty" yaml:"connection,omitempty"`
	// Path limits filesystem faults to a directory tree ("/export/nfs") or a glob
	// ("/var/log/*.log").
	Path string `json:"path,omitempty" yaml:"path,omitempty"`
}

// Active is a fault installed on a host.
type Active struct {
	Spec  Spec
	Type  Type
	Fault Fault

	command *regexp.Regexp
	added   time.Time
	seen    atomic.Int64 // matching situations, for AfterCommands
	fired   atomic.Int64
}

// Compile checks a spec and builds its fault: the type must exist, every
// parameter must be known and valid, the scope's regexp must compile.
func Compile(spec Spec) (*Active, error) {
	t, err := Lookup(spec.Type)
	if err != nil {
		return nil, err
	}
	if spec.Name == "" {
		spec.Name = spec.Type
	}
	if spec.Probability < 0 || spec.Probability > 1 {
		return nil, &ParamError{Fault: spec.Name, Param: "probability", Msg: fmt.Sprintf("%v is outside 0..1", spec.Probability)}
	}
	f := t.New()
	if err := decodeParams(spec.Name, f, spec.Params); err != nil {
		return nil, err
	}
	err = checkParams(t, f)
	if err == nil {
		err = f.Validate()
	}
	if err != nil {
		if pe, ok := err.(*ParamError); ok && pe.Fault == "" {
			pe.Fault = spec.Name
		}
		return nil, err
	}
	a := &Active{Spec: spec, Type: t, Fault: f, added: time.Now()}
	if spec.Scope.Command != "" {
		if a.command, err = regexp.Compile(spec.Scope.Command); err != nil {
			return nil, &ParamError{Fault: spec.Name, Param: "scope.command", Msg: err.Error()}
		}
	}
	if spec.Scope.After > 0 && t.Depth == Transport {
		return nil, &ParamError{Fault: spec.Name, Param: "scope.after", Msg: "transport faults are placed when a connection opens; use the fault's own after parameter"}
	}
	if c := spec.Scope.Channel; c != "" && c != "exec" && c != "shell" && c != "subsystem" {
		return nil, &ParamError{Fault: spec.Name, Param: "scope.channel", Msg: fmt.Sprintf("%q is not exec, shell or subsystem", c)}
	}
	if err := checkScope(spec, t); err != nil {
		return nil, err
	}
	return a, nil
}

// decodeParams loads params into the fault's fields through JSON, refusing a
// parameter the type does not have.
func decodeParams(name string, f Fault, params map[string]any) error {
	known := map[string]Param{}
	var names []string
	for _, p := range ParamsOf(f) {
		known[p.Name] = p
		names = append(names, p.Name)
	}
	for k := range params {
		if _, ok := known[k]; !ok {
			msg := fmt.Sprintf("unknown parameter (known: %s)", strings.Join(names, ", "))
			if near := Nearest(k, names); near != "" {
				msg = fmt.Sprintf("unknown parameter, did you mean %q? (known: %s)", near, strings.Join(names, ", "))
			}
			return &ParamError{Fault: name, Param: k, Msg: msg}
		}
	}
	v := reflect.ValueOf(f).Elem()
	for k, val := range params {
		field := v.FieldByIndex(known[k].field)
		raw, err := json.Marshal(val)
		if err != nil {
			return &ParamError{Fault: name, Param: k, Msg: err.Error()}
		}
		if err := json.Unmarshal(raw, field.Addr().Interface()); err != nil {
			msg := err.Error()
			var ute *json.UnmarshalTypeError
			if errors.As(err, &ute) {
				msg = fmt.Sprintf("want %s, got %s", typeName(field.Type()), ute.Value)
			}
			return &ParamError{Fault: name, Param: k, Msg: msg}
		}
	}
	return nil
}

func typeName(t reflect.Type) string {
	if t == reflect.TypeOf(Duration(0)) {
		return "a duration such as 2s or 150ms"
	}
	return t.String()
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if x == y {
			return true
		}
	}
	return false
}

// Situation is where a hook runs, for scoping: what is known there.
type Situation struct {
	Conn      uint64 // the connection's number on the host
	User      string
	Channel   string
	Command   string    // the command line, for shell-depth hooks
	Path      string    // the file, for filesystem hooks
	ConnStart time.Time // when the connection opened, for transport faults
}

// Applies reports whether the fault may fire here. Fields of
// the scope a hook cannot know (no user yet for a transport fault) are skipped
// when the situation leaves them empty.
func (a *Active) Applies(s Situation) bool {
	sc := a.Spec.Scope
	if sc.User != "" && s.User != "" && !slices.Contains(strings.Split(sc.User, ","), s.User) {
		return false
	}
	if sc.Channel != "" && s.Channel != "" && sc.Channel != s.Channel {
		return false
	}
	if a.command != nil && !a.command.MatchString(s.Command) {
		return false
	}
	if sc.Path != "" && s.Path != "" && !underOrMatches(s.Path, sc.Path) {
		return false
	}
	if sc.Connection != 0 && s.Conn != uint64(sc.Connection) {
		return false
	}
	if sc.After > 0 {
		since := a.added
		if !s.ConnStart.IsZero() && a.Type.Depth == Transport {
			since = s.ConnStart
		}
		if time.Since(since) < time.Duration(sc.After) {
			return false
		}
	}
	if n := a.seen.Add(1); n <= int64(sc.AfterCommands) {
		return false
	}
	if p := a.Spec.Probability; p > 0 && p < 1 && rand.Float64() >= p {
		return false
	}
	return true
}

// Fired counts how often the fault has fired.
func (a *Active) Fired() int64 { return a.fired.Load() }

// underOrMatches reports whether p is the directory tree or glob pattern scope.
func underOrMatches(p, scope string) bool {
	if strings.ContainsAny(scope, "*?[") {
		ok, _ := path.Match(scope, p)
		return ok
	}
	scope = strings.TrimSuffix(scope, "/")
	return p == scope || strings.HasPrefix(p, scope+"/") || scope == ""
}
