package faults

import "net"

// MaxStartups refuses a connection when more than max are open at once, as
// sshd's MaxStartups does: it writes sshd's "Exceeded MaxStartups" line and
// closes at once (FIN), and OpenSSH reports "kex_exchange_identification:
// Connection closed by remote host". Unlike sshd it counts every open connection, not only
// the unauthenticated ones; a probability on the fault gives sshd's random
// early drop.
type MaxStartups struct {
	Max     int    `json:"max" help:"connections open at once beyond which new ones are refused" min:"0"`
	Message string `json:"message" help:"written to the refused client before closing; empty: close silently"`
}

func init() {
	Register(Type{Name: "max-startups", Depth: Transport, Summary: "refuse connections beyond N open at once (sshd MaxStartups)",
		New: func() Fault { return &MaxStartups{Max: 10, Message: "Exceeded MaxStartups\r\n"} }})
}

// Validate checks the parameters.
func (*MaxStartups) Validate() error { return nil }

// WrapConn lets the connection in, or refuses it.
func (m *MaxStartups) WrapConn(c net.Conn, st ConnState) net.Conn {
	if st.Open <= m.Max {
		return c
	}
	return refuse(c, m.Message, false)
}
