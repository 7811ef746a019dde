package simhost

import (
	"io"
	"sync"

	"github.com/hostile-lab/hostile/simhost/shell"
)

// lineDiscipline is the terminal driver of a PTY session, honouring the
// termios settings programs change (stty): in canonical mode it echoes what
// the client types (unless a program turned ECHO off, as getpass, `read -s`
// and `stty -echo` do), edits the line (backspace, ^U), hands whole lines to
// the shell and turns ^D on an empty line into end of input; with ICANON off
// (`stty raw`, `stty -icanon`) every byte goes to the reader as it comes. With
// ISIG, ^C interrupts the running command; with ICRNL a typed CR is a newline.
// It is the session's shell.Terminal.
type lineDiscipline struct {
	src  io.Reader
	echo io.Writer
	pr   *io.PipeReader
	pw   *io.PipeWriter

	mu         sync.Mutex
	running    func()        // cancels the command that runs now, nil at the prompt
	tio        shell.Termios // the settings stty changes
	quietLine  bool          // ECHO cleared until the next line is read (getpass, read -s)
	rows, cols int           // the window, from pty-req and window-change
	// held keeps the echo of what a client types ahead while a login shell
	// starts: readline, not the terminal, echoes it, after the first prompt.
	holding bool
	held    []byte
	done    chan struct{}
}

// releaseEcho writes what was typed ahead, as readline shows it after the
// prompt, and echoes live from then on.
func (ld *lineDiscipline) releaseEcho() {
	ld.mu.Lock()
	held := ld.held
	ld.holding, ld.held = false, nil
	ld.mu.Unlock()
	if len(held) > 0 {
		ld.echo.Write(held)
	}
}

// newLineDiscipline starts the terminal; with loginShell, echo is held until
// the shell's first prompt (releaseEcho).
func newLineDiscipline(src io.Reader, echo io.Writer, rows, cols int, loginShell bool) *lineDiscipline {
	pr, pw := io.Pipe()
	ld := &lineDiscipline{src: src, echo: echo, pr: pr, pw: pw, rows: rows, cols: cols, holding: loginShell, done: make(chan struct{}),
		tio: shell.SSHDTermios()}
	go ld.cook()
	return ld
}

// Echo reports whether typed characters are echoed (termios ECHO).
func (ld *lineDiscipline) Echo() bool {
	ld.mu.Lock()
	defer ld.mu.Unlock()
	return ld.tio.Lflag&shell.ECHO != 0
}

// SetEcho sets or clears ECHO, as `stty echo` and `stty -echo` do.
func (ld *lineDiscipline) SetEcho(on bool) {
	ld.mu.Lock()
	ld.tio.Lflag &^= shell.ECHO
	if on {
		ld.tio.Lflag |= shell.ECHO
	}
	ld.mu.Unlock()
}

// Termios is the terminal's settings now.
func (ld *lineDiscipline) Termios() shell.Termios {
	ld.mu.Lock()
	defer ld.mu.Unlock()
	return ld.tio
}

// SetTermios changes them, as tcsetattr does: the next byte typed is read
// under the new settings.
func (ld *lineDiscipline) SetTermios(t shell.Termios) {
	ld.mu.Lock()
	ld.tio = t
	ld.mu.Unlock()
}

// translatesNewlines reports whether output turns \n into \r\n (OPOST and ONLCR).
func (ld *lineDiscipline) translatesNewlines() bool {
	ld.mu.Lock()
	defer ld.mu.Unlock()
	return ld.tio.Oflag&shell.OPOST != 0 && ld.tio.Oflag&shell.ONLCR != 0
}

// QuietLine clears ECHO until the next line is complete, then restores it: what
// getpass(3) and bash's `read -s` do around one read. As with ECHONL off, the
// newline that ends the line is not echoed either; the program prints its own.
func (ld *lineDiscipline) QuietLine() {
	ld.mu.Lock()
	ld.quietLine = true
	ld.mu.Unlock()
}

// Size is the window in rows and columns.
func (ld *lineDiscipline) Size() (rows, cols int) {
	ld.mu.Lock()
	defer ld.mu.Unlock()
	return ld.rows, ld.cols
}

// SetSize is `stty rows N cols M`, and a client's window-change.
func (ld *lineDiscipline) SetSize(rows, cols int) {
	ld.mu.Lock()
	ld.rows, ld.cols = rows, cols
	ld.mu.Unlock()
}

// echoing reports whether ECHO is on now; lineDone ends a quiet line.
func (ld *lineDiscipline) echoing() bool {
	ld.mu.Lock()
	defer ld.mu.Unlock()
	return ld.tio.Lflag&shell.ECHO != 0 && !ld.quietLine
}

func (ld *lineDiscipline) lineDone() {
	ld.mu.Lock()
	ld.quietLine = false
	ld.mu.Unlock()
}

// out echoes b when ECHO is on, or keeps it while the shell starts.
func (ld *lineDiscipline) out(b string) {
	if !ld.echoing() {
		return
	}
	ld.mu.Lock()
	if ld.holding {
		ld.held = append(ld.held, b...)
		ld.mu.Unlock()
		return
	}
	ld.mu.Unlock()
	io.WriteString(ld.echo, b)
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
			tio := ld.Termios()
			switch {
			case c == '\r' && tio.Iflag&shell.IGNCR != 0:
				continue
			case c == '\r' && tio.Iflag&shell.ICRNL != 0:
				c = '\n'
			case c == '\n' && tio.Iflag&shell.INLCR != 0:
				c = '\r'
			}
			if c == tio.CC[shell.VINTR] && tio.Lflag&shell.ISIG != 0 {
				ld.out("^C") // ECHOCTL's "^C" only with ECHO on; the newline is the shell's
				io.WriteString(ld.echo, "\n")
				ld.lineDone()
				line = line[:0]
				ld.interrupt()
				continue
			}
			if tio.Lflag&shell.ICANON == 0 {
				// Non-canonical: each byte is readable at once (MIN 1, TIME 0).
				ld.out(string(c))
				if _, err := ld.pw.Write([]byte{c}); err != nil {
					return
				}
				continue
			}
			switch c {
			case '\n':
				ld.out("\n")
				ld.lineDone()
				if _, err := ld.pw.Write(append(line, '\n')); err != nil {
					return
				}
				line = line[:0]
			case tio.CC[shell.VERASE], 0x08: // erase
				if len(line) > 0 {
					line = line[:len(line)-1]
					ld.out("\b \b")
				}
			case tio.CC[shell.VKILL]: // ^U kills the line
				for range line {
					ld.out("\b \b")
				}
				line = line[:0]
			case tio.CC[shell.VEOF]: // ^D: the read it ends is over, a quiet one too
				ld.lineDone()
				if len(line) == 0 {
					return
				}
				if _, err := ld.pw.Write(line); err != nil {
					return
				}
				line = line[:0]
			default:
				line = append(line, c)
				ld.out(string(c))
			}
		}
		if err != nil {
			return
		}
	}
}
