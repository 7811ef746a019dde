package files_test

import (
	. "github.com/onsi/ginkgo/v2"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// Captured from hostile-os:bookworm and bullseye as ops (stderr merged), by a
// script that ran each entry's text in both containers.
var _ = DescribeTable("device numbers", MergedOnDebian12And11(nil),
	Entry("a device's major and minor number: ls -l's size column, stat's Device type and %t %T %Hr %Lr", `ls -l /dev/null /dev/zero /dev/tty | cut -d' ' -f1-6; ls -ln /dev/null /usr/share/doc/bash/copyright | cut -d' ' -f1-6; LC_TIME=C ls -Qlan /dev/null /dev/zero | grep '^c' | ( while read p l u g a i m d y n; do echo "E$a$i $n"; done ); stat -c '%t %T %Hr %Lr %F' /dev/null /dev/tty /usr/share/doc/bash/copyright; stat /dev/zero | sed -n '3s/.*Links/Links/p'; stat -t /dev/null | cut -d' ' -f10,11`,
		`crw-rw-rw- 1 root root 1, 3
crw-rw-rw- 1 root root 5, 0
crw-rw-rw- 1 root root 1, 5
crw-rw-rw- 1 0 0 1, 3
-rw-r--r-- 1 0 0 9764 Dec
E1,3 "/dev/null"
E1,5 "/dev/zero"
1 3 1 3 character special file
5 0 5 0 character special file
0 0 0 0 regular file
Links: 1     Device type: 1,5
1 3
`,
		`crw-rw-rw- 1 root root 1, 3
crw-rw-rw- 1 root root 5, 0
crw-rw-rw- 1 root root 1, 5
crw-rw-rw- 1 0 0  1,
-rw-r--r-- 1 0 0 10231 Mar
E1,3 "/dev/null"
E1,5 "/dev/zero"
1 3 ?r ?r character special file
5 0 ?r ?r character special file
0 0 ?r ?r regular file
Links: 1     Device type: 1,5
1 3
`),
)
