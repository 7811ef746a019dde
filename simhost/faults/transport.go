package faults

import (
	"bytes"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// What the transport faults share: the direction parameter, a wait that ends
// when the connection closes, writes in chunks, pacing, and the gate that lets
// a connection work until a budget of bytes or a time is spent and then drops,
// holds or resets it.

// The values of the direction parameter: downstream is what the server sends
// to the client (the server's writes), upstream what the client sends (its reads).
const (
	downstream = "downstream"
	upstream   = "upstream"
	both       = "both"
)

// directions tells which way d covers: the server's writes (down), its reads (up).
func directions(d string) (down, up bool) { return d != upstream, d != downstream }

// wait sleeps for d; if the connection closes first it returns net.ErrClosed at once.
func (c *shapedConn) wait(d time.Duration) error {
	if d <= 0 {
		return c.closed()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-c.done:
		return net.ErrClosed
	}
}

// closed reports net.ErrClosed once the connection is closed.
func (c *shapedConn) closed() error {
	select {
	case <-c.done:
		return net.ErrClosed
	default:
		return nil
	}
}

// hold blocks, neither reading nor writing, until the connection is closed.
func (c *shapedConn) hold() error {
	<-c.done
	return net.ErrClosed
}

// drain reads and discards what the client sends until the connection ends.
func (c *shapedConn) drain() error {
	b := make([]byte, 32<<10)
	for {
		if _, err := c.Conn.Read(b); err != nil {
			return err
		}
	}
}

// reset aborts the connection with a TCP RST instead of a FIN (SO_LINGER 0).
func (c *shapedConn) reset() {
	if tc, ok := innermost(c.Conn).(*net.TCPConn); ok {
		tc.SetLinger(0)
	}
	c.Close()
}

// innermost is the socket under every wrapper that tells what it wraps.
func innermost(c net.Conn) net.Conn {
	for {
		u, ok := c.(interface{ NetConn() net.Conn })
		if !ok {
			return c
		}
		c = u.NetConn()
	}
}

// writeChunks writes b in pieces of at most size bytes, calling after once
// each piece is out (to wait, for pacing or slicing).
func (c *shapedConn) writeChunks(b []byte, size int, after func(n int) error) (int, error) {
	done := 0
	for done < len(b) {
		n, err := c.Conn.Write(b[done:min(done+size, len(b))])
		done += n
		if err != nil {
			return done, err
		}
		if err := after(n); err != nil {
			return done, err
		}
	}
	return done, nil
}

// readChunk reads at most size bytes.
func (c *shapedConn) readChunk(b []byte, size int) (int, error) {
	if len(b) > size {
		b = b[:size]
	}
	return c.Conn.Read(b)
}

// readChunkThen reads at most size bytes and, when some came, calls after
// before handing them on (to wait, for latency, pacing or slicing); if after
// fails, nothing is handed on.
func (c *shapedConn) readChunkThen(b []byte, size int, after func(n int) error) (int, error) {
	n, err := c.readChunk(b, size)
	if n > 0 {
		if werr := after(n); werr != nil {
			return 0, werr
		}
	}
	return n, err
}

// pace spaces the bytes of one direction out to rate bytes per second: take
// reserves the wire for n bytes and says how long until they are through.
type pace struct {
	mu   sync.Mutex
	rate int64
	free time.Time // when the bytes reserved so far are through
}

func (p *pace) take(n int) time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	if p.free.Before(now) {
		p.free = now
	}
	p.free = p.free.Add(time.Duration(int64(n) * int64(time.Second) / p.rate))
	return p.free.Sub(now)
}

// action is what a gated connection does once it trips.
type action int

const (
	drop  action = iota // swallow the server's writes; read and discard the client's bytes
	hang                // neither write nor read, keep the socket: half-open
	abort               // reset the connection with a TCP RST
)

// gate lets a connection work until it trips, then applies its action: to both
// directions, or with each, only to the direction that tripped.
type gate struct {
	c    *shapedConn
	act  action
	each bool
	// allow says how many bytes of b may pass in a direction (down: the
	// server's writes) before the wire trips; nil lets everything pass.
	allow func(down bool, b []byte) int
	off   [2]atomic.Bool // tripped: [0] downstream, [1] upstream
}

// newGate wraps c; the caller sets allow and may trip the gate.
func newGate(c net.Conn, act action, each bool) *gate {
	g := &gate{c: shape(c), act: act, each: each}
	g.c.read, g.c.write = g.read, g.write
	return g
}

// Trip is when blackhole, half-open and reset act on a connection: once
// bytes have passed (counted in direction) or after a time, whichever comes
// first, or at once when neither is given.
type Trip struct {
	Bytes     int64    `json:"bytes" help:"let this many bytes through first (counted in direction); 0: not by bytes" min:"0"`
	After     Duration `json:"after" help:"act this long after the connection opened; 0: not by time (neither: at once)" min:"0"`
	Direction string   `json:"direction" help:"which bytes count towards bytes" enum:"downstream,upstream,both"`
}

// Validate has nothing to check that the tags do not.
func (*Trip) Validate() error { return nil }

// wrap gates c to act when the trip comes.
func (t *Trip) wrap(c net.Conn, act action) net.Conn {
	return tripAfter(c, act, t.Bytes, time.Duration(t.After), t.Direction)
}

// tripAfter is the gate of a fault that acts on both directions after bytes
// bytes (counted in direction) or after the time after, whichever comes first,
// or at once when neither is given.
func tripAfter(c net.Conn, act action, budget int64, after time.Duration, direction string) net.Conn {
	g := newGate(c, act, false)
	if budget > 0 {
		g.allow = spend(budget, direction)
	}
	switch {
	case after > 0:
		t := time.AfterFunc(after, func() { g.trip(true) })
		g.c.closing = func() { t.Stop() }
	case budget <= 0:
		g.trip(true)
	}
	return g.c
}

// spend is an allow function that lets budget bytes through in direction.
func spend(budget int64, direction string) func(down bool, b []byte) int {
	var mu sync.Mutex
	countDown, countUp := directions(direction)
	return func(down bool, b []byte) int {
		if down && !countDown || !down && !countUp {
			return len(b)
		}
		mu.Lock()
		defer mu.Unlock()
		n := min(int64(len(b)), budget)
		budget -= n
		return int(n)
	}
}

// firstLine is an allow function that lets each direction's first line (the
// SSH identification string) through.
func firstLine() func(down bool, b []byte) int {
	var seen [2]atomic.Bool
	return func(down bool, b []byte) int {
		s := &seen[side(down)]
		if s.Load() {
			return 0
		}
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			return len(b)
		}
		s.Store(true)
		return i + 1
	}
}

func side(down bool) int {
	if down {
		return 0
	}
	return 1
}

// trip stops the direction (or both), resetting at once for abort.
func (g *gate) trip(down bool) {
	if g.each {
		g.off[side(down)].Store(true)
	} else {
		g.off[0].Store(true)
		g.off[1].Store(true)
	}
	if g.act == abort {
		g.c.reset()
	}
}

func (g *gate) write(b []byte) (int, error) {
	n := 0
	if !g.off[0].Load() {
		if n = g.pass(true, b); n == len(b) {
			return g.c.Conn.Write(b)
		}
		if n > 0 {
			if m, err := g.c.Conn.Write(b[:n]); err != nil {
				return m, err
			}
		}
		g.trip(true)
	}
	switch g.act {
	case drop:
		return len(b), g.c.closed()
	case hang:
		return n, g.c.hold()
	default:
		g.c.reset()
		return n, net.ErrClosed
	}
}

func (g *gate) read(b []byte) (int, error) {
	if !g.off[1].Load() {
		n, err := g.c.Conn.Read(b)
		if !g.off[1].Load() { // else it tripped while reading: the bytes are lost
			k := g.pass(false, b[:n])
			if k == n {
				return n, err
			}
			g.trip(false)
			if k > 0 {
				return k, nil
			}
		}
	}
	switch g.act {
	case drop:
		return 0, g.c.drain()
	case hang:
		return 0, g.c.hold()
	default:
		g.c.reset()
		return 0, net.ErrClosed
	}
}

func (g *gate) pass(down bool, b []byte) int {
	if g.allow == nil {
		return len(b)
	}
	return g.allow(down, b)
}

// refuse turns a connection away at accept. With rst it is reset (the host
// closes it with SO_LINGER 0). Otherwise msg (if any) is written and a FIN
// sent at once, and the client's bytes are read and dropped until it closes:
// closing with its banner unread would make the kernel send an RST instead, so
// the client reliably sees "Connection closed by remote host".
func refuse(c net.Conn, msg string, rst bool) net.Conn {
	raw := innermost(c)
	tc, _ := raw.(*net.TCPConn)
	if rst {
		if tc != nil {
			tc.SetLinger(0)
		}
		return nil
	}
	raw.SetDeadline(time.Now().Add(refuseLinger))
	if msg != "" {
		raw.Write([]byte(msg))
	}
	if tc == nil {
		return nil
	}
	tc.CloseWrite()
	return tripAfter(c, drop, 0, 0, both)
}

// refuseLinger bounds how long a refused connection waits for the client to
// close its side.
const refuseLinger = 10 * time.Second
