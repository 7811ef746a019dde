package shell

import (
	"bufio"
	"context"
	"debug/elf"
	"fmt"
	"io"
	"os"
	"path"
	"strings"
	"time"

	"mvdan.cc/sh/v3/interp"

	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/personality"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

// Proc is one running emulated command: what its Run function sees of the host.
type Proc struct {
	Ctx    context.Context
	Argv   []string // Argv[0] as it was invoked: "rm" or "/bin/rm"
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Dir    string   // working directory
	Env    []string // KEY=value, exported variables only
	User   *machine.Account
	M      *machine.Machine
	PID    int
	// Umask is the file creation mask, as the shell that started it had it.
	Umask uint32
	// Ignored are the signals it ignores (bit n-1 for signal n), as the
	// shell that started it ignored them; the programs it starts inherit
	// them (nohup adds HUP, timeout resets those it catches).
	Ignored uint64

	sess *Session
	fds  *fdTable // the pipe descriptors it inherited (procsubst.go)
	// flavour is the shell's kind ("bash", "dash"...) when a builtin runs.
	flavour string
	limits  *limits // inherited from the shell that started it
}

// ShellFlavour is the kind of shell a builtin runs in ("bash", "dash", "ksh",
// "sh"); "" for a program.
func (p *Proc) ShellFlavour() string { return p.flavour }

// Name is the command's base name, as it prints in its own messages.
func (p *Proc) Name() string { return path.Base(p.Argv[0]) }

// Args are the arguments after the command name.
func (p *Proc) Args() []string { return p.Argv[1:] }

// Cred is the filesystem identity the command runs with: its user's, and
// its pid, which /proc/self names to it.
func (p *Proc) Cred() vfs.Cred {
	c := p.User.Cred()
	c.PID = p.PID
	return c
}

// Abs resolves name against the working directory. An empty name stays
// empty: the kernel answers ENOENT for it, whatever the directory.
func (p *Proc) Abs(name string) string {
	if name == "" {
		return ""
	}
	if path.IsAbs(name) {
		return path.Clean(name)
	}
	return path.Join(p.Dir, name)
}

// Getenv returns the value of an exported variable.
func (p *Proc) Getenv(key string) string {
	for i := len(p.Env) - 1; i >= 0; i-- {
		if k, v, ok := strings.Cut(p.Env[i], "="); ok && k == key {
			return v
		}
	}
	return ""
}

// LookupEnv returns an exported variable's value and whether it is set.
func (p *Proc) LookupEnv(key string) (string, bool) {
	for i := len(p.Env) - 1; i >= 0; i-- {
		if k, v, ok := strings.Cut(p.Env[i], "="); ok && k == key {
			return v, true
		}
	}
	return "", false
}

// TTY reports whether the session has a terminal.
func (p *Proc) TTY() bool { return p.sess.opts.TTY }

// Solaris reports whether the host answers in Solaris forms.
func (p *Proc) Solaris() bool { return p.M.P.Userland == "solaris" }

// Errorf prints "name: message" on stderr, the way tools report a problem,
// name being Prog's.
func (p *Proc) Errorf(format string, args ...any) {
	fmt.Fprintf(p.Stderr, "%s: %s\n", p.Prog(), fmt.Sprintf(format, args...))
}

// Fail prints like Errorf and returns code, for `return p.Fail(1, ...)`.
func (p *Proc) Fail(code int, format string, args ...any) int {
	p.Errorf(format, args...)
	return code
}

// Printf writes to stdout.
func (p *Proc) Printf(format string, args ...any) {
	fmt.Fprintf(p.Stdout, format, args...)
}

// ReadLine reads one answer from stdin, as a prompt does: it returns at a newline,
// at EOF (io.EOF with what was read) or when the command is cancelled.
func (p *Proc) ReadLine() (string, error) { return readLine(p.Stdin) }

// readLine reads up to a newline one byte at a time, so nothing past the line is
// taken from a stdin the next command shares.
func readLine(r io.Reader) (string, error) {
	var b strings.Builder
	buf := make([]byte, 1)
	for {
		n, err := r.Read(buf)
		if n > 0 {
			if buf[0] == '\n' {
				return b.String(), nil
			}
			b.WriteByte(buf[0])
		}
		if err != nil {
			return b.String(), err
		}
	}
}

// Confirm prints prompt on stderr and reads a yes/no answer the way coreutils does:
// yes only when the answer starts with y or Y.
func (p *Proc) Confirm(prompt string) bool {
	io.WriteString(p.Stderr, prompt)
	line, _ := p.ReadLine()
	line = strings.TrimSpace(line)
	return strings.HasPrefix(line, "y") || strings.HasPrefix(line, "Y")
}

// Lines reads stdin (or the named files) line by line, for filters.
func (p *Proc) Lines(r io.Reader, fn func(line string) bool) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	for sc.Scan() {
		if !fn(sc.Text()) {
			return nil
		}
	}
	return sc.Err()
}

// Sleep waits d or until the command is cancelled; it reports whether it slept fully.
func (p *Proc) Sleep(d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-p.Ctx.Done():
		return false
	}
}

// PAMSession is what opening a PAM session of service prints on this host (the
// sudo lastlog banner of the 004 escalation), "" when nothing.
func (p *Proc) PAMSession(service string, shell bool) string {
	if hook := p.sess.opts.Hooks.PAM; hook != nil {
		return hook(service, p.User.Name, shell)
	}
	return ""
}

// Exec runs argv as account, the way execve does: no shell, no aliases, PATH from
// env. sudo, xargs and env use it. It returns the exit status, and an *ExecError
// when the program could not be started, which the caller words its own way
// ("sudo: foo: command not found").
func (p *Proc) Exec(account *machine.Account, env []string, argv []string, stdin io.Reader, stdout, stderr io.Writer) (int, error) {
	code, err := p.sess.execArgv(p.Ctx, &execRequest{
		account: account, env: env, argv: argv, dir: p.Dir,
		stdin: stdin, stdout: stdout, stderr: stderr, ppid: p.PID, fds: p.fds, umask: p.Umask, limits: p.limits,
		ignored: p.Ignored,
	})
	if err != nil {
		return code, err
	}
	return code, nil
}

// ExecFile runs the program at path with argv as execv(2) does for p's user:
// a file that is neither a binary nor a #! script is ENOEXEC, not run by a
// shell as execvp and the shells do. The child gets umask, as a program that
// set its own before forking gives it (run-parts).
func (p *Proc) ExecFile(argv []string, stdout, stderr io.Writer, umask uint32) (int, error) {
	req := execRequest{
		account: p.User, env: p.Env, argv: argv, dir: p.Dir,
		stdin: p.Stdin, stdout: stdout, stderr: stderr, ppid: p.PID, fds: p.fds, umask: umask, limits: p.limits,
		ignored: p.Ignored, noShellFallback: true,
	}
	code, err := p.sess.execPath(p.Ctx, req, absJoin(p.Dir, argv[0]))
	if err != nil {
		return code, err
	}
	return code, nil
}

// ShellRun is a shell a program starts: sh -c, bash FILE, su -c, sudo -s.
type ShellRun struct {
	Account *machine.Account
	Env     []string
	// Dir is where it starts; "" is the program's own directory.
	Dir string
	// File is the script file it runs (bash FILE), the path bash's call
	// stack names for its main frame; "" for -c text.
	File   string
	Script string
	// Args are $0 and the positional parameters.
	Args []string
	// Login makes it a login shell (bash -l, su -, sudo -i): it reads the
	// profile files first, and bash's shopt says login_shell.
	Login bool
	// InPlace runs it in the program's own process, as the shell programs
	// (bash, sh) are that shell: one pid, whose signals it ignores.
	InPlace bool
	// NoProfile (bash --noprofile) skips the profile files of a login
	// shell, which is a login shell still.
	NoProfile bool
	// FromStdin makes bash read its commands from its stdin as bash does:
	// a line at a time, each command run before the next line is read, so
	// the commands read the rest (Script is then unused).
	FromStdin bool
}

// RunShell runs r in a new shell process, a child of p, with p's streams.
func (p *Proc) RunShell(r ShellRun) int {
	dir := r.Dir
	if dir == "" {
		dir = p.Dir
	}
	req := execRequest{account: r.Account, env: r.Env, dir: dir, ppid: p.PID, fds: p.fds, umask: p.Umask, ignored: p.Ignored,
		limits: p.limits, stdin: p.Stdin, stdout: p.Stdout, stderr: p.Stderr, scriptFile: r.File, login: r.Login, noProfile: r.NoProfile,
		fromStdin: r.FromStdin}
	if r.InPlace {
		req.inPlace = p.PID
	}
	return p.sess.subshell(p.Ctx, req, r.Script, r.Args)
}

// ctxReader makes reads from a pipe end when the command is cancelled: the
// pipe's read deadline is moved to now, and put back after, so the next command
// can still read the rest of stdin.
type ctxReader struct {
	ctx context.Context
	f   interp.PipeReader
}

func (r ctxReader) Read(b []byte) (int, error) { return deadlineRead(r.ctx, r.f, b) }

// WriteTo lets io.Copy from a command's stdin (cat, tee) read in a buffer that
// grows with the stream instead of holding 32 KiB while it waits.
func (r ctxReader) WriteTo(w io.Writer) (int64, error) {
	return copyGrowing(w, r)
}

// stdinFor is what a command reads when the shell gives it in: the session's
// stdin for noStdin, and reads that end with ctx for an OS pipe.
func (s *Session) stdinFor(ctx context.Context, in io.Reader) io.Reader {
	switch f := in.(type) {
	case nil:
		return strings.NewReader("")
	case sessionStdin:
		return sessionStdin{ctx: ctx, s: f.s}
	case *os.File:
		return ctxReader{ctx: ctx, f: f}
	case *pipeEnd:
		if f == noStdin {
			return sessionStdin{ctx: ctx, s: s}
		}
		if f == s.pipe() {
			return sessionStdin{ctx: ctx, s: s} // the same pipe, its reads counted as waits for input
		}
		return descriptorReader{ctx: ctx, end: f} // a pipeline's, a >(list)'s stdin
	default:
		return in
	}
}

// Libc is the C library the host's loader offers, after any fault that makes it
// older: what getconf, ldd and pvs -d report and what binaries are checked against.
func (p *Proc) Libc() personality.Libc {
	libc, _ := p.loader()
	return libc
}

// Machines are the ELF machines the host runs, after any fault.
func (p *Proc) Machines() []elf.Machine {
	_, machines := p.loader()
	return machines
}

func (p *Proc) loader() (personality.Libc, []elf.Machine) {
	libc, machines := p.M.P.Libc, p.M.P.Machines
	if hook := p.sess.opts.Hooks.Loader; hook != nil {
		libc, machines = hook(libc, machines)
	}
	return libc, machines
}
