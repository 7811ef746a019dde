package commands_test

import (
	"fmt"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

var _ = Describe("the shell and its simplest commands", func() {
	It("runs echo, pipes into cat and keeps stderr apart", func() {
		m := NewHost("debian12")
		r := Run(m, "ops", `echo hello | cat; /bin/echo -n world >&2; nope`)
		Expect(r.Stdout).To(Equal("hello\n"))
		Expect(r.Stderr).To(Equal("worldbash: line 1: nope: command not found\n"))
		Expect(r.Code).To(Equal(127))
	})
	It("words not-found as the personality's shell does", func() {
		Expect(Run(NewHost("rhel7"), "ops", "nope").Stderr).To(Equal("bash: nope: command not found\n"))
		Expect(Run(NewHost("solaris10-sparc"), "ops", "nope").Stderr).To(Equal("sh: nope: not found\n"))
	})
	It("refuses a redirect into a file the user may not write", func() {
		r := Run(NewHost("debian12"), "ops", `echo x > /etc/passwd`)
		Expect(r.Stderr).To(Equal("bash: line 1: /etc/passwd: Permission denied\n"))
		Expect(r.Code).To(Equal(1))
	})
	It("reads stdin through cat", func() {
		Expect(Run(NewHost("debian12"), "ops", "cat", "piped\n").Stdout).To(Equal("piped\n"))
	})
	It("passes a stream of a few MiB through cat and a pipeline unchanged", func() {
		var b strings.Builder
		for i := 0; b.Len() < 3<<20; i++ {
			fmt.Fprintf(&b, "line %d %s\n", i, strings.Repeat("x", i%97))
		}
		Expect(Run(NewHost("debian12"), "ops", "cat | cat", b.String()).Stdout == b.String()).To(BeTrue(), "the stream changed")
	})
	It("cat reports a missing file", func() {
		r := Run(NewHost("debian12"), "ops", "cat /nope")
		Expect(r.Stderr).To(Equal("cat: /nope: No such file or directory\n"))
		Expect(r.Code).To(Equal(1))
	})
})
