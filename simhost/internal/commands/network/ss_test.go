package network_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// Bytes captured from the hostile-os bookworm and bullseye containers, whose
// sshd listens on port 22 of every address (iproute2 6.1 and 5.10 lay them
// out alike).
var _ = Describe("ss", func() {
	const heading = "State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\n"
	const v4 = "LISTEN 0      128          0.0.0.0:22        0.0.0.0:*          \n"
	const v6 = "LISTEN 0      128             [::]:22           [::]:*          \n"
	DescribeTable("lists sshd's listeners, each column as wide as its widest cell",
		func(host, script, out string) {
			Expect(Run(NewHost(host), "ops", script)).To(Equal(Result{Stdout: out}))
		},
		Entry("-tln", "debian12", `ss -tln`, heading+v4+v6),
		Entry("-tln, Debian 11", "debian11", `ss -tln`, heading+v4+v6),
		Entry("no heading", "debian12", `ss -tlnH`, "LISTEN 0      128    0.0.0.0:22 0.0.0.0:*\nLISTEN 0      128       [::]:22    [::]:*\n"),
		Entry("TCP and UDP: Netid", "debian12", `ss -tuln`, "Netid "+heading+"tcp   "+v4+"tcp   "+v6),
		Entry("IPv4 only", "debian12", `ss -ltn4`, heading+v4),
		Entry("IPv6 only", "debian12", `ss -ltn6`, heading+v6),
		Entry("a port filter", "debian12", `ss -lnt sport = :22`, heading+v4+v6),
		Entry("a service name filter", "debian12", `ss -ltn '( sport = :ssh )'`, heading+v4+v6),
		Entry("another port", "debian12", `ss -ltn sport = :80`, "State Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\n"),
		Entry("one state: no State column", "debian12", `ss -tn state listening`,
			"Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\n0      128          0.0.0.0:22        0.0.0.0:*          \n0      128             [::]:22           [::]:*          \n"),
		Entry("service names", "debian12", `ss -tl`, heading+
			"LISTEN 0      128          0.0.0.0:ssh       0.0.0.0:*          \nLISTEN 0      128             [::]:ssh          [::]:*          \n"),
		Entry("no UDP listeners", "debian12", `ss -ulnH`, ""),
		Entry("the version", "debian12", `ss -V`, "ss utility, iproute2-6.1.0\n"),
	)
	It("refuses a filter it cannot read", func() {
		Expect(Run(NewHost("debian12"), "ops", `ss -tln bogus`)).To(Exited(1, "Error: an inet prefix is expected rather than \"bogus\".\nCannot parse dst/src address.\n"))
	})
	It("follows the Port of the sshd_config the host started with", func() {
		m := NewHost("debian12", SeedFile("/etc/ssh/sshd_config", "Port 2222\nAddressFamily any\n", "root", 0o644))
		Expect(Run(m, "ops", `ss -tlnH`).Stdout).
			To(Equal("LISTEN 0      128    0.0.0.0:2222 0.0.0.0:*\nLISTEN 0      128       [::]:2222    [::]:*\n"))
	})
})

// ss -s and ip -s (socket and interface collectors), in the layouts
// captured with docker run of the hostile-os images; the counts are the
// host's listeners and the interfaces' sysfs counters.
var _ = Describe("ss -s and ip -s", func() {
	DescribeTable("print the summary and the counters",
		func(personality, script, want string) {
			Expect(RunMerged(NewHost(personality), "ops", script)).To(Equal(want))
		},
		Entry("ss -s's layout", "debian12", `ss -s | sed 's/[0-9][0-9]*/N/g'`,
			"Total: N\nTCP:   N (estab N, closed N, orphaned N, timewait N)\n\nTransport Total     IP        IPvN\n"+
				"RAW\t  N         N         N        \nUDP\t  N         N         N        \nTCP\t  N         N         N        \n"+
				"INET\t  N         N         N        \nFRAG\t  N         N         N        \n\n"),
		Entry("iproute2 6.1's counters", "debian12", `ip -s link show lo | sed 1,2d`,
			"    RX:  bytes packets errors dropped  missed   mcast           \n             0       0      0       0       0       0 \n"+
				"    TX:  bytes packets errors dropped carrier collsns           \n             0       0      0       0       0       0 \n"),
		Entry("iproute2 5.10's", "debian11", `ip -s link show lo | sed 1,2d`,
			"    RX: bytes  packets  errors  dropped missed  mcast   \n    0          0        0       0       0       0       \n"+
				"    TX: bytes  packets  errors  dropped carrier collsns \n    0          0        0       0       0       0       \n"),
		Entry("a NIC's are sysfs'", "debian12", `test "$(ip -s link show eth0 | awk 'NR==4 {print $1}')" = "$(cat /sys/class/net/eth0/statistics/rx_bytes)" && echo same`,
			"same\n"),
	)
})
