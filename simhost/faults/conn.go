package faults

import (
	"net"
	"sync"
)

// shapedConn is a client's TCP connection as a transport fault shapes it: reads
// and writes go through the fault's functions, and done is closed when the
// connection is, so every wait a fault makes (cancellable, see wait and hold in
// transport.go) ends with the connection.
type shapedConn struct {
	net.Conn
	read    func(b []byte) (int, error) // nil reads through
	write   func(b []byte) (int, error) // nil writes through
	closing func()                      // runs once on Close (stop timers); may be nil
	done    chan struct{}
	once    sync.Once
}

// shape starts a shapedConn over c; the fault then sets read and write.
func shape(c net.Conn) *shapedConn { return &shapedConn{Conn: c, done: make(chan struct{})} }

func (c *shapedConn) Read(b []byte) (int, error) {
	if c.read == nil {
		return c.Conn.Read(b)
	}
	return c.read(b)
}

func (c *shapedConn) Write(b []byte) (int, error) {
	if c.write == nil {
		return c.Conn.Write(b)
	}
	return c.write(b)
}

// Close ends every wait on the connection, then closes it.
func (c *shapedConn) Close() error {
	c.once.Do(func() {
		close(c.done)
		if c.closing != nil {
			c.closing()
		}
	})
	return c.Conn.Close()
}

// NetConn is the connection under this one, as for tls.Conn.
func (c *shapedConn) NetConn() net.Conn { return c.Conn }

// WrapConn puts every transport fault that applies to a new connection between
// the socket and whatever speaks SSH over it: the simulated host's server, or the
// proxy in front of a real sshd. It returns nil, with c closed, when a fault drops
// the connection.
func (s *Set) WrapConn(c net.Conn, st ConnState) net.Conn {
	wrapped := c
	EachActing(s, Situation{Conn: st.Number, ConnStart: st.Started}, func(_ *Active, f ConnFault) (bool, bool) {
		next := f.WrapConn(wrapped, st)
		if next == nil {
			wrapped.Close() // ends what earlier faults wrapped around the socket, too
		}
		acted := next != wrapped // a fault that lets the connection through as it is did nothing
		wrapped = next
		return acted, wrapped != nil
	})
	return wrapped
}
