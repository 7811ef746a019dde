package system_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// Expected bytes captured from hostile-os:bookworm and bullseye (procps
// 4.0.2 and 3.3.17).
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
	// Captured from bookworm and bullseye: every procps tool says the
	// release of the host's procps package.
	DescribeTable("prints its version, as every procps tool does", func(personality, release string) {
		for _, tool := range []string{"pwdx", "free", "uptime", "vmstat", "sysctl"} {
			Expect(Run(NewHost(personality), "ops", "PATH=$PATH:/sbin "+tool+" -V")).To(Printed(tool+" from procps-ng "+release+"\n", ""), tool)
		}
	},
		Entry("debian12", "debian12", "4.0.2"),
		Entry("debian11", "debian11", "3.3.17"),
	)
})
