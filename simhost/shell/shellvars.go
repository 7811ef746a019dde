package shell

import (
	"path"
	"strconv"
	"strings"
	"sync"

	"mvdan.cc/sh/v3/expand"
	"mvdan.cc/sh/v3/interp"
	"mvdan.cc/sh/v3/syntax"
)

// startEnviron is what a new shell process starts with: the environment it
// was given and what the shell sets itself. Every shell but dash sets UID
// and EUID without exporting them; bash also sets BASH_VERSION and its kin, and
// exports a SHLVL one above its parent's.
func (sh *shellProc) startEnviron(env []string) expand.Environ {
	env = append([]string(nil), env...)
	// bash exports PWD; the other shells keep it exported when they got it.
	sh.exportsPWD = sh.flavour == "bash" || envValue(env, "PWD") != ""
	a := sh.acct
	own := map[string]string{}
	if sh.flavour != "dash" { // dash has no UID or EUID (seen in Debian's dash 0.5.11 and 0.5.12)
		own["UID"], own["EUID"] = strconv.Itoa(a.UID), strconv.Itoa(a.UID)
	}
	if sh.flavour == "bash" || sh.flavour == "dash" {
		own["PS4"] = "+ " // both set it, unexported
	}
	if sh.flavour == "bash" && !sh.machine().P.IsSolaris() {
		level, _ := strconv.Atoi(envValue(env, "SHLVL"))
		env = append(env, "SHLVL="+strconv.Itoa(level+1))
		u := sh.machine().P.Uname
		// bash finds itself on PATH when started by a bare name, as sshd
		// starts it: /usr/bin/bash on a merged /usr, whatever passwd says.
		own["BASH"] = a.Shell
		if found, ok := sh.sess.lookPath(a.Cred(), envValue(env, "PATH"), "/", path.Base(a.Shell)); ok && path.IsAbs(found) {
			own["BASH"] = found
		}
		if envValue(env, "TERM") == "" {
			own["TERM"] = "dumb" // bash's own, unexported, when it was given none
		}
		own["BASH_VERSION"] = sh.machine().P.BashVersion
		own["HOSTNAME"] = sh.machine().Hostname
		own["OSTYPE"] = "linux-gnu"
		own["HOSTTYPE"] = u.Machine
		own["MACHTYPE"] = sh.machine().P.Version("bash-host") // the build's triplet, as bash --version says
		own["OPTERR"] = "1"
		own["COMP_WORDBREAKS"] = " \t\n\"'@><=;|&(:" // readline's, set even without a terminal
		if bashAtLeast(sh.machine().P.BashVersion, 5, 2) {
			own["BASH_LOADABLES_PATH"] = "/usr/local/lib/bash:/usr/lib/bash:/opt/local/lib/bash:/usr/pkg/lib/bash:/opt/pkg/lib/bash:."
		}
	}
	return shellEnviron{exported: expand.ListEnviron(env...), own: own}
}

// shellEnviron is the exported environment with the shell's own variables,
// which are read-only where bash makes them so and never exported.
type shellEnviron struct {
	exported expand.Environ
	own      map[string]string
}

func (e shellEnviron) Get(name string) expand.Variable {
	if v, ok := e.own["BASH_VERSION"]; ok && name == "BASH_VERSINFO" {
		return expand.Variable{Set: true, Kind: expand.Indexed, ReadOnly: true, List: bashVersInfo(v, e.own["MACHTYPE"])}
	}
	if v, ok := e.own[name]; ok {
		id := name == "UID" || name == "EUID"
		return expand.Variable{Set: true, Kind: expand.String, Str: v, ReadOnly: id, Integer: id && e.own["BASH_VERSION"] != ""}
	}
	return e.exported.Get(name)
}

func (e shellEnviron) Each(fn func(name string, vr expand.Variable) bool) {
	e.exported.Each(func(name string, vr expand.Variable) bool {
		_, shadowed := e.own[name]
		return shadowed || fn(name, vr)
	})
	for name := range e.own {
		if !fn(name, e.Get(name)) {
			return
		}
	}
	if _, ok := e.own["BASH_VERSION"]; ok {
		fn("BASH_VERSINFO", e.Get("BASH_VERSINFO"))
	}
}

// hostExported names the variables childEnv exports although the
// interpreter keeps them unexported, as export -p lists them: bash's PWD
// and OLDPWD (declared at start, unset until the first cd).
func (sh *shellProc) hostExported() []string {
	var names []string
	if sh.flavour == "bash" && !sh.machine().P.IsSolaris() {
		names = append(names, "OLDPWD")
	}
	if sh.exportsPWD {
		names = append(names, "PWD")
	}
	return names
}

// childEnv is the environment a program gets from the shell: the exported
// variables with PWD as it is now, and for bash the ones it exports of its
// own accord: OLDPWD, _ as the program's path, and SHLVL one lower for a
// program bash execs in its own place.
func (sh *shellProc) childEnv(hc interp.HandlerContext, name string) []string {
	env := environ(hc.Env)
	if sh.exportsPWD {
		env = setEnv(env, "PWD", hc.Dir) // the interpreter keeps PWD unexported
	}
	if sh.flavour == "dash" {
		return exportOrder(env, "dash")
	}
	if sh.flavour != "bash" || sh.machine().P.IsSolaris() {
		return env
	}
	if sh.oneShot[hc.Pos] {
		level, _ := strconv.Atoi(envValue(env, "SHLVL"))
		env = setEnv(env, "SHLVL", strconv.Itoa(level-1))
	}
	if old := hc.Env.Get("OLDPWD"); old.IsSet() {
		env = setEnv(env, "OLDPWD", old.String())
	}
	env = exportOrder(env, "bash")
	if !strings.Contains(name, "/") {
		if p, found := sh.sess.lookPath(sh.cred(), hc.Env.Get("PATH").String(), hc.Dir, name); found {
			name = p
		}
	}
	return setEnv(env, "_", name)
}

// setEnv puts key=value in env, in place of any value key had.
func setEnv(env []string, key, value string) []string {
	out := env[:0:0]
	for _, kv := range env {
		if !strings.HasPrefix(kv, key+"=") {
			out = append(out, kv)
		}
	}
	return append(out, key+"="+value)
}

// inPlace is the command of the running -c text that the shell execs in its
// own process, which keeps the shell's pid (see lastCommand). Once taken, or
// once it turns out to be a builtin or function, it is gone, so that a
// command of a sourced or eval'd text at the same position is not mistaken
// for it. A background job may run alongside, hence the lock.
type inPlace struct {
	mu  sync.Mutex
	pos syntax.Pos
}

func (ip *inPlace) arm(pos syntax.Pos) {
	ip.mu.Lock()
	ip.pos = pos
	ip.mu.Unlock()
}

// take reports whether pos is the command to exec in place, and disarms.
func (ip *inPlace) take(pos syntax.Pos) bool {
	ip.mu.Lock()
	defer ip.mu.Unlock()
	if !pos.IsValid() || ip.pos != pos {
		return false
	}
	ip.pos = syntax.Pos{}
	return true
}

// armedAt reports whether pos is the command to exec in place.
func (ip *inPlace) armedAt(pos syntax.Pos) bool {
	ip.mu.Lock()
	defer ip.mu.Unlock()
	return pos.IsValid() && ip.pos == pos
}

// drop disarms when pos is the command.
func (ip *inPlace) drop(pos syntax.Pos) {
	ip.mu.Lock()
	if ip.pos == pos {
		ip.pos = syntax.Pos{}
	}
	ip.mu.Unlock()
}

// lastCommand is the command bash -c (and dash -c) execs in its own place: the last simple
// command of the text (of an && or || list that is the whole text), whose
// position it returns; an invalid position when there is none.
func lastCommand(file *syntax.File) syntax.Pos {
	n := len(file.Stmts)
	if n == 0 {
		return syntax.Pos{}
	}
	last := file.Stmts[n-1]
	for n == 1 {
		bin, ok := last.Cmd.(*syntax.BinaryCmd)
		if !ok || bin.Op != syntax.AndStmt && bin.Op != syntax.OrStmt {
			break
		}
		last = bin.Y
	}
	call, ok := last.Cmd.(*syntax.CallExpr)
	if !ok || len(last.Redirs) > 0 || last.Negated || last.Background || len(call.Args) == 0 {
		return syntax.Pos{}
	}
	return call.Args[0].Pos()
}

// oneShotCommands are the simple commands of a `bash -c` text that bash execs
// in place of a shell process rather than in a child, lowering SHLVL as it
// does: the last command of the text (the last of an && or || list that is
// the whole text), the only command of a ( subshell ), and before bash 5.2
// every simple command of a pipeline.
func oneShotCommands(file *syntax.File, before52 bool) map[syntax.Pos]bool {
	shots := map[syntax.Pos]bool{}
	simple := func(st *syntax.Stmt) (*syntax.CallExpr, bool) {
		call, ok := st.Cmd.(*syntax.CallExpr)
		return call, ok && len(st.Redirs) == 0 && !st.Negated && !st.Background && len(call.Args) > 0
	}
	if n := len(file.Stmts); n > 0 {
		last := file.Stmts[n-1]
		for n == 1 { // an && or || list only when it is the whole text
			bin, ok := last.Cmd.(*syntax.BinaryCmd)
			if !ok || bin.Op != syntax.AndStmt && bin.Op != syntax.OrStmt {
				break
			}
			last = bin.Y
		}
		if call, ok := simple(last); ok {
			shots[call.Args[0].Pos()] = true
		}
	}
	syntax.Walk(file, func(n syntax.Node) bool {
		switch n := n.(type) {
		case *syntax.Subshell:
			if len(n.Stmts) == 1 {
				if call, ok := simple(n.Stmts[0]); ok {
					shots[call.Args[0].Pos()] = true
				}
			}
		case *syntax.BinaryCmd:
			if before52 && (n.Op == syntax.Pipe || n.Op == syntax.PipeAll) {
				for _, st := range []*syntax.Stmt{n.X, n.Y} {
					if call, ok := simple(st); ok {
						shots[call.Args[0].Pos()] = true
					}
				}
			}
		}
		return true
	})
	return shots
}

// bashVersInfo is $BASH_VERSINFO from $BASH_VERSION ("5.2.15(1)-release"):
// major, minor, patch level, build, release status and $MACHTYPE.
func bashVersInfo(version, machType string) []string {
	info := make([]string, 0, 6)
	rest, status, _ := strings.Cut(version, "-")
	rest, build, _ := strings.Cut(rest, "(")
	info = append(info, strings.SplitN(rest, ".", 3)...)
	for len(info) < 3 {
		info = append(info, "0")
	}
	return append(info, strings.TrimSuffix(build, ")"), status, machType)
}
