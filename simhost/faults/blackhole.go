package faults

import "net"

// Blackhole makes the connection a sink: from the start, or once bytes have
// passed or after a time, the server sends nothing more and reads and drops
// everything the client sends, so the client's writes never block and never
// get an answer (a firewall that eats packets, a dead peer behind a proxy).
type Blackhole struct{ Trip }

func init() {
	Register(Type{Name: "blackhole", Depth: Transport, Summary: "read and drop everything, send nothing (at once, after N bytes or a time)",
		New: func() Fault { return &Blackhole{Trip{Direction: downstream}} }})
}

// WrapConn gates the connection into a sink.
func (b *Blackhole) WrapConn(c net.Conn, _ ConnState) net.Conn { return b.wrap(c, drop) }
