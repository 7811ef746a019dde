// Package asciicast writes and reads asciicast v2 recordings: a JSON header
// line, then one [seconds, code, text] line per event. The simulated host
// writes one per session (simhost.WithTranscripts, hostile serve
// --transcripts); tests read them back.
package asciicast

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// Code says what an event is. The format's list of codes is open to
// extension and a player ignores one it does not know, so Stderr keeps a
// session's stderr apart without breaking playback of the rest.
type Code string

const (
	Output Code = "o" // stdout, and stderr too where a terminal merges them
	Stderr Code = "e" // stderr where it is a stream of its own (no terminal)
	Input  Code = "i" // what the client sent
	Resize Code = "r" // a window change, COLSxROWS
)

// Header is the first line.
type Header struct {
	Version   int               `json:"version"`
	Width     int               `json:"width"`
	Height    int               `json:"height"`
	Timestamp int64             `json:"timestamp,omitempty"`
	Title     string            `json:"title,omitempty"`
	Env       map[string]string `json:"env,omitempty"`
	// TermSize is the terminal size the client asked for, COLSxROWS ("" for
	// a session without a terminal; "0x0" from ssh -tt reading a pipe).
	TermSize string `json:"term_size,omitempty"`
}

// Writer writes one recording. It is safe for concurrent use.
type Writer struct {
	mu     sync.Mutex
	f      *os.File
	w      *bufio.Writer
	start  time.Time
	err    error
	closed bool
	// split holds, per code, the start of a character whose last bytes are
	// still to come: a chunk of output may end inside one.
	split map[Code][]byte
}

// Create makes a new file at path (an existing one is an error) and writes
// h, with version 2, to it. It never returns nil: where the file cannot be
// made, the Writer drops what it is given and Close says why, so that what
// is recorded never fails for its recording.
func Create(path string, h Header) *Writer {
	w := &Writer{start: time.Now()}
	if w.f, w.err = os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644); w.err != nil {
		return w
	}
	w.w = bufio.NewWriter(w.f)
	h.Version = 2
	if h.Timestamp == 0 {
		h.Timestamp = w.start.Unix()
	}
	w.line(h)
	return w
}

// Failed is a Writer that drops what it is given and whose Close returns err.
func Failed(err error) *Writer { return &Writer{err: err} }

func (w *Writer) line(v any) {
	if w.err != nil || w.w == nil || w.closed {
		return
	}
	b, _ := json.Marshal(v)
	w.w.Write(append(b, '\n'))
}

func (w *Writer) event(code Code, b []byte) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if held := w.split[code]; len(held) > 0 {
		b = append(held, b...)
	}
	whole := wholeRunes(b)
	if whole < len(b) {
		if w.split == nil {
			w.split = map[Code][]byte{}
		}
		w.split[code] = append([]byte(nil), b[whole:]...)
	} else {
		delete(w.split, code)
	}
	if whole > 0 {
		w.line([]any{time.Since(w.start).Seconds(), code, string(b[:whole])})
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

// Stream is an io.Writer whose every write is an event of code (Output,
// Stderr or Input); it never fails.
func (w *Writer) Stream(code Code) io.Writer { return stream{w, code} }

// Resize records a window change.
func (w *Writer) Resize(cols, rows uint32) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.line([]any{time.Since(w.start).Seconds(), Resize, fmt.Sprintf("%dx%d", cols, rows)})
}

// Close writes what never got its end as it is, and flushes the file.
func (w *Writer) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.f == nil {
		return w.err
	}
	for _, code := range []Code{Output, Stderr, Input} {
		if held := w.split[code]; len(held) > 0 {
			w.line([]any{time.Since(w.start).Seconds(), code, string(held)})
		}
	}
	w.split = nil
	w.closed = true
	if err := w.w.Flush(); err != nil {
		w.f.Close()
		return err
	}
	return w.f.Close()
}

type stream struct {
	w    *Writer
	code Code
}

func (s stream) Write(b []byte) (int, error) {
	s.w.event(s.code, b)
	return len(b), nil
}

// Recording is a recording as read back.
type Recording struct {
	Header
	Events []Event
}

// Event is one line after the header.
type Event struct {
	Time float64 // seconds since the start
	Code Code
	Data string
}

// Output is everything the session printed on stdout (and on stderr too where
// a terminal merges them), in order.
func (r *Recording) Output() string { return r.joined(Output) }

// Stderr is what the session printed on its own stderr, without a terminal.
func (r *Recording) Stderr() string { return r.joined(Stderr) }

// Input is everything the client sent, in order.
func (r *Recording) Input() string { return r.joined(Input) }

func (r *Recording) joined(code Code) string {
	var b strings.Builder
	for _, e := range r.Events {
		if e.Code == code {
			b.WriteString(e.Data)
		}
	}
	return b.String()
}

// maxLine bounds one line of a recording: a chunk of a flood of output.
const maxLine = 16 << 20

// Read reads a recording, refusing what asciinema would not play to its end:
// a header that is not a version 2 object with a size, an event that is not
// [seconds, "o"|"e"|"i"|"r", text] or goes back in time, and a last line cut
// short. Errors name the file and line.
func Read(path string) (*Recording, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if len(data) == 0 {
		return nil, fmt.Errorf("%s: empty, want an asciicast v2 header line", path)
	}
	if data[len(data)-1] != '\n' {
		return nil, fmt.Errorf("%s: the last line is cut short (no newline at the end)", path)
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, maxLine)
	sc.Scan()
	var r Recording
	if err := json.Unmarshal(sc.Bytes(), &r.Header); err != nil {
		return nil, fmt.Errorf("%s:1: header: %v", path, err)
	}
	if r.Version != 2 || r.Width <= 0 || r.Height <= 0 {
		return nil, fmt.Errorf("%s:1: header: want version 2 with a width and a height, got %s", path, sc.Bytes())
	}
	for line := 2; sc.Scan(); line++ {
		var fields []json.RawMessage
		var e Event
		if err := json.Unmarshal(sc.Bytes(), &fields); err != nil || len(fields) != 3 ||
			json.Unmarshal(fields[0], &e.Time) != nil || json.Unmarshal(fields[1], &e.Code) != nil || json.Unmarshal(fields[2], &e.Data) != nil {
			return nil, fmt.Errorf("%s:%d: want [seconds, code, text], got %.80s", path, line, sc.Bytes())
		}
		switch e.Code {
		case Output, Stderr, Input, Resize:
		default:
			return nil, fmt.Errorf("%s:%d: code %q, want \"o\", \"e\", \"i\" or \"r\"", path, line, e.Code)
		}
		if n := len(r.Events); n > 0 && e.Time < r.Events[n-1].Time {
			return nil, fmt.Errorf("%s:%d: time %g goes back from %g", path, line, e.Time, r.Events[n-1].Time)
		}
		r.Events = append(r.Events, e)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	return &r, nil
}
