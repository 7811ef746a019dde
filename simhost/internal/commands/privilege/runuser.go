package privilege

import (
	"errors"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/hostile-lab/hostile/simhost/shell"
)

// runuser (util-linux) is su for root, with no authentication: provisioners
// drop to a service user with "runuser -u USER -- CMD" (the command run
// directly, no shell) or "runuser [-l] USER -c CMD" (su's form).
func init() {
	shell.Register(shell.Command{Name: "runuser", Only: "gnu", Sbin: true, ShortName: true, Run: runuser})
}

func runuser(p *shell.Proc) int {
	o, code := privParseSu(p)
	if code >= 0 {
		return code
	}
	if p.User.UID != 0 {
		return p.Fail(1, "may not be used by non-root users")
	}
	if o.user == "" {
		name := "root"
		if len(o.operands) > 0 {
			name, o.operands = o.operands[0], o.operands[1:]
		}
		a := p.M.User(name)
		if a == nil {
			return p.Fail(1, "user %s does not exist or the user entry does not contain all the required fields", name)
		}
		sh := a.Shell
		if o.shell != "" {
			sh = o.shell
		}
		argv0 := path.Base(sh)
		if o.login {
			argv0 = "-" + argv0
		}
		return privRunAs(p, a, privSuEnv(p, a, sh, o.login, o.preserve), o.hasCommand, o.command, append([]string{argv0}, o.operands...), o.login)
	}
	if o.suOnly {
		return p.Fail(1, "options --{shell,fast,command,session-command,login} and --user are mutually exclusive")
	}
	if len(o.operands) == 0 {
		return p.Fail(1, "no command was specified")
	}
	a := p.M.User(o.user)
	if a == nil {
		return p.Fail(1, "user %s does not exist or the user entry does not contain all the required fields", o.user)
	}
	// su's environment with no shell to name: HOME, and USER and LOGNAME
	// for a user other than root.
	env := slices.Clone(p.Env)
	if !o.preserve {
		set := func(k, v string) {
			env = slices.DeleteFunc(env, func(kv string) bool { return strings.HasPrefix(kv, k+"=") })
			env = append(env, k+"="+v)
		}
		set("HOME", a.Home)
		if a.UID != 0 {
			set("USER", a.Name)
			set("LOGNAME", a.Name)
		}
	}
	status, err := p.Exec(a, env, o.operands, p.Stdin, p.Stdout, p.Stderr)
	var ee *shell.ExecError
	if errors.As(err, &ee) {
		if ee.Fork {
			return 1
		}
		fmt.Fprintf(p.Stderr, "%s: failed to execute %s: %s\n", p.Name(), o.operands[0], p.Strerror(ee.Errno))
		return 1
	}
	return status
}
