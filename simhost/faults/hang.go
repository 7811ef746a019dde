package faults

import (
	"io"

	"github.com/hostile-lab/hostile/simhost/shell"
)

// Hang makes matching commands never finish, like `sleep infinity` or a
// command stuck on a dead NFS mount: they ignore their input and hold the
// session until it ends (the client closes the channel or the connection
// drops) or they are killed.
type Hang struct {
	Stdout string `json:"stdout" help:"printed once before hanging, as a command that started and then stuck"`
}

func init() {
	Register(Type{Name: "hang", Depth: Shell,
		Summary: "matching commands never finish and ignore their input, until the session ends",
		New:     func() Fault { return &Hang{} }})
}

// Validate has nothing to check.
func (h *Hang) Validate() error { return nil }

// Command blocks until the command is cancelled.
func (h *Hang) Command(p *shell.Proc) (bool, int) {
	if h.Stdout != "" {
		io.WriteString(p.Stdout, expandText(p, h.Stdout))
	}
	<-p.Ctx.Done()
	return true, cancelledStatus
}
