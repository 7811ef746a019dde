package vfs_test

import (
	"io"
	"io/fs"
	"sync"
	"syscall"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/hostile-lab/hostile/simhost/vfs"
)

var _ = Describe("a filesystem made from an image", func() {
	stamp := time.Date(2023, 6, 1, 10, 0, 0, 0, time.UTC)
	var img *vfs.Image

	BeforeEach(func() {
		var err error
		img, err = vfs.NewImage([]vfs.ImageEntry{
			{Path: "/", Mode: fs.ModeDir | 0o755, MTime: stamp},
			{Path: "/bin", Mode: fs.ModeSymlink | 0o777, Target: "usr/bin", MTime: stamp},
			{Path: "/etc", Mode: fs.ModeDir | 0o755, MTime: stamp},
			{Path: "/etc/passwd", Mode: 0o644, Data: []byte("root:x:0:0:root:/root:/bin/bash\n"), MTime: stamp},
			{Path: "/etc/shadow", Mode: 0o640, GID: 42, Data: []byte("root:*:19000:0:99999:7:::\n"), MTime: stamp},
			{Path: "/usr", Mode: fs.ModeDir | 0o755, MTime: stamp},
			{Path: "/usr/bin", Mode: fs.ModeDir | 0o755, MTime: stamp},
			{Path: "/usr/bin/bunzip2", Mode: 0o755, HardLink: "/usr/bin/bzip2"},
			{Path: "/usr/bin/bzip2", Mode: 0o755, Omitted: 39232, MTime: stamp},
			{Path: "/usr/bin/ls", Mode: 0o755, Omitted: 147480, MTime: stamp},
			{Path: "/usr/bin/sudo", Mode: 0o755 | fs.ModeSetuid, Omitted: 281624, MTime: stamp},
		})
		Expect(err).NotTo(HaveOccurred())
	})

	It("has the image's tree: owners, modes, sizes, times and symlinks", func() {
		v := vfs.NewFromImage(img)
		i := stat(v, "/bin/sudo")
		Expect(i.Mode).To(Equal(0o755 | fs.ModeSetuid))
		Expect(i.Size).To(Equal(int64(281624)))
		Expect(i.ModTime).To(Equal(stamp))
		Expect(stat(v, "/etc/shadow").GID).To(Equal(42))
		Expect(v.Readlink(root, "/bin")).To(Equal("usr/bin"))
		Expect(stat(v, "/usr").Nlink).To(Equal(3))
		Expect(names(v, "/usr/bin")).To(Equal([]string{"bunzip2", "bzip2", "ls", "sudo"}))
		Expect(v.ReadFile(root, "/etc/passwd")).To(Equal([]byte("root:x:0:0:root:/root:/bin/bash\n")))
		used, _ := v.Usage("/")
		Expect(used).To(Equal(img.Size()))
	})

	It("reads a file whose content was left out as zeros of its size, and says so", func() {
		v := vfs.NewFromImage(img)
		data, err := v.ReadFile(root, "/usr/bin/ls")
		Expect(err).NotTo(HaveOccurred())
		Expect(data).To(HaveLen(147480))
		Expect(data).To(Equal(make([]byte, 147480)))
		Expect(v.Omitted("/usr/bin/ls")).To(BeTrue())
		Expect(v.Omitted("/etc/passwd")).To(BeFalse())
		h, err := v.OpenFile(root, "/usr/bin/ls", syscall.O_RDONLY, 0)
		Expect(err).NotTo(HaveOccurred())
		Expect(h.Seek(-10, io.SeekEnd)).To(Equal(int64(147470)))
		rest, err := io.ReadAll(h)
		Expect(err).NotTo(HaveOccurred())
		Expect(rest).To(Equal(make([]byte, 10)))
	})

	It("keeps each host's changes its own: the image and other hosts never see them", func() {
		a, b := vfs.NewFromImage(img), vfs.NewFromImage(img)
		h, err := a.OpenFile(root, "/etc/passwd", syscall.O_WRONLY|syscall.O_APPEND, 0)
		Expect(err).NotTo(HaveOccurred())
		_, err = h.Write([]byte("ops:x:1000:1000::/home/ops:/bin/bash\n"))
		Expect(err).NotTo(HaveOccurred())
		Expect(h.Close()).To(Succeed())
		h, err = a.OpenFile(root, "/usr/bin/ls", syscall.O_WRONLY, 0)
		Expect(err).NotTo(HaveOccurred())
		_, err = h.Write([]byte("#!/bin/sh"))
		Expect(err).NotTo(HaveOccurred())
		Expect(h.Close()).To(Succeed())
		must(a.Unlink(root, "/usr/bin/sudo"))
		must(a.Chmod(root, "/etc/shadow", 0o600))

		Expect(a.ReadFile(root, "/etc/passwd")).To(ContainSubstring("ops:x:1000"))
		ls, _ := a.ReadFile(root, "/usr/bin/ls")
		Expect(ls[:9]).To(Equal([]byte("#!/bin/sh")))
		Expect(ls).To(HaveLen(147480))
		Expect(a.Omitted("/usr/bin/ls")).To(BeFalse())

		Expect(b.ReadFile(root, "/etc/passwd")).To(Equal([]byte("root:x:0:0:root:/root:/bin/bash\n")))
		Expect(b.ReadFile(root, "/usr/bin/ls")).To(Equal(make([]byte, 147480)))
		Expect(names(b, "/usr/bin")).To(Equal([]string{"bunzip2", "bzip2", "ls", "sudo"}))
		Expect(stat(b, "/etc/shadow").Mode).To(Equal(fs.FileMode(0o640)))
		Expect(vfs.NewFromImage(img).ReadFile(root, "/etc/passwd")).To(Equal([]byte("root:x:0:0:root:/root:/bin/bash\n")))
	})

	It("keeps the image's hard links one file", func() {
		v := vfs.NewFromImage(img)
		one, other := stat(v, "/usr/bin/bzip2"), stat(v, "/usr/bin/bunzip2")
		Expect(one.Ino).To(Equal(other.Ino))
		Expect(one.Nlink).To(Equal(2))
		must(v.WriteFile(root, "/usr/bin/bunzip2", []byte("x"), 0))
		Expect(v.ReadFile(root, "/usr/bin/bzip2")).To(Equal([]byte("x")))
		must(v.Unlink(root, "/usr/bin/bzip2"))
		Expect(stat(v, "/usr/bin/bunzip2").Nlink).To(Equal(1))
	})

	It("gives new files inode numbers after the image's", func() {
		v := vfs.NewFromImage(img)
		must(v.WriteFile(root, "/etc/new", nil, 0o644))
		Expect(stat(v, "/etc/new").Ino).To(BeNumerically(">", stat(v, "/usr/bin/sudo").Ino))
		Expect(stat(v, "/").Ino).To(Equal(uint64(2)))
	})

	It("copies a directory's entries once when readers race to it", func() {
		v := vfs.NewFromImage(img)
		var wg sync.WaitGroup
		inos := make([]uint64, 8)
		for i := range inos {
			wg.Add(1)
			go func() {
				defer GinkgoRecover()
				defer wg.Done()
				inos[i] = stat(v, "/usr/bin/ls").Ino
			}()
		}
		wg.Wait()
		for _, ino := range inos {
			Expect(ino).To(Equal(inos[0]))
		}
	})

	It("refuses an image whose paths are out of order or outside a listed directory", func() {
		_, err := vfs.NewImage([]vfs.ImageEntry{{Path: "/", Mode: fs.ModeDir | 0o755}, {Path: "/a/b", Mode: 0o644}})
		Expect(err).To(MatchError(ContainSubstring("/a/b: not a clean path in a directory listed before it")))
		_, err = vfs.NewImage([]vfs.ImageEntry{{Path: "/", Mode: fs.ModeDir | 0o755}, {Path: "/b", Mode: 0o644}, {Path: "/a", Mode: 0o644}})
		Expect(err).To(MatchError(ContainSubstring("out of order")))
	})
})

func names(v *vfs.FS, dir string) []string {
	infos, err := v.ReadDir(root, dir)
	Expect(err).NotTo(HaveOccurred())
	var out []string
	for _, i := range infos {
		out = append(out, i.Name)
	}
	return out
}
