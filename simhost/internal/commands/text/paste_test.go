package text_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// Every text here was printed by coreutils 9.1's paste (Debian 12).
var _ = Describe("paste", func() {
	It("joins the files' lines side by side, delimiters in turn, a short file leaving its column empty", func() {
		m := HostWithFiles("debian12", "/srv/p1", "a\nb\nc\n", "/srv/p2", "1\n2\n")
		Expect(Run(m, "ops", `cd /srv && paste p1 p2`).Stdout).To(Equal("a\t1\nb\t2\nc\t\n"))
		Expect(Run(m, "ops", `cd /srv && paste -d:, p1 p2 p1`).Stdout).To(Equal("a:1,a\nb:2,b\nc:,c\n"))
		Expect(Run(m, "ops", `cd /srv && paste - - < p1`).Stdout).To(Equal("a\tb\nc\t\n"), "each - takes the next line of stdin")
		Expect(Run(m, "ops", `printf x | paste - /srv/p1`).Stdout).To(Equal("x\ta\n\tb\n\tc\n"))
	})
	It("puts each file on one line with -s", func() {
		m := HostWithFiles("debian12", "/srv/p1", "a\nb\nc\n")
		Expect(Run(m, "ops", `seq 3 | paste -sd+; paste -s -d '' /srv/p1`).Stdout).To(Equal("1+2+3\nabc\n"))
	})
	It("names a file it cannot read", func() {
		Expect(Run(HostWithFiles("debian12"), "ops", `paste nosuch`)).To(Equal(Result{Stderr: "paste: nosuch: No such file or directory\n", Code: 1}))
	})
})
