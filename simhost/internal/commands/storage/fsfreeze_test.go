package storage_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// Expected bytes captured from hostile-os:bookworm and bullseye as root and
// as a user (a container may not freeze either, which a user never may).
var _ = Describe("fsfreeze", func() {
	DescribeTable("checks its arguments and the directory before asking the kernel",
		func(user, script string, code int, stderr string) {
			Expect(Run(NewHost("debian12"), user, script)).To(Exited(code, stderr))
		},
		Entry("no action", "root", `fsfreeze /tmp`, 1, "fsfreeze: neither --freeze or --unfreeze specified\n"),
		Entry("no file", "root", `fsfreeze -f`, 1, "fsfreeze: no filename specified\n"),
		Entry("two files", "root", `fsfreeze -f /tmp /var`, 1, "fsfreeze: unexpected number of arguments\nTry 'fsfreeze --help' for more information.\n"),
		Entry("both actions", "root", `fsfreeze -f -u /tmp`, 1, "fsfreeze: mutually exclusive arguments: --freeze --unfreeze\n"),
		Entry("a bad option", "root", `fsfreeze -x /tmp`, 1, "fsfreeze: invalid option -- 'x'\nTry 'fsfreeze --help' for more information.\n"),
		Entry("a missing path", "root", `fsfreeze -f /nosuch`, 1, "fsfreeze: cannot open /nosuch: No such file or directory\n"),
		Entry("a file", "root", `touch /tmp/f; fsfreeze -f /tmp/f`, 1, "fsfreeze: /tmp/f: is not a directory\n"),
		Entry("a user", "ops", `/usr/sbin/fsfreeze -f /tmp`, 1, "fsfreeze: /tmp: freeze failed: Operation not permitted\n"),
		Entry("a user's thaw", "ops", `/usr/sbin/fsfreeze -u /tmp`, 1, "fsfreeze: /tmp: unfreeze failed: Operation not permitted\n"),
	)
})
