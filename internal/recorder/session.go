package recorder

import (
	"errors"
	"io"
	"slices"
	"strings"
	"sync"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/hostile-lab/hostile/simhost/sshwire"
)

// What a session keeps of each stream: a command printing more is recorded as
// truncated (and not replayed); stdin is kept for the answers it holds.
const (
	maxOutput = 8 << 20
	maxStdin  = 64 << 10
)

// sessionRec is one session channel being forwarded and recorded.
type sessionRec struct {
	conn        *proxyConn
	number      int
	recordStart time.Time
	copied      chan struct{} // closed once the host's output is all read
	hostDone    chan struct{} // closed once the host's side of the channel is closed and its requests read

	mu                    sync.Mutex
	rec                   Session
	stdout, stderr, stdin []byte
	nOut, nErr, nIn       int64
	started               time.Time // the exec, shell or subsystem request; zero before
	upstreamClosed        bool      // the host's side of the channel is closed
	promptSeen            bool
	sftp                  *sftpWatcher
	scp                   *scpWatcher
}

func (s *sessionRec) snapshot() (Session, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.started.IsZero() {
		return Session{}, false
	}
	out := s.rec
	out.Conn, out.Number = s.conn.id, s.number
	out.Stdout, out.Stderr, out.Stdin = string(s.stdout), string(s.stderr), string(s.stdin)
	out.Env, out.Signals = slices.Clone(s.rec.Env), slices.Clone(s.rec.Signals)
	if s.rec.Exit != nil {
		code := *s.rec.Exit
		out.Exit = &code
	}
	if s.sftp != nil {
		out.Noise, out.Transfers, out.FileOps = s.sftp.result()
	}
	if s.scp != nil {
		out.Transfers = s.scp.result()
	}
	switch {
	case out.End != "":
	case s.upstreamClosed:
		// Closed with no exit status, on a connection that lived on (a drop
		// marks its sessions "upstream lost").
		out.End = "no exit status"
	default:
		out.End = "running"
	}
	return out, true
}

// running is true while a command was started and has not ended.
func (s *sessionRec) running() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return !s.started.IsZero() && s.rec.End == ""
}

func (s *sessionRec) line() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rec.Line
}

func (s *sessionRec) counts() (stdout, stderr, stdin int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.nOut, s.nErr, s.nIn
}

func (s *sessionRec) markLost() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.rec.End == "" {
		s.rec.End = "upstream lost"
	}
}

// session forwards one session channel between the product and the host,
// recording it: requests both ways, stdin, stdout and stderr apart.
func (c *proxyConn) session(nc gossh.NewChannel) {
	upCh, upReqs, err := c.up.OpenChannel("session", nc.ExtraData())
	if err != nil {
		var refused *gossh.OpenChannelError
		if errors.As(err, &refused) {
			nc.Reject(refused.Reason, refused.Message)
		} else {
			nc.Reject(gossh.ConnectionFailed, err.Error())
		}
		return
	}
	ch, reqs, err := nc.Accept()
	if err != nil {
		upCh.Close()
		gossh.DiscardRequests(upReqs)
		return
	}
	s := &sessionRec{conn: c, recordStart: c.r.started, copied: make(chan struct{}), hostDone: make(chan struct{})}
	c.addSession(s)

	var wg sync.WaitGroup
	defer wg.Wait()
	clientDone := make(chan struct{})
	// replying is held while a client request goes to the host and its answer
	// comes back: the host may run the command and end the channel before
	// the proxy has answered the client, and the answer must go first.
	var replying sync.Mutex
	replied := func() {
		replying.Lock()
		//lint:ignore SA2001 a barrier: waits until an answer in flight has gone to the client
		replying.Unlock()
	}
	var outputs sync.WaitGroup
	outputs.Add(2)
	wg.Add(5)
	go func() {
		defer wg.Done()
		defer outputs.Done()
		s.copyOut(ch, upCh, &s.stdout, &s.nOut, true)
	}()
	go func() {
		defer wg.Done()
		defer outputs.Done()
		s.copyOut(ch.Stderr(), upCh.Stderr(), &s.stderr, &s.nErr, false)
	}()
	go func() {
		defer wg.Done()
		outputs.Wait()
		close(s.copied)
		ch.CloseWrite()
	}()
	go func() {
		defer wg.Done()
		s.copyIn(upCh, ch)
		upCh.CloseWrite()
	}()
	go func() {
		defer wg.Done()
		for req := range upReqs {
			if req.Type == "exit-status" || req.Type == "exit-signal" {
				// The output before it goes first, as the host sent it.
				select {
				case <-s.copied:
				case <-clientDone:
				}
				replied()
				s.exited(req)
			}
			ok, _ := ch.SendRequest(req.Type, req.WantReply, req.Payload)
			if req.WantReply {
				req.Reply(ok, nil)
			}
		}
		s.mu.Lock()
		s.upstreamClosed = true
		s.mu.Unlock()
		close(s.hostDone)
		select {
		case <-s.copied:
		case <-clientDone:
		}
		replied()
		ch.Close()
	}()
	for req := range reqs {
		replying.Lock()
		s.request(req)
		ok, err := upCh.SendRequest(req.Type, req.WantReply, req.Payload)
		if req.WantReply {
			req.Reply(ok && err == nil, nil)
		}
		replying.Unlock()
	}
	close(clientDone)
	s.mu.Lock()
	// The proxy closes the client's channel itself when the host's side went
	// first, or the whole connection dropped: only otherwise did the client give up.
	if !s.started.IsZero() && s.rec.End == "" && !s.upstreamClosed && !c.isDropping() {
		s.rec.End = "client closed"
		s.rec.Took = time.Since(s.started)
	}
	s.mu.Unlock()
	upCh.Close()
}

// request records what a client's channel request says about the session.
func (s *sessionRec) request(req *gossh.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch req.Type {
	case "env":
		var kv sshwire.EnvRequest
		if gossh.Unmarshal(req.Payload, &kv) == nil {
			s.rec.Env = append(s.rec.Env, EnvVar{kv.Name, kv.Value})
			if slices.Contains(s.conn.r.cfg.RedactEnv, kv.Name) {
				s.conn.r.addSecret(kv.Value)
			}
		}
	case "pty-req":
		var p sshwire.PTYRequest
		if gossh.Unmarshal(req.Payload, &p) == nil {
			s.rec.PTY = &PTY{Term: p.Term, Columns: p.Columns, Rows: p.Rows}
		}
	case "signal":
		var sig sshwire.SignalRequest
		if gossh.Unmarshal(req.Payload, &sig) == nil {
			s.rec.Signals = append(s.rec.Signals, sig.Name)
		}
	case "exec", "shell", "subsystem":
		if !s.started.IsZero() {
			return
		}
		var arg sshwire.CommandRequest
		if req.Type != "shell" {
			gossh.Unmarshal(req.Payload, &arg)
		}
		s.started = time.Now()
		s.rec.Kind, s.rec.Line, s.rec.Began = req.Type, arg.Value, s.started.Sub(s.recordStart)
		switch {
		case req.Type == "subsystem" && arg.Value == "sftp":
			s.sftp = newSFTPWatcher()
		case req.Type == "exec":
			s.scp = newSCPWatcher(arg.Value)
		}
		s.conn.r.logf("conn %d session %d: %s %q", s.conn.id, s.number, req.Type, arg.Value)
	}
}

// exited records the host's exit-status or exit-signal.
func (s *sessionRec) exited(req *gossh.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.started.IsZero() || s.rec.End != "" {
		return
	}
	s.rec.Took = time.Since(s.started)
	switch req.Type {
	case "exit-status":
		var st sshwire.ExitStatus
		if gossh.Unmarshal(req.Payload, &st) == nil {
			code := int(st.Status)
			s.rec.Exit, s.rec.End = &code, "exit"
		}
	case "exit-signal":
		var sig sshwire.ExitSignal
		if gossh.Unmarshal(req.Payload, &sig) == nil {
			s.rec.Signal, s.rec.End = sig.Signal, "signal"
		}
	}
	s.conn.r.logf("conn %d session %d: %q ended (%s) after %s, %d bytes of stdout, %d of stderr",
		s.conn.id, s.number, s.rec.Line, s.rec.End, s.rec.Took.Round(time.Millisecond), s.nOut, s.nErr)
}

// copyOut forwards one of the host's output streams to the client, recording
// it. It reads to the end even when the client is gone, so that what the host
// sent is all counted.
func (s *sessionRec) copyOut(to io.Writer, from io.Reader, keep *[]byte, count *int64, stdout bool) {
	buf := make([]byte, 32<<10)
	var werr error
	for {
		n, err := from.Read(buf)
		if n > 0 {
			s.output(buf[:n], keep, count, stdout)
			if werr == nil {
				_, werr = to.Write(buf[:n])
			}
		}
		if err != nil {
			return
		}
	}
}

func (s *sessionRec) output(b []byte, keep *[]byte, count *int64, stdout bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	*count += int64(len(b))
	switch {
	case stdout && s.sftp != nil:
		s.sftp.fromServer(b)
		return
	case stdout && s.scp != nil && s.scp.download:
		s.scp.feed(b)
		return
	}
	if room := maxOutput - len(*keep); room < len(b) {
		b = b[:max(room, 0)]
		s.rec.Truncated = true
	}
	*keep = append(*keep, b...)
}

// copyIn forwards the client's stdin to the host, recording it.
func (s *sessionRec) copyIn(to io.Writer, from io.Reader) {
	buf := make([]byte, 32<<10)
	for {
		n, err := from.Read(buf)
		if n > 0 {
			s.input(buf[:n])
			if _, werr := to.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

func (s *sessionRec) input(b []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nIn += int64(len(b))
	switch {
	case s.sftp != nil:
		s.sftp.fromClient(b)
		return
	case s.scp != nil && !s.scp.download:
		s.scp.feed(b)
		return
	}
	if !s.promptSeen {
		s.promptSeen = true
		// Only what was printed without a newline after it waits for an answer.
		if i := strings.LastIndexByte(string(s.stderr), '\n'); i < len(s.stderr)-1 {
			s.rec.PromptBefore = len(s.stderr)
		}
	}
	if room := maxStdin - len(s.stdin); room > 0 {
		s.stdin = append(s.stdin, b[:min(room, len(b))]...)
	}
}
