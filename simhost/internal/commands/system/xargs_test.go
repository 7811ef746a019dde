package system_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

var _ = Describe("xargs", func() {
	xargs := func(script string) Result { return Run(NewHost("debian12"), "ops", script) }
	It("builds command lines, echo by default", func() {
		Expect(xargs(`printf 'a b\nc\n' | xargs`).Stdout).To(Equal("a b c\n"))
		Expect(xargs(`printf '1\n2\n3\n' | xargs -n2 echo n`).Stdout).To(Equal("n 1 2\nn 3\n"))
		Expect(xargs(`printf 'x y\n  z\n' | xargs -I{} echo '<{}>'`).Stdout).To(Equal("<x y>\n<z>\n"))
		Expect(xargs(`printf 'a\0b c\0' | xargs -0 -n1 echo`).Stdout).To(Equal("a\nb c\n"))
		Expect(xargs(`printf '"a b" c\\ d\n' | xargs -n1`).Stdout).To(Equal("a b\nc d\n"))
		Expect(xargs(`printf 'a,b' | xargs -d, -n1`).Stdout).To(Equal("a\nb\n"))
		Expect(xargs(`printf '1\n2\n3\n' | xargs -L2`).Stdout).To(Equal("1 2\n3\n"))
	})
	It("traces with -t and skips an empty input with -r", func() {
		r := xargs(`echo a | xargs -t echo`)
		Expect(r.Stdout).To(Equal("a\n"))
		Expect(r.Stderr).To(Equal("echo a\n"))
		Expect(xargs(`true | xargs echo x`).Stdout).To(Equal("x\n"))
		Expect(xargs(`true | xargs -r echo x`).Stdout).To(BeEmpty())
	})
	It("removes files with rm", func() {
		m := HostWithFiles("debian12", "/tmp/a", "", "/tmp/b", "")
		Expect(Run(m, "ops", `printf '/tmp/a\n/tmp/b\n' | xargs rm`)).To(Exited(0, ""))
		_, errA := m.FS.Stat(m.User("ops").Cred(), "/tmp/a")
		_, errB := m.FS.Stat(m.User("ops").Cred(), "/tmp/b")
		Expect(errA).To(HaveOccurred())
		Expect(errB).To(HaveOccurred())
	})
	It("exits 127, 123 and 1 as findutils does", func() {
		r := xargs(`echo x | xargs nosuch`)
		Expect(r.Stderr).To(Equal("xargs: nosuch: No such file or directory\n"))
		Expect(r.Code).To(Equal(127))
		Expect(xargs(`printf '1\n2\n' | xargs -n1 false`).Code).To(Equal(123))
		r = xargs(`echo "'a" | xargs`)
		Expect(r.Stderr).To(Equal("xargs: unmatched single quote; by default quotes are special to xargs unless you use the -0 option\n"))
		Expect(r.Code).To(Equal(1))
		r = xargs(`echo x | xargs sh -c 'exit 255'`)
		Expect(r.Stderr).To(Equal("xargs: sh: exited with status 255; aborting\n"))
		Expect(r.Code).To(Equal(124))
	})
})
