package storage_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// Expected bytes captured from hostile-os:bookworm and bullseye as root.
var _ = Describe("blkid", func() {
	DescribeTable("finds no filesystem on a host whose /dev has no disk nodes, and checks its options",
		func(script string, code int, stderr string) {
			Expect(Run(NewHost("debian12"), "root", script)).To(Exited(code, stderr))
		},
		Entry("all devices", `blkid -c /dev/null`, 2, ""),
		Entry("a missing device", `blkid -p /dev/nosuch`, 2, ""),
		Entry("a character device", `blkid -o export /dev/null`, 2, ""),
		Entry("a label", `blkid -L root`, 2, ""),
		Entry("a bad format", `blkid -o bogus /dev/null`, 4, "blkid: unsupported output format bogus\n"),
		Entry("-p with no device", `blkid -p`, 4, "blkid: The low-level probing mode requires a device\n"),
		Entry("a bad option", `blkid -x`, 1, "blkid: invalid option -- 'x'\nTry 'blkid --help' for more information.\n"),
	)
	It("says so of a missing device in util-linux 2.36's low-level probe, and stops there", func() {
		Expect(Run(NewHost("debian11"), "root", `blkid -p /dev/nosuch /dev/other`)).To(Exited(2, "blkid: error: /dev/nosuch: No such file or directory\n"))
		Expect(Run(NewHost("debian11"), "root", `blkid -o export /dev/nosuch`)).To(Exited(2, ""))
	})
	DescribeTable("prints its version with libblkid's date", func(personality, want string) {
		Expect(Run(NewHost(personality), "root", `blkid -V`)).To(Printed(want, ""))
	},
		Entry("2.38.1", "debian12", "blkid from util-linux 2.38.1  (libblkid 2.38.1, 04-Aug-2022)\n"),
		Entry("2.36.1", "debian11", "blkid from util-linux 2.36.1  (libblkid 2.36.1, 16-Nov-2020)\n"),
	)
})
