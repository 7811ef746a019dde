// Copyright (c) 2017, Andrey Nering <andrey.nering@gmail.com>
// See LICENSE for licensing information

//go:build unix

package interp

import (
	"context"
	"io/fs"
	"syscall"

	"mvdan.cc/sh/v3/syntax"
)

// defaultAccess refuses: access(2) would ask the real filesystem (sandbox.go).
func defaultAccess(ctx context.Context, path string, mode AccessMode) error {
	return refusedPath("access", path)
}

// unTestOwnOrGrp implements the -O and -G unary tests against the runner's
// identity, never the real process's user (sandbox.go).
func (r *Runner) unTestOwnOrGrp(ctx context.Context, op syntax.UnTestOperator, x string) bool {
	return r.ownsFile(ctx, op, x)
}

// fileOwner is the owner of a file the stat handler described.
func fileOwner(info fs.FileInfo) (uid, gid int, ok bool) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, 0, false
	}
	return int(st.Uid), int(st.Gid), true
}
