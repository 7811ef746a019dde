package faults

// NoExitStatus ends sessions with EOF and close but no exit-status request, as
// a server whose command was killed by a signal it cannot report does: the
// client cannot tell success from failure (x/crypto's Run returns
// *ssh.ExitMissingError).
type NoExitStatus struct{ noParams }

func init() {
	Register(Type{Name: "no-exit-status", Depth: Protocol, Summary: "end sessions without sending exit-status",
		New: func() Fault { return &NoExitStatus{} }})
}

// Ending leaves out the exit-status.
func (*NoExitStatus) Ending() Ending { return EndNoExitStatus }
