package system_test

import (
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// Headings and complaints captured from the hostile-os bookworm container
// (procps 4.0.2); the figures are the host's.
var _ = Describe("vmstat and users", func() {
	const heading = "procs -----------memory---------- ---swap-- -----io---- -system-- ------cpu-----\n"
	It("prints procps' headings and a line of seventeen figures from /proc", func() {
		r := Run(NewHost("debian12"), "ops", `vmstat`)
		Expect(r.Stdout).To(HavePrefix(heading + " r  b   swpd   free   buff  cache   si   so    bi    bo   in   cs us sy id wa st\n"))
		lines := strings.Split(strings.TrimSuffix(r.Stdout, "\n"), "\n")
		Expect(lines).To(HaveLen(3))
		Expect(strings.Fields(lines[2])).To(HaveLen(17))
		Expect(Run(NewHost("debian12"), "ops", `vmstat -a | sed -n 2p`).Stdout).
			To(Equal(" r  b   swpd   free  inact active   si   so    bi    bo   in   cs us sy id wa st\n"))
	})
	It("reads the free memory the host's /proc/meminfo gives", func() {
		Expect(Run(NewHost("debian12"), "ops", `[ "$(vmstat | awk 'NR==3 {print $4}')" = "$(awk '/^MemFree:/ {print $2}' /proc/meminfo)" ] && echo same`).Stdout).To(Equal("same\n"))
	})
	It("refuses a bad delay or count", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `vmstat 0`)).To(Exited(1, "vmstat: delay must be positive integer\n"))
		Expect(Run(m, "ops", `vmstat x`)).To(Exited(1, "vmstat: failed to parse argument: 'x'\n"))
		Expect(Run(m, "ops", `vmstat -V`).Stdout).To(Equal("vmstat from procps-ng 4.0.2\n"))
	})
	It("users names no one for sessions without a terminal, and takes one file", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `users`)).To(Equal(Result{}))
		Expect(Run(m, "ops", `users a b`)).To(Exited(1, "users: extra operand 'b'\nTry 'users --help' for more information.\n"))
	})
})
