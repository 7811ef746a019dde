package faults

import "net"

// Slicer splits every write into tiny chunks, each its own TCP segment
// (Go sets TCP_NODELAY), with an optional pause after each: a client that
// assumes one read returns a whole message or line breaks. Upstream, the
// server reads the client's bytes in chunks of the same size. Nothing is lost.
type Slicer struct {
	Size      int      `json:"size" help:"bytes per chunk at most" min:"1"`
	Delay     Duration `json:"delay" help:"pause after each chunk" min:"0"`
	Direction string   `json:"direction" help:"which way the bytes are sliced" enum:"downstream,upstream,both"`
}

func init() {
	Register(Type{Name: "slicer", Depth: Transport, Summary: "split every write into tiny chunks, with an optional delay, per direction",
		New: func() Fault { return &Slicer{Size: 1, Direction: downstream} }})
}

// Validate checks the parameters.
func (s *Slicer) Validate() error {
	return nil
}

// WrapConn slices the connection.
func (s *Slicer) WrapConn(c net.Conn, _ ConnState) net.Conn {
	sc := shape(c)
	pause := func(int) error { return sc.wait(s.Delay.D()) }
	down, up := directions(s.Direction)
	if down {
		sc.write = func(b []byte) (int, error) { return sc.writeChunks(b, s.Size, pause) }
	}
	if up {
		sc.read = func(b []byte) (int, error) { return sc.readChunkThen(b, s.Size, pause) }
	}
	return sc
}
