package system_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

var _ = Describe("uname", func() {
	It("prints the kernel's fields in GNU order, leaving unknown ones out of -a", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `uname`).Stdout).To(Equal("Linux\n"))
		Expect(Run(m, "ops", `uname -a`).Stdout).
			To(Equal("Linux db01 6.1.0-28-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22) x86_64 GNU/Linux\n"))
		Expect(Run(m, "ops", `uname -mrs`).Stdout).To(Equal("Linux 6.1.0-28-amd64 x86_64\n"))
		Expect(Run(m, "ops", `uname -n -o`).Stdout).To(Equal("db01 GNU/Linux\n"))
		Expect(Run(m, "ops", `uname -p -i`).Stdout).To(Equal("unknown unknown\n"))
		Expect(Run(m, "ops", `uname x`)).To(Exited(1, "uname: extra operand 'x'\nTry 'uname --help' for more information.\n"))
	})
	It("includes the processor on RHEL 7", func() {
		Expect(Run(NewHost("rhel7"), "ops", `uname -a`).Stdout).
			To(Equal("Linux db01 3.10.0-1160.el7.x86_64 #1 SMP Mon Oct 19 16:18:59 UTC 2020 x86_64 x86_64 x86_64 GNU/Linux\n"))
	})
	It("answers as SunOS on Solaris", func() {
		m := NewHost("solaris10-sparc")
		Expect(Run(m, "ops", `uname -a`).Stdout).To(Equal("SunOS db01 5.10 Generic_147147-26 sun4v sparc SUNW,SPARC-Enterprise-T5220\n"))
		Expect(Run(m, "ops", `uname -sr`).Stdout).To(Equal("SunOS 5.10\n"))
		Expect(Run(m, "ops", `uname -o`)).To(Exited(2, "uname: illegal option -- o\nusage:\tuname [-snrvmapiX]\n\tuname [-S system_name]\n"))
	})
})

var _ = Describe("hostname and arch", func() {
	It("print the host's name and architecture", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `hostname; hostname -s; hostname -f; hostname -i; arch`).Stdout).
			To(Equal("db01\ndb01\ndb01\n127.0.1.1\nx86_64\n"))
	})
	It("refuses to rename the host for a user", func() {
		Expect(Run(NewHost("debian12"), "ops", `hostname web01`)).To(Exited(1, "hostname: you must be root to change the host name\n"))
		Expect(Run(NewHost("solaris10-sparc"), "ops", `hostname web01`)).To(Exited(1, "hostname: error in setting name: Not owner\n"))
	})
	It("gives Solaris' architecture family", func() {
		Expect(Run(NewHost("solaris10-sparc"), "ops", `arch; arch -k`).Stdout).To(Equal("sun4\nsun4v\n"))
	})
})
