package faults

import "net"

// Reset aborts the connection with a TCP RST (SO_LINGER 0, then close) once
// bytes have passed in a direction or after a time, whichever comes first, or
// at once when neither is given: the client reads "Connection reset by peer".
type Reset struct{ Trip }

func init() {
	Register(Type{Name: "reset", Depth: Transport, Summary: "reset the connection (TCP RST) after N bytes or a time",
		New: func() Fault { return &Reset{Trip{Direction: downstream}} }})
}

// WrapConn gates the connection into a reset.
func (r *Reset) WrapConn(c net.Conn, _ ConnState) net.Conn { return r.wrap(c, abort) }
