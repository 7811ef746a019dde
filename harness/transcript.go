package harness

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

// Transcript is a session's asciicast v2 recording (simhost.WithTranscripts,
// hostile serve --transcripts) as read back.
type Transcript struct {
	Width, Height int
	// TermSize is the terminal size the client asked for, COLSxROWS ("" for
	// a session without a terminal; "0x0" from ssh -tt reading a pipe).
	TermSize string
	Title    string
	Events   []CastEvent
}

// CastEvent is one line after the header: at Time seconds, Code "o"
// (output), "e" (stderr, where no terminal merges it), "i" (input) or "r" (a
// window change, COLSxROWS) with its Data.
type CastEvent struct {
	Time float64
	Code string
	Data string
}

// Output is everything the session printed on stdout (and on stderr too where
// a terminal merges them), in order.
func (t *Transcript) Output() string { return t.joined("o") }

// Stderr is what the session printed on its own stderr, without a terminal.
func (t *Transcript) Stderr() string { return t.joined("e") }

// Input is everything the client sent, in order.
func (t *Transcript) Input() string { return t.joined("i") }

func (t *Transcript) joined(code string) string {
	var b strings.Builder
	for _, e := range t.Events {
		if e.Code == code {
			b.WriteString(e.Data)
		}
	}
	return b.String()
}

// maxCastLine bounds one line of a transcript: a chunk of a flood of output.
const maxCastLine = 16 << 20

// ReadTranscript reads an asciicast v2 file, refusing what asciinema would not
// play to its end: a header that is not a version 2 object with a size, an
// event that is not [seconds, "o"|"e"|"i"|"r", text] or goes back in time, and a last
// line cut short. Errors name the file and line.
func ReadTranscript(path string) (*Transcript, error) {
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
	sc.Buffer(nil, maxCastLine)
	sc.Scan()
	var header struct {
		Version       *int
		Width, Height int
		TermSize      string `json:"term_size"`
		Title         string
	}
	if err := json.Unmarshal(sc.Bytes(), &header); err != nil {
		return nil, fmt.Errorf("%s:1: header: %v", path, err)
	}
	if header.Version == nil || *header.Version != 2 || header.Width <= 0 || header.Height <= 0 {
		return nil, fmt.Errorf("%s:1: header: want version 2 with a width and a height, got %s", path, sc.Bytes())
	}
	t := &Transcript{Width: header.Width, Height: header.Height, TermSize: header.TermSize, Title: header.Title}
	for line := 2; sc.Scan(); line++ {
		var fields []json.RawMessage
		var e CastEvent
		if err := json.Unmarshal(sc.Bytes(), &fields); err != nil || len(fields) != 3 ||
			json.Unmarshal(fields[0], &e.Time) != nil || json.Unmarshal(fields[1], &e.Code) != nil || json.Unmarshal(fields[2], &e.Data) != nil {
			return nil, fmt.Errorf("%s:%d: want [seconds, code, text], got %.80s", path, line, sc.Bytes())
		}
		if e.Code != "o" && e.Code != "e" && e.Code != "i" && e.Code != "r" {
			return nil, fmt.Errorf("%s:%d: code %q, want \"o\", \"e\", \"i\" or \"r\"", path, line, e.Code)
		}
		if n := len(t.Events); n > 0 && e.Time < t.Events[n-1].Time {
			return nil, fmt.Errorf("%s:%d: time %g goes back from %g", path, line, e.Time, t.Events[n-1].Time)
		}
		t.Events = append(t.Events, e)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	return t, nil
}
