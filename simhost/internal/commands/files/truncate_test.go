package files_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// Expected bytes captured from hostile-os:bookworm and bullseye (coreutils
// 9.1 and 8.32 answer alike) as a user.
var _ = Describe("truncate and sync", func() {
	It("set a file's size, absolute or relative, in K, KB or KiB", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `cd /tmp; truncate -s 1K t; stat -c %s t; truncate -s +10 t; stat -c %s t; truncate -s -24 t; stat -c %s t; `+
			`truncate -s %8 t; stat -c %s t; truncate -s 0 t; stat -c %s t; truncate -s 1KB u; truncate -s 1KiB v; stat -c %s u v; `+
			`truncate -r /etc/hostname w; cmp -s w /etc/hostname; stat -c %s w | grep -c .`).Stdout).
			To(Equal("1024\n1034\n1010\n1016\n0\n1000\n1024\n1\n"))
		Expect(Run(m, "ops", `cd /tmp; truncate -c -s 1 nofile; ls nofile`)).To(Exited(2, "ls: cannot access 'nofile': No such file or directory\n"))
	})
	DescribeTable("fail as coreutils does",
		func(script string, stderr string) {
			Expect(Run(NewHost("debian12"), "ops", script)).To(Exited(1, stderr))
		},
		Entry("no size", `truncate t3`, "truncate: you must specify either '--size' or '--reference'\nTry 'truncate --help' for more information.\n"),
		Entry("no file", `truncate -s 1`, "truncate: missing file operand\nTry 'truncate --help' for more information.\n"),
		Entry("an absolute size with a reference", `truncate -s 5 -r /etc/hostname t5`, "truncate: you must specify a relative '--size' with '--reference'\nTry 'truncate --help' for more information.\n"),
		Entry("a bad size", `truncate -s x t1`, "truncate: Invalid number: 'x'\n"),
		Entry("a missing directory", `truncate -s 1 /nosuchdir/f`, "truncate: cannot open '/nosuchdir/f' for writing: No such file or directory\n"),
		Entry("root's file", `truncate -s 10 /etc/hostname`, "truncate: cannot open '/etc/hostname' for writing: Permission denied\n"),
		Entry("a directory", `truncate -s 1 /tmp`, "truncate: cannot open '/tmp' for writing: Is a directory\n"),
		Entry("sync of a missing file", `sync /nosuch`, "sync: error opening '/nosuch': No such file or directory\n"),
		Entry("sync -d -f", `sync -d -f /tmp`, "sync: cannot specify both --data and --file-system\n"),
		Entry("sync's bad option", `sync -x`, "sync: invalid option -- 'x'\nTry 'sync --help' for more information.\n"),
	)
	It("sync flushes everything, a file, or its filesystem", func() {
		Expect(Run(NewHost("debian12"), "ops", `sync; sync /etc/hostname; sync -f /tmp; sync -d /etc/hostname; echo ok`)).To(Printed("ok\n", ""))
	})
})
