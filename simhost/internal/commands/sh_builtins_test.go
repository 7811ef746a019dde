package commands_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// bash's own builtins where the interpreter's differ; every text here was
// printed by bash 5.2 (Debian 12) or 5.1 (Debian 11) in a container.
var _ = Describe("bash's builtins", func() {
	Describe("printf", func() {
		It("has C's conversions, bash's %q, and bash's words for a bad number or format", func() {
			m := NewHost("debian12")
			Expect(Run(m, "ops", `printf '%05.2f|%x %o %X|%5q|%c|\n' 3.14159 255 8 255 ab ''`)).To(Equal(Result{Stdout: "03.14|ff 10 FF|   ab|\x00|\n"}))
			Expect(Run(m, "ops", `printf '%q ' "a b" "a'b" '$x' '' 'é' '~a' 'a~' '#a' 'a=b' 'a,b'`).Stdout).To(Equal(
				`a\ b a\'b \$x '' $'\303\251' \~a a~ \#a a=b a\,b `))
			Expect(Run(m, "ops", `printf '%d\n' 12abc`)).To(Equal(Result{Stdout: "12\n", Stderr: "bash: line 1: printf: 12abc: invalid number\n", Code: 1}))
			Expect(Run(m, "ops", `printf 'a%'`)).To(Equal(Result{Stdout: "a", Stderr: "bash: line 1: printf: `%': missing format character\n", Code: 1}))
			Expect(Run(m, "ops", `printf '%z\n' 1`)).To(Equal(Result{Stderr: "bash: line 1: printf: `\\': invalid format character\n", Code: 1}))
			Expect(Run(m, "ops", `printf '\x\n'`)).To(Equal(Result{Stdout: "\\x\n", Stderr: "bash: line 1: printf: missing hex digit for \\x\n"}))
			Expect(Run(m, "ops", `printf '%d\n' 99999999999999999999`)).To(Equal(Result{Stdout: "9223372036854775807\n",
				Stderr: "bash: line 1: printf: warning: 99999999999999999999: Numerical result out of range\n"}))
		})
		It("prints its usage, without the shell's prefix, for no format or a bad option", func() {
			m := NewHost("debian12")
			Expect(Run(m, "ops", `printf`)).To(Equal(Result{Stderr: "printf: usage: printf [-v var] format [arguments]\n", Code: 2}))
			Expect(Run(m, "ops", `printf -x`)).To(Equal(Result{
				Stderr: "bash: line 1: printf: -x: invalid option\nprintf: usage: printf [-v var] format [arguments]\n", Code: 2}))
			Expect(Run(m, "ops", `printf -- '%s\n' x`).Stdout).To(Equal("x\n"))
		})
		It("leaves /usr/bin/printf to coreutils' words", func() {
			r := Run(NewHost("debian12"), "ops", `command printf '%d\n' abc; env printf '%d\n' abc`)
			Expect(r.Stderr).To(Equal("bash: line 1: printf: abc: invalid number\nprintf: 'abc': expected a numeric value\n"))
		})
	})

	Describe("test and [", func() {
		It("word a bad expression as bash does, with status 2", func() {
			m := NewHost("debian12")
			for script, stderr := range map[string]string{
				`[ 1 -lt ]`:               "bash: line 1: [: 1: unary operator expected\n",
				`test abc -gt 1`:          "bash: line 1: test: abc: integer expression expected\n",
				`[ a`:                     "bash: line 1: [: missing `]'\n",
				`v="a b"; [ $v = "a b" ]`: "bash: line 1: [: too many arguments\n",
				`test x -z y`:             "bash: line 1: test: -z: binary operator expected\n",
				`test \( x -a y`:          "bash: line 1: test: `)' expected\n",
				`test 1 -eq 1 -a 2 -eq`:   "bash: line 1: test: syntax error: `-eq' unexpected\n",
				`test x = y z`:            "bash: line 1: test: too many arguments\n",
				`test x -q y -a z`:        "bash: line 1: test: syntax error: `-q' unexpected\n",
			} {
				Expect(Run(m, "ops", script)).To(Equal(Result{Stderr: stderr, Code: 2}), script)
			}
		})
		It("answer from the host's files and the user's ids", func() {
			m := NewHost("debian12")
			Expect(Run(m, "ops", `test -f /etc/passwd -a -d /etc && [ -O ~ ] && [ -G ~ ] && ! [ -w /etc/passwd ] && [ ! -r /etc/shadow ] && test " 1 " -eq 1 && [ -h /bin ]`)).To(Equal(Result{}))
			Expect(Run(m, "ops", `test ! ! x; echo $?`).Stdout).To(Equal("0\n"))
			Expect(Run(NewHost("debian11"), "ops", `test ! ! x`)).To(Equal(Result{Stderr: "bash: line 1: test: too many arguments\n", Code: 2}), "bash 5.1")
		})
	})

	Describe("type and hash", func() {
		It("name the kind with type -t, the file with type -p, and miss quietly", func() {
			m := NewHost("debian12")
			Expect(Run(m, "ops", `f() { :; }; type -t ls cd f if echo`).Stdout).To(Equal("file\nbuiltin\nfunction\nkeyword\nbuiltin\n"))
			Expect(Run(m, "ops", `type -t nosuch`)).To(Equal(Result{Code: 1}))
			Expect(Run(m, "ops", `type -p ls cd`)).To(Equal(Result{Stdout: "/usr/bin/ls\n"}))
			Expect(Run(m, "ops", `type -P cd`)).To(Equal(Result{Code: 1}))
		})
		It("hash names a program it cannot find", func() {
			m := NewHost("debian12")
			Expect(Run(m, "ops", `hash ls cd`)).To(Equal(Result{}))
			Expect(Run(m, "ops", `hash nosuch`)).To(Equal(Result{Stderr: "bash: line 1: hash: nosuch: not found\n", Code: 1}))
		})
	})
})
