package shell

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"path"
	"strings"
	"syscall"
	"time"

	"github.com/hostile-lab/hostile/simhost/events"
	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/vfs"
	"mvdan.cc/sh/v3/interp"
)

// execRequest is an execve on the host: who, what, where, with which streams.
type execRequest struct {
	account        *machine.Account
	env            []string
	argv           []string
	dir            string
	stdin          io.Reader
	stdout, stderr io.Writer
	ppid           int
	fds            *fdTable // the pipe descriptors the program inherits
	umask          uint32   // the file creation mask the program inherits
	ignored        uint64   // the signals it inherits ignored (SigIgn's bits)
	limits         *limits  // the resource limits it inherits; the session's start when nil
	exe            string   // the program's file, once found
	// inPlace is the pid of the shell that execs the program in its own
	// place (bash -c's last command): the program takes that pid.
	inPlace int
	// scriptFile is the path of the script file a shell runs, its
	// ${BASH_SOURCE[0]}; "" for a -c string.
	scriptFile string
	// login makes the shell a login shell: it reads the profile files,
	// unless noProfile (bash --noprofile), and bash's shopt says so.
	login, noProfile bool
	// fromStdin: the shell reads its commands from stdin, line by line
	// (ShellRun.FromStdin).
	fromStdin bool
	// killed, when set, learns the signal that ended the program's process
	// and its pid, when it had a process of its own (not the shell's).
	killed *interp.KilledBy
	// pathVar is the PATH argv[0] is searched on when not the environment's
	// (command -p); pinned the file bash's hash -p gave it, not searched.
	pathVar, pinned string
	// noShellFallback makes a file that is neither a binary nor a #!
	// script fail with ENOEXEC, as execv does, instead of running in a
	// shell as the shells and execvp do.
	noShellFallback bool
}

// ExecError is why a program could not be started, as execve would fail.
type ExecError struct {
	Name        string // as given: "rm", "./x", "/tmp/hello"
	Path        string // resolved path, when there was one
	Errno       syscall.Errno
	Interpreter string // a script's #! interpreter that could not be run
	// Package is set when the program is not emulated but the real host has it
	// (Path is then its path there).
	Package string
	// Fork is set when the process could not be made at all (the user's
	// process limit): the shell has said so, and gives up on the line.
	Fork bool
}

func (e *ExecError) Error() string {
	return fmt.Sprintf("%s: %s", e.Name, linuxErrors[e.Errno])
}

// execArgv finds argv[0] and runs it. It returns an ExecError when the program
// could not be started; the caller words it in its own way.
func (s *Session) execArgv(ctx context.Context, req *execRequest) (int, *ExecError) {
	if code, handled, err := s.intercept(ctx, req); handled {
		return code, err
	}
	name := req.argv[0]
	var p string
	pathVar := envValue(req.env, "PATH")
	if req.pathVar != "" {
		pathVar = req.pathVar
	}
	switch {
	case req.pinned != "":
		p = absJoin(req.dir, req.pinned)
	case strings.Contains(name, "/"):
		p = absJoin(req.dir, name)
	default:
		found, ok := s.lookPath(req.account.Cred(), pathVar, req.dir, name)
		if !ok {
			s.record(*req, events.NotFound, 127, 0)
			err := &ExecError{Name: name, Errno: syscall.ENOENT}
			s.notEmulated(*req, err)
			return 127, err
		}
		p = found
	}
	return s.execPath(ctx, *req, p)
}

// lookPath searches PATH on the host's filesystem for an executable file. A
// name with a slash is that file, named as given (bash's and dash's
// `command -v /usr/bin/python3`).
func (s *Session) lookPath(cred vfs.Cred, pathVar, dir, name string) (string, bool) {
	if strings.Contains(name, "/") {
		p := absJoin(dir, name)
		info, err := s.m.FS.Stat(cred, p)
		return name, err == nil && info.Mode.IsRegular() && s.m.FS.Access(cred, p, 1) == nil
	}
	for _, d := range strings.Split(pathVar, ":") {
		if d == "" {
			d = "."
		}
		p := absJoin(dir, path.Join(d, name))
		info, err := s.m.FS.Stat(cred, p)
		if err != nil || !info.Mode.IsRegular() {
			continue
		}
		if s.m.FS.Access(cred, p, 1) == nil {
			return path.Join(d, name), true
		}
	}
	return "", false
}

func envValue(env []string, key string) string {
	for i := len(env) - 1; i >= 0; i-- {
		if k, v, ok := strings.Cut(env[i], "="); ok && k == key {
			return v
		}
	}
	return ""
}

// execPath runs the file at p: an emulated command, an ELF binary the loader
// checks, or a script.
func (s *Session) execPath(ctx context.Context, req execRequest, p string) (int, *ExecError) {
	cred := req.account.Cred()
	fail := func(errno syscall.Errno) (int, *ExecError) {
		code := 126
		if errno == syscall.ENOENT {
			code = 127
		}
		return code, &ExecError{Name: req.argv[0], Path: p, Errno: errno}
	}
	info, err := s.m.FS.Stat(cred, p)
	if err != nil {
		return fail(errnoOf(err))
	}
	if info.Mode.IsDir() {
		return fail(syscall.EISDIR)
	}
	if err := s.m.FS.Access(cred, p, 1); err != nil {
		return fail(syscall.EACCES)
	}
	if omitted := s.m.FS.Omitted(p); omitted || systemProgram(p) && s.m.FS.FromImage(p) {
		// A program of the installed system: the emulation of the name it
		// is called by (pvs through its link to lvm, which through its
		// alternative to the debianutils script), or, where there is none,
		// its captured script run as a real host runs it (service), or, for
		// a file whose content was never captured, not found as the host
		// says of what it does not emulate.
		if cmd, ok := Lookup(path.Base(p), s.m.P.Userland); ok {
			req.exe = s.realpath(p) // /proc/PID/exe: /usr/bin/readlink, not the shell
			return s.runCommand(ctx, req, cmd.Run)
		}
		if omitted {
			s.record(req, events.NotFound, 127, 0)
			code, err := fail(syscall.ENOENT)
			s.notEmulated(req, err)
			return code, err
		}
	}
	content, err := s.m.FS.ReadFile(vfs.Root, p) // the kernel maps it whatever its r bit
	if err != nil {
		return fail(errnoOf(err))
	}
	switch {
	case bytes.HasPrefix(content, []byte(emulatedMagic)):
		name, _ := EmulatedName(content)
		cmd, ok := Lookup(name, s.m.P.Userland)
		if !ok {
			return fail(syscall.ENOEXEC)
		}
		req.exe = s.realpath(p)
		return s.runCommand(ctx, req, cmd.Run)
	case bytes.HasPrefix(content, []byte("\x7fELF")):
		return s.runELF(ctx, req, p, content)
	case bytes.HasPrefix(content, []byte("#!")):
		return s.runScript(ctx, req, p, content)
	case req.noShellFallback:
		return fail(syscall.ENOEXEC)
	default:
		// A text file without #! is run by the shell itself, as bash and sh do.
		return s.runShellScript(ctx, req, p, content), nil
	}
}

// systemProgram reports whether p, as a program was called, names a file in
// a directory of the system's programs, where an emulation stands in for the
// program of that name (not /etc/init.d/ssh, whose name is the ssh client's).
func systemProgram(p string) bool {
	switch path.Dir(p) {
	case "/bin", "/sbin", "/usr/bin", "/usr/sbin":
		return true
	}
	return false
}

// runScript starts a #! script's interpreter.
func (s *Session) runScript(ctx context.Context, req execRequest, p string, content []byte) (int, *ExecError) {
	// Linux's binfmt_script: spaces and tabs around the interpreter and its
	// one argument are dropped, nothing else - a CR a Windows editor left
	// is part of the name, which then is not found.
	first, _, _ := bytes.Cut(content[2:], []byte("\n"))
	line := strings.Trim(string(first), " \t")
	if line == "" {
		return s.runShellScript(ctx, req, p, content), nil
	}
	interpreter, arg, _ := strings.Cut(line, " ")
	if i := strings.IndexByte(interpreter, '\t'); i >= 0 {
		interpreter, arg = interpreter[:i], interpreter[i+1:]+" "+arg
	}
	fields := []string{interpreter}
	if arg = strings.Trim(arg, " \t"); arg != "" {
		fields = append(fields, arg)
	}
	info, err := s.m.FS.Stat(req.account.Cred(), interpreter)
	if err != nil || info.Mode.IsDir() {
		// execve's ENOENT, which callers take for "not found" (127)
		return 127, &ExecError{Name: req.argv[0], Path: p, Errno: syscall.ENOENT, Interpreter: interpreter}
	}

	// The kernel hands the interpreter the path execve was given: the name
	// as typed when it has a '/', else where the PATH search found it.
	script := p
	if strings.Contains(req.argv[0], "/") {
		script = req.argv[0]
	}
	argv := append(fields, append([]string{script}, req.argv[1:]...)...)
	sub := req
	sub.argv = argv
	return s.execPath(ctx, sub, interpreter)
}

// runShellScript runs a script file in a new shell, $0 being its name.
func (s *Session) runShellScript(ctx context.Context, req execRequest, p string, content []byte) int {
	args := append([]string{req.argv[0]}, req.argv[1:]...)
	req.scriptFile = req.argv[0]
	return s.subshell(ctx, req, string(content), args)
}

// runCommand runs an emulated command as a process of the host, recording it.
func (s *Session) runCommand(ctx context.Context, req execRequest, run func(*Proc) int) (int, *ExecError) {
	p, finish, err := s.start(ctx, req)
	if err != nil {
		return 1, forkFailure(&req)
	}
	// A write that waits for room in a pipe ends when the program is killed.
	p.Stdout, p.Stderr = writerFor(p.Ctx, p.Stdout), writerFor(p.Ctx, p.Stderr)
	out := trackStdout(p)
	code := out.closeStdout(p, s.survive(p, run), func(msg string) { p.Errorf("%s", msg) })
	return finish(code, true), nil
}

// start makes the process for req: in the process table, held to the user's
// process limit, cancellable by kill. finish ends it and returns its exit
// status (128+signal when killed); record puts it in the event log.
func (s *Session) start(ctx context.Context, req execRequest) (*Proc, func(code int, record bool) int, error) {
	cctx, cancel := context.WithCancelCause(ctx)
	tty := "?"
	if s.opts.TTY {
		tty = "pts/0"
	}
	signal := func(sig int) { cancel(signalError(sig)) }
	var entry *machine.Proc
	// The starting shell's working directory as it is now, for its
	// /proc/PID/cwd: the parent's, or its own when the program replaces it.
	if req.inPlace != 0 {
		s.m.Procs.SetCwd(req.inPlace, req.dir)
	} else {
		s.m.Procs.SetCwd(req.ppid, req.dir)
	}
	if req.inPlace != 0 {
		replaced := signal
		f, forked := ctx.Value(forkedShellKey{}).(*forkedShell)
		forked = forked && f.pid == req.inPlace
		if forked {
			replaced = func(sig int) { // a job's program: wait tells how it died
				f.killedBy.Store(int32(sig))
				signal(sig)
			}
		}
		if e, ok := s.m.Procs.Exec(req.inPlace, req.argv, req.exe, req.umask, req.ignored, replaced); ok {
			entry = e
			if forked && f.killedBy.Load() != 0 {
				// Killed since the fork, while an intercept hook held the
				// process (its start and finish come first): not lost.
				signal(int(f.killedBy.Load()))
			}
		}
	}
	inPlace := entry != nil
	if !inPlace {
		var err error
		entry, err = s.fork(ctx, req, tty, signal)
		if err != nil {
			cancel(nil)
			return nil, nil, err
		}
	}
	if f := forkedShellOf(ctx); f != nil {
		f.settle() // the job's program runs: its parent may go on
	}
	pid := entry.PID
	p := &Proc{
		Ctx: cctx, Argv: req.argv, Stdin: s.stdinFor(cctx, req.stdin),
		Stdout: orDiscard(req.stdout), Stderr: orDiscard(req.stderr),
		Dir: req.dir, Env: req.env, User: req.account, M: s.m, PID: pid, Umask: req.umask, Ignored: req.ignored, limits: req.limits, sess: s, fds: req.fds,
	}
	begin := time.Now()
	return p, func(code int, record bool) int {
		switch cause := context.Cause(cctx).(type) {
		case signalError: // killed
			code = 128 + int(cause)
			if req.killed != nil && !inPlace {
				*req.killed = interp.KilledBy{Signal: int(cause), PID: pid}
			}
		case interp.ExitStatus:
			// Its shell was killed before it started (forkSubshell), as a
			// job's program is when kill follows `&` at once: the program
			// runs in that process, so it ends as the kill ended it.
			code = int(cause)
		}
		cancel(nil)
		if !inPlace {
			s.m.Procs.Exit(pid) // one in the shell's place ends with the shell
		}
		if record {
			s.record(req, events.Command, code, time.Since(begin))
		}
		return code
	}, nil
}

// intercept gives the session's hook the first word on a program about to run:
// it may answer in its place, or change the streams the program gets.
func (s *Session) intercept(ctx context.Context, req *execRequest) (code int, handled bool, failed *ExecError) {
	hook := s.opts.Hooks.Intercept
	if hook == nil {
		return 0, false, nil
	}
	p, finish, err := s.start(ctx, *req)
	if err != nil {
		return 1, true, forkFailure(req)
	}
	handled, code = hook(p)
	if !handled {
		finish(0, false)
		req.stdout, req.stderr = p.Stdout, p.Stderr // stdin stays: p's reader ends with p
		return 0, false, nil
	}
	return finish(code, true), true, nil
}

// forkFailure is the ExecError of a program that could not be forked: past
// the user's process limit, or cancelled while bash waited to retry.
func forkFailure(req *execRequest) *ExecError {
	return &ExecError{Name: req.argv[0], Errno: syscall.EAGAIN, Fork: true}
}

// signalError is the cause of a command's cancellation by kill.
type signalError int

func (e signalError) Error() string { return fmt.Sprintf("killed by signal %d", int(e)) }

func orDiscard(w io.Writer) io.Writer {
	if w == nil {
		return io.Discard
	}
	return w
}

func (s *Session) record(req execRequest, kind events.Kind, code int, d time.Duration) {
	s.m.Log.Add(events.Event{
		Kind: kind, Conn: s.opts.Conn, Session: s.opts.ID, User: req.account.Name,
		Channel: s.opts.Channel, Argv: append([]string(nil), req.argv...), Exit: code, Duration: d,
	})
}
