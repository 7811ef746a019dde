package system

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/shell"
)

func init() {
	shell.Register(shell.Command{Name: "kill", Run: killCmd})
	shell.Register(shell.Command{Name: "pgrep", Run: pgrepCmd})
	shell.Register(shell.Command{Name: "pkill", Run: pgrepCmd})
}

func sysSignals(p *shell.Proc) []string {
	if p.Solaris() {
		return machine.SolarisSignals
	}
	return machine.LinuxSignals
}

// sysSignal reads a signal given by number or name (with or without SIG).
func sysSignal(p *shell.Proc, s string) (int, bool) {
	if n, err := strconv.Atoi(s); err == nil {
		return n, n >= 0 && n < 65
	}
	name := strings.TrimPrefix(strings.ToUpper(s), "SIG")
	for n, sig := range sysSignals(p) {
		if sig == name && n > 0 {
			return n, true
		}
	}
	switch name {
	case "IOT":
		return 6, true
	case "IO":
		return 29, !p.Solaris()
	case "CLD", "CHLD":
		for n, sig := range sysSignals(p) {
			if sig == "CHLD" || sig == "CLD" {
				return n, true
			}
		}
	}
	return 0, false
}

// sysDeliver sends sig to pid as kill(2) would: ESRCH for no such process,
// EPERM for another user's, EINVAL for a bad signal. Signals whose default
// action is to ignore, stop or continue leave an emulated process running.
func sysDeliver(p *shell.Proc, pid, sig int) error {
	pr, ok := p.M.Procs.Get(pid)
	switch {
	case sig < 0 || sig > 64:
		return syscall.EINVAL
	case !ok || pid <= 0:
		return syscall.ESRCH
	case p.User.UID != 0 && pr.UID != p.User.UID:
		return syscall.EPERM
	}
	if sigs := sysSignals(p); sig < len(sigs) && sysHarmless[sigs[sig]] {
		sig = 0
	}
	if err := p.M.Procs.Signal(pid, sig); err != nil {
		return syscall.ESRCH
	}
	return nil
}

// sysHarmless are the signals whose default action does not end a process.
var sysHarmless = map[string]bool{"CHLD": true, "CLD": true, "CONT": true, "STOP": true, "TSTP": true,
	"TTIN": true, "TTOU": true, "URG": true, "WINCH": true, "PWR": true}

// killCmd is procps kill on Debian, util-linux kill on RHEL 7, and Solaris's.
func killCmd(p *shell.Proc) int {
	args := p.Args()
	if len(args) == 0 {
		return killUsage(p)
	}
	sig := 15
	// -l, -L, -s SIG, -SIG, -NUM, then pids.
	for len(args) > 0 && strings.HasPrefix(args[0], "-") && len(args[0]) > 1 {
		a := args[0]
		switch {
		case a == "--":
			args = args[1:]
			goto pids
		case a == "-l" || a == "--list" || strings.HasPrefix(a, "--list="):
			_, name, _ := strings.Cut(a, "=")
			return killList(p, append([]string{name}, args[1:]...))
		case a == "-L" || a == "--table":
			killTable(p)
			return 0
		case a == "-s" || a == "--signal" || a == "-n":
			if len(args) < 2 {
				return killUsage(p)
			}
			n, ok := sysSignal(p, args[1])
			if !ok {
				n = -1 // kill(2) then fails with EINVAL
			}
			sig, args = n, args[2:]
		default:
			n, ok := sysSignal(p, a[1:])
			if !ok {
				return killBadSignal(p, a[1:])
			}
			sig, args = n, args[1:]
		}
	}
pids:
	if len(args) == 0 {
		return killUsage(p)
	}
	status := 0
	for _, a := range args {
		pid, err := strconv.Atoi(a)
		if err != nil {
			switch {
			case p.Solaris():
				p.Errorf("%s: bad argument", a)
			case progkit.LegacyGNU(p):
				p.Errorf("cannot find process \"%s\"", a)
			default:
				p.Errorf("failed to parse argument: %s", progkit.QuoteC(a))
				return 1
			}
			status = 1
			continue
		}
		if err := sysDeliver(p, pid, sig); err != nil {
			switch {
			case p.Solaris():
				p.Errorf("%d: %s", pid, strings.ToLower(p.Strerror(err)))
			case progkit.LegacyGNU(p):
				p.Errorf("sending signal to %d failed: %s", pid, p.Strerror(err))
			default:
				p.Errorf("(%d): %s", pid, p.Strerror(err))
			}
			status = 1
		}
	}
	return status
}

func killBadSignal(p *shell.Proc, name string) int {
	switch {
	case p.Solaris():
		return p.Fail(2, "%s: bad signal", name)
	case progkit.LegacyGNU(p):
		return p.Fail(1, "unknown signal %s; valid signals:", name)
	}
	p.Errorf("invalid argument %c", name[0])
	return killUsage(p)
}

func killUsage(p *shell.Proc) int {
	switch {
	case p.Solaris():
		fmt.Fprintln(p.Stderr, "usage: kill [ [ -sig ] id ... | -l ]")
		return 2
	case progkit.LegacyGNU(p):
		fmt.Fprintln(p.Stderr, "\nUsage:\n kill [options] <pid|name> [...]\n\nOptions:\n -a, --all              do not restrict the name-to-pid conversion to processes\n                          with the same uid as the present process\n -s, --signal <sig>     send specified signal\n -q, --queue <sig>      use sigqueue(2) rather than kill(2)\n -p, --pid              print pids without signaling them\n -l, --list [=<signal>] list signal names, or convert one to a name\n -L, --table            list signal names and numbers\n\n -h, --help     display this help and exit\n -V, --version  output version information and exit\n\nFor more details see kill(1).")
		return 1
	}
	fmt.Fprint(p.Stderr, "\nUsage:\n kill [options] <pid> [...]\n\nOptions:\n <pid> [...]            send signal to every <pid> listed\n -<signal>, -s, --signal <signal>\n                        specify the <signal> to be sent\n -q, --queue <value>    integer value to be sent with the signal\n -l, --list=[<signal>]  list all signal names, or convert one to a name\n -L, --table            list all signal names in a nice table\n\n -h, --help     display this help and exit\n -V, --version  output version information and exit\n\nFor more details see kill(1).\n")
	return 1
}

// killList is kill -l: every name on lines wrapped as procps does, or the
// name of one signal number (or the number of a name).
func killList(p *shell.Proc, args []string) int {
	sigs := sysSignals(p)
	if args[0] == "" && len(args) > 1 {
		args = args[1:]
	}
	if args[0] != "" {
		if n, err := strconv.Atoi(args[0]); err == nil {
			if n > 128 {
				n -= 128
			}
			if n > 0 && n < len(sigs) {
				p.Printf("%s\n", sigs[n])
				return 0
			}
		} else if n, ok := sysSignal(p, args[0]); ok {
			p.Printf("%d\n", n)
			return 0
		}
		return p.Fail(1, "unknown signal name %s", args[0])
	}
	names := lineWrapper{full: func(col int, _ string) bool { return col > 73 }}
	for _, name := range sigs[1:] {
		names.add(name)
	}
	p.Printf("%s\n", names.b.String())
	return 0
}

// killTable is kill -L: numbers and names, seven to a line.
func killTable(p *shell.Proc) {
	var b strings.Builder
	for n, name := range sysSignals(p)[1:] {
		fmt.Fprintf(&b, "%2d %-8s", n+1, name)
		if (n+1)%7 == 0 {
			b.WriteString("\n")
		}
	}
	p.Printf("%s\n", strings.TrimRight(b.String(), "\n"))
}

// pgrepCmd is pgrep and pkill: processes whose name (or, with -f, command
// line) matches an extended regular expression.
func pgrepCmd(p *shell.Proc) int {
	spec := progkit.Spec{Short: "flavxcnoiu:U:P:d:g:s:t:", Long: []string{"full=f", "list-name=l", "list-full=a",
		"inverse=v", "exact=x", "count=c", "newest=n", "oldest=o", "ignore-case=i", "euid=u", "uid=U",
		"parent=P", "delimiter=d", "signal:"}, Code: 2}
	args := p.Args()
	sig := 15
	if p.Name() == "pkill" && len(args) > 0 && strings.HasPrefix(args[0], "-") {
		if n, ok := sysSignal(p, args[0][1:]); ok && args[0] != "-f" && args[0] != "-x" {
			sig, args = n, args[1:]
		}
	}
	opts, operands, fail := progkit.ParseSpec(p, args, spec)
	if fail != 0 {
		return fail
	}
	var full, list, listFull, inverse, exact, count, newest, oldest, icase bool
	delim := "\n"
	var users, parents []string
	for _, o := range opts {
		switch o.Key {
		case "f":
			full = true
		case "l":
			list = true
		case "a":
			listFull = true
		case "v":
			inverse = true
		case "x":
			exact = true
		case "c":
			count = true
		case "n":
			newest = true
		case "o":
			oldest = true
		case "i":
			icase = true
		case "u", "U":
			users = append(users, strings.Split(o.Val, ",")...)
		case "P":
			parents = append(parents, strings.Split(o.Val, ",")...)
		case "d":
			delim = o.Val
		case "signal":
			n, ok := sysSignal(p, o.Val)
			if !ok {
				return p.Fail(2, "Unknown signal \"%s\".", o.Val)
			}
			sig = n
		}
	}
	if len(operands) > 1 {
		return p.Fail(2, "only one pattern can be provided\nTry `%s --help' for more information.", p.Name())
	}
	if len(operands) == 0 && len(users)+len(parents) == 0 {
		fmt.Fprintf(p.Stderr, "%s: no matching criteria specified\nTry `%s --help' for more information.\n", p.Prog(), p.Name())
		return 2
	}
	var re *regexp.Regexp
	if len(operands) == 1 {
		pat := operands[0]
		if exact {
			pat = "^(" + pat + ")$"
		}
		flags := ""
		if icase {
			flags = "i"
		}
		var msg string
		if re, msg = progkit.Regexp(pat, true, flags); msg != "" {
			return p.Fail(2, "%s", msg)
		}
	}
	var matched []machine.Proc
	for _, pr := range p.M.Procs.List() {
		if pr.PID == p.PID {
			continue
		}
		ok := true
		if re != nil {
			subject := psComm(pr)
			if full {
				subject = psArgs(pr)
			}
			ok = re.MatchString(subject)
		}
		if len(users) > 0 {
			ok = ok && (slices.Contains(users, pr.User) || slices.Contains(users, strconv.Itoa(pr.UID)))
		}
		if len(parents) > 0 {
			ok = ok && slices.Contains(parents, strconv.Itoa(pr.PPID))
		}
		if ok != inverse {
			matched = append(matched, pr)
		}
	}
	if len(matched) > 0 && newest {
		matched = matched[len(matched)-1:]
	}
	if len(matched) > 0 && oldest {
		matched = matched[:1]
	}
	if p.Name() == "pkill" {
		for _, pr := range matched {
			if err := sysDeliver(p, pr.PID, sig); err != nil {
				p.Errorf("killing pid %d failed: %s", pr.PID, p.Strerror(err))
			}
		}
	} else if count {
		p.Printf("%d\n", len(matched))
	} else {
		var out []string
		for _, pr := range matched {
			switch {
			case listFull:
				out = append(out, fmt.Sprintf("%d %s", pr.PID, psArgs(pr)))
			case list:
				out = append(out, fmt.Sprintf("%d %s", pr.PID, psComm(pr)))
			default:
				out = append(out, strconv.Itoa(pr.PID))
			}
		}
		if len(out) > 0 {
			p.Printf("%s\n", strings.Join(out, delim))
		}
	}
	if len(matched) == 0 {
		return 1
	}
	return 0
}
