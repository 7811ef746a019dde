package shell

import "reflect"

// IsTerminal reports whether a stream the program was given is the session's
// terminal, as isatty(3) would: only in a PTY session, and only for the
// session's own stdin, stdout and stderr, not a pipe or a redirected file.
func (p *Proc) IsTerminal(stream any) bool {
	if !p.sess.opts.TTY || stream == nil {
		return false
	}
	if _, ok := stream.(sessionStdin); ok {
		return true
	}
	if !reflect.TypeOf(stream).Comparable() {
		return false
	}
	for _, s := range []any{p.sess.opts.Stdout, p.sess.opts.Stderr} {
		if s != nil && reflect.TypeOf(s).Comparable() && s == stream {
			return true
		}
	}
	return false
}

// Window is the terminal's size in columns and rows; ok is false without one.
func (p *Proc) Window() (cols, rows int, ok bool) {
	if !p.sess.opts.TTY || p.sess.opts.Window == nil {
		return 0, 0, false
	}
	cols, rows = p.sess.opts.Window()
	return cols, rows, true
}

// Term is the terminal type the client asked for ("xterm-256color").
func (p *Proc) Term() string { return p.sess.opts.Term }
