package builtins_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

var _ = Describe("test and [", func() {
	var m *machine.Machine
	BeforeEach(func() {
		m = NewHost("debian12",
			SeedOpsFile("/tmp/f", "data"), SeedOpsFile("/tmp/empty", ""),
			func(d *machine.Description) {
				d.Files = append(d.Files, machine.File{Path: "/tmp/l", Link: "/tmp/f"},
					machine.File{Path: "/tmp/x", Content: "#!/bin/sh\n", Mode: vfs.FromUnixMode(0o755)},
					machine.File{Path: "/tmp/suid", Content: "x", Mode: vfs.FromUnixMode(0o4755)},
					machine.File{Path: "/tmp/secret", Content: "x", Mode: vfs.FromUnixMode(0o600)})
			})
		// seeding chowns after chmod, which clears setuid: set it afterwards
		Expect(m.FS.Chmod(vfs.Root, "/tmp/suid", vfs.FromUnixMode(0o4755))).To(Succeed())
	})
	status := func(script string) int { return Run(m, "ops", script).Code }
	It("tests files through the host's filesystem as the caller", func() {
		Expect(status(`/usr/bin/test -e /tmp/f`)).To(Equal(0))
		Expect(status(`/usr/bin/test -f /tmp/f`)).To(Equal(0))
		Expect(status(`/usr/bin/test -d /tmp`)).To(Equal(0))
		Expect(status(`/usr/bin/test -d /tmp/f`)).To(Equal(1))
		Expect(status(`/usr/bin/test -h /tmp/l`)).To(Equal(0))
		Expect(status(`/usr/bin/test -L /tmp/f`)).To(Equal(1))
		Expect(status(`/usr/bin/test -s /tmp/f`)).To(Equal(0))
		Expect(status(`/usr/bin/test -s /tmp/empty`)).To(Equal(1))
		Expect(status(`/usr/bin/test -x /tmp/x`)).To(Equal(0))
		Expect(status(`/usr/bin/test -u /tmp/suid`)).To(Equal(0))
		Expect(status(`/usr/bin/test -k /tmp`)).To(Equal(0))
		Expect(status(`/usr/bin/test -r /tmp/secret`)).To(Equal(1))
		Expect(Run(m, "root", `/usr/bin/test -r /tmp/secret`).Code).To(Equal(0))
		Expect(status(`/usr/bin/test -w /etc/passwd`)).To(Equal(1))
		Expect(status(`/usr/bin/test -O /tmp/f`)).To(Equal(0))
		Expect(status(`/usr/bin/test -O /etc/passwd`)).To(Equal(1))
		Expect(status(`/usr/bin/test -e /nope`)).To(Equal(1))
	})
	It("answers -O and -G for the shell's own test builtin", func() {
		Expect(status(`[ -O /tmp/f ] && test -G /tmp/f`)).To(Equal(0))
		Expect(status(`[ -O /etc/passwd ]`)).To(Equal(1))
	})
	It("compares strings and integers, with ! -a -o and parentheses", func() {
		Expect(status(`/usr/bin/test abc = abc`)).To(Equal(0))
		Expect(status(`/usr/bin/test abc != abc`)).To(Equal(1))
		Expect(status(`/usr/bin/test -z ""`)).To(Equal(0))
		Expect(status(`/usr/bin/test -n ""`)).To(Equal(1))
		Expect(status(`/usr/bin/test 10 -gt 9`)).To(Equal(0))
		Expect(status(`/usr/bin/test -5 -lt -4`)).To(Equal(0))
		Expect(status(`/usr/bin/test 99999999999999999999 -gt 1`)).To(Equal(0))
		Expect(status(`/usr/bin/test ! -e /nope -a \( 1 -eq 2 -o x = x \)`)).To(Equal(0))
		Expect(status(`/usr/bin/test`)).To(Equal(1))
		Expect(status(`/usr/bin/test ""`)).To(Equal(1))
		Expect(status(`/usr/bin/[ a ]`)).To(Equal(0))
	})
	It("fails with status 2 on a bad expression", func() {
		Expect(Run(m, "ops", `/usr/bin/[ 1 -eq 1`)).To(Exited(2, "/usr/bin/[: missing ']'\n"))
		Expect(Run(m, "ops", `/usr/bin/test x -eq 1`)).To(Exited(2, "/usr/bin/test: invalid integer 'x'\n"))
		Expect(Run(m, "ops", `/usr/bin/test a b`)).To(Exited(2, "/usr/bin/test: missing argument after 'b'\n"))
		Expect(Run(m, "ops", `/usr/bin/test -q x`).Stderr).To(Equal("/usr/bin/test: '-q': unary operator expected\n"))
		Expect(Run(m, "ops", `/usr/bin/test a b c`).Stderr).To(Equal("/usr/bin/test: 'b': binary operator expected\n"))
		Expect(Run(m, "ops", `/usr/bin/test \( a = a`)).To(Exited(2, "/usr/bin/test: ')' expected\n"))
	})
})

// One evaluator, each caller's words: captured on bookworm and bullseye
// (`docker run --rm IMAGE bash -c '...'`), which print the same.
var _ = DescribeTable("the program, bash's builtin and dash's, each with its own message",
	func(personality string) {
		m := NewHost(personality)
		Expect(Run(m, "ops", `/usr/bin/test 1 -eq x; echo $?; test 1 -eq x; echo $?; sh -c "test 1 -eq x; echo \$?; /usr/bin/test 1 -eq x; echo \$?"`)).To(Printed("2\n2\n2\n2\n",
			"/usr/bin/test: invalid integer 'x'\nbash: line 1: test: x: integer expression expected\nsh: 1: test: Illegal number: x\n/usr/bin/test: invalid integer 'x'\n"))
		version := map[string]string{"debian12": "9.1", "debian11": "8.32"}[personality]
		Expect(Run(m, "ops", `/usr/bin/[ --version | head -1; /usr/bin/[ --help | sed -n "1p;21p;62p"; /usr/bin/test --help; echo $?; /usr/bin/[ --help x; echo $?`)).To(Printed(
			"[ (GNU coreutils) "+version+"\nUsage: test EXPRESSION\n  -z STRING            the length of STRING is zero\nEXPR2' or 'test EXPR1 || test EXPR2' instead.\n0\n2\n",
			"/usr/bin/[: missing ']'\n"), "[ honours --help and --version alone, test takes them as strings")
	},
	Entry("bookworm", "debian12"), Entry("bullseye", "debian11"))
