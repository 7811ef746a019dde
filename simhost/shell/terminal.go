package shell

import (
	"io"
	"strings"
)

// Terminal is a session's PTY as programs reach it through termios: whether it
// echoes, and its window size. The SSH session's line discipline is one.
type Terminal interface {
	// Echo reports whether typed characters are echoed (termios ECHO).
	Echo() bool
	// SetEcho sets or clears ECHO until changed again (stty echo / -echo).
	SetEcho(on bool)
	// QuietLine clears ECHO for the next line only, then restores it, as
	// getpass(3) and `read -s` do around one read.
	QuietLine()
	// Size is the window in rows and columns; SetSize changes it (stty rows N).
	Size() (rows, cols int)
	SetSize(rows, cols int)
}

// Terminal is the session's terminal, nil when it has none.
func (p *Proc) Terminal() Terminal { return p.sess.opts.Terminal }

// ReadSecret reads one line with echo off when the session has a terminal, as
// sudo, su and passwd read a password: nothing typed shows, not even the
// newline, which the program prints itself.
func (p *Proc) ReadSecret() (string, error) {
	if t := p.Terminal(); t != nil {
		t.QuietLine()
	}
	return p.ReadLine()
}

// quietRead turns echo off for the line a `read -s` is about to read from the
// terminal: the interpreter's own -s only knows real terminals.
func (sh *shellProc) quietRead(args []string) {
	t := sh.sess.opts.Terminal
	if t == nil {
		return
	}
	for _, a := range args[1:] {
		if a == "--" || !strings.HasPrefix(a, "-") || a == "-" {
			return
		}
		flags := a[1:]
		if i := strings.IndexAny(flags, "adinNptu"); i >= 0 {
			// an option that takes a value: the rest of this word (or the next) is it
			if strings.Contains(flags[:i], "s") {
				t.QuietLine()
			}
			return
		}
		if strings.Contains(flags, "s") {
			t.QuietLine()
			return
		}
	}
}

// Agent opens a connection to the authentication agent the client forwarded
// (ssh -A), as connecting to $SSH_AUTH_SOCK does; nil when none was forwarded.
func (p *Proc) Agent() func() (io.ReadWriteCloser, error) {
	if p.Getenv("SSH_AUTH_SOCK") == "" {
		return nil
	}
	return p.sess.opts.Agent
}
