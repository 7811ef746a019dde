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
	"unicode/utf8"
)

// transcript writes one session as an asciicast v2 file: a JSON header line, then
// one [seconds, "o"|"i", text] line per chunk of output or input.
type transcript struct {
	mu    sync.Mutex
	f     *os.File
	w     *bufio.Writer
	start time.Time
	err   error
	// split holds, per stream, the start of a character whose last bytes are
	// still to come: a chunk of output may end inside one.
	split map[string][]byte
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
	if held := t.split[kind]; len(held) > 0 {
		b = append(held, b...)
	}
	whole := wholeRunes(b)
	if whole < len(b) {
		if t.split == nil {
			t.split = map[string][]byte{}
		}
		t.split[kind] = append([]byte(nil), b[whole:]...)
	} else {
		delete(t.split, kind)
	}
	if whole > 0 {
		t.line([]any{time.Since(t.start).Seconds(), kind, string(b[:whole])})
	}
}

// wholeRunes is the length of b without an incomplete UTF-8 sequence at its
// end; asciicast holds text, and a character cut in two would be two U+FFFD.
func wholeRunes(b []byte) int {
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
		if utf8.RuneStart(b[i]) {
			if !utf8.FullRune(b[i:]) {
				return i
			}
			break
		}
	}
	return len(b)
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
	for _, kind := range []string{"o", "i"} { // what never got its end goes as it is
		if held := t.split[kind]; len(held) > 0 {
			t.line([]any{time.Since(t.start).Seconds(), kind, string(held)})
		}
	}
	t.split = nil
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
