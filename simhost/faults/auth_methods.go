package faults

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
	if err := Check(len(a.Offer) == 0, "methods", "at least one of %v is needed", authMethodNames); err != nil {
		return err
	}
	for _, m := range a.Offer {
		if err := checkMethod("methods", m, false); err != nil {
			return err
		}
	}
	return nil
}

// Methods are the methods offered.
func (a *AuthMethods) Methods() []string { return a.Offer }
