package shell

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"mvdan.cc/sh/v3/expand"
	"mvdan.cc/sh/v3/interp"
	"mvdan.cc/sh/v3/syntax"

	"github.com/hostile-lab/hostile/simhost/vfs"
)

// Internal command names the call handler rewrites builtins to; a NUL cannot be
// typed in a command name, so users cannot call them.
const (
	typeCmd = "\x00type"   // type, command -v, command -V: looked up on the host, not the real PATH
	testCmd = "\x00test"   // test -O/-G would ask the real OS who we are
	noopCmd = "\x00failed" // a builtin the call handler already answered with an error
	execCmd = "\x00exec"   // a builtin the interpreter lacks whose program the host has (kill)
	// syntaxErrCmd is eval or . given text the shell refused to parse: status 2.
	syntaxErrCmd = "\x00syntax"
)

// missingBuiltins are bash builtins the interpreter lists but does not implement:
// kill runs the host's kill program, logout exits, and the rest only matter
// to a person at a terminal.
var missingBuiltins = map[string][]string{
	"kill": {execCmd, "kill"}, "logout": {"exit"},
	"bg": {"true"}, "fg": {"true"}, "jobs": {"true"}, "disown": {"true"}, "fc": {"true"},
	"history": {"true"}, "bind": {"true"}, "complete": {"true"}, "compgen": {"true"},
	"compopt": {"true"}, "newgrp": {"true"},
}

// killJobSpecs gives kill the process of each job a %spec names, as bash's
// kill takes them, saying why for one that names none; ok is false when
// every job named was missing and nothing is left to kill (status 1).
func (sh *shellProc) killJobSpecs(ctx context.Context, args []string) ([]string, bool) {
	hc := interp.HandlerCtx(ctx)
	out := []string{args[0]}
	specs, missing, others := 0, 0, 0
	for i, a := range args[1:] {
		switch {
		case i > 0 && (args[i] == "-s" || args[i] == "-n"), strings.HasPrefix(a, "-"):
			out = append(out, a) // a signal, not a job
		case !strings.HasPrefix(a, "%"):
			out, others = append(out, a), others+1
		default:
			specs++
			pid, msgs := sh.r.JobPID(a)
			for _, msg := range msgs {
				fmt.Fprintf(hc.Stderr, "%skill: %s\n", sh.hcPrefix(hc), msg)
			}
			if msgs != nil {
				missing++
				continue
			}
			out = append(out, strconv.Itoa(pid))
		}
	}
	return out, specs == 0 || missing < specs || others > 0
}

// call runs before every simple command, builtins included.
func (sh *shellProc) call(ctx context.Context, args []string) ([]string, error) {
	if sh.refuseDeepText(ctx, args) {
		return []string{syntaxErrCmd}, nil
	}
	if _, isFunc := sh.r.Funcs[args[0]]; isFunc || interp.IsBuiltin(args[0]) {
		// The last command is the shell's own: nothing is exec'd in its
		// place, not even what it sources or evals.
		_, inPlace := sh.process(ctx)
		inPlace.drop(interp.HandlerCtx(ctx).Pos)
	}
	if f := forkedShellOf(ctx); f != nil && !f.inPlace.armedAt(interp.HandlerCtx(ctx).Pos) {
		f.settle() // a builtin, a function, or a program the subshell forks: it stays the shell
	}
	if _, isFunc := sh.r.Funcs[args[0]]; !isFunc && sh.flavour == "bash" && sh.disabled.is(args[0]) {
		return append([]string{execCmd}, args...), nil // enable -n: the program on PATH (enable.go)
	}
	if args[0] == "enable" && sh.flavour == "bash" {
		return append([]string{enableCmd}, args[1:]...), nil
	}
	if args[0] == "kill" && sh.flavour == "bash" {
		var ok bool
		if args, ok = sh.killJobSpecs(ctx, args); !ok {
			return []string{noopCmd}, nil
		}
	}
	if sh.hostBuiltin(args) {
		return append([]string{builtinCmd}, args...), nil
	}
	if _, isFunc := sh.r.Funcs[args[0]]; !isFunc && sh.flavour == "dash" && bashOnlyBuiltins[args[0]] {
		return append([]string{execCmd}, args...), nil // looked up on PATH, as dash does
	}
	if (args[0] == "fg" || args[0] == "bg") && sh.flavour == "bash" && !sh.interactive {
		hc := interp.HandlerCtx(ctx)
		fmt.Fprintf(hc.Stderr, "%s%s: no job control\n", sh.hcPrefix(hc), args[0])
		return []string{noopCmd}, nil
	}
	if (args[0] == "jobs" || args[0] == "disown") && sh.flavour == "bash" {
		return args, nil // the interpreter's job table (jobtable.go)
	}
	if repl, ok := missingBuiltins[args[0]]; ok {
		if args[0] == "kill" || args[0] == "logout" {
			return append(append([]string(nil), repl...), args[1:]...), nil
		}
		return repl, nil
	}
	if len(args) > 1 && (args[0] == "command" || args[0] == "builtin") && sh.hostBuiltin(args[1:]) {
		return append([]string{builtinCmd}, args[1:]...), nil // the builtin still, without function lookup
	}
	switch args[0] {
	case "umask":
		return append([]string{umaskCmd}, args[1:]...), nil
	case "ulimit":
		return append([]string{ulimitCmd}, args[1:]...), nil
	case "read":
		sh.quietRead(args)
	case "type":
		return append([]string{typeCmd, "type"}, args[1:]...), nil
	case "hash":
		return append([]string{typeCmd, "hash"}, args[1:]...), nil
	case "command":
		flags, rest := commandFlags(args[1:])
		std := strings.Contains(flags, "p") && sh.flavour == "bash"
		switch {
		case strings.ContainsAny(flags, "vV") && std:
			return append([]string{typeCmd, "-p" + flags[strings.LastIndexAny(flags, "vV"):][:1]}, rest...), nil
		case strings.ContainsAny(flags, "vV"):
			return append([]string{typeCmd, "-" + flags[strings.LastIndexAny(flags, "vV"):][:1]}, rest...), nil
		case std && len(rest) > 0 && !interp.IsBuiltin(rest[0]):
			return append([]string{cmdPathCmd}, rest...), nil // typehash.go
		case strings.Contains(flags, "p"):
			return append([]string{"command"}, rest...), nil
		}
	case "alias":
		for _, a := range args[1:] {
			if name, value, ok := strings.Cut(a, "="); ok {
				sh.aliases[name] = value
			}
		}
	case "unalias":
		if sh.flavour == "dash" {
			return sh.dashUnalias(interp.HandlerCtx(ctx), args), nil
		}
		for _, a := range args[1:] {
			delete(sh.aliases, a)
		}
	case "set":
		if opt := dashIllegalOption(args); sh.flavour == "dash" && opt != "" {
			hc := interp.HandlerCtx(ctx)
			fmt.Fprintf(hc.Stderr, "%sset: Illegal option %s\n", sh.hcPrefix(hc), opt)
			return []string{"exit", "2"}, nil // a special builtin's error ends dash
		}
		if sh.setCall(interp.HandlerCtx(ctx), args) {
			return []string{"true"}, nil
		}
		if kept, only := sh.interpSetArgs(args); only {
			return []string{"true"}, nil
		} else if sh.flavour == "bash" || sh.flavour == "dash" {
			return kept, nil
		}
	case "shopt":
		if sh.flavour == "bash" && bashAtLeast(sh.machine().P.BashVersion, 5, 1) {
			break // the interpreter keeps every option of this bash (shopt.go)
		}
		if status, handled := sh.shoptLoginShell(interp.HandlerCtx(ctx), args); handled {
			if status != 0 {
				return []string{"false"}, nil
			}
			return []string{"true"}, nil
		}
		// bash options the interpreter lacks (histappend, checkwinsize) only matter
		// to a human at a terminal: accept them silently, as bash does.
		kept := args[:1]
		for _, a := range args[1:] {
			if strings.HasPrefix(a, "-") || supportedShopt[a] {
				kept = append(kept, a)
			}
		}
		if len(kept) == 2 && len(args) > 2 {
			return []string{"true"}, nil
		}
		return kept, nil
	case "test", "[":
		for _, a := range args[1:] {
			if a == "-O" || a == "-G" {
				return append([]string{testCmd, args[0]}, args[1:]...), nil
			}
		}
	case "cd":
		if len(args) == 1 && !interp.HandlerCtx(ctx).Env.Get("HOME").IsSet() && sh.flavour != "bash" {
			return []string{"true"}, nil // dash and sh stay where they are, silently
		}
		if msg := sh.checkCd(ctx, args); msg != "" {
			hc := interp.HandlerCtx(ctx)
			if sh.flavour == "dash" {
				// dash names no cause, and a failed special builtin is status 2
				fmt.Fprintf(hc.Stderr, "%scd: can't cd to %s\n", sh.hcPrefix(hc), cdTarget(hc, args))
				return []string{noopCmd, "2"}, nil
			}
			fmt.Fprintf(hc.Stderr, "%s%s\n", sh.hcPrefix(hc), msg)
			return []string{noopCmd}, nil
		}
	}
	return args, nil
}

// bashOnlyBuiltins are the interpreter's builtins that bash has and dash does
// not: dash looks them up on PATH and finds nothing.
var bashOnlyBuiltins = map[string]bool{
	"source": true, "pushd": true, "popd": true, "dirs": true, "declare": true, "typeset": true,
	"shopt": true, "mapfile": true, "readarray": true, "help": true, "enable": true, "caller": true,
	"builtin": true, "disown": true, "suspend": true, "logout": true, "compgen": true, "complete": true,
}

var supportedShopt = map[string]bool{
	"dotglob": true, "expand_aliases": true, "extglob": true, "globstar": true,
	"nocaseglob": true, "nullglob": true,
}

// cdTarget is the directory a cd call names.
func cdTarget(hc interp.HandlerContext, args []string) string {
	if len(args) > 1 {
		return args[1]
	}
	return hc.Env.Get("HOME").String()
}

// checkCd words cd's failures as the shell does; the interpreter's own are not.
func (sh *shellProc) checkCd(ctx context.Context, args []string) string {
	hc := interp.HandlerCtx(ctx)
	if len(args) > 2 {
		return "cd: too many arguments"
	}
	home := hc.Env.Get("HOME")
	if len(args) == 1 && !home.IsSet() {
		return "cd: HOME not set"
	}
	target := home.String()
	if len(args) == 2 {
		target = args[1]
	}
	if target == "-" {
		return ""
	}
	p := absJoin(hc.Dir, target)
	info, err := sh.machine().FS.Stat(sh.cred(), p)
	if err != nil {
		return fmt.Sprintf("cd: %s: %s", target, strerror(sh.machine().P, err))
	}
	if !info.Mode.IsDir() {
		return fmt.Sprintf("cd: %s: Not a directory", target)
	}
	if err := sh.machine().FS.Access(sh.cred(), p, 1); err != nil {
		return fmt.Sprintf("cd: %s: Permission denied", target)
	}
	return ""
}

// exec runs every command that is not a builtin or function.
func (sh *shellProc) exec(ctx context.Context, args []string) error {
	hc := interp.HandlerCtx(ctx)
	pathVar := "" // the environment's
	switch args[0] {
	case noopCmd:
		if len(args) > 1 && args[1] == "2" {
			return interp.ExitStatus(2)
		}
		return interp.ExitStatus(1)
	case syntaxErrCmd:
		return interp.ExitStatus(2)
	case typeCmd:
		return exitErr(sh.typeBuiltin(hc, args[1], args[2:]))
	case enableCmd:
		return exitErr(sh.bashEnable(hc, args[1:]))
	case builtinCmd:
		return exitErr(sh.runBuiltin(ctx, args[1:]))
	case umaskCmd:
		return exitErr(sh.umaskBuiltin(hc, args[1:]))
	case ulimitCmd:
		return exitErr(sh.ulimitBuiltin(hc, args[1:]))
	case testCmd, execCmd:
		args = args[1:]
	case cmdPathCmd:
		args, pathVar = args[1:], stdPath
	}
	pid, inPlace := sh.process(ctx)
	pinned := ""
	if (sh.flavour == "bash" || sh.flavour == "dash") && !strings.Contains(args[0], "/") && pathVar == "" {
		if p, ok := sh.hashed.pinnedPath(args[0]); ok {
			pinned = p // hash -p: the file given, PATH not searched
		} else if p, found := sh.sess.lookPath(sh.cred(), hc.Env.Get("PATH").String(), hc.Dir, args[0]); found && pid == sh.pid {
			sh.hashed.used(args[0], p, true) // a subshell's table is its own: the shell's is not changed
		}
	}
	req := execRequest{
		account: sh.acct, env: sh.childEnv(hc, args[0]), argv: args, dir: hc.Dir,
		stdin: hc.Stdin, stdout: hc.Stdout, stderr: hc.Stderr, ppid: pid, fds: sh.fds, umask: sh.umask.get(hc),
		limits: sh.limits.clone(), ignored: hc.IgnoredSignals, pathVar: pathVar, pinned: pinned,
	}
	if inPlace.take(hc.Pos) {
		req.inPlace = pid
	}
	var killed interp.KilledBy
	req.killed = &killed
	code, err := sh.sess.execArgv(ctx, &req)
	if err != nil && err.Fork {
		return errForkFailed
	}
	if err != nil {
		// To the stderr a fault may have swapped in (a translating one, say).
		fmt.Fprintln(req.stderr, sh.execError(err, sh.hcPrefix(hc)))
		if err.Interpreter != "" && err.Errno == syscall.ENOENT && sh.flavour == "bash" && !bashAtLeast(sh.machine().P.BashVersion, 5, 2) {
			code = 126 // bash 5.1's "bad interpreter" (5.2 and dash say not found, 127)
		}
	}
	if killed.Signal != 0 && code == 128+killed.Signal {
		return killed // the shell reports it as a killed job
	}
	return exitErr(code)
}

// execError words a failed exec as the shell does, and picks its status.
func (sh *shellProc) execError(err *ExecError, prefix string) string {
	switch err.Errno {
	case syscall.ENOENT:
		if err.Interpreter != "" && sh.flavour == "bash" {
			if bashAtLeast(sh.machine().P.BashVersion, 5, 2) {
				return prefix + err.Name + ": cannot execute: required file not found"
			}
			// bash 5.1 names no line here, and shows a control character as ^X
			return sh.argv0 + ": " + err.Name + ": " + caretControls(err.Interpreter) + ": bad interpreter: " + strerror(sh.machine().P, err.Errno)
		}
		if err.Package != "" {
			return prefix + err.Name + ": not emulated by the simulated host (a real host runs " + err.Path + " of package " + err.Package + ")"
		}
		if !strings.Contains(err.Name, "/") || sh.flavour == "dash" {
			return sh.notFound(err.Name, prefix)
		}
		return prefix + err.Name + ": " + strerror(sh.machine().P, err.Errno)
	case syscall.ENOEXEC:
		return prefix + err.Name + ": cannot execute binary file: Exec format error"
	case syscall.EISDIR:
		if sh.flavour == "dash" {
			return prefix + err.Name + ": Permission denied" // dash's execve said EACCES
		}
		return prefix + err.Name + ": Is a directory"
	default:
		if err.Interpreter != "" {
			return prefix + err.Name + ": " + err.Interpreter + ": bad interpreter: " + strerror(sh.machine().P, err.Errno)
		}
		return prefix + err.Name + ": " + strerror(sh.machine().P, err.Errno)
	}
}

func exitErr(code int) error {
	if code == 0 {
		return nil // status 0 is no error
	}
	return interp.ExitStatus(uint8(code))
}

// environ lists the exported variables of the shell's environment.
func environ(env expand.Environ) []string {
	var out []string
	env.Each(func(name string, vr expand.Variable) bool {
		if vr.Exported && vr.IsSet() {
			out = append(out, name+"="+vr.String())
		}
		return true
	})
	return out
}

// typeBuiltin answers type, command -v, command -V and hash from the host's
// PATH.
func (sh *shellProc) typeBuiltin(hc interp.HandlerContext, mode string, names []string) int {
	if mode == "type" && sh.flavour == "bash" {
		return sh.bashType(hc, names) // typehash.go
	}
	if mode == "hash" && sh.flavour == "bash" {
		return sh.bashHash(hc, names) // typehash.go
	}
	if mode == "hash" && sh.flavour == "dash" {
		return sh.dashHash(hc, names)
	}
	status := 0
	all := false // type -a: every form of the name, each file on PATH
	if sh.flavour == "dash" && mode == "-v" && len(names) > 1 {
		names = names[:1] // dash's command -v looks at its first name only
	}
	if mode == "type" {
		var flags string
		for len(names) > 0 && strings.HasPrefix(names[0], "-") && len(names[0]) > 1 {
			flags += names[0][1:]
			names = names[1:]
		}
		switch {
		case strings.Contains(flags, "t"):
			mode = "-t" // the kind of each name
		case strings.Contains(flags, "P"):
			mode = "-P" // the PATH file, whatever else the name is
		case strings.Contains(flags, "p"):
			mode = "-p" // the PATH file of a name that is one; -a is answered in the plain form
		}
		all = strings.Contains(flags, "a") && mode == "type"
	}
	pathVar := hc.Env.Get("PATH").String()
	if strings.HasPrefix(mode, "-p") {
		mode, pathVar = "-"+mode[2:], stdPath // command -pv: the standard PATH
	}
	if mode == "hash" && len(names) > 0 && names[0] == "-t" {
		return sh.hashed.printPaths(hc, sh.hcPrefix(hc), names[1:], false)
	}
	if mode == "hash" {
		if len(names) > 0 && names[0] == "-r" {
			sh.hashed.reset()
			names = names[1:]
		} else if len(names) == 0 {
			sh.hashed.print(hc.Stdout, "hash: ")
		}
	}
	anyFound := false
	for _, name := range names {
		alias, isAlias := sh.aliases[name]
		anyFound = anyFound || isAlias || sh.r.Funcs[name] != nil || syntax.IsKeyword(name) || interp.IsBuiltin(name)
		_, isFunc := sh.r.Funcs[name]
		if mode == "hash" {
			// hash remembers where a program is; a builtin or function is not
			// hashed, silently, nor a name with a slash (bash 5.2: status 0).
			if strings.Contains(name, "/") {
				continue
			}
			p, found := sh.sess.lookPath(sh.cred(), pathVar, hc.Dir, name)
			switch {
			case found:
				sh.hashed.used(name, p, false)
			case !isFunc && !interp.IsBuiltin(name):
				fmt.Fprintf(hc.Stderr, "%shash: %s: not found\n", sh.hcPrefix(hc), name)
				status = 1
			}
			continue
		}
		if mode == "-P" || mode == "-p" && !isAlias && !isFunc && !syntax.IsKeyword(name) && !interp.IsBuiltin(name) {
			if p, found := sh.sess.lookPath(sh.cred(), pathVar, hc.Dir, name); found {
				fmt.Fprintln(hc.Stdout, p)
			} else {
				status = 1
			}
			continue
		}
		if mode == "-p" {
			continue // not a file: nothing to print, and found
		}
		if mode == "-t" {
			kind := ""
			switch {
			case isAlias:
				kind = "alias"
			case syntax.IsKeyword(name):
				kind = "keyword"
			case isFunc:
				kind = "function"
			case interp.IsBuiltin(name):
				kind = "builtin"
			default:
				if _, found := sh.sess.lookPath(sh.cred(), pathVar, hc.Dir, name); found {
					kind = "file"
				}
			}
			if kind == "" {
				status = 1 // type -t says nothing of what it cannot find
				continue
			}
			fmt.Fprintln(hc.Stdout, kind)
			continue
		}
		switch {
		case isAlias && mode == "-v":
			fmt.Fprintf(hc.Stdout, "alias %s=%s\n", name, shellQuote(alias))
		case isAlias:
			fmt.Fprintf(hc.Stdout, "%s is aliased to `%s'\n", name, alias)
		case syntax.IsKeyword(name) && mode == "-v":
			fmt.Fprintln(hc.Stdout, name)
		case syntax.IsKeyword(name):
			fmt.Fprintf(hc.Stdout, "%s is a shell keyword\n", name)
		case isFunc && mode == "-v":
			fmt.Fprintln(hc.Stdout, name)
		case isFunc:
			fmt.Fprintf(hc.Stdout, "%s is a function\n", name)
			if sh.flavour == "bash" {
				fmt.Fprintln(hc.Stdout, interp.BashFunction(name, sh.r.Funcs[name]))
			}
		case interp.IsBuiltin(name) && mode == "-v":
			fmt.Fprintln(hc.Stdout, name)
		case interp.IsBuiltin(name) && all:
			fmt.Fprintf(hc.Stdout, "%s is a shell builtin\n", name)
			for _, dir := range filepath.SplitList(pathVar) {
				if p, ok := sh.sess.lookPath(sh.cred(), dir, hc.Dir, name); ok {
					fmt.Fprintf(hc.Stdout, "%s is %s\n", name, p)
				}
			}
		case interp.IsBuiltin(name):
			fmt.Fprintf(hc.Stdout, "%s is a shell builtin\n", name)
		default:
			p, ok := sh.sess.lookPath(sh.cred(), pathVar, hc.Dir, name)
			switch {
			case ok && mode == "-v":
				fmt.Fprintln(hc.Stdout, p)
				anyFound = true
			case ok:
				fmt.Fprintf(hc.Stdout, "%s is %s\n", name, p)
			case mode == "-v" && sh.flavour == "dash":
				status = 127 // dash's command -v of a missing name
			case mode == "-v":
				status = 1
			case sh.flavour == "dash":
				fmt.Fprintf(hc.Stdout, "%s: not found\n", name) // on stdout, and 127
				status = 127
			default:
				builtin := "type"
				if mode == "-V" {
					builtin = "command"
				}
				fmt.Fprintf(hc.Stderr, "%s%s: %s: not found\n", sh.hcPrefix(hc), builtin, name)
				status = 1
			}
		}
	}
	if mode == "-v" && sh.flavour == "bash" && status != 0 && anyFound {
		status = 0 // bash's command -v fails only when it found none of the names
	}
	return status
}

// shellQuote quotes s in single quotes the way bash prints alias values.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func absJoin(dir, p string) string {
	if path.IsAbs(p) {
		return path.Clean(p)
	}
	return path.Join(dir, p)
}

// open serves redirects and `source` from the host's filesystem.
func (sh *shellProc) open(ctx context.Context, name string, flag int, _ os.FileMode) (io.ReadWriteCloser, error) {
	hc := interp.HandlerCtx(ctx)
	p := absJoin(hc.Dir, name)
	switch p {
	case "/dev/null":
		return devNull{}, nil
	case "/dev/stdout":
		return writeOnly{hc.Stdout}, nil
	case "/dev/stderr":
		return writeOnly{hc.Stderr}, nil
	case "/dev/zero":
		return devZero{}, nil
	}
	if end, ok := sh.fds.open(ctx, p, flag); ok { // a process substitution's /dev/fd/N
		return end, nil
	}
	// The interpreter asks for 0644 for every redirect; a shell creates with
	// 0666 and lets the umask take its bits off.
	f, err := sh.machine().FS.OpenFile(sh.cred(), p, flag, 0o666&^fs.FileMode(sh.umask.get(hc)))
	if err != nil {
		// The interpreter prints "<op> <path>: <err>": make that the shell's own words.
		op, msg := strings.TrimSuffix(sh.hcPrefix(hc), " "), strerror(sh.machine().P, err)
		if sh.flavour == "dash" {
			op, msg = dashOpenError(op, flag, err, msg)
		}
		return nil, &fs.PathError{Op: op, Path: name, Err: shellErr(msg)}
	}
	return f, nil
}

// dashOpenError is dash's wording of a failed redirection (errmsg in its
// error.c): "cannot create" or "cannot open" before the name, and its own
// words for a missing file or directory.
func dashOpenError(prefix string, flag int, err error, msg string) (op, words string) {
	verb, missing := "cannot open", "No such file"
	if flag&(os.O_WRONLY|os.O_RDWR) != 0 {
		verb, missing = "cannot create", "Directory nonexistent"
	}
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
		msg = missing
	}
	return prefix + " " + verb, msg
}

type shellErr string

func (e shellErr) Error() string { return string(e) }

func (sh *shellProc) stat(ctx context.Context, name string, follow bool) (fs.FileInfo, error) {
	if n, ok := descriptorPath(name); ok && sh.fds.lookup(n) != nil {
		return fifoInfo(n, sh.cred()), nil
	}
	var info *vfs.Info
	var err error
	if follow {
		info, err = sh.machine().FS.Stat(sh.cred(), name)
	} else {
		info, err = sh.machine().FS.Lstat(sh.cred(), name)
	}
	if err != nil {
		return nil, err
	}
	return statInfo{info}, nil
}

func (sh *shellProc) access(ctx context.Context, name string, mode interp.AccessMode) error {
	return sh.machine().FS.Access(sh.cred(), name, uint32(mode))
}

func (sh *shellProc) readDir(ctx context.Context, name string) ([]fs.DirEntry, error) {
	infos, err := sh.machine().FS.ReadDir(sh.cred(), name)
	if err != nil {
		return nil, err
	}
	out := make([]fs.DirEntry, len(infos))
	for i, info := range infos {
		out[i] = fs.FileInfoToDirEntry(statInfo{info})
	}
	return out, nil
}

// statInfo is a host file as fs.FileInfo; Sys is a syscall.Stat_t because the
// interpreter asserts that type.
type statInfo struct{ i *vfs.Info }

func (s statInfo) Name() string       { return s.i.Name }
func (s statInfo) Size() int64        { return s.i.Size }
func (s statInfo) Mode() fs.FileMode  { return s.i.Mode }
func (s statInfo) ModTime() time.Time { return s.i.ModTime }
func (s statInfo) IsDir() bool        { return s.i.Mode.IsDir() }
func (s statInfo) Sys() any {
	return &syscall.Stat_t{Uid: uint32(s.i.UID), Gid: uint32(s.i.GID), Ino: s.i.Ino,
		Nlink: uint64(s.i.Nlink), Size: s.i.Size}
}

type devNull struct{}

func (devNull) Read([]byte) (int, error)    { return 0, io.EOF }
func (devNull) Write(b []byte) (int, error) { return len(b), nil }
func (devNull) Close() error                { return nil }

type devZero struct{}

func (devZero) Read(b []byte) (int, error) {
	clear(b)
	return len(b), nil
}
func (devZero) Write(b []byte) (int, error) { return len(b), nil }
func (devZero) Close() error                { return nil }

type writeOnly struct{ w io.Writer }

func (w writeOnly) Read([]byte) (int, error)    { return 0, syscall.EBADF }
func (w writeOnly) Write(b []byte) (int, error) { return w.w.Write(b) }
func (w writeOnly) Close() error                { return nil }

// caretControls shows control characters as bash's printable form does: ^M
// for a carriage return, ^? for DEL.
func caretControls(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		switch {
		case c < 0x20:
			b.WriteByte('^')
			b.WriteByte(c + '@')
		case c == 0x7f:
			b.WriteString("^?")
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// commandFlags splits command's options (-p, -v, -V, grouped or not) from
// the command it runs.
func commandFlags(args []string) (flags string, rest []string) {
	for len(args) > 0 && len(args[0]) > 1 && args[0][0] == '-' {
		if args[0] == "--" {
			return flags, args[1:]
		}
		if strings.Trim(args[0][1:], "pvV") != "" {
			break // an option command lacks: the interpreter refuses it
		}
		flags += args[0][1:]
		args = args[1:]
	}
	return flags, args
}

// dashUnalias is dash's unalias: -a removes every alias, another option is
// "Illegal option" (status 2), and a name that is no alias is
// "unalias: NAME not found" with no script prefix (status 1). It answers the
// errors itself and leaves the interpreter only the names it has.
func (sh *shellProc) dashUnalias(hc interp.HandlerContext, args []string) []string {
	names := args[1:]
	switch {
	case len(names) > 0 && names[0] == "--":
		names = names[1:]
	case len(names) > 0 && len(names[0]) > 1 && names[0][0] == '-':
		for _, c := range names[0][1:] {
			if c != 'a' {
				fmt.Fprintf(hc.Stderr, "%sunalias: Illegal option -%c\n", sh.hcPrefix(hc), c)
				return []string{noopCmd, "2"}
			}
		}
		all := []string{"unalias"} // the interpreter's unalias has no -a
		for name := range sh.aliases {
			all = append(all, name)
		}
		clear(sh.aliases)
		if len(all) == 1 {
			return []string{"true"}
		}
		return all
	}
	kept, missing := []string{"unalias"}, false
	for _, name := range names {
		if _, ok := sh.aliases[name]; ok {
			delete(sh.aliases, name)
			kept = append(kept, name)
			continue
		}
		fmt.Fprintf(hc.Stderr, "unalias: %s not found\n", name)
		missing = true
	}
	if missing && len(kept) == 1 {
		return []string{noopCmd}
	}
	// With names removed and names missing both, dash's status is 1 where
	// this gives the interpreter's 0: its aliases can only be removed by
	// its own builtin, which then answers.
	return kept
}
