package files_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

var _ = Describe("tee", func() {
	It("copies stdin to stdout and files, appending with -a", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", "tee a b", "data\n")).To(Equal(Result{Stdout: "data\n"}))
		Expect(Content(m, "/home/ops/a")).To(Equal("data\n"))
		Expect(Run(m, "ops", "tee -a a > /dev/null", "more\n")).To(Equal(Result{}))
		Expect(Content(m, "/home/ops/a")).To(Equal("data\nmore\n"))
		Expect(Run(m, "ops", "stat -c %a b").Stdout).To(Equal("644\n"))
	})
	It("reports a file it cannot open and keeps writing the others", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", "tee /etc/nope ok", "x\n")).To(Equal(Result{Stdout: "x\n", Stderr: "tee: /etc/nope: Permission denied\n", Code: 1}))
		Expect(Content(m, "/home/ops/ok")).To(Equal("x\n"))
	})
	It("words it the Solaris way", func() {
		Expect(Run(NewHost("solaris10-sparc"), "ops", "tee /etc/nope", "x\n")).To(Equal(Result{Stdout: "x\n", Stderr: "tee: cannot open /etc/nope\n", Code: 1}))
	})
})
