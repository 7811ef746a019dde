// Package recorder turns sessions with a real host into a scenario. An SSH
// proxy, a man in the middle under the user's control, forwards a product's
// sessions to the host and records every command (stdout and stderr apart,
// exit status, timing, stdin sent), the files transferred over sftp and scp,
// and the host's identity probed once at the start; the recording then becomes
// a scenario whose simulated host answers each recorded command as the real
// host did.
package recorder

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Recording is what the proxy saw, secrets already redacted.
type Recording struct {
	Upstream string // host:port of the real host
	User     string // the account the sessions ran as
	Started  time.Time
	Identity Identity
	// Sessions are every session channel the products opened, in the order
	// they started their exec, shell or subsystem.
	Sessions []Session
	// Stopped says where the recording ended early: the upstream connection
	// dropped. Nil when the recording ended because it was closed.
	Stopped *StopError
}

// Identity is what the host said about itself when the recorder probed it.
type Identity struct {
	ServerVersion string // the SSH identification line: "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3"
	HostKey       string // the host key's type and SHA256 fingerprint
	Banner        string // the SSH authentication banner, if any
	Probes        []Command
}

// Probe returns the probe that ran line, if it ran.
func (id Identity) Probe(line string) (Command, bool) {
	for _, p := range id.Probes {
		if p.Line == line {
			return p, true
		}
	}
	return Command{}, false
}

// Command is one command line and what the host answered.
type Command struct {
	Line   string
	Stdout string
	Stderr string
	// Exit is the exit status; nil when the host sent none (the command did
	// not finish, or it died of a signal).
	Exit *int
}

// Session is one session channel as the proxy forwarded it.
type Session struct {
	Conn, Number int    // the client connection (from 1) and the session on it (from 1)
	Kind         string // exec, shell or subsystem
	Command
	Env []EnvVar
	PTY *PTY
	// Began is when the exec, shell or subsystem request was made, from the
	// start of the recording; Took is until the exit status came.
	Began, Took time.Duration
	// Stdin is what the client sent; PromptBefore is how much of stderr the
	// host had printed when the client sent its first byte of stdin (the
	// question the client answered), 0 when stdin came first or never.
	Stdin        string
	PromptBefore int
	Signal       string   // the signal the command died of (exit-signal)
	Signals      []string // signals the client sent
	// End says how the session ended: "exit", "signal", "no exit status"
	// (the host closed the session without one), "client closed" (the client
	// gave up before the command ended), "upstream lost" or "running".
	End string
	// Truncated is true when an output was longer than the recorder keeps.
	Truncated bool
	// Noise is what the host printed on a subsystem's stdout before the
	// subsystem's first packet: an rc file's echo.
	Noise     string
	Transfers []Transfer
	// FileOps are the other file operations of sftp: removes, renames, mkdirs,
	// and what failed.
	FileOps []string
}

// EnvVar is an environment variable the client asked for.
type EnvVar struct{ Name, Value string }

// PTY is the terminal the client asked for.
type PTY struct {
	Term          string
	Columns, Rows uint32
}

// Transfer is a file that went over sftp or scp.
type Transfer struct {
	Via       string // sftp or scp
	Direction string // upload or download
	Path      string
	Size      int64
	// Content is the file's content when it is small and text; empty otherwise.
	Content string
	// Complete is false when the transfer did not end (the file was never closed).
	Complete bool
	// Failed is the host's reason when it refused the file.
	Failed string
}

// StopError says where a recording stopped because the upstream dropped.
type StopError struct {
	Upstream string
	Conn     int
	// Session is the session a command was running in, 0 when the connection
	// dropped between commands; Command is that command, or the last one that
	// ran on the connection.
	Session int
	Command string
	// Stdout, Stderr and Stdin count the bytes of the interrupted command.
	Stdout, Stderr, Stdin int64
	Err                   error
}

func (e *StopError) Error() string {
	cause := ""
	if e.Err != nil {
		cause = " (" + e.Err.Error() + ")"
	}
	if e.Session == 0 {
		after := ""
		if e.Command != "" {
			after = fmt.Sprintf(" after %q, with no command running", e.Command)
		}
		return fmt.Sprintf("the connection to %s dropped%s%s (client connection %d)", e.Upstream, after, cause, e.Conn)
	}
	return fmt.Sprintf("the connection to %s dropped during %q (client connection %d, session %d) after %d bytes of stdout and %d of stderr, %d bytes of stdin sent%s",
		e.Upstream, e.Command, e.Conn, e.Session, e.Stdout, e.Stderr, e.Stdin, cause)
}

func (e *StopError) Unwrap() error { return e.Err }

// Redacted is what a secret becomes in a recording.
const Redacted = "[redacted]"

// privateKey is a PEM private key block, finished or cut short.
var privateKey = regexp.MustCompile(`-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----(?s:.*?)(-----END [A-Z0-9 ]*PRIVATE KEY-----|\z)`)

// redactor replaces secrets and private keys in every text of a recording.
type redactor struct{ secrets []string }

func newRedactor(secrets []string) redactor {
	var s []string
	for _, v := range secrets {
		if v != "" && !slices.Contains(s, v) {
			s = append(s, v)
		}
	}
	// Longest first, so a secret that contains another goes whole.
	slices.SortFunc(s, func(a, b string) int { return len(b) - len(a) })
	return redactor{s}
}

func (r redactor) text(s string) string {
	s = privateKey.ReplaceAllString(s, "[private key redacted]")
	for _, v := range r.secrets {
		s = strings.ReplaceAll(s, v, Redacted)
	}
	return s
}

func (r redactor) command(c Command) Command {
	c.Line, c.Stdout, c.Stderr = r.text(c.Line), r.text(c.Stdout), r.text(c.Stderr)
	return c
}

func (r redactor) session(s Session) Session {
	if s.PromptBefore > 0 {
		// Redaction may change the prompt's length: measure it redacted.
		s.PromptBefore = len(r.text(s.Stderr[:s.PromptBefore]))
	}
	s.Command = r.command(s.Command)
	s.Stdin, s.Noise = r.text(s.Stdin), r.text(s.Noise)
	s.Env = slices.Clone(s.Env)
	for i := range s.Env {
		s.Env[i].Value = r.text(s.Env[i].Value)
	}
	s.Transfers = slices.Clone(s.Transfers)
	for i := range s.Transfers {
		t := &s.Transfers[i]
		t.Path, t.Content, t.Failed = r.text(t.Path), r.text(t.Content), r.text(t.Failed)
	}
	s.FileOps = slices.Clone(s.FileOps)
	for i := range s.FileOps {
		s.FileOps[i] = r.text(s.FileOps[i])
	}
	return s
}
