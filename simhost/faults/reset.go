package faults

import (
	"net"
	"time"
)

// Reset aborts the connection with a TCP RST (SO_LINGER 0, then close) once
// bytes have passed in a direction or after a time, whichever comes first, or
// at once when neither is given: the client reads "Connection reset by peer".
type Reset struct {
	Bytes     int64    `json:"bytes" help:"reset once this many bytes have passed (counted in direction); 0: not by bytes" min:"0"`
	After     Duration `json:"after" help:"reset this long after the connection opened; 0: not by time (neither: at once)" min:"0"`
	Direction string   `json:"direction" help:"which bytes count towards bytes" enum:"downstream,upstream,both"`
}

func init() {
	Register(Type{Name: "reset", Depth: Transport, Summary: "reset the connection (TCP RST) after N bytes or a time",
		New: func() Fault { return &Reset{Direction: downstream} }})
}

// Validate checks the parameters.
func (*Reset) Validate() error { return nil }

// WrapConn gates the connection into a reset.
func (r *Reset) WrapConn(c net.Conn, _ ConnState) net.Conn {
	return tripAfter(c, abort, r.Bytes, time.Duration(r.After), r.Direction)
}
