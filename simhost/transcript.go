package simhost

import (
	"crypto/rand"
	"fmt"
	"os"
	"path/filepath"

	"github.com/hostile-lab/hostile/simhost/asciicast"
	"github.com/hostile-lab/hostile/simhost/sshwire"
)

// newTranscript creates LABEL-connN-sessionM-UNIQUE.cast in dir, one
// session's asciicast recording: the random part keeps two hosts or replays
// that share a label and a directory from writing one file. The header
// carries the terminal the client asked for; a terminal of unknown size (0x0:
// ssh -tt from a pipe) is shown 80x24, the size asked kept in "term_size".
func newTranscript(dir, label, hostname string, conn, id uint64, pty *sshwire.PTYRequest, kind, arg string) *asciicast.Writer {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return asciicast.Failed(err)
	}
	var unique [4]byte
	rand.Read(unique[:])
	name := filepath.Join(dir, fmt.Sprintf("%s-conn%d-session%d-%x.cast", label, conn, id, unique))
	h := asciicast.Header{Width: 80, Height: 24, Title: fmt.Sprintf("%s %s %s", hostname, kind, arg),
		Env: map[string]string{"TERM": ""}}
	if pty != nil {
		h.Env["TERM"] = pty.Term
		h.TermSize = fmt.Sprintf("%dx%d", pty.Columns, pty.Rows)
		if pty.Columns > 0 && pty.Rows > 0 {
			h.Width, h.Height = int(pty.Columns), int(pty.Rows)
		}
	}
	return asciicast.Create(name, h)
}
