package commands_test

import (
	"context"
	"io"
	"strings"
	"sync"
	"time"

	. "github.com/onsi/gomega"

	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/shell"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

// fsFile seeds a file owned by owner.
func fsFile(path, content, owner string, mode uint32) func(*machine.Description) {
	return func(d *machine.Description) {
		d.Files = append(d.Files, machine.File{Path: path, Content: content, Owner: owner, Mode: vfs.FromUnixMode(mode)})
	}
}

// fsDir seeds a directory owned by owner.
func fsDir(path, owner string, mode uint32) func(*machine.Description) {
	return func(d *machine.Description) {
		d.Files = append(d.Files, machine.File{Path: path, Dir: true, Owner: owner, Mode: vfs.FromUnixMode(mode)})
	}
}

// fsLink seeds a symlink.
func fsLink(path, target string) func(*machine.Description) {
	return func(d *machine.Description) {
		d.Files = append(d.Files, machine.File{Path: path, Link: target})
	}
}

// fsAge sets a file's times to t.
func fsAge(m *machine.Machine, path string, t time.Time) {
	Expect(m.FS.Chtimes(vfs.Root, path, t, t)).To(Succeed())
}

// fsExists reports whether path exists (not following a final symlink).
func fsExists(m *machine.Machine, path string) bool {
	_, err := m.FS.Lstat(vfs.Root, path)
	return err == nil
}

// fsContent reads a file as root.
func fsContent(m *machine.Machine, path string) string {
	b, err := m.FS.ReadFile(vfs.Root, path)
	Expect(err).NotTo(HaveOccurred())
	return string(b)
}

// syncBuffer collects a stream written by the session while a test reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf []byte
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf = append(b.buf, p...)
	return len(p), nil
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return string(b.buf)
}

// background is a script running in its own goroutine with stdin held open.
type background struct {
	Stdout, Stderr syncBuffer
	stdin          *io.PipeWriter
	done           chan int
}

// runBackground starts script as user with a pipe for stdin the test controls.
func runBackground(m *machine.Machine, user, script string) *background {
	pr, pw := io.Pipe()
	b := &background{stdin: pw, done: make(chan int, 1)}
	s, err := shell.NewSession(m, shell.Options{User: m.User(user), Channel: "exec", Stdin: pr, Stdout: &b.Stdout, Stderr: &b.Stderr})
	Expect(err).NotTo(HaveOccurred())
	go func() {
		defer s.Close()
		b.done <- s.Run(context.Background(), script)
	}()
	return b
}

// runTTY runs script in a session with a terminal, as `ssh -t host script`.
func runTTY(m *machine.Machine, user, script, stdin string) result {
	var out, errw syncBuffer
	s, err := shell.NewSession(m, shell.Options{User: m.User(user), Channel: "exec", TTY: true,
		Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errw})
	Expect(err).NotTo(HaveOccurred())
	defer s.Close()
	code := s.Run(context.Background(), script)
	return result{Stdout: out.String(), Stderr: errw.String(), Code: code}
}
