package faults

import (
	"context"

	"github.com/hostile-lab/hostile/simhost/vfs"
)

// RootSquash makes root act as the anonymous user under a path, as an NFS
// export with root_squash does (the NFS side of the 004 escalation): root gets
// `Permission denied` where the directory's owner may write, and what root
// creates belongs to nobody.
type RootSquash struct {
	Path    string `json:"path" help:"the tree or glob where root is squashed (scope.path narrows it too)"`
	AnonUID int    `json:"anonuid" help:"the uid root acts as, as exports(5) anonuid" min:"1" max:"2147483647"`
	AnonGID int    `json:"anongid" help:"the gid root acts as, as exports(5) anongid" min:"1" max:"2147483647"`
}

func init() {
	Register(Type{Name: "root-squash", Depth: System, Summary: "root acts as nobody under a path, as on an NFS export with root_squash",
		New: func() Fault { return &RootSquash{Path: "/", AnonUID: 65534, AnonGID: 65534} }})
}

// Validate checks the path and the anonymous ids.
func (r *RootSquash) Validate() error {
	return checkPath(r.Path)
}

// FileOp turns root into the anonymous user, without supplementary groups.
func (r *RootSquash) FileOp(_ context.Context, op *vfs.Op) (bool, error) {
	if op.Cred.IsRoot() && onPath(op, r.Path) {
		op.Cred = vfs.Cred{UID: r.AnonUID, GID: r.AnonGID}
		return true, nil
	}
	return false, nil
}
