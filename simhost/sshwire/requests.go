// Package sshwire holds the byte formats that the simulated host and the
// recording proxy both read: the payloads of SSH channel requests (RFC 4254)
// and SFTP version 3 packets (draft-ietf-secsh-filexfer-02).
package sshwire

// Channel request payloads, for golang.org/x/crypto/ssh's Marshal and
// Unmarshal.
type (
	// EnvRequest is "env".
	EnvRequest struct{ Name, Value string }
	// PTYRequest is "pty-req".
	PTYRequest struct {
		Term          string
		Columns, Rows uint32
		Width, Height uint32 // in pixels
		Modes         string
	}
	// WindowChange is "window-change".
	WindowChange struct{ Columns, Rows, Width, Height uint32 }
	// SignalRequest is "signal": a signal's name without SIG.
	SignalRequest struct{ Name string }
	// CommandRequest is "exec" (the command line) and "subsystem" (its name).
	CommandRequest struct{ Value string }
	// ExitStatus is "exit-status".
	ExitStatus struct{ Status uint32 }
	// ExitSignal is "exit-signal".
	ExitSignal struct {
		Signal     string
		CoreDumped bool
		Error      string
		Lang       string
	}
)
