package faults

// EOFNoClose sends the exit-status and EOF when the command is done but never
// closes the channel, as sshd does while a background child still holds the
// session open: a client waiting for the channel to close waits until it closes
// it itself.
type EOFNoClose struct{ noParams }

func init() {
	Register(Type{Name: "eof-no-close", Depth: Protocol, Summary: "send exit-status and EOF but never close the session's channel",
		New: func() Fault { return &EOFNoClose{} }})
}

// Ending keeps the channel open after EOF.
func (*EOFNoClose) Ending() Ending { return EndEOFNoClose }
