package files_test

import (
	"fmt"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

var _ = Describe("stat", func() {
	t := time.Date(2024, 11, 21, 19, 30, 0, 123456789, time.UTC)

	It("prints coreutils 9's default report", func() {
		m := NewHost("debian12", SeedFile("/home/ops/f", "hello", "ops", 0o644))
		SetTimes(m, "/home/ops/f", t)
		info, err := m.FS.Stat(vfs.Root, "/home/ops/f")
		Expect(err).NotTo(HaveOccurred())
		r := Run(m, "ops", "stat f")
		Expect(r.Code).To(Equal(0))
		Expect(r.Stdout).To(Equal(fmt.Sprintf("  File: f\n"+
			"  Size: 5         \tBlocks: 8          IO Block: 4096   regular file\n"+
			"Device: 254,1\tInode: %-10d  Links: 1\n"+
			"Access: (0644/-rw-r--r--)  Uid: ( 1000/     ops)   Gid: ( 1000/     ops)\n"+
			"Access: 2024-11-21 19:30:00.123456789 +0000\n"+
			"Modify: 2024-11-21 19:30:00.123456789 +0000\n"+
			"Change: %s\n"+
			" Birth: -\n", info.Ino, info.ChangeTime.UTC().Format("2006-01-02 15:04:05.000000000 -0700"))))
	})
	It("prints the device in hex before coreutils 9, and symlinks as name -> target", func() {
		m := NewHost("debian11", SeedLink("/home/ops/l", "target"))
		r := Run(m, "ops", "stat l")
		Expect(r.Stdout).To(HavePrefix("  File: l -> target\n  Size: 6         \tBlocks: 0          IO Block: 4096   symbolic link\nDevice: fe01h/65025d\tInode: "))
	})
	It("formats with -c, follows links with -L, and is terse with -t", func() {
		m := NewHost("debian12", SeedFile("/home/ops/f", "hello", "ops", 0o640), SeedLink("/home/ops/l", "f"))
		SetTimes(m, "/home/ops/f", t)
		Expect(Run(m, "ops", "stat -c '%n %s %a %A %U %G %u %g %h %F %b %o %Y' f").Stdout).To(Equal(
			"f 5 640 -rw-r----- ops ops 1000 1000 1 regular file 8 4096 1732217400\n"))
		Expect(Run(m, "ops", "stat -L -c '%n %F %s' l").Stdout).To(Equal("l regular file 5\n"))
		Expect(Run(m, "ops", "stat --format='%y|%x' f").Stdout).To(Equal("2024-11-21 19:30:00.123456789 +0000|2024-11-21 19:30:00.123456789 +0000\n"))
		Expect(Run(m, "ops", "stat --printf='%s\\n' f").Stdout).To(Equal("5\n"))
		Expect(Run(m, "ops", "stat -c '%-6s|%06a' f").Stdout).To(Equal("5     |000640\n"))
		Expect(Run(m, "ops", "stat -t f").Stdout).To(MatchRegexp(`^f 5 8 81a0 1000 1000 fe01 \d+ 1 0 0 1732217400 1732217400 \d+ 0 4096\n$`))
	})
	It("reports a missing file", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", "stat nosuch")).To(Equal(Result{Stderr: "stat: cannot statx 'nosuch': No such file or directory\n", Code: 1}))
		Expect(Run(m, "ops", "stat")).To(Equal(Result{Stderr: "stat: missing operand\nTry 'stat --help' for more information.\n", Code: 1}))
		Expect(Run(NewHost("rhel7"), "ops", "stat nosuch").Stderr).To(Equal("stat: cannot stat ‘nosuch’: No such file or directory\n"))
	})
	It("does not exist on Solaris 10", func() {
		Expect(Run(NewHost("solaris10-sparc"), "ops", "stat /").Code).To(Equal(127))
	})
})
