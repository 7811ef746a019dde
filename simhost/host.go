// Package simhost is the simulated host: an SSH server that answers like a real
// Linux or Solaris machine while nothing real runs. Every session's shell, command,
// file and transfer is emulated over the host's own in-memory filesystem.
package simhost

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gliderlabs/ssh"
	gossh "golang.org/x/crypto/ssh"

	"github.com/hostile-lab/hostile/simhost/events"
	"github.com/hostile-lab/hostile/simhost/faults"
	_ "github.com/hostile-lab/hostile/simhost/internal/commands" // the emulated programs
	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/shell"
)

// Description is what a host is: personality, users, files, LVM data.
type Description = machine.Description

// Host is a running simulated host.
type Host struct {
	m        *machine.Machine
	srv      *ssh.Server
	listener net.Listener
	opts     options
	keys     hostKeys // their files are rewritten on Reset

	connSeq, sessSeq atomic.Uint64
	open             sync.Map // session id -> *session, the sessions still open

	faults *faults.Set
	wire   wireAlgorithms // what the personality's sshd speaks, as far as x/crypto can

	startupLimit machine.Startups // MaxStartups, from the host's limits

	mu     sync.Mutex
	conns  map[*trackedConn]struct{}
	closed bool
	wg     sync.WaitGroup // every goroutine the host starts
	served chan struct{}  // closed when Serve returns
	// life ends when Close starts: what waits for the host (a slow-fs
	// delay) stops waiting.
	life    context.Context
	endLife context.CancelFunc
}

type options struct {
	addr        string
	hostKeyDir  string
	transcripts string
	castLabel   string // starts each transcript's name; the hostname when ""
	listener    net.Listener
	loginGrace  time.Duration
}

// Option configures Start.
type Option func(*options)

// WithAddr sets the listen address; the default is 127.0.0.1:0, an ephemeral port
// on loopback.
func WithAddr(addr string) Option { return func(o *options) { o.addr = addr } }

// WithListener serves on an existing listener (the host closes it).
func WithListener(l net.Listener) Option { return func(o *options) { o.listener = l } }

// WithHostKeyDir keeps the host's identity across restarts: host keys are loaded
// from the directory, or generated and saved there on first use.
func WithHostKeyDir(dir string) Option { return func(o *options) { o.hostKeyDir = dir } }

// WithLoginGraceTime closes a connection that has not authenticated within d,
// as sshd's LoginGraceTime does (default 120s, sshd's).
func WithLoginGraceTime(d time.Duration) Option { return func(o *options) { o.loginGrace = d } }

// WithTranscripts writes an asciicast v2 recording of every session into dir.
func WithTranscripts(dir string) Option { return func(o *options) { o.transcripts = dir } }

// WithTranscriptLabel starts each transcript's name with label (a scenario
// and a client, say) instead of the hostname, so the files of several hosts
// or replays in one directory tell apart at a glance.
func WithTranscriptLabel(label string) Option { return func(o *options) { o.castLabel = label } }

// Start builds the host from d and serves SSH until Close.
func Start(ctx context.Context, d Description, opts ...Option) (*Host, error) {
	o := options{addr: "127.0.0.1:0", loginGrace: 120 * time.Second}
	for _, opt := range opts {
		opt(&o)
	}
	m, err := machine.New(d, nil)
	if err != nil {
		return nil, fmt.Errorf("host description: %w", err)
	}
	if err := shell.Install(m); err != nil {
		return nil, err
	}
	wire := wireFor(m.P.SSH)
	keys, err := loadHostKeys(o.hostKeyDir, offeredKeyTypes(wire), m.P.SSH.KeyFiles)
	if err != nil {
		return nil, err
	}
	signers, err := keys.signers(wire)
	if err != nil {
		return nil, err
	}
	if err := keys.writeFiles(m, m.P.SSH.KeyFiles); err != nil {
		return nil, fmt.Errorf("host keys: %w", err)
	}
	startupLimit, err := machine.ParseStartups(m.Desc.Limits.MaxStartups)
	if err != nil {
		return nil, fmt.Errorf("host description: limits.max_startups: %w", err)
	}
	h := &Host{m: m, opts: o, wire: wire, keys: keys, conns: map[*trackedConn]struct{}{}, served: make(chan struct{}), faults: faults.NewSet(m.Log), startupLimit: startupLimit}
	h.life, h.endLife = context.WithCancel(context.Background())
	h.interceptFiles()
	h.srv = &ssh.Server{
		HostSigners:              signers,
		Version:                  versionWithoutPrefix(m.P.SSHVersion),
		ServerConfigCallback:     h.serverConfig,
		ConnCallback:             h.track,
		ConnectionFailedCallback: h.handshakeFailed,
		ChannelHandlers: map[string]ssh.ChannelHandler{"session": h.handleSession,
			"direct-tcpip": h.refuseForward, "direct-streamlocal@openssh.com": h.refuseForward},
		// Global requests (keep-alives among them) get "failure", as sshd answers,
		// unless a fault leaves them unanswered.
		RequestHandlers: map[string]ssh.RequestHandler{"default": h.globalRequest},
	}
	l := o.listener
	if l == nil {
		var lc net.ListenConfig
		if l, err = lc.Listen(ctx, "tcp", o.addr); err != nil {
			return nil, fmt.Errorf("listen on %s: %w", o.addr, err)
		}
	}
	h.listener = l
	go func() {
		defer close(h.served)
		h.srv.Serve(l)
	}()
	return h, nil
}

func versionWithoutPrefix(v string) string {
	const prefix = "SSH-2.0-"
	if len(v) > len(prefix) && v[:len(prefix)] == prefix {
		return v[len(prefix):]
	}
	return v
}

// Addr is the address the host listens on, "127.0.0.1:40123".
func (h *Host) Addr() string { return h.listener.Addr().String() }

// Port is the TCP port the host listens on.
func (h *Host) Port() int {
	_, port, _ := net.SplitHostPort(h.Addr())
	n, _ := strconv.Atoi(port)
	return n
}

// Machine is the host's state: filesystem, users, processes.
func (h *Host) Machine() *machine.Machine { return h.m }

// Events is the host's event log.
func (h *Host) Events() *events.Log { return h.m.Log }

// OpenSessions counts the sessions whose channel is still open.
func (h *Host) OpenSessions() int {
	n := 0
	h.open.Range(func(any, any) bool { n++; return true })
	return n
}

// Close stops listening, drops every connection and waits until every session's
// goroutine has ended and every transcript is flushed.
func (h *Host) Close() error {
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		return nil
	}
	h.closed = true
	h.endLife()
	conns := make([]*trackedConn, 0, len(h.conns))
	for c := range h.conns {
		c.end.because("host shut down")
		conns = append(conns, c)
	}
	h.mu.Unlock()
	err := h.srv.Close()
	// The server only knows its listener once Serve has started; close it here
	// too, or a Close racing a fresh Start leaves the accept loop running.
	h.listener.Close()
	for _, c := range conns {
		c.Close()
	}
	<-h.served
	h.wg.Wait()
	if errors.Is(err, ssh.ErrServerClosed) {
		err = nil
	}
	return err
}

// globalRequest answers a global request (keepalive@openssh.com and the rest)
// with failure, as sshd does, or not at all when a fault ignores it: the client
// then counts missed answers. Not replying is done by clearing WantReply, since
// blocking here would stall every later request of the connection.
func (h *Host) globalRequest(ctx ssh.Context, _ *ssh.Server, req *gossh.Request) (bool, []byte) {
	if h.ignored(connID(ctx), ctx.User(), req.Type) {
		req.WantReply = false
	}
	return false, nil
}
