package progtest

import (
	"context"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/onsi/gomega"

	"github.com/hostile-lab/hostile/internal/syncbuf"
	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/shell"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

// SeedFile seeds a file owned by owner.
func SeedFile(path, content, owner string, mode uint32) func(*machine.Description) {
	return func(d *machine.Description) {
		d.Files = append(d.Files, machine.File{Path: path, Content: content, Owner: owner, Mode: vfs.FromUnixMode(mode)})
	}
}

// SeedDir seeds a directory owned by owner.
func SeedDir(path, owner string, mode uint32) func(*machine.Description) {
	return func(d *machine.Description) {
		d.Files = append(d.Files, machine.File{Path: path, Dir: true, Owner: owner, Mode: vfs.FromUnixMode(mode)})
	}
}

// SeedLink seeds a symlink.
func SeedLink(path, target string) func(*machine.Description) {
	return func(d *machine.Description) {
		d.Files = append(d.Files, machine.File{Path: path, Link: target})
	}
}

// SetTimes sets a file's times to t.
func SetTimes(m *machine.Machine, path string, t time.Time) {
	gomega.Expect(m.FS.Chtimes(vfs.Root, path, t, t)).To(gomega.Succeed())
}

// Exists reports whether path exists (not following a final symlink).
func Exists(m *machine.Machine, path string) bool {
	_, err := m.FS.Lstat(vfs.Root, path)
	return err == nil
}

// Content reads a file as root.
func Content(m *machine.Machine, path string) string {
	b, err := m.FS.ReadFile(vfs.Root, path)
	gomega.Expect(err).NotTo(gomega.HaveOccurred())
	return string(b)
}

// Background is a script running in its own goroutine with stdin held open.
type Background struct {
	Stdout, Stderr syncbuf.Buffer
	Stdin          *io.PipeWriter
	Done           chan int
}

// RunBackground starts script as user with a pipe for stdin the test controls.
func RunBackground(m *machine.Machine, user, script string) *Background {
	pr, pw := io.Pipe()
	b := &Background{Stdin: pw, Done: make(chan int, 1)}
	s, err := shell.NewSession(m, shell.Options{User: m.User(user), Channel: "exec", Stdin: pr, Stdout: &b.Stdout, Stderr: &b.Stderr})
	gomega.Expect(err).NotTo(gomega.HaveOccurred())
	go func() {
		defer s.Close()
		b.Done <- s.Run(context.Background(), script)
	}()
	return b
}

// RunTTY runs script in a session with a terminal, as `ssh -t host script`.
func RunTTY(m *machine.Machine, user, script, stdin string) Result {
	return RunTerminal(m, user, "", script, stdin)
}

// RunTerminal is RunTTY on a terminal of type term, as the client's
// pty-req names it.
func RunTerminal(m *machine.Machine, user, term, script, stdin string) Result {
	var out, errw syncbuf.Buffer
	s, err := shell.NewSession(m, shell.Options{User: m.User(user), Channel: "exec", TTY: true, Term: term,
		Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errw})
	gomega.Expect(err).NotTo(gomega.HaveOccurred())
	defer s.Close()
	code := s.Run(context.Background(), script)
	return Result{Stdout: out.String(), Stderr: errw.String(), Code: code}
}

// RunWindow is RunTTY on a terminal whose window is rows by cols (0 by 0 is
// what `ssh -tt` from a client without a terminal of its own gives), for the
// programs that read its size (stty, ps, sudo).
func RunWindow(m *machine.Machine, user, script string, rows, cols int) Result {
	var out, errw syncbuf.Buffer
	s, err := shell.NewSession(m, shell.Options{User: m.User(user), Channel: "exec", TTY: true,
		Terminal: &window{rows: rows, cols: cols, echo: true}, Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errw})
	gomega.Expect(err).NotTo(gomega.HaveOccurred())
	defer s.Close()
	code := s.Run(context.Background(), script)
	return Result{Stdout: out.String(), Stderr: errw.String(), Code: code}
}

// window is a terminal for RunWindow: its size and settings as programs set
// them, nothing typed.
type window struct {
	mu         sync.Mutex
	rows, cols int
	echo       bool
	termios    shell.Termios
}

func (w *window) Echo() bool                 { w.mu.Lock(); defer w.mu.Unlock(); return w.echo }
func (w *window) SetEcho(on bool)            { w.mu.Lock(); w.echo = on; w.mu.Unlock() }
func (w *window) Termios() shell.Termios     { w.mu.Lock(); defer w.mu.Unlock(); return w.termios }
func (w *window) SetTermios(t shell.Termios) { w.mu.Lock(); w.termios = t; w.mu.Unlock() }
func (w *window) QuietLine()                 {}
func (w *window) Size() (rows, cols int)     { w.mu.Lock(); defer w.mu.Unlock(); return w.rows, w.cols }
func (w *window) SetSize(rows, cols int)     { w.mu.Lock(); w.rows, w.cols = rows, cols; w.mu.Unlock() }
