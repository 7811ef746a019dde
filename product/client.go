// Package product is the reference product client under test: what a real
// product's remote layer does over SSH — connections with keep-alives, run a
// command, remove a file, list LVM physical volumes, push a helper binary and run
// it — in two profiles: legacy, as shipped when the escalations hit, and
// hardened, with the fixes a senior engineer would ship.
package product

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// Profile chooses how the client behaves.
type Profile string

const (
	// Legacy keeps stdin open and waits without a deadline, opens a new
	// connection (with its own keep-alive) per clean-up, parses pvs strictly and
	// pushes binaries unchecked: it hangs, piles up and crashes as in the stories.
	Legacy Profile = "legacy"
	// Hardened closes stdin, puts a deadline on everything, bounds sessions per
	// host, invokes commands alias-proof, verifies effects, parses tolerantly and
	// checks a binary against the host before pushing it.
	Hardened Profile = "hardened"
)

// Config is how to reach one host and how to behave there.
type Config struct {
	Addr     string
	User     string
	Password string       // password auth, when set
	Signer   gossh.Signer // public-key auth, when set
	Profile  Profile

	// The hardened profile's bounds; zero picks the defaults.
	CommandTimeout time.Duration // each command: 30s
	// BannerTimeout bounds the wait for the host's first bytes (its SSH version
	// line): a host that accepts and says nothing is given up on soon: 10s.
	BannerTimeout time.Duration
	// DialTimeout bounds the whole login once the host has spoken: key
	// exchange and authentication, which a slow PAM or LDAP stretches: 30s.
	DialTimeout  time.Duration
	MaxSessions  int           // sessions open at once on the host: 4
	KeepAlive    time.Duration // keep-alive interval for every connection: 15s
	KeepAliveMax int           // unanswered keep-alives before a hardened client drops the connection: 3
}

// Client is a product's connection to one host.
type Client struct {
	cfg Config

	mu     sync.Mutex
	pooled *gossh.Client              // the hardened profile's shared connection
	conns  map[*gossh.Client]struct{} // every connection open now
	// handshaking are raw connections not yet through the SSH handshake.
	handshaking map[net.Conn]struct{}
	closed      bool
	sem         chan struct{}  // hardened: session slots
	wg          sync.WaitGroup // keep-alive goroutines
}

// New returns a client; it connects on first use.
func New(cfg Config) *Client {
	if cfg.Profile == "" {
		cfg.Profile = Hardened
	}
	def := func(d *time.Duration, v time.Duration) {
		if *d == 0 {
			*d = v
		}
	}
	def(&cfg.CommandTimeout, 30*time.Second)
	def(&cfg.BannerTimeout, 10*time.Second)
	def(&cfg.DialTimeout, 30*time.Second)
	def(&cfg.KeepAlive, 15*time.Second)
	if cfg.MaxSessions == 0 {
		cfg.MaxSessions = 4
	}
	if cfg.KeepAliveMax == 0 {
		cfg.KeepAliveMax = 3
	}
	return &Client{cfg: cfg, conns: map[*gossh.Client]struct{}{}, sem: make(chan struct{}, cfg.MaxSessions)}
}

// Profile is the client's profile.
func (c *Client) Profile() Profile { return c.cfg.Profile }

func (c *Client) hardened() bool { return c.cfg.Profile == Hardened }

// OpenConnections counts the SSH connections the client holds now: the pile-up
// of the 001 escalation shows here.
func (c *Client) OpenConnections() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.conns)
}

// Close drops every connection, which also ends whatever hangs on them, and
// waits for the keep-alive goroutines.
func (c *Client) Close() error {
	c.mu.Lock()
	c.closed = true
	var closers []interface{ Close() error }
	for conn := range c.conns {
		closers = append(closers, conn)
	}
	for raw := range c.handshaking {
		closers = append(closers, raw)
	}
	c.mu.Unlock()
	for _, cl := range closers {
		cl.Close()
	}
	c.wg.Wait()
	return nil
}

var errClosed = errors.New("product client closed")

// dial opens a new connection with its keep-alive. The legacy profile has no
// connect deadline: a host that never sends its banner holds it forever.
func (c *Client) dial(ctx context.Context) (*gossh.Client, error) {
	var auth []gossh.AuthMethod
	if c.cfg.Signer != nil {
		auth = append(auth, gossh.PublicKeys(c.cfg.Signer))
	}
	if c.cfg.Password != "" {
		auth = append(auth, gossh.Password(c.cfg.Password))
	}
	cfg := &gossh.ClientConfig{User: c.cfg.User, Auth: auth, HostKeyCallback: gossh.InsecureIgnoreHostKey()}
	var d net.Dialer
	if c.hardened() {
		d.Timeout = c.cfg.BannerTimeout
	}
	raw, err := d.DialContext(ctx, "tcp", c.cfg.Addr)
	if err != nil {
		return nil, fmt.Errorf("connect to %s: %w", c.cfg.Addr, err)
	}
	if c.hardened() {
		raw = bannerDeadline(raw, c.cfg.BannerTimeout, c.cfg.DialTimeout)
	}
	if !c.track(raw) {
		return nil, errClosed
	}
	sc, chans, reqs, err := gossh.NewClientConn(raw, c.cfg.Addr, cfg)
	c.untrack(raw)
	if err != nil {
		raw.Close()
		return nil, fmt.Errorf("ssh handshake with %s: %w", c.cfg.Addr, err)
	}
	raw.SetDeadline(time.Time{})
	conn := gossh.NewClient(sc, chans, reqs)
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		conn.Close()
		return nil, errClosed
	}
	c.conns[conn] = struct{}{}
	c.wg.Add(1)
	c.mu.Unlock()
	go c.keepAlive(conn)
	return conn, nil
}

// track holds a raw connection during its handshake, so Close can end a
// handshake that never completes.
func (c *Client) track(raw net.Conn) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		raw.Close()
		return false
	}
	if c.handshaking == nil {
		c.handshaking = map[net.Conn]struct{}{}
	}
	c.handshaking[raw] = struct{}{}
	return true
}

func (c *Client) untrack(raw net.Conn) {
	c.mu.Lock()
	delete(c.handshaking, raw)
	c.mu.Unlock()
}

// keepAlive sends keepalive@openssh.com until the connection ends. A hardened
// client drops a connection whose keep-alives go unanswered; a legacy one keeps
// a goroutine (a thread, in the story) per connection forever.
func (c *Client) keepAlive(conn *gossh.Client) {
	defer c.wg.Done()
	done := make(chan struct{})
	go func() {
		conn.Wait()
		close(done)
	}()
	defer func() {
		c.mu.Lock()
		delete(c.conns, conn)
		if c.pooled == conn {
			c.pooled = nil
		}
		c.mu.Unlock()
	}()
	t := time.NewTicker(c.cfg.KeepAlive)
	defer t.Stop()
	missed := 0
	for {
		select {
		case <-done:
			return
		case <-t.C:
		}
		answered := make(chan struct{})
		go func() {
			conn.SendRequest("keepalive@openssh.com", true, nil)
			close(answered)
		}()
		select {
		case <-answered:
			missed = 0
		case <-done:
			return
		case <-time.After(c.cfg.KeepAlive):
			missed++
			if c.hardened() && missed >= c.cfg.KeepAliveMax {
				conn.Close()
			}
		}
	}
}

// connection returns the connection an operation uses: the hardened profile
// shares one per host; the legacy profile opens one per operation.
func (c *Client) connection(ctx context.Context) (conn *gossh.Client, release func(keep bool), err error) {
	if !c.hardened() {
		conn, err := c.dial(ctx)
		if err != nil {
			return nil, nil, err
		}
		return conn, func(keep bool) {
			if !keep {
				conn.Close()
			}
		}, nil
	}
	c.mu.Lock()
	conn = c.pooled
	c.mu.Unlock()
	if conn == nil {
		if conn, err = c.dial(ctx); err != nil {
			return nil, nil, err
		}
		c.mu.Lock()
		c.pooled = conn
		c.mu.Unlock()
	}
	return conn, func(bool) {}, nil
}

// Result is what a command returned.
type Result struct {
	Stdout, Stderr string
	Exit           int
}

// Run runs a command line on the host. Hardened: stdin closed, a deadline, a
// session slot; legacy: stdin held open and no deadline, as the 001 client did.
func (c *Client) Run(ctx context.Context, cmd string) (Result, error) {
	if c.hardened() {
		select {
		case c.sem <- struct{}{}:
			defer func() { <-c.sem }()
		case <-ctx.Done():
			return Result{}, fmt.Errorf("waiting for a free session to run %q: %w", cmd, ctx.Err())
		}
	}
	conn, release, err := c.connection(ctx)
	if err != nil {
		return Result{}, err
	}
	res, err := c.runOn(ctx, conn, cmd, nil)
	release(err != nil && !c.hardened()) // a legacy op that failed leaves its connection behind
	var refused *gossh.OpenChannelError
	if c.hardened() && errors.As(err, &refused) {
		// The host refused another session on this connection (MaxSessions):
		// run on a connection of its own, leaving the others' sessions be.
		extra, dialErr := c.dial(ctx)
		if dialErr != nil {
			return res, fmt.Errorf("%w; and a new connection failed too: %v", err, dialErr)
		}
		defer extra.Close()
		return c.runOn(ctx, extra, cmd, nil)
	}
	return res, err
}

// runOn runs cmd in a new session of conn with stdin as given (nil: closed).
func (c *Client) runOn(ctx context.Context, conn *gossh.Client, cmd string, stdin []byte) (Result, error) {
	s, err := conn.NewSession()
	if err != nil {
		var refused *gossh.OpenChannelError
		if c.hardened() && !errors.As(err, &refused) {
			c.dropPooled(conn) // the connection itself is broken
		}
		return Result{}, fmt.Errorf("open a session to run %q: %w", cmd, err)
	}
	defer s.Close()
	var out, errOut bytes.Buffer
	s.Stdout, s.Stderr = &out, &errOut
	if stdin != nil {
		s.Stdin = bytes.NewReader(stdin)
	} else if !c.hardened() {
		if _, err := s.StdinPipe(); err != nil { // kept open, never written: what the Java client did
			return Result{}, err
		}
	}
	if err := s.Start(cmd); err != nil {
		return Result{}, fmt.Errorf("start %q: %w", cmd, err)
	}
	done := make(chan error, 1)
	go func() { done <- s.Wait() }()
	var waitErr error
	if c.hardened() {
		timer := time.NewTimer(c.cfg.CommandTimeout)
		defer timer.Stop()
		select {
		case waitErr = <-done:
		case <-timer.C:
			c.abandon(conn, s, done)
			return Result{Stdout: out.String(), Stderr: errOut.String(), Exit: -1},
				fmt.Errorf("%q did not finish within %s; it printed %q on stderr", cmd, c.cfg.CommandTimeout, tail(errOut.String()))
		case <-ctx.Done():
			c.abandon(conn, s, done)
			return Result{Stdout: out.String(), Stderr: errOut.String(), Exit: -1}, fmt.Errorf("%q: %w", cmd, ctx.Err())
		}
	} else {
		waitErr = <-done // no deadline: the story's thread waited here forever
	}
	res := Result{Stdout: out.String(), Stderr: errOut.String()}
	var exitErr *gossh.ExitError
	var missing *gossh.ExitMissingError
	switch {
	case waitErr == nil:
	case errors.As(waitErr, &exitErr):
		res.Exit = exitErr.ExitStatus()
	case errors.As(waitErr, &missing):
		res.Exit = -1
		return res, fmt.Errorf("%q: the host closed the session without an exit status", cmd)
	default:
		res.Exit = -1
		return res, fmt.Errorf("%q: %w", cmd, waitErr)
	}
	return res, nil
}

// abandon gives up on a session: kill and close it, and when the host does not
// even acknowledge that (a half-open connection), drop the whole connection.
func (c *Client) abandon(conn *gossh.Client, s *gossh.Session, done <-chan error) {
	s.Signal(gossh.SIGKILL)
	s.Close()
	select {
	case <-done:
	case <-time.After(time.Second):
		c.dropPooled(conn)
		<-done
	}
}

func (c *Client) dropPooled(conn *gossh.Client) {
	c.mu.Lock()
	if c.pooled == conn {
		c.pooled = nil
	}
	c.mu.Unlock()
	conn.Close()
}

// tail is the end of a stream, for error messages.
func tail(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > 200 {
		return "..." + s[len(s)-200:]
	}
	return s
}

// shellQuote quotes s for a POSIX shell.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
