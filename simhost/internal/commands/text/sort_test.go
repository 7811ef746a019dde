package text_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
	"github.com/hostile-lab/hostile/simhost/machine"
)

var _ = Describe("sort", func() {
	var m *machine.Machine
	BeforeEach(func() { m = HostWithFiles("debian12", "/tmp/s", "b 2\na 10\nc 1\na 10\nB 3\n") })
	It("sorts bytewise, reversed, uniquely, and folding case", func() {
		Expect(Run(m, "ops", `sort /tmp/s`).Stdout).To(Equal("B 3\na 10\na 10\nb 2\nc 1\n"))
		Expect(Run(m, "ops", `sort -r /tmp/s`).Stdout).To(Equal("c 1\nb 2\na 10\na 10\nB 3\n"))
		Expect(Run(m, "ops", `sort -u /tmp/s`).Stdout).To(Equal("B 3\na 10\nb 2\nc 1\n"))
		Expect(Run(m, "ops", `sort -f /tmp/s`).Stdout).To(Equal("a 10\na 10\nb 2\nB 3\nc 1\n"))
	})
	It("sorts on keys and numbers", func() {
		Expect(Run(m, "ops", `sort -k2 -n /tmp/s`).Stdout).To(Equal("c 1\nb 2\nB 3\na 10\na 10\n"))
		Expect(Run(m, "ops", `sort -t' ' -k2,2nr /tmp/s`).Stdout).To(Equal("a 10\na 10\nB 3\nb 2\nc 1\n"))
		Expect(Run(m, "ops", `printf '10\n9\n-1\n1.5\nx\n' | sort -n`).Stdout).To(Equal("-1\nx\n1.5\n9\n10\n"))
		Expect(Run(m, "ops", `printf '1G\n10K\n2M\n512\n' | sort -h`).Stdout).To(Equal("512\n10K\n2M\n1G\n"))
		Expect(Run(m, "ops", `printf 'v1.10\nv1.9\nv1.2\n' | sort -V`).Stdout).To(Equal("v1.2\nv1.9\nv1.10\n"))
		Expect(Run(m, "ops", `printf 'b 1\na 1\n' | sort -s -k2,2`).Stdout).To(Equal("b 1\na 1\n"))
	})
	It("writes the output file given with -o, even over its input", func() {
		Expect(Run(m, "ops", `sort -o /tmp/s /tmp/s; cat /tmp/s`).Stdout).
			To(Equal("B 3\na 10\na 10\nb 2\nc 1\n"))
	})
	It("checks order with -c", func() {
		Expect(Run(m, "ops", `sort -c /tmp/s`)).To(Exited(1, "sort: /tmp/s:2: disorder: a 10\n"))
	})
	It("fails with status 2", func() {
		Expect(Run(m, "ops", `sort /tmp/s /nope`)).To(Equal(Result{Stderr: "sort: cannot read: /nope: No such file or directory\n", Code: 2}))
		Expect(Run(m, "ops", `sort -k0 /tmp/s`)).To(Exited(2, "sort: field number is zero: invalid field specification '0'\n"))
		Expect(Run(m, "ops", `sort -t ab /tmp/s`).Stderr).To(Equal("sort: multi-character tab 'ab'\n"))
		Expect(Run(m, "ops", `sort -n -g /tmp/s`).Stderr).To(Equal("sort: options '-gn' are incompatible\n"))
		Expect(Run(m, "ops", `sort -Q /tmp/s`)).To(Exited(2, "sort: invalid option -- 'Q'\nTry 'sort --help' for more information.\n"))
	})
})

var _ = Describe("uniq", func() {
	var m *machine.Machine
	BeforeEach(func() { m = HostWithFiles("debian12", "/tmp/u", "a\na\nb\nA\nc\nc\nc\n") })
	It("drops adjacent duplicates and counts them", func() {
		Expect(Run(m, "ops", `uniq /tmp/u`).Stdout).To(Equal("a\nb\nA\nc\n"))
		Expect(Run(m, "ops", `uniq -c /tmp/u`).Stdout).To(Equal("      2 a\n      1 b\n      1 A\n      3 c\n"))
		Expect(Run(m, "ops", `uniq -d /tmp/u`).Stdout).To(Equal("a\nc\n"))
		Expect(Run(m, "ops", `uniq -u /tmp/u`).Stdout).To(Equal("b\nA\n"))
		Expect(Run(m, "ops", `printf 'x\nX\ny\n' | uniq -ic`).Stdout).To(Equal("      2 x\n      1 y\n"))
		Expect(Run(m, "ops", `uniq -D /tmp/u`).Stdout).To(Equal("a\na\nc\nc\nc\n"))
	})
	It("reports a missing input", func() {
		Expect(Run(m, "ops", `uniq /nope`)).To(Exited(1, "uniq: /nope: No such file or directory\n"))
	})
})
