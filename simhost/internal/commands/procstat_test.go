package commands_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// /proc/stat in the layout a Debian 12 container shows (Linux 6.x): a cpu
// line of ten counters, one per CPU, then the kernel's counters.
var _ = Describe("/proc/stat", func() {
	It("has the lines and fields monitoring agents read", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `head -1 /proc/stat | awk '{print $1, NF}'; awk '/^cpu[0-9]/{n++} END{print n}' /proc/stat; nproc`).Stdout).
			To(Equal("cpu 11\n2\n2\n"))
		Expect(Run(m, "ops", `cut -d' ' -f1 /proc/stat | sed 's/[0-9]*$//' | uniq | tr '\n' ' '`).Stdout).
			To(Equal("cpu intr ctxt btime processes procs_running procs_blocked softirq "))
		Expect(Run(m, "ops", `awk '/^btime/{print $2}' /proc/stat; cut -d' ' -f1 /proc/uptime`).Code).To(Equal(0))
	})
	It("counts idle time as /proc/uptime does", func() {
		r := Run(NewHost("debian12"), "ops", `awk '/^cpu /{print ($5 >= $2 + $4) ? "mostly idle" : "busy"}' /proc/stat`)
		Expect(r.Stdout).To(Equal("mostly idle\n"))
	})
})
