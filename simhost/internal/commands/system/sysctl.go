package system

import (
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

func init() {
	shell.Register(shell.Command{Name: "sysctl", Sbin: true, Only: "gnu", ShortName: true, Run: sysctlCmd})
}

// sysctlCmd is procps' sysctl over the host's /proc/sys: reading keys (dots or
// slashes), -a with -r, -n, -N, -b, -e, -q, writing with -w or NAME=VALUE, -p
// and --system. Only root writes, and then into the host's own tree, as a
// real host's root can (a container's /proc/sys is read-only to root too).
// Words and statuses from procps-ng 4.0.2 (bookworm: failures exit 1,
// --system names its files before it applies them) and 3.3.17 (bullseye:
// 255, each file named as it is applied).
func sysctlCmd(p *shell.Proc) int {
	v4 := progkit.ToolVersion(p, "procps", nil) >= "4"
	g := progkit.Getopt{Short: "aAXbeNnp::fqr:wxodhV", Long: []string{"all=a", "binary=b", "ignore=e", "names=N",
		"values=n", "load::", "system", "pattern=r:", "quiet=q", "write=w", "help=h", "version=V", "deprecated", "dry-run"},
		Usage: sysctlUsage(v4), NoTry: true}
	c, code, ok := g.Parse(p, p.Args())
	if !ok {
		return code
	}
	s := &sysctl{p: p, failed: 1}
	if !v4 {
		s.failed = 255
	}
	s.procps3 = !v4
	var pattern *regexp.Regexp
	all, load, system := false, "", false
	for _, o := range c.Opts {
		switch o.Key {
		case "a", "A", "X":
			all = true
		case "b":
			s.binary = true
		case "e":
			s.ignore = true
		case "N":
			s.namesOnly = true
		case "n":
			s.valuesOnly = true
		case "p", "f", "load":
			load = "/etc/sysctl.conf"
			if o.HasVal {
				load = o.Val
			}
		case "system":
			system = true
		case "q":
			s.quiet = true
		case "w":
			s.write = true
		case "r":
			re, err := regexp.Compile(o.Val)
			if err != nil {
				p.Errorf("unable to parse pattern: %s", o.Val)
				return s.failed
			}
			pattern = re
		case "h", "d":
			p.Printf("%s", sysctlUsage(v4))
			return 0
		case "V":
			return printProcpsVersion(p, "sysctl")
		case "dry-run":
			if !v4 {
				return g.Fail(p, "unrecognized option '--dry-run'")
			}
			s.dryRun = true
		}
	}
	switch {
	case system:
		return s.system()
	case load != "":
		if len(c.Operands) > 0 {
			load = c.Operands[0]
		}
		return s.load(load)
	case all:
		return s.all(pattern)
	case len(c.Operands) == 0:
		fmt.Fprintf(p.Stderr, "%s", sysctlUsage(v4))
		return 1
	}
	status := 0
	for _, arg := range c.Operands {
		if st := s.one(arg); st != 0 {
			status = st
		}
	}
	return status
}

type sysctl struct {
	p                                                   *shell.Proc
	binary, ignore, namesOnly, valuesOnly, quiet, write bool
	dryRun                                              bool
	procps3                                             bool // procps-ng 3.3, whose ways 4.0 changed
	failed                                              int  // the status of a failure
}

// one reads or, with "=", writes one key.
func (s *sysctl) one(arg string) int {
	name, value, assign := strings.Cut(arg, "=")
	if s.write || assign {
		if !assign {
			if s.procps3 {
				fmt.Fprintf(s.p.Stderr, "sysctl: \"%s\" must be of the form name=value\n", arg)
			} else {
				fmt.Fprint(s.p.Stderr, "sysctl: command line(0): invalid syntax, continuing...\n")
			}
			return s.failed
		}
		return s.set(strings.TrimSpace(name), strings.TrimSpace(value))
	}
	return s.show(name, false)
}

// key is a name with dots, and its file.
func sysctlKey(name string) (key, file string) {
	key = strings.ReplaceAll(strings.Trim(name, "/."), "/", ".")
	return key, "/proc/sys/" + strings.ReplaceAll(key, ".", "/")
}

func (s *sysctl) show(name string, listing bool) int {
	key, file := sysctlKey(name)
	info, err := s.p.M.FS.Stat(s.p.Cred(), file)
	if err != nil {
		if s.ignore {
			return 0
		}
		s.p.Errorf("cannot stat %s: %s", file, s.p.Strerror(err))
		return s.failed
	}
	if info.Mode.IsDir() {
		status := 0
		for _, k := range s.keysUnder(file) {
			if st := s.show(k, true); st != 0 {
				status = st
			}
		}
		return status
	}
	if s.namesOnly {
		s.p.Printf("%s\n", key)
		return 0
	}
	data, err := s.p.M.FS.ReadFile(s.p.Cred(), file)
	if err != nil {
		if listing && info.Mode&0o444 == 0 {
			return 0 // write-only (vm.drop_caches): -a passes over it
		}
		quote := `"`
		if listing {
			quote = "'"
		}
		s.p.Errorf("permission denied on key %s%s%s", quote, key, quote)
		return s.failed
	}
	value := strings.TrimSuffix(string(data), "\n")
	switch {
	case s.binary:
		s.p.Printf("%s", value)
	case s.valuesOnly:
		s.p.Printf("%s\n", value)
	default:
		s.p.Printf("%s = %s\n", key, value)
	}
	return 0
}

// set writes a key; only root may, as the kernel's files are root's.
func (s *sysctl) set(name, value string) int {
	key, file := sysctlKey(name)
	info, err := s.p.M.FS.Stat(vfs.Root, file)
	if err != nil || info.Mode.IsDir() {
		if s.ignore {
			return 0
		}
		if err == nil {
			err = fs.ErrNotExist
		}
		s.p.Errorf("cannot stat %s: %s", file, s.p.Strerror(err))
		return s.failed
	}
	if s.p.User.UID != 0 || info.Mode&0o200 == 0 {
		s.p.Errorf("permission denied on key \"%s\"", key)
		return s.failed
	}
	if !s.dryRun {
		if err := s.p.M.FS.KernelFile(file, []byte(value+"\n"), info.Mode.Perm()); err != nil {
			s.p.Errorf("setting key \"%s\": %s", key, s.p.Strerror(err))
			return s.failed
		}
	}
	if !s.quiet {
		s.p.Printf("%s = %s\n", key, value)
	}
	return 0
}

// keysUnder lists the keys below a /proc/sys directory, in name order.
func (s *sysctl) keysUnder(dir string) []string {
	var keys []string
	var walk func(d string)
	walk = func(d string) {
		infos, err := s.p.M.FS.ReadDir(vfs.Root, d)
		if err != nil {
			return
		}
		for _, in := range infos {
			p := path.Join(d, in.Name)
			if in.Mode.IsDir() {
				walk(p)
			} else {
				keys = append(keys, strings.ReplaceAll(strings.TrimPrefix(p, "/proc/sys/"), "/", "."))
			}
		}
	}
	walk(dir)
	sort.Strings(keys)
	return keys
}

func (s *sysctl) all(pattern *regexp.Regexp) int {
	for _, k := range s.keysUnder("/proc/sys") {
		if pattern == nil || pattern.MatchString(k) {
			s.show(k, true)
		}
	}
	return 0
}

// load applies a file of "name = value" lines; # and ; start comments.
func (s *sysctl) load(file string) int {
	data, err := s.p.M.FS.ReadFile(s.p.Cred(), s.p.Abs(file))
	if err != nil {
		fmt.Fprintf(s.p.Stderr, "sysctl: cannot open \"%s\": %s\n", file, s.p.Strerror(err))
		return s.failed
	}
	status := 0
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' || line[0] == ';' {
			continue
		}
		// A leading '-' is meant to let a missing key pass; as captured,
		// both procps-ng releases report it all the same.
		name, value, ok := strings.Cut(strings.TrimPrefix(line, "-"), "=")
		if !ok {
			continue
		}
		if st := s.set(strings.TrimSpace(name), strings.TrimSpace(value)); st != 0 {
			status = st
		}
	}
	return status
}

// sysctlDirs are where --system reads *.conf, a name found earlier hiding
// the same name later, then /etc/sysctl.conf.
var sysctlDirs = []string{"/etc/sysctl.d", "/run/sysctl.d", "/usr/local/lib/sysctl.d", "/usr/lib/sysctl.d", "/lib/sysctl.d"}

func (s *sysctl) system() int {
	seen := map[string]string{}
	for _, d := range sysctlDirs {
		infos, err := s.p.M.FS.ReadDir(vfs.Root, d)
		if err != nil {
			continue
		}
		for _, in := range infos {
			if _, dup := seen[in.Name]; !dup && strings.HasSuffix(in.Name, ".conf") {
				seen[in.Name] = path.Join(d, in.Name)
			}
		}
	}
	names := make([]string, 0, len(seen))
	for n := range seen {
		names = append(names, n)
	}
	sort.Strings(names)
	files := make([]string, 0, len(names)+1)
	for _, n := range names {
		files = append(files, seen[n])
	}
	if _, err := s.p.M.FS.Stat(vfs.Root, "/etc/sysctl.conf"); err == nil {
		files = append(files, "/etc/sysctl.conf")
	}
	// procps-ng 4 names every file before it applies any; 3 names each as it
	// comes to it.
	if !s.procps3 {
		for _, f := range files {
			s.p.Printf("* Applying %s ...\n", f)
		}
	}
	status := 0
	for _, f := range files {
		if s.procps3 {
			s.p.Printf("* Applying %s ...\n", f)
		}
		if st := s.load(f); st != 0 {
			status = st
		}
	}
	return status
}

func sysctlUsage(v4 bool) string {
	dry := ""
	if v4 {
		dry = "      --dry-run        Print the key and values but do not write\n"
	}
	return "\nUsage:\n sysctl [options] [variable[=value] ...]\n\nOptions:\n" +
		"  -a, --all            display all variables\n  -A                   alias of -a\n  -X                   alias of -a\n" +
		"      --deprecated     include deprecated parameters to listing\n" + dry +
		"  -b, --binary         print value without new line\n  -e, --ignore         ignore unknown variables errors\n" +
		"  -N, --names          print variable names without values\n  -n, --values         print only values of the given variable(s)\n" +
		"  -p, --load[=<file>]  read values from file\n  -f                   alias of -p\n" +
		"      --system         read values from all system directories\n  -r, --pattern <expression>\n" +
		"                       select setting that match expression\n  -q, --quiet          do not echo variable set\n" +
		"  -w, --write          enable writing a value to variable\n  -o                   does nothing\n" +
		"  -x                   does nothing\n  -d                   alias of -h\n\n" +
		" -h, --help     display this help and exit\n -V, --version  output version information and exit\n\n" +
		"For more details see sysctl(8).\n"
}
