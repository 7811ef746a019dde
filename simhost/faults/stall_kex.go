package faults

import "net"

// StallKex sends the SSH identification line and lets nothing after it through,
// either way: the key exchange never completes. The client's own
// identification line still reaches the server; its later bytes are read and
// dropped.
type StallKex struct{}

func init() {
	Register(Type{Name: "stall-kex", Depth: Transport, Summary: "send the SSH banner, then stall the key exchange",
		New: func() Fault { return &StallKex{} }})
}

// Validate has nothing to check.
func (*StallKex) Validate() error { return nil }

// WrapConn passes each direction's first line, then drops the rest.
func (*StallKex) WrapConn(c net.Conn, _ ConnState) net.Conn {
	g := newGate(c, drop, true)
	g.allow = firstLine()
	return g.c
}
