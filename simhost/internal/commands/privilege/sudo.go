package privilege

import (
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/shell"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

func init() {
	shell.Register(shell.Command{Name: "sudo", ShortName: true, Run: sudo})
}

// privSudoVersion is the sudo a personality ships and what changes with it.
type privSudoVersion struct {
	name    string // "1.9.13p3"
	grammar int
	// modern is sudo 1.9: an audit plugin, the "a terminal is required"
	// wording, and "a password is required" after a password read failed.
	modern bool
	// quiet is 1.9.13's wording without "This incident will be reported."
	// and with the lecture line about the invisible password.
	quiet bool
	// tagsPerLine is 1.9.13's sudo -l, which names a rule's tags again on
	// each line it starts for a new runas list; 1.9.5 names only changes.
	tagsPerLine bool
	timeout     float64 // timestamp_timeout in minutes
	tsDir       string
	lectureDir  string
	usage       string
}

// privSudoVersionOf is the sudo the personality ships: its version, grammar
// and build's timeout and directories (as sudo -V tells root), and the
// wordings that came with 1.9 and 1.9.13.
func privSudoVersionOf(m *machine.Machine) privSudoVersion {
	p := m.P
	grammar, _ := strconv.Atoi(p.Version("sudoers-grammar"))
	timeout, _ := strconv.ParseFloat(p.Version("sudo-timestamp-timeout"), 64)
	v := privSudoVersion{name: p.Version("sudo"), grammar: grammar, timeout: timeout,
		tsDir: p.Version("sudo-timestamp-dir"), lectureDir: p.Version("sudo-lecture-dir"), usage: privUsage18}
	if p.VersionAtLeast("sudo", "1.9") {
		v.modern, v.usage = true, privUsage195
	}
	if p.VersionAtLeast("sudo", "1.9.13") {
		v.quiet, v.tagsPerLine, v.usage = true, true, privUsage1913
	}
	return v
}

// The usage texts as each sudo prints them, a line each before wrapping:
// privUsage prints them wrapped.
const privUsage1913 = `usage: sudo -h | -K | -k | -V
usage: sudo -v [-ABkNnS] [-g group] [-h host] [-p prompt] [-u user]
usage: sudo -l [-ABkNnS] [-g group] [-h host] [-p prompt] [-U user] [-u user] [command [arg ...]]
usage: sudo [-ABbEHkNnPS] [-r role] [-t type] [-C num] [-D directory] [-g group] [-h host] [-p prompt] [-R directory] [-T timeout] [-u user] [VAR=value] [-i | -s] [command [arg ...]]
usage: sudo -e [-ABkNnS] [-r role] [-t type] [-C num] [-D directory] [-g group] [-h host] [-p prompt] [-R directory] [-T timeout] [-u user] file ...
`

const privUsage195 = `usage: sudo -h | -K | -k | -V
usage: sudo -v [-AknS] [-g group] [-h host] [-p prompt] [-u user]
usage: sudo -l [-AknS] [-g group] [-h host] [-p prompt] [-U user] [-u user] [command]
usage: sudo [-AbEHknPS] [-r role] [-t type] [-C num] [-D directory] [-g group] [-h host] [-p prompt] [-R directory] [-T timeout] [-u user] [VAR=value] [-i|-s] [<command>]
usage: sudo -e [-AknS] [-r role] [-t type] [-C num] [-D directory] [-g group] [-h host] [-p prompt] [-R directory] [-T timeout] [-u user] file ...
`

// privOptions19 is sudo 1.9's help after its usage, captured the same from
// 1.9.13 and 1.9.5 (Debian 12 and 11) with nothing wrapped.
const privOptions19 = `Options:
  -A, --askpass                 use a helper program for password prompting
  -b, --background              run command in the background
  -B, --bell                    ring bell when prompting
  -C, --close-from=num          close all file descriptors >= num
  -D, --chdir=directory         change the working directory before running command
  -E, --preserve-env            preserve user environment when running command
      --preserve-env=list       preserve specific environment variables
  -e, --edit                    edit files instead of running a command
  -g, --group=group             run command as the specified group name or ID
  -H, --set-home                set HOME variable to target user's home dir
  -h, --help                    display help message and exit
  -h, --host=host               run command on host (if supported by plugin)
  -i, --login                   run login shell as the target user; a command may also be specified
  -K, --remove-timestamp        remove timestamp file completely
  -k, --reset-timestamp         invalidate timestamp file
  -l, --list                    list user's privileges or check a specific command; use twice for longer format
  -n, --non-interactive         non-interactive mode, no prompts are used
  -P, --preserve-groups         preserve group vector instead of setting to target's
  -p, --prompt=prompt           use the specified password prompt
  -R, --chroot=directory        change the root directory before running command
  -r, --role=role               create SELinux security context with specified role
  -S, --stdin                   read password from standard input
  -s, --shell                   run shell as the target user; a command may also be specified
  -t, --type=type               create SELinux security context with specified type
  -T, --command-timeout=timeout terminate command after the specified time limit
  -U, --other-user=user         in list mode, display privileges for user
  -u, --user=user               run command (or edit file) as specified user name or ID
  -V, --version                 display version information and exit
  -v, --validate                update user's timestamp without running a command
  --                            stop processing command line arguments
`

// printUsage prints the usage, each line wrapped at the terminal's width
// with the continuation under the first option, as sudo's usage() does.
func (v privSudoVersion) printUsage(p *shell.Proc, w io.Writer) {
	buf := privLbuf{indent: len("usage: sudo "), cols: ttyCols(p)}
	for _, line := range strings.Split(strings.TrimSuffix(v.usage, "\n"), "\n") {
		buf.WriteString(line)
		buf.print(w)
	}
}

// printHelp is sudo -h: what sudo is, its usage, and for 1.9 its options,
// each wrapped at the terminal's width under the options' descriptions.
func (v privSudoVersion) printHelp(p *shell.Proc) {
	buf := privLbuf{indent: 32, cols: ttyCols(p)}
	buf.WriteString("sudo - execute a command as another user\n\n")
	buf.print(p.Stdout)
	v.printUsage(p, p.Stdout)
	if v.modern {
		buf.WriteString("\n" + privOptions19)
		buf.print(p.Stdout)
	}
}

const privUsage18 = `usage: sudo -h | -K | -k | -V
usage: sudo -v [-AknS] [-g group] [-h host] [-p prompt] [-u user]
usage: sudo -l [-AknS] [-g group] [-h host] [-p prompt] [-U user] [-u user] [command]
usage: sudo [-AbEHknPS] [-r role] [-t type] [-C num] [-g group] [-h host] [-p prompt] [-T timeout] [-u user] [VAR=value] [-i|-s] [<command>]
usage: sudo -e [-AknS] [-r role] [-t type] [-C num] [-g group] [-h host] [-p prompt] [-T timeout] [-u user] file ...
`

// privSudoOpts are sudo's command line.
type privSudoOpts struct {
	user, group, prompt                                 string
	otherUser                                           string // -U: whose rules -l lists
	promptSet                                           bool
	nonInteractive, stdin, shell, login, list, validate bool
	longList                                            bool // -l twice: sudo -ll
	resetTS, removeTS, preserveEnv, setHome             bool
	help, version                                       bool
	env                                                 []string // VAR=value before the command
	argv                                                []string
}

// privParseSudo reads sudo's options, stopping at the first operand as sudo
// does; it returns -1, or the exit status after a usage error.
func privParseSudo(p *shell.Proc, v privSudoVersion) (privSudoOpts, int) {
	var o privSudoOpts
	args := p.Args()
	bad := func(msg string) (privSudoOpts, int) {
		fmt.Fprintf(p.Stderr, "sudo: %s\n", msg)
		v.printUsage(p, p.Stderr)
		return o, 1
	}
	withArg := map[byte]*string{'u': &o.user, 'g': &o.group, 'p': &o.prompt, 'U': &o.otherUser}
	flags := map[byte]*bool{'n': &o.nonInteractive, 'S': &o.stdin, 's': &o.shell, 'i': &o.login,
		'l': &o.list, 'v': &o.validate, 'k': &o.resetTS, 'K': &o.removeTS, 'E': &o.preserveEnv,
		'H': &o.setHome, 'h': &o.help, 'V': &o.version, 'A': new(bool), 'B': new(bool), 'b': new(bool), 'P': new(bool)}
	long := map[string]byte{"user": 'u', "group": 'g', "prompt": 'p', "non-interactive": 'n', "stdin": 'S',
		"shell": 's', "login": 'i', "list": 'l', "validate": 'v', "reset-timestamp": 'k',
		"remove-timestamp": 'K', "preserve-env": 'E', "set-home": 'H', "help": 'h', "version": 'V',
		"askpass": 'A', "bell": 'B', "background": 'b', "preserve-groups": 'P', "other-user": 'U'}
	ignoredArg := map[byte]bool{'C': true, 'D': true, 'R': true, 'T': true, 'r': true, 't': true}
	i := 0
	for ; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			i++
			break
		}
		if privIsAssignment(a) {
			o.env = append(o.env, a) // sudo resumes its options after VAR=value
			continue
		}
		if len(a) < 2 || a[0] != '-' {
			break
		}
		if name, ok := strings.CutPrefix(a, "--"); ok {
			name, val, hasVal := strings.Cut(name, "=")
			c, known := long[name]
			if !known {
				return bad(fmt.Sprintf("unrecognized option '%s'", a))
			}
			if dst, ok := withArg[c]; ok {
				if !hasVal {
					if i+1 == len(args) {
						return bad(fmt.Sprintf("option '--%s' requires an argument", name))
					}
					i++
					val = args[i]
				}
				*dst, o.promptSet = val, o.promptSet || c == 'p'
				continue
			}
			o.longList = o.longList || c == 'l' && o.list
			*flags[c] = true
			continue
		}
		for j := 1; j < len(a); j++ {
			c := a[j]
			if dst, ok := withArg[c]; ok || ignoredArg[c] {
				val := a[j+1:]
				if val == "" {
					if i+1 == len(args) {
						return bad(fmt.Sprintf("option requires an argument -- '%c'", c))
					}
					i++
					val = args[i]
				}
				if ok {
					*dst, o.promptSet = val, o.promptSet || c == 'p'
				}
				break
			}
			f, ok := flags[c]
			if !ok {
				return bad(fmt.Sprintf("invalid option -- '%c'", c))
			}
			o.longList = o.longList || c == 'l' && o.list
			*f = true
		}
	}
	rest := args[i:]
	for len(rest) > 0 && privIsAssignment(rest[0]) {
		o.env, rest = append(o.env, rest[0]), rest[1:]
	}
	o.argv = rest
	if o.shell && o.login {
		return bad("you may not specify both the -i and -s options")
	}
	modes := 0
	for _, m := range []bool{o.shell || o.login, o.list, o.validate, o.removeTS, o.help, o.version} {
		if m {
			modes++
		}
	}
	if modes > 1 {
		return bad("Only one of the -e, -h, -i, -K, -l, -s, -v or -V options may be specified")
	}
	if o.otherUser != "" && !o.list {
		return bad("the -U option may only be used with the -l option")
	}
	if len(o.argv) > 0 && (o.validate || o.removeTS || o.help || o.version) {
		v.printUsage(p, p.Stderr)
		return o, 1
	}
	return o, -1
}

func privIsAssignment(s string) bool {
	name, _, ok := strings.Cut(s, "=")
	if !ok || name == "" || name[0] >= '0' && name[0] <= '9' {
		return false
	}
	return strings.Trim(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_") == ""
}

// privSudo is one sudo run: its options, policy and the request it makes.
type privSudo struct {
	p   *shell.Proc
	v   privSudoVersion
	o   privSudoOpts
	pol *privSudoers
	req *privRequest
	s   privSettings
}

// sudo runs a command as another user when sudoers allows it: /etc/sudoers is
// read at every run, the password is the account's, and the host's PAM
// session stack runs before the command (where a customised stack prints a
// banner on stdout, as in the 004 escalation).
func sudo(p *shell.Proc) int {
	v := privSudoVersionOf(p.M)
	o, code := privParseSudo(p, v)
	if code >= 0 {
		return code
	}
	sd := &privSudo{p: p, v: v, o: o}
	switch {
	case o.help:
		v.printHelp(p)
		return 0
	case o.version:
		p.Printf("Sudo version %s\nSudoers policy plugin version %s\nSudoers file grammar version %d\nSudoers I/O plugin version %s\n", v.name, v.name, v.grammar, v.name)
		if v.modern {
			p.Printf("Sudoers audit plugin version %s\n", v.name)
		}
		return 0
	case o.removeTS:
		privTimestampEdit(p, v, "", false)
		return 0
	case o.resetTS && len(o.argv) == 0 && !o.list && !o.validate && !o.shell && !o.login:
		privTimestampEdit(p, v, privTSKey(p), false)
		return 0
	case len(o.argv) == 0 && !o.list && !o.validate && !o.shell && !o.login:
		v.printUsage(p, p.Stderr)
		return 1
	}
	pol, warns, err := privLoadSudoers(p, v.modern)
	for _, w := range warns {
		fmt.Fprintln(p.Stderr, w)
	}
	if err != nil {
		return sd.fatal(true, strings.Split(err.Error(), "\n")...)
	}
	sd.pol = pol
	if code := sd.resolveTarget(); code >= 0 {
		return code
	}
	switch {
	case o.list:
		return sd.list()
	case o.validate:
		return sd.validate()
	}
	return sd.run()
}

// fatal is sudo giving up before the policy could decide anything.
func (sd *privSudo) fatal(quitting bool, lines ...string) int {
	for _, l := range lines {
		fmt.Fprintln(sd.p.Stderr, l)
	}
	if quitting {
		fmt.Fprintln(sd.p.Stderr, "sudo: no valid sudoers sources found, quitting")
	}
	if sd.v.modern {
		fmt.Fprintln(sd.p.Stderr, "sudo: error initializing audit plugin sudoers_audit")
	} else {
		fmt.Fprintln(sd.p.Stderr, "sudo: unable to initialize policy plugin")
	}
	return 1
}

// resolveTarget finds the -u user and -g group; -g alone runs as oneself.
func (sd *privSudo) resolveTarget() int {
	p, o := sd.p, sd.o
	sep := " " // 1.9.13; 1.8 and 1.9.5 put a colon after "unknown user"
	if !sd.v.quiet {
		sep = ": "
	}
	req := &privRequest{m: p.M, user: p.User, runas: p.M.User("root")}
	if o.group != "" && o.user == "" {
		req.runas = p.User
	}
	if o.user != "" {
		if req.runas = privLookupUser(p.M, o.user); req.runas == nil {
			return sd.fatal(false, "sudo: unknown user"+sep+o.user)
		}
	}
	if o.group != "" {
		if req.group = privLookupGroup(p.M, o.group); req.group == nil {
			return sd.fatal(false, "sudo: unknown group"+sep+o.group)
		}
	}
	sd.req = req
	return -1
}

func privLookupUser(m *machine.Machine, name string) *machine.Account {
	if uid, ok := strings.CutPrefix(name, "#"); ok {
		if n, err := strconv.Atoi(uid); err == nil {
			return m.UserByUID(n)
		}
	}
	return m.User(name)
}

func privLookupGroup(m *machine.Machine, name string) *machine.GroupEntry {
	if gid, ok := strings.CutPrefix(name, "#"); ok {
		if n, err := strconv.Atoi(gid); err == nil {
			return m.GroupByGID(n)
		}
	}
	return m.Group(name)
}

// commandLine is what sudo runs: the command, or a shell for -s and -i, whose
// -c argument has every character but letters, digits, _, - and $ escaped.
func (sd *privSudo) commandLine() []string {
	o := sd.o
	if !o.shell && !o.login {
		return o.argv
	}
	sh := sd.req.runas.Shell
	if o.shell {
		if sh = sd.p.Getenv("SHELL"); sh == "" {
			sh = sd.p.User.Shell
		}
	}
	if len(o.argv) == 0 {
		return []string{sh}
	}
	var b strings.Builder
	for i, a := range o.argv {
		if i > 0 {
			b.WriteByte(' ')
		}
		for _, c := range a {
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune("_-$", c)) {
				b.WriteByte('\\')
			}
			b.WriteRune(c)
		}
	}
	return []string{sh, "-c", b.String()}
}

// resolve finds the command as sudo does: through secure_path when set,
// else the user's PATH; a file must be regular with an execute bit.
func (sd *privSudo) resolve(argv []string) bool {
	p, req := sd.p, sd.req
	base := sd.pol.settings(req, sd.v, false)
	req.cmnd, req.args = argv[0], argv[1:]
	found := false
	if strings.Contains(argv[0], "/") {
		found = privExecutable(p, p.Abs(argv[0]))
		if found {
			req.cmnd = p.Abs(argv[0])
		}
	} else {
		pathVar := base.securePath
		if pathVar == "" {
			pathVar = p.Getenv("PATH")
		}
		for _, dir := range strings.Split(pathVar, ":") {
			if cand := p.Abs(path.Join(dir, argv[0])); dir != "" && privExecutable(p, cand) {
				req.cmnd, found = cand, true
				break
			}
		}
	}
	sd.s = sd.pol.settings(req, sd.v, true)
	return found
}

func privExecutable(p *shell.Proc, name string) bool {
	info, err := p.M.FS.Stat(vfs.Root, name)
	return err == nil && info.Mode.IsRegular() && info.Mode&0o111 != 0
}

// run is sudo with a command (or a shell): policy, tty, authentication,
// verdict, environment, PAM session, exec.
func (sd *privSudo) run() int {
	p, o, req := sd.p, sd.o, sd.req
	argv := sd.commandLine()
	found := sd.resolve(argv)
	verdict := sd.pol.lookup(req)
	if sd.s.requiretty && !p.TTY() {
		fmt.Fprintln(p.Stderr, "sudo: sorry, you must have a tty to run sudo")
		return 1
	}
	if code := sd.authorize(verdict.allowed && verdict.tags.has("NOPASSWD"), verdict.allowed); code != 0 {
		return code
	}
	if !verdict.allowed {
		return sd.denied(verdict, found)
	}
	if !found {
		fmt.Fprintf(p.Stderr, "sudo: %s: command not found\n", argv[0])
		return 1
	}
	if code := sd.checkEnv(verdict); code != 0 {
		return code
	}
	target := sd.target()
	env := sd.environment(target)
	if sd.s.pamSession {
		service := "sudo"
		if _, err := p.M.FS.Stat(vfs.Root, "/etc/pam.d/sudo-i"); err == nil && o.login {
			service = "sudo-i"
		}
		if !privPAMSession(p, service, target, o.shell || o.login) {
			fmt.Fprintln(p.Stderr, "sudo: pam_open_session: System error")
			fmt.Fprintln(p.Stderr, "sudo: policy plugin failed session initialization")
			return 1
		}
	}
	if o.login { // the command process enters the home, after the PAM session
		if info, err := p.M.FS.Stat(target.Cred(), target.Home); err != nil || !info.Mode.IsDir() {
			msg := "Not a directory"
			if err != nil {
				msg = p.Strerror(err)
			}
			fmt.Fprintf(p.Stderr, "sudo: unable to change directory to %s: %s\n", target.Home, msg)
			return 1
		}
	}
	// sudoers' umask (0022 by default) is united with the user's: 002 becomes
	// 022, 077 stays.
	p.Umask |= 0o022
	if o.shell || o.login {
		name := argv[0] // sudo -s runs $SHELL under its path, -i as a login shell
		if o.login {
			name = "-" + path.Base(name)
		}
		return privRunAs(p, target, env, len(argv) == 3, argv[len(argv)-1], []string{name}, o.login)
	}
	// argv[0] stays as typed, as sudo passes it ("cat: ..." in the command's
	// messages); the command's PATH finds the file sudo resolved.
	code, err := p.Exec(target, env, argv, p.Stdin, p.Stdout, p.Stderr)
	var ee *shell.ExecError
	if errors.As(err, &ee) {
		fmt.Fprintf(p.Stderr, "sudo: unable to execute %s: %s\n", req.cmnd, p.Strerror(ee.Errno))
		return 1
	}
	return code
}

// target is the account the command runs as, with the -g group as its
// primary group.
func (sd *privSudo) target() *machine.Account {
	t := *sd.req.runas
	if g := sd.req.group; g != nil {
		t.GID = g.GID
	}
	return &t
}

// denied words sudoers' refusal, after authentication as sudo does it.
func (sd *privSudo) denied(v privVerdict, found bool) int {
	p, req := sd.p, sd.req
	incident := "  This incident will be reported."
	if sd.v.quiet {
		incident = ""
	}
	switch {
	case v.noUser:
		fmt.Fprintf(p.Stderr, "%s is not in the sudoers file.%s\n", p.User.Name, incident)
	case v.noHost:
		fmt.Fprintf(p.Stderr, "%s is not allowed to run sudo on %s.%s\n", p.User.Name, p.M.Hostname, incident)
	case !found:
		fmt.Fprintf(p.Stderr, "sudo: %s: command not found\n", req.cmnd)
	default:
		as := req.runas.Name
		if req.group != nil {
			as += ":" + req.group.Name
		}
		fmt.Fprintf(p.Stderr, "Sorry, user %s is not allowed to execute '%s' as %s on %s.\n",
			p.User.Name, strings.Join(append([]string{req.cmnd}, req.args...), " "), as, p.M.Hostname)
	}
	return 1
}

// checkEnv refuses VAR=value and -E unless the rule allows setting the
// environment (SETENV, or a rule of ALL) or the names are in env_keep.
func (sd *privSudo) checkEnv(v privVerdict) int {
	setenv := v.tags.has("SETENV") || !v.tags.has("NOSETENV") && sd.matchedAll()
	if sd.p.User.UID == 0 || setenv {
		return 0
	}
	if sd.o.preserveEnv {
		fmt.Fprintln(sd.p.Stderr, "sudo: sorry, you are not allowed to preserve the environment")
		return 1
	}
	var refused []string
	for _, kv := range sd.o.env {
		name, _, _ := strings.Cut(kv, "=")
		if !privKept(name, sd.s.envKeep) {
			refused = append(refused, name)
		}
	}
	if len(refused) > 0 {
		fmt.Fprintf(sd.p.Stderr, "sudo: sorry, you are not allowed to set the following environment variables: %s\n", strings.Join(refused, ", "))
		return 1
	}
	return 0
}

// matchedAll reports whether the deciding rule is a command of ALL, which
// implies SETENV.
func (sd *privSudo) matchedAll() bool {
	all := false
	for _, sp := range sd.pol.userSpecs(sd.p.M, sd.p.User) {
		for _, c := range sp.cmnds {
			if sp.onHost && sd.pol.runasOK(c, sd.req) && sd.pol.cmndMatch(sd.req, c.cmnd, 0) {
				all = !c.negated && strings.TrimSpace(c.cmnd) == "ALL"
			}
		}
	}
	return all
}

// privEnvKept are the variables env_reset keeps by default (env_keep and
// env_check).
var privEnvKept = []string{"COLORS", "DISPLAY", "HOSTNAME", "KRB5CCNAME", "LS_COLORS", "PS1", "PS2",
	"XAUTHORITY", "XAUTHORIZATION", "XDG_CURRENT_DESKTOP", "COLORTERM", "LANG", "LANGUAGE", "LC_*",
	"LINGUAS", "TERM", "TZ", "PATH"}

func privKept(name string, extra []string) bool {
	for _, pat := range append(slices.Clone(privEnvKept), extra...) {
		if pat == name || strings.HasSuffix(pat, "*") && strings.HasPrefix(name, strings.TrimSuffix(pat, "*")) {
			return true
		}
	}
	return false
}

// environment is the command's environment after env_reset, in the order
// sudo builds it.
func (sd *privSudo) environment(t *machine.Account) []string {
	p, o, s := sd.p, sd.o, sd.s
	var env []string
	set := func(k, v string) {
		for i, kv := range env {
			if strings.HasPrefix(kv, k+"=") {
				env[i] = k + "=" + v
				return
			}
		}
		env = append(env, k+"="+v)
	}
	has := func(k string) bool {
		return slices.ContainsFunc(env, func(kv string) bool { return strings.HasPrefix(kv, k+"=") })
	}
	if o.preserveEnv || !s.envReset {
		env = slices.Clone(p.Env)
	} else {
		for _, kv := range p.Env {
			if name, _, _ := strings.Cut(kv, "="); privKept(name, s.envKeep) && !(o.login && name == "PATH") {
				env = append(env, kv)
			}
		}
	}
	if !o.preserveEnv || o.setHome || o.login {
		set("MAIL", "/var/mail/"+t.Name)
		set("HOME", t.Home)
		set("SHELL", t.Shell)
	}
	if !has("TERM") {
		set("TERM", "unknown")
	}
	if !has("PATH") {
		set("PATH", "/usr/bin:/bin:/usr/sbin:/sbin")
	}
	set("LOGNAME", t.Name)
	set("USER", t.Name)
	for _, kv := range o.env {
		k, v, _ := strings.Cut(kv, "=")
		set(k, v)
	}
	if s.securePath != "" {
		set("PATH", s.securePath)
	}
	set("SUDO_COMMAND", strings.Join(append([]string{sd.req.cmnd}, sd.req.args...), " "))
	set("SUDO_USER", p.User.Name)
	set("SUDO_UID", strconv.Itoa(p.User.UID))
	set("SUDO_GID", strconv.Itoa(p.User.GID))
	return env
}
