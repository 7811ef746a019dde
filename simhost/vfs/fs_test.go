package vfs_test

import (
	"fmt"
	"io/fs"
	"syscall"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/hostile-lab/hostile/simhost/vfs"
)

var _ = Describe("Cred", func() {
	It("knows root and its groups", func() {
		Expect(vfs.Root.IsRoot()).To(BeTrue())
		Expect(alice.IsRoot()).To(BeFalse())
		Expect(alice.InGroup(1000)).To(BeTrue())
		Expect(alice.InGroup(100)).To(BeTrue())
		Expect(alice.InGroup(1001)).To(BeFalse())
	})
})

var _ = Describe("FS", func() {
	var (
		v   *vfs.FS
		now func() time.Time
	)

	BeforeEach(func() {
		v, now = newFS()
		must(v.Mkdir(root, "/home", 0o755))
		must(v.Mkdir(root, "/home/alice", 0o700))
		must(v.Chown(root, "/home/alice", 1000, 1000))
		must(v.Mkdir(root, "/tmp", 0o777|fs.ModeSticky))
		must(v.Mkdir(root, "/etc", 0o755))
		must(v.WriteFile(root, "/etc/passwd", []byte("root:x:0:0::/root:/bin/sh\n"), 0o644))
		must(v.WriteFile(root, "/etc/shadow", []byte("root:*:19000::::::\n"), 0o640))
		must(v.Chown(root, "/etc/shadow", -1, 42))
	})

	Describe("New", func() {
		It("has a root directory owned by root", func() {
			i := stat(vfs.New(), "/")
			Expect(i.Name).To(Equal("/"))
			Expect(i.Mode).To(Equal(fs.ModeDir | 0o755))
			Expect(i.UID).To(Equal(0))
			Expect(i.GID).To(Equal(0))
			Expect(i.Ino).To(Equal(uint64(2)))
			Expect(i.Nlink).To(Equal(2))
			Expect(i.Size).To(Equal(int64(4096)))
			Expect(i.Dev).To(Equal(uint64(0)))
		})

		It("hands out increasing inode numbers", func() {
			a, b := stat(v, "/home"), stat(v, "/home/alice")
			Expect(a.Ino).To(BeNumerically(">", 2))
			Expect(b.Ino).To(BeNumerically(">", a.Ino))
		})
	})

	Describe("paths", func() {
		It("rejects relative paths with EINVAL", func() {
			_, err := v.Stat(root, "etc/passwd")
			Expect(err).To(failWith("stat", "etc/passwd", syscall.EINVAL))
			Expect(v.Mkdir(root, "x", 0o755)).To(MatchError(syscall.EINVAL))
			Expect(v.MkdirAll(root, "x/y", 0o755)).To(MatchError(syscall.EINVAL))
		})
		It("answers ENOENT for an empty path, as the kernel does", func() {
			_, err := v.OpenFile(root, "", syscall.O_RDONLY, 0)
			Expect(err).To(MatchError(syscall.ENOENT))
			_, err = v.Lstat(root, "")
			Expect(err).To(failWith("lstat", "", syscall.ENOENT))
		})

		It("cleans paths but reports them as given", func() {
			i, err := v.Stat(root, "/home//alice/../../etc/./passwd/")
			Expect(err).NotTo(HaveOccurred())
			Expect(i.Name).To(Equal("passwd"))
			_, err = v.Stat(root, "/etc//nope")
			Expect(err).To(failWith("stat", "/etc//nope", syscall.ENOENT))
		})

		It("returns ENOTDIR for a file used as a directory", func() {
			_, err := v.Stat(root, "/etc/passwd/x")
			Expect(err).To(failWith("stat", "/etc/passwd/x", syscall.ENOTDIR))
			Expect(v.Mkdir(root, "/etc/passwd/x", 0o755)).To(MatchError(syscall.ENOTDIR))
		})

		It("returns ENOENT for a missing parent", func() {
			Expect(v.WriteFile(root, "/nope/f", nil, 0o644)).To(failWith("open", "/nope/f", syscall.ENOENT))
		})

		It("makes errors that satisfy errors.Is with fs errors", func() {
			_, err := v.Stat(root, "/nope")
			Expect(err).To(MatchError(fs.ErrNotExist))
			_, err = v.ReadFile(alice, "/etc/shadow")
			Expect(err).To(MatchError(fs.ErrPermission))
		})
	})

	Describe("Stat and Lstat", func() {
		BeforeEach(func() {
			must(v.Symlink(root, "/etc/passwd", "/pw"))
		})

		It("follows symlinks in Stat but not in Lstat", func() {
			s, err := v.Stat(root, "/pw")
			Expect(err).NotTo(HaveOccurred())
			Expect(s.Name).To(Equal("pw"))
			Expect(s.Mode).To(Equal(fs.FileMode(0o644)))
			Expect(s.Size).To(Equal(int64(len("root:x:0:0::/root:/bin/sh\n"))))

			l, err := v.Lstat(root, "/pw")
			Expect(err).NotTo(HaveOccurred())
			Expect(l.Mode).To(Equal(fs.ModeSymlink | 0o777))
			Expect(l.Size).To(Equal(int64(len("/etc/passwd"))))
			Expect(l.Target).To(Equal("/etc/passwd"))
			Expect(l.Nlink).To(Equal(1))
		})

		It("needs search permission on every directory", func() {
			must(v.WriteFile(alice, "/home/alice/f", []byte("x"), 0o644))
			_, err := v.Stat(bob, "/home/alice/f")
			Expect(err).To(failWith("stat", "/home/alice/f", syscall.EACCES))
			_, err = v.Lstat(bob, "/home/alice")
			Expect(err).NotTo(HaveOccurred())
			_, err = v.Stat(alice, "/home/alice/f")
			Expect(err).NotTo(HaveOccurred())
		})

		It("reports a dangling symlink as ENOENT to Stat only", func() {
			must(v.Symlink(root, "/gone", "/dangling"))
			_, err := v.Stat(root, "/dangling")
			Expect(err).To(failWith("stat", "/dangling", syscall.ENOENT))
			_, err = v.Lstat(root, "/dangling")
			Expect(err).NotTo(HaveOccurred())
		})
	})

	Describe("Info", func() {
		It("adapts to fs.FileInfo", func() {
			i := stat(v, "/etc/passwd")
			fi := i.FileInfo()
			Expect(fi.Name()).To(Equal("passwd"))
			Expect(fi.Size()).To(Equal(i.Size))
			Expect(fi.Mode()).To(Equal(i.Mode))
			Expect(fi.ModTime()).To(Equal(i.ModTime))
			Expect(fi.IsDir()).To(BeFalse())
			Expect(fi.Sys()).To(BeIdenticalTo(i))
			Expect(stat(v, "/etc").FileInfo().IsDir()).To(BeTrue())
			Expect(stat(v, "/etc").IsDir()).To(BeTrue())
		})
	})

	Describe("SetClock", func() {
		It("stamps everything one operation changes with one reading", func() {
			must(v.Mkdir(alice, "/tmp/d", 0o755))
			i := stat(v, "/tmp/d")
			Expect(i.ModTime).To(Equal(now()))
			Expect(i.AccessTime).To(Equal(now()))
			Expect(i.ChangeTime).To(Equal(now()))
			Expect(stat(v, "/tmp").ModTime).To(Equal(now()))
			Expect(stat(v, "/tmp").ChangeTime).To(Equal(now()))
		})

		It("is not read by lookups", func() {
			t := now()
			_, _ = v.Stat(root, "/etc/passwd")
			_, _ = v.ReadDir(root, "/etc")
			Expect(now()).To(Equal(t))
		})
	})

	Describe("ReadFile and WriteFile", func() {
		It("creates with the given mode, no umask, owned by the caller", func() {
			must(v.WriteFile(alice, "/tmp/f", []byte("hello"), 0o666))
			i := stat(v, "/tmp/f")
			Expect(i.Mode).To(Equal(fs.FileMode(0o666)))
			Expect(i.UID).To(Equal(1000))
			Expect(i.GID).To(Equal(1000))
			Expect(i.Nlink).To(Equal(1))
			b, err := v.ReadFile(bob, "/tmp/f")
			Expect(err).NotTo(HaveOccurred())
			Expect(string(b)).To(Equal("hello"))
		})

		It("truncates an existing file and keeps its mode and owner", func() {
			must(v.WriteFile(alice, "/tmp/f", []byte("a long text"), 0o600))
			must(v.WriteFile(alice, "/tmp/f", []byte("short"), 0o777))
			i := stat(v, "/tmp/f")
			Expect(i.Mode).To(Equal(fs.FileMode(0o600)))
			Expect(i.Size).To(Equal(int64(5)))
		})

		It("returns a copy of the data", func() {
			b, err := v.ReadFile(root, "/etc/passwd")
			Expect(err).NotTo(HaveOccurred())
			b[0] = 'X'
			b2, _ := v.ReadFile(root, "/etc/passwd")
			Expect(b2[0]).To(Equal(byte('r')))
		})

		It("denies reading and writing without permission", func() {
			_, err := v.ReadFile(alice, "/etc/shadow")
			Expect(err).To(failWith("open", "/etc/shadow", syscall.EACCES))
			Expect(v.WriteFile(alice, "/etc/passwd", nil, 0)).To(failWith("open", "/etc/passwd", syscall.EACCES))
			Expect(v.WriteFile(alice, "/etc/new", nil, 0o644)).To(failWith("open", "/etc/new", syscall.EACCES))
		})

		It("fails with EISDIR on a directory", func() {
			_, err := v.ReadFile(root, "/etc")
			Expect(err).To(failWith("read", "/etc", syscall.EISDIR))
			Expect(v.WriteFile(root, "/etc", nil, 0o644)).To(failWith("open", "/etc", syscall.EISDIR))
		})

		It("updates the file's mtime and ctime on write", func() {
			must(v.WriteFile(alice, "/tmp/f", []byte("1"), 0o644))
			before := stat(v, "/tmp/f")
			must(v.WriteFile(alice, "/tmp/f", []byte("2"), 0o644))
			after := stat(v, "/tmp/f")
			Expect(after.ModTime).To(BeTemporally(">", before.ModTime))
			Expect(after.ChangeTime).To(BeTemporally(">", before.ChangeTime))
		})

		It("writes through a symlink, and creates the target of a dangling one", func() {
			must(v.Symlink(alice, "/tmp/real", "/tmp/link"))
			must(v.WriteFile(alice, "/tmp/link", []byte("via link"), 0o644))
			b, err := v.ReadFile(alice, "/tmp/real")
			Expect(err).NotTo(HaveOccurred())
			Expect(string(b)).To(Equal("via link"))
			Expect(stat(v, "/tmp/link").Mode.Type()).To(Equal(fs.ModeSymlink))
		})
	})

	Describe("permission classes", func() {
		BeforeEach(func() {
			must(v.Mkdir(root, "/srv", 0o755))
			must(v.WriteFile(root, "/srv/f", []byte("data"), 0o640))
			must(v.Chown(root, "/srv/f", 1000, 100))
		})

		It("lets the first matching class decide", func() {
			must(v.Chmod(alice, "/srv/f", 0o077))
			_, err := v.ReadFile(alice, "/srv/f")
			Expect(err).To(MatchError(syscall.EACCES), "owner class denies though group and other allow")
			_, err = v.ReadFile(bob, "/srv/f")
			Expect(err).NotTo(HaveOccurred(), "bob is in group 100 by a supplementary group")
			_, err = v.ReadFile(carol, "/srv/f")
			Expect(err).NotTo(HaveOccurred())

			must(v.Chmod(alice, "/srv/f", 0o704))
			_, err = v.ReadFile(bob, "/srv/f")
			Expect(err).To(MatchError(syscall.EACCES), "group class denies though other allows")
			_, err = v.ReadFile(carol, "/srv/f")
			Expect(err).NotTo(HaveOccurred())
		})

		It("uses the primary group too", func() {
			must(v.Chown(root, "/srv/f", -1, 1002))
			must(v.Chmod(root, "/srv/f", 0o040))
			_, err := v.ReadFile(carol, "/srv/f")
			Expect(err).NotTo(HaveOccurred())
			_, err = v.ReadFile(bob, "/srv/f")
			Expect(err).To(MatchError(syscall.EACCES))
		})

		It("lets root read and write anything", func() {
			must(v.Chmod(root, "/srv/f", 0))
			_, err := v.ReadFile(root, "/srv/f")
			Expect(err).NotTo(HaveOccurred())
			must(v.WriteFile(root, "/srv/f", []byte("x"), 0))
			must(v.Chmod(root, "/home/alice", 0))
			must(v.WriteFile(root, "/home/alice/r", nil, 0o600))
		})
	})

	Describe("Access", func() {
		BeforeEach(func() {
			must(v.WriteFile(root, "/tmp/script", nil, 0o754))
			must(v.Chown(root, "/tmp/script", 1000, 100))
			must(v.WriteFile(root, "/tmp/plain", nil, 0o644))
		})

		It("checks each class", func() {
			Expect(v.Access(alice, "/tmp/script", vfs.AccessRead|vfs.AccessWrite|vfs.AccessExec)).To(Succeed())
			Expect(v.Access(bob, "/tmp/script", vfs.AccessRead|vfs.AccessExec)).To(Succeed())
			Expect(v.Access(bob, "/tmp/script", vfs.AccessWrite)).To(failWith("access", "/tmp/script", syscall.EACCES))
			Expect(v.Access(carol, "/tmp/script", vfs.AccessRead)).To(Succeed())
			Expect(v.Access(carol, "/tmp/script", vfs.AccessExec)).To(MatchError(syscall.EACCES))
			Expect(v.Access(carol, "/tmp/script", 0)).To(Succeed())
			Expect(v.Access(carol, "/tmp/none", 0)).To(failWith("access", "/tmp/none", syscall.ENOENT))
			Expect(v.Access(carol, "/tmp/script", 8)).To(MatchError(syscall.EINVAL))
		})

		It("needs an x bit for root to execute a file, not a directory", func() {
			Expect(v.Access(root, "/tmp/plain", vfs.AccessRead|vfs.AccessWrite)).To(Succeed())
			Expect(v.Access(root, "/tmp/plain", vfs.AccessExec)).To(MatchError(syscall.EACCES))
			must(v.Chmod(root, "/tmp/plain", 0o601))
			Expect(v.Access(root, "/tmp/plain", vfs.AccessExec)).To(Succeed())
			must(v.Chmod(root, "/home/alice", 0))
			Expect(v.Access(root, "/home/alice", vfs.AccessExec)).To(Succeed())
		})
	})

	Describe("Mkdir", func() {
		It("creates a directory owned by the caller", func() {
			must(v.Mkdir(alice, "/home/alice/d", 0o750))
			i := stat(v, "/home/alice/d")
			Expect(i.Mode).To(Equal(fs.ModeDir | 0o750))
			Expect(i.UID).To(Equal(1000))
			Expect(i.Nlink).To(Equal(2))
			Expect(i.Size).To(Equal(int64(4096)))
		})

		It("counts subdirectories in the parent's Nlink and updates its times", func() {
			before := stat(v, "/home/alice")
			Expect(before.Nlink).To(Equal(2))
			must(v.Mkdir(alice, "/home/alice/a", 0o755))
			must(v.Mkdir(alice, "/home/alice/b", 0o755))
			must(v.WriteFile(alice, "/home/alice/f", nil, 0o644))
			after := stat(v, "/home/alice")
			Expect(after.Nlink).To(Equal(4))
			Expect(after.ModTime).To(BeTemporally(">", before.ModTime))
			Expect(after.ChangeTime).To(BeTemporally(">", before.ChangeTime))
		})

		It("keeps the sticky bit and drops setuid", func() {
			must(v.Mkdir(root, "/pub", 0o777|fs.ModeSticky|fs.ModeSetuid))
			Expect(stat(v, "/pub").Mode).To(Equal(fs.ModeDir | fs.ModeSticky | 0o777))
		})

		It("fails with EEXIST, ENOENT and EACCES", func() {
			Expect(v.Mkdir(root, "/etc", 0o755)).To(failWith("mkdir", "/etc", syscall.EEXIST))
			Expect(v.Mkdir(root, "/", 0o755)).To(failWith("mkdir", "/", syscall.EEXIST))
			must(v.Symlink(root, "/nowhere", "/dangling"))
			Expect(v.Mkdir(root, "/dangling", 0o755)).To(MatchError(syscall.EEXIST))
			Expect(v.Mkdir(root, "/a/b", 0o755)).To(failWith("mkdir", "/a/b", syscall.ENOENT))
			Expect(v.Mkdir(alice, "/etc/x", 0o755)).To(failWith("mkdir", "/etc/x", syscall.EACCES))
			Expect(v.Mkdir(bob, "/home/alice/x", 0o755)).To(MatchError(syscall.EACCES))
		})

		It("needs both w and x on the parent", func() {
			must(v.Mkdir(alice, "/tmp/wo", 0o300))
			must(v.Mkdir(alice, "/tmp/wo/ok", 0o755))
			must(v.Chmod(alice, "/tmp/wo", 0o600))
			Expect(v.Mkdir(alice, "/tmp/wo/no", 0o755)).To(MatchError(syscall.EACCES))
			must(v.Chmod(alice, "/tmp/wo", 0o500))
			Expect(v.Mkdir(alice, "/tmp/wo/no", 0o755)).To(MatchError(syscall.EACCES))
		})
	})

	Describe("setgid directories", func() {
		BeforeEach(func() {
			must(v.Mkdir(root, "/proj", 0o775|fs.ModeSetgid))
			Expect(stat(v, "/proj").Mode).To(Equal(fs.ModeDir|0o775), "mkdir ignores setgid, as on Linux")
			must(v.Chmod(root, "/proj", 0o775|fs.ModeSetgid))
			must(v.Chown(root, "/proj", 0, 100))
		})

		It("gives new entries the directory's group, and subdirectories the bit", func() {
			must(v.WriteFile(alice, "/proj/f", nil, 0o664))
			must(v.Mkdir(alice, "/proj/d", 0o775))
			must(v.Symlink(alice, "f", "/proj/l"))
			Expect(stat(v, "/proj/f").GID).To(Equal(100))
			Expect(stat(v, "/proj/l").GID).To(Equal(100))
			d := stat(v, "/proj/d")
			Expect(d.GID).To(Equal(100))
			Expect(d.UID).To(Equal(1000))
			Expect(d.Mode).To(Equal(fs.ModeDir | fs.ModeSetgid | 0o775))
			Expect(stat(v, "/proj/f").Mode).To(Equal(fs.FileMode(0o664)))
		})

		It("otherwise uses the creator's primary group", func() {
			must(v.WriteFile(alice, "/tmp/f", nil, 0o664))
			Expect(stat(v, "/tmp/f").GID).To(Equal(1000))
		})
	})

	Describe("MkdirAll", func() {
		It("creates missing parents and accepts existing ones", func() {
			must(v.MkdirAll(alice, "/home/alice/a/b/c", 0o700))
			Expect(stat(v, "/home/alice/a/b/c").Mode).To(Equal(fs.ModeDir | 0o700))
			Expect(stat(v, "/home/alice/a").UID).To(Equal(1000))
			must(v.MkdirAll(alice, "/home/alice/a/b", 0o700))
			must(v.MkdirAll(alice, "/", 0o700))
		})

		It("follows symlinks to directories", func() {
			must(v.Symlink(root, "/home/alice", "/ha"))
			must(v.MkdirAll(alice, "/ha/x/y", 0o755))
			Expect(stat(v, "/home/alice/x/y").IsDir()).To(BeTrue())
		})

		It("names the component that failed", func() {
			Expect(v.MkdirAll(alice, "/etc/passwd/x", 0o755)).To(failWith("mkdir", "/etc/passwd", syscall.ENOTDIR))
			Expect(v.MkdirAll(bob, "/home/alice/x/y", 0o755)).To(failWith("mkdir", "/home/alice/x", syscall.EACCES))
			must(v.Symlink(root, "/nowhere", "/tmp/dangling"))
			Expect(v.MkdirAll(root, "/tmp/dangling/x", 0o755)).To(failWith("mkdir", "/tmp/dangling", syscall.EEXIST))
			_, err := v.Lstat(root, "/nowhere")
			Expect(err).To(MatchError(syscall.ENOENT))
		})
	})

	Describe("Unlink", func() {
		It("removes a file and updates the directory", func() {
			must(v.WriteFile(alice, "/home/alice/f", nil, 0o644))
			before := stat(v, "/home/alice")
			must(v.Unlink(alice, "/home/alice/f"))
			_, err := v.Lstat(root, "/home/alice/f")
			Expect(err).To(MatchError(syscall.ENOENT))
			Expect(stat(v, "/home/alice").ModTime).To(BeTemporally(">", before.ModTime))
		})

		It("removes a symlink, not its target", func() {
			must(v.Symlink(root, "/etc/passwd", "/pw"))
			must(v.Unlink(root, "/pw"))
			stat(v, "/etc/passwd")
		})

		It("fails with EISDIR, ENOENT and EACCES", func() {
			Expect(v.Unlink(root, "/etc")).To(failWith("unlink", "/etc", syscall.EISDIR))
			Expect(v.Unlink(root, "/")).To(MatchError(syscall.EISDIR))
			Expect(v.Unlink(root, "/etc/none")).To(failWith("unlink", "/etc/none", syscall.ENOENT))
			Expect(v.Unlink(alice, "/etc/passwd")).To(failWith("unlink", "/etc/passwd", syscall.EACCES))
		})

		It("needs only the directory's permission, not the file's", func() {
			must(v.WriteFile(root, "/home/alice/roots", nil, 0o000))
			must(v.Unlink(alice, "/home/alice/roots"))
		})
	})

	Describe("sticky directories", func() {
		BeforeEach(func() {
			must(v.WriteFile(alice, "/tmp/a", []byte("alice's"), 0o666))
		})

		It("let only the owner or root remove or rename an entry", func() {
			Expect(v.Unlink(bob, "/tmp/a")).To(failWith("unlink", "/tmp/a", syscall.EPERM))
			Expect(v.Rename(bob, "/tmp/a", "/tmp/b")).To(failWith("rename", "/tmp/a", syscall.EPERM))
			must(v.WriteFile(bob, "/tmp/bobs", nil, 0o644))
			Expect(v.Rename(bob, "/tmp/bobs", "/tmp/a")).To(failWith("rename", "/tmp/a", syscall.EPERM))
			must(v.WriteFile(bob, "/tmp/a", []byte("bob may still write"), 0o644))
			must(v.Rename(alice, "/tmp/a", "/tmp/b"))
			must(v.Unlink(root, "/tmp/b"))
		})

		It("let the directory's owner remove entries", func() {
			must(v.Mkdir(root, "/shared", 0o777|fs.ModeSticky))
			must(v.Chown(root, "/shared", 1002, 1002))
			must(v.WriteFile(alice, "/shared/a", nil, 0o644))
			Expect(v.Unlink(bob, "/shared/a")).To(MatchError(syscall.EPERM))
			must(v.Unlink(carol, "/shared/a"))
		})

		It("apply to rmdir", func() {
			must(v.Mkdir(alice, "/tmp/d", 0o777))
			Expect(v.Rmdir(bob, "/tmp/d")).To(failWith("rmdir", "/tmp/d", syscall.EPERM))
			must(v.Rmdir(alice, "/tmp/d"))
		})
	})

	Describe("Rmdir", func() {
		It("removes an empty directory and fixes the parent's Nlink", func() {
			must(v.Mkdir(alice, "/home/alice/d", 0o755))
			Expect(stat(v, "/home/alice").Nlink).To(Equal(3))
			must(v.Rmdir(alice, "/home/alice/d"))
			Expect(stat(v, "/home/alice").Nlink).To(Equal(2))
		})

		It("fails with ENOTEMPTY, ENOTDIR, EBUSY, ENOENT and EACCES", func() {
			Expect(v.Rmdir(root, "/etc")).To(failWith("rmdir", "/etc", syscall.ENOTEMPTY))
			Expect(v.Rmdir(root, "/etc/passwd")).To(failWith("rmdir", "/etc/passwd", syscall.ENOTDIR))
			Expect(v.Rmdir(root, "/")).To(failWith("rmdir", "/", syscall.EBUSY))
			Expect(v.Rmdir(root, "/none")).To(failWith("rmdir", "/none", syscall.ENOENT))
			must(v.Mkdir(root, "/etc/d", 0o777))
			Expect(v.Rmdir(alice, "/etc/d")).To(failWith("rmdir", "/etc/d", syscall.EACCES))
		})

		It("does not follow a symlink to a directory", func() {
			must(v.Mkdir(root, "/d", 0o755))
			must(v.Symlink(root, "/d", "/ld"))
			Expect(v.Rmdir(root, "/ld")).To(MatchError(syscall.ENOTDIR))
		})
	})

	Describe("Rename", func() {
		BeforeEach(func() {
			must(v.MkdirAll(alice, "/home/alice/a/sub", 0o755))
			must(v.Mkdir(alice, "/home/alice/b", 0o755))
			must(v.WriteFile(alice, "/home/alice/f", []byte("f"), 0o644))
			must(v.WriteFile(alice, "/home/alice/g", []byte("g"), 0o644))
		})

		It("moves a file and replaces an existing one", func() {
			ino := stat(v, "/home/alice/f").Ino
			must(v.Rename(alice, "/home/alice/f", "/home/alice/g"))
			_, err := v.Lstat(root, "/home/alice/f")
			Expect(err).To(MatchError(syscall.ENOENT))
			g := stat(v, "/home/alice/g")
			Expect(g.Ino).To(Equal(ino))
			b, _ := v.ReadFile(alice, "/home/alice/g")
			Expect(string(b)).To(Equal("f"))
		})

		It("moves a directory and fixes both parents' Nlink", func() {
			must(v.Rename(alice, "/home/alice/a/sub", "/home/alice/b/sub2"))
			Expect(stat(v, "/home/alice/a").Nlink).To(Equal(2))
			Expect(stat(v, "/home/alice/b").Nlink).To(Equal(3))
			must(v.Mkdir(alice, "/home/alice/b/sub2/deep", 0o755))
			Expect(v.Realpath(alice, "/home/alice/b/sub2/deep/..")).To(Equal("/home/alice/b/sub2"))
		})

		It("replaces an empty directory but not a full one", func() {
			must(v.Rename(alice, "/home/alice/b", "/home/alice/a/sub"))
			Expect(stat(v, "/home/alice").Nlink).To(Equal(3))
			Expect(stat(v, "/home/alice/a").Nlink).To(Equal(3))
			must(v.Mkdir(alice, "/home/alice/c", 0o755))
			Expect(v.Rename(alice, "/home/alice/c", "/home/alice/a")).
				To(failWith("rename", "/home/alice/a", syscall.ENOTEMPTY))
		})

		It("refuses to mix files and directories", func() {
			Expect(v.Rename(alice, "/home/alice/b", "/home/alice/f")).
				To(failWith("rename", "/home/alice/f", syscall.ENOTDIR))
			Expect(v.Rename(alice, "/home/alice/f", "/home/alice/b")).
				To(failWith("rename", "/home/alice/b", syscall.EISDIR))
		})

		It("refuses to move a directory into itself", func() {
			Expect(v.Rename(alice, "/home/alice/a", "/home/alice/a/sub/x")).
				To(failWith("rename", "/home/alice/a/sub/x", syscall.EINVAL))
			Expect(v.Rename(alice, "/home/alice/a", "/home/alice/a/x")).To(MatchError(syscall.EINVAL))
		})

		It("does nothing for the same file or hard links of it", func() {
			must(v.Rename(alice, "/home/alice/f", "/home/alice/f"))
			must(v.Link(alice, "/home/alice/f", "/home/alice/f2"))
			must(v.Rename(alice, "/home/alice/f", "/home/alice/f2"))
			Expect(stat(v, "/home/alice/f").Nlink).To(Equal(2))
			Expect(stat(v, "/home/alice/f2").Nlink).To(Equal(2))
		})

		It("renames a symlink, not its target", func() {
			must(v.Symlink(alice, "f", "/home/alice/l"))
			must(v.Rename(alice, "/home/alice/l", "/home/alice/b/l"))
			Expect(v.Readlink(alice, "/home/alice/b/l")).To(Equal("f"))
			stat(v, "/home/alice/f")
		})

		It("fails with ENOENT, EBUSY and EACCES", func() {
			Expect(v.Rename(alice, "/home/alice/none", "/home/alice/x")).
				To(failWith("rename", "/home/alice/none", syscall.ENOENT))
			Expect(v.Rename(alice, "/home/alice/f", "/home/alice/none/x")).
				To(failWith("rename", "/home/alice/none/x", syscall.ENOENT))
			Expect(v.Rename(root, "/", "/x")).To(MatchError(syscall.EBUSY))
			Expect(v.Rename(alice, "/home/alice/f", "/etc/f")).To(failWith("rename", "/etc/f", syscall.EACCES))
			Expect(v.Rename(alice, "/etc/passwd", "/tmp/pw")).To(failWith("rename", "/etc/passwd", syscall.EACCES))
		})

		It("needs write permission on a directory moved to another parent", func() {
			must(v.Chmod(alice, "/home/alice/a", 0o555))
			must(v.Rename(alice, "/home/alice/a", "/home/alice/a2"))
			Expect(v.Rename(alice, "/home/alice/a2", "/home/alice/b/a")).
				To(failWith("rename", "/home/alice/a2", syscall.EACCES))
		})

		It("updates the times of both directories", func() {
			a, b := stat(v, "/home/alice/a"), stat(v, "/home/alice/b")
			must(v.Rename(alice, "/home/alice/a/sub", "/home/alice/b/sub"))
			Expect(stat(v, "/home/alice/a").ModTime).To(BeTemporally(">", a.ModTime))
			Expect(stat(v, "/home/alice/b").ModTime).To(BeTemporally(">", b.ModTime))
		})
	})

	Describe("symlinks", func() {
		It("resolve relative targets from the link's directory, with physical ..", func() {
			must(v.MkdirAll(root, "/d1/d2", 0o755))
			must(v.WriteFile(root, "/d1/f", []byte("d1f"), 0o644))
			must(v.Symlink(root, "../f", "/d1/d2/up"))
			b, err := v.ReadFile(root, "/d1/d2/up")
			Expect(err).NotTo(HaveOccurred())
			Expect(string(b)).To(Equal("d1f"))

			// Caller paths are cleaned lexically, targets are not: in
			// /t's target, /s/.. is the parent of /d1/d2.
			must(v.Symlink(root, "/d1/d2", "/s"))
			must(v.Symlink(root, "/s/../f", "/t"))
			Expect(v.Realpath(root, "/t")).To(Equal("/d1/f"))
			_, err = v.Stat(root, "/s/../f")
			Expect(err).To(MatchError(syscall.ENOENT))
		})

		It("work in the middle of a path", func() {
			must(v.Symlink(root, "/etc", "/cfg"))
			i, err := v.Stat(root, "/cfg/passwd")
			Expect(err).NotTo(HaveOccurred())
			Expect(i.Ino).To(Equal(stat(v, "/etc/passwd").Ino))
			must(v.Symlink(root, "/none", "/broken"))
			_, err = v.Lstat(root, "/broken/x")
			Expect(err).To(MatchError(syscall.ENOENT))
			must(v.Symlink(root, "/etc/passwd", "/file"))
			_, err = v.Lstat(root, "/file/x")
			Expect(err).To(MatchError(syscall.ENOTDIR))
		})

		It("fail with ELOOP after 40 links", func() {
			must(v.Symlink(root, "/etc/passwd", "/l0"))
			for i := 1; i <= 40; i++ {
				must(v.Symlink(root, fmt.Sprintf("/l%d", i-1), fmt.Sprintf("/l%d", i)))
			}
			_, err := v.Stat(root, "/l39")
			Expect(err).NotTo(HaveOccurred())
			_, err = v.Stat(root, "/l40")
			Expect(err).To(failWith("stat", "/l40", syscall.ELOOP))
			_, err = v.Lstat(root, "/l40")
			Expect(err).NotTo(HaveOccurred())
		})

		It("fail with ELOOP on loops", func() {
			must(v.Symlink(root, "/b", "/a"))
			must(v.Symlink(root, "a", "/b"))
			must(v.Symlink(root, "self", "/self"))
			_, err := v.Stat(root, "/a")
			Expect(err).To(MatchError(syscall.ELOOP))
			_, err = v.ReadFile(root, "/self")
			Expect(err).To(MatchError(syscall.ELOOP))
			_, err = v.Stat(root, "/self/x")
			Expect(err).To(MatchError(syscall.ELOOP))
			_, err = v.Realpath(root, "/a")
			Expect(err).To(MatchError(syscall.ELOOP))
		})

		It("can point at / and .", func() {
			must(v.Symlink(root, "/", "/top"))
			must(v.Symlink(root, ".", "/etc/here"))
			Expect(v.Realpath(root, "/top/etc/here/here/passwd")).To(Equal("/etc/passwd"))
			Expect(v.Realpath(root, "/top")).To(Equal("/"))
		})

		It("are created with Symlink and read with Readlink", func() {
			must(v.Symlink(alice, "anything at all", "/tmp/l"))
			i := stat(v, "/tmp/l")
			Expect(i.UID).To(Equal(1000))
			Expect(v.Readlink(carol, "/tmp/l")).To(Equal("anything at all"))
			_, err := v.Readlink(root, "/etc/passwd")
			Expect(err).To(failWith("readlink", "/etc/passwd", syscall.EINVAL))
			_, err = v.Readlink(root, "/none")
			Expect(err).To(failWith("readlink", "/none", syscall.ENOENT))
			Expect(v.Symlink(alice, "x", "/tmp/l")).To(failWith("symlink", "/tmp/l", syscall.EEXIST))
			Expect(v.Symlink(alice, "", "/tmp/empty")).To(failWith("symlink", "/tmp/empty", syscall.ENOENT))
			Expect(v.Symlink(alice, "x", "/etc/l")).To(failWith("symlink", "/etc/l", syscall.EACCES))
		})
	})

	Describe("Link", func() {
		BeforeEach(func() {
			must(v.WriteFile(alice, "/home/alice/f", []byte("shared"), 0o644))
		})

		It("shares the node", func() {
			must(v.Link(alice, "/home/alice/f", "/home/alice/g"))
			f, g := stat(v, "/home/alice/f"), stat(v, "/home/alice/g")
			Expect(f.Ino).To(Equal(g.Ino))
			Expect(f.Nlink).To(Equal(2))
			must(v.WriteFile(alice, "/home/alice/g", []byte("changed"), 0o644))
			b, _ := v.ReadFile(alice, "/home/alice/f")
			Expect(string(b)).To(Equal("changed"))
			must(v.Unlink(alice, "/home/alice/f"))
			Expect(stat(v, "/home/alice/g").Nlink).To(Equal(1))
		})

		It("links a symlink itself", func() {
			must(v.Symlink(alice, "f", "/home/alice/l"))
			must(v.Link(alice, "/home/alice/l", "/home/alice/l2"))
			Expect(stat(v, "/home/alice/l2").Mode.Type()).To(Equal(fs.ModeSymlink))
			Expect(stat(v, "/home/alice/l").Nlink).To(Equal(2))
			Expect(stat(v, "/home/alice/f").Nlink).To(Equal(1))
		})

		It("fails with EPERM, EEXIST, ENOENT and EACCES", func() {
			Expect(v.Link(root, "/etc", "/etc2")).To(failWith("link", "/etc", syscall.EPERM))
			Expect(v.Link(alice, "/home/alice/f", "/etc/passwd")).To(failWith("link", "/etc/passwd", syscall.EEXIST))
			Expect(v.Link(alice, "/home/alice/none", "/tmp/x")).To(failWith("link", "/home/alice/none", syscall.ENOENT))
			Expect(v.Link(alice, "/home/alice/f", "/etc/f")).To(failWith("link", "/etc/f", syscall.EACCES))
		})

		It("lets a user link another's file only if it may read and write it (fs.protected_hardlinks = 1)", func() {
			Expect(v.Link(alice, "/etc/passwd", "/tmp/p")).To(failWith("link", "/tmp/p", syscall.EPERM))
			must(v.WriteFile(root, "/tmp/open", nil, 0o666))
			must(v.Chmod(root, "/tmp/open", 0o666))
			must(v.Link(alice, "/tmp/open", "/tmp/open2"))
			must(v.Chmod(root, "/tmp/open", 0o666|fs.ModeSetuid))
			Expect(v.Link(alice, "/tmp/open", "/tmp/open3")).To(failWith("link", "/tmp/open3", syscall.EPERM))
			must(v.Link(root, "/etc/passwd", "/tmp/p"))
		})
	})

	Describe("Chmod", func() {
		It("lets the owner and root change modes, including special bits", func() {
			must(v.WriteFile(alice, "/tmp/f", nil, 0o644))
			must(v.Chmod(alice, "/tmp/f", 0o755|fs.ModeSetuid))
			Expect(stat(v, "/tmp/f").Mode).To(Equal(fs.FileMode(0o755) | fs.ModeSetuid))
			must(v.Chmod(alice, "/tmp/f", 0o755|fs.ModeSetuid|fs.ModeSetgid|fs.ModeSticky))
			Expect(stat(v, "/tmp/f").Mode).To(Equal(0o755 | fs.ModeSetuid | fs.ModeSetgid | fs.ModeSticky))
			must(v.Chmod(root, "/tmp/f", 0o600))
			Expect(stat(v, "/tmp/f").Mode).To(Equal(fs.FileMode(0o600)))
			Expect(v.Chmod(bob, "/tmp/f", 0o777)).To(failWith("chmod", "/tmp/f", syscall.EPERM))
		})

		It("follows symlinks and keeps the file type", func() {
			must(v.Symlink(root, "/etc", "/e"))
			must(v.Chmod(root, "/e", 0o700))
			Expect(stat(v, "/etc").Mode).To(Equal(fs.ModeDir | 0o700))
			Expect(stat(v, "/e").Mode).To(Equal(fs.ModeSymlink | 0o777))
		})

		It("drops setgid when the owner is not in the file's group", func() {
			must(v.WriteFile(root, "/tmp/f", nil, 0o644))
			must(v.Chown(root, "/tmp/f", 1002, 42))
			must(v.Chmod(carol, "/tmp/f", 0o755|fs.ModeSetgid))
			Expect(stat(v, "/tmp/f").Mode).To(Equal(fs.FileMode(0o755)))
		})

		It("converts chmod's octal", func() {
			must(v.Chmod(root, "/tmp", vfs.FromUnixMode(0o1777)))
			Expect(stat(v, "/tmp").Mode).To(Equal(fs.ModeDir | fs.ModeSticky | 0o777))
			Expect(vfs.UnixMode(stat(v, "/tmp").Mode)).To(Equal(uint32(0o1777)))
			for _, o := range []uint32{0, 0o644, 0o4755, 0o2750, 0o7777} {
				Expect(vfs.UnixMode(vfs.FromUnixMode(o))).To(Equal(o))
			}
		})

		It("updates ctime only", func() {
			i := stat(v, "/etc/passwd")
			must(v.Chmod(root, "/etc/passwd", 0o600))
			j := stat(v, "/etc/passwd")
			Expect(j.ChangeTime).To(BeTemporally(">", i.ChangeTime))
			Expect(j.ModTime).To(Equal(i.ModTime))
		})
	})

	Describe("Chown and Lchown", func() {
		BeforeEach(func() {
			must(v.WriteFile(alice, "/tmp/f", nil, 0o644))
			must(v.Symlink(alice, "/tmp/f", "/tmp/l"))
		})

		It("lets root change owner and group; -1 leaves them", func() {
			must(v.Chown(root, "/tmp/f", 1001, -1))
			Expect(stat(v, "/tmp/f").UID).To(Equal(1001))
			Expect(stat(v, "/tmp/f").GID).To(Equal(1000))
			must(v.Chown(root, "/tmp/f", -1, 5))
			Expect(stat(v, "/tmp/f").UID).To(Equal(1001))
			Expect(stat(v, "/tmp/f").GID).To(Equal(5))
		})

		It("lets the owner set the group to one of his", func() {
			must(v.Chown(alice, "/tmp/f", -1, 100))
			must(v.Chown(alice, "/tmp/f", 1000, 1000))
			Expect(v.Chown(alice, "/tmp/f", -1, 42)).To(failWith("chown", "/tmp/f", syscall.EPERM))
			Expect(v.Chown(alice, "/tmp/f", 1001, -1)).To(MatchError(syscall.EPERM))
			Expect(v.Chown(bob, "/tmp/f", -1, 100)).To(MatchError(syscall.EPERM))
		})

		It("follows symlinks, unlike Lchown", func() {
			must(v.Chown(root, "/tmp/l", 7, 7))
			Expect(stat(v, "/tmp/f").UID).To(Equal(7))
			Expect(stat(v, "/tmp/l").UID).To(Equal(1000))
			must(v.Lchown(root, "/tmp/l", 8, 8))
			Expect(stat(v, "/tmp/l").UID).To(Equal(8))
			Expect(stat(v, "/tmp/f").UID).To(Equal(7))
			Expect(v.Lchown(alice, "/tmp/l", -1, 100)).To(failWith("lchown", "/tmp/l", syscall.EPERM))
		})

		It("drops setuid from files", func() {
			must(v.Chmod(root, "/tmp/f", 0o755|fs.ModeSetuid|fs.ModeSetgid))
			must(v.Chown(root, "/tmp/f", 0, 0))
			Expect(stat(v, "/tmp/f").Mode).To(Equal(fs.FileMode(0o755)))
		})
	})

	Describe("Chtimes", func() {
		var t1, t2 time.Time

		BeforeEach(func() {
			t1 = time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)
			t2 = time.Date(2002, 2, 2, 0, 0, 0, 0, time.UTC)
			must(v.WriteFile(alice, "/tmp/f", nil, 0o664))
			must(v.Chown(alice, "/tmp/f", -1, 100))
		})

		It("sets both times and ctime", func() {
			must(v.Chtimes(alice, "/tmp/f", t1, t2))
			i := stat(v, "/tmp/f")
			Expect(i.AccessTime).To(Equal(t1))
			Expect(i.ModTime).To(Equal(t2))
			Expect(i.ChangeTime).To(Equal(now()))
		})

		It("leaves a zero time unchanged", func() {
			before := stat(v, "/tmp/f")
			must(v.Chtimes(alice, "/tmp/f", time.Time{}, t2))
			Expect(stat(v, "/tmp/f").AccessTime).To(Equal(before.AccessTime))
			Expect(stat(v, "/tmp/f").ModTime).To(Equal(t2))
		})

		It("allows owner, root or a writer", func() {
			must(v.Chtimes(root, "/tmp/f", t1, t1))
			must(v.Chtimes(bob, "/tmp/f", t1, t1))
			Expect(v.Chtimes(carol, "/tmp/f", t1, t1)).To(failWith("utimes", "/tmp/f", syscall.EPERM))
			Expect(v.Chtimes(carol, "/tmp/none", t1, t1)).To(failWith("utimes", "/tmp/none", syscall.ENOENT))
		})
	})

	Describe("ReadDir", func() {
		It("lists entries sorted by name", func() {
			for _, n := range []string{"c", "a", "b"} {
				must(v.WriteFile(alice, "/tmp/"+n, []byte(n+n), 0o644))
			}
			must(v.Mkdir(alice, "/tmp/0dir", 0o755))
			l, err := v.ReadDir(alice, "/tmp")
			Expect(err).NotTo(HaveOccurred())
			var names []string
			for _, i := range l {
				names = append(names, i.Name)
			}
			Expect(names).To(Equal([]string{"0dir", "a", "b", "c"}))
			Expect(l[0].IsDir()).To(BeTrue())
			Expect(l[1].Size).To(Equal(int64(2)))
		})

		It("follows a symlink to a directory", func() {
			must(v.Symlink(root, "/etc", "/e"))
			l, err := v.ReadDir(alice, "/e")
			Expect(err).NotTo(HaveOccurred())
			Expect(l).To(HaveLen(2))
		})

		It("needs read and search permission", func() {
			_, err := v.ReadDir(bob, "/home/alice")
			Expect(err).To(failWith("opendir", "/home/alice", syscall.EACCES))
			must(v.Chmod(alice, "/home/alice", 0o300))
			_, err = v.ReadDir(alice, "/home/alice")
			Expect(err).To(MatchError(syscall.EACCES))
			must(v.Chmod(alice, "/home/alice", 0o600))
			_, err = v.ReadDir(alice, "/home/alice")
			Expect(err).To(MatchError(syscall.EACCES))
			must(v.Chmod(alice, "/home/alice", 0o500))
			_, err = v.ReadDir(alice, "/home/alice")
			Expect(err).NotTo(HaveOccurred())
		})

		It("fails with ENOTDIR and ENOENT", func() {
			_, err := v.ReadDir(root, "/etc/passwd")
			Expect(err).To(failWith("opendir", "/etc/passwd", syscall.ENOTDIR))
			_, err = v.ReadDir(root, "/none")
			Expect(err).To(failWith("opendir", "/none", syscall.ENOENT))
		})
	})

	Describe("Realpath", func() {
		It("resolves every symlink", func() {
			must(v.MkdirAll(root, "/usr/lib/x", 0o755))
			must(v.Symlink(root, "usr/lib", "/lib"))
			must(v.Symlink(root, "x", "/usr/lib/cur"))
			Expect(v.Realpath(root, "/lib/cur")).To(Equal("/usr/lib/x"))
			Expect(v.Realpath(root, "/lib/../etc/passwd")).To(Equal("/etc/passwd"))
			Expect(v.Realpath(root, "/")).To(Equal("/"))
			_, err := v.Realpath(root, "/lib/none")
			Expect(err).To(failWith("realpath", "/lib/none", syscall.ENOENT))
		})
	})
})
