package simhost

import (
	"net"
	"sync"
	"time"

	"github.com/gliderlabs/ssh"

	"github.com/hostile-lab/hostile/simhost/events"
	"github.com/hostile-lab/hostile/simhost/faults"
	"github.com/hostile-lab/hostile/simhost/shell"
)

// ctxKeyConnID holds the connection's number in the gliderlabs context.
type ctxKeyConnID struct{}

// trackedConn is a client's TCP connection as the host keeps count of it, from
// accept, before any SSH byte, so Close can drop connections still in handshake.
type trackedConn struct {
	net.Conn
	h      *Host
	id     uint64
	remote string // the client's address, fixed: tc.Conn changes as faults wrap it
	once   sync.Once
	done   chan struct{} // closed with the connection
	end    connEnd       // why it ended, for conn.close
	grace  *time.Timer   // closes a connection still unauthenticated after the login grace time
	// connMu guards the embedded Conn while track swaps in its fault-wrapped
	// form: the connection is already counted, and Host.Close may close it.
	connMu sync.Mutex
	// sshd is the processes sshd runs for the connection, which its
	// sessions share; they end with it (untrack).
	sshd shell.SSHD
}

// inner is the connection as it is now: the socket, or its fault-wrapped form.
func (c *trackedConn) inner() net.Conn {
	c.connMu.Lock()
	defer c.connMu.Unlock()
	return c.Conn
}

// track is the server's ConnCallback: number the connection, log it, keep it.
func (h *Host) track(ctx ssh.Context, c net.Conn) net.Conn {
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		c.Close()
		return nil
	}
	startups := h.startups()
	tc := &trackedConn{Conn: c, h: h, id: h.connSeq.Add(1), remote: c.RemoteAddr().String(), done: make(chan struct{})}
	h.conns[tc] = struct{}{}
	open := len(h.conns)
	h.wg.Add(1)
	h.mu.Unlock()
	ctx.SetValue(ctxKeyConnID{}, tc.id)
	ctx.SetValue(ctxKeyConnDone{}, tc.done)
	ctx.SetValue(ctxKeyTracked{}, tc)
	h.m.Log.Add(events.Event{Kind: events.ConnOpen, Conn: tc.id, Remote: tc.remote})
	if shouldDrop(h.startupLimit, startups) {
		tc.end.because("%s", dropStartup(c, startups))
		tc.once.Do(tc.untrack)
		return nil
	}
	// Transport faults sit between the socket and SSH; tc stays outermost so
	// Close always untracks the connection.
	wrapped := h.faults.WrapConn(c, faults.ConnState{Number: tc.id, Open: open, Started: time.Now()})
	if wrapped == nil {
		tc.end.because("dropped at accept by a transport fault")
		tc.once.Do(tc.untrack)
		return nil
	}
	tc.connMu.Lock()
	tc.Conn = wrapped
	tc.connMu.Unlock()
	// sshd's LoginGraceTime: a client that connects and never logs in does not
	// hold its socket and goroutines for ever.
	tc.grace = time.AfterFunc(h.opts.loginGrace, func() {
		if tc.end.at() != phaseReady {
			tc.end.because("login grace time (%s) ran out%s", h.opts.loginGrace, tc.end.at().during())
			tc.inner().Close()
		}
	})
	return tc
}

func (c *trackedConn) Close() error {
	c.end.closing.Store(true)
	err := c.inner().Close()
	// Before the handshake is through, x/crypto closes the connection before
	// saying why: handshakeFailed untracks it once it knows.
	if c.end.at() == phaseReady {
		c.once.Do(c.untrack)
	}
	return err
}

// untrack forgets the connection once it is closed.
func (c *trackedConn) untrack() {
	if c.grace != nil {
		c.grace.Stop()
	}
	close(c.done)
	c.sshd.Close()
	c.h.mu.Lock()
	delete(c.h.conns, c)
	c.h.mu.Unlock()
	c.h.m.Log.Add(events.Event{Kind: events.ConnClose, Conn: c.id, Remote: c.remote, Detail: c.end.detail()})
	c.h.wg.Done()
}

func connID(ctx ssh.Context) uint64 {
	id, _ := ctx.Value(ctxKeyConnID{}).(uint64)
	return id
}

// ctxKeyChannels counts the session channels opened on a connection.
type ctxKeyChannels struct{}

// channelCount returns the number of this channel on its connection, from 1.
func channelCount(ctx ssh.Context) int {
	ctx.Lock()
	defer ctx.Unlock()
	n, _ := ctx.Value(ctxKeyChannels{}).(int)
	n++
	ctx.SetValue(ctxKeyChannels{}, n)
	return n
}

// ctxKeyConnDone holds a channel closed when the connection closes; unlike the
// context's Done, it fires during the handshake too.
type ctxKeyConnDone struct{}

func connDone(ctx ssh.Context) <-chan struct{} {
	done, _ := ctx.Value(ctxKeyConnDone{}).(chan struct{})
	return done
}
