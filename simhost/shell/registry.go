package shell

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

// Command is an emulated program: a Go function standing in for a binary.
type Command struct {
	Name string
	// Sbin puts it in /usr/sbin (or /sbin) instead of /usr/bin, as the real package does.
	Sbin bool
	// Dir puts it in that directory instead (Solaris keeps pvs in /usr/ccs/bin).
	Dir string
	// Only limits it to hosts whose userland is "gnu" or "solaris"; empty means
	// both. Two commands may share a name when their userlands differ.
	Only string
	// ShortName is true for a program whose messages start with its base
	// name (sudo, su); GNU tools start theirs with argv[0] as invoked
	// ("/bin/rm: cannot remove ...").
	ShortName bool
	// Present, when set, says whether a host has the program at all: the
	// personality's package facts list it (rpm where there is an rpm
	// database). Where it is false the program is not installed.
	Present func(m *machine.Machine) bool
	// Run does the work and returns the exit status.
	Run func(p *Proc) int
}

var commands = map[string][]Command{}

// Register makes a command known; every host built afterwards has it on disk.
// It panics when a command of that name already serves the same userland, a
// programming error.
func Register(c Command) {
	for _, other := range commands[c.Name] {
		if other.Only == "" || c.Only == "" || other.Only == c.Only {
			panic("shell: command registered twice: " + c.Name)
		}
	}
	commands[c.Name] = append(commands[c.Name], c)
}

// Wrap puts wrap in front of the Run of the commands of that name that serve
// userland, for what a whole family of programs does alike before its own
// parsing (coreutils' --version). It panics when there is none, a
// programming error.
func Wrap(name, userland string, wrap func(run func(*Proc) int) func(*Proc) int) {
	found := false
	for i, c := range commands[name] {
		if c.Only == "" || c.Only == userland {
			commands[name][i].Run = wrap(c.Run)
			found = true
		}
	}
	if !found {
		panic("shell: no command to wrap: " + name)
	}
}

// Lookup returns the command with that name for a userland ("gnu", "solaris").
func Lookup(name, userland string) (Command, bool) {
	for _, c := range commands[name] {
		if c.Only == "" || c.Only == userland {
			return c, true
		}
	}
	return Command{}, false
}

// Commands lists the registered command names, sorted.
func Commands() []string {
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// emulatedMagic starts the content of every emulated command's file, so that exec
// knows which Go handler stands behind a path, wherever the file was copied.
const emulatedMagic = "\x7fHOSTILE-EMULATED "

// EmulatedFile is the content of the file standing for emulated command name.
func EmulatedFile(name string) string { return emulatedMagic + name + "\n" }

// EmulatedName tells whether content is an emulated command's file, and which.
func EmulatedName(content []byte) (string, bool) {
	rest, ok := strings.CutPrefix(string(content), emulatedMagic)
	if !ok {
		return "", false
	}
	name, _, _ := strings.Cut(rest, "\n")
	return name, true
}

// Install writes a file for every registered command the installed system
// does not have into the host's bin directories, so that PATH lookups,
// `ls /usr/bin` and `rm /usr/bin/rm` behave.
func Install(m *machine.Machine) error {
	bin, sbin := "/usr/bin", "/usr/sbin"
	if !m.P.UsrMerged {
		bin, sbin = "/bin", "/sbin"
	}
	for _, name := range Commands() {
		c, ok := Lookup(name, m.P.Userland)
		if !ok || c.Present != nil && !c.Present(m) {
			continue
		}
		dir := bin
		switch {
		case c.Dir != "":
			dir = c.Dir
			if err := m.FS.MkdirAll(vfs.Root, dir, 0o755); err != nil {
				return fmt.Errorf("install %s: %w", dir, err)
			}
		case c.Sbin:
			dir = sbin
		}
		p := path.Join(dir, name)
		if _, err := m.FS.Lstat(vfs.Root, p); err == nil {
			// The installed system's own program (or a link to it) stays as
			// it is, its size, mode and owner real: exec runs the emulation
			// by the name it is called by.
			continue
		}
		data := []byte(EmulatedFile(name))
		if err := m.FS.WriteFile(vfs.Root, p, data, 0o755); err != nil {
			return fmt.Errorf("install %s: %w", p, err)
		}
		if err := m.FS.Chmod(vfs.Root, p, fs.FileMode(0o755)); err != nil {
			return err
		}
	}
	return nil
}
