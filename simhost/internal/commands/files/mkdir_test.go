package files_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
	"github.com/hostile-lab/hostile/simhost/machine"
)

var _ = Describe("mkdir", func() {
	It("makes directories 0755 under the umask, or with -m's mode", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", "mkdir a && mkdir -m 700 b && mkdir -m u=rwx,g=rx c && stat -c '%a %n' a b c")).To(Equal(
			Result{Stdout: "755 a\n700 b\n757 c\n"}))
	})
	It("makes parents with -p and says so with -v", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", "mkdir -pv x/y/z")).To(Equal(Result{Stdout: "mkdir: created directory 'x'\nmkdir: created directory 'x/y'\nmkdir: created directory 'x/y/z'\n"}))
		Expect(Run(m, "ops", "mkdir -p x/y/z")).To(Equal(Result{}))
	})
	DescribeTable("reports what exists and what it may not create, in its host's words",
		RunGives(PlainHost),
		Entry("a directory that exists", "debian12", "mkdir x; mkdir x", Result{Stderr: "mkdir: cannot create directory 'x': File exists\n", Code: 1}),
		Entry("a directory it may not write", "debian12", "mkdir /etc/app", Result{Stderr: "mkdir: cannot create directory '/etc/app': Permission denied\n", Code: 1}),
		Entry("the component -p failed to make (seen on Debian 12 and 11)", "debian12", "mkdir -p /etc/app/conf",
			Result{Stderr: "mkdir: cannot create directory '/etc/app': Permission denied\n", Code: 1}),
		Entry("a missing parent", "debian12", "mkdir a/b", Result{Stderr: "mkdir: cannot create directory 'a/b': No such file or directory\n", Code: 1}),
		Entry("no operand", "debian12", "mkdir", Result{Stderr: "mkdir: missing operand\nTry 'mkdir --help' for more information.\n", Code: 1}),
		Entry("a bad mode", "debian12", "mkdir -m zz q", Result{Stderr: "mkdir: invalid mode 'zz'\n", Code: 1}),
		Entry("a directory that exists on Solaris", "solaris10-sparc", "mkdir x; mkdir x", Result{Stderr: "mkdir: Failed to make directory \"x\"; File exists\n", Code: 2}),
		Entry("a directory it may not write on Solaris", "solaris10-sparc", "mkdir -p /etc/q", Result{Stderr: "mkdir: \"/etc/q\": Permission denied\n", Code: 2}),
		Entry("a GNU option on Solaris", "solaris10-sparc", "mkdir -v y", Result{Stderr: "mkdir: illegal option -- v\nmkdir: usage: mkdir [-m mode] [-p] dirname ...\n", Code: 2}),
	)
})

var _ = Describe("rmdir", func() {
	It("removes empty directories, with -p their parents", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", "mkdir -p a/b/c && rmdir -p a/b/c && ls")).To(Equal(Result{}))
		Expect(Exists(m, "/home/ops/a")).To(BeFalse())
	})
	// hostWithFullDir is a host with ops's directory d holding root's file f.
	hostWithFullDir := func(personality string) *machine.Machine {
		return NewHost(personality, SeedFile(OpsHome(personality)+"/d/f", "", "root", 0o644))
	}
	DescribeTable("refuses a non-empty one unless told to ignore it, in its host's words",
		RunGives(hostWithFullDir),
		Entry("a non-empty one", "debian12", "rmdir d", Result{Stderr: "rmdir: failed to remove 'd': Directory not empty\n", Code: 1}),
		Entry("a non-empty one it may ignore", "debian12", "rmdir --ignore-fail-on-non-empty d", Result{}),
		Entry("a missing one", "debian12", "rmdir nosuch", Result{Stderr: "rmdir: failed to remove 'nosuch': No such file or directory\n", Code: 1}),
		Entry("a non-empty one on Solaris", "solaris10-sparc", "rmdir d", Result{Stderr: "rmdir: directory \"d\": Directory not empty\n", Code: 2}),
		Entry("a missing one on Solaris", "solaris10-sparc", "rmdir x", Result{Stderr: "rmdir: directory \"x\": Directory does not exist\n", Code: 2}),
	)
	It("says what it removes with -v", func() {
		Expect(Run(hostWithFullDir("debian12"), "ops", "rmdir -v /home/ops/d/f").Stdout).To(Equal("rmdir: removing directory, '/home/ops/d/f'\n"))
	})
})
