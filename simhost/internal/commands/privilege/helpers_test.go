package privilege_test

import (
	"context"
	"encoding/binary"
	"io/fs"
	"strings"
	"sync"

	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/shell"
)

// privFile seeds a root-owned file; mode 0 means 0644.
func privFile(path, content string, mode fs.FileMode) func(*machine.Description) {
	return func(d *machine.Description) {
		d.Files = append(d.Files, machine.File{Path: path, Content: content, Mode: mode})
	}
}

// privUser adds an account.
func privUser(name, password string, groups ...string) func(*machine.Description) {
	return func(d *machine.Description) {
		d.Users = append(d.Users, machine.User{Name: name, Password: password, Groups: groups})
	}
}

// privShells gives the host /bin/sh, which #! scripts need as interpreter,
// and /bin/bash, which sudo -s and -i look for.
func privShells(d *machine.Description) {
	d.Files = append(d.Files, machine.File{Path: "/bin/sh", Mode: 0o755}, machine.File{Path: "/bin/bash", Mode: 0o755})
}

// privNoLecture silences sudo's first-time lecture.
var privNoLecture = SeedSudoers("Defaults lecture=never")

// privLecture is sudo 1.9.13's lecture as it precedes the first prompt.
const privLecture = "\nWe trust you have received the usual lecture from the local System\n" +
	"Administrator. It usually boils down to these three things:\n\n" +
	"    #1) Respect the privacy of others.\n" +
	"    #2) Think before you type.\n" +
	"    #3) With great power comes great responsibility.\n\n" +
	"For security reasons, the password you type will not be visible.\n\n"

// privLastlogRecord is a struct lastlog as /var/log/lastlog stores it.
func privLastlogRecord(when uint32, line, host string) string {
	rec := make([]byte, 292)
	binary.LittleEndian.PutUint32(rec, when)
	copy(rec[4:36], line)
	copy(rec[36:], host)
	return string(rec)
}

// privRunTTY runs script over a session with a terminal, as `ssh -t` does.
func privRunTTY(m *machine.Machine, user, script, stdin string) Result {
	var out, errw privBuffer
	s, err := shell.NewSession(m, shell.Options{User: m.User(user), Channel: "exec", TTY: true, Term: "xterm",
		Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errw})
	Expect(err).NotTo(HaveOccurred())
	defer s.Close()
	code := s.Run(context.Background(), script)
	return Result{Stdout: out.String(), Stderr: errw.String(), Code: code}
}

type privBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (b *privBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *privBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}
