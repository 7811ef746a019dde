package text_test

import (
	"fmt"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/vfs"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
)

var _ = Describe("options real scripts use on programs the host has", func() {
	It("grep -P takes Perl patterns, look-behind included", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `echo "foo=bar" | grep -oP '(?<=foo=)\w+'`).Stdout).To(Equal("bar\n"))
		Expect(Run(m, "ops", `printf 'a1\nb\nc22\n' | grep -P '\d+'`).Stdout).To(Equal("a1\nc22\n"))
		Expect(Run(m, "ops", `printf 'version: 1.2.3\n' | grep -Po 'version: \K[\d.]+' ; printf 'é=x\n' | grep -oP '(?<==)x'`).Stdout).To(HaveSuffix("x\n"))
		Expect(Run(m, "ops", `echo x | grep -P '\d+'`).Code).To(Equal(1))
		Expect(Run(m, "ops", `grep -P '(' /dev/null`)).To(Exited(2, "grep: missing closing parenthesis\n"))
	})
	It("grep -V and sed --version print the release's texts", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `grep -V`).Stdout).To(HavePrefix("grep (GNU grep) 3.8\nCopyright (C) 2022 Free Software Foundation, Inc.\n"))
		Expect(Run(m, "ops", `sed --version | head -2`).Stdout).To(Equal("sed (GNU sed) 4.9\nPackaged by Debian\n"))
		m = NewHost("debian11")
		Expect(Run(m, "ops", `grep -V | head -1; sed --version | head -1`).Stdout).To(Equal("grep (GNU grep) 3.6\nsed (GNU sed) 4.7\n"))
	})
	It("stat -f describes the filesystem holding a file", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `stat -f /`).Stdout).To(MatchRegexp(`^  File: "/"\n    ID: [0-9a-f]+ +Namelen: 255     Type: ext2/ext3\n` +
			`Block size: 4096       Fundamental block size: 4096\nBlocks: Total: \d+ +Free: \d+ +Available: \d+\n` +
			`Inodes: Total: \d+ +Free: \d+\n$`))
		size, _, _, err := m.FS.StatFS(vfs.Root, "/tmp")
		Expect(err).NotTo(HaveOccurred())
		Expect(Run(m, "ops", `stat -f -c '%T %s %S %b' /tmp`).Stdout).To(Equal(fmt.Sprintf("ext2/ext3 4096 4096 %d\n", size/4096)))
		Expect(Run(m, "ops", `stat --file-system --format=%T /`).Stdout).To(Equal("ext2/ext3\n"))
		Expect(Run(m, "ops", `stat -f /nope`)).To(Exited(1, "stat: cannot read file system information for '/nope': No such file or directory\n"))
	})
	It("hostname -f and -d read the host's /etc/hosts", func() {
		m := NewHost("debian12", func(d *machine.Description) {
			d.Files = append(d.Files, machine.File{Path: "/etc/hosts", Content: "127.0.0.1\tlocalhost\n10.0.0.5\tdb01.example.com db01\n"})
		})
		Expect(Run(m, "ops", `hostname; hostname -f; hostname -d; hostname -s`).Stdout).To(Equal("db01\ndb01.example.com\nexample.com\ndb01\n"))
		Expect(Run(NewHost("debian12"), "ops", `hostname -f; hostname -d`).Stdout).To(Equal("db01\n"))
	})
})
