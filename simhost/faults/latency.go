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
	return nil
}

// WrapConn slows the connection: a write waits before it goes out, a read
// waits before it is handed on; closing the connection ends the wait.
func (l *Latency) WrapConn(c net.Conn, _ ConnState) net.Conn {
	s := shape(c)
	delay := func() time.Duration {
		d := l.Delay.D()
		if l.Jitter > 0 {
			d += rand.N(l.Jitter.D())
		}
		return d
	}
	down, up := directions(l.Direction)
	if down {
		s.write = func(b []byte) (int, error) {
			if err := s.wait(delay()); err != nil {
				return 0, err
			}
			return s.Conn.Write(b)
		}
	}
	if up {
		s.read = func(b []byte) (int, error) {
			return s.readChunkThen(b, len(b), func(int) error { return s.wait(delay()) })
		}
	}
	return s
}
