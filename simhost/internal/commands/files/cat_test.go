package files_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// Bytes captured from the hostile-os bookworm container (coreutils 9.1).
var _ = Describe("cat's formatting options", func() {
	DescribeTable("show and number as GNU cat does",
		func(script, out string) {
			Expect(Run(NewHost("debian12"), "ops", script)).To(Equal(Result{Stdout: out}))
		},
		Entry("-A", `printf 'a\tb\n\nc\001\177\200\377\r\n' | cat -A`, "a^Ib$\n$\nc^A^?M-^@M-^?^M$\n"),
		Entry("-v keeps tabs; M- before a high byte", `printf '\200\t\211' | cat -v`, "M-^@\tM-^I"),
		Entry("-e and -t", `printf 'a\tb\r\n' | cat -e; printf 'a\tb\r\n' | cat -t`, "a\tb^M$\na^Ib^M\n"),
		Entry("-E leaves an unterminated line alone", `printf 'a\nb' | cat -E`, "a$\nb"),
		Entry("-n", `printf 'a\n\nc\n' | cat -n`, "     1\ta\n     2\t\n     3\tc\n"),
		Entry("-b numbers what is not empty", `printf 'a\n\n\nb' | cat -b`, "     1\ta\n\n\n     2\tb"),
		Entry("-s squeezes empty lines", `printf 'x\n\n\n\ny\n' | cat -sn`, "     1\tx\n     2\t\n     3\ty\n"),
		Entry("a file that ends mid-line runs on into the next", `cd /tmp; printf 'one' > c1; printf 'two\nthree\n' > c2; cat -n c1 c2`,
			"     1\tonetwo\n     2\tthree\n"),
	)
})
