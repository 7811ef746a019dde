package text_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

var _ = Describe("cut", func() {
	It("cuts fields, characters and bytes", func() {
		m := HostWithFiles("debian12", "/tmp/p", "root:x:0:0:root:/root:/bin/bash\nops:x:1000:1000::/home/ops:/bin/bash\nnocolon\n")
		Expect(Run(m, "ops", `cut -d: -f1,3 /tmp/p`).Stdout).To(Equal("root:0\nops:1000\nnocolon\n"))
		Expect(Run(m, "ops", `cut -d: -f6- -s /tmp/p`).Stdout).To(Equal("/root:/bin/bash\n/home/ops:/bin/bash\n"))
		Expect(Run(m, "ops", `cut -d: -f1 --complement -s /tmp/p`).Stdout).To(Equal("x:0:0:root:/root:/bin/bash\nx:1000:1000::/home/ops:/bin/bash\n"))
		Expect(Run(m, "ops", `cut -d: -f1,7 --output-delimiter=' -> ' -s /tmp/p`).Stdout).To(Equal("root -> /bin/bash\nops -> /bin/bash\n"))
		Expect(Run(m, "ops", `echo hello | cut -c2-4`).Stdout).To(Equal("ell\n"))
		Expect(Run(m, "ops", `echo hello | cut -b -2,5`).Stdout).To(Equal("heo\n"))
		Expect(Run(m, "ops", `printf 'a\tb\n' | cut -f2`).Stdout).To(Equal("b\n"))
	})
	It("words its usage errors as coreutils does", func() {
		m := HostWithFiles("debian12")
		Expect(Run(m, "ops", `cut /etc/passwd`)).To(Exited(1, "cut: you must specify a list of bytes, characters, or fields\nTry 'cut --help' for more information.\n"))
		Expect(Run(m, "ops", `cut -f0 /etc/passwd`).Stderr).To(Equal("cut: fields are numbered from 1\nTry 'cut --help' for more information.\n"))
		Expect(Run(m, "ops", `cut -c3-1 /etc/passwd`).Stderr).To(Equal("cut: invalid decreasing range\nTry 'cut --help' for more information.\n"))
		Expect(Run(m, "ops", `cut -f x /etc/passwd`).Stderr).To(Equal("cut: invalid field value 'x'\nTry 'cut --help' for more information.\n"))
		Expect(Run(m, "ops", `cut -d ab -f1 /etc/passwd`).Stderr).To(Equal("cut: the delimiter must be a single character\nTry 'cut --help' for more information.\n"))
		Expect(Run(m, "ops", `cut -c1 -f1 /etc/passwd`).Stderr).To(Equal("cut: only one type of list may be specified\nTry 'cut --help' for more information.\n"))
		Expect(Run(m, "ops", `cut -d: -c1 /etc/passwd`).Stderr).To(Equal("cut: an input delimiter may be specified only when operating on fields\nTry 'cut --help' for more information.\n"))
		Expect(Run(m, "ops", `cut -f1 /nope`)).To(Exited(1, "cut: /nope: No such file or directory\n"))
	})
})

var _ = Describe("tr", func() {
	tr := func(script string) Result { return Run(HostWithFiles("debian12"), "ops", script) }
	It("translates sets with ranges, classes and escapes", func() {
		Expect(tr(`echo hello | tr a-z A-Z`).Stdout).To(Equal("HELLO\n"))
		Expect(tr(`echo Hello | tr '[:upper:][:lower:]' '[:lower:][:upper:]'`).Stdout).To(Equal("hELLO\n"))
		Expect(tr(`echo 'a b c' | tr ' ' '\n'`).Stdout).To(Equal("a\nb\nc\n"))
		Expect(tr(`echo abcd | tr abcd xy`).Stdout).To(Equal("xyyy\n"))
		Expect(tr(`echo abcd | tr -t abcd xy`).Stdout).To(Equal("xycd\n"))
	})
	It("deletes, squeezes and complements", func() {
		Expect(tr(`echo 'a1b2 c3' | tr -d '[:digit:]'`).Stdout).To(Equal("ab c\n"))
		Expect(tr(`echo 'a1b2 c3' | tr -cd '[:alpha:]\n'`).Stdout).To(Equal("abc\n"))
		Expect(tr(`echo 'aaa   bbb' | tr -s ' '`).Stdout).To(Equal("aaa bbb\n"))
		Expect(tr(`echo 'a  b' | tr -s '[:space:]' _`).Stdout).To(Equal("a_b_"))
	})
	It("words its errors as coreutils does", func() {
		r := tr(`tr a`)
		Expect(r.Stderr).To(Equal("tr: missing operand after 'a'\nTwo strings must be given when translating.\nTry 'tr --help' for more information.\n"))
		Expect(r.Code).To(Equal(1))
		Expect(tr(`tr -d a b`).Stderr).To(Equal("tr: extra operand 'b'\nOnly one string may be given when deleting without squeezing repeated characters.\nTry 'tr --help' for more information.\n"))
		Expect(tr(`tr z-a x`).Stderr).To(Equal("tr: range-endpoints of 'z-a' are in reverse collating sequence order\n"))
		Expect(tr(`tr a '[:digit:]'`).Stderr).To(Equal("tr: the only character classes that may appear in string2 are 'upper' and 'lower'\n"))
		Expect(tr(`tr`).Stderr).To(Equal("tr: missing operand\nTry 'tr --help' for more information.\n"))
	})
})
