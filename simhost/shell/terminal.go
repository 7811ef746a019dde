package shell

import (
	"io"
	"reflect"
	"strings"

	"github.com/hostile-lab/hostile/simhost/vfs"
)

// Terminal is a session's PTY as programs reach it through termios: whether it
// echoes, and its window size. The SSH session's line discipline is one.
type Terminal interface {
	// Echo reports whether typed characters are echoed (termios ECHO).
	Echo() bool
	// SetEcho sets or clears ECHO until changed again (stty echo / -echo).
	SetEcho(on bool)
	// Termios is every setting; SetTermios changes them (stty raw, stty -g's
	// saved string), as tcgetattr and tcsetattr.
	Termios() Termios
	SetTermios(Termios)
	// QuietLine clears ECHO for the next line only, then restores it, as
	// getpass(3) and `read -s` do around one read.
	QuietLine()
	// Size is the window in rows and columns; SetSize changes it (stty rows N).
	Size() (rows, cols int)
	SetSize(rows, cols int)
}

// Terminal is the session's terminal, nil when it has none.
func (p *Proc) Terminal() Terminal { return p.sess.opts.Terminal }

// ReadSecret writes prompt to stderr and reads one line with echo off when the
// session has a terminal, as sudo, su and passwd read a password: nothing typed
// shows, not even the newline, which the program prints itself. Echo goes off
// before the prompt shows, as getpass(3) and sudo's tgetpass do, so what a
// client types as soon as it sees the prompt is never echoed.
func (p *Proc) ReadSecret(prompt string) (string, error) {
	if t := p.Terminal(); t != nil {
		t.QuietLine()
	}
	io.WriteString(p.Stderr, prompt)
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

// IsTerminal reports whether a stream the program was given is the session's
// terminal, as isatty(3) would: only in a PTY session, and only for the
// session's own stdin, stdout and stderr, not a pipe or a redirected file.
func (p *Proc) IsTerminal(stream any) bool {
	if !p.sess.opts.TTY || stream == nil {
		return false
	}
	stream = ownStream(stream)
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

// IsDevNull reports whether stream is the null device (a redirect to
// /dev/null), as a program that fstats its output finds it (GNU tar writes
// no archive there, and reads no file for it).
func (p *Proc) IsDevNull(stream any) bool {
	if stream == nil {
		return false
	}
	switch ownStream(stream).(type) {
	case devNull, *devNull:
		return true
	}
	return false
}

// IsFIFO reports whether stream is a pipe, as fstat(2) would see it (S_ISFIFO):
// a pipeline's or a command substitution's, or the session's own output
// without a terminal, which sshd gives a command as pipes. A terminal, the
// null device and a redirected file are not.
func (p *Proc) IsFIFO(stream any) bool {
	if stream == nil || p.IsTerminal(stream) || p.IsDevNull(stream) {
		return false
	}
	_, file := ownStream(stream).(*vfs.File)
	return !file
}

// ownStream is the stream under the shell's own wrappers: the stderr that
// words set -u's message and the stdout that remembers a write error pass the
// same descriptor on, so isatty answers for what they wrap.
func ownStream(stream any) any {
	for {
		switch w := stream.(type) {
		case *stdoutTracker:
			stream = w.Writer
		case *shellStderr:
			stream = w.w
		case writeOnly:
			stream = w.w
		default:
			return stream
		}
	}
}

// Window is the terminal's size in columns and rows; ok is false without one.
func (p *Proc) Window() (cols, rows int, ok bool) {
	t := p.Terminal()
	if t == nil {
		return 0, 0, false
	}
	rows, cols = t.Size()
	return cols, rows, true
}

// Term is the terminal type the client asked for ("xterm-256color").
func (p *Proc) Term() string { return p.sess.opts.Term }
