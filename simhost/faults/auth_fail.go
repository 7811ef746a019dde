package faults

import "sync/atomic"

// AuthFail refuses authentication attempts even with the right credentials:
// every attempt, only the first N since the fault was added (a client that
// retries then gets in), or only those of one method. The client sees sshd's
// `Permission denied (publickey,password).`
type AuthFail struct {
	First  int    `json:"first" help:"refuse only this many attempts, then let logins through; 0 refuses every attempt" min:"0"`
	Method string `json:"method" help:"only attempts with this method; empty for every method" enum:"password,publickey,keyboard-interactive"`

	refused atomic.Int64
}

func init() {
	Register(Type{Name: "auth-fail", Depth: Protocol, Summary: "refuse authentication with the right credentials, every time or the first N attempts",
		New: func() Fault { return &AuthFail{} }})
}

// Validate checks the parameters.
func (a *AuthFail) Validate() error {
	return nil
}

// Authenticate denies the attempt while the fault has refusals left.
func (a *AuthFail) Authenticate(_, method string) AuthDecision {
	if !methodIs(method, a.Method) {
		return AuthDecision{}
	}
	if a.First > 0 && a.refused.Add(1) > int64(a.First) {
		return AuthDecision{}
	}
	return AuthDecision{Deny: true}
}
