package faults

import "fmt"

// MaxSessions refuses session channels beyond the first max on a connection,
// with sshd's answer when its MaxSessions is reached: reason `administratively
// prohibited`, message `open failed`. Multiplexing clients (ControlMaster,
// connection pools) then fail to open a session on a live connection.
type MaxSessions struct {
	Max     int    `json:"max" help:"session channels allowed on one connection (opened so far, closed ones included)" min:"0"`
	Message string `json:"message" help:"the refusal's description"`
}

func init() {
	Register(Type{Name: "max-sessions", Depth: Protocol, Summary: "refuse session channels after N per connection (administratively prohibited)",
		New: func() Fault { return &MaxSessions{Max: 10, Message: "open failed"} }})
}

// Validate checks the parameters.
func (m *MaxSessions) Validate() error {
	return Check(m.Message == "", "message", "is empty")
}

// RefuseChannel refuses the channels after the first max.
func (m *MaxSessions) RefuseChannel(n int) (string, bool) {
	return m.Message, n > m.Max
}

// SSHDConfig is the same limit for a real sshd. sshd counts the sessions open at
// once, where this fault counts every one opened on the connection.
func (m *MaxSessions) SSHDConfig() []string { return []string{fmt.Sprintf("MaxSessions %d", m.Max)} }
