package system_test

import (
	. "github.com/onsi/ginkgo/v2"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// Expected bytes captured from hostile-os:bookworm and bullseye (shadow 4.13
// and 4.8.1, util-linux 2.38.1 and 2.36.1) as ops with stderr merged; the
// time a record file began is the container's own, left out.
var _ = DescribeTable("lastlog, last and lastb", MergedOnDebian12And11(nil),
	Entry("lastlog: every account never logged in, chosen by -u name, uid or range, and its refusals", `lastlog | head -4; lastlog -u ops; lastlog -u 0-2; lastlog -u 1000-; lastlog -u -1; lastlog -b 90 | head -2; lastlog -t 5; echo rc=$?; lastlog -u 99999; echo rc=$?; lastlog -u nosuch; echo rc=$?; lastlog -x; echo rc=$?; lastlog -h | head -2; lastlog -b abc; echo rc=$?; lastlog extra; echo rc=$?`,
		`Username         Port     From                                       Latest
root                                                                **Never logged in**
daemon                                                              **Never logged in**
bin                                                                 **Never logged in**
Username         Port     From                                       Latest
ops                                                                 **Never logged in**
Username         Port     From                                       Latest
root                                                                **Never logged in**
daemon                                                              **Never logged in**
bin                                                                 **Never logged in**
Username         Port     From                                       Latest
nobody                                                              **Never logged in**
ops                                                                 **Never logged in**
Username         Port     From                                       Latest
root                                                                **Never logged in**
daemon                                                              **Never logged in**
Username         Port     From                                       Latest
root                                                                **Never logged in**
rc=0
rc=0
lastlog: Unknown user or range: nosuch
rc=1
lastlog: invalid option -- 'x'
Usage: lastlog [options]

Options:
  -b, --before DAYS             print only lastlog records older than DAYS
  -C, --clear                   clear lastlog record of an user (usable only with -u)
  -h, --help                    display this help message and exit
  -R, --root CHROOT_DIR         directory to chroot into
  -S, --set                     set lastlog record to current time (usable only with -u)
  -t, --time DAYS               print only lastlog records more recent than DAYS
  -u, --user LOGIN              print lastlog record of the specified LOGIN

rc=1
Usage: lastlog [options]

lastlog: invalid numeric argument 'abc'
rc=1
lastlog: unexpected argument: extra
Usage: lastlog [options]

Options:
  -b, --before DAYS             print only lastlog records older than DAYS
  -C, --clear                   clear lastlog record of an user (usable only with -u)
  -h, --help                    display this help message and exit
  -R, --root CHROOT_DIR         directory to chroot into
  -S, --set                     set lastlog record to current time (usable only with -u)
  -t, --time DAYS               print only lastlog records more recent than DAYS
  -u, --user LOGIN              print lastlog record of the specified LOGIN

rc=1
`,
		`Username         Port     From             Latest
root                                       **Never logged in**
daemon                                     **Never logged in**
bin                                        **Never logged in**
Username         Port     From             Latest
ops                                        **Never logged in**
Username         Port     From             Latest
root                                       **Never logged in**
daemon                                     **Never logged in**
bin                                        **Never logged in**
Username         Port     From             Latest
nobody                                     **Never logged in**
ops                                        **Never logged in**
Username         Port     From             Latest
root                                       **Never logged in**
daemon                                     **Never logged in**
Username         Port     From             Latest
root                                       **Never logged in**
rc=0
rc=0
lastlog: Unknown user or range: nosuch
rc=1
lastlog: invalid option -- 'x'
Usage: lastlog [options]

Options:
  -b, --before DAYS             print only lastlog records older than DAYS
  -C, --clear                   clear lastlog record of an user (usable only with -u)
  -h, --help                    display this help message and exit
  -R, --root CHROOT_DIR         directory to chroot into
  -S, --set                     set lastlog record to current time (usable only with -u)
  -t, --time DAYS               print only lastlog records more recent than DAYS
  -u, --user LOGIN              print lastlog record of the specified LOGIN

rc=1
Usage: lastlog [options]

lastlog: invalid numeric argument 'abc'
rc=1
lastlog: unexpected argument: extra
Usage: lastlog [options]

Options:
  -b, --before DAYS             print only lastlog records older than DAYS
  -C, --clear                   clear lastlog record of an user (usable only with -u)
  -h, --help                    display this help message and exit
  -R, --root CHROOT_DIR         directory to chroot into
  -S, --set                     set lastlog record to current time (usable only with -u)
  -t, --time DAYS               print only lastlog records more recent than DAYS
  -u, --user LOGIN              print lastlog record of the specified LOGIN

rc=1
`),
	Entry("last and lastb: empty records since the file began, and the files they cannot open", `last | sed 's/begins .*/begins X/'; echo rc=$?; last -n 5 root | sed 's/begins .*/begins X/'; last -V; last -f /nonexist; echo rc=$?; lastb; echo rc=$?; last -x -F reboot | sed 's/begins .*/begins X/'; last -5 | sed 's/begins .*/begins X/'; last --bogus; echo rc=$?`,
		`
wtmp begins X
rc=0

wtmp begins X
last from util-linux 2.38.1
last: cannot open /nonexist: No such file or directory
rc=1
lastb: cannot open /var/log/btmp: Permission denied
rc=1

wtmp begins X

wtmp begins X
last: unrecognized option '--bogus'
Try 'last --help' for more information.
rc=1
`,
		`
wtmp begins X
rc=0

wtmp begins X
last from util-linux 2.36.1
last: cannot open /nonexist: No such file or directory
rc=1
lastb: cannot open /var/log/btmp: Permission denied
rc=1

wtmp begins X

wtmp begins X
last: unrecognized option '--bogus'
Try 'last --help' for more information.
rc=1
`),
)
