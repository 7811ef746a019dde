package faults

// HangSession delivers the command's output and then sends nothing: no EOF, no
// exit-status, no close. To the client the command runs forever; the session
// ends only when the client closes it or the connection drops.
type HangSession struct{ noParams }

func init() {
	Register(Type{Name: "hang-session", Depth: Protocol, Summary: "deliver the output, then never end the session (no EOF, exit-status or close)",
		New: func() Fault { return &HangSession{} }})
}

// Ending never ends the session.
func (*HangSession) Ending() Ending { return EndNever }
