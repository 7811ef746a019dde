package faults

import "net"

// NoBanner accepts the TCP connection and never sends the SSH identification
// line: the server's writes are swallowed and the client's bytes read and
// dropped, as a wedged sshd or a port forwarder with nothing behind it does.
// OpenSSH gives up with "Connection timed out during banner exchange".
type NoBanner struct{}

func init() {
	Register(Type{Name: "no-banner", Depth: Transport, Summary: "accept the connection, never send the SSH banner",
		New: func() Fault { return &NoBanner{} }})
}

// Validate has nothing to check.
func (*NoBanner) Validate() error { return nil }

// WrapConn silences the connection from the start.
func (*NoBanner) WrapConn(c net.Conn, _ ConnState) net.Conn { return tripAfter(c, drop, 0, 0, both) }
