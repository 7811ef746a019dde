package text_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

var _ = Describe("sed", func() {
	const text = "one\ntwo\nthree\nfour\n"
	sed := func(script string) Result { return Run(HostWithFiles("debian12", "/tmp/t", text), "ops", script) }
	It("substitutes with the g, p, N and I flags", func() {
		Expect(sed(`sed 's/o/0/' /tmp/t`).Stdout).To(Equal("0ne\ntw0\nthree\nf0ur\n"))
		Expect(sed(`echo foo | sed 's/o/0/g'`).Stdout).To(Equal("f00\n"))
		Expect(sed(`echo foo | sed 's/o/0/2'`).Stdout).To(Equal("fo0\n"))
		Expect(sed(`sed -n 's/T/X/Ip' /tmp/t`).Stdout).To(Equal("Xwo\nXhree\n"))
		Expect(sed(`echo 'a.b' | sed 's|\.|/|'`).Stdout).To(Equal("a/b\n"))
		Expect(sed(`echo hello world | sed 's/\(hello\) \(world\)/\2 \1 [&]/'`).Stdout).To(Equal("world hello [hello world]\n"))
		Expect(sed(`echo hello | sed -E 's/(l+)/<\1>/'`).Stdout).To(Equal("he<ll>o\n"))
		Expect(sed(`echo hello | sed 's/.*/\U&/'`).Stdout).To(Equal("HELLO\n"))
	})
	It("selects lines by number, $, regex and ranges", func() {
		Expect(sed(`sed -n 2p /tmp/t`).Stdout).To(Equal("two\n"))
		Expect(sed(`sed -n '$p' /tmp/t`).Stdout).To(Equal("four\n"))
		Expect(sed(`sed -n '/^t/p' /tmp/t`).Stdout).To(Equal("two\nthree\n"))
		Expect(sed(`sed -n '2,3p' /tmp/t`).Stdout).To(Equal("two\nthree\n"))
		Expect(sed(`sed -n '/two/,$p' /tmp/t`).Stdout).To(Equal("two\nthree\nfour\n"))
		Expect(sed(`sed '2,3!d' /tmp/t`).Stdout).To(Equal("two\nthree\n"))
		Expect(sed(`sed -n '1~2p' /tmp/t`).Stdout).To(Equal("one\nthree\n"))
		Expect(sed(`sed -n '/one/,+1p' /tmp/t`).Stdout).To(Equal("one\ntwo\n"))
	})
	It("runs d, q, a, i, c, y, = and blocks", func() {
		Expect(sed(`sed '/t/d' /tmp/t`).Stdout).To(Equal("one\nfour\n"))
		Expect(sed(`sed 2q /tmp/t`).Stdout).To(Equal("one\ntwo\n"))
		r := sed(`sed 1q5 /tmp/t`)
		Expect(r.Stdout).To(Equal("one\n"))
		Expect(r.Code).To(Equal(5))
		Expect(sed(`sed '2a after two' /tmp/t`).Stdout).To(Equal("one\ntwo\nafter two\nthree\nfour\n"))
		Expect(sed(`sed '1i\
first' /tmp/t`).Stdout).To(Equal("first\none\ntwo\nthree\nfour\n"))
		Expect(sed(`sed '2,3c\gone' /tmp/t`).Stdout).To(Equal("one\ngone\nfour\n"))
		Expect(sed(`sed 'y/otw/OTW/' /tmp/t`).Stdout).To(Equal("One\nTWO\nThree\nfOur\n"))
		Expect(sed(`sed -n '$=' /tmp/t`).Stdout).To(Equal("4\n"))
		Expect(sed(`sed -n '/t/{s/t/T/;p}' /tmp/t`).Stdout).To(Equal("Two\nThree\n"))
		Expect(sed(`sed ':a;N;$!ba;s/\n/,/g' /tmp/t`).Stdout).To(Equal("one,two,three,four\n"))
		Expect(sed(`sed '1!G;h;$!d' /tmp/t`).Stdout).To(Equal("four\nthree\ntwo\none\n"))
	})
	It("keeps a missing final newline", func() {
		Expect(sed(`printf 'a\nb' | sed s/b/c/`).Stdout).To(Equal("a\nc"))
	})
	It("takes several -e scripts and -f files", func() {
		Expect(sed(`sed -e 1d -e 's/$/!/' /tmp/t`).Stdout).To(Equal("two!\nthree!\nfour!\n"))
		Expect(sed(`printf '2d\n' > /tmp/s.sed; sed -f /tmp/s.sed /tmp/t`).Stdout).To(Equal("one\nthree\nfour\n"))
	})
	It("edits files in place, with a backup suffix", func() {
		m := HostWithFiles("debian12", "/tmp/t", text)
		r := Run(m, "ops", `sed -i.bak 's/one/ONE/' /tmp/t; cat /tmp/t /tmp/t.bak`)
		Expect(r.Stdout).To(Equal("ONE\ntwo\nthree\nfour\n" + text))
		Expect(r.Code).To(Equal(0))
		Expect(Run(m, "ops", `sed -i -e '$d' /tmp/t && cat /tmp/t`).Stdout).To(Equal("ONE\ntwo\nthree\n"))
	})
	It("cannot edit in place where it cannot write the directory", func() {
		r := Run(HostWithFiles("debian12"), "ops", `sed -i s/root/toor/ /etc/passwd`)
		Expect(r.Stderr).To(MatchRegexp("^sed: couldn't open temporary file /etc/sed[A-Za-z0-9]{6}: Permission denied\n$"))
		Expect(r.Code).To(Equal(4))
	})
	It("words script errors as GNU sed does", func() {
		r := sed(`sed 's/a/b' /tmp/t`)
		Expect(r.Stderr).To(Equal("sed: -e expression #1, char 5: unterminated `s' command\n"))
		Expect(r.Code).To(Equal(1))
		Expect(sed(`sed 's/a/b/q' /tmp/t`).Stderr).To(Equal("sed: -e expression #1, char 7: unknown option to `s'\n"))
		Expect(sed(`sed -e p -e k /tmp/t`).Stderr).To(Equal("sed: -e expression #2, char 1: unknown command: `k'\n"))
		Expect(sed(`sed 'p x' /tmp/t`).Stderr).To(Equal("sed: -e expression #1, char 3: extra characters after command\n"))
		Expect(sed(`sed '/x/{p' /tmp/t`).Stderr).To(Equal("sed: -e expression #1, char 0: unmatched `{'\n"))
		Expect(sed(`sed 's/x/\1/' /tmp/t`).Stderr).To(Equal("sed: -e expression #1, char 7: invalid reference \\1 on `s' command's RHS\n"))
		Expect(sed(`sed 'b nowhere' /tmp/t`).Stderr).To(Equal("sed: can't find label for jump to `nowhere'\n"))
	})
	It("goes on past a missing file and exits 2", func() {
		r := sed(`sed -n 1p /nope /tmp/t`)
		Expect(r.Stdout).To(Equal("one\n"))
		Expect(r.Stderr).To(Equal("sed: can't read /nope: No such file or directory\n"))
		Expect(r.Code).To(Equal(2))
	})
	It("refuses GNU options on Solaris", func() {
		r := Run(HostWithFiles("solaris10-sparc", "/tmp/t", text), "ops", `sed -i s/a/b/ /tmp/t`)
		Expect(r.Stderr).To(HavePrefix("sed: illegal option -- i\n"))
		Expect(r.Code).To(Equal(2))
	})
})
