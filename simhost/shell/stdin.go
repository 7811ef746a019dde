package shell

import (
	"context"
	"io"
	"strings"
	"sync"

	"mvdan.cc/sh/v3/expand"
	"mvdan.cc/sh/v3/interp"
	"mvdan.cc/sh/v3/syntax"
)

// A session's stdin reaches its programs without a pipe for as long as the
// shell itself does not read it: a pipe costs a copying goroutine for as long
// as the session lives (and, were it an OS pipe, two of the server's
// descriptors: 10,000 sessions held open would need 20,000). So a shell starts
// with noStdin, shared by every session and never read, and a program whose
// stdin is noStdin reads the session's input instead, which reads the channel
// only while a program waits for data. Only the builtins that read the shell's
// own stdin (read, mapfile, readarray) need the pipe: before running any text,
// the shell looks for them (readsStdin), and the first time it may meet one,
// the session moves its stdin into an in-memory pipe for good
// (Session.pipeStdin). No session's stdin is a real descriptor.

// noStdin stands for "the session's stdin" as a shell's stdin. It is the read
// end of an in-memory pipe with no writer: a builtin that reads it anyway sees
// end of input rather than waiting forever.
var noStdin = newMemPipe().end(false)

// input is a session's stdin while it has no pipe. A read of the source is in
// flight only while a program waits for data, so the SSH window still holds a
// client back; what arrives after a program was cancelled waits for the next.
type input struct {
	src io.Reader

	mu      sync.Mutex
	pending []byte        // read from src, not yet taken
	err     error         // how src ended, once it has
	reading chan struct{} // closed when the read in flight returns; nil when none
	buf     []byte        // the in-flight read's buffer, grown while reads fill it
	waits   inputWaits    // programs waiting for data now (see inputwait.go)
}

func newInput(src io.Reader) *input {
	in := &input{src: src}
	if src == nil {
		in.err = io.EOF
	}
	return in
}

// read takes what is pending, or waits for the source until ctx ends. A
// program's wait is counted (counted), the pipe copy's and the prompt's are not.
func (in *input) read(ctx context.Context, p []byte, counted bool) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	for {
		in.mu.Lock()
		if len(in.pending) > 0 {
			n := copy(p, in.pending)
			in.pending = in.pending[n:]
			in.mu.Unlock()
			return n, nil
		}
		if in.err != nil {
			err := in.err
			in.mu.Unlock()
			return 0, err
		}
		if in.reading == nil {
			in.reading = make(chan struct{})
			go in.fill(in.reading)
		}
		wait := in.reading
		in.mu.Unlock()
		if counted {
			in.waits.start()
		}
		select {
		case <-wait:
		case <-ctx.Done():
		}
		if counted {
			in.waits.end()
		}
		if ctx.Err() != nil {
			return 0, ctx.Err()
		}
	}
}

// fill is the read in flight: one read of the source, kept for the readers.
func (in *input) fill(done chan struct{}) {
	defer close(done)
	if in.buf == nil {
		in.buf = make([]byte, minCopyBuffer)
	}
	n, err := in.src.Read(in.buf)
	in.mu.Lock()
	defer in.mu.Unlock()
	in.pending = append(in.pending[:0], in.buf[:n]...)
	if n == len(in.buf) && len(in.buf) < maxCopyBuffer {
		in.buf = make([]byte, 2*len(in.buf))
	}
	if err != nil {
		in.err = err
	}
	in.reading = nil
}

// sessionStdin is the session's stdin as one program reads it: from input, or
// from the session's pipe once it has one.
type sessionStdin struct {
	ctx context.Context
	s   *Session
	// prompt is the shell reading its next line, not a program waiting.
	prompt bool
}

func (r sessionStdin) Read(p []byte) (int, error) {
	if f := r.s.pipe(); f != nil {
		if !r.prompt {
			r.s.in.waits.start()
			defer r.s.in.waits.end()
		}
		return ctxReader{ctx: r.ctx, f: f}.Read(p)
	}
	return r.s.in.read(r.ctx, p, !r.prompt)
}

// WriteTo keeps io.Copy (cat, tee) from holding 32 KiB while it waits.
func (r sessionStdin) WriteTo(w io.Writer) (int64, error) { return copyGrowing(w, r) }

// pipe is the session's stdin pipe, nil while it has none.
func (s *Session) pipe() *pipeEnd {
	s.stdinMu.Lock()
	defer s.stdinMu.Unlock()
	return s.stdinR
}

// pipeStdin moves the session's stdin into an in-memory pipe, once: what
// input holds and everything after it are copied in, and every reader reads
// the pipe. nil once the session is closed.
func (s *Session) pipeStdin() *pipeEnd {
	s.stdinMu.Lock()
	defer s.stdinMu.Unlock()
	if s.stdinR != nil || s.closed {
		return s.stdinR
	}
	p := newMemPipe()
	r, w := p.end(false), p.end(true)
	s.stdinR, s.stdinW = r, w
	go func() {
		copyGrowing(w, inputReader{s.in})
		w.Close()
	}()
	return r
}

// inputReader reads input with no deadline: the copy into the pipe ends with
// the source, or with the pipe's read end.
type inputReader struct{ in *input }

func (r inputReader) Read(p []byte) (int, error) { return r.in.read(context.Background(), p, false) }

// usePipeIfRead gives this shell the session's pipe as its stdin before it runs
// node, when node may make the shell read its stdin itself.
func (sh *shellProc) usePipeIfRead(node syntax.Node) {
	if !sh.lazyStdin || !sh.readsStdin(node, 0) {
		return
	}
	f := sh.sess.pipeStdin()
	if f == nil {
		return // the builtin sees end of input, as from a closed stdin
	}
	interp.StdIO(f, sh.outw, sh.errIn)(sh.r)
	sh.lazyStdin = false
}

// readsStdin reports whether running node may make the shell read its own
// stdin: the read, mapfile and readarray builtins, directly or through eval,
// trap, an alias it defines, a sourced file, a bare exec (which may redirect
// the shell's stdin), or a command whose name is only known when it runs.
// Functions and aliases need no look-up: every text that defined them came
// through here first. It errs on the side of yes: a needless pipe only costs
// descriptors.
func (sh *shellProc) readsStdin(node syntax.Node, depth int) bool {
	if depth > 8 {
		return true
	}
	if file, ok := node.(*syntax.File); ok {
		// Statement by statement, stopping where the file returns for this shell.
		for _, stmt := range file.Stmts {
			if sh.returnsForFlags(stmt) {
				return false
			}
			if sh.readsStdin(stmt, depth) {
				return true
			}
		}
		return false
	}
	found := false
	syntax.Walk(node, func(n syntax.Node) bool {
		call, ok := n.(*syntax.CallExpr)
		if found || !ok || len(call.Args) == 0 {
			return !found
		}
		name, literal := wordLiteral(call.Args[0])
		switch {
		case !literal:
			found = true
		case name == "." || name == "source":
			found = len(call.Args) < 2 || sh.fileReadsStdin(call.Args[1], depth+1)
		case name == "exec" && len(call.Args) == 1:
			found = true
		}
		for _, w := range call.Args {
			word, literal := wordLiteral(w)
			if stdinReaders[word] {
				found = true
			}
			if _, value, ok := strings.Cut(word, "="); name == "alias" && ok && (!literal || sh.textReadsStdin(value, depth+1)) {
				found = true // alias r=read: what a later call expands to
			}
		}
		return !found
	})
	return found
}

// stdinReaders are the builtins that read the shell's stdin, and those that run
// text the shell only sees when they run.
var stdinReaders = map[string]bool{"read": true, "mapfile": true, "readarray": true, "eval": true, "trap": true}

func (sh *shellProc) textReadsStdin(text string, depth int) bool {
	if sh.tooDeep(text, "") != nil {
		return true // refused when it runs; no parse here either
	}
	file, err := syntax.NewParser(syntax.ArithmAtRunTime(sh.flavour == "bash" || sh.flavour == "dash")).Parse(strings.NewReader(text), "")
	return err != nil || sh.readsStdin(file, depth)
}

// fileReadsStdin looks into the file that `. word` would run. One that is not
// there yet may be by then; one that does not parse makes `.` fail.
func (sh *shellProc) fileReadsStdin(word *syntax.Word, depth int) bool {
	name, err := expand.Literal(&expand.Config{Env: sh.variables()}, word)
	if err != nil {
		return true
	}
	data, err := sh.machine().FS.ReadFile(sh.cred(), absJoin(sh.r.Dir, name))
	if err != nil {
		return true
	}
	if sh.tooDeep(string(data), "") != nil {
		return false // `.` refuses it
	}
	return sh.streamReadsStdin(data, depth)
}

// variables are the shell's variables as they are now.
func (sh *shellProc) variables() expand.Environ {
	return expand.FuncEnviron(func(name string) string {
		if v, ok := sh.r.Vars[name]; ok {
			return v.String()
		}
		return sh.r.Env.Get(name).String()
	})
}

// wordLiteral is a word's text when it holds no expansion: quotes and
// backslashes removed.
func wordLiteral(w *syntax.Word) (string, bool) {
	var b strings.Builder
	var lit func(parts []syntax.WordPart) bool
	lit = func(parts []syntax.WordPart) bool {
		for _, part := range parts {
			switch p := part.(type) {
			case *syntax.Lit:
				b.WriteString(unescape(p.Value))
			case *syntax.SglQuoted:
				b.WriteString(p.Value)
			case *syntax.DblQuoted:
				if !lit(p.Parts) {
					return false
				}
			default:
				return false
			}
		}
		return true
	}
	ok := lit(w.Parts)
	return b.String(), ok
}

func unescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
