package commands_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// The captured base systems' programs (content left out, size kept) meeting
// the shell, as the fidelity corpus found them after the branches merged.
// Every expected answer is the container's (hostile-os:bullseye and bookworm
// of docker/packages.txt).
var _ = Describe("the installed system's programs", func() {
	It("show themselves in /proc/self/exe, not the shell that ran them", func() {
		Expect(Run(NewHost("debian12"), "ops", "readlink /proc/self/exe")).To(Equal(Result{Stdout: "/usr/bin/readlink\n"}))
	})

	It("are found by command -v under a path, as bash and dash find them", func() {
		m := NewHost("debian11")
		Expect(Run(m, "ops", "command -v /usr/bin/python3; /bin/sh -c 'command -v /usr/bin/python3'; command -v /nonexistent; echo $?")).
			To(Equal(Result{Stdout: "/usr/bin/python3\n/usr/bin/python3\n1\n"}))
	})

	It("are not hashed under a path, found or not, as bash 5.2 leaves them", func() {
		Expect(Run(NewHost("debian12"), "ops", "hash /usr/bin/ls; echo $?; hash; hash /nonexistent; echo $?")).
			To(Equal(Result{Stdout: "0\nhash: hash table empty\n0\n"}))
	})

	It("say they are not emulated, naming the package, where the real host has them", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", "slabtop -o")).To(Equal(Result{
			Stderr: "bash: line 1: slabtop: not emulated by the simulated host (a real host runs /usr/bin/slabtop of package procps)\n", Code: 127}))
		Expect(Run(NewHost("debian11"), "ops", "/usr/bin/python3")).To(Equal(Result{
			Stderr: "bash: line 1: /usr/bin/python3: not emulated by the simulated host (a real host runs /usr/bin/python3 of package python3-minimal)\n", Code: 127}))
	})

	It("are not found outside the user's PATH, as lvm2's pvs is not for a user", func() {
		Expect(Run(NewHost("debian12"), "ops", "pvs")).To(Equal(Result{Stderr: "bash: line 1: pvs: command not found\n", Code: 127}))
	})

	It("list their files with dpkg -L from the captured lists", func() {
		r := Run(NewHost("debian12"), "ops", "dpkg -L hostname | head -3")
		Expect(r).To(Equal(Result{Stdout: "/.\n/bin\n/bin/hostname\n"}))
	})

	It("give their own release's version: gzip 1.10 on Debian 11, 1.12 on Debian 12", func() {
		Expect(Run(NewHost("debian11"), "ops", "gzip -V | head -1")).To(Equal(Result{Stdout: "gzip 1.10\n"}))
		Expect(Run(NewHost("debian12"), "ops", "gzip -V | head -1")).To(Equal(Result{Stdout: "gzip 1.12\n"}))
	})
})

// A writer whose reader has gone dies of SIGPIPE, silently: `seq 100000 |
// head -1` prints 1 and PIPESTATUS is "141 0" on the container.
var _ = Describe("a write to a pipe whose reader has gone", func() {
	It("ends the writer silently, a builtin as a program", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", "seq 100000 | head -1; sudo -V | head -1; echo abc | tr a")).To(Equal(Result{
			Stdout: "1\nSudo version 1.9.13p3\n",
			Stderr: "tr: missing operand after 'a'\nTwo strings must be given when translating.\nTry 'tr --help' for more information.\n", Code: 1}))
	})
})

// The interpreter's builtins where bash 5.2 answers otherwise (third_party/mvdan-sh/PATCHES.md).
var _ = Describe("shift", func() {
	It("with more than $# returns 1 and keeps the parameters, as bash 5.2 does", func() {
		Expect(Run(NewHost("debian12"), "ops", `set -- a b; shift 5; echo $? $#; shift 2; echo $? $#`)).
			To(Equal(Result{Stdout: "1 2\n0 0\n"}))
	})
})
