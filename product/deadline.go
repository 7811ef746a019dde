package product

import (
	"net"
	"sync"
	"time"
)

// bannerConn holds a connection to a short deadline until the host first
// speaks, then to the login's: a host that never sends its banner is given up
// on soon, while one whose login is slow but working (PAM, LDAP) gets in.
type bannerConn struct {
	net.Conn
	login time.Duration
	once  sync.Once
}

func bannerDeadline(c net.Conn, banner, login time.Duration) net.Conn {
	c.SetDeadline(time.Now().Add(banner))
	return &bannerConn{Conn: c, login: login}
}

func (c *bannerConn) Read(b []byte) (int, error) {
	n, err := c.Conn.Read(b)
	if n > 0 {
		c.once.Do(func() { c.Conn.SetDeadline(time.Now().Add(c.login)) })
	}
	return n, err
}
