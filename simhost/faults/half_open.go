package faults

import (
	"net"
	"time"
)

// HalfOpen leaves the connection half-open: once bytes have passed or after a
// time (or at once), the server stops answering and stops reading, and keeps
// the socket without FIN or RST, as a peer that crashed or lost its network
// does. The client hangs until its own timeouts (ServerAliveInterval) fire;
// the server side is released when the host closes.
type HalfOpen struct {
	Bytes     int64    `json:"bytes" help:"let this many bytes through first (counted in direction); 0: not by bytes" min:"0"`
	After     Duration `json:"after" help:"go silent this long after the connection opened; 0: not by time (neither: at once)" min:"0"`
	Direction string   `json:"direction" help:"which bytes count towards bytes" enum:"downstream,upstream,both"`
}

func init() {
	Register(Type{Name: "half-open", Depth: Transport, Summary: "stop answering and reading, keep the socket (no FIN, no RST) after N bytes or a time",
		New: func() Fault { return &HalfOpen{Direction: downstream} }})
}

// Validate checks the parameters.
func (*HalfOpen) Validate() error { return nil }

// WrapConn gates the connection into silence.
func (h *HalfOpen) WrapConn(c net.Conn, _ ConnState) net.Conn {
	return tripAfter(c, hang, h.Bytes, time.Duration(h.After), h.Direction)
}
