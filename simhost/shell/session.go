// Package shell runs shell text on the simulated host. mvdan.cc/sh parses and
// interprets it; every command, redirect, glob and stat goes to Go handlers over
// the host's own filesystem and emulated commands, so nothing real ever runs.
package shell

import (
	"context"
	"debug/elf"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
	"sync"
	"sync/atomic"

	"mvdan.cc/sh/v3/interp"
	"mvdan.cc/sh/v3/syntax"

	"github.com/hostile-lab/hostile/internal/syncbuf"
	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/personality"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

// Options describe the session a shell serves, as sshd would set it up.
type Options struct {
	User *machine.Account
	// Env are variables the client asked for and sshd accepted (LANG, LC_*), and
	// any the caller adds; sshd's own (USER, HOME, PATH, SSH_*) are set by the shell.
	Env []string
	// Channel is "exec", "shell" or "subsystem": it decides which rc files run.
	Channel string
	TTY     bool
	Term    string
	// Terminal is the PTY's line discipline, nil without a PTY.
	Terminal Terminal
	// Agent opens a channel to the client's forwarded agent (ssh -A), nil
	// when the client forwards none; SSH_AUTH_SOCK is then in Env.
	Agent func() (io.ReadWriteCloser, error)
	// Remote and Local are "ip port" as SSH_CLIENT gives them.
	Remote, Local string
	Conn, ID      uint64 // connection and session numbers for the event log
	Stdin         io.Reader
	Stdout        io.Writer
	Stderr        io.Writer
	// Hooks let the host's faults reach into the session; all may be nil.
	Hooks Hooks
	// SSHD is the connection's sshd processes, shared by its sessions; nil
	// gives the session processes of its own.
	SSHD *SSHD
}

// Hooks are where faults change what a session's shell and programs do.
type Hooks struct {
	// Intercept runs before every program; it may answer in its place (handled),
	// or swap the Proc's streams and let the program run.
	Intercept func(p *Proc) (handled bool, code int)
	// Line runs before the shell parses a command line the client sent (an
	// exec request's, or one typed at the prompt); it may answer for the whole
	// line. p is the shell running it: argv is [shell -c line].
	Line func(p *Proc, line string) (handled bool, code int)
	// RC is shell text run after the user's rc files, as if they held it.
	RC func(flavour string, login bool) string
	// PAM is what a PAM session prints when service ("sudo", "su") opens one.
	PAM func(service, user string, shell bool) string
	// Loader adjusts the libc and machines the dynamic loader accepts.
	Loader func(personality.Libc, []elf.Machine) (personality.Libc, []elf.Machine)
}

// Session is one SSH session's login shell.
type Session struct {
	m    *machine.Machine
	opts Options

	in             *input // the session's stdin until it needs a pipe (see stdin.go)
	stdinMu        sync.Mutex
	stdinR, stdinW *pipeEnd // the pipe, once the shell itself reads stdin
	closed         bool

	main      *shellProc
	sshd      []int // sshd's processes serving the session, the shell's parent last
	ownsSSHD  bool  // the session started them (no Options.SSHD), and ends them
	closeOnce sync.Once
}

// NewSession starts the session's shell process; Close it when the channel ends.
// Stdin is read only while a program waits for it; a read in flight ends when
// Stdin returns (closing the channel does that).
func NewSession(m *machine.Machine, opts Options) (*Session, error) {
	if opts.User == nil {
		return nil, fmt.Errorf("shell: a session needs a user")
	}
	if opts.Stdout == nil {
		opts.Stdout = io.Discard
	}
	if opts.Stderr == nil {
		opts.Stderr = io.Discard
	}
	s := &Session{m: m, opts: opts, in: newInput(opts.Stdin)}
	if opts.SSHD != nil {
		s.sshd = opts.SSHD.join(s)
	}
	if s.sshd == nil {
		s.sshd, s.ownsSSHD = s.startSSHD(opts.User), true
	}
	var err error
	shellSession := opts.Channel == "shell" // sshd starts "-bash": a login shell, read as interactive
	s.main, err = s.newShell(opts.User, s.loginEnv(opts.User), s.home(opts.User), loginUmask, s.sshd[len(s.sshd)-1], shellStart{interactive: shellSession, login: shellSession}, opts.Stdout, opts.Stderr, noStdin, nil)
	if err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// Close releases the session's pipe, if it has one. A read of Stdin in flight
// ends once the caller's Stdin returns (closing the SSH channel does that).
func (s *Session) Close() error {
	s.closeOnce.Do(func() {
		s.stdinMu.Lock()
		s.closed = true
		if s.stdinR != nil {
			s.stdinR.Close()
			s.stdinW.Close()
		}
		s.stdinMu.Unlock()
		if s.main != nil {
			s.m.Procs.Exit(s.main.pid)
		}
		if s.ownsSSHD {
			exitAll(s.m, s.sshd)
		}
	})
	return nil
}

// Machine is the host the session runs on.
func (s *Session) Machine() *machine.Machine { return s.m }

// home is the user's home, or / when it is missing, as sshd falls back.
func (s *Session) home(a *machine.Account) string {
	if info, err := s.m.FS.Stat(a.Cred(), a.Home); err == nil && info.Mode.IsDir() {
		return a.Home
	}
	return "/"
}

// HomeMissing is sshd's complaint when the home directory cannot be entered.
func (s *Session) HomeMissing() string {
	a := s.opts.User
	if _, err := s.m.FS.Stat(a.Cred(), a.Home); err != nil {
		return fmt.Sprintf("Could not chdir to home directory %s: %s\n", a.Home, strerror(s.m.P, err))
	}
	return ""
}

// loginEnv is the environment sshd gives the user's shell.
func (s *Session) loginEnv(a *machine.Account) []string {
	p := s.m.P.Path
	if a.UID == 0 {
		p = s.m.P.RootPath
	}
	env := []string{"USER=" + a.Name, "LOGNAME=" + a.Name, "HOME=" + a.Home, "SHELL=" + a.Shell, "PATH=" + p}
	if s.m.P.MailVar {
		env = append(env, "MAIL=/var/mail/"+a.Name)
	}
	env = append(env, s.m.P.SessionEnv...)
	if s.opts.Remote != "" {
		env = append(env, "SSH_CLIENT="+s.opts.Remote+" "+lastField(s.opts.Local),
			"SSH_CONNECTION="+s.opts.Remote+" "+s.opts.Local)
	}
	if s.opts.TTY {
		env = append(env, "SSH_TTY=/dev/pts/0", "TERM="+orDefault(s.opts.Term, "xterm"))
	}
	return append(env, s.opts.Env...)
}

func lastField(s string) string {
	f := strings.Fields(s)
	if len(f) == 0 {
		return ""
	}
	return f[len(f)-1]
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// RunRC runs the rc files the user's shell reads for this kind of session, with
// their output going to the session: what makes an rc file's echo corrupt sftp.
func (s *Session) RunRC(ctx context.Context) {
	login := s.opts.Channel == "shell"
	for _, f := range s.main.rcFiles(login) {
		s.main.sourceFile(ctx, f)
	}
	if s.opts.Hooks.RC != nil {
		if text := s.opts.Hooks.RC(s.main.flavour, login); text != "" {
			s.main.run(ctx, text, "")
		}
	}
}

// Run runs a command line as sshd's `shell -c line` does and returns its exit status.
func (s *Session) Run(ctx context.Context, line string) int {
	if code, handled := s.answerLine(ctx, line); handled {
		return code
	}
	s.m.Procs.SetArgv(s.main.pid, []string{s.main.argv0, "-c", line})
	return s.main.run(ctx, line, "-c")
}

// RunInteractive runs one line typed at the prompt of a shell session.
func (s *Session) RunInteractive(ctx context.Context, line string) int {
	if code, handled := s.answerLine(ctx, line); handled {
		return code
	}
	return s.main.run(ctx, line, "")
}

// answerLine gives the Line hook the whole line first, as a process of the
// login shell (`bash -c line`) so that kill and the event log see it.
func (s *Session) answerLine(ctx context.Context, line string) (code int, handled bool) {
	hook := s.opts.Hooks.Line
	if hook == nil {
		return 0, false
	}
	p, finish, err := s.start(ctx, execRequest{
		account: s.main.acct, env: s.loginEnv(s.main.acct), argv: []string{s.main.argv0, "-c", line},
		dir: s.main.r.Dir, stdin: s.main.stdin, stdout: s.opts.Stdout, stderr: s.opts.Stderr, ppid: s.main.pid, fds: s.main.fds,
		umask: s.main.umask.process(),
	})
	if err != nil {
		return 1, true
	}
	if handled, code = hook(p, line); !handled {
		finish(0, false)
		return 0, false
	}
	return finish(code, true), true
}

// Prompt is what the shell prints before reading a line.
func (s *Session) Prompt() string { return s.main.prompt() }

// Exited reports whether the shell ran `exit` or was killed.
func (s *Session) Exited() bool { return s.main.r.Exited() || s.main.killed.Load() }

// Interruptible is whether the terminal's ^C reaches the command the login
// shell runs: not once `trap ” INT` made the shell ignore SIGINT, which
// the programs it starts then ignore too.
func (s *Session) Interruptible() bool {
	p, ok := s.m.Procs.Get(s.main.pid)
	return !ok || !machine.Ignores(p.Ignored, 2)
}

// Flavour is the kind of the login shell: "bash", "ksh", "sh" (Bourne) or "dash".
func (s *Session) Flavour() string { return s.main.flavour }

// newShell builds an interpreter running as a with every handler pointed at
// the host, as a child of ppid holding the pipe descriptors it inherits.
// shellStart is how a shell is started: at a prompt, and as a login shell
// (sshd's "-bash", bash -l, su -, sudo -i), which reads the profile files.
// ignored are the signals it starts with ignored, which it cannot trap;
// inPlace is the program's process it runs in (the bash program's), 0 for
// a process of its own.
type shellStart struct {
	interactive, login bool
	ignored            uint64
	inPlace            int
}

func (s *Session) newShell(a *machine.Account, env []string, dir string, umask uint32, ppid int, start shellStart, stdout, stderr io.Writer, stdin interp.PipeReader, inherited *fdTable) (*shellProc, error) {
	interactive := start.interactive
	sh := &shellProc{sess: s, acct: a, interactive: interactive, login: start.login, aliases: map[string]string{}, outw: stdout, errw: stderr, stdin: stdin, umask: newUmasks(umask), limits: s.startLimits(),
		options: newShellOptions(interactive), hashed: newHashTable(), fds: newFDTable(inherited)}
	if stdin == interp.PipeReader(noStdin) {
		sh.lazyStdin = true
	}
	sh.errIn = &shellStderr{w: stderr, sh: sh}
	sh.flavour = flavourOf(a.Shell, s.m.P.IsSolaris())
	sh.argv0 = path.Base(a.Shell)
	if interactive {
		sh.argv0 = "-" + sh.argv0
	}
	tty := "?"
	if s.opts.TTY {
		tty = "pts/0"
	}
	if start.inPlace != 0 {
		// The program's process is the shell's: the program's signal
		// handling ends it as it ends the shell.
		sh.pid = start.inPlace
		if entry, ok := s.m.Procs.Get(sh.pid); ok {
			ppid = entry.PPID
		}
	} else {
		sh.pid = s.m.Procs.Spawn(machine.Proc{
			PPID: ppid, UID: a.UID, User: a.Name, Argv: []string{sh.argv0}, TTY: tty, Umask: umask, Exe: s.realpath(a.Shell), Cwd: dir,
			Ignored: start.ignored,
		}, func(sig int) { sh.kill(signalError(sig)) }).PID
	}
	r, err := interp.New(
		interp.Env(hostEnviron{sh.startEnviron(env), s.m, selfIfBash(sh.flavour, a)}),
		interp.Dir(dir),
		interp.StdIO(stdin, stdout, sh.errIn),
		// What the interpreter would ask the real OS comes from the host
		// (third_party/mvdan-sh/PATCHES.md).
		interp.Process(interp.Identity{PID: sh.pid, PPID: ppid, UID: a.UID, EUID: a.UID, GID: a.GID, EGID: a.GID}),
		interp.ProcSubstHandler(sh.procSubst),
		interp.PipeHandler(newPipe),
		sh.memoryBound(),
		interp.RealPathHandler(sh.realPath),
		interp.ForkHandler(sh.forkSubshell), // subshells are the user's processes (forkproc.go)
		interp.Interactive(interactive),
		// trap '' SIG: the shell's process, or its subshell's, ignores it.
		interp.IgnoredSignals(start.ignored),
		interp.SignalsHandler(func(ctx context.Context, ignored uint64) {
			pid, _ := sh.process(ctx)
			s.m.Procs.SetIgnored(pid, ignored)
		}),
		interp.ExecHandlers(func(interp.ExecHandlerFunc) interp.ExecHandlerFunc {
			return sh.exec // never the next handler: it runs real binaries
		}),
		interp.CallHandler(sh.call),
		interp.OpenHandler(sh.open),
		interp.ReadDirHandler2(sh.readDir),
		interp.StatHandler(sh.stat),
		interp.AccessHandler(sh.access),
	)
	if err != nil {
		return nil, err
	}
	sh.r = r
	if sh.flavour == "bash" || sh.flavour == "dash" {
		// The interpreter words its own errors and statuses as the shell does.
		interp.WithDialect(interp.Dialect{Dash: sh.flavour == "dash", Prefix: sh.errPrefix, Interactive: interactive,
			Name:         func() string { return sh.argv0 },
			Invocation:   func() string { return sh.invocation },
			HostVars:     sh.hostExported,
			DeclareANSIC: bashAtLeast(sh.machine().P.BashVersion, 5, 2),
			// bash 5.1 and older: "${@:+w}" of an empty "$@" is no word
			NullListAlternateNoWord: sh.flavour == "bash" && !bashAtLeast(sh.machine().P.BashVersion, 5, 2),
			Shopt:                   bashShopt(sh.flavour, sh.machine().P.BashVersion, start.login),
			ExecutionString: func() (string, bool) {
				return sh.cString, sh.invocation == "c" && sh.scriptFile == ""
			},
			ScriptFile:      func() string { return sh.scriptFile },
			BadSubstitution: sh.badSubst.lookup, // badsubst.go
			EvalSyntaxError: func(text string, err error) string {
				if pe, ok := err.(syntax.ParseError); ok && sh.flavour == "bash" {
					return strings.Join(bashSyntaxError(sh.argv0, "eval", text, pe, bashAtLeast(sh.machine().P.BashVersion, 5, 2)), "\n")
				}
				return ""
			}})(r)
	}
	if sh.flavour == "ksh" {
		// ksh expands aliases in scripts and -c strings alike.
		sh.run(context.Background(), "shopt -s expand_aliases", "")
	}
	return sh, nil
}

// subshell runs script in a new shell as req asks (sh -c, su -c, sudo -s); a
// login shell (bash -l, su -, sudo -i) reads the profile files first.
func (s *Session) subshell(ctx context.Context, req execRequest, script string, args []string) int {
	stdout, stderr := orDiscard(req.stdout), orDiscard(req.stderr)
	in, cleanup, err := shellStdin(req.stdin)
	if err != nil {
		fmt.Fprintf(stderr, "sh: %v\n", err)
		return 126
	}
	defer cleanup()
	sh, err := s.newShell(req.account, req.env, req.dir, req.umask, req.ppid, shellStart{login: req.login, ignored: req.ignored, inPlace: req.inPlace}, stdout, stderr, in, req.fds)
	if err == nil && req.limits != nil {
		sh.limits = req.limits.clone()
	}
	if err == nil {
		sh.scriptFile = req.scriptFile
	}
	if err != nil {
		fmt.Fprintf(stderr, "sh: %v\n", err)
		return 126
	}
	if req.inPlace == 0 {
		defer s.m.Procs.Exit(sh.pid)
	}
	if len(args) > 0 {
		sh.argv0 = args[0]
		if err := interp.Params(append([]string{"--"}, args[1:]...)...)(sh.r); err != nil {
			fmt.Fprintf(stderr, "sh: %v\n", err)
			return 2
		}
	}
	if req.login && !req.noProfile {
		for _, f := range sh.rcFiles(true) {
			sh.sourceFile(ctx, f)
		}
	}
	if req.fromStdin {
		// the stream the shell's own stdin reads: the session's input, or
		// the pipe shellStdin copies another reader into
		var stream io.Reader = in
		if in == noStdin {
			stream = req.stdin
		}
		if script != "" {
			sh.run(ctx, script, "stdin") // the options of its command line (bash -x)
		}
		if stream == nil {
			return 0
		}
		return sh.runStream(ctx, stream)
	}
	return sh.run(ctx, script, "-c")
}

// runStream runs the commands of in as bash reads a script from its stdin:
// a line at a time (a byte at a time, as bash reads a pipe), each command
// run once its lines are whole and before the next line is read. What the
// commands read of their stdin is the rest of the same stream: `exec sh`
// hands it the lines after it, `cat` copies them.
func (sh *shellProc) runStream(ctx context.Context, in io.Reader) int {
	sh.invocation = "s"
	status, lines := 0, 0
	var text strings.Builder
	one := make([]byte, 1)
	for {
		n, err := in.Read(one)
		if n == 1 {
			text.WriteByte(one[0])
			if one[0] != '\n' {
				continue
			}
			if _, perr := syntax.NewParser().Parse(strings.NewReader(text.String()), ""); perr != nil && syntax.IsIncomplete(perr) {
				continue // a quote, a compound command or a here-document goes on
			}
		}
		if text.Len() > 0 {
			// the lines before this command keep its line numbers right
			chunk := strings.Repeat("\n", lines) + text.String()
			_, perr := syntax.NewParser().Parse(strings.NewReader(chunk), "")
			status = sh.run(ctx, chunk, "stdin")
			if perr != nil {
				return status // a syntax error ends a script bash reads
			}
			lines += strings.Count(text.String(), "\n")
			text.Reset()
			if sh.r.Exited() || ctx.Err() != nil {
				return status
			}
		}
		if err != nil || n == 0 && ctx.Err() != nil {
			return status
		}
	}
}

// shellStdin gives the interpreter a stdin whose reads can be cancelled,
// without leaking: a reader that already is a pipe end is used as is; anything
// else is copied into a new in-memory pipe whose copy is ended by cleanup.
func shellStdin(r io.Reader) (interp.PipeReader, func(), error) {
	switch v := r.(type) {
	case ctxReader:
		return v.f, func() {}, nil
	case sessionStdin:
		if f := v.s.pipe(); f != nil {
			return f, func() {}, nil
		}
		return noStdin, func() {}, nil
	case interp.PipeReader: // an *os.File a caller gave, a pipe end
		return v, func() {}, nil
	}
	p := newMemPipe()
	pr, pw := p.end(false), p.end(true)
	if r == nil {
		pw.Close()
		return pr, func() { pr.Close() }, nil
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		copyGrowing(pw, r)
		pw.Close()
	}()
	return pr, func() {
		pr.Close() // the copy's next write fails and it ends
		<-done
	}, nil
}

// flavourOf names the shell family a login shell path belongs to.
func flavourOf(shellPath string, solaris bool) string {
	switch base := path.Base(shellPath); {
	case strings.Contains(base, "bash"), base == "zsh":
		return "bash"
	case strings.Contains(base, "ksh"):
		return "ksh"
	case base == "sh" && !solaris:
		return "dash"
	default:
		return "sh"
	}
}

// shellProc is one shell process: the session's login shell or a subshell.
type shellProc struct {
	sess        *Session
	acct        *machine.Account
	r           *interp.Runner
	flavour     string
	argv0       string
	interactive bool
	login       bool // reads the profile files; bash's shopt login_shell
	pid         int
	outw, errw  io.Writer         // the shell's stdout, and its stderr for its own messages
	errIn       *shellStderr      // errw as the interpreter writes to it
	invocation  string            // how bash got its commands, for $-: "c" (-c), "s" (stdin)
	cString     string            // the -c text, bash's BASH_EXECUTION_STRING
	scriptFile  string            // the script file it runs, bash's main frame ("" for -c)
	stdin       interp.PipeReader // the shell's stdin as it started
	lazyStdin   bool              // stdin is noStdin: the session's, without a pipe yet
	// aliases mirrors the interpreter's, which it does not expose, for type and command -v.
	aliases map[string]string
	// oneShot are the commands of the running -c text that bash would exec in
	// its own place (see oneShotCommands).
	oneShot    map[syntax.Pos]bool
	inPlace    inPlace
	exportsPWD bool     // PWD goes to programs, as it is when they start
	fds        *fdTable // its process substitutions' pipe descriptors
	umask      *umasks
	limits     *limits
	options    *shellOptions
	hashed     *hashTable
	badSubst   badSubsts        // the substitutions parsed to fail when expanded (badsubst.go)
	disabled   disabledBuiltins // bash's builtins enable -n turned off (enable.go)
	// die ends the text the shell is running, as a fatal error or a signal
	// ends bash; killed is set once a signal has, and dead keeps that signal
	// so that text run later (the command after its rc files) dies at once.
	dieMu  sync.Mutex
	die    context.CancelCauseFunc
	dead   error
	killed atomic.Bool
}

// setDie makes die end what the shell runs now, and returns the one before.
func (sh *shellProc) setDie(die context.CancelCauseFunc) context.CancelCauseFunc {
	sh.dieMu.Lock()
	defer sh.dieMu.Unlock()
	outer := sh.die
	sh.die = die
	if sh.dead != nil && die != nil {
		die(sh.dead)
	}
	return outer
}

// kill ends the shell with cause: what it runs stops at the next command or
// read, as a shell that dies takes its running builtins and loops with it.
func (sh *shellProc) kill(cause error) {
	sh.dieMu.Lock()
	defer sh.dieMu.Unlock()
	if _, ok := cause.(signalError); ok {
		sh.killed.Store(true)
		sh.dead = cause
	}
	if sh.die != nil {
		sh.die(cause)
	}
}

func (sh *shellProc) machine() *machine.Machine { return sh.sess.m }

// rcFiles lists the startup files the shell reads, as each real shell does when
// sshd starts it: bash reads ~/.bashrc even for `ssh host cmd`; a login shell reads
// the profile files; ksh reads ~/.kshrc for every shell.
func (sh *shellProc) rcFiles(login bool) []string {
	home := sh.acct.Home
	var files []string
	if login {
		files = append(files, "/etc/profile")
		switch sh.flavour {
		case "bash":
			for _, f := range []string{".bash_profile", ".bash_login", ".profile"} {
				if sh.exists(path.Join(home, f)) {
					files = append(files, path.Join(home, f))
					break
				}
			}
		default:
			files = append(files, path.Join(home, ".profile"))
		}
	}
	switch sh.flavour {
	case "bash":
		if !login {
			files = append(files, path.Join(home, ".bashrc"))
		}
	case "ksh":
		files = append(files, path.Join(home, ".kshrc"))
	}
	return files
}

func (sh *shellProc) exists(p string) bool {
	_, err := sh.machine().FS.Stat(sh.acct.Cred(), p)
	return err == nil
}

// sourceFile runs a startup file in the shell itself, as `. file` does, so what it
// defines stays and a `return` in it ends just the file. A missing file is
// skipped silently, as shells do.
func (sh *shellProc) sourceFile(ctx context.Context, p string) {
	if !sh.exists(p) {
		return
	}
	sh.run(ctx, ". "+shellQuote(p), "")
}

// run parses and runs text; mode "-c" words errors as `shell -c` does.
func (sh *shellProc) run(ctx context.Context, text, mode string) int {
	switch {
	case mode == "-c":
		sh.invocation, sh.cString = "c", text
	case sh.interactive:
		sh.invocation = "s"
	}
	err := sh.tooDeep(text, sh.argv0)
	var file *syntax.File
	if err == nil {
		file, err = sh.parse(text)
	}
	if err != nil {
		// bash and dash read a text a line at a time, and run each line
		// before they read the next: the lines before the one that does not
		// parse have run (and may have exited)
		before := sh.completeLines(text, err)
		for _, st := range before {
			if code := sh.runNode(ctx, st); sh.r.Exited() {
				return code
			}
		}
		fmt.Fprintf(sh.stderr(), "%s\n", sh.syntaxError(err, text, mode))
		if len(before) > 0 {
			sh.runNode(ctx, &syntax.File{}) // its EXIT trap
		}
		return sh.syntaxStatus(text, err) // syntaxerr.go
	}
	if mode == "-c" && sh.flavour == "bash" && sh.invocation == "c" {
		sh.oneShot = oneShotCommands(file, !bashAtLeast(sh.machine().P.BashVersion, 5, 2))
	}
	if mode == "-c" && sh.invocation == "c" && (sh.flavour == "bash" || sh.flavour == "dash") {
		sh.inPlace.arm(lastCommand(file)) // dash execs it too, since 0.5.11
	}
	sh.usePipeIfRead(file)
	return sh.runNode(ctx, file)
}

// runNode runs a parsed text, or one statement of it, and gives the shell's
// status after it.
func (sh *shellProc) runNode(ctx context.Context, node syntax.Node) int {
	ctx, die := context.WithCancelCause(ctx)
	defer die(nil)
	outer := sh.setDie(die)
	defer func() { sh.setDie(outer) }()
	err := sh.r.Run(ctx, node)
	switch cause := context.Cause(ctx).(type) {
	case signalError:
		return 128 + int(cause)
	case error:
		if errors.Is(cause, errOutOfMemory) {
			return 2 // bash died; xrealloc said why
		}
	}
	if err == nil {
		return 0
	}
	if status, ok := errors.AsType[interp.ExitStatus](err); ok {
		code := uint8(status)
		if status, unbound := sh.unboundStatus(); unbound && code == 1 {
			return status
		}
		return int(code)
	}
	if ctx.Err() != nil {
		return 130
	}
	if errors.Is(err, errForkFailed) {
		// bash gave up on the line; the fork said why. 254, seen on
		// bookworm's bash 5.2 (`ulimit -u 3; sleep 100 & sleep 100 & /bin/true`).
		return 254
	}

	fmt.Fprintf(sh.stderr(), "%s%v\n", sh.prefix(0), err)
	return 1
}

func (sh *shellProc) stderr() io.Writer { return sh.errw }

// completeLines are the statements of the lines of text before the one
// where err, its parse error, was found, when those lines are whole
// commands: what bash and dash ran before they read the line that fails.
func (sh *shellProc) completeLines(text string, err error) []*syntax.Stmt {
	pos, _ := parseErrorPos(err) // badsubst.go
	line := pos.Line()
	if line < 2 || line > 1000 {
		return nil
	}
	ends := make([]int, 0, line)
	for i := range len(text) {
		if text[i] == '\n' {
			ends = append(ends, i+1)
		}
	}
	for k := min(int(line)-1, len(ends)); k > 0; k-- {
		if file, err := sh.parseKeepingBadSubsts(text[:ends[k-1]], sh.parseStrict); err == nil {
			return file.Stmts
		}
	}
	return nil
}

// parseStrict parses as parse does, but refuses a here-document the text
// ends, where the shell would read more lines.
func (sh *shellProc) parseStrict(text string) (*syntax.File, error) {
	if sh.flavour == "dash" {
		// dash reads an arithmetic text when it runs it, as bash does
		runTime := syntax.ArithmAtRunTime(true)
		posix, err := syntax.NewParser(syntax.Variant(syntax.LangPOSIX), runTime).Parse(strings.NewReader(text), sh.argv0)
		if err != nil {
			return nil, err
		}
		file, err := syntax.NewParser(runTime).Parse(strings.NewReader(text), sh.argv0)
		if err == nil {
			dashMeaning(file, posix)
		}
		return file, err
	}
	return syntax.NewParser(syntax.ArithmAtRunTime(sh.flavour == "bash")).Parse(strings.NewReader(text), sh.argv0)
}

// parse reads text in the shell's language, naming it $0. dash's is POSIX's:
// text with bash's arrays, `function` or ${x/a/b} fails as in dash. What
// parses is run as the interpreter reads bash, whose declaration builtins
// (local, export, readonly) its POSIX mode leaves unimplemented.
func (sh *shellProc) parse(text string) (*syntax.File, error) {
	return sh.parseKeepingBadSubsts(text, sh.parseText) // badsubst.go
}

// parseText is parse without the bad substitutions put off.
func (sh *shellProc) parseText(text string) (*syntax.File, error) {
	if sh.flavour == "dash" {
		// dash takes a here-document the text ends, silently and as it is
		taken := syntax.HeredocAtEOF(func(syntax.Pos, string) {}, false)
		runTime := syntax.ArithmAtRunTime(true) // dash reads an arithmetic text when it runs it
		posix, err := syntax.NewParser(syntax.Variant(syntax.LangPOSIX), taken, runTime).Parse(strings.NewReader(text), sh.argv0)
		if err != nil {
			return nil, err
		}
		file, err := syntax.NewParser(taken, runTime).Parse(strings.NewReader(text), sh.argv0)
		if err == nil {
			dashMeaning(file, posix)
		}
		return file, err
	}
	// bash warns of one on the last line of the text, then takes it
	lastLine := uint(strings.Count(strings.TrimSuffix(text, "\n"), "\n") + 1)
	warn := func(pos syntax.Pos, stop string) {
		fmt.Fprintf(sh.stderr(), "%swarning: here-document at line %d delimited by end-of-file (wanted `%s')\n",
			sh.prefix(lastLine), pos.Line(), stop)
	}
	// bash reads an arithmetic text when it runs it: one that does not
	// parse fails there (syntax.ArithmAtRunTime)
	return syntax.NewParser(syntax.HeredocAtEOF(warn, sh.flavour == "bash"),
		syntax.ArithmAtRunTime(sh.flavour == "bash")).Parse(strings.NewReader(text), sh.argv0)
}

func (sh *shellProc) syntaxError(err error, text, mode string) string {
	line := uint(1)
	msg := err.Error()
	pe, ok := err.(syntax.ParseError)
	if ok {
		line = pe.Pos.Line()
		msg = pe.Text
	}
	if sh.flavour == "bash" && (mode == "-c" || mode == "stdin") && ok {
		where := mode // "-c", or none for a script bash reads from stdin
		if mode == "stdin" {
			where = ""
		}
		return strings.Join(bashSyntaxError(sh.argv0, where, text, pe, bashAtLeast(sh.machine().P.BashVersion, 5, 2)), "\n")
	}
	if sh.flavour == "dash" && ok {
		return dashSyntaxError(sh.argv0, text, pe)
	}
	if le, isLang := err.(syntax.LangError); isLang && sh.flavour == "dash" {
		return dashLangError(sh.argv0, text, le)
	}
	return fmt.Sprintf("%s: syntax error at line %d: %s", sh.argv0, line, msg)
}

// prefix starts the shell's own error messages: "bash: line 3: ", "-bash: ",
// "sh: 1: " (dash), "ksh: ", "sh: ".
func (sh *shellProc) prefix(line uint) string {
	if line == 0 {
		line = 1
	}
	switch sh.flavour {
	case "bash":
		if !sh.interactive && bashReportsLine(sh.machine().P.BashVersion) {
			return fmt.Sprintf("%s: line %d: ", sh.argv0, line)
		}
		return sh.argv0 + ": "
	case "dash":
		return fmt.Sprintf("%s: %d: ", sh.argv0, line)
	default:
		return sh.argv0 + ": "
	}
}

// errPrefix is prefix for the interpreter's own errors: bash names the file
// of the function or sourced file that runs (source), "environment" for the
// functions of a -c string, as it names imported ones.
func (sh *shellProc) errPrefix(line uint, source string) string {
	p := sh.prefix(line)
	if source != "" && sh.flavour == "bash" && strings.HasPrefix(p, sh.argv0+": line ") {
		return source + strings.TrimPrefix(p, sh.argv0)
	}
	return p
}

// hcPrefix starts an error of a command the host answers, as errPrefix does.
func (sh *shellProc) hcPrefix(hc interp.HandlerContext) string {
	return sh.errPrefix(hc.Pos.Line(), hc.Source())
}

// bashReportsLine is true from bash 5.1, which names the line in -c errors.
func bashReportsLine(version string) bool { return bashAtLeast(version, 5, 1) }

// bashAtLeast reports whether a $BASH_VERSION is major.minor or later.
func bashAtLeast(version string, major, minor int) bool {
	var have, haveMinor int
	fmt.Sscanf(version, "%d.%d", &have, &haveMinor)
	return have > major || have == major && haveMinor >= minor
}

// notFound is the shell's message for a command it cannot find.
func (sh *shellProc) notFound(name, prefix string) string {
	switch sh.flavour {
	case "bash":
		return prefix + name + ": command not found"
	case "ksh":
		return prefix + name + ":  not found"
	default:
		return prefix + name + ": not found"
	}
}

func (sh *shellProc) prompt() string {
	a := sh.acct
	sign := "$"
	if a.UID == 0 {
		sign = "#"
	}
	if sh.flavour != "bash" {
		return sign + " "
	}
	dir := sh.r.Dir
	if dir == a.Home {
		dir = "~"
	} else if strings.HasPrefix(dir, a.Home+"/") {
		dir = "~" + strings.TrimPrefix(dir, a.Home)
	}
	base := path.Base(dir)
	if dir == "~" || dir == "/" {
		base = dir
	}
	// The PS1 the OS's own bashrc sets, with bash's escapes for it.
	version := sh.machine().P.BashVersion // \v is major.minor: 5.2
	if parts := strings.SplitN(version, ".", 3); len(parts) == 3 {
		version = parts[0] + "." + parts[1]
	}
	return strings.NewReplacer(`\u`, a.Name, `\h`, strings.SplitN(sh.machine().Hostname, ".", 2)[0],
		`\w`, dir, `\W`, base, `\$`, sign, `\s`, "bash", `\v`, version).Replace(sh.machine().P.BashPrompt)
}

// cred is the identity the shell's own redirects and globs use.
func (sh *shellProc) cred() vfs.Cred {
	c := sh.acct.Cred()
	c.PID = sh.pid // its /proc/self
	return c
}

// RunScript runs script as a non-interactive `ssh host script` would, rc files
// included, and returns what it printed and its exit status. Tests and the
// harness use it to probe a host without a network.
func RunScript(ctx context.Context, m *machine.Machine, user *machine.Account, script string, stdin io.Reader) (stdout, stderr string, code int, err error) {
	var out, errw syncbuf.Buffer
	s, err := NewSession(m, Options{User: user, Channel: "exec", Stdin: stdin, Stdout: &out, Stderr: &errw})
	if err != nil {
		return "", "", 0, err
	}
	defer s.Close()
	s.RunRC(ctx)
	code = s.Run(ctx, script)
	return out.String(), errw.String(), code, nil
}

// ReadLine reads one line of the session's input for an interactive shell,
// without the newline. At end of input it returns what was read and io.EOF.
func (s *Session) ReadLine(ctx context.Context) (string, error) {
	return readLine(sessionStdin{ctx: ctx, s: s, prompt: true})
}
