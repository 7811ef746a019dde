package files_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
)

var _ = Describe("tee", func() {
	It("copies stdin to stdout and files, appending with -a", func() {
		m := newHost("debian12")
		Expect(run(m, "ops", "tee a b", "data\n")).To(Equal(result{Stdout: "data\n"}))
		Expect(fsContent(m, "/home/ops/a")).To(Equal("data\n"))
		Expect(run(m, "ops", "tee -a a > /dev/null", "more\n")).To(Equal(result{}))
		Expect(fsContent(m, "/home/ops/a")).To(Equal("data\nmore\n"))
		Expect(run(m, "ops", "stat -c %a b").Stdout).To(Equal("644\n"))
	})
	It("reports a file it cannot open and keeps writing the others", func() {
		m := newHost("debian12")
		Expect(run(m, "ops", "tee /etc/nope ok", "x\n")).To(Equal(result{Stdout: "x\n", Stderr: "tee: /etc/nope: Permission denied\n", Code: 1}))
		Expect(fsContent(m, "/home/ops/ok")).To(Equal("x\n"))
	})
	It("words it the Solaris way", func() {
		Expect(run(newHost("solaris10-sparc"), "ops", "tee /etc/nope", "x\n")).To(Equal(result{Stdout: "x\n", Stderr: "tee: cannot open /etc/nope\n", Code: 1}))
	})
})
