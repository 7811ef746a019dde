package system

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"syscall"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
)

func init() {
	shell.Register(shell.Command{Name: "sh", Run: shellCmd})
	shell.Register(shell.Command{Name: "bash", Run: shellCmd})
	shell.Register(shell.Command{Name: "dash", Only: "gnu", Run: shellCmd})
	shell.Register(shell.Command{Name: "ksh", Only: "solaris", Run: shellCmd})
}

// sysShellKind says which shell a name runs on this host: the login-shell path
// that gives the interpreter that flavour, and the flavour ("bash", "dash",
// "ksh" or the Bourne "sh"). /bin/sh is dash on Debian, bash on RHEL and the
// Bourne shell on Solaris.
func sysShellKind(p *shell.Proc) (shellPath, flavour string) {
	switch p.Name() {
	case "bash":
		return "/bin/bash", "bash"
	case "ksh":
		return "/bin/ksh", "ksh"
	}
	switch {
	case p.Solaris():
		return "/bin/sh", "sh"
	case progkit.LegacyGNU(p):
		return "/bin/bash", "bash"
	}
	return "/bin/sh", "dash"
}

// shellCmd runs a shell as a program: sh -c 'text' [$0 args...], bash
// script.sh args, bash -s args, or a script read from stdin.
func shellCmd(p *shell.Proc) int {
	shellPath, flavour := sysShellKind(p)
	argv0 := p.Argv[0]
	args := p.Args()
	var sets []string
	command, fromStdin, login, noProfile, sawShort := false, false, false, false, false
	i := 0
options:
	for ; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--" || a == "-":
			i++
			break options
		case a == "--version" && flavour == "bash":
			p.Printf("%s", sysBashVersion(p))
			return 0
		case strings.HasPrefix(a, "--") && flavour == "dash":
			return sysShellUsage(p, flavour, "--") // dash reads the second - as an option letter it lacks
		case strings.HasPrefix(a, "--") && flavour == "bash":
			if sawShort { // bash takes its long options first only
				return sysShellUsage(p, flavour, "--")
			}
			if !strings.Contains(" --login --norc --noprofile --posix --noediting --restricted --verbose --rcfile --init-file ", " "+a+" ") {
				return sysShellUsage(p, flavour, a)
			}
			switch a {
			case "--rcfile", "--init-file":
				i++
			case "--login":
				login = true
			case "--noprofile":
				noProfile = true
			}
		case len(a) > 1 && (a[0] == '-' || a[0] == '+') && !strings.HasPrefix(a, "--"):
			sawShort = true
			for j := 1; j < len(a); j++ {
				switch c := a[j]; c {
				case 'c':
					command = true
				case 's':
					fromStdin = true
				case 'l':
					login = flavour == "bash" || flavour == "dash" // a login shell: the profile files first
				case 'i', 'r', 'p', 'B', 'D', 'H', 'P', 'T', 'm', 'b', 'k', 'h', 't':
				case 'o':
					if i+1 < len(args) {
						i++
						sets = append(sets, string(a[0])+"o "+args[i])
					}
				case 'e', 'u', 'x', 'v', 'n', 'f', 'a', 'C':
					sets = append(sets, string(a[0])+string(c))
				default:
					return sysShellUsage(p, flavour, a[:1]+string(c))
				}
			}
		default:
			break options
		}
	}
	operands := args[i:]
	var script, file string // file: the script file bash FILE runs
	stream := false
	var params []string
	switch {
	case command:
		if len(operands) == 0 {
			switch flavour {
			case "dash":
				fmt.Fprintf(p.Stderr, "%s: 0: -c requires an argument\n", argv0)
			case "bash":
				fmt.Fprintf(p.Stderr, "%s: -c: option requires an argument\n", argv0)
			default:
				fmt.Fprintf(p.Stderr, "%s: -c: argument expected\n", argv0)
			}
			return 2
		}
		script, params = operands[0], []string{argv0}
		if len(operands) > 1 {
			params = operands[1:] // $0 and the positional parameters
		}
	case (fromStdin || len(operands) == 0) && flavour == "bash":
		// bash reads a line at a time and leaves the rest to its commands
		stream = true
		params = append([]string{argv0}, operands...)
	case fromStdin || len(operands) == 0:
		// dash reads a buffer of 8 KiB at a time: a script that arrived
		// whole is read whole before its first command runs
		data, err := p.ReadAll(p.Stdin)
		if err != nil && p.Ctx.Err() != nil {
			return 130
		}
		script = string(data)
		params = append([]string{argv0}, operands...)
	default:
		name := operands[0]
		data, err := p.M.FS.ReadFile(p.Cred(), p.Abs(name))
		if err != nil {
			return sysScriptError(p, flavour, argv0, name, err)
		}
		if flavour == "bash" && bytes.IndexByte(data[:min(len(data), 80)], 0) >= 0 {
			fmt.Fprintf(p.Stderr, "%s: %s: cannot execute binary file\n", argv0, name)
			return 126
		}
		script = string(data)
		params = operands
		file = name
	}
	if len(sets) > 0 {
		script = "set " + strings.Join(sets, " ") + "; " + script
		if stream {
			script = "set " + strings.Join(sets, " ")
		}
	}
	account := *p.User
	account.Shell = shellPath
	return p.RunShell(shell.ShellRun{Account: &account, Env: p.Env, File: file, Script: script, Args: params, Login: login, NoProfile: noProfile,
		InPlace: true, FromStdin: stream})
}

// sysScriptError reports a script file the shell cannot read, in its words.
func sysScriptError(p *shell.Proc, flavour, argv0, name string, err error) int {
	var errno syscall.Errno
	errors.As(err, &errno)
	switch flavour {
	case "dash":
		msg := p.Strerror(err)
		if errno == syscall.ENOENT {
			msg = "No such file"
		}
		fmt.Fprintf(p.Stderr, "%s: 0: cannot open %s: %s\n", argv0, name, msg)
		return 2
	case "ksh":
		if errno == syscall.ENOENT {
			fmt.Fprintf(p.Stderr, "%s: %s: not found\n", argv0, name)
			return 127
		}
		fmt.Fprintf(p.Stderr, "%s: %s: cannot open\n", argv0, name)
		return 1
	case "sh":
		fmt.Fprintf(p.Stderr, "%s: %s: cannot open\n", argv0, name)
		return 1
	}
	fmt.Fprintf(p.Stderr, "%s: %s: %s\n", argv0, name, p.Strerror(err))
	if errno == syscall.ENOENT {
		return 127
	}
	return 126
}

// sysShellUsage answers an option the shell does not know.
func sysShellUsage(p *shell.Proc, flavour, opt string) int {
	argv0 := p.Argv[0]
	switch flavour {
	case "bash":
		fmt.Fprintf(p.Stderr, "%s: %s: invalid option\n", argv0, opt)
		if strings.HasSuffix(opt, "\r") {
			// a #! line's CR (a script saved on Windows): bash says no more,
			// and fails with 1 (both bash 5.1 and 5.2 do)
			return 1
		}
		// bash 5.2 added set -E and -T to its list
		sets := "-abefhkmnptuvxBCHP"
		if p.M.P.VersionAtLeast("bash", "5.2") {
			sets = "-abefhkmnptuvxBCEHPT"
		}
		fmt.Fprintf(p.Stderr, "Usage:\t%s [GNU long option] [option] ...\n\t%s [GNU long option] [option] script-file ...\n"+
			"GNU long options:\n\t--debug\n\t--debugger\n\t--dump-po-strings\n\t--dump-strings\n\t--help\n\t--init-file\n"+
			"\t--login\n\t--noediting\n\t--noprofile\n\t--norc\n\t--posix\n\t--pretty-print\n\t--rcfile\n\t--restricted\n"+
			"\t--verbose\n\t--version\nShell options:\n\t-ilrsD or -c command or -O shopt_option\t\t(invocation only)\n"+
			"\t%s or -o option\n", argv0, argv0, sets)
	case "dash":
		fmt.Fprintf(p.Stderr, "%s: 0: Illegal option %s\n", argv0, opt)
	default:
		fmt.Fprintf(p.Stderr, "%s: %s: bad option(s)\n", argv0, opt)
	}
	return 2
}

// sysBashVersion is bash --version for the host's bash.
func sysBashVersion(p *shell.Proc) string {
	version := p.M.P.BashVersion // as $BASH_VERSION: 5.2.15(1)-release
	var major, minor int
	fmt.Sscanf(version, "%d.%d", &major, &minor)
	year := map[[2]int]int{{5, 2}: 2022, {5, 1}: 2020, {5, 0}: 2019, {4, 4}: 2016, {4, 2}: 2011, {3, 2}: 2007}[[2]int{major, minor}]
	host := p.M.P.Version("bash-host") // the build's triplet: x86_64-pc-linux-gnu
	text := fmt.Sprintf("GNU bash, version %s (%s)\nCopyright (C) %d Free Software Foundation, Inc.\n", version, host, year)
	if major >= 4 {
		text += "License GPLv3+: GNU GPL version 3 or later <http://gnu.org/licenses/gpl.html>\n\n" +
			"This is free software; you are free to change and redistribute it.\n" +
			"There is NO WARRANTY, to the extent permitted by law.\n"
	}
	return text
}
