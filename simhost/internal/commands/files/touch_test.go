package files_test

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

var _ = Describe("touch", func() {
	It("creates an empty file 0644 owned by the user", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", "touch new && stat -c '%s %a %U' new")).To(Equal(Result{Stdout: "0 644 ops\n"}))
	})
	It("sets times from -d, -t and -r, only mtime with -m", func() {
		m := NewHost("debian12", SeedFile("/home/ops/f", "x", "ops", 0o644))
		Expect(Run(m, "ops", "touch -d '2020-01-02 03:04:05' f && stat -c '%y' f").Stdout).To(Equal("2020-01-02 03:04:05.000000000 +0000\n"))
		Expect(Run(m, "ops", "touch -t 202101020304.05 f && stat -c '%y' f").Stdout).To(Equal("2021-01-02 03:04:05.000000000 +0000\n"))
		Expect(Run(m, "ops", "touch -d @86400 g && touch -r g f && stat -c '%Y' f").Stdout).To(Equal("86400\n"))
		Expect(Run(m, "ops", "touch -m -d '1999-12-31' f && stat -c '%X %Y' f").Stdout).To(Equal("86400 946598400\n"))
		SetTimes(m, "/home/ops/f", time.Unix(0, 0))
		Expect(Run(m, "ops", "touch -d yesterday f && stat -c '%Y' f").Stdout).NotTo(Equal("0\n"))
	})
	It("does not create with -c", func() {
		Expect(Run(NewHost("debian12"), "ops", "touch -c nope && ls nope").Stderr).To(Equal("ls: cannot access 'nope': No such file or directory\n"))
	})
	DescribeTable("reports what it may not touch and bad times, in its host's words",
		RunGives(hostWithFiles),
		Entry("a file it may not write", "debian12", "touch /etc/app.conf", Result{Stderr: "touch: cannot touch '/etc/app.conf': Permission denied\n", Code: 1}),
		Entry("a directory it may not write", "debian12", "touch /etc/new", Result{Stderr: "touch: cannot touch '/etc/new': Permission denied\n", Code: 1}),
		Entry("a bad date", "debian12", "touch -d garbage f", Result{Stderr: "touch: invalid date format 'garbage'\n", Code: 1}),
		Entry("no operand", "debian12", "touch", Result{Stderr: "touch: missing file operand\nTry 'touch --help' for more information.\n", Code: 1}),
		Entry("a directory it may not write on Solaris", "solaris10-sparc", "touch /etc/new", Result{Stderr: "touch: cannot create /etc/new: Permission denied\n", Code: 1}),
		Entry("a bad time on Solaris", "solaris10-sparc", "touch -t 99 f", Result{Stderr: "touch: bad time specification\n", Code: 1}),
	)
	It("sets a symlink's own times with -h and never creates its target", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", "ln -s gone dl && touch -h -t 202001020304.05 dl && ls -l dl | cut -d' ' -f1,6- && ls gone")).To(Equal(Result{
			Stdout: "lrwxrwxrwx Jan  2  2020 dl -> gone\n", Stderr: "ls: cannot access 'gone': No such file or directory\n", Code: 2}))
		Expect(Run(m, "ops", "touch -h nosuch")).To(Equal(Result{Stderr: "touch: setting times of 'nosuch': No such file or directory\n", Code: 1}))
		Expect(Run(m, "ops", "touch -hc nosuch")).To(Equal(Result{}))
	})
	It("takes Solaris's old time operand", func() {
		Expect(Run(NewHost("solaris10-sparc"), "ops", "touch 0102030499 f && ls -l f").Stdout).To(ContainSubstring(" Jan  2  1999 f\n"))
	})
})
