package text

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"sync"

	"github.com/benhoyt/goawk/interp"
	"github.com/benhoyt/goawk/lexer"
	"github.com/benhoyt/goawk/parser"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
)

// awk is Debian's mawk on the goawk interpreter (patched so that every file and
// command goes through awkHost). Scripts see mawk's version, usage and messages.
func init() {
	shell.Register(shell.Command{Name: "awk", Only: "gnu", ShortName: true, Run: awkCmd})
	shell.Register(shell.Command{Name: "mawk", Only: "gnu", ShortName: true, Run: awkCmd})
}

// awkVersion is mawk's -W version text on Debian 12 and 11 (mawk 1.3.4
// 20200120): the version on stdout, its build's limits on stderr.
const awkVersion = `mawk 1.3.4 20200120
Copyright 2008-2019,2020, Thomas E. Dickey
Copyright 1991-1996,2014, Michael D. Brennan

`

const awkLimits = `random-funcs:       srandom/random
regex-funcs:        internal
compiled limits:
sprintf buffer      8192
maximum-integer     2147483647
`

const awkUsage = `Usage: mawk [Options] [Program] [file ...]

Program:
    The -f option value is the name of a file containing program text.
    If no -f option is given, a "--" ends option processing; the following
    parameters are the program text.

Options:
    -f program-file  Program  text is read from file instead of from the
                     command-line.  Multiple -f options are accepted.
    -F value         sets the field separator, FS, to value.
    -v var=value     assigns value to program variable var.
    --               unambiguous end of options.

    Implementation-specific options are prefixed with "-W".  They can be
    abbreviated:

    -W version       show version information and exit.
    -W dump          show assembler-like listing of program and exit.
    -W help          show this message and exit.
    -W interactive   set unbuffered output, line-buffered input.
    -W exec file     use file as program as well as last option.
    -W random=number set initial random seed.
    -W sprintf=number adjust size of sprintf buffer.
    -W posix_space   do not consider "\n" a space.
    -W usage         show this message and exit.
`

// awkArgs is mawk's command line: its own parser, not getopt (options end at
// the program text; -W takes words).
type awkArgs struct {
	progFiles []string
	fs        *string
	vars      []string
	program   string
	operands  []string
}

// awkIsMawk reports whether the host's awk is mawk (Debian's); RHEL's is gawk,
// whose dialect and messages the host does not emulate.
func awkIsMawk(p *shell.Proc) bool {
	return progkit.ToolVersion(p, "mawk", map[string]string{"debian12": "1.3.4", "debian11": "1.3.4"}) != ""
}

func awkCmd(p *shell.Proc) int {
	args := p.Args()
	if !awkIsMawk(p) {
		// The program still runs (POSIX awk is common ground), but gawk's
		// extensions and wording are not here: say so.
		p.NotEmulated("gawk (this host's awk); the simulated host runs mawk's dialect")
	}
	if len(args) == 0 {
		fmt.Fprint(p.Stderr, awkUsage)
		return 0
	}
	var a awkArgs
	i := 0
	// value takes an option's argument, attached (-F:) or the next word.
	value := func(arg string) (string, bool) {
		if len(arg) > 2 {
			return arg[2:], true
		}
		if i+1 < len(args) {
			i++
			return args[i], true
		}
		return "", false
	}
options:
	for ; i < len(args); i++ {
		arg := args[i]
		if arg == "--" {
			i++
			break
		}
		if len(arg) < 2 || arg[0] != '-' {
			break
		}
		switch arg[1] {
		case 'f', 'F', 'v', 'W':
			v, ok := value(arg)
			if !ok {
				return p.Fail(2, "option %s lacks argument", arg[:2])
			}
			switch arg[1] {
			case 'f':
				a.progFiles = append(a.progFiles, v)
			case 'F':
				fs := awkUnescape(v)
				a.fs = &fs
			case 'v':
				name, val, ok := strings.Cut(v, "=")
				if !ok {
					return p.Fail(2, "improper assignment: -v %s", v)
				}
				a.vars = append(a.vars, name, awkUnescape(val))
			case 'W':
				word, _, _ := strings.Cut(v, "=")
				switch {
				case word != "" && strings.HasPrefix("version", word):
					fmt.Fprint(p.Stdout, awkVersion)
					fmt.Fprint(p.Stderr, awkLimits)
					return 0
				case word != "" && (strings.HasPrefix("usage", word) || strings.HasPrefix("help", word)):
					fmt.Fprint(p.Stdout, awkUsage)
					return 0
				case word != "" && strings.HasPrefix("exec", word):
					if i+1 >= len(args) {
						return p.Fail(2, "option -W exec lacks argument")
					}
					i++
					a.progFiles = append(a.progFiles, args[i])
					i++
					break options
				case word != "" && strings.HasPrefix("dump", word):
					p.NotEmulated("option -W dump")
					return p.Fail(2, "option -W dump is not emulated by the simulated host")
				case word != "" && (strings.HasPrefix("interactive", word) || strings.HasPrefix("posix_space", word) ||
					strings.HasPrefix("random", word) || strings.HasPrefix("sprintf", word)):
				default:
					p.Errorf("vacuous option: -W %s", v)
				}
			}
		default:
			return p.Fail(2, "not an option: %s", arg)
		}
	}
	rest := args[i:]
	if len(a.progFiles) == 0 {
		if len(rest) == 0 {
			fmt.Fprint(p.Stderr, awkUsage)
			return 2
		}
		a.program, rest = rest[0], rest[1:]
	} else {
		var text strings.Builder
		for _, f := range a.progFiles {
			data, err := progkit.ReadAll(p, f)
			if err != nil {
				return p.Fail(2, "couldn't open file %s", f)
			}
			text.Write(data)
			text.WriteByte('\n')
		}
		a.program = text.String()
	}
	a.operands = rest
	return awkRun(p, a)
}

// awkUnescape turns the escapes of a -v or -F value into characters, as mawk does.
func awkUnescape(s string) string {
	if u, err := lexer.Unescape(s); err == nil {
		return u
	}
	return s
}

func awkRun(p *shell.Proc, a awkArgs) int {
	prog, err := parser.ParseProgram([]byte(a.program), nil)
	if err != nil {
		var pe *parser.ParseError
		if errors.As(err, &pe) {
			return p.Fail(2, "%s", awkSyntaxError(a.program, pe))
		}
		return p.Fail(2, "%s", err)
	}
	out := &awkOutput{w: bufio.NewWriter(p.Stdout)}
	host := &awkHost{p: p, stdout: out}
	var environ []string
	for _, kv := range p.Env {
		k, v, _ := strings.Cut(kv, "=")
		environ = append(environ, k, v)
	}
	vars := a.vars
	if a.fs != nil {
		vars = append(vars, "FS", *a.fs)
	}
	config := &interp.Config{
		Stdin: p.Stdin, Output: out, Error: p.Stderr, Argv0: p.Name(),
		Args: a.operands, Vars: vars, Environ: append([]string{}, environ...),
		Host:         host,
		NoExec:       true, // belt and braces: Host answers first, these refuse what it misses
		NoFileReads:  true,
		NoFileWrites: true,
	}
	runner, err := interp.New(prog)
	if err != nil {
		return p.Fail(2, "%s", err)
	}
	// With the command's context, a killed or timed-out awk stops its loops.
	code, err := runner.ExecuteContext(p.Ctx, config)
	out.Flush()
	if p.Ctx.Err() != nil {
		return code
	}
	if err != nil {
		switch {
		case host.fatal != "":
			p.Errorf("%s", host.fatal)
		default:
			var pe *fs.PathError
			if errors.As(err, &pe) {
				p.Errorf("cannot open %s (%s)", pe.Path, p.Strerror(pe.Err))
			} else {
				p.Errorf("run time error: %s", err)
			}
		}
		return 2
	}
	return code
}

// awkOutput is awk's stdout, shared with the commands it runs (system, pipes),
// which write to it from their own goroutines.
type awkOutput struct {
	mu sync.Mutex
	w  *bufio.Writer
}

func (o *awkOutput) Write(b []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.w.Write(b)
}

func (o *awkOutput) Flush() error {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.w.Flush()
}

// awkHost is the simulated host as goawk sees it: files are the host's, commands
// run in the host's shell as the user, nothing reaches the real machine.
type awkHost struct {
	p      *shell.Proc
	stdout *awkOutput
	fatal  string // mawk's message for an error that ends the program
}

// awkOpenError is an input file that could not be opened, as goawk expects it
// (getline then returns -1).
func awkOpenError(name string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return &fs.PathError{Op: "open", Path: name, Err: err}
}

func (h *awkHost) Open(name string) (io.ReadCloser, error) {
	if name == "-" {
		return io.NopCloser(h.p.Stdin), nil
	}
	if dev, ok := progkit.HostDevice(h.p, h.p.Abs(name)); ok {
		return dev, nil
	}
	f, err := h.p.M.FS.OpenFile(h.p.Cred(), h.p.Abs(name), os.O_RDONLY, 0)
	if err != nil {
		return nil, awkOpenError(name, err)
	}
	if info, err := f.Stat(); err == nil && info.Mode.IsDir() {
		f.Close()
		h.fatal = "read error (Is a directory)"
		return nil, awkOpenError(name, progkit.ErrIsDir)
	}
	return f, nil
}

func (h *awkHost) Create(name string, append bool) (io.WriteCloser, error) {
	switch name {
	case "/dev/stdout", "-":
		return nopWriteCloser{h.stdout}, nil // through awk's buffer, in order with print
	}
	if dev, ok := progkit.HostDevice(h.p, h.p.Abs(name)); ok {
		return dev, nil
	}
	flag := os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	if append {
		flag = os.O_WRONLY | os.O_CREATE | os.O_APPEND
	}
	f, err := h.p.M.FS.OpenFile(h.p.Cred(), h.p.Abs(name), flag, 0o666&^fs.FileMode(h.p.Umask))
	if err != nil {
		h.fatal = fmt.Sprintf("cannot open \"%s\" for output (%s)", name, h.p.Strerror(err))
		return nil, err
	}
	return f, nil
}

// Run runs a command line as mawk does, as the same user: /bin/sh -c, named
// "sh" for system() and "/bin/sh" for pipes (so their messages differ).
func (h *awkHost) Run(cmdline string, pipe bool, stdin io.Reader, stdout, stderr io.Writer) int {
	argv0 := "sh"
	if pipe {
		argv0 = "/bin/sh"
	}
	code, err := h.p.Exec(h.p.User, h.p.Env, []string{argv0, "-c", cmdline}, stdin, stdout, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %s\n", h.p.Name(), err)
	}
	return code
}

type nopWriteCloser struct{ io.Writer }

func (nopWriteCloser) Close() error { return nil }
