package files_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

var _ = Describe("cp", func() {
	It("copies a file with the source's mode less the umask, -v naming both", func() {
		m := NewHost("debian12", SeedFile("/home/ops/a", "data", "ops", 0o775))
		Expect(Run(m, "ops", "cp -v a b")).To(Equal(Result{Stdout: "'a' -> 'b'\n"}))
		Expect(Run(m, "ops", "stat -c '%a %s' b").Stdout).To(Equal("755 4\n"))
		Expect(Run(m, "ops", "cp a /tmp && cat /tmp/a").Stdout).To(Equal("data"))
	})
	It("copies trees with -r and keeps modes and times with -p", func() {
		m := NewHost("debian12", SeedDir("/home/ops/d", "ops", 0o750), SeedFile("/home/ops/d/f", "x", "ops", 0o600))
		Expect(Run(m, "ops", "cp -rv d e")).To(Equal(Result{Stdout: "'d' -> 'e'\n'd/f' -> 'e/f'\n"}))
		Expect(Run(m, "ops", "touch -d 2020-01-01 d/f && cp -p d/f g && stat -c '%a %y' g").Stdout).To(
			Equal("600 2020-01-01 00:00:00.000000000 +0000\n"))
	})
	DescribeTable("reports errors as coreutils 9 does, and in Solaris's words",
		RunGives(hostWithFiles),
		Entry("a missing source", "debian12", "cp nosuch b", Result{Stderr: "cp: cannot stat 'nosuch': No such file or directory\n", Code: 1}),
		Entry("a directory without -r", "debian12", "cp d e", Result{Stderr: "cp: -r not specified; omitting directory 'd'\n", Code: 1}),
		Entry("a file onto itself", "debian12", "cp a a", Result{Stderr: "cp: 'a' and 'a' are the same file\n", Code: 1}),
		Entry("a destination it may not write", "debian12", "cp a /etc/a", Result{Stderr: "cp: cannot create regular file '/etc/a': Permission denied\n", Code: 1}),
		Entry("a source it may not read", "debian12", "cp /etc/secret .", Result{Stderr: "cp: cannot open '/etc/secret' for reading: Permission denied\n", Code: 1}),
		Entry("a missing target directory", "debian12", "cp a a d/x", Result{Stderr: "cp: target 'd/x': No such file or directory\n", Code: 1}),
		Entry("a target that is a file", "debian12", "cp a a a", Result{Stderr: "cp: target 'a': Not a directory\n", Code: 1}),
		Entry("a directory into itself", "debian12", "cp -r d d/sub", Result{Stderr: "cp: cannot copy a directory, 'd', into itself, 'd/sub'\n", Code: 1}),
		Entry("no destination", "debian12", "cp a", Result{Stderr: "cp: missing destination file operand after 'a'\nTry 'cp --help' for more information.\n", Code: 1}),
		Entry("a missing source on Solaris", "solaris10-sparc", "cp nosuch b", Result{Stderr: "cp: cannot access nosuch\n", Code: 2}),
		Entry("a file onto itself on Solaris", "solaris10-sparc", "cp a a", Result{Stderr: "cp: a and a are identical\n", Code: 2}),
		Entry("a destination it may not write on Solaris", "solaris10-sparc", "cp a /etc/a", Result{Stderr: "cp: cannot create /etc/a: Permission denied\n", Code: 2}),
		Entry("a directory without -r on Solaris", "solaris10-sparc", "cp d e", Result{Stderr: "cp: d: is a directory\n", Code: 2}),
	)
	It("asks before overwriting with -i and skips with -n", func() {
		m := NewHost("debian12", SeedFile("/home/ops/a", "new", "ops", 0o644), SeedFile("/home/ops/b", "old", "ops", 0o644))
		Expect(Run(m, "ops", "cp -i a b")).To(Equal(Result{Stderr: "cp: overwrite 'b'? "}))
		Expect(Content(m, "/home/ops/b")).To(Equal("old"))
		Expect(Run(m, "ops", "cp -n a b")).To(Equal(Result{}))
		Expect(Content(m, "/home/ops/b")).To(Equal("old"))
		Expect(Run(m, "ops", "cp -i a b", "y\n").Code).To(Equal(0))
		Expect(Content(m, "/home/ops/b")).To(Equal("new"))
	})
})

var _ = Describe("mv", func() {
	It("renames and says so with -v", func() {
		m := NewHost("debian12", SeedFile("/home/ops/a", "data", "ops", 0o644))
		Expect(Run(m, "ops", "mv -v a b")).To(Equal(Result{Stdout: "renamed 'a' -> 'b'\n"}))
		Expect(Content(m, "/home/ops/b")).To(Equal("data"))
		Expect(Run(m, "ops", "mkdir d && mv b d && cat d/b").Stdout).To(Equal("data"))
	})
	It("moves across filesystems by copying", func() {
		m := NewHost("debian12", SeedFile("/home/ops/a", "data", "ops", 0o640), func(d *machine.Description) {
			d.Mounts = append(d.Mounts, vfs.Mount{Path: "/data", Device: "/dev/sdb1", FSType: "xfs"})
			d.Files = append(d.Files, machine.File{Path: "/data/ops", Dir: true, Owner: "ops"})
		})
		Expect(Run(m, "ops", "mv a /data/ops/ && stat -c '%a %U %s' /data/ops/a")).To(Equal(Result{Stdout: "640 ops 4\n"}))
		Expect(Exists(m, "/home/ops/a")).To(BeFalse())
	})
	DescribeTable("reports errors as coreutils does, and in Solaris's words",
		RunGives(hostWithFiles),
		Entry("a missing source", "debian12", "mv nosuch b", Result{Stderr: "mv: cannot stat 'nosuch': No such file or directory\n", Code: 1}),
		Entry("a directory it may not write", "debian12", "mv a /etc/", Result{Stderr: "mv: cannot move 'a' to '/etc/a': Permission denied\n", Code: 1}),
		Entry("a directory into itself", "debian12", "mv d d/sub", Result{Stderr: "mv: cannot move 'd' to a subdirectory of itself, 'd/sub'\n", Code: 1}),
		Entry("a file onto itself", "debian12", "mv a a", Result{Stderr: "mv: 'a' and 'a' are the same file\n", Code: 1}),
		Entry("no operands", "debian12", "mv", Result{Stderr: "mv: missing file operand\nTry 'mv --help' for more information.\n", Code: 1}),
		Entry("a missing source on Solaris", "solaris10-sparc", "mv nosuch b", Result{Stderr: "mv: cannot access nosuch\n", Code: 2}),
		Entry("a directory it may not write on Solaris", "solaris10-sparc", "mv a /etc/a", Result{Stderr: "mv: cannot rename a to /etc/a: Permission denied\n", Code: 2}),
	)
	It("asks with -i, lets the last of -i and -f win, skips with -n", func() {
		m := NewHost("debian12", SeedFile("/home/ops/a", "new", "ops", 0o644), SeedFile("/home/ops/b", "old", "ops", 0o644))
		Expect(Run(m, "ops", "mv -i a b")).To(Equal(Result{Stderr: "mv: overwrite 'b'? "}))
		Expect(Run(m, "ops", "mv -n a b")).To(Equal(Result{}))
		Expect(Run(m, "ops", "mv -i -f a b")).To(Equal(Result{}))
		Expect(Content(m, "/home/ops/b")).To(Equal("new"))
	})
	It("takes none of GNU's options on Solaris", func() {
		Expect(Run(hostWithFiles("solaris10-sparc"), "ops", "mv -v a b").Stderr).To(HavePrefix("mv: illegal option -- v\nUsage: mv [-f] [-i] f1 f2\n"))
	})
})
