package faults

import (
	"context"
	"errors"
	"io"
	"sync"
)

// StallOutput lets the first bytes of a session's stdout, stderr or both
// through and then stops: the command's next write blocks, so it seems still
// running while the client receives nothing more, as with a remote process
// stuck on a full pipe or a wedged NFS mount. The write fails (and the command
// ends) when the session ends.
type StallOutput struct {
	Bytes  int    `json:"bytes" help:"bytes of each stream delivered before it stalls" min:"0"`
	Stream string `json:"stream" help:"the stream that stalls" enum:"stdout,stderr,both"`
}

func init() {
	Register(Type{Name: "stall-output", Depth: Protocol, Summary: "stop a session's output after N bytes with the command still running",
		New: func() Fault { return &StallOutput{Bytes: 1024, Stream: "stdout"} }})
}

// Validate checks the parameters.
func (s *StallOutput) Validate() error {
	return nil
}

// WrapOutput stalls the chosen stream after its budget.
func (s *StallOutput) WrapOutput(ctx context.Context, w io.Writer) io.Writer {
	if s.Stream != "both" && s.Stream != StreamOf(ctx) {
		return w
	}
	return &stallWriter{ctx: ctx, w: w, left: s.Bytes}
}

// errStalled is what a stalled write returns once its session has ended.
var errStalled = errors.New("output stalled by a fault; session ended")

// stallWriter passes left bytes and then blocks every write until ctx ends.
type stallWriter struct {
	ctx  context.Context
	mu   sync.Mutex
	w    io.Writer
	left int
}

func (s *stallWriter) Write(b []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	if s.left > 0 {
		var err error
		n, err = s.w.Write(b[:min(len(b), s.left)])
		s.left -= n
		if err != nil || n == len(b) {
			return n, err
		}
	}
	<-s.ctx.Done()
	return n, errStalled
}
