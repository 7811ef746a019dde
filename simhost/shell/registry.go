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
	// Only limits it to hosts whose userland is "gnu" or "solaris"; empty means both.
	Only string
	// Run does the work and returns the exit status.
	Run func(p *Proc) int
}

var commands = map[string]Command{}

// Register makes a command known; every host built afterwards has it on disk.
// It panics on a duplicate name, a programming error.
func Register(c Command) {
	if _, dup := commands[c.Name]; dup {
		panic("shell: command registered twice: " + c.Name)
	}
	commands[c.Name] = c
}

// Lookup returns the registered command with that name.
func Lookup(name string) (Command, bool) {
	c, ok := commands[name]
	return c, ok
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

func emulatedName(content []byte) (string, bool) {
	rest, ok := strings.CutPrefix(string(content), emulatedMagic)
	if !ok {
		return "", false
	}
	name, _, _ := strings.Cut(rest, "\n")
	return name, true
}

// Install writes a file for every registered command into the host's bin
// directories, so that PATH lookups, `ls /usr/bin` and `rm /usr/bin/rm` behave.
func Install(m *machine.Machine) error {
	bin, sbin := "/usr/bin", "/usr/sbin"
	if !m.P.UsrMerged {
		bin, sbin = "/bin", "/sbin"
	}
	for _, name := range Commands() {
		c := commands[name]
		if c.Only != "" && c.Only != m.P.Userland {
			continue
		}
		dir := bin
		if c.Sbin {
			dir = sbin
		}
		p := path.Join(dir, name)
		data := []byte(emulatedMagic + name + "\n")
		if err := m.FS.WriteFile(vfs.Root, p, data, 0o755); err != nil {
			return fmt.Errorf("install %s: %w", p, err)
		}
		if err := m.FS.Chmod(vfs.Root, p, fs.FileMode(0o755)); err != nil {
			return err
		}
	}
	return nil
}
