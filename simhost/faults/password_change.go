package faults

import "context"

// PasswordChange is the forced password change that never ends: the host
// offers only keyboard-interactive, tells the user the password must be
// changed, asks `Current password: `, `New password: `, `Retype new password: `
// and, whatever the answers, starts again, forever or for max_rounds rounds
// before refusing the login. A client that answers prompts blindly (or waits
// for a shell) never gets in.
type PasswordChange struct {
	MaxRounds   int    `json:"max_rounds" help:"refuse the login after this many rounds; 0 asks forever" min:"0"`
	Instruction string `json:"instruction" help:"the text shown before the prompts"`
}

func init() {
	Register(Type{Name: "password-change", Depth: Protocol, Summary: "a forced password change over keyboard-interactive that never lets the user in",
		New: func() Fault {
			return &PasswordChange{Instruction: "You are required to change your password immediately (administrator enforced)"}
		}})
}

// passwordChangePrompts are what passwd asks, as PAM relays it.
var passwordChangePrompts = []string{"Current password: ", "New password: ", "Retype new password: "}

// Validate checks the parameters.
func (*PasswordChange) Validate() error { return nil }

// Methods offers keyboard-interactive alone, so the change cannot be avoided.
func (p *PasswordChange) Methods() []string { return []string{"keyboard-interactive"} }

// Challenge asks for the change round after round until the client gives up,
// the connection ends or max_rounds is reached; it never lets the user in.
func (p *PasswordChange) Challenge(ctx context.Context, _ string, ask func(string, []string, []bool) ([]string, error)) bool {
	echo := make([]bool, len(passwordChangePrompts))
	for round := 0; p.MaxRounds == 0 || round < p.MaxRounds; round++ {
		if ctx.Err() != nil {
			return false
		}
		if _, err := ask(p.Instruction, passwordChangePrompts, echo); err != nil {
			return false
		}
	}
	return false
}
