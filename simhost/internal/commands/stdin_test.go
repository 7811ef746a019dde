package commands_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
	"github.com/hostile-lab/hostile/simhost/machine"
)

// A session's stdin goes to its programs without an OS pipe until the shell
// itself reads it; these are the ways a shell comes to read it.
var _ = Describe("a session's stdin shared by the shell and its programs", func() {
	const lines = "one\ntwo\nthree\nfour\n"

	It("gives the read builtin its lines and the programs after it the rest", func() {
		r := Run(NewHost("debian12"), "ops", `read a; read b; echo "$b-$a"; cat`, lines)
		Expect(r.Stdout).To(Equal("two-one\nthree\nfour\n"))
	})

	It("lets a program read first and the read builtin then see the end of input", func() {
		r := Run(NewHost("debian12"), "ops", `cat; read x; echo "read exit $? x=$x"`, lines)
		Expect(r.Stdout).To(Equal(lines + "read exit 1 x=\n"))
	})

	DescribeTable("reaches the read builtin however the shell gets to it",
		func(script string, extra ...func(*machine.Description)) {
			m := NewHost("debian12", extra...)
			Expect(Run(m, "ops", script, lines).Stdout).To(Equal("got one\n"))
		},
		Entry("in a function", `ask() { read x; echo "got $x"; }; ask`),
		Entry("in a function ~/.bashrc defines", `ask`, func(d *machine.Description) {
			d.Users[0].RC = map[string]string{".bashrc": "ask() { read x; echo \"got $x\"; }\n"}
		}),
		Entry("through an alias", "shopt -s expand_aliases\nalias ask='read x'\nask\necho \"got $x\""),
		Entry("through eval", `eval 'read x'; echo "got $x"`),
		Entry("in a sourced file", `printf 'read x\n' > /tmp/ask.sh; . /tmp/ask.sh; echo "got $x"`),
		Entry("in sh -c", `sh -c 'read x; echo "got $x"'`),
		Entry("in a command substitution", `x=$(read y; echo "$y"); echo "got $x"`),
		Entry("behind a command name known only when it runs", `r=read; $r x; echo "got $x"`),
		Entry("in mapfile", `mapfile -t all; echo "got ${all[0]}"`),
	)
})
