package system

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/hostile-lab/hostile/simhost/shell"
)

func init() {
	shell.RegisterBuiltin(shell.Builtin{Name: "kill", Takes: shKillTakes, Run: shKill})
}

// shKillTakes answers kill in bash and dash on Linux; ksh and the Bourne
// shell of Solaris run the kill program.
func shKillTakes(flavour string, _ []string) bool { return flavour == "bash" || flavour == "dash" }

// shKill is the kill builtin of bash and dash, whose messages are the
// shell's own ("bash: line 1: kill: (999999) - No such process"), not the
// kill program's; -l and -L are left to the program's lists.
func shKill(p *shell.Proc, errorf func(string, ...any)) int {
	flavour := p.ShellFlavour()
	args := p.Args()
	usage := func() int {
		if flavour == "bash" {
			fmt.Fprintln(p.Stderr, "kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]")
		} else {
			errorf("Usage: kill [-s sigspec | -signum | -sigspec] [pid | job]... or\nkill -l [exitstatus]")
		}
		return 2
	}
	badSignal := func(name string) int {
		if flavour == "bash" {
			errorf("%s: invalid signal specification", name)
			return 1
		}
		errorf("invalid signal number or name: %s", name)
		return 2
	}
	if len(args) == 0 {
		return usage()
	}
	sig := 15
	if a := args[0]; a == "-l" || a == "-L" {
		return killList(p, append([]string{""}, args[1:]...))
	}
	switch a := args[0]; {
	case a == "--":
		args = args[1:]
	case a == "-s" || a == "-n":
		if len(args) < 2 {
			if flavour == "bash" {
				errorf("%s: option requires an argument", a)
			}
			return usage()
		}
		n, ok := sysSignal(p, args[1])
		if !ok {
			return badSignal(args[1])
		}
		sig, args = n, args[2:]
	case strings.HasPrefix(a, "-") && len(a) > 1:
		n, ok := sysSignal(p, a[1:])
		if !ok {
			if flavour == "dash" {
				errorf("Illegal option -%c", a[1])
				return 2
			}
			return badSignal(a[1:])
		}
		sig, args = n, args[1:]
	}
	if len(args) == 0 {
		return usage()
	}
	status := 0
	for _, a := range args {
		pid, err := strconv.Atoi(a)
		if err != nil {
			if flavour == "dash" {
				errorf("Illegal number: %s", a)
				return 2
			}
			errorf("%s: arguments must be process or job IDs", a)
			status = 1
			continue
		}
		if err := sysDeliver(p, pid, sig); err != nil {
			if flavour == "dash" {
				// dash prints strerror's text and then its own newline
				errorf("%s\n", p.Strerror(err))
			} else {
				errorf("(%d) - %s", pid, p.Strerror(err))
			}
			status = 1
		}
	}
	return status
}
