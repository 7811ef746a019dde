package files_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

const htLines = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n"

var _ = Describe("head", func() {
	It("prints the first 10 lines, or -n N, -N, -c N", func() {
		m := NewHost("debian12", SeedFile("/home/ops/f", htLines, "ops", 0o644))
		Expect(Run(m, "ops", "head f").Stdout).To(Equal("1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n"))
		Expect(Run(m, "ops", "head -n 2 f; head -3 f; head -c 4 f; head -n -10 f").Stdout).To(Equal("1\n2\n1\n2\n3\n1\n2\n1\n2\n"))
		Expect(Run(m, "ops", "head -n1", "a\nb\n").Stdout).To(Equal("a\n"))
	})
	It("reads no further than what it prints, so `yes | head -1` ends as on Linux", func() {
		m := NewHost("debian12")
		done := make(chan Result, 1)
		go func() {
			defer GinkgoRecover()
			done <- Run(m, "ops", "yes | head -1; yes n | head -c 4")
		}()
		Eventually(done).Should(Receive(Equal(Result{Stdout: "y\nn\nn\n"})))
	})
	It("puts headers between several files, and not with -q", func() {
		m := NewHost("debian12", SeedFile("/home/ops/f", htLines, "ops", 0o644), SeedFile("/home/ops/g", "x\n", "ops", 0o644))
		Expect(Run(m, "ops", "head -n1 f g")).To(Equal(Result{Stdout: "==> f <==\n1\n\n==> g <==\nx\n"}))
		Expect(Run(m, "ops", "head -qn1 f g").Stdout).To(Equal("1\nx\n"))
		Expect(Run(m, "ops", "head -vn1 g").Stdout).To(Equal("==> g <==\nx\n"))
	})
	It("reports missing files and bad counts", func() {
		m := NewHost("debian12", SeedFile("/home/ops/g", "x\n", "ops", 0o644))
		Expect(Run(m, "ops", "head nosuch g")).To(Equal(Result{Stdout: "==> g <==\nx\n",
			Stderr: "head: cannot open 'nosuch' for reading: No such file or directory\n", Code: 1}))
		Expect(Run(m, "ops", "head -n x g")).To(Equal(Result{Stderr: "head: invalid number of lines: 'x'\n", Code: 1}))
		Expect(Run(m, "ops", "head /tmp")).To(Equal(Result{Stderr: "head: error reading '/tmp': Is a directory\n", Code: 1}))
	})
	It("words a missing file as perror does on Solaris", func() {
		Expect(Run(NewHost("solaris10-sparc"), "ops", "head nosuch")).To(Equal(Result{Stderr: "nosuch: No such file or directory\n", Code: 1}))
	})
})

var _ = Describe("tail", func() {
	It("prints the last 10 lines, or -n N, +N, -c N", func() {
		m := NewHost("debian12", SeedFile("/home/ops/f", htLines, "ops", 0o644))
		Expect(Run(m, "ops", "tail f").Stdout).To(Equal("3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n"))
		Expect(Run(m, "ops", "tail -n 2 f; tail -2 f; tail -n +11 f; tail -c 3 f").Stdout).To(Equal("11\n12\n11\n12\n11\n12\n12\n"))
		Expect(Run(m, "ops", "tail +12 f").Stdout).To(Equal("12\n"))
		Expect(Run(m, "ops", "tail -n1", "a\nb").Stdout).To(Equal("b"))
		Expect(Run(m, "ops", "tail +3 /dev/null; printf '' | tail -n +2; head -n -1 /dev/null")).To(Equal(Result{}))
	})
	It("puts headers between files and reports missing ones", func() {
		m := NewHost("debian12", SeedFile("/home/ops/f", htLines, "ops", 0o644))
		Expect(Run(m, "ops", "tail -n1 f nosuch f")).To(Equal(Result{Stdout: "==> f <==\n12\n\n==> f <==\n12\n",
			Stderr: "tail: cannot open 'nosuch' for reading: No such file or directory\n", Code: 1}))
		Expect(Run(m, "ops", "tail -n q f")).To(Equal(Result{Stderr: "tail: invalid number of lines: 'q'\n", Code: 1}))
	})
	It("follows a growing file with -f until killed", func() {
		m := NewHost("debian12", SeedFile("/home/ops/log", "one\n", "ops", 0o644))
		b := RunBackground(m, "ops", "tail -f log")
		Eventually(b.Stdout.String).Should(Equal("one\n"))
		Expect(Run(m, "ops", "echo two >> log").Code).To(Equal(0))
		Eventually(b.Stdout.String).Should(Equal("one\ntwo\n"))
		for _, proc := range m.Procs.List() {
			if len(proc.Argv) > 0 && proc.Argv[0] == "tail" {
				Expect(m.Procs.Signal(proc.PID, 15)).To(Succeed())
			}
		}
		Eventually(b.Done).Should(Receive(Equal(143)))
		Expect(b.Stdin.Close()).To(Succeed())
	})
	It("says cannot open input on Solaris", func() {
		Expect(Run(NewHost("solaris10-sparc"), "ops", "tail nosuch")).To(Equal(Result{Stderr: "tail: cannot open input\n", Code: 2}))
	})
})
