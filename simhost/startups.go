package simhost

import (
	"fmt"
	"math/rand/v2"
	"net"

	"github.com/hostile-lab/hostile/simhost/machine"
)

// sshd's MaxStartups: connections that have not logged in yet are the cheap
// way to exhaust a server (1,100 of them, never logging in, locked a real
// client out until LoginGraceTime). Past start of them, sshd drops a new
// connection with probability rate%, rising linearly to 100% at full; a
// dropped client reads "Exceeded MaxStartups" and the connection closes
// (sshd.c, should_drop_connection and drop_connection). Logged-in connections
// do not count: 001's ~900 held sessions fit whatever the setting.

// exceededMaxStartups is what sshd writes to a connection it drops.
const exceededMaxStartups = "Exceeded MaxStartups\r\n"

// shouldDrop is sshd's should_drop_connection for the number of connections
// not yet logged in, the new one excluded.
func shouldDrop(s machine.Startups, startups int) bool {
	switch {
	case startups < s.Start:
		return false
	case startups >= s.Full, s.Rate == 100:
		return true
	}
	p := 100 - s.Rate
	p *= startups - s.Start
	p /= s.Full - s.Start
	p += s.Rate
	return rand.IntN(100) < p
}

// startups counts the connections still before authentication; h.mu is held.
func (h *Host) startups() int {
	n := 0
	for c := range h.conns {
		if c.end.at() != phaseReady {
			n++
		}
	}
	return n
}

// dropStartup refuses c as sshd does past MaxStartups and says why.
func dropStartup(c net.Conn, startups int) string {
	c.Write([]byte(exceededMaxStartups)) // best effort, as sshd's
	return fmt.Sprintf("drop connection #%d past MaxStartups", startups)
}
