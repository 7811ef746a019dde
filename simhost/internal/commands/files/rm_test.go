package files_test

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
)

var _ = Describe("rm", func() {
	const x = "/home/ops/x"

	Context("on GNU (debian12)", func() {
		It("removes a file silently and reports a missing one", func() {
			m := newHost("debian12", fsFile(x, "data", "ops", 0o644))
			Expect(run(m, "ops", "rm x")).To(Equal(result{}))
			Expect(fsExists(m, x)).To(BeFalse())
			Expect(run(m, "ops", "rm x")).To(Equal(result{Stderr: "rm: cannot remove 'x': No such file or directory\n", Code: 1}))
			Expect(run(m, "ops", "rm -f x")).To(Equal(result{}))
		})
		It("lets the last of -i and -f win", func() {
			m := newHost("debian12", fsFile(x, "", "ops", 0o644))
			r := run(m, "ops", "rm -f -i x")
			Expect(r).To(Equal(result{Stderr: "rm: remove regular empty file 'x'? "}))
			Expect(fsExists(m, x)).To(BeTrue())
			Expect(run(m, "ops", "rm -fi x").Stderr).To(Equal("rm: remove regular empty file 'x'? "))
			Expect(run(m, "ops", "rm -i -f x")).To(Equal(result{}))
			Expect(fsExists(m, x)).To(BeFalse())
		})
		It("deletes on a yes answer and keeps on any other", func() {
			m := newHost("debian12", fsFile(x, "data", "ops", 0o644))
			Expect(run(m, "ops", "rm -i x", "n\n")).To(Equal(result{Stderr: "rm: remove regular file 'x'? "}))
			Expect(fsExists(m, x)).To(BeTrue())
			Expect(run(m, "ops", "rm -iv x", "yes\n")).To(Equal(result{Stdout: "removed 'x'\n", Stderr: "rm: remove regular file 'x'? "}))
			Expect(fsExists(m, x)).To(BeFalse())
		})
		It("prompts through a tree with -ri and keeps the directories above a kept file", func() {
			m := newHost("debian12", fsDir("/home/ops/d", "ops", 0o755), fsFile("/home/ops/d/a", "1", "ops", 0o644), fsFile("/home/ops/d/b", "2", "ops", 0o644))
			r := run(m, "ops", "rm -ri d", "y\nn\ny\n")
			Expect(r.Stderr).To(Equal("rm: descend into directory 'd'? rm: remove regular file 'd/a'? rm: remove regular file 'd/b'? "))
			Expect(r.Code).To(Equal(0))
			Expect(fsExists(m, "/home/ops/d/a")).To(BeTrue())
			Expect(fsExists(m, "/home/ops/d/b")).To(BeFalse())
		})
		It("refuses a directory without -r and removes an empty one with -d", func() {
			m := newHost("debian12", fsDir("/home/ops/d", "ops", 0o755))
			Expect(run(m, "ops", "rm d")).To(Equal(result{Stderr: "rm: cannot remove 'd': Is a directory\n", Code: 1}))
			Expect(run(m, "ops", "rm -dv d")).To(Equal(result{Stdout: "removed directory 'd'\n"}))
		})
		It("removes a tree with -rf and says so with -v", func() {
			m := newHost("debian12", fsDir("/home/ops/d", "ops", 0o755), fsDir("/home/ops/d/sub", "ops", 0o755), fsFile("/home/ops/d/sub/f", "x", "ops", 0o644))
			Expect(run(m, "ops", "rm -rfv d").Stdout).To(Equal("removed 'd/sub/f'\nremoved directory 'd/sub'\nremoved directory 'd'\n"))
			Expect(fsExists(m, "/home/ops/d")).To(BeFalse())
		})
		It("lets a non-root user remove nothing in /etc", func() {
			m := newHost("debian12", fsFile("/etc/app.conf", "k=v\n", "root", 0o644))
			Expect(run(m, "ops", "rm /etc/app.conf")).To(Equal(result{Stderr: "rm: cannot remove '/etc/app.conf': Permission denied\n", Code: 1}))
			Expect(run(m, "ops", "rm -f /etc/app.conf").Code).To(Equal(1))
			Expect(fsExists(m, "/etc/app.conf")).To(BeTrue())
			Expect(run(m, "root", "rm /etc/app.conf").Code).To(Equal(0))
		})
		It("asks before removing a write-protected file with -i", func() {
			m := newHost("debian12", fsFile("/etc/app.conf", "k=v\n", "root", 0o644))
			r := run(m, "ops", "rm -i /etc/app.conf", "y\n")
			Expect(r.Stderr).To(Equal("rm: remove write-protected regular file '/etc/app.conf'? rm: cannot remove '/etc/app.conf': Permission denied\n"))
			Expect(r.Code).To(Equal(1))
		})
		It("asks about a write-protected file only when stdin is a terminal", func() {
			m := newHost("debian12", fsFile(x, "data", "ops", 0o444))
			Expect(runTTY(m, "ops", "rm x", "n\n")).To(Equal(result{Stderr: "rm: remove write-protected regular file 'x'? "}))
			Expect(fsExists(m, x)).To(BeTrue())
			Expect(run(m, "ops", "rm x")).To(Equal(result{}))
			Expect(fsExists(m, x)).To(BeFalse())
		})
		It("refuses rm -rf / and . and ..", func() {
			m := newHost("debian12")
			Expect(run(m, "root", "rm -rf /")).To(Equal(result{
				Stderr: "rm: it is dangerous to operate recursively on '/'\nrm: use --no-preserve-root to override this failsafe\n", Code: 1}))
			Expect(run(m, "root", "rm -rf //").Stderr).To(Equal(
				"rm: it is dangerous to operate recursively on '//' (same as '/')\nrm: use --no-preserve-root to override this failsafe\n"))
			Expect(run(m, "root", "rm -rf /usr/..").Stderr).To(Equal("rm: refusing to remove '.' or '..' directory: skipping '/usr/..'\n"))
			Expect(fsExists(m, "/etc/passwd")).To(BeTrue())
		})
		It("asks once with -I for many files or recursion", func() {
			m := newHost("debian12", fsFile("/home/ops/a", "", "ops", 0o644), fsFile("/home/ops/b", "", "ops", 0o644),
				fsFile("/home/ops/c", "", "ops", 0o644), fsFile("/home/ops/e", "", "ops", 0o644))
			Expect(run(m, "ops", "rm -I a b c e")).To(Equal(result{Stderr: "rm: remove 4 arguments? "}))
			Expect(fsExists(m, "/home/ops/a")).To(BeTrue())
			Expect(run(m, "ops", "rm -I a b c e", "y\n").Code).To(Equal(0))
			Expect(fsExists(m, "/home/ops/a")).To(BeFalse())
		})
		It("complains about a missing operand and a bad option", func() {
			m := newHost("debian12")
			Expect(run(m, "ops", "rm")).To(Equal(result{Stderr: "rm: missing operand\nTry 'rm --help' for more information.\n", Code: 1}))
			Expect(run(m, "ops", "rm -z x")).To(Equal(result{Stderr: "rm: invalid option -- 'z'\nTry 'rm --help' for more information.\n", Code: 1}))
			Expect(run(m, "ops", "rm --bogus x")).To(Equal(result{Stderr: "rm: unrecognized option '--bogus'\nTry 'rm --help' for more information.\n", Code: 1}))
		})
		It("takes options after operands and --interactive=never", func() {
			m := newHost("debian12", fsFile(x, "", "ops", 0o644))
			Expect(run(m, "ops", "rm -i x --interactive=never")).To(Equal(result{}))
			Expect(fsExists(m, x)).To(BeFalse())
		})
		It("blocks on the prompt until stdin closes", func() {
			m := newHost("debian12", fsFile(x, "", "ops", 0o644))
			b := runBackground(m, "ops", "rm -f -i x")
			Eventually(b.Stderr.String).Should(Equal("rm: remove regular empty file 'x'? "))
			Consistently(b.Done, 100*time.Millisecond).ShouldNot(Receive())
			Expect(b.Stdin.Close()).To(Succeed())
			Eventually(b.Done).Should(Receive(Equal(0)))
			Expect(fsExists(m, x)).To(BeTrue())
		})
		It("quotes in RHEL 7's curly quotes", func() {
			m := newHost("rhel7")
			Expect(run(m, "ops", "rm nosuch").Stderr).To(Equal("rm: cannot remove ‘nosuch’: No such file or directory\n"))
		})
	})

	Context("on Solaris 10", func() {
		It("lets -i beat -f in any order: the 001 escalation", func() {
			m := newHost("solaris10-sparc", fsFile("/export/home/ops/x", "data", "ops", 0o644))
			Expect(run(m, "ops", "rm -i -f x")).To(Equal(result{Stderr: "rm: remove x (yes/no)? "}))
			Expect(run(m, "ops", "rm -f -i x")).To(Equal(result{Stderr: "rm: remove x (yes/no)? "}))
			Expect(fsExists(m, "/export/home/ops/x")).To(BeTrue())
			Expect(run(m, "ops", "rm -if x", "y\n")).To(Equal(result{Stderr: "rm: remove x (yes/no)? "}))
			Expect(fsExists(m, "/export/home/ops/x")).To(BeFalse())
		})
		It("blocks rm -i -f until stdin closes, then keeps the file", func() {
			m := newHost("solaris10-sparc", fsFile("/export/home/ops/x", "data", "ops", 0o644))
			b := runBackground(m, "ops", "rm -i -f x")
			Eventually(b.Stderr.String).Should(Equal("rm: remove x (yes/no)? "))
			Consistently(b.Done, 100*time.Millisecond).ShouldNot(Receive())
			Expect(b.Stdin.Close()).To(Succeed())
			Eventually(b.Done).Should(Receive(Equal(0)))
			Expect(fsExists(m, "/export/home/ops/x")).To(BeTrue())
		})
		It("words its errors the Solaris way and exits 2", func() {
			m := newHost("solaris10-sparc", fsDir("/export/home/ops/d", "ops", 0o755), fsFile("/etc/app.conf", "", "root", 0o644))
			Expect(run(m, "ops", "rm nosuch")).To(Equal(result{Stderr: "nosuch: No such file or directory\n", Code: 2}))
			Expect(run(m, "ops", "rm -f nosuch")).To(Equal(result{}))
			Expect(run(m, "ops", "rm d")).To(Equal(result{Stderr: "rm: d is a directory\n", Code: 2}))
			Expect(run(m, "ops", "rm /etc/app.conf")).To(Equal(result{Stderr: "rm: /etc/app.conf not removed: Permission denied\n", Code: 2}))
			Expect(run(m, "root", "rm -rf /")).To(Equal(result{Stderr: "rm of / is not allowed\n", Code: 2}))
			Expect(run(m, "ops", "rm")).To(Equal(result{Stderr: "usage: rm [-fiRr] file ...\n", Code: 2}))
			Expect(run(m, "ops", "rm -v x")).To(Equal(result{Stderr: "rm: illegal option -- v\nusage: rm [-fiRr] file ...\n", Code: 2}))
		})
		It("asks a terminal, on stdout, before overriding a file's protection", func() {
			m := newHost("solaris10-sparc", fsFile("/export/home/ops/x", "data", "ops", 0o444))
			Expect(runTTY(m, "ops", "rm x", "n\n")).To(Equal(result{Stdout: "rm: x: override protection 444 (yes/no)? "}))
			Expect(fsExists(m, "/export/home/ops/x")).To(BeTrue())
			Expect(run(m, "ops", "rm x")).To(Equal(result{}))
		})
		It("walks a tree with -ri", func() {
			m := newHost("solaris10-sparc", fsDir("/export/home/ops/d", "ops", 0o755), fsFile("/export/home/ops/d/a", "1", "ops", 0o644))
			r := run(m, "ops", "rm -ri d", "y\ny\ny\n")
			Expect(r.Stderr).To(Equal("rm: examine files in directory d (yes/no)? rm: remove d/a (yes/no)? rm: remove d: (yes/no)? "))
			Expect(fsExists(m, "/export/home/ops/d")).To(BeFalse())
		})
	})
})
