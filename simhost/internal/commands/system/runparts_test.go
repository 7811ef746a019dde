package system_test

import (
	. "github.com/onsi/ginkgo/v2"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// Expected bytes captured from hostile-os:bookworm and bullseye (debianutils
// 5.7 and 4.11) by running each script as ops with stderr merged.
var _ = DescribeTable("run-parts", MergedOnDebian12And11(nil),
	Entry("lists, tests and runs in byte order, by Debian's naming rule, LSB's or a regex, and reports each failure", `d=/tmp/rp1; mkdir $d; cd $d; for n in a b.sh 00-x 10_y Z-up _hier-x foo.dpkg-old foo-dpkg-new x~ .hidden a.b-c 99zz UP; do printf '#!/bin/sh\necho "ran $0 $*"\n' > "$d/$n"; chmod +x "$d/$n"; done; printf '#!/bin/sh\necho noexec\n' > ne; mkdir sub; printf '#!/bin/sh\necho fail; exit 3\n' > m-fail; chmod +x m-fail; ln -s a lnk; ln -s /nonexist dangling; echo "== list"; run-parts --list $d; echo "== test"; run-parts --test $d; echo "== lsb"; run-parts --lsbsysinit --list $d; echo "== regex"; run-parts --list --regex "^[a-z]+$" $d; echo "== run"; run-parts $d; echo rc=$?; echo "== exit-on-error"; run-parts --exit-on-error $d; echo rc=$?; echo "== verbose"; run-parts -v -a one --arg=two --reverse $d; echo rc=$?`,
		`== list
run-parts: failed to stat component /tmp/rp1/dangling: No such file or directory
/tmp/rp1/00-x
/tmp/rp1/10_y
/tmp/rp1/99zz
/tmp/rp1/UP
/tmp/rp1/Z-up
/tmp/rp1/_hier-x
/tmp/rp1/a
/tmp/rp1/foo-dpkg-new
/tmp/rp1/lnk
/tmp/rp1/m-fail
/tmp/rp1/ne
== test
run-parts: failed to stat component /tmp/rp1/dangling: No such file or directory
/tmp/rp1/00-x
/tmp/rp1/10_y
/tmp/rp1/99zz
/tmp/rp1/UP
/tmp/rp1/Z-up
/tmp/rp1/_hier-x
/tmp/rp1/a
/tmp/rp1/foo-dpkg-new
/tmp/rp1/lnk
/tmp/rp1/m-fail
== lsb
run-parts: failed to stat component /tmp/rp1/dangling: No such file or directory
/tmp/rp1/00-x
/tmp/rp1/99zz
/tmp/rp1/_hier-x
/tmp/rp1/a
/tmp/rp1/a.b-c
/tmp/rp1/foo-dpkg-new
/tmp/rp1/lnk
/tmp/rp1/m-fail
/tmp/rp1/ne
== regex
run-parts: failed to stat component /tmp/rp1/dangling: No such file or directory
/tmp/rp1/a
/tmp/rp1/lnk
/tmp/rp1/ne
== run
ran /tmp/rp1/00-x 
ran /tmp/rp1/10_y 
ran /tmp/rp1/99zz 
ran /tmp/rp1/UP 
ran /tmp/rp1/Z-up 
ran /tmp/rp1/_hier-x 
ran /tmp/rp1/a 
run-parts: failed to stat component /tmp/rp1/dangling: No such file or directory
ran /tmp/rp1/foo-dpkg-new 
ran /tmp/rp1/lnk 
fail
run-parts: /tmp/rp1/m-fail exited with return code 3
rc=1
== exit-on-error
ran /tmp/rp1/00-x 
ran /tmp/rp1/10_y 
ran /tmp/rp1/99zz 
ran /tmp/rp1/UP 
ran /tmp/rp1/Z-up 
ran /tmp/rp1/_hier-x 
ran /tmp/rp1/a 
run-parts: failed to stat component /tmp/rp1/dangling: No such file or directory
rc=1
== verbose
run-parts: executing /tmp/rp1/m-fail one two
fail
run-parts: /tmp/rp1/m-fail exited with return code 3
run-parts: executing /tmp/rp1/lnk one two
ran /tmp/rp1/lnk one two
run-parts: executing /tmp/rp1/foo-dpkg-new one two
ran /tmp/rp1/foo-dpkg-new one two
run-parts: failed to stat component /tmp/rp1/dangling: No such file or directory
run-parts: executing /tmp/rp1/a one two
ran /tmp/rp1/a one two
run-parts: executing /tmp/rp1/_hier-x one two
ran /tmp/rp1/_hier-x one two
run-parts: executing /tmp/rp1/Z-up one two
ran /tmp/rp1/Z-up one two
run-parts: executing /tmp/rp1/UP one two
ran /tmp/rp1/UP one two
run-parts: executing /tmp/rp1/99zz one two
ran /tmp/rp1/99zz one two
run-parts: executing /tmp/rp1/10_y one two
ran /tmp/rp1/10_y one two
run-parts: executing /tmp/rp1/00-x one two
ran /tmp/rp1/00-x one two
rc=1
`,
		""),
	Entry("runs with execv: a file without #! is an exec format error; --report names a program before its first output", `d=/tmp/rp2; mkdir $d; cd $d; printf '#!/bin/sh\necho out\n' > a; printf '#!/bin/sh\necho loud >&2\n' > e; printf '#!/bin/sh\ntrue\n' > s; printf 'echo noshebang\n' > x; chmod +x a e s x; run-parts $d; echo rc=$?; run-parts --report $d; echo rc=$?; cd /tmp; run-parts --list rp2/`,
		`out
loud
run-parts: failed to exec /tmp/rp2/x: Exec format error
run-parts: /tmp/rp2/x exited with return code 1
rc=1
/tmp/rp2/a:
out
/tmp/rp2/e:
loud
/tmp/rp2/x:
run-parts: failed to exec /tmp/rp2/x: Exec format error
run-parts: /tmp/rp2/x exited with return code 1
rc=1
rp2//a
rp2//e
rp2//s
rp2//x
`,
		""),
	Entry("gives its programs umask 022 or -u's", `d=/tmp/rp3; mkdir $d; printf '#!/bin/sh\numask\n' > $d/um; chmod +x $d/um; umask 077; run-parts $d; run-parts -u 027 $d; run-parts --umask=0 $d; run-parts -u 99 $d; echo rc=$?`,
		`0022
0027
0000
run-parts: bad umask value
rc=1
`,
		""),
	Entry("refuses a bad command line and a missing directory as debianutils does", `run-parts; echo rc=$?; run-parts /tmp /tmp; echo rc=$?; run-parts --list --test /tmp; echo rc=$?; run-parts --bogus /tmp; echo rc=$?; run-parts -d /tmp; echo rc=$?; run-parts /nonexist; echo rc=$?; run-parts /etc/passwd; echo rc=$?; run-parts --regex='[' --list /tmp; echo rc=$?; run-parts --help; echo rc=$?; run-parts -V`,
		"run-parts: missing operand\nTry `run-parts --help' for more information.\nrc=1\nrun-parts: missing operand\nTry `run-parts --help' for more information.\nrc=1\nrun-parts: --list and --test can not be used together\nTry `run-parts --help' for more information.\nrc=1\nrun-parts: unrecognized option '--bogus'\nTry `run-parts --help' for more information.\nrc=1\nrun-parts: invalid option -- 'd'\nTry `run-parts --help' for more information.\nrc=1\nrun-parts: failed to open directory /nonexist: No such file or directory\nrc=1\nrun-parts: failed to open directory /etc/passwd: Not a directory\nrc=1\nUnable to build regexp: Invalid regular expression\nrc=1\nUsage: run-parts [OPTION]... DIRECTORY\n      --test          print script names which would run, but don't run them.\n      --list          print names of all valid files (can not be used with\n                      --test)\n  -v, --verbose       print script names before running them.\n  -d, --debug         print script names while checking them.\n      --report        print script names if they produce output.\n      --reverse       reverse execution order of scripts.\n      --exit-on-error exit as soon as a script returns with a non-zero exit\n                      code.\n      --stdin         multiplex stdin to scripts being run, using temporary file\n      --lsbsysinit    validate filenames based on LSB sysinit specs.\n      --new-session   run each script in a separate process session\n      --regex=PATTERN validate filenames based on POSIX ERE pattern PATTERN.\n  -u, --umask=UMASK   sets umask to UMASK (octal), default is 022.\n  -a, --arg=ARGUMENT  pass ARGUMENT to scripts, use once for each argument.\n  -V, --version       output version information and exit.\n  -h, --help          display this help and exit.\nrc=0\nDebian run-parts program, version 5.7\nCopyright (C) 1994 Ian Jackson, Copyright (C) 1996 Jeff Noxon.\nCopyright (C) 1996,1997,1998,1999 Guy Maor\nCopyright (C) 2002-2020 Clint Adams\nThis is free software; see the GNU General Public License version 2\nor later for copying conditions.  There is NO warranty.\n",
		"run-parts: missing operand\nTry `run-parts --help' for more information.\nrc=1\nrun-parts: missing operand\nTry `run-parts --help' for more information.\nrc=1\nrun-parts: --list and --test can not be used together\nTry `run-parts --help' for more information.\nrc=1\nrun-parts: unrecognized option '--bogus'\nTry `run-parts --help' for more information.\nrc=1\nrun-parts: invalid option -- 'd'\nTry `run-parts --help' for more information.\nrc=1\nrun-parts: failed to open directory /nonexist: No such file or directory\nrc=1\nrun-parts: failed to open directory /etc/passwd: Not a directory\nrc=1\nUnable to build regexp: Invalid regular expressionrc=1\nUsage: run-parts [OPTION]... DIRECTORY\n      --test          print script names which would run, but don't run them.\n      --list          print names of all valid files (can not be used with\n                      --test)\n  -v, --verbose       print script names before running them.\n      --report        print script names if they produce output.\n      --reverse       reverse execution order of scripts.\n      --exit-on-error exit as soon as a script returns with a non-zero exit\n                      code.\n      --stdin         multiplex stdin to scripts being run, using temporary file\n      --lsbsysinit    validate filenames based on LSB sysinit specs.\n      --new-session   run each script in a separate process session\n      --regex=PATTERN validate filenames based on POSIX ERE pattern PATTERN.\n  -u, --umask=UMASK   sets umask to UMASK (octal), default is 022.\n  -a, --arg=ARGUMENT  pass ARGUMENT to scripts, use once for each argument.\n  -V, --version       output version information and exit.\n  -h, --help          display this help and exit.\nrc=0\nDebian run-parts program, version 4.11\nCopyright (C) 1994 Ian Jackson, Copyright (C) 1996 Jeff Noxon.\nCopyright (C) 1996,1997,1998,1999 Guy Maor\nCopyright (C) 2002-2020 Clint Adams\nThis is free software; see the GNU General Public License version 2\nor later for copying conditions.  There is NO warranty.\n"),
)
