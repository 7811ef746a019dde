package faults

import "net"

// Bandwidth caps the bytes per second in each shaped direction, as a slow link
// does: a write is split into pieces paced so that it takes size/rate seconds,
// and reads from the client are paced the same way.
type Bandwidth struct {
	Rate      int64  `json:"rate" help:"bytes per second, in each shaped direction" min:"1"`
	Direction string `json:"direction" help:"which way the bytes are capped" enum:"downstream,upstream,both"`
}

func init() {
	Register(Type{Name: "bandwidth", Depth: Transport, Summary: "cap the bytes per second, per direction",
		New: func() Fault { return &Bandwidth{Rate: 16 << 10, Direction: both} }})
}

// Validate checks the parameters.
func (b *Bandwidth) Validate() error {
	return nil
}

// WrapConn paces the connection, in pieces of a tenth of a second's worth.
func (b *Bandwidth) WrapConn(c net.Conn, _ ConnState) net.Conn {
	s := shape(c)
	piece := int(max(1, min(b.Rate/10, 32<<10)))
	down, up := directions(b.Direction)
	if down {
		p := &pace{rate: b.Rate}
		s.write = func(buf []byte) (int, error) {
			return s.writeChunks(buf, piece, func(n int) error { return s.wait(p.take(n)) })
		}
	}
	if up {
		p := &pace{rate: b.Rate}
		s.read = func(buf []byte) (int, error) {
			return s.readChunkThen(buf, piece, func(n int) error { return s.wait(p.take(n)) })
		}
	}
	return s
}
