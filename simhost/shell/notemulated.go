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

// notEmulated is called for a program the host could not run: one not found
// on PATH (installed is ""), or a program of the installed system at installed
// whose content was never captured and which has no emulation. When the
// package database lists it, the real host has it: err says so, in place of a
// not-found the real host would never print. Either way, unless the database
// knows the program does not exist, it is a not-emulated event.
func (s *Session) notEmulated(req execRequest, err *ExecError, installed string) {
	paths := []string{installed}
	if installed == "" {
		paths = paths[:0]
		for _, d := range programDirs {
			paths = append(paths, path.Join(d, err.Name))
		}
	}
	pkg, file, known := pkgdb.Owner(s.m.FS, paths)
	if known && pkg == "" && installed == "" {
		return // the real host has no such program either
	}
	detail := "program unknown to the host's package database"
	switch {
	case pkg != "":
		err.Package, err.Path = pkg, file
		detail = "program " + file + " of package " + pkg
	case installed != "":
		err.Installed, err.Path = true, installed
		detail = "program " + installed + " of the installed system"
	}
	s.m.Log.Add(events.Event{
		Kind: events.NotEmulated, Conn: s.opts.Conn, Session: s.opts.ID, User: req.account.Name,
		Channel: s.opts.Channel, Argv: append([]string(nil), req.argv...), Detail: detail, Exit: 127,
	})
}
