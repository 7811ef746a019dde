package system

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
)

// run-parts (debianutils) runs, lists or tests the programs of a directory in
// name order: cron's /etc/cron.daily, init scripts' /lib/lsb/init-functions.d
// (service ssh status sources it), agents' hook directories. A name counts
// when it matches the naming rule (Debian's, LSB's with --lsbsysinit, or
// --regex); directories and, but for --list, files not executable are passed
// over. Its messages and exit statuses are those of debianutils 5.
func init() {
	shell.Register(shell.Command{Name: "run-parts", Only: "gnu", ShortName: true, Run: runPartsCmd})
}

const runPartsUsage = `Usage: run-parts [OPTION]... DIRECTORY
      --test          print script names which would run, but don't run them.
      --list          print names of all valid files (can not be used with
                      --test)
  -v, --verbose       print script names before running them.
  -d, --debug         print script names while checking them.
      --report        print script names if they produce output.
      --reverse       reverse execution order of scripts.
      --exit-on-error exit as soon as a script returns with a non-zero exit
                      code.
      --stdin         multiplex stdin to scripts being run, using temporary file
      --lsbsysinit    validate filenames based on LSB sysinit specs.
      --new-session   run each script in a separate process session
      --regex=PATTERN validate filenames based on POSIX ERE pattern PATTERN.
  -u, --umask=UMASK   sets umask to UMASK (octal), default is 022.
  -a, --arg=ARGUMENT  pass ARGUMENT to scripts, use once for each argument.
  -V, --version       output version information and exit.
  -h, --help          display this help and exit.
`

// The naming rules: Debian's classic one, and LSB's for --lsbsysinit (a
// LANANA or hierarchical name, not a dpkg leftover).
var (
	runPartsClassic   = regexp.MustCompile(`^[a-zA-Z0-9_-]+$`)
	runPartsLSBHier   = regexp.MustCompile(`^_?([a-z0-9_.]+-)+[a-z0-9]+$`)
	runPartsLSBTrad   = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)
	runPartsLSBExcept = regexp.MustCompile(`^[a-z0-9-].*\.dpkg-(old|dist|new|tmp)$`)
)

type runParts struct {
	p                                    *shell.Proc
	dir                                  string
	test, list, verbose, report, onError bool
	valid                                func(name string) bool
	args                                 []string
	umask                                uint32
}

func runPartsCmd(p *shell.Proc) int {
	usageFail := func(msg string) int {
		fmt.Fprintf(p.Stderr, "run-parts: %s\nTry `run-parts --help' for more information.\n", msg)
		return 1
	}
	// debianutils 5 added --debug (its help says -d too, which it refuses),
	// and a newline to the regex complaint.
	v5 := p.M.P.VersionAtLeast("debianutils", "5")
	g := progkit.Getopt{Short: "u:a:vhV", Long: []string{"test", "list", "verbose=v", "report", "reverse",
		"exit-on-error", "stdin", "lsbsysinit", "new-session", "regex:", "umask:=u", "arg:=a", "version=V", "help=h"},
		NoTry: true, NotEmulated: []string{"debug", "stdin"}}
	usage := runPartsUsage
	if v5 {
		g.Long = append(g.Long, "debug")
	} else {
		usage = strings.Replace(usage, "  -d, --debug         print script names while checking them.\n", "", 1)
	}
	// debianutils words an unknown option getopt_long's way, then its own "Try".
	c, _, ok := g.Parse(p, p.Args())
	if !ok {
		fmt.Fprint(p.Stderr, "Try `run-parts --help' for more information.\n")
		return 1
	}
	switch {
	case c.Has("h"):
		fmt.Fprint(p.Stderr, usage) // its usage(), on stderr, then exit 0
		return 0
	case c.Has("V"):
		fmt.Fprint(p.Stdout, "Debian run-parts program, version "+p.M.P.Version("debianutils")+"\n"+
			"Copyright (C) 1994 Ian Jackson, Copyright (C) 1996 Jeff Noxon.\nCopyright (C) 1996,1997,1998,1999 Guy Maor\n"+
			"Copyright (C) 2002-2020 Clint Adams\nThis is free software; see the GNU General Public License version 2\n"+
			"or later for copying conditions.  There is NO warranty.\n")
		return 0
	case c.Has("test") && c.Has("list"):
		return usageFail("--list and --test can not be used together")
	case len(c.Operands) != 1:
		return usageFail("missing operand")
	}
	r := &runParts{p: p, dir: c.Operands[0], test: c.Has("test"), list: c.Has("list"), verbose: c.Has("v"),
		report: c.Has("report"), onError: c.Has("exit-on-error"), args: c.All("a"), umask: 0o022, valid: runPartsClassic.MatchString}
	if v, ok := c.Value("u"); ok {
		mask, err := strconv.ParseUint(v, 8, 32)
		if err != nil || mask > 0o777 {
			fmt.Fprintln(p.Stderr, "run-parts: bad umask value")
			return 1
		}
		r.umask = uint32(mask)
	}
	switch {
	case c.Has("regex"):
		pattern, _ := c.Value("regex")
		re, err := regexp.CompilePOSIX(pattern)
		if err != nil {
			fmt.Fprint(p.Stderr, "Unable to build regexp: Invalid regular expression")
			if v5 {
				fmt.Fprintln(p.Stderr)
			}
			return 1
		}
		r.valid = re.MatchString
	case c.Has("lsbsysinit"):
		r.valid = func(name string) bool {
			return (runPartsLSBHier.MatchString(name) || runPartsLSBTrad.MatchString(name)) && !runPartsLSBExcept.MatchString(name)
		}
	}
	entries, err := p.M.FS.ReadDir(p.Cred(), p.Abs(r.dir))
	if err != nil {
		fmt.Fprintf(p.Stderr, "run-parts: failed to open directory %s: %s\n", r.dir, p.Strerror(err))
		return 1
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Name)
	}
	slices.Sort(names) // scandir's alphasort in the C locale: byte order
	if c.Has("reverse") {
		slices.Reverse(names)
	}
	// --list and --test write through stdio: to a pipe or file their names
	// come out when run-parts ends, after any message on stderr.
	out := p.Stdout
	var held bytes.Buffer
	if (r.list || r.test) && !p.IsTerminal(p.Stdout) {
		out = &held
		defer func() { p.Stdout.Write(held.Bytes()) }()
	}
	status := 0
	for _, name := range names {
		if !r.valid(name) {
			continue
		}
		file := r.dir + "/" + name
		info, err := p.M.FS.Stat(p.Cred(), p.Abs(file))
		if err != nil {
			fmt.Fprintf(p.Stderr, "run-parts: failed to stat component %s: %s\n", file, p.Strerror(err))
			if status = 1; r.onError {
				return status
			}
			continue
		}
		if info.IsDir() {
			continue
		}
		executable := p.M.FS.Access(p.Cred(), p.Abs(file), 1) == nil
		switch {
		case r.list:
			fmt.Fprintln(out, file)
		case !executable:
		case r.test:
			fmt.Fprintln(out, file)
		default:
			if code := r.run(file); code != 0 {
				if status = 1; r.onError {
					return status
				}
			}
		}
	}
	return status
}

// run runs one program, as run-parts' child does, and reports how it ended.
func (r *runParts) run(file string) int {
	p := r.p
	argv := append([]string{file}, r.args...)
	if r.verbose {
		fmt.Fprintf(p.Stderr, "run-parts: executing %s\n", strings.Join(argv, " "))
	}
	stdout, stderr := p.Stdout, p.Stderr
	if r.report {
		// The program's name goes before its first output, once, on the
		// stream that output is on.
		var once sync.Once
		named := func(w io.Writer) io.Writer {
			return writerFunc(func(b []byte) (int, error) {
				once.Do(func() { fmt.Fprintf(w, "%s:\n", file) })
				return w.Write(b)
			})
		}
		stdout, stderr = named(p.Stdout), named(p.Stderr)
	}
	code, err := p.ExecFile(argv, stdout, stderr, r.umask)
	var ee *shell.ExecError
	if errors.As(err, &ee) {
		// The child that could not exec says so and exits 1.
		fmt.Fprintf(stderr, "run-parts: failed to exec %s: %s\n", file, p.Strerror(ee.Errno))
		code = 1
	}
	if code != 0 {
		fmt.Fprintf(p.Stderr, "run-parts: %s exited with return code %d\n", file, code)
	}
	return code
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(b []byte) (int, error) { return f(b) }
