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

// The other counters monitoring agents read (Checkmk's agent, Munin's
// plugins, node_exporter, Netdata): each file in the layout a Debian
// container shows, with the host's interfaces and processors.
var _ = Describe("the kernel's counters besides /proc/stat", func() {
	m := NewHost("debian12")
	DescribeTable("are there in the kernel's layout",
		func(script, want string) {
			r := Run(m, "ops", script)
			Expect(r.Stderr).To(BeEmpty())
			Expect(r.Stdout).To(Equal(want))
		},
		Entry("/proc/net/dev's heading and one line per interface", `head -2 /proc/net/dev | cut -c1-12; sed 1,2d /proc/net/dev | cut -d: -f1 | tr -d ' '; awk -F: 'NR > 2 {print split($2, f, " ")}' /proc/net/dev | uniq`,
			"Inter-|   Re\n face |bytes\nlo\neth0\n16\n"),
		Entry("lo passes nothing", `grep ' lo:' /proc/net/dev | tr -s ' '`,
			" lo: 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n"),
		Entry("sysfs counts as /proc/net/dev does", `cat /sys/class/net/eth0/statistics/rx_bytes; awk '/eth0:/ {print $2}' /proc/net/dev; ls /sys/class/net/lo/statistics | wc -l`,
			"1482716\n1482716\n24\n"),
		Entry("a NIC's speed (lo has none)", `cat /sys/class/net/eth0/speed /sys/class/net/eth0/duplex; test -e /sys/class/net/lo/speed || echo none`,
			"10000\nfull\nnone\n"),
		Entry("/proc/net/tcp's and tcp6's headings", `head -1 /proc/net/tcp | tr -s ' '; head -1 /proc/net/tcp6 | awk '{print NF}'`,
			" sl local_address rem_address st tx_queue rx_queue tr tm->when retrnsmt uid timeout inode \n12\n"),
		Entry("/proc/vmstat's paging counters", `awk '{print $1}' /proc/vmstat | grep -E '^(pgpgin|pgpgout|pswpin|pswpout|pgmajfault)$'`,
			"pgpgin\npgpgout\npswpin\npswpout\npgmajfault\n"),
		Entry("/proc/vmstat's free pages are /proc/meminfo's", `echo $(( $(awk '/^nr_free_pages /{print $2}' /proc/vmstat) * 4 / 1024 )) $(( $(awk '/^MemFree:/{print $2}' /proc/meminfo) / 1024 ))`,
			"3477 3477\n"),
		Entry("/proc/devices' two lists", `grep -c devices: /proc/devices; grep -E ' (pts|loop|blkext)$' /proc/devices`,
			"2\n136 pts\n  7 loop\n259 blkext\n"),
		Entry("PSI with nothing waiting", `cat /proc/pressure/cpu /proc/pressure/io | cut -d' ' -f1,2`,
			"some avg10=0.00\nfull avg10=0.00\nsome avg10=0.00\nfull avg10=0.00\n"),
		Entry("/proc/PID/sched's heading", `IFS='(, ' read -r process _ < /proc/1/sched; echo "$process"; sed -n 1p /proc/self/sched | sed 's/[0-9][0-9]*,/PID,/'`,
			"init\nsed (PID, #threads: 1)\n"),
		Entry("one sysfs directory per processor", `cat /sys/devices/system/cpu/online /sys/devices/system/cpu/possible; find /sys/devices/system/cpu -mindepth 1 -maxdepth 1 -type d -name 'cpu*' | grep -cEv 'idle|freq'`,
			"0-1\n0-1\n2\n"),
		Entry("devpts' directory", `test -d /dev/pts && stat -c '%a %U' /dev/pts`, "755 root\n"),
		Entry("each disk under /sys/block, as Netdata's system-info.sh sums them", `for disk in /sys/block/*; do echo "${disk##*/}" $(cat $disk/dev $disk/removable) $(( $(cat $disk/size) * 512 / 1024 )); done; grep ' vda$' /proc/partitions | awk '{print $3}'`,
			"vda 254:0 0 1222688\n1222688\n"),
		Entry("the control groups' mount point (Checkmk's agent tests it)", `test -d /sys/fs/cgroup && echo there`, "there\n"),
	)
})
