package simhost

import (
	"io"
	"sync"
)

// lineDiscipline is the terminal driver of a PTY session in canonical mode: it
// echoes what the client types, edits the line (backspace, ^U), hands whole lines
// to the shell, turns ^C into an interrupt of the running command and ^D on an
// empty line into end of input.
type lineDiscipline struct {
	src  io.Reader
	echo io.Writer
	pr   *io.PipeReader
	pw   *io.PipeWriter

	mu      sync.Mutex
	running func() // cancels the command that runs now, nil at the prompt
	done    chan struct{}
}

func newLineDiscipline(src io.Reader, echo io.Writer) *lineDiscipline {
	pr, pw := io.Pipe()
	ld := &lineDiscipline{src: src, echo: echo, pr: pr, pw: pw, done: make(chan struct{})}
	go ld.cook()
	return ld
}

// Read returns cooked input: whole lines, or what ^D flushed.
func (ld *lineDiscipline) Read(b []byte) (int, error) { return ld.pr.Read(b) }

// Close stops delivering input; the cooking goroutine ends when the client's
// stream does (the channel closing ends it).
func (ld *lineDiscipline) Close() error {
	ld.pr.Close()
	return nil
}

// setRunning tells the driver which command ^C should interrupt.
func (ld *lineDiscipline) setRunning(cancel func()) {
	ld.mu.Lock()
	ld.running = cancel
	ld.mu.Unlock()
}

// interrupt is ^C: end the running command, or abandon the line at the prompt.
func (ld *lineDiscipline) interrupt() {
	ld.mu.Lock()
	cancel := ld.running
	ld.mu.Unlock()
	if cancel != nil {
		cancel()
		return
	}
	ld.pw.Write([]byte("\n")) // an empty line: the shell prints a fresh prompt
}

func (ld *lineDiscipline) cook() {
	defer close(ld.done)
	defer ld.pw.Close()
	var line []byte
	buf := make([]byte, 256)
	for {
		n, err := ld.src.Read(buf)
		for _, c := range buf[:n] {
			switch c {
			case '\r', '\n':
				ld.echo.Write([]byte("\n"))
				if _, err := ld.pw.Write(append(line, '\n')); err != nil {
					return
				}
				line = line[:0]
			case 0x7f, 0x08: // erase
				if len(line) > 0 {
					line = line[:len(line)-1]
					ld.echo.Write([]byte("\b \b"))
				}
			case 0x15: // ^U kills the line
				for range line {
					ld.echo.Write([]byte("\b \b"))
				}
				line = line[:0]
			case 0x03: // ^C
				ld.echo.Write([]byte("^C\n"))
				line = line[:0]
				ld.interrupt()
			case 0x04: // ^D
				if len(line) == 0 {
					return
				}
				if _, err := ld.pw.Write(line); err != nil {
					return
				}
				line = line[:0]
			default:
				line = append(line, c)
				ld.echo.Write([]byte{c})
			}
		}
		if err != nil {
			return
		}
	}
}
