package faults

import "net"

// HalfOpen leaves the connection half-open: once bytes have passed or after a
// time (or at once), the server stops answering and stops reading, and keeps
// the socket without FIN or RST, as a peer that crashed or lost its network
// does. The client hangs until its own timeouts (ServerAliveInterval) fire;
// the server side is released when the host closes.
type HalfOpen struct{ Trip }

func init() {
	Register(Type{Name: "half-open", Depth: Transport, Summary: "stop answering and reading, keep the socket (no FIN, no RST) after N bytes or a time",
		New: func() Fault { return &HalfOpen{Trip{Direction: downstream}} }})
}

// WrapConn gates the connection into silence.
func (h *HalfOpen) WrapConn(c net.Conn, _ ConnState) net.Conn { return h.wrap(c, hang) }
