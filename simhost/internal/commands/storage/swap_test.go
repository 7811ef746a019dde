package storage_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// Bytes captured from the hostile-os bookworm and bullseye containers, which
// have no swap.
var _ = Describe("swapon and swapoff", func() {
	DescribeTable("print nothing and succeed on a host with no swap",
		func(script string) {
			Expect(Run(NewHost("debian12"), "root", script)).To(Exited(0, ""))
			Expect(Run(NewHost("debian12"), "root", script).Stdout).To(BeEmpty())
		},
		Entry("the preflight's --show", `swapon --show`),
		Entry("the summary", `swapon -s`),
		Entry("no argument", `swapon`),
		Entry("chosen columns", `swapon --show=NAME,SIZE --noheadings`),
		Entry("every fstab swap on", `swapon -a`),
		Entry("every swap off", `swapoff -a`),
		Entry("every swap off, as a user", `/sbin/swapoff -a`),
	)
	It("complains as util-linux does", func() {
		m := NewHost("debian12")
		Expect(Run(m, "root", `swapon /dev/nosuch`)).To(Exited(255, "swapon: cannot open /dev/nosuch: No such file or directory\n"))
		Expect(Run(m, "root", `swapon -e /dev/nosuch`)).To(Exited(1, "swapon: bad usage\nTry 'swapon --help' for more information.\n"))
		Expect(Run(m, "root", `swapoff`)).To(Exited(16, "swapoff: bad usage\nTry 'swapoff --help' for more information.\n"))
		Expect(Run(m, "ops", `/sbin/swapoff /dev/x`)).To(Exited(16, "swapoff: Not superuser.\n"))
		Expect(Run(m, "root", `swapon --bogus`)).To(Exited(1, "swapon: unrecognized option '--bogus'\nTry 'swapon --help' for more information.\n"))
		Expect(Run(m, "root", `swapon --version`).Stdout).To(Equal("swapon from util-linux 2.38.1\n"))
		Expect(Run(NewHost("debian11"), "root", `swapon --version`).Stdout).To(Equal("swapon from util-linux 2.36.1\n"))
	})
})
