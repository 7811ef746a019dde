package faults

import "time"

// AuthDelay holds every authentication attempt (or only those of one method)
// for a while before the host answers it, as a server doing slow LDAP or PAM
// lookups does: clients with short auth timeouts give up.
type AuthDelay struct {
	Delay  Duration `json:"delay" help:"how long each attempt waits for its answer" min:"0"`
	Method string   `json:"method" help:"only attempts with this method; empty for every method" enum:"password,publickey,keyboard-interactive"`
}

func init() {
	Register(Type{Name: "auth-delay", Depth: Protocol, Summary: "delay every authentication attempt, optionally only for one method",
		New: func() Fault { return &AuthDelay{Delay: Duration(2 * time.Second)} }})
}

// Validate checks the parameters.
func (a *AuthDelay) Validate() error {
	return nil
}

// Authenticate delays the attempt.
func (a *AuthDelay) Authenticate(_, method string) AuthDecision {
	if !methodIs(method, a.Method) {
		return AuthDecision{}
	}
	return AuthDecision{Delay: a.Delay.D()}
}
