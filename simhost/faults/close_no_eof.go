package faults

// CloseNoEOF sends the exit-status and closes the channel without sending EOF
// first, which RFC 4254 says a server should not do: clients that wait for EOF
// on stdout before reading the status, or treat a close without EOF as a lost
// connection, misbehave.
type CloseNoEOF struct{ noParams }

func init() {
	Register(Type{Name: "close-no-eof", Depth: Protocol, Summary: "close the session's channel without sending EOF first",
		New: func() Fault { return &CloseNoEOF{} }})
}

// Ending closes without EOF.
func (*CloseNoEOF) Ending() Ending { return EndCloseNoEOF }
