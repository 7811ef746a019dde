package vfs_test

import (
	"io/fs"
	"os"
	"syscall"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/hostile-lab/hostile/simhost/vfs"
)

var _ = Describe("mounts", func() {
	var v *vfs.FS

	BeforeEach(func() {
		v, _ = newFS()
		must(v.Mkdir(root, "/tmp", 0o777|fs.ModeSticky))
	})

	It("has a root mount by default", func() {
		Expect(v.Mounts()).To(Equal([]vfs.Mount{{Path: "/", Device: "/dev/vda1", FSType: "ext4", SizeBytes: 20 << 30}}))
		Expect(v.MountOf("/anything").Path).To(Equal("/"))
	})

	Describe("AddMount", func() {
		It("creates the mount point and lists mounts by path", func() {
			must(v.AddMount(vfs.Mount{Path: "/srv/data/", Device: "/dev/sdb1", FSType: "xfs"}))
			must(v.AddMount(vfs.Mount{Path: "/boot", Device: "/dev/sda1", FSType: "ext4", SizeBytes: 1 << 30}))
			i := stat(v, "/srv/data")
			Expect(i.Mode).To(Equal(fs.ModeDir | 0o755))
			Expect(i.UID).To(BeZero())
			var paths []string
			for _, m := range v.Mounts() {
				paths = append(paths, m.Path)
			}
			Expect(paths).To(Equal([]string{"/", "/boot", "/srv/data"}))
			Expect(v.MountOf("/srv/data").SizeBytes).To(Equal(int64(10 << 30)))
		})

		It("fails for relative paths, existing mounts and files", func() {
			Expect(v.AddMount(vfs.Mount{Path: "data"})).To(failWith("mount", "data", syscall.EINVAL))
			must(v.AddMount(vfs.Mount{Path: "/data"}))
			Expect(v.AddMount(vfs.Mount{Path: "/data"})).To(failWith("mount", "/data", syscall.EBUSY))
			Expect(v.AddMount(vfs.Mount{Path: "/"})).To(MatchError(syscall.EBUSY))
			must(v.WriteFile(root, "/f", nil, 0o644))
			Expect(v.AddMount(vfs.Mount{Path: "/f/x"})).To(MatchError(syscall.ENOTDIR))
		})

		It("takes over what already lies under the mount point", func() {
			must(v.MkdirAll(root, "/data/sub", 0o755))
			must(v.WriteFile(root, "/data/sub/f", make([]byte, 100), 0o644))
			must(v.WriteFile(root, "/outside", make([]byte, 7), 0o644))
			used, _ := v.Usage("/")
			Expect(used).To(Equal(int64(107)))
			must(v.AddMount(vfs.Mount{Path: "/data", FSType: "xfs"}))
			used, m := v.Usage("/data/sub")
			Expect(used).To(Equal(int64(100)))
			Expect(m.FSType).To(Equal("xfs"))
			used, _ = v.Usage("/")
			Expect(used).To(Equal(int64(7)))
			Expect(stat(v, "/data/sub/f").Dev).To(Equal(stat(v, "/data").Dev))
			Expect(stat(v, "/data").Dev).NotTo(BeZero())
		})
	})

	Describe("MountOf", func() {
		It("picks the longest prefix on a path boundary", func() {
			must(v.AddMount(vfs.Mount{Path: "/data", Device: "a"}))
			must(v.AddMount(vfs.Mount{Path: "/data/deep", Device: "b"}))
			Expect(v.MountOf("/data").Device).To(Equal("a"))
			Expect(v.MountOf("/data/x/../deep/y").Device).To(Equal("b"))
			Expect(v.MountOf("/database").Path).To(Equal("/"))
			Expect(v.MountOf("/").Path).To(Equal("/"))
		})
	})

	Describe("Usage", func() {
		BeforeEach(func() {
			must(v.AddMount(vfs.Mount{Path: "/data"}))
			must(v.AddMount(vfs.Mount{Path: "/data/inner"}))
		})

		It("counts regular files on the mount once per inode", func() {
			must(v.WriteFile(root, "/data/a", make([]byte, 10), 0o644))
			must(v.Link(root, "/data/a", "/data/b"))
			must(v.Symlink(root, "/data/a", "/data/l"))
			must(v.Mkdir(root, "/data/d", 0o755))
			must(v.WriteFile(root, "/data/inner/x", make([]byte, 1000), 0o644))
			used, m := v.Usage("/data/d")
			Expect(used).To(Equal(int64(10)))
			Expect(m.Path).To(Equal("/data"))
			used, _ = v.Usage("/data/inner")
			Expect(used).To(Equal(int64(1000)))
			must(v.Unlink(root, "/data/a"))
			used, _ = v.Usage("/data")
			Expect(used).To(Equal(int64(10)))
		})

		It("stops counting unlinked files that are still open", func() {
			must(v.WriteFile(root, "/data/log", make([]byte, 50), 0o644))
			h, err := v.OpenFile(root, "/data/log", os.O_WRONLY|os.O_APPEND, 0)
			Expect(err).NotTo(HaveOccurred())
			must(v.Unlink(root, "/data/log"))
			Expect(h.Write(make([]byte, 50))).To(Equal(50))
			used, _ := v.Usage("/data")
			Expect(used).To(BeZero())
		})
	})

	Describe("cross-mount operations", func() {
		BeforeEach(func() {
			must(v.AddMount(vfs.Mount{Path: "/data"}))
			must(v.WriteFile(root, "/data/f", []byte("x"), 0o644))
			must(v.Mkdir(root, "/data/d", 0o755))
		})

		It("fail with EXDEV", func() {
			Expect(v.Rename(root, "/data/f", "/tmp/f")).To(failWith("rename", "/tmp/f", syscall.EXDEV))
			Expect(v.Rename(root, "/data/d", "/tmp/d")).To(MatchError(syscall.EXDEV))
			Expect(v.Link(root, "/data/f", "/tmp/f")).To(failWith("link", "/tmp/f", syscall.EXDEV))
			must(v.Symlink(root, "/data/f", "/tmp/l"))
			Expect(v.Rename(root, "/tmp/l", "/data/l")).To(MatchError(syscall.EXDEV))
		})

		It("work through symlinks into the mount", func() {
			must(v.Symlink(root, "/data", "/d"))
			must(v.Rename(root, "/d/f", "/d/d/f"))
			Expect(stat(v, "/data/d/f").Dev).To(Equal(stat(v, "/data").Dev))
		})

		It("refuse to remove or rename the mount point with EBUSY", func() {
			must(v.Unlink(root, "/data/f"))
			must(v.Rmdir(root, "/data/d"))
			Expect(v.Rmdir(root, "/data")).To(failWith("rmdir", "/data", syscall.EBUSY))
			Expect(v.Rename(root, "/data", "/data2")).To(failWith("rename", "/data", syscall.EBUSY))
			must(v.Mkdir(root, "/empty", 0o755))
			Expect(v.Rename(root, "/empty", "/data")).To(MatchError(syscall.EBUSY))
			must(v.AddMount(vfs.Mount{Path: "/srv/nested/m"}))
			Expect(v.Rename(root, "/srv", "/srv2")).To(failWith("rename", "/srv", syscall.EBUSY), "it holds a mount point")
			must(v.Rename(root, "/srv/nested/m", "/srv/nested/m")) // a no-op stays one
		})
	})

	Describe("read-only mounts", func() {
		BeforeEach(func() {
			must(v.MkdirAll(root, "/ro/dir", 0o755))
			must(v.WriteFile(root, "/ro/f", []byte("frozen"), 0o666))
			must(v.Symlink(root, "f", "/ro/l"))
			must(v.AddMount(vfs.Mount{Path: "/ro", ReadOnly: true}))
		})

		It("allow reading", func() {
			b, err := v.ReadFile(alice, "/ro/l")
			Expect(err).NotTo(HaveOccurred())
			Expect(string(b)).To(Equal("frozen"))
			_, err = v.ReadDir(alice, "/ro")
			Expect(err).NotTo(HaveOccurred())
			h, err := v.OpenFile(alice, "/ro/f", os.O_RDONLY|os.O_CREATE, 0o644)
			Expect(err).NotTo(HaveOccurred())
			Expect(h.Close()).To(Succeed())
			Expect(v.Access(alice, "/ro/f", vfs.AccessRead)).To(Succeed())
		})

		It("fail every modification with EROFS, even for root", func() {
			t := time.Now()
			for _, c := range []vfs.Cred{root, alice} {
				Expect(v.WriteFile(c, "/ro/f", nil, 0o644)).To(failWith("open", "/ro/f", syscall.EROFS))
				Expect(v.WriteFile(c, "/ro/new", nil, 0o644)).To(failWith("open", "/ro/new", syscall.EROFS))
				Expect(v.Mkdir(c, "/ro/d2", 0o755)).To(failWith("mkdir", "/ro/d2", syscall.EROFS))
				Expect(v.MkdirAll(c, "/ro/d2/x", 0o755)).To(failWith("mkdir", "/ro/d2", syscall.EROFS))
				Expect(v.Unlink(c, "/ro/f")).To(failWith("unlink", "/ro/f", syscall.EROFS))
				Expect(v.Rmdir(c, "/ro/dir")).To(failWith("rmdir", "/ro/dir", syscall.EROFS))
				Expect(v.Rename(c, "/ro/f", "/ro/g")).To(failWith("rename", "/ro/f", syscall.EROFS))
				Expect(v.Symlink(c, "f", "/ro/l2")).To(failWith("symlink", "/ro/l2", syscall.EROFS))
				Expect(v.Link(c, "/ro/f", "/ro/g")).To(failWith("link", "/ro/g", syscall.EROFS))
				Expect(v.Chmod(c, "/ro/f", 0o600)).To(failWith("chmod", "/ro/f", syscall.EROFS))
				Expect(v.Chown(c, "/ro/f", -1, -1)).To(failWith("chown", "/ro/f", syscall.EROFS))
				Expect(v.Lchown(c, "/ro/l", -1, -1)).To(failWith("lchown", "/ro/l", syscall.EROFS))
				Expect(v.Chtimes(c, "/ro/f", t, t)).To(failWith("utimes", "/ro/f", syscall.EROFS))
				Expect(v.Access(c, "/ro/f", vfs.AccessWrite)).To(failWith("access", "/ro/f", syscall.EROFS))
				_, err := v.OpenFile(c, "/ro/f", os.O_RDWR, 0)
				Expect(err).To(failWith("open", "/ro/f", syscall.EROFS))
			}
			Expect(v.Chmod(root, "/ro", 0o700)).To(MatchError(syscall.EROFS), "the mount point is on the mount")
		})

		It("fail writes through handles opened before the mount", func() {
			v2 := vfs.New()
			must(v2.Mkdir(root, "/m", 0o755))
			must(v2.WriteFile(root, "/m/f", nil, 0o644))
			h, err := v2.OpenFile(root, "/m/f", os.O_WRONLY, 0)
			Expect(err).NotTo(HaveOccurred())
			must(v2.AddMount(vfs.Mount{Path: "/m", ReadOnly: true}))
			_, err = h.Write([]byte("x"))
			Expect(err).To(failWith("write", "/m/f", syscall.EROFS))
		})
	})

	Describe("root-squashed mounts", func() {
		BeforeEach(func() {
			must(v.MkdirAll(root, "/nfs/home/alice", 0o755))
			must(v.Chmod(root, "/nfs/home/alice", 0o700))
			must(v.Chown(root, "/nfs/home/alice", 1000, 1000))
			must(v.WriteFile(root, "/nfs/home/alice/notes", []byte("mine"), 0o600))
			must(v.Chown(root, "/nfs/home/alice/notes", 1000, 1000))
			must(v.Mkdir(root, "/nfs/pub", 0o777))
			must(v.Mkdir(root, "/nfs/staff", 0o770))
			must(v.Chown(root, "/nfs/staff", 0, 100))
			must(v.AddMount(vfs.Mount{Path: "/nfs", Device: "nfs01:/export", FSType: "nfs", RootSquash: true}))
		})

		It("deny root where the owner succeeds", func() {
			_, err := v.ReadFile(alice, "/nfs/home/alice/notes")
			Expect(err).NotTo(HaveOccurred())
			_, err = v.ReadFile(root, "/nfs/home/alice/notes")
			Expect(err).To(failWith("open", "/nfs/home/alice/notes", syscall.EACCES))
			_, err = v.ReadDir(root, "/nfs/home/alice")
			Expect(err).To(MatchError(syscall.EACCES))
			Expect(v.Chmod(alice, "/nfs/home/alice/notes", 0o644)).To(Succeed())
			Expect(v.Chmod(root, "/nfs/home/alice/notes", 0o600)).To(failWith("chmod", "/nfs/home/alice/notes", syscall.EACCES))
			must(v.WriteFile(alice, "/nfs/pub/f", nil, 0o666))
			Expect(v.Chmod(alice, "/nfs/pub/f", 0o600)).To(Succeed())
			Expect(v.Chmod(root, "/nfs/pub/f", 0o666)).To(failWith("chmod", "/nfs/pub/f", syscall.EPERM))
			Expect(v.Unlink(root, "/nfs/pub/f")).To(Succeed(), "nobody may write /nfs/pub")
			Expect(v.Access(root, "/nfs/home/alice", vfs.AccessExec)).To(MatchError(syscall.EACCES))
		})

		It("drop root's supplementary groups", func() {
			rootInStaff := vfs.Cred{UID: 0, GID: 0, Groups: []int{100}}
			_, err := v.ReadDir(rootInStaff, "/nfs/staff")
			Expect(err).To(MatchError(syscall.EACCES))
			_, err = v.ReadDir(bob, "/nfs/staff")
			Expect(err).NotTo(HaveOccurred())
		})

		It("make root's new files nobody's", func() {
			must(v.WriteFile(root, "/nfs/pub/f", nil, 0o644))
			must(v.Mkdir(root, "/nfs/pub/d", 0o755))
			i := stat(v, "/nfs/pub/f")
			Expect(i.UID).To(Equal(65534))
			Expect(i.GID).To(Equal(65534))
			Expect(stat(v, "/nfs/pub/d").UID).To(Equal(65534))
			must(v.WriteFile(root, "/nfs/pub/f", []byte("root may write nobody's file"), 0o644))
		})

		It("forbid chown by root", func() {
			Expect(v.Chown(root, "/nfs/pub", 0, 0)).To(failWith("chown", "/nfs/pub", syscall.EPERM))
			must(v.WriteFile(root, "/nfs/pub/f", nil, 0o644))
			Expect(v.Chown(root, "/nfs/pub/f", -1, -1)).To(MatchError(syscall.EPERM))
		})

		It("leave root alone elsewhere", func() {
			must(v.WriteFile(root, "/tmp/f", nil, 0o600))
			Expect(stat(v, "/tmp/f").UID).To(BeZero())
			Expect(v.Chown(root, "/tmp/f", 5, 5)).To(Succeed())
		})
	})

	Describe("quotas", func() {
		BeforeEach(func() {
			must(v.AddMount(vfs.Mount{Path: "/q", QuotaBytes: 100}))
			must(v.Chmod(root, "/q", 0o777))
		})

		It("write what fits, then fail with ENOSPC", func() {
			must(v.WriteFile(alice, "/q/a", make([]byte, 60), 0o644))
			err := v.WriteFile(alice, "/q/b", make([]byte, 60), 0o644)
			Expect(err).To(failWith("write", "/q/b", syscall.ENOSPC))
			Expect(err.Error()).To(ContainSubstring("no space left on device"))
			Expect(stat(v, "/q/b").Size).To(Equal(int64(40)))
			used, _ := v.Usage("/q")
			Expect(used).To(Equal(int64(100)))

			h, err := v.OpenFile(alice, "/q/b", os.O_WRONLY|os.O_APPEND, 0)
			Expect(err).NotTo(HaveOccurred())
			n, err := h.Write([]byte("x"))
			Expect(n).To(BeZero())
			Expect(err).To(MatchError(syscall.ENOSPC))
			h, err = v.OpenFile(alice, "/q/b", os.O_WRONLY, 0)
			Expect(err).NotTo(HaveOccurred())
			Expect(h.WriteAt([]byte("overwrite"), 0)).To(Equal(9), "rewriting in place needs no space")
			Expect(h.Truncate(41)).To(MatchError(syscall.ENOSPC))
			Expect(stat(v, "/q/b").Size).To(Equal(int64(40)))
		})

		It("free space when files shrink or go", func() {
			must(v.WriteFile(alice, "/q/a", make([]byte, 100), 0o644))
			must(v.Link(alice, "/q/a", "/q/a2"))
			Expect(v.WriteFile(alice, "/q/b", []byte("x"), 0o644)).To(MatchError(syscall.ENOSPC))
			must(v.Unlink(alice, "/q/a"))
			Expect(v.WriteFile(alice, "/q/b", []byte("x"), 0o644)).To(MatchError(syscall.ENOSPC), "still linked as a2")
			must(v.Rename(alice, "/q/b", "/q/a2"))
			used, _ := v.Usage("/q")
			Expect(used).To(BeZero())
			must(v.WriteFile(alice, "/q/c", make([]byte, 100), 0o644))
		})

		It("do not write past the quota through a hole", func() {
			h, err := v.OpenFile(alice, "/q/sparse", os.O_RDWR|os.O_CREATE, 0o644)
			Expect(err).NotTo(HaveOccurred())
			n, err := h.WriteAt([]byte("x"), 200)
			Expect(n).To(BeZero())
			Expect(err).To(MatchError(syscall.ENOSPC))
			n, err = h.WriteAt([]byte("abc"), 98)
			Expect(n).To(Equal(2))
			Expect(err).To(MatchError(syscall.ENOSPC))
			Expect(stat(v, "/q/sparse").Size).To(Equal(int64(100)))
		})
	})
})
