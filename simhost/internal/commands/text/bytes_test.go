package text_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

var _ = Describe("od", func() {
	It("dumps in coreutils' forms", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `printf 'hello\n\001\377' | od`).Stdout).To(Equal("0000000 062550 066154 005157 177401\n0000010\n"))
		Expect(Run(m, "ops", `printf 'hello\n' | od -c`).Stdout).To(Equal("0000000   h   e   l   l   o  \\n\n0000006\n"))
		Expect(Run(m, "ops", `printf 'hello\n' | od -An -tx1`).Stdout).To(Equal(" 68 65 6c 6c 6f 0a\n"))
		Expect(Run(m, "ops", `printf abc | od -x`).Stdout).To(Equal("0000000 6261 0063\n0000003\n"))
		Expect(Run(m, "ops", `printf 'hello world' | od -A x -t x1z`).Stdout).
			To(Equal("000000 68 65 6c 6c 6f 20 77 6f 72 6c 64                 >hello world<\n00000b\n"))
	})
	It("stars repeated lines unless -v", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `head -c 48 < /dev/zero | od -An -tx1`).Stdout).To(Equal(" 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00\n*\n"))
	})
})

var _ = Describe("dd", func() {
	It("copies blocks and reports on stderr in three lines", func() {
		m := NewHost("debian12")
		r := Run(m, "ops", `cd /tmp; printf 0123456789 > f; dd if=f of=g bs=4 count=2; cat g`)
		Expect(r.Stdout).To(Equal("01234567"))
		Expect(r.Stderr).To(MatchRegexp(`^2\+0 records in\n2\+0 records out\n8 bytes copied, [0-9.e-]+ s, [0-9.]+ [kMG]?B/s\n$`))
		Expect(Run(m, "ops", `cd /tmp; dd if=f bs=1 count=3 skip=2 status=none`).Stdout).To(Equal("234"))
		Expect(Run(m, "ops", `cd /tmp; dd if=f of=h status=noxfer`).Stderr).To(Equal("0+1 records in\n0+1 records out\n"))
		Expect(Run(m, "ops", `dd if=/dev/zero bs=1M count=1 of=/dev/null`).Stderr).To(MatchRegexp(`\n1048576 bytes \(1\.0 MB, 1\.0 MiB\) copied, `))
	})
	It("answers coreutils' errors", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `dd if=/nope`)).To(Exited(1, "dd: failed to open '/nope': No such file or directory\n"))
		Expect(Run(m, "ops", `dd bogus=1`)).To(Exited(1, "dd: unrecognized operand 'bogus=1'\nTry 'dd --help' for more information.\n"))
	})
})

var _ = Describe("cmp", func() {
	It("says where files first differ, with 0, 1 and 2", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `cd /tmp; printf abc>a; printf abd>b; printf ab>c; cmp a b; echo st=$?; cmp -s a b; echo st=$?; cmp a a; echo st=$?; cmp -l a b`).Stdout).To(Equal("a b differ: char 3, line 1\nst=1\nst=1\nst=0\n3 143 144\n"))
		Expect(Run(m, "ops", `cd /tmp; printf abc>a; printf ab>c; cmp a c`)).To(Exited(1, "cmp: EOF on c after byte 2, in line 1\n"))
		Expect(Run(m, "ops", `cmp /etc/hostname /nope`)).To(Exited(2, "cmp: /nope: No such file or directory\n"))
	})
})

var _ = Describe("cksum", func() {
	It("prints POSIX CRCs and sizes", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `printf hello | cksum`).Stdout).To(Equal("3287646509 5\n"))
		Expect(Run(m, "ops", `cd /tmp; printf abc>a; printf abd>b; cksum a b /nope`)).To(Equal(Result{Stdout: "1219131554 3 a\n2137327320 3 b\n", Stderr: "cksum: /nope: No such file or directory\n", Code: 1}))
	})
})
