package shell

import (
	"path"

	"github.com/hostile-lab/hostile/simhost/events"
	"github.com/hostile-lab/hostile/simhost/pkgdb"
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

// programDirs are where a program found in the package database would be run
// from by name.
var programDirs = []string{"/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"}

// notEmulated is called for a program the host could not find. When the
// package database lists it, the real host has it: err says so, in place of a
// not-found the real host would never print. Either way, unless the database
// knows the program does not exist, it is a not-emulated event.
func (s *Session) notEmulated(req execRequest, err *ExecError) {
	pkg, file, known := pkgdb.Owner(s.m.FS, programPaths(err.Name))
	if known && pkg == "" {
		return // the real host has no such program either
	}
	detail := "program unknown to the host's package database"
	if pkg != "" {
		err.NotEmulated, err.Package, err.Path = true, pkg, file
		detail = "program " + file + " of package " + pkg
	}
	s.logNotEmulated(req, detail)
}

// notEmulatedInstalled is called for a program of the installed system that
// the host found at err.Path (its content never captured) and has no emulation
// of: the real host runs it, so err says so rather than not-found, naming its
// package where the database lists it, and it is a not-emulated event.
func (s *Session) notEmulatedInstalled(req execRequest, err *ExecError) {
	err.NotEmulated = true
	pkg, file, _ := pkgdb.Owner(s.m.FS, []string{err.Path})
	if pkg == "" {
		pkg, file, _ = pkgdb.Owner(s.m.FS, programPaths(path.Base(err.Path)))
	}
	detail := "program " + err.Path + " of the installed system"
	if pkg != "" {
		err.Package, err.Path = pkg, file
		detail = "program " + file + " of package " + pkg
	}
	s.logNotEmulated(req, detail)
}

// programPaths are where a program called name would be run from by name.
func programPaths(name string) []string {
	var paths []string
	for _, d := range programDirs {
		paths = append(paths, path.Join(d, name))
	}
	return paths
}

func (s *Session) logNotEmulated(req execRequest, detail string) {
	s.m.Log.Add(events.Event{
		Kind: events.NotEmulated, Conn: s.opts.Conn, Session: s.opts.ID, User: req.account.Name,
		Channel: s.opts.Channel, Argv: append([]string(nil), req.argv...), Detail: detail, Exit: 127,
	})
}
