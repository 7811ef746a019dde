package system_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// Bytes captured from the hostile-os bookworm and bullseye containers
// (util-linux 2.38.1 and 2.36.1 agree).
var _ = Describe("getopt and setsid", func() {
	DescribeTable("getopt normalises a command line for eval set --",
		func(script, out string) {
			Expect(Run(NewHost("debian12"), "ops", script)).To(Equal(Result{Stdout: out}))
		},
		Entry("short, long, optional arguments and operands", `getopt -o ab:c:: -l alpha,beta:,gamma:: -- -a -b x --beta=y -cz --gamma=q file "two words"`,
			" -a -b 'x' --beta 'y' -c 'z' --gamma 'q' -- 'file' 'two words'\n"),
		Entry("an optional argument left out", `getopt -o c:: -- -c`, " -c '' --\n"),
		Entry("a quote in a word", `getopt -o a -- "it's"`, " -- 'it'\\''s'\n"),
		Entry("unquoted", `getopt -u -o ab: -- -a -b "x y" z`, " -a -b x y -- z\n"),
		Entry("the old form", `getopt ab: -a -b v rest`, " -a -b v -- rest\n"),
		Entry("a long option's prefix", `getopt -o a --long all -- --al`, " --all --\n"),
		Entry("+ stops at the first operand", `getopt -o +a -- a -a`, " -- 'a' '-a'\n"),
		Entry("the loop scripts run over it", `set -- -v --name "a b" file; eval set -- "$(getopt -o vn: -l name: -- "$@")"; `+
			`while true; do case "$1" in -v) echo verbose; shift;; -n|--name) echo "name=$2"; shift 2;; --) shift; break;; esac; done; echo "rest=$*"`,
			"verbose\nname=a b\nrest=file\n"),
	)
	DescribeTable("getopt complains under its -n name, and fails with 1",
		func(script, stderr string) {
			r := Run(NewHost("debian12"), "ops", script)
			Expect(r).To(Exited(1, stderr))
			Expect(r.Stdout).To(Equal(" --\n"))
		},
		Entry("an unknown letter", `getopt -o a -n myprog -- -z`, "myprog: invalid option -- 'z'\n"),
		Entry("a missing argument", `getopt -o b: -- -b`, "getopt: option requires an argument -- 'b'\n"),
		Entry("a long one's", `getopt -l beta: -o '' -- --beta`, "getopt: option '--beta' requires an argument\n"),
		Entry("an ambiguous prefix", `getopt -l all,alpha -o '' -- --al`, "getopt: option '--al' is ambiguous; possibilities: '--all' '--alpha'\n"),
		Entry("an unknown long option", `getopt -o a --long all -- --bogus`, "getopt: unrecognized option '--bogus'\n"),
		Entry("nothing with -q", `getopt -q -o a -- -x`, ""),
	)
	It("getopt -T says it is the enhanced one; no optstring is a usage error", func() {
		Expect(Run(NewHost("debian12"), "ops", `getopt -T`).Code).To(Equal(4))
		Expect(Run(NewHost("debian12"), "ops", `getopt`)).To(Exited(2, "getopt: missing optstring argument\nTry 'getopt --help' for more information.\n"))
	})
	It("setsid runs the command, its status kept with -w", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `setsid sh -c 'echo detached; exit 3'`)).To(Equal(Result{Stdout: "detached\n"}))
		Expect(Run(m, "ops", `setsid -w sh -c 'exit 3'`).Code).To(Equal(3))
		Expect(Run(m, "ops", `setsid`)).To(Exited(1, "setsid: no command specified\nTry 'setsid --help' for more information.\n"))
		Expect(Run(m, "ops", `setsid nosuch`)).To(Exited(127, "setsid: failed to execute nosuch: No such file or directory\n"))
	})
})
