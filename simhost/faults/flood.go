package faults

import (
	"strings"
	"time"

	"github.com/hostile-lab/hostile/simhost/shell"
)

// Flood makes matching commands print without end, as `yes` or a runaway log
// tail does, until the client goes away: the writes stop when the channel
// closes (a write fails) or the session ends.
type Flood struct {
	Text   string `json:"text" help:"printed over and over"`
	Rate   int    `json:"rate" help:"bytes per second; 0: as fast as the client reads" min:"0"`
	Stream string `json:"stream" help:"where it goes" enum:"stdout,stderr"`
}

func init() {
	Register(Type{Name: "flood", Depth: Shell,
		Summary: "matching commands print endlessly (like yes) until the client goes away",
		New:     func() Fault { return &Flood{Text: "y\n", Stream: "stdout"} }})
}

// Validate checks the parameters.
func (f *Flood) Validate() error {
	return Check(f.Text == "", "text", "empty: there is nothing to print")
}

// floodChunk is about how much one write carries when there is no rate.
const floodChunk = 32 * 1024

// Command writes until a write fails or the command is cancelled.
func (f *Flood) Command(p *shell.Proc) (bool, int) {
	size := floodChunk
	if f.Rate > 0 {
		size = min(floodChunk, max(f.Rate/20, 1)) // about 20 writes a second
	}
	chunk := []byte(strings.Repeat(f.Text, max(1, size/len(f.Text))))
	w := procStream(p, f.Stream)
	var pause time.Duration
	if f.Rate > 0 {
		pause = time.Duration(float64(len(chunk)) / float64(f.Rate) * float64(time.Second))
	}
	for p.Ctx.Err() == nil {
		if _, err := w.Write(chunk); err != nil {
			return true, 141 // 128 + SIGPIPE, as yes dies when its reader goes
		}
		if pause > 0 && !p.Sleep(pause) {
			break
		}
	}
	return true, cancelledStatus
}
