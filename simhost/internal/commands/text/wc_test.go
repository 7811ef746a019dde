package text_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

var _ = Describe("wc", func() {
	files := []string{"/tmp/a", "one two\nthree\n", "/tmp/b", "x\ty  z\n\nlonger line here\n"}
	It("prints a single count plainly and a file's counts as wide as its size", func() {
		m := HostWithFiles("debian12", files...)
		Expect(Run(m, "ops", `wc -l < /tmp/a`).Stdout).To(Equal("2\n"))
		Expect(Run(m, "ops", `wc -l /tmp/a`).Stdout).To(Equal("2 /tmp/a\n"))
		Expect(Run(m, "ops", `wc /tmp/a`).Stdout).To(Equal(" 2  3 14 /tmp/a\n"))
		Expect(Run(m, "ops", `wc -w -c /tmp/a`).Stdout).To(Equal(" 3 14 /tmp/a\n"))
	})
	It("pads counts of a pipe to seven columns", func() {
		Expect(Run(HostWithFiles("debian12"), "ops", `echo hello world | wc`).Stdout).To(Equal("      1       2      12\n"))
	})
	It("adds a total line for several files, right-aligned to the widest", func() {
		m := HostWithFiles("debian12", files...)
		Expect(Run(m, "ops", `wc /tmp/a /tmp/b`).Stdout).To(Equal(" 2  3 14 /tmp/a\n 3  6 25 /tmp/b\n 5  9 39 total\n"))
		Expect(Run(m, "ops", `wc -l /tmp/a /tmp/b`).Stdout).To(Equal(" 2 /tmp/a\n 3 /tmp/b\n 5 total\n"))
		Expect(Run(m, "ops", `wc -L /tmp/b`).Stdout).To(Equal("16 /tmp/b\n"))
		Expect(Run(m, "ops", `wc -m /tmp/b`).Stdout).To(Equal("25 /tmp/b\n"))
	})
	It("reports a missing file and a directory", func() {
		m := HostWithFiles("debian12", files...)
		Expect(Run(m, "ops", `wc -l /nope /tmp/a`)).To(Equal(Result{Stdout: " 2 /tmp/a\n 2 total\n", Stderr: "wc: /nope: No such file or directory\n", Code: 1}))
		Expect(Run(m, "ops", `wc /tmp`)).To(Equal(Result{Stdout: "      0       0       0 /tmp\n", Stderr: "wc: /tmp: Is a directory\n", Code: 1}))
	})
})
