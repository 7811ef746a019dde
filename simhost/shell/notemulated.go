package shell

import (
	"path"
	"strings"

	"github.com/hostile-lab/hostile/simhost/events"
	"github.com/hostile-lab/hostile/simhost/internal/pkgdb"
)

// NotEmulated records that the program was asked for something the host does
// not emulate (an option, a mode), naming it in detail, so that a user knows
// the result may not hold on a real host.
func (p *Proc) NotEmulated(detail string) {
	p.M.Log.Add(events.Event{
		Kind: events.NotEmulated, Conn: p.sess.opts.Conn, Session: p.sess.opts.ID, User: p.User.Name,
		Channel: p.sess.opts.Channel, Argv: append([]string(nil), p.Argv...), Detail: detail,
	})
}

// notEmulated is called for a program the host could not find in PATH, or
// found as a file of the installed system it has no emulation for. When the
// package database lists it there, the real host runs it: err says so, in
// place of a not-found the real host would never print. Either way, unless the
// database knows the program does not exist, it is a not-emulated event.
func (s *Session) notEmulated(req execRequest, err *ExecError) {
	var paths []string
	if err.Path != "" {
		paths = append(paths, err.Path) // a program of the installed system, found where it is
	} else {
		// Only where the real shell looks: lvm2's /sbin/pvs is not found in
		// a user's PATH on a real host either.
		for _, d := range strings.Split(envValue(req.env, "PATH"), ":") {
			if path.IsAbs(d) {
				paths = append(paths, path.Join(d, err.Name))
			}
		}
	}
	// With /bin a link to /usr/bin (merged /usr), a package lists either name.
	for _, p := range paths {
		if rest, merged := strings.CutPrefix(p, "/usr"); merged {
			paths = append(paths, rest)
		} else {
			paths = append(paths, "/usr"+p)
		}
	}
	pkg, file, known := pkgdb.Owner(s.m.FS, paths)
	if known && pkg == "" {
		return // the real host has no such program either
	}
	detail := "program unknown to the host's package database"
	if pkg != "" {
		err.Package = pkg
		if err.Path == "" {
			err.Path = file
		}
		detail = "program " + file + " of package " + pkg
	}
	s.m.Log.Add(events.Event{
		Kind: events.NotEmulated, Conn: s.opts.Conn, Session: s.opts.ID, User: req.account.Name,
		Channel: s.opts.Channel, Argv: append([]string(nil), req.argv...), Detail: detail, Exit: 127,
	})
}
