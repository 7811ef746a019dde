package commands_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// Process substitution as bash 5.2 on Debian 12 answers it (captured with
// docker run of hostile-os:bookworm): the word is /dev/fd/63, then 62, ...; the
// pipe is open for the command that got it, and for what that command starts.
var _ = Describe("process substitution", func() {
	var m = NewHost("debian12")
	DescribeTable("answers as bash does",
		func(script, stdout string) {
			r := Run(m, "ops", script)
			Expect(r.Stderr).To(BeEmpty())
			Expect(r.Stdout).To(Equal(stdout))
		},
		Entry("names", `echo <(true); echo <(true) <(true) >(true)`, "/dev/fd/63\n/dev/fd/63 /dev/fd/62 /dev/fd/61\n"),
		Entry("files a program reads", `cat <(echo a) <(echo b)`, "a\nb\n"),
		Entry("a redirect of a loop", `while read l; do echo got $l; done < <(printf '1\n2\n')`, "got 1\ngot 2\n"),
		Entry("a FIFO to test", `[[ -p <(true) ]] && echo ispipe`, "ispipe\n"),
		Entry("a reader that stops early", `head -c 5 <(yes); echo`, "y\ny\ny\n"),
		Entry("a writer's list", `echo hi | tee >(sed s/h/H/) > /dev/null; wait`, "Hi\n"),
		Entry("inherited by a child shell", `sh -c "cat /dev/fd/63" <(echo inherited)`, "inherited\n"),
		Entry("sourced", `. <(echo echo sourced)`, "sourced\n"),
		Entry("in a command substitution", `x=$(cat <(echo in-subst)); echo $x`, "in-subst\n"),
	)

	It("is closed once its command has finished", func() {
		r := Run(m, "ops", `echo <(true) >/dev/null; cat /dev/fd/63; echo rc=$?`)
		Expect(r.Stdout).To(Equal("rc=1\n"))
		Expect(r.Stderr).To(Equal("cat: /dev/fd/63: No such file or directory\n"))
	})
})
