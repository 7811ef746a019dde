package simhost_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"net"
	"sync"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gexec"
	gossh "golang.org/x/crypto/ssh"

	"github.com/hostile-lab/hostile/simhost"
	"github.com/hostile-lab/hostile/simhost/events"
	"github.com/hostile-lab/hostile/simhost/machine"
)

// A lab host meets clients that give up, crash or were never SSH clients at
// all. Each of them must end on its own without taking anything with it, say
// in the event log how it ended, and leave the host serving everyone else.
var _ = Describe("clients that misbehave", func() {
	const badClients = 20 // enough that a leak per client stands out of the noise

	// leaves connects one bad client to h and returns once it has gone.
	type leaves func(h *simhost.Host)

	DescribeTable("a client that leaves at any point of the handshake",
		func(leave leaves, ending string) {
			h := startHost(machine.Description{})
			good := dial(h, "ops")
			defer good.Close()
			Expect(run(good, "echo warm")).To(Equal("warm\n"))
			before := measure()
			mark := lastSeq(h)

			for range badClients {
				leave(h)
				Expect(run(good, "echo still here")).To(Equal("still here\n"), "the host stopped serving others")
			}

			closed := func() []events.Event { return eventsAfter(h, mark, events.ConnClose) }
			Eventually(closed).Should(HaveLen(badClients))
			Expect(eventsAfter(h, mark, events.ConnOpen)).To(HaveLen(badClients))
			for _, e := range closed() {
				Expect(e.Detail).To(MatchRegexp(ending), "conn %d", e.Conn)
			}
			givenBack(before, 2)
		},
		Entry("right after the TCP connect", leaves(func(h *simhost.Host) {
			c := must(net.Dial("tcp", h.Addr()))
			Expect(c.Close()).To(Succeed())
		}), `^client (closed|reset) the connection before identifying itself$`),
		Entry("after sending its identification", leaves(func(h *simhost.Host) {
			c := must(net.Dial("tcp", h.Addr()))
			must(c.Write([]byte("SSH-2.0-OpenSSH_9.2\r\n")))
			must(io.ReadFull(c, make([]byte, len("SSH-2.0-")))) // the host answered: it is in key exchange
			Expect(c.Close()).To(Succeed())
		}), `^client (closed|reset) the connection during key exchange$`),
		Entry("halfway through its KEXINIT", leaves(func(h *simhost.Host) {
			Expect(handshake(h, &cutConn{before: msgKexInit, half: true}, nil)).NotTo(Succeed())
		}), `^client (closed|reset) the connection during key exchange$`),
		Entry("after KEXINIT, before its key exchange message", leaves(func(h *simhost.Host) {
			Expect(handshake(h, &cutConn{before: msgKexECDHInit}, nil)).NotTo(Succeed())
		}), `^client (closed|reset) the connection during key exchange$`),
		Entry("after NEWKEYS, before its first encrypted packet", leaves(func(h *simhost.Host) {
			Expect(handshake(h, &cutConn{afterNewKeys: true}, nil)).NotTo(Succeed())
		}), `^client (closed|reset) the connection during key exchange$`),
		Entry("in the middle of authentication", leaves(func(h *simhost.Host) {
			cut := &cutConn{}
			signers := gossh.PublicKeysCallback(func() ([]gossh.Signer, error) {
				cut.Close() // the host has refused "none" and waits for a key
				return nil, errors.New("gone")
			})
			Expect(handshake(h, cut, signers)).NotTo(Succeed())
		}), `^client (closed|reset) the connection during authentication$`),
		Entry("after authenticating, before opening a channel", leaves(func(h *simhost.Host) {
			Expect(handshake(h, &cutConn{}, nil)).To(Succeed())
		}), `^client (closed|reset) the connection$`),
	)

	It("gives back every goroutine and descriptor when clients drop 500 hung sessions", func() {
		h := startHost(machine.Description{})
		before := measure()
		const n = 500
		clients := make([]*gossh.Client, 0, n/10)
		for i := 0; i < n/10; i++ {
			c := dial(h, "ops")
			clients = append(clients, c)
			for j := 0; j < 10; j++ {
				s := must(c.NewSession())
				_ = must(s.StdinPipe()) // kept open: cat waits on it forever
				Expect(s.Start("cat")).To(Succeed())
			}
		}
		Eventually(h.OpenSessions).Should(Equal(n))
		Eventually(procsRunning(h, "cat")).Should(Equal(n))
		for _, c := range clients {
			c.Close() // the client goes away without closing its sessions
		}
		Eventually(h.OpenSessions).Should(BeZero())
		Eventually(procsRunning(h, "cat")).Should(BeZero())
		givenBack(before, 2)
	})

	It("keeps serving others while a client sends garbage", func() {
		h := startHost(machine.Description{})
		garbage := must(net.Dial("tcp", h.Addr()))
		defer garbage.Close()
		stop := make(chan struct{})
		defer close(stop)
		go func() {
			defer GinkgoRecover()
			junk := []byte("GET / HTTP/1.1\r\n\x00\xff\xfe garbage garbage\r\n")
			for {
				select {
				case <-stop:
					return
				default:
				}
				if _, err := garbage.Write(junk); err != nil {
					return
				}
				time.Sleep(time.Millisecond)
			}
		}()
		for i := 0; i < 5; i++ {
			s := start(ssh(h, "ops", "echo still here"))
			Eventually(s).Should(gexec.Exit(0))
			Expect(string(s.Out.Contents())).To(Equal("still here\n"))
		}
	})

	It("says in the log that a session ended because its client went away mid-command", func() {
		h := startHost(machine.Description{})
		before := measure()
		for range badClients {
			c := dial(h, "ops")
			s := must(c.NewSession())
			Expect(s.Start("sleep 1000")).To(Succeed())
			Eventually(procsRunning(h, "sleep")).Should(Equal(1))
			Expect(c.Close()).To(Succeed())
			Eventually(procsRunning(h, "sleep")).Should(BeZero())
		}
		Eventually(func() []events.Event { return h.Events().OfKind(events.SessionClose) }).Should(HaveLen(badClients))
		Expect(h.Events().OfKind(events.SessionClose)).To(HaveEach(HaveField("Detail", "client went away while the command ran")))
		Eventually(func() []events.Event { return h.Events().OfKind(events.ConnClose) }).Should(HaveLen(badClients))
		Expect(h.Events().OfKind(events.ConnClose)).To(HaveEach(HaveField("Detail", MatchRegexp(`^client (closed|reset) the connection$`))))
		givenBack(before, 2)
	})

	It("tells an OpenSSH client killed mid-command from one that logged out", func() {
		h := startHost(machine.Description{})
		Eventually(start(ssh(h, "ops", "true"))).Should(gexec.Exit(0))
		Eventually(func() []events.Event { return h.Events().OfKind(events.ConnClose) }).Should(ConsistOf(
			HaveField("Detail", "client disconnected")))

		killed := start(ssh(h, "ops", "sleep 1000"))
		Eventually(procsRunning(h, "sleep")).Should(Equal(1))
		killed.Kill()
		Eventually(func() []events.Event { return h.Events().OfKind(events.SessionClose) }).Should(ContainElement(And(
			HaveField("Conn", uint64(2)), HaveField("Detail", "client went away while the command ran"))))
		Eventually(func() []events.Event { return h.Events().OfKind(events.ConnClose) }).Should(ContainElement(And(
			HaveField("Conn", uint64(2)), HaveField("Detail", MatchRegexp(`^client (closed|reset) the connection$`)))))
	})

	It("hangs up on a client that never logs in once the login grace time runs out, as sshd does", func() {
		h := startHost(machine.Description{}, simhost.WithLoginGraceTime(300*time.Millisecond))
		silent := must(net.Dial("tcp", h.Addr()))
		defer silent.Close()
		must(io.ReadFull(silent, make([]byte, len("SSH-2.0-")))) // the banner comes; the client says nothing
		silent.SetReadDeadline(time.Now().Add(time.Minute))      // far past the 300ms grace, however busy the machine
		_, err := io.Copy(io.Discard, silent)
		Expect(err).NotTo(HaveOccurred(), "the host closed the connection (EOF), not the deadline")
		Eventually(func() []events.Event { return eventsAfter(h, 0, events.ConnClose) }).Should(ContainElement(
			HaveField("Detail", "login grace time (300ms) ran out before identifying itself")))

		// A client that logs in in time keeps its connection past the grace
		// time. A machine too busy to log in within 300ms is not the host's
		// fault: such a try is dropped and the client tries again.
		var good *gossh.Client
		Eventually(func() (err error) {
			good, err = gossh.Dial("tcp", h.Addr(), clientConfig("ops"))
			return err
		}).Should(Succeed())
		defer good.Close()
		time.Sleep(500 * time.Millisecond)
		Expect(run(good, "echo still here")).To(Equal("still here\n"))
	})

	It("answers garbage as sshd does and hangs up at once, instead of waiting for more", func() {
		h := startHost(machine.Description{})
		c := must(net.Dial("tcp", h.Addr()))
		defer c.Close()
		// One line: with more unread, closing the socket sends a reset that may
		// overtake the answer (as it does with sshd).
		must(c.Write([]byte("GET / HTTP/1.1\r\n")))
		Expect(io.ReadAll(c)).To(Equal([]byte(h.Machine().P.SSHVersion + "\r\nInvalid SSH identification string.\r\n")))
		Eventually(func() []events.Event { return h.Events().OfKind(events.ConnClose) }).Should(ConsistOf(
			HaveField("Detail", `client sent an invalid identification "GET / HTTP/1.1"`)))
		Eventually(start(ssh(h, "ops", "echo fine"))).Should(gexec.Exit(0))
	})

	It("ends the session of a client that stops reading a flood, once it goes, and serves others meanwhile", func() {
		h := startHost(machine.Description{})
		before := measure()
		stalled := dial(h, "ops")
		s := must(stalled.NewSession())
		_ = must(s.StdoutPipe()) // never read: the channel's window fills and yes blocks
		Expect(s.Start("yes")).To(Succeed())
		Eventually(func() int64 { return sessionBytesOut(h) }).Should(BeNumerically(">", 0))
		// x/crypto's initial window is 2 MiB: the flood stops there.
		Consistently(func() int64 { return sessionBytesOut(h) }).Should(BeNumerically("<=", 2<<20))

		others := dial(h, "ops")
		Expect(run(others, "echo served")).To(Equal("served\n"))
		others.Close()

		Expect(stalled.Close()).To(Succeed())
		Eventually(func() []events.Event { return h.Events().OfKind(events.SessionClose) }).Should(ContainElement(And(
			HaveField("Detail", "client went away while the command ran"),
			HaveField("BytesOut", BeNumerically("<=", 2<<20)))))
		Eventually(h.OpenSessions).Should(BeZero())
		givenBack(before, 2)
	})

	It("shuts down with a client that stopped reading its socket altogether", func() {
		h := startHost(machine.Description{})
		deaf := newDeafConn(must(net.Dial("tcp", h.Addr())))
		defer deaf.Close()
		conn, chans, reqs := must3(gossh.NewClientConn(deaf, h.Addr(), clientConfig("ops")))
		c := gossh.NewClient(conn, chans, reqs)
		s := must(c.NewSession())
		s.Stdout = io.Discard
		Expect(s.Start("yes")).To(Succeed())
		Eventually(func() int64 { return sessionBytesOut(h) }).Should(BeNumerically(">", 0))
		close(deaf.deaf) // from here on its kernel buffers fill and the host's writes block
		Eventually(start(ssh(h, "ops", "echo fine"))).Should(gexec.Exit(0))

		Expect(h.Close()).To(Succeed())
		Expect(h.Events().OfKind(events.SessionClose)).To(ContainElement(HaveField("Detail", "host shut down while the command ran")))
		Expect(h.Events().OfKind(events.ConnClose)).To(ContainElement(HaveField("Detail", "host shut down")))
	})
})

// SSH message numbers (RFC 4253, 5656) that cutConn stops at.
const (
	msgKexInit     = 20
	msgNewKeys     = 21
	msgKexECDHInit = 30
)

// cutConn is a client's socket that hangs up at a chosen point of the
// handshake, found in the client's own cleartext packets: before the message
// numbered before (after writing half of it, with half), or in place of the
// first encrypted packet, right after NEWKEYS.
type cutConn struct {
	net.Conn
	before       byte
	half         bool
	afterNewKeys bool

	cleartext  []byte // written and not yet parsed
	identified bool   // the identification line is out
	encrypted  bool   // NEWKEYS is out
}

func (c *cutConn) Write(b []byte) (int, error) {
	if c.encrypted {
		if c.afterNewKeys {
			return 0, c.hangUp()
		}
		return c.Conn.Write(b)
	}
	c.cleartext = append(c.cleartext, b...)
	if !c.identified {
		i := bytes.IndexByte(c.cleartext, '\n')
		if i < 0 {
			return c.Conn.Write(b)
		}
		c.identified, c.cleartext = true, c.cleartext[i+1:]
	}
	for len(c.cleartext) > 5 { // uint32 length, byte padding, then the message number
		if c.cleartext[5] == c.before {
			if c.half {
				c.Conn.Write(b[:len(b)/2])
			}
			return 0, c.hangUp()
		}
		if c.cleartext[5] == msgNewKeys {
			c.encrypted = true
			break
		}
		size := 4 + int(binary.BigEndian.Uint32(c.cleartext))
		if len(c.cleartext) < size {
			break
		}
		c.cleartext = c.cleartext[size:]
	}
	return c.Conn.Write(b)
}

func (c *cutConn) hangUp() error {
	c.Conn.Close()
	return net.ErrClosed
}

// handshake runs an x/crypto client over cut to h as ops, authenticating with
// auth (the client key when nil), and hangs up once it is through.
func handshake(h *simhost.Host, cut *cutConn, auth gossh.AuthMethod) error {
	cut.Conn = must(net.Dial("tcp", h.Addr()))
	defer cut.Conn.Close()
	cfg := clientConfig("ops")
	if auth != nil {
		cfg.Auth = []gossh.AuthMethod{auth}
	}
	conn, chans, reqs, err := gossh.NewClientConn(cut, h.Addr(), cfg)
	if err != nil {
		return err
	}
	return gossh.NewClient(conn, chans, reqs).Close()
}

// deafConn stops reading from the host once deaf is closed, as a client whose
// process hangs while its kernel keeps the socket open.
type deafConn struct {
	net.Conn
	deaf chan struct{}
	gone chan struct{}
	once sync.Once
}

func newDeafConn(c net.Conn) *deafConn {
	return &deafConn{Conn: c, deaf: make(chan struct{}), gone: make(chan struct{})}
}

func (c *deafConn) Read(b []byte) (int, error) {
	select {
	case <-c.deaf:
		<-c.gone
		return 0, net.ErrClosed
	default:
		return c.Conn.Read(b)
	}
}

func (c *deafConn) Close() error {
	c.once.Do(func() { close(c.gone) })
	return c.Conn.Close()
}

// run runs cmd in a new session on c and returns its output.
func run(c *gossh.Client, cmd string) string {
	GinkgoHelper()
	s := must(c.NewSession())
	defer s.Close()
	return string(must(s.CombinedOutput(cmd)))
}

// lastSeq is the sequence number of h's latest event.
func lastSeq(h *simhost.Host) uint64 {
	all := h.Events().Events()
	if len(all) == 0 {
		return 0
	}
	return all[len(all)-1].Seq
}

// eventsAfter returns h's events of kind after sequence number mark.
func eventsAfter(h *simhost.Host, mark uint64, kind events.Kind) []events.Event {
	return h.Events().Filter(func(e events.Event) bool { return e.Seq > mark && e.Kind == kind })
}

// sessionBytesOut is the stdout bytes of h's open sessions together.
func sessionBytesOut(h *simhost.Host) int64 {
	var n int64
	for _, s := range h.Sessions() {
		n += s.BytesOut
	}
	return n
}

func must3[A, B, C any](a A, b B, c C, err error) (A, B, C) {
	Expect(err).NotTo(HaveOccurred())
	return a, b, c
}
