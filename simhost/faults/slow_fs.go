package faults

import (
	"slices"
	"time"

	"github.com/hostile-lab/hostile/simhost/vfs"
)

// SlowFS makes filesystem operations under a path take longer, as a hung NFS
// server or a dying disk does: `rm /data/big` takes at least the delay. The
// host calls it outside the filesystem's lock, so other operations go on.
type SlowFS struct {
	Path  string   `json:"path" help:"the tree or glob that is slow (scope.path narrows it too)"`
	Delay Duration `json:"delay" help:"added to each matching operation" min:"0" max:"10m"`
	Ops   []string `json:"ops" help:"operations to slow: open, write, unlink, mkdir, rename, stat...; empty slows every modifying one"`
}

// maxSlowFS bounds the delay: FileOp has no context to end a sleep early.
const maxSlowFS = 10 * time.Minute

func init() {
	Register(Type{Name: "slow-fs", Depth: System, Summary: "filesystem operations under a path take longer (rm of a file takes N seconds)",
		New: func() Fault { return &SlowFS{Path: "/", Delay: Duration(time.Second)} }})
}

// Validate checks the path, the delay and the operation names.
func (s *SlowFS) Validate() error {
	if err := checkPath(s.Path); err != nil {
		return err
	}
	return checkOps(s.Ops)
}

// FileOp sleeps before a matching operation.
func (s *SlowFS) FileOp(op *vfs.Op) error {
	slow := op.Write
	if len(s.Ops) > 0 {
		slow = slices.Contains(s.Ops, op.Name)
	}
	if slow && onPath(op, s.Path) {
		time.Sleep(s.Delay.D()) // bounded by maxSlowFS; the op carries no context to cancel it
	}
	return nil
}
