package text_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

var _ = Describe("diff", func() {
	files := []string{"/tmp/x", "a\nb\nc\nd\n", "/tmp/y", "a\nB\nc\nd\ne\n", "/tmp/n1", "a", "/tmp/n2", "b"}
	It("prints the normal form and exits 1 when files differ", func() {
		m := HostWithFiles("debian12", files...)
		r := Run(m, "ops", `cd /tmp; diff x y`)
		Expect(r.Stdout).To(Equal("2c2\n< b\n---\n> B\n4a5\n> e\n"))
		Expect(r.Code).To(Equal(1))
		Expect(Run(m, "ops", `cd /tmp; diff n1 n2`).Stdout).To(Equal("1c1\n< a\n\\ No newline at end of file\n---\n> b\n\\ No newline at end of file\n"))
		Expect(Run(m, "ops", `cd /tmp; diff y x`).Stdout).To(Equal("2c2\n< B\n---\n> b\n5d4\n< e\n"))
	})
	It("prints the unified form with file times, and the brief one", func() {
		m := HostWithFiles("debian12", files...)
		Expect(Run(m, "ops", `cd /tmp; diff -u x y | sed '1,2s/\t.*//'`).Stdout).To(Equal("--- x\n+++ y\n@@ -1,4 +1,5 @@\n a\n-b\n+B\n c\n d\n+e\n"))
		Expect(Run(m, "ops", `cd /tmp; diff -u x y | head -1`).Stdout).To(MatchRegexp(`^--- x\t\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{9} [+-]\d{4}\n$`))
		Expect(Run(m, "ops", `cd /tmp; diff -u /dev/null x | sed '1,2s/\t.*//'`).Stdout).To(Equal("--- /dev/null\n+++ x\n@@ -0,0 +1,4 @@\n+a\n+b\n+c\n+d\n"))
		r := Run(m, "ops", `cd /tmp; diff -q x y`)
		Expect(r.Stdout).To(Equal("Files x and y differ\n"))
		Expect(r.Code).To(Equal(1))
	})
	It("splits distant changes into hunks of three lines of context", func() {
		m := HostWithFiles("debian12", "/tmp/p", "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n", "/tmp/q", "1\nX\n3\n4\n5\n6\n7\n8\n9\n10\nY\n12\n")
		Expect(Run(m, "ops", `diff -U1 /tmp/p /tmp/q | tail -n +3`).Stdout).To(Equal("@@ -1,3 +1,3 @@\n 1\n-2\n+X\n 3\n@@ -10,3 +10,3 @@\n 10\n-11\n+Y\n 12\n"))
		Expect(Run(m, "ops", `diff -u /tmp/p /tmp/q | grep '^@@'`).Stdout).To(Equal("@@ -1,5 +1,5 @@\n@@ -8,5 +8,5 @@\n"))
		// Changes six lines apart share one hunk: their contexts touch.
		Expect(Run(m, "ops", `sed 's/^9$/Y/; s/^11$/11/' /tmp/p > /tmp/r; sed -i 's/^2$/X/' /tmp/r; diff -u /tmp/p /tmp/r | grep '^@@'`).Stdout).To(Equal("@@ -1,12 +1,12 @@\n"))
	})
	It("exits 0 for equal files and 2 for trouble", func() {
		m := HostWithFiles("debian12", files...)
		r := Run(m, "ops", `cd /tmp; diff x x`)
		Expect(r.Stdout).To(BeEmpty())
		Expect(r.Code).To(Equal(0))
		Expect(Run(m, "ops", `cd /tmp; diff x /nope`)).To(Exited(2, "diff: /nope: No such file or directory\n"))
		Expect(Run(m, "ops", `diff --bogus a b`)).To(Exited(2, "diff: unrecognized option '--bogus'\ndiff: Try 'diff --help' for more information.\n"))
	})
})
