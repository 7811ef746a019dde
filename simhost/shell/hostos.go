package shell

import (
	"context"
	"strings"

	"mvdan.cc/sh/v3/expand"

	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

// What the interpreter would otherwise ask the real operating system, the
// host answers (third_party/mvdan-sh/PATCHES.md lists each path).

// hostEnviron is a shell's environment that also answers the interpreter's
// "HOME name" look-up for ~name from the host's own passwd: an unknown name
// stays as written, as bash leaves it. "HOME " (no name) is ~ with HOME
// unset: bash looks its user up, dash leaves ~ as written.
type hostEnviron struct {
	expand.Environ
	m    *machine.Machine
	self string // the shell's user, for bash's ~ without HOME; "" for the others
}

func (e hostEnviron) Get(name string) expand.Variable {
	if user, ok := strings.CutPrefix(name, "HOME "); ok {
		if user == "" {
			user = e.self
		}
		if home, ok := passwdHome(e.m, user); ok {
			return expand.Variable{Set: true, Kind: expand.String, Str: home}
		}
		return expand.Variable{}
	}
	return e.Environ.Get(name)
}

// passwdHome is user's home in the host's /etc/passwd, as getpwnam reads it,
// so an edit of the file counts as on a real host.
func passwdHome(m *machine.Machine, user string) (string, bool) {
	data, err := m.FS.ReadFile(vfs.Root, "/etc/passwd")
	if err != nil || user == "" {
		return "", false
	}
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Split(line, ":")
		if len(f) >= 7 && f[0] == user {
			return f[5], true
		}
	}
	return "", false
}

// selfIfBash is the user whose passwd home ~ means when HOME is unset: bash's
// own; dash, ksh and sh leave ~ as written.
func selfIfBash(flavour string, a *machine.Account) string {
	if flavour != "bash" {
		return ""
	}
	return a.Name
}

// realPath resolves the symbolic links of the shell's directory on the
// host's filesystem, for pwd -P.
func (sh *shellProc) realPath(ctx context.Context, p string) (string, error) {
	real, err := sh.machine().FS.Realpath(sh.cred(), p)
	if err != nil {
		return "", shellErr(strerror(sh.machine().P, err))
	}
	return real, nil
}
