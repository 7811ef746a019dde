// Patched for hostile (see ../PATCHES.md, "Behaviour patches"): the
// descriptors 3 to 9 a script opens with exec or for one command
// (exec 3>file; echo x >&3; exec 3>&-), which the released interpreter
// refused as "unsupported redirect fd".

package interp

import (
	"context"
	"io"
	"os"

	"mvdan.cc/sh/v3/syntax"
)

// extraFD is one open descriptor above 2: what reads from it, what writes
// to it, and the file to close when it was opened for it (not a duplicate).
type extraFD struct {
	r     io.Reader
	w     io.Writer
	owned io.Closer
}

// isExtraFD reports whether n names a descriptor 3 to 9, as bash takes
// them in a script (higher ones are its own).
func isExtraFD(n string) bool {
	return len(n) == 1 && n[0] >= '3' && n[0] <= '9'
}

// redirExtra applies a redirection of a descriptor 3 to 9: it opens the
// file, duplicates 0, 1, 2 or another descriptor, or closes it (3>&-).
func (r *Runner) redirExtra(ctx context.Context, rd *syntax.Redirect) (io.Closer, error) {
	n := rd.N.Value
	arg := r.literal(rd.Word)
	var mode int
	switch rd.Op {
	case syntax.DplOut, syntax.DplIn:
		var fd extraFD
		switch arg {
		case "-":
			if old, ok := r.fds[n]; ok && old.owned != nil {
				old.owned.Close()
			}
			delete(r.fds, n)
			return nil, nil
		case "0":
			fd.r = r.stdin
		case "1":
			fd.w = r.stdout
		case "2":
			fd.w = r.stderr
		default:
			other, ok := r.fds[arg]
			if !ok {
				return nil, badFDError(arg) // dialect.go
			}
			fd = extraFD{r: other.r, w: other.w}
		}
		r.setFD(n, fd)
		return nil, nil
	case syntax.RdrIn:
		mode = os.O_RDONLY
	case syntax.RdrInOut:
		mode = os.O_RDWR | os.O_CREATE
	case syntax.AppOut:
		mode = os.O_WRONLY | os.O_CREATE | os.O_APPEND
	case syntax.RdrOut, syntax.RdrClob:
		mode = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
		if rd.Op == syntax.RdrOut && r.opts[optNoClobber] {
			if err := r.noClobber(ctx, arg); err != nil {
				return nil, err
			}
		}
	default:
		return nil, badFDError(n)
	}
	f, err := r.open(ctx, arg, mode, 0o644, false)
	if err != nil {
		return nil, err
	}
	fd := extraFD{owned: f}
	if mode == os.O_RDONLY || mode&os.O_RDWR != 0 {
		// made a stdin once, so that each <&3 reads on where the last
		// stopped rather than from a fresh copy
		in, err := newStdinFile(f)
		if err != nil {
			f.Close()
			return nil, err
		}
		fd.r = in
	}
	if mode != os.O_RDONLY {
		fd.w = f
	}
	r.setFD(n, fd)
	return fd.owned, nil
}

func (r *Runner) setFD(n string, fd extraFD) {
	if r.fds == nil {
		r.fds = make(map[string]extraFD)
	}
	r.fds[n] = fd
}
