package system

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"syscall"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
)

func init() {
	shell.Register(shell.Command{Name: "env", Run: envCmd})
	shell.Register(shell.Command{Name: "printenv", Only: "gnu", Run: printenvCmd})
	shell.Register(shell.Command{Name: "which", Run: whichCmd})
}

// envCmd is GNU env: print the environment, or run a command in a changed one.
func envCmd(p *shell.Proc) int {
	spec := progkit.Spec{Short: "iu:0C:S:v", Long: []string{"ignore-environment=i", "unset=u", "null=0",
		"chdir=C", "split-string=S", "debug=v", "version"}, InOrder: true, Code: 125}
	args := p.Args()
	clear := false
	if len(args) > 0 && args[0] == "-" {
		clear, args = true, args[1:]
	}
	opts, operands, fail := progkit.ParseSpec(p, args, spec)
	if fail != 0 {
		return fail
	}
	env := append([]string(nil), p.Env...)
	end, dir := "\n", ""
	var unset []string
	for _, o := range opts {
		switch o.Key {
		case "version":
			return progkit.CoreutilsVersion(p, "env", "Richard Mlynarik, David MacKenzie, and Assaf Gordon")
		case "i":
			clear = true
		case "u":
			if strings.Contains(o.Val, "=") || o.Val == "" {
				return p.Fail(125, "cannot unset %s: Invalid argument", progkit.QuoteC(o.Val))
			}
			unset = append(unset, o.Val)
		case "0":
			end = "\x00"
		case "C":
			dir = o.Val
		case "S":
			operands = append(strings.Fields(o.Val), operands...)
		}
	}
	if clear {
		env = nil
	}
	for _, name := range unset {
		env = sysUnsetenv(env, name)
	}
	for len(operands) > 0 && strings.Contains(operands[0], "=") && !strings.HasPrefix(operands[0], "=") {
		name, _, _ := strings.Cut(operands[0], "=")
		env = append(sysUnsetenv(env, name), operands[0])
		operands = operands[1:]
	}
	if len(operands) == 0 {
		if dir != "" {
			return progkit.SpecUsageError(p, spec, "must specify command with --chdir (-C)")
		}
		for _, kv := range env {
			p.Printf("%s%s", kv, end)
		}
		return 0
	}
	if end != "\n" {
		return progkit.SpecUsageError(p, spec, "cannot specify --null (-0) with command")
	}
	if dir != "" {
		info, err := p.M.FS.Stat(p.Cred(), p.Abs(dir))
		if err == nil && !info.Mode.IsDir() {
			err = syscall.ENOTDIR
		}
		if err != nil {
			return p.Fail(125, "cannot change directory to %s: %s", progkit.QuoteC(dir), p.Strerror(err))
		}
		p.Dir = p.Abs(dir)
	}
	code, err := sysExec(p, env, operands, p.Stdin)
	if err != nil {
		name := progkit.QuoteC(operands[0])
		if progkit.LegacyGNU(p) || p.Solaris() {
			name = operands[0]
		}
		p.Errorf("%s: %s", name, p.Strerror(sysExecErrno(err)))
	}
	return code
}

// sysExecErrno is the errno execvp leaves: a directory cannot be executed.
func sysExecErrno(err *shell.ExecError) syscall.Errno {
	if err.Errno == syscall.EISDIR {
		return syscall.EACCES
	}
	return err.Errno
}

// sysExec runs argv with env as execvp would: without PATH in env, glibc
// searches /bin:/usr/bin.
func sysExec(p *shell.Proc, env, argv []string, stdin io.Reader) (int, *shell.ExecError) {
	if !strings.Contains(argv[0], "/") && !sysHasVar(env, "PATH") {
		if found := sysLookPath(p, "/bin:/usr/bin", argv[0]); found != "" {
			argv = append([]string{found}, argv[1:]...)
		}
	}
	code, err := p.Exec(p.User, env, argv, stdin, p.Stdout, p.Stderr)
	var ee *shell.ExecError
	if errors.As(err, &ee) {
		return code, ee
	}
	return code, nil
}

func sysHasVar(env []string, name string) bool {
	for _, kv := range env {
		if strings.HasPrefix(kv, name+"=") {
			return true
		}
	}
	return false
}

func sysUnsetenv(env []string, name string) []string {
	out := env[:0:0]
	for _, kv := range env {
		if !strings.HasPrefix(kv, name+"=") {
			out = append(out, kv)
		}
	}
	return out
}

// sysLookPath finds an executable file for name in the directories of pathVar,
// returned as the directory entry joined with the name, or "".
func sysLookPath(p *shell.Proc, pathVar, name string) string {
	for _, d := range strings.Split(pathVar, ":") {
		if d == "" {
			d = "."
		}
		candidate := d + "/" + name
		if sysExecutable(p, candidate) {
			return candidate
		}
	}
	return ""
}

// sysExecutable is test -f && test -x.
func sysExecutable(p *shell.Proc, name string) bool {
	info, err := p.M.FS.Stat(p.Cred(), p.Abs(name))
	return err == nil && info.Mode.IsRegular() && p.M.FS.Access(p.Cred(), p.Abs(name), 1) == nil
}

// printenvCmd prints the environment or the named variables.
func printenvCmd(p *shell.Proc) int {
	spec := progkit.Spec{Short: "0", Long: []string{"null=0"}, Code: 2}
	opts, operands, fail := progkit.ParseSpec(p, p.Args(), spec)
	if fail != 0 {
		return fail
	}
	end := "\n"
	if len(opts) > 0 {
		end = "\x00"
	}
	if len(operands) == 0 {
		for _, kv := range p.Env {
			p.Printf("%s%s", kv, end)
		}
		return 0
	}
	status := 0
	for _, name := range operands {
		found := false
		for _, kv := range p.Env {
			if k, v, _ := strings.Cut(kv, "="); k == name && !strings.Contains(name, "=") {
				p.Printf("%s%s", v, end)
				found = true
				break
			}
		}
		if !found {
			status = 1
		}
	}
	return status
}

// whichCmd searches PATH: silent when a name is missing on Debian, GNU which's
// complaint on RHEL, and the csh script's "no X in ..." on Solaris.
func whichCmd(p *shell.Proc) int {
	spec := progkit.Spec{Short: "as", Code: 2}
	if progkit.LegacyGNU(p) {
		spec = progkit.Spec{Short: "aivV", Long: []string{"all=a", "read-alias=i", "skip-alias", "read-functions",
			"skip-functions", "skip-dot", "skip-tilde", "show-dot", "show-tilde", "tty-only", "version=v"}}
	}
	if p.Solaris() {
		spec = progkit.Spec{}
	}
	opts, operands, fail := progkit.ParseSpec(p, p.Args(), spec)
	if fail != 0 {
		return fail
	}
	all, silent := false, false
	for _, o := range opts {
		all = all || o.Key == "a"
		silent = silent || o.Key == "s"
	}
	if len(operands) == 0 && !p.Solaris() {
		if progkit.LegacyGNU(p) {
			fmt.Fprintln(p.Stderr, "Usage: /usr/bin/which [options] [--] COMMAND [...]")
			return 1
		}
		return 1
	}
	pathVar := p.Getenv("PATH")
	status := 0
	for _, name := range operands {
		var found []string
		if strings.Contains(name, "/") {
			if sysExecutable(p, name) {
				found = []string{name}
			}
		} else {
			for _, d := range strings.Split(pathVar, ":") {
				if d == "" {
					d = "."
				}
				if candidate := d + "/" + name; sysExecutable(p, candidate) {
					found = append(found, candidate)
					if !all {
						break
					}
				}
			}
		}
		if len(found) == 0 {
			status = 1
			switch {
			case p.Solaris():
				p.Printf("no %s in %s\n", name, strings.Join(strings.Split(pathVar, ":"), " "))
			case progkit.LegacyGNU(p):
				fmt.Fprintf(p.Stderr, "/usr/bin/which: no %s in (%s)\n", name, pathVar)
			}
			continue
		}
		if !silent {
			p.Printf("%s\n", strings.Join(found, "\n"))
		}
	}
	return status
}
