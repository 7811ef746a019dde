package faults

import (
	"net"
	"sync/atomic"
)

// DropConnection closes the Nth connection (or every Nth) it sees at accept,
// before a byte is exchanged, as a flaky load balancer or tcpwrappers' deny
// does: OpenSSH reports "kex_exchange_identification: Connection closed by
// remote host", or with reset "kex_exchange_identification: read: Connection
// reset by peer". Connections are counted from when the fault was added (use
// scope.connection for the host's own numbering).
type DropConnection struct {
	Nth   int  `json:"nth" help:"drop the Nth connection this fault sees, from 1" min:"1"`
	Every bool `json:"every" help:"drop every Nth connection, not only the Nth"`
	Reset bool `json:"reset" help:"drop with a TCP RST instead of a FIN"`

	seen atomic.Int64
}

func init() {
	Register(Type{Name: "drop-connection", Depth: Transport, Summary: "drop the Nth (or every Nth) connection at accept",
		New: func() Fault { return &DropConnection{Nth: 1} }})
}

// Validate checks the parameters.
func (*DropConnection) Validate() error { return nil }

// WrapConn drops the connection when its turn has come.
func (d *DropConnection) WrapConn(c net.Conn, _ ConnState) net.Conn {
	n := d.seen.Add(1)
	if n != int64(d.Nth) && !(d.Every && n%int64(d.Nth) == 0) {
		return c
	}
	return refuse(c, "", d.Reset)
}
