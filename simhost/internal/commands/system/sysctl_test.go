package system_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// Bytes captured from the hostile-os bookworm (procps 4.0.2) and bullseye
// (procps 3.3.17) containers.
var _ = Describe("sysctl", func() {
	It("reads keys given with dots or slashes, values or names alone", func() {
		m := NewHost("debian12")
		Expect(Run(m, "root", `sysctl kernel.ostype; sysctl -n kernel.ostype vm.swappiness; sysctl kernel/ostype; sysctl -N vm.swappiness`).Stdout).
			To(Equal("kernel.ostype = Linux\nLinux\n60\nkernel.ostype = Linux\nvm.swappiness\n"))
		Expect(Run(m, "root", `sysctl net.ipv4.ip_local_port_range`).Stdout).To(Equal("net.ipv4.ip_local_port_range = 32768\t60999\n"))
	})
	DescribeTable("reports a missing key, and goes on",
		func(host string, status int) {
			r := Run(NewHost(host), "root", `sysctl vm.nosuchkey kernel.ostype`)
			Expect(r.Stdout).To(Equal("kernel.ostype = Linux\n"))
			Expect(r).To(Exited(status, "sysctl: cannot stat /proc/sys/vm/nosuchkey: No such file or directory\n"))
			Expect(Run(NewHost(host), "root", `sysctl -e -n vm.nosuch kernel.ostype`)).To(Exited(0, ""))
		},
		Entry("procps 4", "debian12", 1),
		Entry("procps 3.3", "debian11", 255),
	)
	It("needs a key", func() {
		Expect(Run(NewHost("debian12"), "root", `sysctl`)).To(Exited(1, "sysctl: no variables specified\nTry `sysctl --help' for more information.\n"))
	})
	It("sets a key as root, and refuses anyone else", func() {
		m := NewHost("debian12")
		Expect(Run(m, "root", `sysctl -w vm.swappiness=10 && sysctl -n vm.swappiness`).Stdout).To(Equal("vm.swappiness = 10\n10\n"))
		Expect(Run(m, "root", `sysctl -q vm.swappiness=11 && sysctl -n vm.swappiness`).Stdout).To(Equal("11\n"))
		Expect(Run(m, "ops", `/sbin/sysctl vm.swappiness=3`)).To(Exited(1, "sysctl: permission denied on key \"vm.swappiness\"\n"))
		Expect(Run(NewHost("debian11"), "ops", `/sbin/sysctl vm.swappiness=3`)).To(Exited(255, "sysctl: permission denied on key \"vm.swappiness\"\n"))
	})
	DescribeTable("loads a file, each version with its own complaints",
		func(host string, status int, stderr string) {
			m := NewHost(host)
			r := Run(m, "root", `printf '# c\n; c2\nbogus line\nkernel.ostype\n-net.nosuch = 1\nvm.swappiness = 5\n' > /tmp/s.conf; sysctl -p /tmp/s.conf`)
			Expect(r.Stdout).To(Equal("vm.swappiness = 5\n"))
			Expect(r).To(Exited(status, stderr))
			Expect(Run(m, "root", `sysctl -p /nonexist`)).To(Exited(status, "sysctl: cannot open \"/nonexist\": No such file or directory\n"))
		},
		Entry("procps 4", "debian12", 1, "sysctl: /tmp/s.conf(3): invalid syntax, continuing...\nsysctl: /tmp/s.conf(4): invalid syntax, continuing...\n"+
			"sysctl: cannot stat /proc/sys/net/nosuch: No such file or directory\n"),
		Entry("procps 3.3", "debian11", 255, "sysctl: cannot stat /proc/sys/bogus line: No such file or directory\n"+
			"sysctl: setting key \"kernel.ostype\": No such file or directory\nsysctl: cannot stat /proc/sys/net/nosuch: No such file or directory\n"),
	)
	It("words -w without a value as each version does", func() {
		Expect(Run(NewHost("debian12"), "root", `sysctl -w kernel.ostype`)).To(Exited(1, "sysctl: command line(0): invalid syntax, continuing...\n"))
		Expect(Run(NewHost("debian11"), "root", `sysctl -w kernel.ostype`)).To(Exited(255, "sysctl: \"kernel.ostype\" must be of the form name=value\n"))
	})
})
