package builtins

import (
	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
)

// bracketOption is coreutils' [ given only --help or --version, which it
// honours (test takes either as a string); handled is false otherwise.
func bracketOption(p *shell.Proc, args []string) (code int, handled bool) {
	if p.Name() != "[" || len(args) != 1 {
		return 0, false
	}
	switch args[0] {
	case "--version":
		return progkit.CoreutilsVersion(p, "[", "Kevin Braunsdorf and Matthew Bradburn"), true
	case "--help":
		words, ok := testHelpWords[p.M.P.Version("coreutils")]
		if !ok {
			p.NotEmulated("[ --help of coreutils " + p.M.P.Version("coreutils"))
			return 0, true
		}
		p.Printf(testHelp, words[0], words[1], words[2], words[3], words[4])
		return 0, true
	}
	return 0, false
}

// testHelpWords are what coreutils 9.1 (Debian 12) and 8.32 (11) put in
// testHelp: the --help and --version lines, -r's, -w's and -x's ends, and
// the name its documentation's address ends in (8.32's says "[").
var testHelpWords = map[string][5]string{
	"9.1": {"      --help        display this help and exit\n      --version     output version information and exit\n",
		"the user has read access", "the user has write access", "the user has execute (or search) access", "test"},
	"8.32": {"      --help     display this help and exit\n      --version  output version information and exit\n",
		"read permission is granted", "write permission is granted", "execute (or search) permission is granted", "["},
}

// testHelp is [ --help, captured with `docker run --rm IMAGE /usr/bin/[ --help`.
const testHelp = `Usage: test EXPRESSION
  or:  test
  or:  [ EXPRESSION ]
  or:  [ ]
  or:  [ OPTION
Exit with the status determined by EXPRESSION.

%[1]s
An omitted EXPRESSION defaults to false.  Otherwise,
EXPRESSION is true or false and sets exit status.  It is one of:

  ( EXPRESSION )               EXPRESSION is true
  ! EXPRESSION                 EXPRESSION is false
  EXPRESSION1 -a EXPRESSION2   both EXPRESSION1 and EXPRESSION2 are true
  EXPRESSION1 -o EXPRESSION2   either EXPRESSION1 or EXPRESSION2 is true

  -n STRING            the length of STRING is nonzero
  STRING               equivalent to -n STRING
  -z STRING            the length of STRING is zero
  STRING1 = STRING2    the strings are equal
  STRING1 != STRING2   the strings are not equal

  INTEGER1 -eq INTEGER2   INTEGER1 is equal to INTEGER2
  INTEGER1 -ge INTEGER2   INTEGER1 is greater than or equal to INTEGER2
  INTEGER1 -gt INTEGER2   INTEGER1 is greater than INTEGER2
  INTEGER1 -le INTEGER2   INTEGER1 is less than or equal to INTEGER2
  INTEGER1 -lt INTEGER2   INTEGER1 is less than INTEGER2
  INTEGER1 -ne INTEGER2   INTEGER1 is not equal to INTEGER2

  FILE1 -ef FILE2   FILE1 and FILE2 have the same device and inode numbers
  FILE1 -nt FILE2   FILE1 is newer (modification date) than FILE2
  FILE1 -ot FILE2   FILE1 is older than FILE2

  -b FILE     FILE exists and is block special
  -c FILE     FILE exists and is character special
  -d FILE     FILE exists and is a directory
  -e FILE     FILE exists
  -f FILE     FILE exists and is a regular file
  -g FILE     FILE exists and is set-group-ID
  -G FILE     FILE exists and is owned by the effective group ID
  -h FILE     FILE exists and is a symbolic link (same as -L)
  -k FILE     FILE exists and has its sticky bit set
  -L FILE     FILE exists and is a symbolic link (same as -h)
  -N FILE     FILE exists and has been modified since it was last read
  -O FILE     FILE exists and is owned by the effective user ID
  -p FILE     FILE exists and is a named pipe
  -r FILE     FILE exists and %[2]s
  -s FILE     FILE exists and has a size greater than zero
  -S FILE     FILE exists and is a socket
  -t FD       file descriptor FD is opened on a terminal
  -u FILE     FILE exists and its set-user-ID bit is set
  -w FILE     FILE exists and %[3]s
  -x FILE     FILE exists and %[4]s

Except for -h and -L, all FILE-related tests dereference symbolic links.
Beware that parentheses need to be escaped (e.g., by backslashes) for shells.
INTEGER may also be -l STRING, which evaluates to the length of STRING.

NOTE: Binary -a and -o are inherently ambiguous.  Use 'test EXPR1 && test
EXPR2' or 'test EXPR1 || test EXPR2' instead.

NOTE: [ honors the --help and --version options, but test does not.
test treats each of those as it treats any other nonempty STRING.

NOTE: your shell may have its own version of test and/or [, which usually supersedes
the version described here.  Please refer to your shell's documentation
for details about the options it supports.

GNU coreutils online help: <https://www.gnu.org/software/coreutils/>
Report any translation bugs to <https://translationproject.org/team/>
Full documentation <https://www.gnu.org/software/coreutils/%[5]s>
or available locally via: info '(coreutils) test invocation'
`
