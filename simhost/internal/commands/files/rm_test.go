package files_test

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

var _ = Describe("rm", func() {
	const x = "/home/ops/x"

	DescribeTable("asks a terminal before removing a write-protected file, and not a script",
		func(personality string, asked Result) {
			file := OpsHome(personality) + "/x"
			m := NewHost(personality, SeedFile(file, "data", "ops", 0o444))
			Expect(RunTTY(m, "ops", "rm x", "n\n")).To(Equal(asked))
			Expect(Exists(m, file)).To(BeTrue())
			Expect(Run(m, "ops", "rm x")).To(Equal(Result{}))
			Expect(Exists(m, file)).To(BeFalse())
		},
		Entry("GNU's on stderr", "debian12", Result{Stderr: "rm: remove write-protected regular file 'x'? "}),
		Entry("Solaris's on stdout", "solaris10-sparc", Result{Stdout: "rm: x: override protection 444 (yes/no)? "}),
	)
	DescribeTable("blocks on the prompt until stdin closes, then keeps the file",
		func(personality, script, prompt string) {
			file := OpsHome(personality) + "/x"
			m := NewHost(personality, SeedFile(file, "", "ops", 0o644))
			b := RunBackground(m, "ops", script)
			Eventually(b.Stderr.String).Should(Equal(prompt))
			Consistently(b.Done, 100*time.Millisecond).ShouldNot(Receive())
			Expect(b.Stdin.Close()).To(Succeed())
			Eventually(b.Done).Should(Receive(Equal(0)))
			Expect(Exists(m, file)).To(BeTrue())
		},
		Entry("GNU's, -i last", "debian12", "rm -f -i x", "rm: remove regular empty file 'x'? "),
		Entry("Solaris's, -i beating -f", "solaris10-sparc", "rm -i -f x", "rm: remove x (yes/no)? "),
	)

	DescribeTable("reports what it cannot remove and bad usage in its host's words, exiting 2 on Solaris",
		RunGives(hostWithFiles),
		Entry("no operand", "debian12", "rm", Result{Stderr: "rm: missing operand\nTry 'rm --help' for more information.\n", Code: 1}),
		Entry("a bad short option", "debian12", "rm -z x", Result{Stderr: "rm: invalid option -- 'z'\nTry 'rm --help' for more information.\n", Code: 1}),
		Entry("a bad long option", "debian12", "rm --bogus x", Result{Stderr: "rm: unrecognized option '--bogus'\nTry 'rm --help' for more information.\n", Code: 1}),
		Entry("a missing file on Solaris", "solaris10-sparc", "rm nosuch", Result{Stderr: "nosuch: No such file or directory\n", Code: 2}),
		Entry("a missing file with -f on Solaris", "solaris10-sparc", "rm -f nosuch", Result{}),
		Entry("a directory on Solaris", "solaris10-sparc", "rm d", Result{Stderr: "rm: d is a directory\n", Code: 2}),
		Entry("a file it may not remove on Solaris", "solaris10-sparc", "rm /etc/app.conf", Result{Stderr: "rm: /etc/app.conf not removed: Permission denied\n", Code: 2}),
		Entry("no operand on Solaris", "solaris10-sparc", "rm", Result{Stderr: "usage: rm [-fiRr] file ...\n", Code: 2}),
		Entry("a GNU option on Solaris", "solaris10-sparc", "rm -v x", Result{Stderr: "rm: illegal option -- v\nusage: rm [-fiRr] file ...\n", Code: 2}),
	)

	Context("on GNU (debian12)", func() {
		It("removes a file silently and reports a missing one", func() {
			m := NewHost("debian12", SeedFile(x, "data", "ops", 0o644))
			Expect(Run(m, "ops", "rm x")).To(Equal(Result{}))
			Expect(Exists(m, x)).To(BeFalse())
			Expect(Run(m, "ops", "rm x")).To(Equal(Result{Stderr: "rm: cannot remove 'x': No such file or directory\n", Code: 1}))
			Expect(Run(m, "ops", "rm -f x")).To(Equal(Result{}))
		})
		It("lets the last of -i and -f win", func() {
			m := NewHost("debian12", SeedFile(x, "", "ops", 0o644))
			r := Run(m, "ops", "rm -f -i x")
			Expect(r).To(Equal(Result{Stderr: "rm: remove regular empty file 'x'? "}))
			Expect(Exists(m, x)).To(BeTrue())
			Expect(Run(m, "ops", "rm -fi x").Stderr).To(Equal("rm: remove regular empty file 'x'? "))
			Expect(Run(m, "ops", "rm -i -f x")).To(Equal(Result{}))
			Expect(Exists(m, x)).To(BeFalse())
		})
		It("deletes on a yes answer and keeps on any other", func() {
			m := NewHost("debian12", SeedFile(x, "data", "ops", 0o644))
			Expect(Run(m, "ops", "rm -i x", "n\n")).To(Equal(Result{Stderr: "rm: remove regular file 'x'? "}))
			Expect(Exists(m, x)).To(BeTrue())
			Expect(Run(m, "ops", "rm -iv x", "yes\n")).To(Equal(Result{Stdout: "removed 'x'\n", Stderr: "rm: remove regular file 'x'? "}))
			Expect(Exists(m, x)).To(BeFalse())
		})
		It("prompts through a tree with -ri and keeps the directories above a kept file", func() {
			m := NewHost("debian12", SeedDir("/home/ops/d", "ops", 0o755), SeedFile("/home/ops/d/a", "1", "ops", 0o644), SeedFile("/home/ops/d/b", "2", "ops", 0o644))
			r := Run(m, "ops", "rm -ri d", "y\nn\ny\n")
			Expect(r.Stderr).To(Equal("rm: descend into directory 'd'? rm: remove regular file 'd/a'? rm: remove regular file 'd/b'? "))
			Expect(r.Code).To(Equal(0))
			Expect(Exists(m, "/home/ops/d/a")).To(BeTrue())
			Expect(Exists(m, "/home/ops/d/b")).To(BeFalse())
		})
		It("refuses a directory without -r and removes an empty one with -d", func() {
			m := NewHost("debian12", SeedDir("/home/ops/d", "ops", 0o755))
			Expect(Run(m, "ops", "rm d")).To(Equal(Result{Stderr: "rm: cannot remove 'd': Is a directory\n", Code: 1}))
			Expect(Run(m, "ops", "rm -dv d")).To(Equal(Result{Stdout: "removed directory 'd'\n"}))
		})
		It("removes a tree with -rf and says so with -v", func() {
			m := NewHost("debian12", SeedDir("/home/ops/d", "ops", 0o755), SeedDir("/home/ops/d/sub", "ops", 0o755), SeedFile("/home/ops/d/sub/f", "x", "ops", 0o644))
			Expect(Run(m, "ops", "rm -rfv d").Stdout).To(Equal("removed 'd/sub/f'\nremoved directory 'd/sub'\nremoved directory 'd'\n"))
			Expect(Exists(m, "/home/ops/d")).To(BeFalse())
		})
		It("lets a non-root user remove nothing in /etc", func() {
			m := NewHost("debian12", SeedFile("/etc/app.conf", "k=v\n", "root", 0o644))
			Expect(Run(m, "ops", "rm /etc/app.conf")).To(Equal(Result{Stderr: "rm: cannot remove '/etc/app.conf': Permission denied\n", Code: 1}))
			Expect(Run(m, "ops", "rm -f /etc/app.conf").Code).To(Equal(1))
			Expect(Exists(m, "/etc/app.conf")).To(BeTrue())
			Expect(Run(m, "root", "rm /etc/app.conf").Code).To(Equal(0))
		})
		It("asks before removing a write-protected file with -i", func() {
			m := NewHost("debian12", SeedFile("/etc/app.conf", "k=v\n", "root", 0o644))
			r := Run(m, "ops", "rm -i /etc/app.conf", "y\n")
			Expect(r.Stderr).To(Equal("rm: remove write-protected regular file '/etc/app.conf'? rm: cannot remove '/etc/app.conf': Permission denied\n"))
			Expect(r.Code).To(Equal(1))
		})
		It("refuses rm -rf / and . and ..", func() {
			m := NewHost("debian12")
			Expect(Run(m, "root", "rm -rf /")).To(Equal(Result{
				Stderr: "rm: it is dangerous to operate recursively on '/'\nrm: use --no-preserve-root to override this failsafe\n", Code: 1}))
			Expect(Run(m, "root", "rm -rf //").Stderr).To(Equal(
				"rm: it is dangerous to operate recursively on '//' (same as '/')\nrm: use --no-preserve-root to override this failsafe\n"))
			Expect(Run(m, "root", "rm -rf /usr/..").Stderr).To(Equal("rm: refusing to remove '.' or '..' directory: skipping '/usr/..'\n"))
			Expect(Exists(m, "/etc/passwd")).To(BeTrue())
		})
		It("asks once with -I for many files or recursion", func() {
			m := NewHost("debian12", SeedFile("/home/ops/a", "", "ops", 0o644), SeedFile("/home/ops/b", "", "ops", 0o644),
				SeedFile("/home/ops/c", "", "ops", 0o644), SeedFile("/home/ops/e", "", "ops", 0o644))
			Expect(Run(m, "ops", "rm -I a b c e")).To(Equal(Result{Stderr: "rm: remove 4 arguments? "}))
			Expect(Exists(m, "/home/ops/a")).To(BeTrue())
			Expect(Run(m, "ops", "rm -I a b c e", "y\n").Code).To(Equal(0))
			Expect(Exists(m, "/home/ops/a")).To(BeFalse())
		})
		It("takes options after operands and --interactive=never", func() {
			m := NewHost("debian12", SeedFile(x, "", "ops", 0o644))
			Expect(Run(m, "ops", "rm -i x --interactive=never")).To(Equal(Result{}))
			Expect(Exists(m, x)).To(BeFalse())
		})
		It("quotes in RHEL 7's curly quotes", func() {
			m := NewHost("rhel7")
			Expect(Run(m, "ops", "rm nosuch").Stderr).To(Equal("rm: cannot remove ‘nosuch’: No such file or directory\n"))
		})
	})

	Context("on Solaris 10", func() {
		It("lets -i beat -f in any order: the 001 escalation", func() {
			m := NewHost("solaris10-sparc", SeedFile("/export/home/ops/x", "data", "ops", 0o644))
			Expect(Run(m, "ops", "rm -i -f x")).To(Equal(Result{Stderr: "rm: remove x (yes/no)? "}))
			Expect(Run(m, "ops", "rm -f -i x")).To(Equal(Result{Stderr: "rm: remove x (yes/no)? "}))
			Expect(Exists(m, "/export/home/ops/x")).To(BeTrue())
			Expect(Run(m, "ops", "rm -if x", "y\n")).To(Equal(Result{Stderr: "rm: remove x (yes/no)? "}))
			Expect(Exists(m, "/export/home/ops/x")).To(BeFalse())
		})
		It("refuses rm -rf / in its own words", func() {
			Expect(Run(NewHost("solaris10-sparc"), "root", "rm -rf /")).To(Equal(Result{Stderr: "rm of / is not allowed\n", Code: 2}))
		})
		It("walks a tree with -ri", func() {
			m := NewHost("solaris10-sparc", SeedDir("/export/home/ops/d", "ops", 0o755), SeedFile("/export/home/ops/d/a", "1", "ops", 0o644))
			r := Run(m, "ops", "rm -ri d", "y\ny\ny\n")
			Expect(r.Stderr).To(Equal("rm: examine files in directory d (yes/no)? rm: remove d/a (yes/no)? rm: remove d: (yes/no)? "))
			Expect(Exists(m, "/export/home/ops/d")).To(BeFalse())
		})
	})
})
