package faults

import (
	"context"
	"debug/elf"
	"io"
	"net"
	"time"

	"github.com/hostile-lab/hostile/simhost/personality"
	"github.com/hostile-lab/hostile/simhost/shell"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

// The hooks: a fault type implements the one (or few) the host calls at the depth
// it works at. The host builds the Situation; the Set decides what applies.

// ConnState is a new TCP connection as a transport fault sees it.
type ConnState struct {
	Number  uint64    // the connection's number on the host, from 1
	Open    int       // connections open now, this one included
	Started time.Time // when it was accepted
}

// ConnFault wraps a client's TCP connection before any SSH byte is exchanged.
// It returns the connection to use, or nil to drop the connection at once.
type ConnFault interface {
	WrapConn(c net.Conn, st ConnState) net.Conn
}

// AuthDecision is what an AuthFault does to one authentication attempt.
type AuthDecision struct {
	Delay time.Duration // wait before answering
	Deny  bool          // refuse even right credentials
}

// AuthFault delays or fails authentication attempts.
type AuthFault interface {
	Authenticate(user, method string) AuthDecision
}

// MethodsFault offers only some authentication methods ("password", "publickey",
// "keyboard-interactive").
type MethodsFault interface {
	Methods() []string
}

// BannerFault sends text as SSH_MSG_USERAUTH_BANNER before authentication.
type BannerFault interface {
	Banner() string
}

// KeyboardInteractiveFault runs the keyboard-interactive exchange in place of a
// plain login (a forced password change). It returns whether the user gets in.
type KeyboardInteractiveFault interface {
	Challenge(ctx context.Context, user string, ask func(instruction string, questions []string, echo []bool) ([]string, error)) bool
}

// ChannelFault may refuse a session channel; n counts the channels opened on
// this connection, this one included.
type ChannelFault interface {
	RefuseChannel(n int) (reason string, refuse bool)
}

// Ending is how a session's channel ends.
type Ending int

const (
	EndNormally     Ending = iota // exit-status, EOF, close, as sshd does
	EndNoExitStatus               // EOF and close, but no exit-status
	EndEOFNoClose                 // exit-status and EOF, and the channel is never closed
	EndCloseNoEOF                 // exit-status and close without EOF first
	EndNever                      // nothing at all: the command seems to run forever
)

// ExitFault changes how a session ends once its command is done.
type ExitFault interface {
	Ending() Ending
}

// OutputFault wraps the session's output stream (stdout and, apart, stderr).
// ctx ends with the session.
type OutputFault interface {
	WrapOutput(ctx context.Context, w io.Writer) io.Writer
}

// RequestFault leaves requests unanswered (keepalive@openssh.com).
type RequestFault interface {
	IgnoreRequest(requestType string) bool
}

// RCFault adds shell text that runs after the user's rc files, as if the rc
// file held it: aliases, noise, exported variables.
type RCFault interface {
	RC(flavour string, login bool) string
}

// CommandFault runs before every program a session starts. It may answer in the
// program's place (handled true, with its exit status), or change the Proc's
// streams and let the program run.
type CommandFault interface {
	Command(p *shell.Proc) (handled bool, code int)
}

// LineFault answers a whole command line as the client sent it (an exec
// request's, or a line typed at a shell's prompt) in the shell's place, before
// the shell parses it.
type LineFault interface {
	AnswerLine(p *shell.Proc, line string) (handled bool, code int)
}

// PAMFault prints a PAM session message when a service opens a session: "sudo",
// "su", or "sshd" for a login shell. shell is true when sudo runs a shell (-i/-s).
type PAMFault interface {
	PAMSession(service, user string, shell bool) string
}

// LoaderFault changes what the host's dynamic loader accepts: an older libc, or
// another architecture.
type LoaderFault interface {
	Loader(libc personality.Libc, machines []elf.Machine) (personality.Libc, []elf.Machine)
}

// FSFault changes a filesystem operation: fail it with an errno, slow it, or
// change who performs it (root squash). acted says whether it did, which is
// the fault firing; a wait ends early when ctx (the host's life) ends.
type FSFault interface {
	FileOp(ctx context.Context, op *vfs.Op) (acted bool, err error)
}

// SSHDConfigFault is a fault a real sshd carries as sshd_config lines
// (MaxSessions): on a container target the harness writes them into sshd's
// configuration, where the simulated host applies the fault's other hooks.
type SSHDConfigFault interface {
	SSHDConfig() []string
}
