package text_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// Every text here was printed by coreutils 9.1's expr (Debian 12).
var _ = Describe("expr", func() {
	It("evaluates arithmetic of any size, comparisons, : and the keyword forms, 1 for a null result", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `expr 1 + 2 \* 3; expr \( 1 + 2 \) \* 3; expr -7 / 2; expr 99999999999999999999 + 1`).Stdout).To(Equal("7\n9\n-3\n100000000000000000000\n"))
		Expect(Run(m, "ops", `expr 2 \< 10; expr a \< b; expr abc : 'a\(.\)'; expr abc : 'a.*'; expr length abcd; expr substr abcdef 2 3; expr index abc c; expr 1 + + 2`).Stdout).
			To(Equal("1\n1\nb\n3\n4\nbcd\n3\n3\n"))
		Expect(Run(m, "ops", `expr 0`)).To(Equal(Result{Stdout: "0\n", Code: 1}))
		Expect(Run(m, "ops", `expr x : '\(y\)'`)).To(Equal(Result{Stdout: "\n", Code: 1}))
	})
	It("exits 2 with coreutils' words for a bad expression", func() {
		m := NewHost("debian12")
		for script, stderr := range map[string]string{
			`expr 1 +`:   "expr: syntax error: missing argument after '+'\n",
			`expr 1 2`:   "expr: syntax error: unexpected argument '2'\n",
			`expr a + 1`: "expr: non-integer argument\n",
			`expr 1 / 0`: "expr: division by zero\n",
			`expr \( 1`:  "expr: syntax error: expecting ')' after '1'\n",
			`expr`:       "expr: missing operand\nTry 'expr --help' for more information.\n",
		} {
			Expect(Run(m, "ops", script)).To(Equal(Result{Stderr: stderr, Code: 2}), script)
		}
	})
})
