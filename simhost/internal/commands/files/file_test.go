package files_test

import (
	"regexp"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

var _ = Describe("file", func() {
	It("tells text, scripts, empty files, directories and links apart", func() {
		m := NewHost("debian12", SeedFile("/home/ops/t", "hello\n", "ops", 0o644), SeedFile("/home/ops/s", "#!/bin/sh\necho\n", "ops", 0o755),
			SeedFile("/home/ops/b", "#!/usr/bin/env bash\n", "ops", 0o755), SeedFile("/home/ops/e", "", "ops", 0o644),
			SeedFile("/home/ops/n", "x", "ops", 0o644), SeedLink("/home/ops/l", "t"), SeedFile("/home/ops/bin", "\x00\x01\x02", "ops", 0o644))
		Expect(Run(m, "ops", "file t s b e n l bin . nosuch")).To(Equal(Result{Stdout: "t:      ASCII text\n" +
			"s:      POSIX shell script, ASCII text executable\n" +
			"b:      Bourne-Again shell script, ASCII text executable\n" +
			"e:      empty\n" +
			"n:      ASCII text, with no line terminators\n" +
			"l:      symbolic link to t\n" +
			"bin:    data\n" +
			".:      directory\n" +
			"nosuch: cannot open `nosuch' (No such file or directory)\n"}))
		Expect(Run(m, "ops", "file -b t").Stdout).To(Equal("ASCII text\n"))
		Expect(Run(m, "ops", "file /etc/shadow").Stdout).To(Equal("/etc/shadow: regular file, no read permission\n"))
	})
	It("describes the emulated commands as the host's own binaries", func() {
		out := Run(NewHost("debian12"), "ops", "file /usr/bin/ls").Stdout
		Expect(out).To(MatchRegexp("^" + regexp.QuoteMeta("/usr/bin/ls: ELF 64-bit LSB pie executable, x86-64, version 1 (SYSV), dynamically linked, interpreter /lib64/ld-linux-x86-64.so.2, BuildID[sha1]=") +
			"[0-9a-f]{40}, for GNU/Linux 3.2.0, stripped\n$"))
		Expect(Run(NewHost("solaris10-sparc"), "ops", "file /usr/bin/ls").Stdout).To(Equal(
			"/usr/bin/ls:\tELF 32-bit MSB executable SPARC32PLUS Version 1, V8+ Required, dynamically linked, not stripped\n"))
	})
	It("reads real ELF headers", func() {
		m := NewHost("debian12", SeedFile("/home/ops/prog", fsTinyELF(), "ops", 0o755))
		Expect(Run(m, "ops", "file prog").Stdout).To(Equal("prog: ELF 64-bit LSB executable, x86-64, version 1 (SYSV), statically linked, stripped\n"))
	})
	It("speaks Solaris's file", func() {
		m := NewHost("solaris10-sparc", SeedFile("/export/home/ops/t", "hello\n", "ops", 0o644), SeedFile("/export/home/ops/s", "#!/bin/sh\n", "ops", 0o755))
		Expect(Run(m, "ops", "file t s /etc/passwd")).To(Equal(Result{Stdout: "t:\t\tascii text\ns:\t\texecutable shell script\n/etc/passwd:\tascii text\n"}))
	})
})

// fsTinyELF is the smallest static x86-64 executable header: no sections, one
// program header.
func fsTinyELF() string {
	b := make([]byte, 120)
	copy(b, "\x7fELF\x02\x01\x01")
	le16 := func(off int, v uint16) { b[off], b[off+1] = byte(v), byte(v>>8) }
	le16(16, 2)  // ET_EXEC
	le16(18, 62) // EM_X86_64
	b[20] = 1    // version
	b[32] = 64   // e_phoff
	le16(52, 64) // e_ehsize
	le16(54, 56) // e_phentsize
	le16(56, 1)  // e_phnum
	le16(58, 64) // e_shentsize
	b[64] = 1    // PT_LOAD
	return string(b)
}
