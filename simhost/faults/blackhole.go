package faults

import (
	"net"
	"time"
)

// Blackhole makes the connection a sink: from the start, or once bytes have
// passed or after a time, the server sends nothing more and reads and drops
// everything the client sends, so the client's writes never block and never
// get an answer (a firewall that eats packets, a dead peer behind a proxy).
type Blackhole struct {
	Bytes     int64    `json:"bytes" help:"let this many bytes through first (counted in direction); 0: not by bytes" min:"0"`
	After     Duration `json:"after" help:"start this long after the connection opened; 0: not by time (neither: at once)" min:"0"`
	Direction string   `json:"direction" help:"which bytes count towards bytes" enum:"downstream,upstream,both"`
}

func init() {
	Register(Type{Name: "blackhole", Depth: Transport, Summary: "read and drop everything, send nothing (at once, after N bytes or a time)",
		New: func() Fault { return &Blackhole{Direction: downstream} }})
}

// Validate checks the parameters.
func (*Blackhole) Validate() error { return nil }

// WrapConn gates the connection into a sink.
func (b *Blackhole) WrapConn(c net.Conn, _ ConnState) net.Conn {
	return tripAfter(c, drop, b.Bytes, time.Duration(b.After), b.Direction)
}
