package faults

import (
	"math/rand/v2"
	"net"
	"time"
)

// Latency delays every chunk of bytes on the connection by a fixed time plus a
// random jitter, in one direction or both, as a long or congested link does.
type Latency struct {
	Delay     Duration `json:"delay" help:"added to every read or write" min:"0"`
	Jitter    Duration `json:"jitter" help:"up to this much more, at random" min:"0"`
	Direction string   `json:"direction" help:"which way the bytes are slowed" enum:"downstream,upstream,both"`
}

func init() {
	Register(Type{Name: "latency", Depth: Transport, Summary: "delay every chunk of bytes, with optional jitter, per direction",
		New: func() Fault { return &Latency{Delay: Duration(100 * time.Millisecond), Direction: "both"} }})
}

// Validate checks the parameters.
func (l *Latency) Validate() error {
	if err := Check(l.Delay < 0, "delay", "%s is negative", l.Delay); err != nil {
		return err
	}
	if err := Check(l.Jitter < 0, "jitter", "%s is negative", l.Jitter); err != nil {
		return err
	}
	return checkDirection(l.Direction)
}

// WrapConn slows the connection.
func (l *Latency) WrapConn(c net.Conn, _ ConnState) net.Conn {
	wait := func() {
		d := l.Delay.D()
		if l.Jitter > 0 {
			d += rand.N(l.Jitter.D())
		}
		time.Sleep(d)
	}
	return &shapedConn{Conn: c, beforeWrite: onlyIf(l.Direction != "upstream", wait), afterRead: onlyIf(l.Direction != "downstream", wait)}
}
