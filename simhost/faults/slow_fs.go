package faults

import (
	"context"
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

// FileOp waits before a matching operation, or until the host closes.
func (s *SlowFS) FileOp(ctx context.Context, op *vfs.Op) (bool, error) {
	slow := op.Write
	if len(s.Ops) > 0 {
		slow = slices.Contains(s.Ops, op.Name)
	}
	if !slow || !onPath(op, s.Path) {
		return false, nil
	}
	t := time.NewTimer(s.Delay.D())
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
	return true, nil
}
