package vfs_test

import (
	"io"
	"io/fs"
	"os"
	"syscall"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/hostile-lab/hostile/simhost/vfs"
)

var _ = Describe("File", func() {
	var v *vfs.FS

	BeforeEach(func() {
		v, _ = newFS()
		must(v.Mkdir(root, "/tmp", 0o777|fs.ModeSticky))
		must(v.WriteFile(alice, "/tmp/f", []byte("0123456789"), 0o644))
	})

	open := func(c vfs.Cred, p string, flag int, perm fs.FileMode) *vfs.File {
		h, err := v.OpenFile(c, p, flag, perm)
		ExpectWithOffset(1, err).NotTo(HaveOccurred())
		return h
	}

	Describe("OpenFile", func() {
		It("reads and seeks", func() {
			h := open(bob, "/tmp/f", os.O_RDONLY, 0)
			Expect(h.Name()).To(Equal("/tmp/f"))
			b := make([]byte, 4)
			Expect(h.Read(b)).To(Equal(4))
			Expect(string(b)).To(Equal("0123"))
			Expect(h.Seek(-2, io.SeekEnd)).To(Equal(int64(8)))
			n, err := h.Read(b)
			Expect(n).To(Equal(2))
			Expect(err).NotTo(HaveOccurred())
			_, err = h.Read(b)
			Expect(err).To(Equal(io.EOF))
			Expect(h.Seek(1, io.SeekStart)).To(Equal(int64(1)))
			Expect(h.Seek(1, io.SeekCurrent)).To(Equal(int64(2)))
			_, err = h.Seek(-5, io.SeekStart)
			Expect(err).To(MatchError(syscall.EINVAL))
			_, err = h.Seek(0, 7)
			Expect(err).To(MatchError(syscall.EINVAL))
			all, err := io.ReadAll(h)
			Expect(err).NotTo(HaveOccurred())
			Expect(string(all)).To(Equal("23456789"))
			Expect(h.Close()).To(Succeed())
		})

		It("reads and writes at offsets", func() {
			h := open(alice, "/tmp/f", os.O_RDWR, 0)
			b := make([]byte, 3)
			Expect(h.ReadAt(b, 7)).To(Equal(3))
			n, err := h.ReadAt(b, 8)
			Expect(n).To(Equal(2))
			Expect(err).To(Equal(io.EOF))
			Expect(h.WriteAt([]byte("ab"), 12)).To(Equal(2))
			got, _ := v.ReadFile(alice, "/tmp/f")
			Expect(got).To(Equal([]byte("0123456789\x00\x00ab")))
			_, err = h.WriteAt([]byte("x"), -1)
			Expect(err).To(MatchError(syscall.EINVAL))
			_, err = h.ReadAt(b, -1)
			Expect(err).To(MatchError(syscall.EINVAL))
		})

		It("creates with O_CREATE and fails on O_EXCL", func() {
			h := open(bob, "/tmp/new", os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
			Expect(h.Write([]byte("x"))).To(Equal(1))
			i := stat(v, "/tmp/new")
			Expect(i.UID).To(Equal(1001))
			Expect(i.Mode).To(Equal(fs.FileMode(0o600)))
			_, err := v.OpenFile(bob, "/tmp/new", os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
			Expect(err).To(failWith("open", "/tmp/new", syscall.EEXIST))
			_, err = v.OpenFile(bob, "/tmp/none", os.O_RDONLY, 0)
			Expect(err).To(failWith("open", "/tmp/none", syscall.ENOENT))
		})

		It("lets the creator use a file whatever its mode", func() {
			h := open(bob, "/tmp/ro", os.O_RDWR|os.O_CREATE, 0)
			Expect(h.Write([]byte("x"))).To(Equal(1))
			_, err := v.OpenFile(bob, "/tmp/ro", os.O_RDWR, 0)
			Expect(err).To(MatchError(syscall.EACCES))
		})

		It("does not follow a final symlink with O_EXCL, nor with O_NOFOLLOW", func() {
			must(v.Symlink(alice, "/tmp/target", "/tmp/l"))
			_, err := v.OpenFile(alice, "/tmp/l", os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
			Expect(err).To(MatchError(syscall.EEXIST))
			_, err = v.OpenFile(alice, "/tmp/l", os.O_RDONLY|syscall.O_NOFOLLOW, 0)
			Expect(err).To(MatchError(syscall.ELOOP), "even when dangling, as on Linux")
			must(v.WriteFile(alice, "/tmp/target", nil, 0o644))
			_, err = v.OpenFile(alice, "/tmp/l", os.O_RDONLY|syscall.O_NOFOLLOW, 0)
			Expect(err).To(failWith("open", "/tmp/l", syscall.ELOOP))
		})

		It("truncates with O_TRUNC and appends with O_APPEND", func() {
			h := open(alice, "/tmp/f", os.O_WRONLY|os.O_APPEND, 0)
			Expect(h.Write([]byte("ab"))).To(Equal(2))
			_, err := h.WriteAt([]byte("x"), 0)
			Expect(err).To(MatchError(syscall.EINVAL))
			got, _ := v.ReadFile(alice, "/tmp/f")
			Expect(string(got)).To(Equal("0123456789ab"))
			open(alice, "/tmp/f", os.O_WRONLY|os.O_TRUNC, 0)
			Expect(stat(v, "/tmp/f").Size).To(BeZero())
			Expect(h.Write([]byte("cd"))).To(Equal(2))
			got, _ = v.ReadFile(alice, "/tmp/f")
			Expect(string(got)).To(Equal("cd"))
		})

		It("checks read and write permission separately", func() {
			_, err := v.OpenFile(bob, "/tmp/f", os.O_RDONLY, 0)
			Expect(err).NotTo(HaveOccurred())
			_, err = v.OpenFile(bob, "/tmp/f", os.O_WRONLY, 0)
			Expect(err).To(failWith("open", "/tmp/f", syscall.EACCES))
			_, err = v.OpenFile(bob, "/tmp/f", os.O_RDONLY|os.O_TRUNC, 0)
			Expect(err).To(MatchError(syscall.EACCES))
			must(v.Chmod(alice, "/tmp/f", 0o200))
			_, err = v.OpenFile(alice, "/tmp/f", os.O_WRONLY, 0)
			Expect(err).NotTo(HaveOccurred())
			_, err = v.OpenFile(alice, "/tmp/f", os.O_RDWR, 0)
			Expect(err).To(MatchError(syscall.EACCES))
		})

		It("opens directories read-only for ReadDir", func() {
			must(v.Mkdir(alice, "/tmp/d", 0o755))
			must(v.WriteFile(alice, "/tmp/d/b", nil, 0o644))
			must(v.WriteFile(alice, "/tmp/d/a", nil, 0o644))
			h := open(bob, "/tmp/d", os.O_RDONLY, 0)
			l, err := h.ReadDir()
			Expect(err).NotTo(HaveOccurred())
			Expect(l).To(HaveLen(2))
			Expect(l[0].Name).To(Equal("a"))
			_, err = h.Read(make([]byte, 1))
			Expect(err).To(failWith("read", "/tmp/d", syscall.EISDIR))
			_, err = v.OpenFile(alice, "/tmp/d", os.O_WRONLY, 0)
			Expect(err).To(failWith("open", "/tmp/d", syscall.EISDIR))
			_, err = v.OpenFile(alice, "/tmp/d", os.O_RDONLY|os.O_CREATE, 0o644)
			Expect(err).To(MatchError(syscall.EISDIR))
			must(v.Chmod(alice, "/tmp/d", 0o311))
			_, err = v.OpenFile(bob, "/tmp/d", os.O_RDONLY, 0)
			Expect(err).To(MatchError(syscall.EACCES))

			f := open(alice, "/tmp/f", os.O_RDONLY, 0)
			_, err = f.ReadDir()
			Expect(err).To(failWith("readdirent", "/tmp/f", syscall.ENOTDIR))
		})
	})

	Describe("handles", func() {
		It("refuse the wrong direction with EBADF", func() {
			r := open(alice, "/tmp/f", os.O_RDONLY, 0)
			_, err := r.Write([]byte("x"))
			Expect(err).To(failWith("write", "/tmp/f", syscall.EBADF))
			_, err = r.WriteAt([]byte("x"), 0)
			Expect(err).To(MatchError(syscall.EBADF))
			Expect(r.Truncate(0)).To(MatchError(syscall.EINVAL))
			w := open(alice, "/tmp/f", os.O_WRONLY, 0)
			_, err = w.Read(make([]byte, 1))
			Expect(err).To(failWith("read", "/tmp/f", syscall.EBADF))
			_, err = w.ReadAt(make([]byte, 1), 0)
			Expect(err).To(MatchError(syscall.EBADF))
		})

		It("fail with fs.ErrClosed after Close", func() {
			h := open(alice, "/tmp/f", os.O_RDWR, 0)
			Expect(h.Close()).To(Succeed())
			Expect(h.Close()).To(MatchError(fs.ErrClosed))
			_, err := h.Read(make([]byte, 1))
			Expect(err).To(MatchError(fs.ErrClosed))
			_, err = h.Write([]byte("x"))
			Expect(err).To(MatchError(fs.ErrClosed))
			_, err = h.Stat()
			Expect(err).To(MatchError(fs.ErrClosed))
			_, err = h.Seek(0, io.SeekStart)
			Expect(err).To(MatchError(fs.ErrClosed))
			Expect(h.Truncate(0)).To(MatchError(fs.ErrClosed))
			_, err = h.ReadDir()
			Expect(err).To(MatchError(fs.ErrClosed))
		})

		It("truncate and stat", func() {
			h := open(alice, "/tmp/f", os.O_RDWR, 0)
			Expect(h.Truncate(3)).To(Succeed())
			i, err := h.Stat()
			Expect(err).NotTo(HaveOccurred())
			Expect(i.Name).To(Equal("f"))
			Expect(i.Size).To(Equal(int64(3)))
			Expect(h.Truncate(6)).To(Succeed())
			got, _ := v.ReadFile(alice, "/tmp/f")
			Expect(got).To(Equal([]byte("012\x00\x00\x00")), "bytes cut off are gone")
			Expect(h.Truncate(-1)).To(MatchError(syscall.EINVAL))
		})

		It("keep working on an unlinked file", func() {
			h := open(alice, "/tmp/f", os.O_RDWR, 0)
			must(v.Unlink(alice, "/tmp/f"))
			i, err := h.Stat()
			Expect(err).NotTo(HaveOccurred())
			Expect(i.Nlink).To(BeZero())
			Expect(h.WriteAt([]byte("still here"), 0)).To(Equal(10))
			b := make([]byte, 10)
			Expect(h.ReadAt(b, 0)).To(Equal(10))
			Expect(string(b)).To(Equal("still here"))
			_, err = v.Stat(root, "/tmp/f")
			Expect(err).To(MatchError(syscall.ENOENT))
		})

		It("see writes made through other handles and names", func() {
			must(v.Link(alice, "/tmp/f", "/tmp/g"))
			r := open(alice, "/tmp/g", os.O_RDONLY, 0)
			w := open(alice, "/tmp/f", os.O_WRONLY|os.O_TRUNC, 0)
			Expect(w.Write([]byte("new"))).To(Equal(3))
			Expect(io.ReadAll(r)).To(Equal([]byte("new")))
		})

		It("refuse files larger than the in-memory limit", func() {
			h := open(alice, "/tmp/f", os.O_RDWR, 0)
			_, err := h.WriteAt([]byte("x"), 1<<40)
			Expect(err).To(MatchError(syscall.EFBIG))
			Expect(h.Truncate(1 << 40)).To(MatchError(syscall.EFBIG))
		})
	})
})
