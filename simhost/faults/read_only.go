package faults

import (
	"context"
	"syscall"

	"github.com/hostile-lab/hostile/simhost/vfs"
)

// ReadOnly remounts a tree read-only, as the kernel does after a disk error or
// an NFS export marked ro: every modification under it fails with EROFS
// (`touch: cannot touch '/data/x': Read-only file system`); reads go on.
type ReadOnly struct {
	Path string `json:"path" help:"the tree or glob that turns read-only (scope.path narrows it too)"`
}

func init() {
	Register(Type{Name: "read-only", Depth: System, Summary: "modifications under a path fail with Read-only file system (EROFS)",
		New: func() Fault { return &ReadOnly{Path: "/"} }})
}

// Validate checks the path.
func (r *ReadOnly) Validate() error { return checkPath(r.Path) }

// FileOp refuses modifications.
func (r *ReadOnly) FileOp(_ context.Context, op *vfs.Op) (bool, error) {
	if op.Write && onPath(op, r.Path) {
		return true, syscall.EROFS
	}
	return false, nil
}
