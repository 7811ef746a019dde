package simhost

import (
	"context"
	"fmt"
	"io"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/gliderlabs/ssh"
	gossh "golang.org/x/crypto/ssh"

	"github.com/hostile-lab/hostile/simhost/asciicast"
	"github.com/hostile-lab/hostile/simhost/events"
	"github.com/hostile-lab/hostile/simhost/faults"
	"github.com/hostile-lab/hostile/simhost/internal/sftpd"
	"github.com/hostile-lab/hostile/simhost/shell"
	"github.com/hostile-lab/hostile/simhost/sshwire"
)

// session is one SSH session channel: its requests, its shell, its streams.
type session struct {
	h      *Host
	ch     gossh.Channel
	id     uint64
	conn   uint64
	user   string
	remote string
	local  string

	env     []string // accepted env requests
	pty     *sshwire.PTYRequest
	agent   bool // the client forwards its agent (auth-agent-req@openssh.com)
	sshConn *gossh.ServerConn
	sshd    *shell.SSHD // the connection's sshd processes; nil: the session's own
	started bool
	ended   atomic.Bool // the shell ended on its own, before the session's context
	done    chan struct{}

	ld atomic.Pointer[lineDiscipline] // the terminal of a PTY session, once its shell started

	// winMu orders a window-change after the start against the making of the
	// transcript and the terminal, so neither misses one that came between;
	// window is the last such change (nil: none yet).
	winMu  sync.Mutex
	window *windowSize

	in, out, errOut atomic.Int64
	exit            int
	kind            string
	cast            atomic.Pointer[asciicast.Writer] // set by the shell's goroutine, read by the requests'
	sh              atomic.Pointer[shell.Session]    // once open made it, for BlockedOnInput

	outs []*sealWriter // the channel's two output streams, sealed by finish
}

// handleSession is the server's handler for "session" channels. It serves the
// channel's requests in this goroutine and runs the shell in another, so a
// window-change or signal is answered while a command runs.
func (h *Host) handleSession(_ *ssh.Server, conn *gossh.ServerConn, newChan gossh.NewChannel, ctx ssh.Context) {
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		newChan.Reject(gossh.ConnectionFailed, "shutting down")
		return
	}
	h.wg.Add(1)
	h.mu.Unlock()
	defer h.wg.Done()

	n := channelCount(ctx)
	sit := faults.Situation{Conn: connID(ctx), User: conn.User()}
	refused := ""
	faults.Each(h.faults, sit, func(_ *faults.Active, f faults.ChannelFault) bool {
		reason, refuse := f.RefuseChannel(n)
		if refuse {
			refused = reason
		}
		return !refuse
	})
	if refused != "" {
		newChan.Reject(gossh.Prohibited, refused)
		return
	}
	ch, reqs, err := newChan.Accept()
	if err != nil {
		return
	}
	s := &session{
		h: h, ch: ch, id: h.sessSeq.Add(1), conn: connID(ctx), user: conn.User(), sshConn: conn,
		remote: conn.RemoteAddr().String(), local: conn.LocalAddr().String(), done: make(chan struct{}),
	}
	if tc, ok := ctx.Value(ctxKeyTracked{}).(*trackedConn); ok {
		s.sshd = &tc.sshd
	}
	h.open.Store(s.id, s)
	defer h.open.Delete(s.id)
	h.m.Log.Add(events.Event{Kind: events.SessionOpen, Conn: s.conn, Session: s.id, User: s.user})

	sctx, cancel := context.WithCancel(ctx)
	s.serveRequests(sctx, reqs)
	// The client closed the channel or the connection ended: stop what runs.
	cancel()
	if s.started {
		<-s.done
	}
	why := s.interrupted()
	ch.Close()
	h.m.Log.Add(events.Event{Kind: events.SessionClose, Conn: s.conn, Session: s.id, User: s.user,
		Channel: s.kind, Detail: why, Exit: s.exit, BytesIn: s.in.Load(), BytesOut: s.out.Load(), BytesErr: s.errOut.Load()})
}

func (s *session) serveRequests(ctx context.Context, reqs <-chan *gossh.Request) {
	for req := range reqs {
		ok := false
		detail := req.Type
		var start func() // the shell, started once the request is answered
		command := ""    // exec's command line, subsystem's name
		switch req.Type {
		case "env":
			var kv sshwire.EnvRequest
			if gossh.Unmarshal(req.Payload, &kv) == nil && len(s.env) <= maxEnvRequests && acceptedEnv(kv.Name) && !s.started {
				s.env = append(s.env, kv.Name+"="+kv.Value)
				ok = true
			}
			detail = "env " + kv.Name
		case "pty-req":
			var p sshwire.PTYRequest
			if gossh.Unmarshal(req.Payload, &p) == nil && !s.started && s.pty == nil {
				s.pty = &p
				ok = true
			}
			detail = fmt.Sprintf("pty-req %s %dx%d", p.Term, p.Columns, p.Rows)
		case "auth-agent-req@openssh.com":
			// Debian's sshd: AllowAgentForwarding yes.
			if !s.started {
				s.agent, ok = true, true
			}
		case "window-change":
			var w sshwire.WindowChange
			if gossh.Unmarshal(req.Payload, &w) == nil && s.pty != nil {
				s.resize(windowSize{w.Columns, w.Rows})
				ok = true
			}
			detail = fmt.Sprintf("window-change %dx%d", w.Columns, w.Rows)
		case "signal":
			var sig sshwire.SignalRequest
			if ld := s.ld.Load(); gossh.Unmarshal(req.Payload, &sig) == nil && ld != nil && sig.Name == "INT" {
				ld.interrupt()
				ok = true
			}
			detail = "signal " + sig.Name
		case "exec", "shell", "subsystem":
			var arg sshwire.CommandRequest
			if req.Type != "shell" {
				gossh.Unmarshal(req.Payload, &arg)
			}
			if !s.started && (req.Type != "subsystem" || arg.Value == "sftp") {
				s.started, ok = true, true
				s.kind = req.Type
				kind := req.Type
				start = func() { go s.run(ctx, kind, arg.Value) }
			}
			if arg.Value != "" {
				detail = req.Type + " " + arg.Value
			}
			command = arg.Value
		}
		if req.WantReply && !s.h.ignored(s.conn, s.user, req.Type) {
			req.Reply(ok, nil)
		}
		// After the reply: a command that ends at once must not close the
		// channel before the client heard its request succeed.
		if start != nil {
			start()
		}
		s.h.m.Log.Add(events.Event{Kind: events.Request, Conn: s.conn, Session: s.id, User: s.user, Detail: detail,
			Request: req.Type, Command: command})
	}
}

// windowSize is a terminal's size in characters.
type windowSize struct{ cols, rows uint32 }

// resize is a window-change. Before the shell starts the request's size is the
// terminal's; after, the terminal's own copy changes (the shell reads it) and
// the transcript records it, as soon as each exists.
func (s *session) resize(w windowSize) {
	if !s.started {
		s.pty.Columns, s.pty.Rows = w.cols, w.rows
		return
	}
	s.winMu.Lock()
	defer s.winMu.Unlock()
	s.window = &w
	if ld := s.ld.Load(); ld != nil {
		ld.SetSize(int(w.rows), int(w.cols))
	}
	if t := s.cast.Load(); t != nil {
		t.Resize(w.cols, w.rows)
	}
}

// maxEnvRequests is OpenSSH's bound on a session's environment (session.c's
// session_env_req: once 129 are set, "Ignoring env request %s: too many env
// vars" and a failure reply): 10,000 requests of 30 kB each cost a session
// 300 MB before it.
const maxEnvRequests = 128

// acceptedEnv is Debian's sshd_config AcceptEnv LANG LC_*.
func acceptedEnv(name string) bool {
	return name == "LANG" || strings.HasPrefix(name, "LC_")
}

// run serves the exec, shell or subsystem request, then ends the channel as sshd
// does: exit-status, EOF, close.
func (s *session) run(ctx context.Context, kind, arg string) {
	defer close(s.done)
	st := s.open(ctx, kind, arg)
	defer st.close()
	if st.sh == nil {
		s.finish(ctx, 255)
		return
	}
	switch kind {
	case "exec":
		st.sh.RunRC(ctx)
		s.finish(ctx, st.sh.Run(ctx, arg))
	case "shell":
		s.finish(ctx, s.runShell(ctx, st.sh, st.stdout))
	case "subsystem":
		s.serveSFTP(ctx, st.sh, st.stdout)
	}
}

// openShell is a session's shell with the streams it was given, and what to
// close when the session ends.
type openShell struct {
	sh      *shell.Session
	stdout  io.Writer
	closers []func() error
}

func (o *openShell) close() {
	for i := len(o.closers) - 1; i >= 0; i-- {
		o.closers[i]()
	}
}

// open makes the session's streams (transcript, output faults, terminal) and
// its shell, whose sh is nil when it could not start. It returns before the
// shell runs so that its large frame is not under the shell's for the whole
// session: a session waiting on its input then fits a 16 KiB stack, not 32.
func (s *session) open(ctx context.Context, kind, arg string) *openShell {
	o := &openShell{}
	var stdin io.Reader = countingReader{s.ch, &s.in}
	s.outs = []*sealWriter{{w: countingWriter{s.ch, &s.out}}, {w: countingWriter{s.ch.Stderr(), &s.errOut}}}
	stdout, stderr := io.Writer(s.outs[0]), io.Writer(s.outs[1])
	if s.h.opts.transcripts != "" {
		label := s.h.opts.castLabel
		if label == "" {
			label = s.h.m.Hostname
		}
		cast := newTranscript(s.h.opts.transcripts, label, s.h.m.Hostname, s.conn, s.id, s.pty, kind, arg)
		s.winMu.Lock()
		s.cast.Store(cast)
		if s.window != nil {
			cast.Resize(s.window.cols, s.window.rows)
		}
		s.winMu.Unlock()
		o.closers = append(o.closers, cast.Close)
		stdin = io.TeeReader(stdin, cast.Stream(asciicast.Input))
		stdout = io.MultiWriter(stdout, cast.Stream(asciicast.Output))
		stderr = io.MultiWriter(stderr, cast.Stream(asciicast.Stderr))
	}
	stdout, stderr = s.wrapOutput(faults.WithStream(ctx, "stdout"), stdout), s.wrapOutput(faults.WithStream(ctx, "stderr"), stderr)
	var terminal shell.Terminal // nil, not a nil *lineDiscipline, without a PTY
	if s.pty != nil {
		// A terminal merges stderr into the one stream and turns \n into \r\n.
		term := &onlcrWriter{w: stdout, translate: func() bool { return true }}
		s.winMu.Lock()
		size := windowSize{s.pty.Columns, s.pty.Rows}
		if s.window != nil {
			size = *s.window
		}
		ld := newLineDiscipline(stdin, term, int(size.rows), int(size.cols), kind == "shell")
		term.mu.Lock() // the discipline's goroutine may be echoing already
		term.translate = ld.translatesNewlines
		term.mu.Unlock()
		s.ld.Store(ld)
		s.winMu.Unlock()
		o.closers = append(o.closers, ld.Close)
		stdin, stdout, stderr = ld, term, term
		terminal = ld
	}
	if kind == "subsystem" {
		stdin = nil // the rc files run before sftp-server; the channel's bytes are sftp's
	}
	o.stdout = stdout
	env, agent := s.env, s.forwardAgent(o)
	if agent != nil {
		env = append(env[:len(env):len(env)], "SSH_AUTH_SOCK="+agent.socket)
	}
	sh, err := shell.NewSession(s.h.m, shell.Options{
		User: s.h.m.User(s.user), Env: env, Channel: kind, TTY: s.pty != nil, Term: termOf(s.pty), Terminal: terminal,
		Remote: spaced(s.remote), Local: spaced(s.local), Conn: s.conn, ID: s.id,
		Stdin: stdin, Stdout: stdout, Stderr: stderr, Hooks: s.hooks(), Agent: agent.dialer(), SSHD: s.sshd,
	})
	if err != nil {
		fmt.Fprintf(stderr, "hostile: %v\n", err)
		return o
	}
	o.sh = sh
	s.sh.Store(sh)
	o.closers = append(o.closers, sh.Close)
	if msg := sh.HomeMissing(); msg != "" {
		io.WriteString(stderr, msg)
	}
	return o
}

// serveSFTP is the sftp subsystem, once the rc files have run.
func (s *session) serveSFTP(ctx context.Context, sh *shell.Session, stdout io.Writer) {
	sh.RunRC(ctx)
	rw := channelRW{r: countingReader{s.ch, &s.in}, w: stdout}
	if err := sftpd.Serve(ctx, rw, s.h.m, s.h.m.User(s.user), func(e events.Event) {
		e.Conn, e.Session, e.User = s.conn, s.id, s.user
		s.h.m.Log.Add(e)
	}); err != nil {
		s.h.m.Log.Add(events.Event{Kind: events.Error, Conn: s.conn, Session: s.id, User: s.user, Detail: "sftp: " + err.Error()})
	}
	s.finish(ctx, 0)
}

// runShell is a shell request: a login shell reading commands from the client,
// with a prompt when there is a terminal.
func (s *session) runShell(ctx context.Context, sh *shell.Session, stdout io.Writer) int {
	if ld := s.ld.Load(); ld != nil {
		defer ld.releaseEcho() // a shell that ends before its first prompt
	}
	if s.pty != nil {
		if motd, err := s.h.m.FS.ReadFile(s.h.m.User(s.user).Cred(), "/etc/motd"); err == nil {
			stdout.Write(motd)
		}
	}
	// sshd's PAM session for a login shell: pam_motd, pam_lastlog and the like.
	if hook := s.hooks().PAM; hook != nil {
		io.WriteString(stdout, hook("sshd", s.user, true))
	}
	sh.RunRC(ctx)
	code := 0
	for ctx.Err() == nil && !sh.Exited() {
		if s.pty != nil {
			io.WriteString(stdout, sh.Prompt())
			s.ld.Load().releaseEcho()
		}
		line, err := sh.ReadLine(ctx)
		if err != nil && line == "" {
			if s.pty != nil && ctx.Err() == nil && sh.Flavour() != "bash" {
				io.WriteString(stdout, "logout\n")
			}
			break
		}
		ld := s.ld.Load()
		if ld != nil && !ld.Echo() && err == nil {
			io.WriteString(stdout, "\n") // readline ends the line it did not show
		}
		cmdCtx, cancel := context.WithCancel(ctx)
		if ld != nil {
			ld.setRunning(func() {
				if sh.Interruptible() {
					cancel()
				}
			})
		}
		code = sh.RunInteractive(cmdCtx, line)
		if ld != nil {
			ld.setRunning(nil)
		}
		cancel()
	}
	if ctx.Err() == nil {
		sh.Logout(ctx, s.pty != nil)
	}
	return code
}

// finish ends the channel the way sshd does once the shell has exited
// (exit-status, EOF, close), unless an exit fault says otherwise.
func (s *session) finish(ctx context.Context, code int) {
	s.ended.Store(ctx.Err() == nil)
	s.exit = code
	for _, w := range s.outs {
		w.seal()
	}
	status := gossh.Marshal(sshwire.ExitStatus{Status: uint32(code)})
	switch s.ending() {
	case faults.EndNormally:
		// sshd sends the status and the EOF in either order (both seen from a
		// Debian 12 container); status first is the order no client can miss:
		// plink and dbclient were seen to exit 0 when the EOF came first.
		s.ch.SendRequest("exit-status", false, status)
		s.ch.CloseWrite()
		s.ch.Close()
	case faults.EndNoExitStatus:
		s.ch.CloseWrite()
		s.ch.Close()
	case faults.EndCloseNoEOF:
		s.ch.SendRequest("exit-status", false, status)
		s.ch.Close()
	case faults.EndEOFNoClose:
		s.ch.SendRequest("exit-status", false, status)
		s.ch.CloseWrite()
		<-ctx.Done() // held open until the client or the host gives up
	case faults.EndNever:
		<-ctx.Done()
	}
}

func termOf(p *sshwire.PTYRequest) string {
	if p == nil {
		return ""
	}
	return p.Term
}

// spaced turns "127.0.0.1:4000" into "127.0.0.1 4000" as SSH_CLIENT writes it.
func spaced(addr string) string {
	i := strings.LastIndex(addr, ":")
	if i < 0 {
		return addr
	}
	return addr[:i] + " " + addr[i+1:]
}

// countingWriter and countingReader add the bytes that pass through them to n.
type countingWriter struct {
	w io.Writer
	n *atomic.Int64
}

func (c countingWriter) Write(b []byte) (int, error) { return counted(c.n, c.w.Write, b) }

type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c countingReader) Read(b []byte) (int, error) { return counted(c.n, c.r.Read, b) }

// counted calls pass (a Read or a Write) with b and adds the bytes that went
// through to n.
func counted(n *atomic.Int64, pass func([]byte) (int, error), b []byte) (int, error) {
	k, err := pass(b)
	n.Add(int64(k))
	return k, err
}

// channelRW is the channel as the sftp server sees it.
type channelRW struct {
	r io.Reader
	w io.Writer
}

func (c channelRW) Read(b []byte) (int, error)  { return c.r.Read(b) }
func (c channelRW) Write(b []byte) (int, error) { return c.w.Write(b) }

// Close is a no-op: finish closes the channel after exit-status, which scp
// needs before the end of the stream.
func (c channelRW) Close() error { return nil }

// sealWriter passes writes to the channel until the session seals it. Writers
// may outlive the shell (pkg/sftp's goroutines answering after Serve returned,
// the terminal echoing input), and x/crypto does not lock a channel's EOF
// against a write in flight: sealing first makes finish safe.
type sealWriter struct {
	mu     sync.Mutex
	w      io.Writer
	sealed bool
}

func (s *sealWriter) Write(b []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sealed {
		return 0, io.ErrClosedPipe
	}
	return s.w.Write(b)
}

// seal stops every later write, once a write in flight has finished.
func (s *sealWriter) seal() {
	s.mu.Lock()
	s.sealed = true
	s.mu.Unlock()
}

// onlcrWriter is the terminal's output processing: \n becomes \r\n while
// translate says OPOST and ONLCR are on (`stty raw` clears OPOST).
type onlcrWriter struct {
	mu        sync.Mutex
	w         io.Writer
	translate func() bool
}

func (o *onlcrWriter) Write(b []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if !o.translate() {
		if _, err := o.w.Write(b); err != nil {
			return 0, err
		}
		return len(b), nil
	}
	if _, err := o.w.Write([]byte(strings.ReplaceAll(string(b), "\n", "\r\n"))); err != nil {
		return 0, err
	}
	return len(b), nil
}
