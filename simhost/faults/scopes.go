package faults

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
)

// Scope keys, as written in YAML and JSON.
const (
	ScopeUser          = "user"
	ScopeCommand       = "command"
	ScopeChannel       = "channel"
	ScopeAfterCommands = "after_commands"
	ScopeAfter         = "after"
	ScopeConnection    = "connection"
	ScopePath          = "path"
)

// hookScope is what the host knows where it calls a hook, so which scope keys
// can narrow a fault acting there, and why the others cannot.
type hookScope struct {
	hook    reflect.Type
	keys    []string
	missing string // why the keys left out cannot apply
}

func hookOf[T any]() reflect.Type { return reflect.TypeFor[T]() }

// hookScopes is the table the registry reads: each hook interface with the
// Situation fields its call site fills (simhost/faulthooks.go, auth.go,
// session.go, faults/conn.go). A fault honours a key only where every hook it
// implements knows it, so a scope is never silently ignored.
var hookScopes = []hookScope{
	{hookOf[ConnFault](), []string{ScopeConnection, ScopeAfterCommands},
		"it acts on the TCP connection from its first byte, before anyone has logged in"},
	{hookOf[MethodsFault](), []string{ScopeConnection, ScopeAfter, ScopeAfterCommands},
		"the methods are offered before the client names its user"},
	{hookOf[BannerFault](), []string{ScopeConnection, ScopeAfter, ScopeAfterCommands},
		"the banner is sent before the client names its user"},
	{hookOf[AuthFault](), []string{ScopeUser, ScopeConnection, ScopeAfter, ScopeAfterCommands},
		"it acts at authentication, before any channel or command"},
	{hookOf[KeyboardInteractiveFault](), []string{ScopeUser, ScopeConnection, ScopeAfter, ScopeAfterCommands},
		"it acts at authentication, before any channel or command"},
	{hookOf[ChannelFault](), []string{ScopeUser, ScopeConnection, ScopeAfter, ScopeAfterCommands},
		"it acts when a channel opens, before its kind (exec, shell, subsystem) is asked for"},
	{hookOf[RequestFault](), []string{ScopeUser, ScopeConnection, ScopeAfter, ScopeAfterCommands},
		"it acts on connection-wide requests, outside any channel or command"},
	{hookOf[ExitFault](), []string{ScopeUser, ScopeConnection, ScopeChannel, ScopeAfter, ScopeAfterCommands},
		"it acts on the session's channel as a whole, not on one command"},
	{hookOf[OutputFault](), []string{ScopeUser, ScopeConnection, ScopeChannel, ScopeAfter, ScopeAfterCommands},
		"it acts on the session's output stream as a whole, not on one command"},
	{hookOf[RCFault](), []string{ScopeUser, ScopeConnection, ScopeChannel, ScopeAfter, ScopeAfterCommands},
		"it acts when the session's shell starts, before any command"},
	{hookOf[PAMFault](), []string{ScopeUser, ScopeConnection, ScopeChannel, ScopeAfter, ScopeAfterCommands},
		"it acts when a service opens a PAM session, not on one command line"},
	{hookOf[LoaderFault](), []string{ScopeUser, ScopeConnection, ScopeChannel, ScopeAfter, ScopeAfterCommands},
		"the loader is the session's, not one command's"},
	{hookOf[CommandFault](), []string{ScopeUser, ScopeConnection, ScopeChannel, ScopeCommand, ScopeAfter, ScopeAfterCommands},
		"a command knows no file path"},
	{hookOf[LineFault](), []string{ScopeUser, ScopeConnection, ScopeChannel, ScopeCommand, ScopeAfter, ScopeAfterCommands},
		"a command line knows no file path"},
	{hookOf[FSFault](), []string{ScopeUser, ScopePath, ScopeAfter, ScopeAfterCommands},
		"a file operation is the filesystem's, which knows the user but not the connection, channel or command"},
}

// scopesOf are the scope keys every hook of the fault knows, in the order of
// the Scope struct, and the reasons for the others.
func scopesOf(f Fault) (keys []string, why map[string]string) {
	all := []string{ScopeUser, ScopeCommand, ScopeChannel, ScopeAfterCommands, ScopeAfter, ScopeConnection, ScopePath}
	keys = all
	why = map[string]string{}
	ft := reflect.TypeOf(f)
	for _, h := range hookScopes {
		if !ft.Implements(h.hook) {
			continue
		}
		keys = slices.DeleteFunc(slices.Clone(keys), func(k string) bool { return !slices.Contains(h.keys, k) })
		for _, k := range all {
			if _, said := why[k]; !said && !slices.Contains(h.keys, k) {
				why[k] = h.missing
			}
		}
	}
	return keys, why
}

// scopeKeys are the keys a scope sets.
func (s Scope) keys() []string {
	var out []string
	for _, k := range []struct {
		key string
		set bool
	}{{ScopeUser, s.User != ""}, {ScopeCommand, s.Command != ""}, {ScopeChannel, s.Channel != ""},
		{ScopeAfterCommands, s.AfterCommands != 0}, {ScopeAfter, s.After != 0},
		{ScopeConnection, s.Connection != 0}, {ScopePath, s.Path != ""}} {
		if k.set {
			out = append(out, k.key)
		}
	}
	return out
}

// checkScope refuses a scope key the type cannot honour, saying why and which
// keys it does honour: a scope that would be ignored is a scope that lies.
func checkScope(spec Spec, t Type) error {
	for _, k := range spec.Scope.keys() {
		if slices.Contains(t.Scopes, k) {
			continue
		}
		honoured := "none"
		if len(t.Scopes) > 0 {
			honoured = strings.Join(t.Scopes, ", ")
		}
		return &ParamError{Fault: spec.Name, Param: "scope." + k,
			Msg: fmt.Sprintf("%s cannot be scoped by %s: %s (it honours: %s)", t.Name, k, t.scopeWhy[k], honoured)}
	}
	return nil
}
