package simhost

import (
	"context"
	"debug/elf"
	"io"
	"reflect"
	"strings"

	"github.com/hostile-lab/hostile/simhost/faults"
	"github.com/hostile-lab/hostile/simhost/personality"
	"github.com/hostile-lab/hostile/simhost/shell"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

// Faults is the host's set of active faults: add, update and remove them while
// the host runs.
func (h *Host) Faults() *faults.Set { return h.faults }

// sessionHooks are the shell's view of the host's faults for one session.
func (s *session) hooks() shell.Hooks {
	set := s.h.faults
	base := faults.Situation{Conn: s.conn, User: s.user, Channel: s.kind}
	return shell.Hooks{
		Intercept: func(p *shell.Proc) (bool, int) {
			sit := base
			sit.Command = strings.Join(p.Argv, " ")
			handled, code := false, 0
			faults.EachActing(set, sit, func(_ *faults.Active, f faults.CommandFault) (bool, bool) {
				stdout, stderr := p.Stdout, p.Stderr
				handled, code = f.Command(p)
				// A fault whose own filter (nth call, tty) let the command be did nothing.
				acted := handled || !sameWriter(p.Stdout, stdout) || !sameWriter(p.Stderr, stderr)
				return acted, !handled
			})
			return handled, code
		},
		Line: func(p *shell.Proc, line string) (bool, int) {
			sit := base
			sit.Command = line
			handled, code := false, 0
			faults.EachActing(set, sit, func(_ *faults.Active, f faults.LineFault) (bool, bool) {
				handled, code = f.AnswerLine(p, line)
				return handled, !handled
			})
			return handled, code
		},
		RC: func(flavour string, login bool) string {
			var b strings.Builder
			faults.Each(set, base, func(_ *faults.Active, f faults.RCFault) bool {
				b.WriteString(f.RC(flavour, login))
				b.WriteString("\n")
				return true
			})
			return strings.TrimSpace(b.String())
		},
		PAM: func(service, user string, shell bool) string {
			var b strings.Builder
			faults.Each(set, base, func(_ *faults.Active, f faults.PAMFault) bool {
				b.WriteString(f.PAMSession(service, user, shell))
				return true
			})
			return b.String()
		},
		Loader: func(libc personality.Libc, machines []elf.Machine) (personality.Libc, []elf.Machine) {
			faults.Each(set, base, func(_ *faults.Active, f faults.LoaderFault) bool {
				libc, machines = f.Loader(libc, machines)
				return true
			})
			return libc, machines
		},
	}
}

// wrapOutput passes a session's stream through the output faults.
func (s *session) wrapOutput(ctx context.Context, w io.Writer) io.Writer {
	sit := faults.Situation{Conn: s.conn, User: s.user, Channel: s.kind}
	faults.Each(s.h.faults, sit, func(_ *faults.Active, f faults.OutputFault) bool {
		w = f.WrapOutput(ctx, w)
		return true
	})
	return w
}

// ending is how the session's channel ends, after the exit faults.
func (s *session) ending() faults.Ending {
	sit := faults.Situation{Conn: s.conn, User: s.user, Channel: s.kind}
	if f, ok := faults.First[faults.ExitFault](s.h.faults, sit); ok {
		return f.Ending()
	}
	return faults.EndNormally
}

// ignored reports whether a fault leaves this request unanswered.
func (h *Host) ignored(conn uint64, user, requestType string) bool {
	sit := faults.Situation{Conn: conn, User: user}
	ignore := false
	faults.EachActing(h.faults, sit, func(_ *faults.Active, f faults.RequestFault) (bool, bool) {
		ignore = f.IgnoreRequest(requestType)
		return ignore, !ignore
	})
	return ignore
}

// interceptFiles puts the filesystem faults in front of every file operation.
func (h *Host) interceptFiles() {
	h.m.FS.SetInterceptor(func(op *vfs.Op) error {
		if len(h.faults.Snapshot()) == 0 {
			return nil
		}
		sit := faults.Situation{User: h.m.FaultUserName(op.Cred.UID), Path: op.Path}
		var err error
		faults.EachActing(h.faults, sit, func(_ *faults.Active, f faults.FSFault) (bool, bool) {
			var acted bool
			acted, err = f.FileOp(h.life, op)
			return acted, err == nil
		})
		return err
	})
}

// sameWriter compares two writers without panicking on a type that cannot be
// compared (such a writer is taken as unchanged).
func sameWriter(a, b io.Writer) bool {
	ta, tb := reflect.TypeOf(a), reflect.TypeOf(b)
	if ta != tb {
		return false
	}
	return ta == nil || !ta.Comparable() || a == b
}
