package faults

import "strings"

// AuthMethods offers only the given authentication methods, as an sshd with
// `AuthenticationMethods keyboard-interactive` or `PasswordAuthentication no`
// does: a client set on another method gets
// `Permission denied (keyboard-interactive).` With keyboard-interactive and no
// fault driving it, the host asks `Password: ` as PAM does.
type AuthMethods struct {
	Offer []string `json:"methods" help:"the methods offered" enum:"password,publickey,keyboard-interactive"`
}

func init() {
	Register(Type{Name: "auth-methods", Depth: Protocol, Summary: "offer only the given authentication methods",
		New: func() Fault { return &AuthMethods{Offer: []string{"keyboard-interactive"}} }})
}

// Validate checks the parameters.
func (a *AuthMethods) Validate() error {
	return Check(len(a.Offer) == 0, "methods", "at least one of %s is needed", strings.Join(authMethodNames, ", "))
}

// Methods are the methods offered.
func (a *AuthMethods) Methods() []string { return a.Offer }
