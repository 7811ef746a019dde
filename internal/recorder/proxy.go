package recorder

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"net"
	"slices"
	"sync"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// Config says which host to record and how products reach it.
type Config struct {
	// Upstream is the real host, host:port; User the account the recorder
	// logs in as, with Auth.
	Upstream string
	User     string
	Auth     []gossh.AuthMethod
	// Listen is where products connect; 127.0.0.1:0 when empty.
	Listen string
	// HostKey is the proxy's own host key; a new ed25519 key when nil.
	HostKey gossh.Signer
	// Secrets are texts that never land in the recording (the password the
	// recorder logs in with, tokens); passwords products log in with are
	// added as they come.
	Secrets []string
	// RedactEnv names environment variables whose values, when a client sends
	// them in an env request, are secrets too.
	RedactEnv []string
	// Log gets one line per event; nil logs nothing.
	Log io.Writer
	// DialTimeout bounds connecting and logging in to the host, and each
	// identity probe; 10s when zero.
	DialTimeout time.Duration
}

// Recorder is a running recording proxy.
type Recorder struct {
	cfg      Config
	ln       net.Listener
	server   *gossh.ServerConfig
	identity Identity
	started  time.Time

	mu       sync.Mutex
	secrets  []string
	sessions []*sessionRec
	conns    map[*proxyConn]struct{}
	connSeq  int
	closed   bool
	stopped  *StopError
	lost     chan struct{}
	wg       sync.WaitGroup // the accept loop and every connection's goroutines
	logMu    sync.Mutex     // one log line at a time
}

// Start probes the host's identity over a connection of its own, then listens
// for products. ctx bounds the probe only; Close stops the recorder.
func Start(ctx context.Context, cfg Config) (*Recorder, error) {
	if cfg.Listen == "" {
		cfg.Listen = "127.0.0.1:0"
	}
	if cfg.DialTimeout == 0 {
		cfg.DialTimeout = 10 * time.Second
	}
	if cfg.User == "" || cfg.Upstream == "" || len(cfg.Auth) == 0 {
		return nil, errors.New("recorder: the upstream host, its user and a way to log in are all needed")
	}
	r := &Recorder{cfg: cfg, started: time.Now(), conns: map[*proxyConn]struct{}{}, lost: make(chan struct{})}
	for _, s := range cfg.Secrets {
		r.addSecret(s)
	}
	id, err := r.probe(ctx)
	if err != nil {
		return nil, err
	}
	r.identity = id
	if r.server, err = r.serverConfig(); err != nil {
		return nil, err
	}
	if r.ln, err = net.Listen("tcp", cfg.Listen); err != nil {
		return nil, fmt.Errorf("recorder: listen on %s: %w", cfg.Listen, err)
	}
	r.wg.Add(1)
	go r.accept()
	return r, nil
}

// Addr is where products connect.
func (r *Recorder) Addr() string { return r.ln.Addr().String() }

// Identity is what the probe found.
func (r *Recorder) Identity() Identity { return r.identity }

// Lost is closed when the upstream dropped a connection while a product was
// on it; Close then returns where.
func (r *Recorder) Lost() <-chan struct{} { return r.lost }

// Close stops listening, ends every proxied connection and waits for them.
// It returns the *StopError when the upstream had dropped.
func (r *Recorder) Close() error {
	r.mu.Lock()
	r.closed = true
	conns := make([]*proxyConn, 0, len(r.conns))
	for c := range r.conns {
		conns = append(conns, c)
	}
	r.mu.Unlock()
	r.ln.Close()
	for _, c := range conns {
		c.close()
	}
	r.wg.Wait()
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.stopped != nil {
		return r.stopped
	}
	return nil
}

// Recording is what was recorded so far, secrets redacted.
func (r *Recorder) Recording() *Recording {
	r.mu.Lock()
	red := newRedactor(r.secrets)
	rec := &Recording{Upstream: r.cfg.Upstream, User: r.cfg.User, Started: r.started, Identity: r.identity}
	if r.stopped != nil {
		stop := *r.stopped
		stop.Command = red.text(stop.Command)
		rec.Stopped = &stop
	}
	sessions := slices.Clone(r.sessions)
	r.mu.Unlock()
	rec.Identity.Probes = slices.Clone(rec.Identity.Probes)
	for i, p := range rec.Identity.Probes {
		rec.Identity.Probes[i] = red.command(p)
	}
	rec.Identity.Banner = red.text(rec.Identity.Banner)
	for _, s := range sessions {
		if snap, ok := s.snapshot(); ok {
			rec.Sessions = append(rec.Sessions, red.session(snap))
		}
	}
	return rec
}

func (r *Recorder) addSecret(s string) {
	r.mu.Lock()
	known := s == "" || slices.Contains(r.secrets, s)
	if !known {
		r.secrets = append(r.secrets, s)
	}
	r.mu.Unlock()
	if !known {
		r.warnWeak(s)
	}
}

// warnWeak says when redacting a secret will also blank ordinary text: a
// password that is the user's name, or a very short one.
func (r *Recorder) warnWeak(s string) {
	switch {
	case s == r.cfg.User:
		r.logf("warning: a password is the user's own name, so the name reads %s wherever it appears in the recording", Redacted)
	case len(s) < 4:
		r.logf("warning: a secret of %d characters is redacted wherever it appears, in ordinary text too", len(s))
	}
}

func (r *Recorder) logf(format string, args ...any) {
	if r.cfg.Log == nil {
		return
	}
	r.logMu.Lock()
	defer r.logMu.Unlock()
	fmt.Fprintf(r.cfg.Log, "record: "+format+"\n", args...)
}

// serverConfig accepts the upstream user with any password or key: the proxy
// is the user's own, and the host checks the recorder's credentials.
func (r *Recorder) serverConfig() (*gossh.ServerConfig, error) {
	signer := r.cfg.HostKey
	if signer == nil {
		_, priv, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			return nil, err
		}
		if signer, err = gossh.NewSignerFromKey(priv); err != nil {
			return nil, err
		}
	}
	check := func(c gossh.ConnMetadata) error {
		if c.User() != r.cfg.User {
			return fmt.Errorf("only %s is recorded", r.cfg.User)
		}
		return nil
	}
	cfg := &gossh.ServerConfig{
		PasswordCallback: func(c gossh.ConnMetadata, password []byte) (*gossh.Permissions, error) {
			if err := check(c); err != nil {
				return nil, err
			}
			r.addSecret(string(password))
			return nil, nil
		},
		PublicKeyCallback: func(c gossh.ConnMetadata, _ gossh.PublicKey) (*gossh.Permissions, error) {
			return nil, check(c)
		},
		ServerVersion: r.identity.ServerVersion, // the product sees the host's own banner
	}
	cfg.AddHostKey(signer)
	return cfg, nil
}

// upstream is a logged-in connection to the host.
type upstream struct {
	conn    gossh.Conn
	chans   <-chan gossh.NewChannel
	reqs    <-chan *gossh.Request
	hostKey string // type and SHA256 fingerprint
	banner  string // the authentication banner
}

// dial logs in to the host.
func (r *Recorder) dial(ctx context.Context) (*upstream, error) {
	up := &upstream{}
	cfg := &gossh.ClientConfig{
		User: r.cfg.User, Auth: r.cfg.Auth, Timeout: r.cfg.DialTimeout,
		// The user points the recorder at the host; its key is recorded, not checked.
		HostKeyCallback: func(_ string, _ net.Addr, key gossh.PublicKey) error {
			up.hostKey = key.Type() + " " + gossh.FingerprintSHA256(key)
			return nil
		},
		BannerCallback: func(msg string) error {
			up.banner += msg
			return nil
		},
	}
	d := net.Dialer{Timeout: r.cfg.DialTimeout}
	raw, err := d.DialContext(ctx, "tcp", r.cfg.Upstream)
	if err != nil {
		return nil, fmt.Errorf("connect to %s: %w", r.cfg.Upstream, err)
	}
	raw.SetDeadline(time.Now().Add(r.cfg.DialTimeout))
	up.conn, up.chans, up.reqs, err = gossh.NewClientConn(raw, r.cfg.Upstream, cfg)
	if err != nil {
		raw.Close()
		return nil, fmt.Errorf("log in to %s as %s: %w", r.cfg.Upstream, r.cfg.User, err)
	}
	raw.SetDeadline(time.Time{})
	return up, nil
}

func (r *Recorder) accept() {
	defer r.wg.Done()
	for {
		raw, err := r.ln.Accept()
		if err != nil {
			return
		}
		r.mu.Lock()
		if r.closed {
			r.mu.Unlock()
			raw.Close()
			return
		}
		r.connSeq++
		c := &proxyConn{r: r, id: r.connSeq, raw: raw, done: make(chan struct{})}
		r.conns[c] = struct{}{}
		r.wg.Add(1)
		r.mu.Unlock()
		go func() {
			defer r.wg.Done()
			c.serve()
			r.mu.Lock()
			delete(r.conns, c)
			r.mu.Unlock()
		}()
	}
}

// upstreamLost records where the recording stopped and tells Lost's readers.
func (r *Recorder) upstreamLost(e *StopError) {
	r.mu.Lock()
	first := r.stopped == nil
	if first {
		r.stopped = e
	}
	r.mu.Unlock()
	r.logf("%v", e)
	if first {
		close(r.lost)
	}
}

// proxyConn is one product connection and the host connection behind it.
type proxyConn struct {
	r   *Recorder
	id  int
	raw net.Conn

	mu       sync.Mutex
	client   *gossh.ServerConn
	up       gossh.Conn
	closing  bool // the proxy or the client ended it: the upstream closing then is no drop
	dropping bool // the upstream dropped: the proxy ends the client's side
	sessions []*sessionRec
	done     chan struct{}
}

// close ends the connection from the proxy's side.
func (c *proxyConn) close() {
	c.mu.Lock()
	c.closing = true
	c.mu.Unlock()
	c.raw.Close()
}

func (c *proxyConn) serve() {
	r := c.r
	c.raw.SetDeadline(time.Now().Add(r.cfg.DialTimeout))
	client, chans, reqs, err := gossh.NewServerConn(c.raw, r.server)
	if err != nil {
		c.raw.Close()
		r.logf("conn %d: %v", c.id, err)
		return
	}
	c.raw.SetDeadline(time.Time{})
	r.logf("conn %d: %s logged in from %s", c.id, client.User(), client.RemoteAddr())
	ctx, cancel := context.WithTimeout(context.Background(), r.cfg.DialTimeout)
	u, err := r.dial(ctx)
	cancel()
	if err != nil {
		r.logf("conn %d: %v", c.id, err)
		client.Close()
		gossh.DiscardRequests(reqs)
		for nc := range chans {
			nc.Reject(gossh.ConnectionFailed, "hostile record: the host is unreachable")
		}
		return
	}
	up, upChans, upReqs := u.conn, u.chans, u.reqs
	c.mu.Lock()
	c.client, c.up = client, up
	c.mu.Unlock()

	var wg sync.WaitGroup
	defer wg.Wait()
	wg.Add(4)
	go func() {
		defer wg.Done()
		for nc := range upChans {
			nc.Reject(gossh.Prohibited, "hostile record forwards no channels from the host")
		}
	}()
	go func() {
		defer wg.Done()
		gossh.DiscardRequests(upReqs)
	}()
	go func() {
		defer wg.Done()
		c.forwardGlobal(reqs)
	}()
	go func() {
		defer wg.Done()
		c.watch()
	}()
	for nc := range chans {
		if nc.ChannelType() != "session" {
			nc.Reject(gossh.Prohibited, "hostile record forwards session channels only")
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.session(nc)
		}()
	}
	// The client is gone: so is the upstream connection.
	c.mu.Lock()
	c.closing = true
	c.mu.Unlock()
	up.Close()
}

// forwardGlobal passes the client's keep-alives to the host, so a host that
// ignores them is seen to; port forwarding is refused. OpenSSH's
// no-more-sessions@openssh.com is kept from the host: it comes right after
// the client's session channel, and could overtake the proxy's own opening of
// it upstream (sshd then drops the connection as an attack).
func (c *proxyConn) forwardGlobal(reqs <-chan *gossh.Request) {
	for req := range reqs {
		switch req.Type {
		case "keepalive@openssh.com":
			ok, payload, err := c.up.SendRequest(req.Type, req.WantReply, req.Payload)
			if req.WantReply {
				req.Reply(ok && err == nil, payload)
			}
		default:
			if req.WantReply {
				req.Reply(false, nil)
			}
		}
	}
}

// watch waits for the host's side to end. When it ends while the client is
// still there, the upstream dropped: the client's connection is ended too and
// the recording stops, saying where.
func (c *proxyConn) watch() {
	err := c.up.Wait()
	c.mu.Lock()
	c.dropping = !c.closing
	sessions := slices.Clone(c.sessions)
	c.mu.Unlock()
	if !c.isDropping() {
		return
	}
	c.client.Close()
	stop := &StopError{Upstream: c.r.cfg.User + "@" + c.r.cfg.Upstream, Conn: c.id}
	if err != nil && !errors.Is(err, io.EOF) {
		stop.Err = err
	}
	for _, s := range sessions {
		// What the host sent before it dropped is all counted, its last
		// requests (an exit-status) all read.
		<-s.copied
		<-s.hostDone
		if s.running() {
			stop.Session, stop.Command = s.number, s.line()
			stop.Stdout, stop.Stderr, stop.Stdin = s.counts()
			s.markLost()
			break
		}
		if l := s.line(); l != "" {
			stop.Command = l
		}
	}
	c.r.upstreamLost(stop)
}

func (c *proxyConn) isDropping() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.dropping
}

func (c *proxyConn) addSession(s *sessionRec) {
	c.mu.Lock()
	s.number = len(c.sessions) + 1
	c.sessions = append(c.sessions, s)
	c.mu.Unlock()
	c.r.mu.Lock()
	c.r.sessions = append(c.r.sessions, s)
	c.r.mu.Unlock()
}
