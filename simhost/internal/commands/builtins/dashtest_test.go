package builtins_test

import (
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// dash's test, printf and redirection words, as Debian's dash 0.5.11 and
// 0.5.12 print them (captured with sh -c '...' 2>&1 on bookworm and bullseye;
// each line of output joined with "|").
var _ = DescribeTable("under dash",
	func(script, want string) {
		m := NewHost("debian12")
		r := Run(m, "ops", "sh -c '"+strings.ReplaceAll(script, "'", `'\''`)+"' 2>&1")
		Expect(strings.ReplaceAll(r.Stdout+r.Stderr, "\n", "|")).To(Equal(want))
	},
	Entry(nil, `[ 1 -eq a ]; echo $?`, "sh: 1: [: Illegal number: a|2|"),
	Entry(nil, `[ 99999999999999999999 -eq 1 ]; echo $?`, "sh: 1: [: Illegal number: 99999999999999999999|2|"),
	Entry(nil, `[ " 1" -eq 1 ] && [ "1 " -eq 1 ] && [ +1 -eq 1 ]; echo $?`, "0|"),
	Entry(nil, `[ -t x ]; echo $?`, "sh: 1: [: Illegal number: x|2|"),
	Entry(nil, `test a == a; echo $?`, "sh: 1: test: a: unexpected operator|2|"),
	Entry(nil, `[ a == ]; echo $?`, "sh: 1: [: a: unexpected operator|2|"),
	Entry(nil, `[ a -foo b ]; echo $?`, "sh: 1: [: a: unexpected operator|2|"),
	Entry(nil, `[ a = b c ]; echo $?`, "sh: 1: [: b: unexpected operator|2|"),
	Entry(nil, `[ ! a b ]; echo $?`, "sh: 1: [: a: unexpected operator|2|"),
	Entry(nil, `[ 1 -eq 1 ] ]; echo $?`, "sh: 1: [: 1: unexpected operator|2|"),
	Entry(nil, `[ -a x ]; echo $?; [ -v HOME ]; echo $?; [ -N x ]; echo $?`,
		"sh: 1: [: -a: unexpected operator|2|sh: 1: [: -v: unexpected operator|2|sh: 1: [: -N: unexpected operator|2|"),
	Entry(nil, `[ -l a = 1 ]; echo $?`, "sh: 1: [: -l: unexpected operator|2|"),
	Entry(nil, `[ "" == "" ]; echo $?; test "" x; echo $?`, "sh: 1: [: unexpected operator|2|sh: 1: test: unexpected operator|2|"),
	Entry(nil, `[ 1 -eq 1; echo $?`, "sh: 1: [: missing ]|2|"),
	Entry(nil, `[ "(" a ]; echo $?; [ "(" a b ]; echo $?`, "sh: 1: [: closing paren expected|2|sh: 1: [: closing paren expected|2|"),
	Entry(nil, `[ a -eq ]; echo $?; [ a = ]; echo $?`, "sh: 1: [: -eq: argument expected|2|sh: 1: [: =: argument expected|2|"),
	Entry(nil, `[ a -a ]; echo $?; [ a = b -a ]; echo $?; [ a -a b ]; echo $?; [ "" -o b ]; echo $?`, "1|1|0|0|"),

	Entry(nil, `printf "%d\n" abc; echo $?`, "sh: 1: printf: abc: expected numeric value|0|1|"),
	Entry(nil, `printf "%d\n" 12abc; echo $?`, "sh: 1: printf: 12abc: not completely converted|12|1|"),
	Entry(nil, `printf "%d\n" 99999999999999999999; echo $?`,
		"sh: 1: printf: 99999999999999999999: Numerical result out of range|9223372036854775807|1|"),
	Entry(nil, `printf "%e %f %g\n" 1 2 x; echo $?`, "sh: 1: printf: x: expected numeric value|1.000000e+00 2.000000 0|1|"),
	Entry(nil, `printf "%*d|\n" x 1; echo $?`, "sh: 1: printf: x: expected numeric value|1||1|"),
	Entry(nil, `printf "%d %d %d\n" "'A" "\"B" "'"; echo $?`, "65 66 0|0|"),
	Entry(nil, `printf "a%qb\n" x; echo $?`, "sh: 1: printf: %q: invalid directive|a2|"),
	Entry(nil, `printf "%5q|" x; echo $?; printf "%ld\n" 5; echo $?`,
		"sh: 1: printf: %5q: invalid directive|2|sh: 1: printf: %l: invalid directive|2|"),
	Entry(nil, `printf "%"; echo $?`, "sh: 1: printf: missing format character|2|"),
	Entry(nil, `printf; echo $?; printf -v x a; echo $?`,
		"sh: 1: printf: usage: printf format [arg ...]|2|sh: 1: printf: Illegal option -v|2|"),
	Entry(nil, `printf "\x41\101|%b|%b\n" "a\x41" "\0101 \101"`, `\x41A|a\x41|A A|`),
	Entry(nil, `printf "%#x %+d %.3s|%c|\n" 255 3 abcdef hello`, "0xff +3 abc|h||"),

	Entry(nil, `echo x > /nonexistent/f; echo $?`, "sh: 1: cannot create /nonexistent/f: Directory nonexistent|2|"),
	Entry(nil, `cat < /nonexistent; echo $?`, "sh: 1: cannot open /nonexistent: No such file|2|"),
	Entry(nil, `echo x > /etc; echo $?`, "sh: 1: cannot create /etc: Is a directory|2|"),
)
