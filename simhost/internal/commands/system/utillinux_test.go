package system_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// Expected bytes captured from hostile-os:bookworm and bullseye (util-linux
// 2.38.1 and 2.36.1, procps 4.0.2 and 3.3.17).
var _ = Describe("flock", func() {
	It("runs the command holding the lock, and another flock of the host cannot take it meanwhile", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `flock -n /tmp/l true; echo st=$?; flock /tmp/l -c 'echo locked; exit 3'; echo st=$?; stat -c '%a %U' /tmp/l`).Stdout).
			To(Equal("st=0\nlocked\nst=3\n644 ops\n"))
		Expect(Run(m, "ops", `flock /tmp/k -c 'flock -n /tmp/k true; echo inner=$?; flock -n -E 7 /tmp/k true; echo code=$?'`).Stdout).
			To(Equal("inner=1\ncode=7\n"))
		Expect(Run(m, "ops", `flock -s /tmp/s -c 'flock -s -n /tmp/s true; echo shared=$?; flock -n /tmp/s true; echo exclusive=$?'`).Stdout).
			To(Equal("shared=0\nexclusive=1\n"))
		Expect(Run(m, "ops", `flock /tmp/w -c 'flock -w 0.1 /tmp/w true; echo waited=$?'; flock -n /tmp/w true; echo free=$?`).Stdout).
			To(Equal("waited=1\nfree=0\n"))
	})
	It("answers its usage errors with sysexits codes", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `flock`)).To(Exited(64, "flock: not enough arguments\nTry 'flock --help' for more information.\n"))
		Expect(Run(m, "ops", `flock -x`)).To(Exited(64, "flock: requires file descriptor, file or directory\n"))
		Expect(Run(m, "ops", `flock /tmp/l1`)).To(Exited(64, "flock: bad file descriptor: '/tmp/l1'\n"))
		Expect(Run(m, "ops", `flock /tmp/l1 -c`)).To(Exited(64, "flock: -c requires exactly one command argument\n"))
		Expect(Run(m, "ops", `flock -c`)).To(Exited(64, "flock: invalid option -- 'c'\nTry 'flock --help' for more information.\n"))
		Expect(Run(m, "ops", `flock -n /nosuchdir/l true`)).To(Exited(66, "flock: cannot open lock file /nosuchdir/l: No such file or directory\n"))
		Expect(Run(m, "ops", `flock /tmp/l3 nosuchcmd`)).To(Exited(69, "flock: failed to execute nosuchcmd: No such file or directory\n"))
	})
	DescribeTable("prints its version", func(personality, want string) {
		Expect(Run(NewHost(personality), "ops", `flock -V`)).To(Printed(want, ""))
	},
		Entry("debian12", "debian12", "flock from util-linux 2.38.1\n"),
		Entry("debian11", "debian11", "flock from util-linux 2.36.1\n"),
	)
})

var _ = Describe("ionice", func() {
	It("prints the I/O class, which a command run under ionice inherits", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `ionice; ionice -p $$; ionice -c idle ionice; ionice -c2 -n7 ionice; ionice -c3 true; echo st=$?`).Stdout).
			To(Equal("none: prio 0\nnone: prio 0\nidle\nbest-effort: prio 7\nst=0\n"))
	})
	It("fails on a process that is not there, a program that is not, and realtime for a user", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `ionice -c3 -p 999999`)).To(Exited(1, "ionice: ioprio_set failed: No such process\n"))
		Expect(Run(m, "ops", `ionice -c3 nosuchcmd`)).To(Exited(127, "ionice: failed to execute nosuchcmd: No such file or directory\n"))
		Expect(Run(m, "ops", `ionice -c1 true`)).To(Exited(1, "ionice: ioprio_set failed: Operation not permitted\n"))
		Expect(Run(m, "ops", `ionice -V`)).To(Printed("ionice from util-linux 2.38.1\n", ""))
	})
})

var _ = Describe("logger", func() {
	It("loses the message without a syslog socket, and says so only with -s", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `logger -t veeam probe; echo st=$?`)).To(Printed("st=0\n", ""))
		Expect(Run(m, "ops", `logger -s -t x hello`)).To(Exited(1, "logger: socket /dev/log: No such file or directory\n"))
		Expect(Run(NewHost("debian11"), "ops", `logger -V`)).To(Printed("logger from util-linux 2.36.1\n", ""))
	})
})

var _ = Describe("pwdx", func() {
	It("prints a process's working directory, and refuses another user's", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `cd /tmp && pwdx $$ > /tmp/o && cut -d' ' -f2 /tmp/o; pwdx /proc/$$ > /tmp/o && cut -d' ' -f2 /tmp/o`).Stdout).To(Equal("/tmp\n/tmp\n"))
		Expect(Run(m, "ops", `pwdx 1`)).To(Exited(1, "1: Permission denied\n"))
		Expect(Run(m, "root", `pwdx 1`).Code).To(Equal(0))
	})
	It("fails as procps does on a bad or missing process and with no operand", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `pwdx 999999`)).To(Exited(1, "999999: No such process\n"))
		Expect(Run(m, "ops", `pwdx abc 1`)).To(Exited(1, "pwdx: invalid process id: abc\n"))
		usage := "\nUsage:\n pwdx [options] pid...\n\nOptions:\n -h, --help     display this help and exit\n -V, --version  output version information and exit\n\nFor more details see pwdx(1).\n"
		Expect(Run(m, "ops", `pwdx`)).To(Exited(1, usage))
		Expect(Run(m, "ops", `pwdx -x`)).To(Exited(1, "pwdx: invalid option -- 'x'\n"+usage))
	})
	DescribeTable("prints its version", func(personality, want string) {
		Expect(Run(NewHost(personality), "ops", `pwdx -V`)).To(Printed(want, ""))
	},
		Entry("debian12", "debian12", "pwdx from procps-ng 4.0.2\n"),
		Entry("debian11", "debian11", "pwdx from procps-ng 3.3.17\n"),
	)
})
