package harness

import (
	"io"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hostile-lab/hostile/simhost/events"
	"github.com/hostile-lab/hostile/simhost/faults"
)

// faultProxy stands in front of a real sshd on loopback and puts the transport
// faults of its Set between the client and sshd, byte for byte, as the simulated
// host puts them between the client and its SSH server: the same fault types make
// a real sshd stall, drip or reset.
type faultProxy struct {
	ln       net.Listener
	upstream string
	faults   *faults.Set
	log      *events.Log

	mu     sync.Mutex
	conns  map[net.Conn]struct{}
	closed bool
	seq    atomic.Uint64
	wg     sync.WaitGroup
}

// startFaultProxy listens on addr and forwards to upstream.
func startFaultProxy(addr, upstream string) (*faultProxy, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	log := events.NewLog()
	p := &faultProxy{ln: ln, upstream: upstream, faults: faults.NewSet(log), log: log, conns: map[net.Conn]struct{}{}}
	p.wg.Add(1)
	go p.accept()
	return p, nil
}

func (p *faultProxy) Addr() string { return p.ln.Addr().String() }

func (p *faultProxy) accept() {
	defer p.wg.Done()
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		if !p.keep(c) {
			c.Close()
			return
		}
		p.wg.Add(1)
		go p.forward(c)
	}
}

// keep tracks c until it is closed; false once the proxy is closing.
func (p *faultProxy) keep(c net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return false
	}
	p.conns[c] = struct{}{}
	return true
}

func (p *faultProxy) drop(cs ...net.Conn) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range cs {
		delete(p.conns, c)
		c.Close()
	}
}

// forward shapes the client's connection with the faults that apply, then
// copies both ways until either side ends.
func (p *faultProxy) forward(client net.Conn) {
	defer p.wg.Done()
	n := p.seq.Add(1)
	p.mu.Lock()
	open := len(p.conns)
	p.mu.Unlock()
	p.log.Add(events.Event{Kind: events.ConnOpen, Conn: n, Remote: client.RemoteAddr().String()})
	defer p.log.Add(events.Event{Kind: events.ConnClose, Conn: n, Remote: client.RemoteAddr().String()})
	shaped := p.faults.WrapConn(client, faults.ConnState{Number: n, Open: open, Started: time.Now()})
	if shaped == nil {
		p.drop(client)
		return
	}
	// Close must reach the shaped connection: a fault's waits end only with it.
	if !p.keep(shaped) {
		p.drop(client, shaped)
		return
	}
	server, err := net.DialTimeout("tcp", p.upstream, 10*time.Second)
	if err != nil || !p.keep(server) {
		if server != nil {
			server.Close()
		}
		p.drop(client, shaped)
		return
	}
	var both sync.WaitGroup
	both.Add(2)
	go func() { defer both.Done(); io.Copy(server, shaped); halfClose(server) }()
	go func() { defer both.Done(); io.Copy(shaped, server); halfClose(shaped) }()
	both.Wait()
	p.drop(client, shaped, server)
}

// halfClose passes an EOF on, as a TCP proxy must, so an SSH peer sees the
// other side finish rather than a reset.
func halfClose(c net.Conn) {
	if cw, ok := c.(interface{ CloseWrite() error }); ok {
		cw.CloseWrite()
		return
	}
	c.Close()
}

// Close stops accepting, cuts every connection and waits for the copies.
func (p *faultProxy) Close() error {
	p.mu.Lock()
	p.closed = true
	for c := range p.conns {
		c.Close()
	}
	p.mu.Unlock()
	err := p.ln.Close()
	p.wg.Wait()
	return err
}
