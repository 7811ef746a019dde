package sftpd_test

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"net"
	"os"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/pkg/sftp"

	"github.com/hostile-lab/hostile/simhost/events"
	"github.com/hostile-lab/hostile/simhost/internal/sftpd"
	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

// statusOf is the SFTP status an operation failed with, as the server sent it.
func statusOf(err error) string {
	var se *sftp.StatusError
	ExpectWithOffset(1, errors.As(err, &se)).To(BeTrue(), "%v", err)
	return se.Error()
}

func content(m *machine.Machine, p string) string {
	b, err := m.FS.ReadFile(vfs.Root, p)
	ExpectWithOffset(1, err).NotTo(HaveOccurred())
	return string(b)
}

func info(m *machine.Machine, p string) *vfs.Info {
	i, err := m.FS.Lstat(vfs.Root, p)
	ExpectWithOffset(1, err).NotTo(HaveOccurred())
	return i
}

var _ = Describe("Serve", func() {
	var (
		m   *machine.Machine
		c   *sftp.Client
		ops *machine.Account
	)
	BeforeEach(func() {
		m = newHost("debian12")
		ops = m.User("ops")
		c = connect(m, "ops")
	})

	It("starts in the home directory and resolves paths against it", func() {
		Expect(c.Getwd()).To(Equal("/home/ops"))
		Expect(c.RealPath("nope")).To(Equal("/home/ops/nope"))
		Expect(c.RealPath("../../etc/./hostname")).To(Equal("/etc/hostname"))
		_, err := c.RealPath("/nope/deeper")
		Expect(err).To(MatchError(os.ErrNotExist))
	})

	It("uploads a file as the user, with sftp-server's umask, and records it", func() {
		f, err := c.Create("notes.txt")
		Expect(err).NotTo(HaveOccurred())
		Expect(f.Write([]byte("hello\n"))).To(Equal(6))
		Expect(f.Close()).To(Succeed())

		Expect(content(m, "/home/ops/notes.txt")).To(Equal("hello\n"))
		i := info(m, "/home/ops/notes.txt")
		Expect(i.Mode).To(Equal(fs.FileMode(0o644)))
		Expect([]int{i.UID, i.GID}).To(Equal([]int{ops.UID, ops.GID}))
		Expect(m.Log.OfKind(events.FileWrite, events.FileRead)).To(ConsistOf(
			And(HaveField("Kind", events.FileWrite), HaveField("User", "ops"),
				HaveField("Detail", "/home/ops/notes.txt"), HaveField("BytesIn", int64(6)))))
	})

	It("downloads a file and records it", func() {
		f, err := c.Open("/etc/hostname")
		Expect(err).NotTo(HaveOccurred())
		Expect(io.ReadAll(f)).To(Equal([]byte("db01\n")))
		Expect(f.Close()).To(Succeed())
		Expect(m.Log.OfKind(events.FileRead)).To(ConsistOf(
			And(HaveField("Detail", "/etc/hostname"), HaveField("BytesOut", int64(5)))))
	})

	It("lists a directory with owners, modes and sizes", func() {
		Expect(m.FS.WriteFile(vfs.Root, "/srv/app.conf", []byte("x=1\n"), 0o640)).To(Succeed())
		Expect(m.FS.Chown(vfs.Root, "/srv/app.conf", ops.UID, 0)).To(Succeed())
		Expect(m.FS.Mkdir(vfs.Root, "/srv/data", 0o750)).To(Succeed())

		list, err := c.ReadDir("/srv")
		Expect(err).NotTo(HaveOccurred())
		Expect(list).To(HaveLen(2))
		conf, data := list[0].Sys().(*sftp.FileStat), list[1].Sys().(*sftp.FileStat)
		Expect(list[0].Name()).To(Equal("app.conf"))
		Expect([]uint32{conf.UID, conf.GID, conf.Mode, uint32(conf.Size)}).To(Equal([]uint32{uint32(ops.UID), 0, 0o100640, 4}))
		Expect(list[1].Name()).To(Equal("data"))
		Expect(list[1].IsDir()).To(BeTrue())
		Expect([]uint32{data.UID, data.Mode}).To(Equal([]uint32{0, 0o40750}))
	})

	It("makes, renames and removes files and directories", func() {
		Expect(c.Mkdir("d")).To(Succeed())
		Expect(info(m, "/home/ops/d").Mode).To(Equal(fs.ModeDir | 0o755))
		Expect(m.FS.WriteFile(ops.Cred(), "/home/ops/d/a", []byte("a"), 0o644)).To(Succeed())
		Expect(m.FS.WriteFile(ops.Cred(), "/home/ops/d/b", []byte("b"), 0o644)).To(Succeed())

		By("a plain rename refusing to replace, as OpenSSH's does")
		Expect(statusOf(c.Rename("d/a", "d/b"))).To(Equal(`sftp: "Failure" (SSH_FX_FAILURE)`))
		Expect(c.Rename("d/a", "d/c")).To(Succeed())
		By("posix-rename replacing")
		Expect(c.PosixRename("d/c", "d/b")).To(Succeed())
		Expect(content(m, "/home/ops/d/b")).To(Equal("a"))

		Expect(statusOf(c.RemoveDirectory("d"))).To(Equal(`sftp: "Failure" (SSH_FX_FAILURE)`))
		Expect(c.Remove("d/b")).To(Succeed())
		Expect(c.RemoveDirectory("d")).To(Succeed())
		_, err := m.FS.Stat(vfs.Root, "/home/ops/d")
		Expect(err).To(MatchError(os.ErrNotExist))
	})

	It("changes modes, times, sizes, and refuses what the user may not", func() {
		Expect(m.FS.WriteFile(ops.Cred(), "/home/ops/f", []byte("12345"), 0o644)).To(Succeed())
		Expect(c.Truncate("f", 2)).To(Succeed())
		Expect(c.Chmod("f", 0o600)).To(Succeed())
		mtime := time.Unix(1600000000, 0)
		Expect(c.Chtimes("f", mtime, mtime)).To(Succeed())
		i := info(m, "/home/ops/f")
		Expect(i.Mode).To(Equal(fs.FileMode(0o600)))
		Expect(i.ModTime.Equal(mtime)).To(BeTrue())
		Expect(i.Size).To(Equal(int64(2)))

		Expect(c.Chmod("/etc/passwd", 0o666)).To(MatchError(os.ErrPermission))
		Expect(c.Chown("f", 0, 0)).To(MatchError(os.ErrPermission))
	})

	It("refuses an upload into /etc as a user", func() {
		_, err := c.Create("/etc/evil")
		Expect(err).To(MatchError(os.ErrPermission))
		_, err = m.FS.Stat(vfs.Root, "/etc/evil")
		Expect(err).To(MatchError(os.ErrNotExist))
		Expect(m.Log.OfKind(events.FileWrite)).To(BeEmpty())
	})

	It("makes and reads symlinks and hard links", func() {
		Expect(m.FS.WriteFile(ops.Cred(), "/home/ops/f", []byte("x"), 0o644)).To(Succeed())
		Expect(c.Symlink("f", "link")).To(Succeed())
		Expect(info(m, "/home/ops/link").Target).To(Equal("f"))
		Expect(c.ReadLink("link")).To(Equal("f"))
		l, err := c.Lstat("link")
		Expect(err).NotTo(HaveOccurred())
		Expect(l.Mode() & fs.ModeSymlink).NotTo(BeZero())
		s, err := c.Stat("link")
		Expect(err).NotTo(HaveOccurred())
		Expect(s.Mode().IsRegular()).To(BeTrue())

		Expect(c.Link("f", "hard")).To(Succeed())
		Expect(info(m, "/home/ops/f").Nlink).To(Equal(2))
	})

	It("reports a missing file", func() {
		_, err := c.Stat("/nope")
		Expect(err).To(MatchError(os.ErrNotExist))
		_, err = c.Open("/nope")
		Expect(err).To(MatchError(os.ErrNotExist))
	})

	It("reports the filesystem's size", func() {
		st, err := c.StatVFS("/")
		Expect(err).NotTo(HaveOccurred())
		// a disk the size of what the installed system holds and the 1 GiB
		// the limits leave free
		Expect(st.FreeSpace()).To(BeNumerically("~", 1<<30, 1<<20))
		Expect(st.TotalSpace()).To(BeNumerically(">", st.FreeSpace()))
	})
})

var _ = Describe("Serve on mounts", func() {
	It("stops an upload at a mount's quota with Failure, keeping what fit", func() {
		m := newHost("debian12", func(d *machine.Description) {
			d.Mounts = []vfs.Mount{{Path: "/data", QuotaBytes: 10}}
			d.Files = []machine.File{{Path: "/data", Dir: true, Owner: "ops"}}
		})
		c := connect(m, "ops")
		f, err := c.Create("/data/big")
		Expect(err).NotTo(HaveOccurred())
		_, err = f.Write([]byte("0123456789abcdefghij"))
		Expect(statusOf(err)).To(Equal(`sftp: "Failure" (SSH_FX_FAILURE)`))
		f.Close()
		Expect(content(m, "/data/big")).To(Equal("0123456789"))
	})

	It("refuses writes on a read-only mount with Failure", func() {
		m := newHost("debian12", func(d *machine.Description) {
			d.Mounts = []vfs.Mount{{Path: "/ro", ReadOnly: true}}
		})
		_, err := connect(m, "root").Create("/ro/x")
		Expect(statusOf(err)).To(Equal(`sftp: "Failure" (SSH_FX_FAILURE)`))
	})

	It("makes root nobody on a root-squashed mount", func() {
		m := newHost("debian12", func(d *machine.Description) {
			d.Mounts = []vfs.Mount{{Path: "/nfs", RootSquash: true}}
		})
		_, err := connect(m, "root").Create("/nfs/x")
		Expect(err).To(MatchError(os.ErrPermission))
	})
})

var _ = Describe("Serve's lifetime", func() {
	It("returns nil when its context is cancelled mid-session", func() {
		m := newHost("debian12")
		server, client := net.Pipe()
		defer client.Close()
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- sftpd.Serve(ctx, server, m, m.User("ops"), nil) }()
		c, err := sftp.NewClientPipe(client, client)
		Expect(err).NotTo(HaveOccurred())
		defer c.Close()
		Expect(c.Getwd()).To(Equal("/home/ops"))
		cancel()
		Eventually(done).Should(Receive(BeNil()))
	})

	It("ends and records a transfer when the client drops with a file open", func() {
		m := newHost("debian12")
		c := connect(m, "ops")
		f, err := c.Create("partial")
		Expect(err).NotTo(HaveOccurred())
		Expect(f.Write([]byte("abc"))).To(Equal(3))
		Expect(c.Close()).To(Succeed()) // the spec's cleanup checks that Serve returned nil
		Eventually(func() []events.Event { return m.Log.OfKind(events.FileWrite) }).Should(ConsistOf(
			And(HaveField("Detail", "/home/ops/partial"), HaveField("BytesIn", int64(3)))))
	})

	It("starts in / when the home directory is missing", func() {
		m := newHost("debian12")
		Expect(m.FS.Rename(vfs.Root, "/home/ops", "/home/gone")).To(Succeed())
		Expect(connect(m, "ops").Getwd()).To(Equal("/"))
	})
})
