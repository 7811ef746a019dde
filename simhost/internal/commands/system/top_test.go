package system_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// top in batch mode, as collectors run it (top -bn1; node_exporter's
// instant_per_process_cpu_mem_usage.sh's top -w 120 -cbn 1), in procps-ng
// 4.0.2's and 3.3.17's layouts captured with docker run of the hostile-os
// images; uptime shares its first line.
var _ = Describe("top -b", func() {
	DescribeTable("prints the summary and the processes",
		func(personality, script, want string) {
			Expect(RunMerged(NewHost(personality), "ops", script)).To(Equal(want))
		},
		Entry("the summary's lines", "debian12", `top -bn1 | head -7 | awk '{print $1}'`, "top\nTasks:\n%Cpu(s):\nMiB\nMiB\n\nPID\n"),
		Entry("4.0.2's trailing blanks", "debian12", `top -bn1 | sed -n '3,5p' | sed 's/[0-9.]*//g; s/  */ /g' | cat -A`,
			"%Cpu(s): us, sy, ni, id, wa, hi, si, st $\nMiB Mem : total, free, used, buff/cache $\nMiB Swap: total, free, used avail Mem $\n"),
		Entry("3.3.17's", "debian11", `top -bn1 | sed -n '3,5p' | sed 's/[0-9.]*//g; s/  */ /g' | cat -A`,
			"%Cpu(s): us, sy, ni, id, wa, hi, si, st$\nMiB Mem : total, free, used, buff/cache$\nMiB Swap: total, free, used avail Mem $\n"),
		Entry("the heading and a row", "debian12", `top -bn1 | sed -n '7p;8p'`,
			"    PID USER      PR  NI    VIRT    RES    SHR S  %CPU  %MEM     TIME+ COMMAND\n"+
				"      1 root      20   0  167744  11836  10652 S   0.0   0.3   0:00.00 init\n"),
		Entry("-c's command lines, cut to -w's width with a +", "debian12", `top -w 30 -cbn 1 | sed -n '8p'`, "      1 root      20   0  167+\n"),
		Entry("two frames", "debian12", `top -b -n 2 -d 0 | grep -c '^top - '`, "2\n"),
		Entry("no one logged in, on 4.0.2", "debian12", `top -bn1 | head -1 | grep -o ' 0 users*,'`, " 0 user,\n"),
		Entry("and on 3.3.17", "debian11", `top -bn1 | head -1 | grep -o ' 0 users*,'; uptime | grep -o ' 0 users*,'; uptime -V`,
			" 0 users,\n 0 users,\nuptime from procps-ng 3.3.17\n"),
	)
})
