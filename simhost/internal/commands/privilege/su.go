package privilege

import (
	"fmt"
	"io"
	"path"
	"slices"
	"strings"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/shell"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

func init() {
	shell.Register(shell.Command{Name: "su", ShortName: true, Run: su})
}

const privSuHelp = `
Usage:
 su [options] [-] [<user> [<argument>...]]

Change the effective user ID and group ID to that of <user>.
A mere - implies -l.  If <user> is not given, root is assumed.

Options:
 -m, -p, --preserve-environment      do not reset environment variables
 -w, --whitelist-environment <list>  don't reset specified variables

 -g, --group <group>             specify the primary group
 -G, --supp-group <group>        specify a supplemental group

 -, -l, --login                  make the shell a login shell
 -c, --command <command>         pass a single command to the shell with -c
 --session-command <command>     pass a single command to the shell with -c
                                   and do not create a new session
 -f, --fast                      pass -f to the shell (for csh or tcsh)
 -s, --shell <shell>             run <shell> if /etc/shells allows it
 -P, --pty                       create a new pseudo-terminal

 -h, --help                      display this help
 -V, --version                   display version

For more details see su(1).
`

// privSuOpts are su's command line.
type privSuOpts struct {
	login, preserve bool
	command, shell  string
	hasCommand      bool
	operands        []string
	// runuser's: -u USER, and whether an option -u excludes was given
	user   string
	suOnly bool
}

// su switches to another user (root by default) after asking for that
// user's password, unless the caller is root, and runs the user's shell.
func su(p *shell.Proc) int {
	if p.Solaris() {
		return privSuSolaris(p)
	}
	o, code := privParseSu(p)
	if code >= 0 {
		return code
	}
	name := "root"
	if len(o.operands) > 0 {
		name, o.operands = o.operands[0], o.operands[1:]
	}
	a := p.M.User(name)
	if a == nil {
		if p.M.P.VersionAtLeast("util-linux", "2.36") { // seen on 2.36.1 (Debian 11) and 2.38.1
			return p.Fail(1, "user %s does not exist or the user entry does not contain all the required fields", name)
		}
		return p.Fail(1, "user %s does not exist", name)
	}
	if !privSuAuth(p, a) {
		return p.Fail(1, "Authentication failure")
	}
	sh := a.Shell
	if o.shell != "" && (p.User.UID == 0 || privShellListed(p, a.Shell)) {
		sh = o.shell
	}
	env := privSuEnv(p, a, sh, o.login, o.preserve)
	argv0 := path.Base(sh)
	if o.login {
		argv0 = "-" + argv0
	}
	return privRunAs(p, a, env, o.hasCommand, o.command, append([]string{argv0}, o.operands...), o.login)
}

// privParseSu reads util-linux su's options (runuser's too, which adds -u),
// which may come after the user name; it returns -1, or the exit status
// when the program is done.
func privParseSu(p *shell.Proc) (privSuOpts, int) {
	var o privSuOpts
	args := p.Args()
	prog := p.Name()
	long := map[string]byte{"login": 'l', "command": 'c', "session-command": 'c', "shell": 's',
		"preserve-environment": 'm', "fast": 'f', "help": 'h', "version": 'V', "pty": 'P',
		"group": 'g', "supp-group": 'G', "whitelist-environment": 'w'}
	takesArg := "csgGw"
	if prog == "runuser" {
		long["user"], takesArg = 'u', takesArg+"u"
	}
	for i := 0; i < len(args); i++ {
		a := args[i]
		var opts []byte
		var val, longName string
		hasVal := false
		switch {
		case a == "--":
			o.operands = append(o.operands, args[i+1:]...)
			i = len(args)
			continue
		case a == "-" || !strings.HasPrefix(a, "-"):
			o.operands = append(o.operands, a)
			continue
		case strings.HasPrefix(a, "--"):
			name, v, ok := strings.Cut(a[2:], "=")
			c, known := long[name]
			if !known {
				fmt.Fprintf(p.Stderr, "%s: unrecognized option '%s'\nTry '%s --help' for more information.\n", prog, a, prog)
				return o, 1
			}
			opts, val, hasVal, longName = []byte{c}, v, ok, name
		default:
			opts = []byte(a[1:])
		}
		for j, c := range opts {
			if strings.IndexByte(takesArg, c) >= 0 {
				if !hasVal {
					if val = string(opts[j+1:]); val == "" {
						if i+1 == len(args) {
							if longName != "" {
								fmt.Fprintf(p.Stderr, "%s: option '--%s' requires an argument\nTry '%s --help' for more information.\n", prog, longName, prog)
								return o, 1
							}
							fmt.Fprintf(p.Stderr, "%s: option requires an argument -- '%c'\nTry '%s --help' for more information.\n", prog, c, prog)
							return o, 1
						}
						i++
						val = args[i]
					}
				}
				switch c {
				case 'c':
					o.command, o.hasCommand, o.suOnly = val, true, true
				case 's':
					o.shell, o.suOnly = val, true
				case 'u':
					o.user = val
				case 'g', 'G':
					if p.User.UID != 0 {
						return o, p.Fail(1, "only root can specify alternative groups")
					}
				}
				break
			}
			switch c {
			case 'l':
				o.login, o.suOnly = true, true
			case 'm', 'p':
				o.preserve = true
			case 'f':
				o.suOnly = true
			case 'P':
			case 'h':
				if prog != "su" {
					p.NotEmulated(prog + " --help")
					return o, 0
				}
				p.Printf("%s", privSuHelp)
				return o, 0
			case 'V':
				return o, progkit.UtilLinuxVersion(p)
			default:
				fmt.Fprintf(p.Stderr, "%s: invalid option -- '%c'\nTry '%s --help' for more information.\n", prog, c, prog)
				return o, 1
			}
		}
	}
	if len(o.operands) > 0 && o.operands[0] == "-" && o.user == "" {
		o.login, o.suOnly, o.operands = true, true, o.operands[1:]
	}
	return o, -1
}

// privSuAuth asks for a's password on stderr and reads a line from stdin,
// as PAM's conversation does with or without a terminal; root is not asked.
func privSuAuth(p *shell.Proc, a *machine.Account) bool {
	if p.User.UID == 0 {
		return true
	}
	line, err := p.ReadSecret("Password: ")
	if p.TTY() {
		io.WriteString(p.Stderr, "\n")
	}
	return p.Ctx.Err() == nil && (err == nil || line != "") && a.Password != "" && line == a.Password
}

func privShellListed(p *shell.Proc, sh string) bool {
	data, err := p.M.FS.ReadFile(vfs.Root, "/etc/shells")
	return err == nil && slices.Contains(strings.Split(string(data), "\n"), sh)
}

// privSuEnv is util-linux su's environment: a login keeps only TERM and sets
// HOME, SHELL, USER, LOGNAME and PATH; otherwise HOME and SHELL change, and
// USER and LOGNAME unless the target is root.
func privSuEnv(p *shell.Proc, a *machine.Account, sh string, login, preserve bool) []string {
	if preserve {
		return slices.Clone(p.Env)
	}
	var env []string
	if login {
		if term := p.Getenv("TERM"); term != "" {
			env = append(env, "TERM="+term)
		}
	} else {
		env = slices.Clone(p.Env)
	}
	set := func(k, v string) {
		env = slices.DeleteFunc(env, func(kv string) bool { return strings.HasPrefix(kv, k+"=") })
		env = append(env, k+"="+v)
	}
	set("HOME", a.Home)
	set("SHELL", sh)
	if login || a.UID != 0 {
		set("USER", a.Name)
		set("LOGNAME", a.Name)
	}
	if login {
		set("PATH", privUserPath(p, a))
	}
	return env
}

// privUserPath is login.defs' ENV_SUPATH for root and ENV_PATH for others.
func privUserPath(p *shell.Proc, a *machine.Account) string {
	if a.UID == 0 {
		return p.M.P.RootPath
	}
	return p.M.P.Path
}

// privRunAs runs a's shell for su and sudo -i: with a command as `shell -c`,
// without one reading its commands from stdin, as a shell without a terminal
// does. A login shell starts in the home directory (warning when it cannot
// enter it) and reads the profile files.
func privRunAs(p *shell.Proc, a *machine.Account, env []string, hasCommand bool, command string, args []string, login bool) int {
	script := command
	if !hasCommand {
		data, _ := p.ReadAll(p.Stdin)
		script = string(data)
	}
	run := shell.ShellRun{Account: a, Env: env, Script: script, Args: args, Login: login}
	if login {
		if info, err := p.M.FS.Stat(a.Cred(), a.Home); err != nil || !info.Mode.IsDir() || p.M.FS.Access(a.Cred(), a.Home, 1) != nil {
			msg := "Permission denied"
			if err != nil {
				msg = p.Strerror(err)
			} else if !info.Mode.IsDir() {
				msg = "Not a directory"
			}
			p.Errorf("warning: cannot change directory to %s: %s", a.Home, msg)
		} else {
			run.Dir = a.Home
		}
	}
	return p.RunShell(run)
}

// privSuSolaris is Solaris su: su [-] [name [arg ...]], the arguments going
// to the shell, "su: Sorry" for a wrong password.
func privSuSolaris(p *shell.Proc) int {
	args := p.Args()
	login := len(args) > 0 && args[0] == "-"
	if login {
		args = args[1:]
	}
	if len(args) > 0 && strings.HasPrefix(args[0], "-") && args[0] != "-" {
		fmt.Fprintf(p.Stderr, "su: illegal option -- %s\nusage: su [-] [ name [ arg ... ] ]\n", strings.TrimPrefix(args[0], "-")[:1])
		return 1
	}
	name := "root"
	if len(args) > 0 {
		name, args = args[0], args[1:]
	}
	a := p.M.User(name)
	if a == nil {
		return p.Fail(1, "Unknown id: %s", name)
	}
	if !privSuAuth(p, a) {
		return p.Fail(1, "Sorry")
	}
	var env []string
	if login {
		env = []string{"HOME=" + a.Home, "LOGNAME=" + a.Name, "PATH=" + privUserPath(p, a),
			"SHELL=" + a.Shell, "MAIL=/var/mail/" + a.Name}
		if term := p.Getenv("TERM"); term != "" {
			env = append(env, "TERM="+term)
		}
	} else {
		env = append(slices.DeleteFunc(slices.Clone(p.Env), func(kv string) bool { return strings.HasPrefix(kv, "PATH=") }),
			"PATH="+privUserPath(p, a))
	}
	argv0 := path.Base(a.Shell)
	if login {
		argv0 = "-" + argv0
	}
	if len(args) >= 2 && args[0] == "-c" {
		return privRunAs(p, a, env, true, args[1], append([]string{argv0}, args[2:]...), login)
	}
	return privRunAs(p, a, env, false, "", append([]string{argv0}, args...), login)
}
