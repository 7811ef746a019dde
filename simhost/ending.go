package simhost

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"syscall"

	"github.com/gliderlabs/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// phase is how far a connection got, so its conn.close event can say where a
// client gave up: the clients worth a lab are the ones that leave mid-handshake.
type phase int32

const (
	phaseIdent phase = iota // before the client's identification string
	phaseKex                // key exchange
	phaseAuth               // authentication
	phaseReady              // authenticated
)

func (p phase) during() string {
	switch p {
	case phaseIdent:
		return " before identifying itself"
	case phaseKex:
		return " during key exchange"
	case phaseAuth:
		return " during authentication"
	}
	return ""
}

// maxIdent bounds the client's identification line, as x/crypto and sshd do.
const maxIdent = 255

// errInvalidIdent ends the handshake of a client that did not speak SSH.
var errInvalidIdent = errors.New("invalid SSH identification string")

// connEnd is why a connection ended, as its conn.close event tells it: the
// first cause seen wins, since everything after it (the server closing its end,
// reads on a closed socket) only follows from it.
type connEnd struct {
	phase   atomic.Int32
	closing atomic.Bool // the server closes it: a read failing after that says nothing
	mu      sync.Mutex
	why     string
	ident   []byte // the client's identification line, while it arrives
}

func (e *connEnd) at() phase { return phase(e.phase.Load()) }

// because records why the connection ends, unless a cause is already known.
func (e *connEnd) because(format string, args ...any) {
	e.mu.Lock()
	if e.why == "" {
		e.why = fmt.Sprintf(format, args...)
	}
	e.mu.Unlock()
}

// detail is the conn.close event's text. Past authentication, a connection
// that ended with no cause seen is one whose client said goodbye: x/crypto
// stops reading at the client's disconnect message and closes.
func (e *connEnd) detail() string {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.why != "" {
		return e.why
	}
	if e.at() == phaseReady {
		return "client disconnected"
	}
	return "closed" + e.at().during()
}

// Read watches the client's side of the connection: its identification line
// (sshd refuses anything else at once, where x/crypto would wait for more), and
// the error that tells how the client went away.
func (c *trackedConn) Read(b []byte) (int, error) {
	n, err := c.Conn.Read(b)
	if n > 0 && c.end.at() == phaseIdent {
		if identErr := c.identify(b[:n]); identErr != nil {
			return 0, identErr
		}
	}
	if err != nil {
		c.lost(err)
	}
	return n, err
}

// Write notes a client gone while the host was sending.
func (c *trackedConn) Write(b []byte) (int, error) {
	n, err := c.Conn.Write(b)
	if err != nil {
		c.lost(err)
	}
	return n, err
}

// identify follows the identification line as it arrives. RFC 4253 lets only
// the server send other lines first; sshd answers a client that does with
// "Invalid SSH identification string." and hangs up.
func (c *trackedConn) identify(b []byte) error {
	e := &c.end
	e.mu.Lock()
	i := bytes.IndexByte(b, '\n')
	if i < 0 {
		e.ident = append(e.ident, b[:min(len(b), maxIdent-len(e.ident))]...)
		e.mu.Unlock()
		return nil
	}
	line := bytes.TrimSuffix(append(e.ident, b[:i]...), []byte("\r"))
	e.ident = nil
	e.mu.Unlock()
	if bytes.HasPrefix(line, []byte("SSH-")) {
		e.phase.Store(int32(phaseKex))
		return nil
	}
	e.because("client sent an invalid identification %q", line[:min(len(line), maxIdent)])
	io.WriteString(c.Conn, "Invalid SSH identification string.\r\n")
	return errInvalidIdent
}

// lost records how a read or write failed: the client closing or resetting its
// end, or a transport fault closing the socket under the server. One on a
// connection the server closed says nothing new.
func (c *trackedConn) lost(err error) {
	switch {
	case c.end.closing.Load():
	case errors.Is(err, net.ErrClosed):
		c.end.because("closed by a transport fault%s", c.end.at().during())
	case errors.Is(err, io.EOF), errors.Is(err, syscall.EPIPE):
		c.end.because("client closed the connection%s", c.end.at().during())
	case errors.Is(err, syscall.ECONNRESET):
		c.end.because("client reset the connection%s", c.end.at().during())
	default:
		c.end.because("connection failed%s: %v", c.end.at().during(), err)
	}
}

// authAttempted moves the connection on to authentication, or past it.
func (c *trackedConn) authAttempted(ok bool) {
	if ok {
		c.end.phase.Store(int32(phaseReady))
	} else if c.end.at() < phaseAuth {
		c.end.phase.Store(int32(phaseAuth))
	}
}

// handshakeFailed is the server's ConnectionFailedCallback: x/crypto gave up
// on the connection (the client left, a protocol error, the client's disconnect
// message, too many auth attempts) and closed it. The connection is untracked
// here, so its conn.close says why. gliderlabs only hands over its wrapper, so
// the connection is found by its client's address, unique among open ones.
func (h *Host) handshakeFailed(conn net.Conn, err error) {
	remote := conn.RemoteAddr().String()
	h.mu.Lock()
	var tc *trackedConn
	for c := range h.conns {
		if c.remote == remote {
			tc = c
			break
		}
	}
	h.mu.Unlock()
	if tc != nil {
		tc.end.because("handshake failed%s: %v", tc.end.at().during(), err)
		tc.once.Do(tc.untrack)
	}
}

// authLog is the ServerConfig's AuthLogCallback: every attempt, "none" included.
func authLog(ctx ssh.Context) func(gossh.ConnMetadata, string, error) {
	tc, _ := ctx.Value(ctxKeyTracked{}).(*trackedConn)
	return func(_ gossh.ConnMetadata, _ string, err error) {
		if tc != nil {
			tc.authAttempted(err == nil)
		}
	}
}

// ctxKeyTracked holds the connection's *trackedConn in the gliderlabs context.
type ctxKeyTracked struct{}

// interrupted says why a session ended before its shell did, for session.close;
// "" when the shell ended on its own and the host closed the channel as sshd does.
func (s *session) interrupted() string {
	if s.ended.Load() {
		return ""
	}
	s.h.mu.Lock()
	closing := s.h.closed
	s.h.mu.Unlock()
	who := "client went away" // x/crypto closes the channel alike whether the client closed it or the connection: conn.close tells which
	if closing {
		who = "host shut down"
	}
	switch s.kind {
	case "exec":
		return who + " while the command ran"
	case "shell":
		return who + " while the shell ran"
	case "subsystem":
		return who + " while the subsystem ran"
	}
	return who + " before exec, shell or subsystem"
}
