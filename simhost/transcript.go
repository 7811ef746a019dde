package simhost

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// transcript writes one session as an asciicast v2 file: a JSON header line, then
// one [seconds, "o"|"i", text] line per chunk of output or input.
type transcript struct {
	mu    sync.Mutex
	f     *os.File
	w     *bufio.Writer
	start time.Time
	err   error
}

func newTranscript(dir, hostname string, conn, id uint64, pty *ptyRequest, kind, arg string) *transcript {
	t := &transcript{start: time.Now()}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.err = err
		return t
	}
	name := filepath.Join(dir, fmt.Sprintf("%s-conn%d-session%d.cast", hostname, conn, id))
	if t.f, t.err = os.Create(name); t.err != nil {
		return t
	}
	t.w = bufio.NewWriter(t.f)
	width, height := uint32(80), uint32(24)
	term := ""
	if pty != nil {
		width, height, term = pty.Columns, pty.Rows, pty.Term
	}
	header := map[string]any{
		"version": 2, "width": width, "height": height, "timestamp": t.start.Unix(),
		"title": fmt.Sprintf("%s %s %s", hostname, kind, arg),
		"env":   map[string]string{"TERM": term},
	}
	t.line(header)
	return t
}

func (t *transcript) line(v any) {
	if t.err != nil || t.w == nil {
		return
	}
	b, _ := json.Marshal(v)
	t.w.Write(append(b, '\n'))
}

func (t *transcript) event(kind string, b []byte) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.line([]any{time.Since(t.start).Seconds(), kind, string(b)})
}

func (t *transcript) output() io.Writer { return castWriter{t, "o"} }
func (t *transcript) input() io.Writer  { return castWriter{t, "i"} }

// Close flushes the file; it is called when the session ends.
func (t *transcript) Close() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.f == nil {
		return t.err
	}
	if err := t.w.Flush(); err != nil {
		t.f.Close()
		return err
	}
	return t.f.Close()
}

type castWriter struct {
	t    *transcript
	kind string
}

func (c castWriter) Write(b []byte) (int, error) {
	c.t.event(c.kind, b)
	return len(b), nil
}
