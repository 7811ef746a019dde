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

// vmstat -s and -w (collectd/telegraf exec scripts, sysstat-like
// collectors), in procps-ng 4.0.2's (Debian 12) and 3.3.17's (Debian 11)
// forms, captured with docker run of the hostile-os images.
var _ = Describe("vmstat -s and -w", func() {
	DescribeTable("have the release's lines",
		func(personality, script, want string) {
			Expect(RunMerged(NewHost(personality), "ops", script)).To(Equal(want))
		},
		Entry("-s labels on 4.0.2", "debian12", `vmstat -s | cut -c15- | tr '\n' '|'`,
			"K total memory|K used memory|K active memory|K inactive memory|K free memory|K buffer memory|K swap cache|"+
				"K total swap|K used swap|K free swap|non-nice user cpu ticks|nice user cpu ticks|system cpu ticks|idle cpu ticks|"+
				"IO-wait cpu ticks|IRQ cpu ticks|softirq cpu ticks|stolen cpu ticks|non-nice guest cpu ticks|nice guest cpu ticks|"+
				"K paged in|K paged out|pages swapped in|pages swapped out|interrupts|CPU context switches|boot time|forks|"),
		Entry("-s labels on 3.3.17", "debian11", `vmstat -s | cut -c15- | sed -n '18,21p'`,
			"stolen cpu ticks\npages paged in\npages paged out\npages swapped in\n"),
		Entry("-s figures in 13 columns, meminfo's", "debian12", `vmstat -s | head -1 | grep -c '^ *[0-9]* K total memory$'; vmstat -s | awk 'NR==1 {print length($0) - length("K total memory") - 1}'; test "$(vmstat -s | awk 'NR==1 {print $1}')" = "$(awk '/MemTotal/ {print $2}' /proc/meminfo)" && echo same`,
			"1\n13\nsame\n"),
		Entry("4.0.2's used memory is what is not available", "debian12", `test "$(vmstat -s | awk 'NR==2 {print $1}')" = "$(awk '/MemTotal/ {t=$2} /MemAvailable/ {a=$2} END {print t-a}' /proc/meminfo)" && echo same`,
			"same\n"),
		Entry("-w on 4.0.2 has the guests' column", "debian12", `vmstat -w | head -2`,
			"--procs-- -----------------------memory---------------------- ---swap-- -----io---- -system-- ----------cpu----------\n"+
				"   r    b         swpd         free         buff        cache   si   so    bi    bo   in   cs  us  sy  id  wa  st  gu\n"),
		Entry("-w on 3.3.17", "debian11", `vmstat -w | sed -n 2p; vmstat -w | awk 'NR==3 {print NF}'`,
			"   r    b         swpd         free         buff        cache   si   so    bi    bo   in   cs  us  sy  id  wa  st\n17\n"),
	)
})
