package system_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// Bytes captured from the hostile-os bookworm and bullseye containers
// (util-linux 2.38.1 and 2.36.1 say the same).
var _ = Describe("flock", func() {
	It("runs the command holding the lock, and gives its status", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `cd /tmp; flock -n /tmp/a.lock -c "echo in"; echo s $?; flock /tmp/b.lock echo hi there; flock /tmp/b.lock -c "exit 3"`)).
			To(Equal(Result{Stdout: "in\ns 0\nhi there\n", Code: 3}))
		Expect(Run(m, "ops", `stat -c '%A %U %s' /tmp/a.lock`).Stdout).To(Equal("-rw-r--r-- ops 0\n"), "made with 0666 less the umask")
	})
	It("makes a second holder wait or fail while the first holds it", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `flock -x -n /tmp/f.lock -c 'flock -n /tmp/f.lock -c "echo inner"; echo inner-s $?'`).Stdout).To(Equal("inner-s 1\n"))
		Expect(Run(m, "ops", `flock -n /tmp/f.lock -c 'flock -n -E 9 /tmp/f.lock true; echo $?'`).Stdout).To(Equal("9\n"))
		Expect(Run(m, "ops", `flock /tmp/f.lock -c 'flock -w 0.05 /tmp/f.lock true; echo $?'`).Stdout).To(Equal("1\n"))
		Expect(Run(m, "ops", `flock -s /tmp/f.lock -c 'flock -s -n /tmp/f.lock echo shared'`).Stdout).To(Equal("shared\n"))
		Expect(Run(m, "ops", `flock -n /tmp/f.lock echo free again`).Stdout).To(Equal("free again\n"))
	})
	DescribeTable("fails with sysexits' statuses",
		func(script string, code int, stderr string) {
			Expect(Run(NewHost("debian12"), "ops", script)).To(Exited(code, stderr))
		},
		Entry("no argument", `flock`, 64, "flock: not enough arguments\nTry 'flock --help' for more information.\n"),
		Entry("a file and no command", `flock /tmp/x`, 64, "flock: bad file descriptor: '/tmp/x'\n"),
		Entry("-c first", `flock -c`, 64, "flock: invalid option -- 'c'\nTry 'flock --help' for more information.\n"),
		Entry("a lock file it cannot make", `flock /nonexist/dir/l true`, 66, "flock: cannot open lock file /nonexist/dir/l: No such file or directory\n"),
		Entry("a command not there", `flock /tmp/d.lock nosuchcmd`, 69, "flock: failed to execute nosuchcmd: No such file or directory\n"),
	)
})
