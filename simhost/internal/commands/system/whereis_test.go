package system_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// Expected bytes captured from hostile-os:bookworm (util-linux 2.38.1) and
// bullseye (2.36.1) as a user; where a directory holds several matches their
// order is the filesystem's, so the specs name single matches.
var _ = Describe("whereis", func() {
	DescribeTable("finds a name's programs, manual pages and other entries in the standard directories",
		func(personality, script, want string) {
			Expect(Run(NewHost(personality), "ops", script)).To(Printed(want, ""))
		},
		Entry("a program and its page", "debian12", `whereis ls`, "ls: /usr/bin/ls /usr/share/man/man1/ls.1.gz\n"),
		Entry("-b, and names not there", "debian12", `whereis -b pg_ctl psql ls`, "pg_ctl:\npsql:\nls: /usr/bin/ls\n"),
		Entry("-m", "debian12", `whereis -m passwd`, "passwd: /usr/share/man/man1/passwd.1.gz /usr/share/man/man5/passwd.5.gz\n"),
		Entry("directories of the name", "debian12", `whereis sudo lvm`, "sudo: /usr/bin/sudo /usr/libexec/sudo /usr/share/man/man8/sudo.8.gz\n"+
			"lvm: /usr/sbin/lvm /etc/lvm /usr/share/man/man8/lvm.8.gz\n"),
		Entry("an info page", "debian12", `whereis gzip`, "gzip: /usr/bin/gzip /usr/share/man/man1/gzip.1.gz /usr/share/info/gzip.info.gz\n"),
		Entry("2.38: no dotted names outside the manual", "debian12", `whereis -b bash`, "bash: /usr/bin/bash\n"),
		Entry("2.36: dotted names everywhere", "debian11", `whereis -b bash`, "bash: /usr/bin/bash /etc/bash.bashrc\n"),
		Entry("-B replaces the binary directories, searched last", "debian12", `whereis -B /usr/bin -f ls`, "ls: /usr/share/man/man1/ls.1.gz /usr/bin/ls\n"),
		Entry("-u: a name without one of each kind", "debian12", `whereis -u ls`, "ls: /usr/bin/ls /usr/share/man/man1/ls.1.gz\n"),
		Entry("a path's base name", "debian12", `whereis /usr/bin/ls`, "ls: /usr/bin/ls /usr/share/man/man1/ls.1.gz\n"),
		Entry("-l's binary directories", "debian12", `whereis -l | grep -c bin`, "16\n"),
	)
	It("answers a missing or bad argument as util-linux does", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `whereis`)).To(Exited(1, "whereis: not enough arguments\nTry 'whereis --help' for more information.\n"))
		Expect(Run(m, "ops", `whereis -x`)).To(Exited(1, "whereis: bad usage\nTry 'whereis --help' for more information.\n"))
		Expect(Run(NewHost("debian11"), "ops", `whereis -V`)).To(Printed("whereis from util-linux 2.36.1\n", ""))
	})
})
