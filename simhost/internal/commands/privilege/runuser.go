package privilege

import (
	"errors"
	"path"

	"github.com/hostile-lab/hostile/simhost/shell"
)

func init() {
	shell.Register(shell.Command{Name: "runuser", Only: "gnu", Sbin: true, ShortName: true, Run: runuser})
}

// runuser is util-linux's su for root, with no password asked: su's options
// and its environment, or with -u USER a command run as that user directly,
// no shell between (runuser -u postgres -- pg_ctl ...).
func runuser(p *shell.Proc) int {
	o, code := privParseSu(p, true)
	if code >= 0 {
		return code
	}
	if p.User.UID != 0 {
		return p.Fail(1, "may not be used by non-root users")
	}
	if o.user {
		if o.hasCommand || o.login || o.shell != "" || o.fast {
			return p.Fail(1, "options --{shell,fast,command,session-command,login} and --user are mutually exclusive")
		}
		if len(o.operands) == 0 {
			return p.Fail(1, "no command was specified")
		}
	}
	name := "root"
	switch {
	case o.user:
		name = o.userName
	case len(o.operands) > 0:
		name, o.operands = o.operands[0], o.operands[1:]
	}
	a := p.M.User(name)
	if a == nil {
		return p.Fail(1, "user %s does not exist or the user entry does not contain all the required fields", name)
	}
	sh := a.Shell
	if o.shell != "" {
		sh = o.shell // root may name any shell
	}
	env := privSuEnv(p, a, sh, o.login, o.preserve)
	if o.user {
		code, err := p.Exec(a, env, o.operands, p.Stdin, p.Stdout, p.Stderr)
		var ee *shell.ExecError
		if errors.As(err, &ee) {
			return p.Fail(1, "failed to execute %s: %s", o.operands[0], p.Strerror(ee.Errno))
		}
		return code
	}
	argv0 := path.Base(sh)
	if o.login {
		argv0 = "-" + argv0
	}
	return privRunAs(p, a, env, o.hasCommand, o.command, append([]string{argv0}, o.operands...), o.login)
}
