package faults

import "net"

// shapedConn runs a hook around each read or write of a connection; transport
// faults build on it.
type shapedConn struct {
	net.Conn
	beforeWrite func()
	afterRead   func()
}

func (c *shapedConn) Read(b []byte) (int, error) {
	n, err := c.Conn.Read(b)
	if n > 0 && c.afterRead != nil {
		c.afterRead()
	}
	return n, err
}

func (c *shapedConn) Write(b []byte) (int, error) {
	if c.beforeWrite != nil {
		c.beforeWrite()
	}
	return c.Conn.Write(b)
}

// onlyIf returns fn when cond holds, nil otherwise.
func onlyIf(cond bool, fn func()) func() {
	if cond {
		return fn
	}
	return nil
}

// checkDirection validates the direction parameter transport faults share:
// downstream is server to client, upstream client to server.
func checkDirection(d string) error {
	return Check(d != "downstream" && d != "upstream" && d != "both", "direction", "%q is not downstream, upstream or both", d)
}
