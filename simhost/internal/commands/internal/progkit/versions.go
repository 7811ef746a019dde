package progkit

import (
	"strings"

	"github.com/hostile-lab/hostile/simhost/internal/pkgdb"
	"github.com/hostile-lab/hostile/simhost/shell"
)

// ToolVersion is the upstream version of a package on the host: from its
// package database when it has one, else what the personality's release
// ships (Debian 12, Debian 11), "" when neither says.
func ToolVersion(p *shell.Proc, pkg string, shipped map[string]string) string {
	if db, ok := pkgdb.Read(p.M.FS); ok {
		if found, ok := db.Find(pkg); ok && found.Installed() {
			v := found.Get("Version")
			if _, rest, ok := strings.Cut(v, ":"); ok {
				v = rest // drop an epoch
			}
			v, _, _ = strings.Cut(v, "-")
			v, _, _ = strings.Cut(v, "+")
			return v
		}
	}
	return shipped[p.M.P.Name]
}

// printVersion prints the captured --version text of a tool's version, or
// only its first line (and a not-emulated event) for a version not captured.
func printVersion(p *shell.Proc, version string, texts map[string]string, firstLine string) int {
	if text, ok := texts[version]; ok {
		p.Printf("%s", text)
		return 0
	}
	p.NotEmulated("--version text of " + firstLine + version)
	p.Printf("%s%s\n", firstLine, version)
	return 0
}

const gnuLicence = `License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.
This is free software: you are free to change and redistribute it.
There is NO WARRANTY, to the extent permitted by law.
`

// grepVersions are grep -V on Debian 12 and 11.
var grepVersions = map[string]string{
	"3.8": "grep (GNU grep) 3.8\nCopyright (C) 2022 Free Software Foundation, Inc.\n" + gnuLicence +
		"\nWritten by Mike Haertel and others; see\n<https://git.sv.gnu.org/cgit/grep.git/tree/AUTHORS>.\n",
	"3.6": "grep (GNU grep) 3.6\nCopyright (C) 2020 Free Software Foundation, Inc.\n" + gnuLicence +
		"\nWritten by Mike Haertel and others; see\n<https://git.sv.gnu.org/cgit/grep.git/tree/AUTHORS>.\n",
}

// GrepVersion prints grep -V of the host's grep.
func GrepVersion(p *shell.Proc) int {
	v := ToolVersion(p, "grep", map[string]string{"debian12": "3.8", "debian11": "3.6", "rhel7": "2.20"})
	return printVersion(p, v, grepVersions, "grep (GNU grep) ")
}

// sedVersions are sed --version on Debian 12 and 11.
var sedVersions = map[string]string{
	"4.9": "sed (GNU sed) 4.9\nPackaged by Debian\nCopyright (C) 2022 Free Software Foundation, Inc.\n" + gnuLicence +
		"\nWritten by Jay Fenlason, Tom Lord, Ken Pizzini,\nPaolo Bonzini, Jim Meyering, and Assaf Gordon.\n" +
		"\nThis sed program was built with SELinux support.\nSELinux is disabled on this system.\n" +
		"\nGNU sed home page: <https://www.gnu.org/software/sed/>.\nGeneral help using GNU software: <https://www.gnu.org/gethelp/>.\nE-mail bug reports to: <bug-sed@gnu.org>.\n",
	"4.7": "sed (GNU sed) 4.7\nPackaged by Debian\nCopyright (C) 2018 Free Software Foundation, Inc.\n" + gnuLicence +
		"\nWritten by Jay Fenlason, Tom Lord, Ken Pizzini,\nPaolo Bonzini, Jim Meyering, and Assaf Gordon.\n" +
		"GNU sed home page: <https://www.gnu.org/software/sed/>.\nGeneral help using GNU software: <https://www.gnu.org/gethelp/>.\nE-mail bug reports to: <bug-sed@gnu.org>.\n",
}

// SedVersion prints sed --version of the host's sed.
func SedVersion(p *shell.Proc) int {
	v := ToolVersion(p, "sed", map[string]string{"debian12": "4.9", "debian11": "4.7", "rhel7": "4.2.2"})
	return printVersion(p, v, sedVersions, "sed (GNU sed) ")
}

// coreutilsCopyright is the year each coreutils release's --version names.
var coreutilsCopyright = map[string]string{"9.1": "2022", "8.32": "2020", "8.22": "2013"}

// CoreutilsVersion is --version of a coreutils program, as seen on Debian
// 12 (9.1) and 11 (8.32).
func CoreutilsVersion(p *shell.Proc, prog, authors string) int {
	v := p.M.P.Version("coreutils")
	year, ok := coreutilsCopyright[v]
	if !ok {
		p.NotEmulated("--version text of coreutils " + v)
		p.Printf("%s (GNU coreutils) %s\n", prog, v)
		return 0
	}
	p.Printf("%s (GNU coreutils) %s\nCopyright (C) %s Free Software Foundation, Inc.\n%s\nWritten by %s.\n", prog, v, year, gnuLicence, authors)
	return 0
}

// TimeoutHelp is timeout --help of coreutils 9.1 (Debian 12) and 8.32 (11).
var TimeoutHelp = map[string]string{
	"9.1": timeoutHelpHead + "      --help        display this help and exit\n      --version     output version information and exit\n" + timeoutHelpDuration + `Upon timeout, send the TERM signal to COMMAND, if no other SIGNAL specified.
The TERM signal kills any process that does not block or catch that signal.
It may be necessary to use the KILL signal, since this signal can't be caught.

EXIT status:
  124  if COMMAND times out, and --preserve-status is not specified
  125  if the timeout command itself fails
  126  if COMMAND is found but cannot be invoked
  127  if COMMAND cannot be found
  137  if COMMAND (or timeout itself) is sent the KILL (9) signal (128+9)
  -    the exit status of COMMAND otherwise

GNU coreutils online help: <https://www.gnu.org/software/coreutils/>
Report any translation bugs to <https://translationproject.org/team/>
Full documentation <https://www.gnu.org/software/coreutils/timeout>
or available locally via: info '(coreutils) timeout invocation'
`,
	"8.32": timeoutHelpHead + "      --help     display this help and exit\n      --version  output version information and exit\n" + timeoutHelpDuration + `If the command times out, and --preserve-status is not set, then exit with
status 124.  Otherwise, exit with the status of COMMAND.  If no signal
is specified, send the TERM signal upon timeout.  The TERM signal kills
any process that does not block or catch that signal.  It may be necessary
to use the KILL (9) signal, since this signal cannot be caught, in which
case the exit status is 128+9 rather than 124.

GNU coreutils online help: <https://www.gnu.org/software/coreutils/>
Report any translation bugs to <https://translationproject.org/team/>
Full documentation <https://www.gnu.org/software/coreutils/timeout>
or available locally via: info '(coreutils) timeout invocation'
`,
}

const timeoutHelpHead = `Usage: timeout [OPTION] DURATION COMMAND [ARG]...
  or:  timeout [OPTION]
Start COMMAND, and kill it if still running after DURATION.

Mandatory arguments to long options are mandatory for short options too.
      --preserve-status
                 exit with the same status as COMMAND, even when the
                   command times out
      --foreground
                 when not running timeout directly from a shell prompt,
                   allow COMMAND to read from the TTY and get TTY signals;
                   in this mode, children of COMMAND will not be timed out
  -k, --kill-after=DURATION
                 also send a KILL signal if COMMAND is still running
                   this long after the initial signal was sent
  -s, --signal=SIGNAL
                 specify the signal to be sent on timeout;
                   SIGNAL may be a name like 'HUP' or a number;
                   see 'kill -l' for a list of signals
  -v, --verbose  diagnose to stderr any signal sent upon timeout
`

const timeoutHelpDuration = `
DURATION is a floating point number with an optional suffix:
's' for seconds (the default), 'm' for minutes, 'h' for hours or 'd' for days.
A duration of 0 disables the associated timeout.

`
