package faults

import (
	"context"
	"sync/atomic"
	"syscall"

	"github.com/hostile-lab/hostile/simhost/vfs"
)

// DiskFull fills the disk under a path: once Free more bytes have been written
// there after the fault was added, writing data and making directories fail
// with ENOSPC (`No space left on device`), as on a full ext4, while creating an
// empty file, removing and renaming still work. df (statfs) shows the
// disk's free space shrink with what was written, to 0 when full.
type DiskFull struct {
	Path string `json:"path" help:"the tree or glob whose disk is full (scope.path narrows it too)"`
	Free int64  `json:"free" help:"bytes that may still be written before the disk is full" min:"0"`

	written atomic.Int64
}

func init() {
	Register(Type{Name: "disk-full", Depth: System, Summary: "writes under a path fail with No space left on device (ENOSPC)",
		New: func() Fault { return &DiskFull{Path: "/"} }})
}

// Validate checks the path and the free space.
func (d *DiskFull) Validate() error {
	return checkPath(d.Path)
}

// FileOp refuses the operations that need a free block once the space is used.
func (d *DiskFull) FileOp(_ context.Context, op *vfs.Op) (bool, error) {
	if op.Name == "statfs" && (onPath(op, d.Path) || underOrMatches(d.Path, op.Path)) {
		op.Size = min(op.Size, max(0, d.Free-d.written.Load())) // what df shows: not a firing
		return false, nil
	}
	if (op.Name != "write" && op.Name != "mkdir") || !onPath(op, d.Path) {
		return false, nil
	}
	if op.Name == "write" && d.written.Add(op.Size) <= d.Free {
		return false, nil
	}
	if op.Name == "mkdir" && d.written.Load() < d.Free {
		return false, nil
	}
	return true, syscall.ENOSPC
}
