package text_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// Bytes captured from the hostile-os bookworm and bullseye containers
// (coreutils 9.1 and 8.32 agree here).
var _ = Describe("comm, fold, expand, unexpand and factor", func() {
	DescribeTable("give GNU's bytes",
		func(script, out string) {
			Expect(Run(NewHost("debian12"), "ops", `cd /tmp; printf 'a\nb\nd\n' > f1; printf 'b\nc\nd\n' > f2; `+script)).To(Equal(Result{Stdout: out}))
		},
		Entry("comm's three columns", `comm f1 f2`, "a\n\t\tb\n\tc\n\t\td\n"),
		Entry("comm -23", `comm -23 f1 f2`, "a\n"),
		Entry("comm -3", `comm -3 f1 f2`, "a\n\tc\n"),
		Entry("comm's delimiter", `comm --output-delimiter=, f1 f2`, "a\n,,b\n,c\n,,d\n"),
		Entry("fold", `fold -w 5 <<< "abcdefghijkl mnop"`, "abcde\nfghij\nkl mn\nop\n"),
		Entry("fold -s", `fold -s -w 6 <<< "one two three"`, "one \ntwo \nthree\n"),
		Entry("fold's tabs", `printf 'a\tbcdefghij\tk\n' | fold -w 10`, "a\tbc\ndefghij\tk\n"),
		Entry("expand", `printf 'a\tb\tc\n' | expand; printf 'a\tb\n' | expand -t 4`, "a       b       c\na   b\n"),
		Entry("unexpand", `printf '        x\n' | unexpand; printf 'a       b\n' | unexpand -a`, "\tx\na\tb\n"),
		Entry("factor", `factor 12 1 97 0 600851475143`, "12: 2 2 3\n1:\n97: 97\n0:\n600851475143: 71 839 1471 6857\n"),
		Entry("factor from stdin", `echo 36 49 | factor`, "36: 2 2 3 3\n49: 7 7\n"),
	)
	It("reports what it cannot take", func() {
		m := NewHost("debian12")
		r := Run(m, "ops", `cd /tmp; printf 'a\nb\nd\n' > f1; printf 'b\na\n' > u; comm u f1`)
		Expect(r.Stdout).To(Equal("\ta\n\t\tb\na\n\td\n"))
		Expect(r).To(Exited(1, "comm: file 1 is not in sorted order\ncomm: input is not in sorted order\n"))
		Expect(Run(m, "ops", `cd /tmp; comm --nocheck-order u f1`).Code).To(Equal(0))
		Expect(Run(m, "ops", `comm /tmp/f1`)).To(Exited(1, "comm: missing operand after '/tmp/f1'\nTry 'comm --help' for more information.\n"))
		Expect(Run(m, "ops", `fold -w 0 <<< x`)).To(Exited(1, "fold: invalid number of columns: '0': Numerical result out of range\n"))
		Expect(Run(m, "ops", `fold -w x <<< x`)).To(Exited(1, "fold: invalid number of columns: 'x'\n"))
		Expect(Run(m, "ops", `factor x`)).To(Exited(1, "factor: 'x' is not a valid positive integer\n"))
	})
})
