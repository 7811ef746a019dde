package simhost

import (
	"bufio"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"
	"unicode/utf8"
)

// transcript writes one session as an asciicast v2 file: a JSON header line,
// then one [seconds, code, text] line per event: "o" output, "e" the
// session's stderr where it is a stream of its own (no terminal), "i" input,
// "r" a window change. The format's list of codes is open to extension and a
// player ignores one it does not know, so "e" keeps stderr apart without
// breaking playback of the rest.
type transcript struct {
	mu    sync.Mutex
	f     *os.File
	w     *bufio.Writer
	start time.Time
	err   error
	// split holds, per stream, the start of a character whose last bytes are
	// still to come: a chunk of output may end inside one.
	split  map[string][]byte
	closed bool
}

// newTranscript creates LABEL-connN-sessionM-UNIQUE.cast in dir: the random
// part keeps two hosts or replays that share a label and a directory from
// writing one file. The header carries the terminal the client asked for;
// a terminal of unknown size (0x0: ssh -tt from a pipe) is shown 80x24, the
// size asked kept in the header's "term_size".
func newTranscript(dir, label, hostname string, conn, id uint64, pty *ptyRequest, kind, arg string) *transcript {
	t := &transcript{start: time.Now()}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.err = err
		return t
	}
	var unique [4]byte
	rand.Read(unique[:])
	name := filepath.Join(dir, fmt.Sprintf("%s-conn%d-session%d-%x.cast", label, conn, id, unique))
	if t.f, t.err = os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644); t.err != nil {
		return t
	}
	t.w = bufio.NewWriter(t.f)
	width, height := uint32(80), uint32(24)
	term := ""
	header := map[string]any{"version": 2, "timestamp": t.start.Unix(),
		"title": fmt.Sprintf("%s %s %s", hostname, kind, arg)}
	if pty != nil {
		term = pty.Term
		header["term_size"] = fmt.Sprintf("%dx%d", pty.Columns, pty.Rows)
		if pty.Columns > 0 && pty.Rows > 0 {
			width, height = pty.Columns, pty.Rows
		}
	}
	header["width"], header["height"] = width, height
	header["env"] = map[string]string{"TERM": term}
	t.line(header)
	return t
}

func (t *transcript) line(v any) {
	if t.err != nil || t.w == nil || t.closed {
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
func (t *transcript) errors() io.Writer { return castWriter{t, "e"} }
func (t *transcript) input() io.Writer  { return castWriter{t, "i"} }

// resize records a window change as asciicast's "r" event, COLSxROWS.
func (t *transcript) resize(cols, rows uint32) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.line([]any{time.Since(t.start).Seconds(), "r", fmt.Sprintf("%dx%d", cols, rows)})
}

// Close flushes the file; it is called when the session ends.
func (t *transcript) Close() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.f == nil {
		return t.err
	}
	for _, kind := range []string{"o", "e", "i"} { // what never got its end goes as it is
		if held := t.split[kind]; len(held) > 0 {
			t.line([]any{time.Since(t.start).Seconds(), kind, string(held)})
		}
	}
	t.split = nil
	t.closed = true
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
