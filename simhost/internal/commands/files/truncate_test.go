package files_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// Bytes captured from the hostile-os bookworm container (coreutils 9.1).
var _ = Describe("truncate and sync", func() {
	It("make a file the size asked, absolute, relative or rounded", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `cd /tmp; truncate -s 5K a; stat -c %s a; truncate -s 1M a; stat -c %s a; truncate -s /3 a; stat -c %s a; `+
			`truncate -s '<100' a; stat -c %s a; truncate -s +5 a; stat -c %s a; truncate -s -3 a; stat -c %s a; truncate -s %4 a; stat -c %s a; `+
			`truncate -r a b; stat -c %s b; truncate -s 1KB c; stat -c %s c; truncate -o -s 2 d; stat -c '%s %a' d`).Stdout).
			To(Equal("5120\n1048576\n1048575\n100\n105\n102\n104\n104\n1000\n8192 644\n"))
	})
	DescribeTable("refuse as coreutils does",
		func(script, stderr string) { Expect(Run(NewHost("debian12"), "ops", script)).To(Exited(1, stderr)) },
		Entry("no size", `truncate /tmp/t`, "truncate: you must specify either '--size' or '--reference'\nTry 'truncate --help' for more information.\n"),
		Entry("a bad size", `truncate -s x /tmp/t`, "truncate: Invalid number: 'x'\n"),
		Entry("a directory", `truncate -s 3 /tmp`, "truncate: cannot open '/tmp' for writing: Is a directory\n"),
		Entry("a file of root's", `truncate -s 1 /etc/passwd`, "truncate: cannot open '/etc/passwd' for writing: Permission denied\n"),
		Entry("sync of a missing file", `sync /nonexist`, "sync: error opening '/nonexist': No such file or directory\n"),
	)
	It("leaves a missing file alone with -c", func() {
		Expect(Run(NewHost("debian12"), "ops", `truncate -c -s 5 /tmp/nope; echo $?; ls /tmp/nope`).Stdout).To(Equal("0\n"))
	})
})
