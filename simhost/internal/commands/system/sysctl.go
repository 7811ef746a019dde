package system

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"syscall"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
)

// sysctl (procps) reads and sets the kernel's parameters, the files under
// /proc/sys: a key's dots are the path's slashes. Provisioners read them
// (kubeadm's preflight asks net.ipv4.ip_forward, database installers the
// shared-memory limits) and set them with -w or -p FILE. procps 4 fails with
// status 1, procps 3.3 with 255 (its -1).
func init() {
	shell.Register(shell.Command{Name: "sysctl", Only: "gnu", Sbin: true, ShortName: true, Run: sysctlCmd})
}

type sysctlRun struct {
	p                                *shell.Proc
	names, values, ignore, quiet, wr bool
	failed                           bool
	// old is procps 3.3, which takes a line with no '=' for a key and
	// words its complaints otherwise.
	old bool
}

func sysctlCmd(p *shell.Proc) int {
	g := progkit.Getopt{Short: "bedhlnNpqwrVaAXo", Long: []string{"all=a", "binary=b", "ignore=e", "names=N",
		"values=n", "load::", "quiet=q", "write=w", "system", "pattern:", "help=h", "version=V"},
		NotEmulated: []string{"b", "r", "pattern", "o"}}
	c, code, ok := g.Parse(p, p.Args())
	version := progkit.ToolVersion(p, "procps", nil)
	failure := 1
	if strings.HasPrefix(version, "3.") {
		failure = 255
	}
	if !ok {
		return code
	}
	if c.Has("V") {
		p.Printf("sysctl from procps-ng %s\n", version)
		return 0
	}
	s := &sysctlRun{p: p, names: c.Has("N"), values: c.Has("n"), ignore: c.Has("e"), quiet: c.Has("q"), wr: c.Has("w"), old: failure == 255}
	file, load := c.Value("load")
	if c.Has("p") {
		load = true
		if len(c.Operands) > 0 {
			file = c.Operands[0]
		}
	}
	switch {
	case c.Has("system"):
		p.NotEmulated("sysctl --system")
		return 0
	case load:
		if file == "" {
			file = "/etc/sysctl.conf"
		}
		s.load(file)
	case c.Has("a", "A", "X"):
		s.all("/proc/sys")
	case len(c.Operands) == 0:
		fmt.Fprintf(p.Stderr, "sysctl: no variables specified\nTry `sysctl --help' for more information.\n")
		return 1
	default:
		for _, arg := range c.Operands {
			if key, value, isSet := strings.Cut(arg, "="); isSet || s.wr {
				if !isSet {
					if s.old {
						fmt.Fprintf(p.Stderr, "sysctl: \"%s\" must be of the form name=value\n", arg)
					} else {
						fmt.Fprintf(p.Stderr, "sysctl: command line(0): invalid syntax, continuing...\n")
					}
					s.failed = true
					continue
				}
				s.write(key, value)
				continue
			}
			s.read(arg)
		}
	}
	if s.failed {
		return failure
	}
	return 0
}

// keyPath is the file of a key, given with dots or slashes; display is the
// key as sysctl prints it.
func keyPath(key string) (file, display string) {
	key = strings.TrimSpace(key)
	if strings.Contains(key, "/") {
		display = strings.ReplaceAll(strings.Trim(key, "/"), "/", ".")
	} else {
		display = key
	}
	return "/proc/sys/" + strings.ReplaceAll(display, ".", "/"), display
}

func (s *sysctlRun) read(key string) {
	file, display := keyPath(key)
	info, err := s.p.M.FS.Stat(s.p.Cred(), file)
	if err != nil {
		if !s.ignore {
			fmt.Fprintf(s.p.Stderr, "sysctl: cannot stat %s: %s\n", file, s.p.Strerror(err))
			s.failed = true
		}
		return
	}
	if info.IsDir() {
		s.all(file)
		return
	}
	data, err := s.p.M.FS.ReadFile(s.p.Cred(), file)
	if err != nil {
		if errors.Is(err, fs.ErrPermission) {
			fmt.Fprintf(s.p.Stderr, "sysctl: permission denied on key '%s'\n", display)
		} else {
			fmt.Fprintf(s.p.Stderr, "sysctl: reading key \"%s\"\n", display)
		}
		s.failed = true
		return
	}
	s.show(display, strings.TrimSuffix(string(data), "\n"))
}

func (s *sysctlRun) show(display, value string) {
	switch {
	case s.names:
		s.p.Printf("%s\n", display)
	case s.values:
		s.p.Printf("%s\n", value)
	default:
		s.p.Printf("%s = %s\n", display, value)
	}
}

// all prints every key under dir that the caller may read, as -a does.
func (s *sysctlRun) all(dir string) {
	entries, err := s.p.M.FS.ReadDir(s.p.Cred(), dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		file := path.Join(dir, e.Name)
		if e.IsDir() {
			s.all(file)
			continue
		}
		data, err := s.p.M.FS.ReadFile(s.p.Cred(), file)
		if err != nil {
			continue
		}
		s.show(strings.ReplaceAll(strings.TrimPrefix(file, "/proc/sys/"), "/", "."), strings.TrimSuffix(string(data), "\n"))
	}
}

// write sets a key: only root may, as the files are root's 0644.
func (s *sysctlRun) write(key, value string) {
	file, display := keyPath(key)
	value = strings.TrimSpace(value)
	info, err := s.p.M.FS.Stat(s.p.Cred(), file)
	switch {
	case err != nil:
		if s.ignore {
			return
		}
		fmt.Fprintf(s.p.Stderr, "sysctl: cannot stat %s: %s\n", file, s.p.Strerror(err))
	case info.IsDir():
		fmt.Fprintf(s.p.Stderr, "sysctl: setting key \"%s\": %s\n", display, s.p.Strerror(syscall.EISDIR))
	case s.p.Cred().UID != 0:
		fmt.Fprintf(s.p.Stderr, "sysctl: permission denied on key \"%s\"\n", display)
	default:
		if err := s.p.M.FS.KernelFile(file, []byte(value+"\n"), info.Mode.Perm()); err != nil {
			fmt.Fprintf(s.p.Stderr, "sysctl: setting key \"%s\": %s\n", display, s.p.Strerror(err))
			break
		}
		if !s.quiet {
			s.show(display, value)
		}
		return
	}
	s.failed = true
}

// load applies a file of "key = value" lines; # and ; start comments. A
// key's leading '-' is dropped (procps still reports it missing).
func (s *sysctlRun) load(file string) {
	var data []byte
	var err error
	if file == "-" {
		data, err = s.p.ReadAll(s.p.Stdin)
	} else {
		data, err = s.p.M.FS.ReadFile(s.p.Cred(), s.p.Abs(file))
	}
	if err != nil {
		fmt.Fprintf(s.p.Stderr, "sysctl: cannot open \"%s\": %s\n", file, s.p.Strerror(err))
		s.failed = true
		return
	}
	for n, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' || line[0] == ';' {
			continue
		}
		key, value, ok := strings.Cut(line, "=")
		switch {
		case ok:
			s.write(strings.TrimPrefix(strings.TrimSpace(key), "-"), value)
		case s.old:
			// procps 3.3 reads the line as a key; a file's there is
			// "set" to nothing, which the kernel refuses.
			file, display := keyPath(line)
			if _, err := s.p.M.FS.Stat(s.p.Cred(), file); err != nil {
				fmt.Fprintf(s.p.Stderr, "sysctl: cannot stat %s: %s\n", file, s.p.Strerror(err))
			} else {
				fmt.Fprintf(s.p.Stderr, "sysctl: setting key \"%s\": %s\n", display, s.p.Strerror(syscall.ENOENT))
			}
			s.failed = true
		default:
			fmt.Fprintf(s.p.Stderr, "sysctl: %s(%d): invalid syntax, continuing...\n", file, n+1)
			s.failed = true
		}
	}
}
