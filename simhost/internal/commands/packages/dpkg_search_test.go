package packages_test

import (
	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
)

// Bytes captured from the hostile-os bookworm and bullseye containers, whose
// package databases the hosts carry.
var _ = Describe("dpkg-query -S", func() {
	DescribeTable("finds the packages of paths, in dpkg's hash order",
		func(host string) {
			m := NewHost(host)
			Expect(Run(m, "ops", `dpkg -S sudoreplay`)).To(Exited(0, ""))
			Expect(Run(m, "ops", `dpkg -S sudoreplay`).Stdout).To(Equal("sudo: /usr/share/man/man8/sudoreplay.8.gz\nsudo: /usr/bin/sudoreplay\n"))
			Expect(Run(m, "ops", `dpkg -S '/usr/bin/su*'`).Stdout).To(Equal("coreutils: /usr/bin/sum\nsudo: /usr/bin/sudo\nsudo: /usr/bin/sudoreplay\nsudo: /usr/bin/sudoedit\n"))
			Expect(Run(m, "ops", `dpkg -S bin/sudo`).Stdout).To(Equal("sudo: /usr/sbin/sudo_sendlog\nsudo: /usr/sbin/sudo_logsrvd\nsudo: /usr/bin/sudo\nsudo: /usr/bin/sudoreplay\nsudo: /usr/bin/sudoedit\n"))
			Expect(Run(m, "ops", `dpkg -S '*sudoedit' /usr/bin/sudo/`).Stdout).To(Equal("sudo: /usr/bin/sudoedit\nsudo: /usr/bin/sudo\n"))
			Expect(Run(m, "ops", `dpkg-query -S /usr/bin/sudo /bin/ls`).Stdout).To(Equal("sudo: /usr/bin/sudo\ncoreutils: /bin/ls\n"))
		},
		Entry("Debian 12", "debian12"),
		Entry("Debian 11", "debian11"),
	)
	It("reports a pattern that matches nothing, and goes on", func() {
		r := Run(NewHost("debian12"), "ops", `dpkg -S nosuchthing /usr/bin/sudo`)
		Expect(r.Stdout).To(Equal("sudo: /usr/bin/sudo\n"))
		Expect(r).To(Exited(1, "dpkg-query: no path found matching pattern *nosuchthing*\n"))
		Expect(Run(NewHost("debian12"), "ops", `dpkg-query -S /usr/bin/nosuch`)).To(Exited(1, "dpkg-query: no path found matching pattern /usr/bin/nosuch\n"))
		Expect(Run(NewHost("debian12"), "ops", `dpkg -S`)).To(Exited(2, "dpkg-query: error: --search needs at least one file name pattern argument\n\nUse --help for help about querying packages.\n"))
	})
})
