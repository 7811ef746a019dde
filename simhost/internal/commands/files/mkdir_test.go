package files_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
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
	It("reports what exists and what it may not create", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", "mkdir x; mkdir x")).To(Equal(Result{Stderr: "mkdir: cannot create directory 'x': File exists\n", Code: 1}))
		Expect(Run(m, "ops", "mkdir /etc/app")).To(Equal(Result{Stderr: "mkdir: cannot create directory '/etc/app': Permission denied\n", Code: 1}))
		// GNU mkdir -p names the component it failed to make (seen on Debian 12 and 11)
		Expect(Run(m, "ops", "mkdir -p /etc/app/conf")).To(Equal(Result{Stderr: "mkdir: cannot create directory '/etc/app': Permission denied\n", Code: 1}))
		Expect(Run(m, "ops", "mkdir a/b")).To(Equal(Result{Stderr: "mkdir: cannot create directory 'a/b': No such file or directory\n", Code: 1}))
		Expect(Run(m, "ops", "mkdir")).To(Equal(Result{Stderr: "mkdir: missing operand\nTry 'mkdir --help' for more information.\n", Code: 1}))
		Expect(Run(m, "ops", "mkdir -m zz q")).To(Equal(Result{Stderr: "mkdir: invalid mode 'zz'\n", Code: 1}))
	})
	It("words failures the Solaris way", func() {
		m := NewHost("solaris10-sparc")
		Expect(Run(m, "ops", "mkdir x; mkdir x")).To(Equal(Result{Stderr: "mkdir: Failed to make directory \"x\"; File exists\n", Code: 2}))
		Expect(Run(m, "ops", "mkdir -p /etc/q")).To(Equal(Result{Stderr: "mkdir: \"/etc/q\": Permission denied\n", Code: 2}))
		Expect(Run(m, "ops", "mkdir -v y")).To(Equal(Result{Stderr: "mkdir: illegal option -- v\nmkdir: usage: mkdir [-m mode] [-p] dirname ...\n", Code: 2}))
	})
})

var _ = Describe("rmdir", func() {
	It("removes empty directories, with -p their parents", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", "mkdir -p a/b/c && rmdir -p a/b/c && ls")).To(Equal(Result{}))
		Expect(Exists(m, "/home/ops/a")).To(BeFalse())
	})
	It("refuses a non-empty one unless told to ignore it", func() {
		m := NewHost("debian12", SeedFile("/home/ops/d/f", "", "root", 0o644))
		Expect(Run(m, "ops", "rmdir d")).To(Equal(Result{Stderr: "rmdir: failed to remove 'd': Directory not empty\n", Code: 1}))
		Expect(Run(m, "ops", "rmdir --ignore-fail-on-non-empty d")).To(Equal(Result{}))
		Expect(Run(m, "ops", "rmdir nosuch")).To(Equal(Result{Stderr: "rmdir: failed to remove 'nosuch': No such file or directory\n", Code: 1}))
		Expect(Run(m, "ops", "rmdir -v /home/ops/d/f").Stdout).To(Equal("rmdir: removing directory, '/home/ops/d/f'\n"))
	})
	It("uses Solaris's own reasons", func() {
		m := NewHost("solaris10-sparc", SeedFile("/export/home/ops/d/f", "", "root", 0o644))
		Expect(Run(m, "ops", "rmdir d")).To(Equal(Result{Stderr: "rmdir: directory \"d\": Directory not empty\n", Code: 2}))
		Expect(Run(m, "ops", "rmdir x")).To(Equal(Result{Stderr: "rmdir: directory \"x\": Directory does not exist\n", Code: 2}))
	})
})
