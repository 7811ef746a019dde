package transfer_test

import (
	"io/fs"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/hostile-lab/hostile/simhost/events"
	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

// scpInfo describes a file as root sees it.
func scpInfo(m *machine.Machine, p string) *vfs.Info {
	i, err := m.FS.Lstat(vfs.Root, p)
	ExpectWithOffset(1, err).NotTo(HaveOccurred())
	return i
}

var _ = Describe("scp", func() {
	Describe("-t (receiving an upload)", func() {
		It("acknowledges each record and writes the file as the user, less the umask", func() {
			m := NewHost("debian12")
			Expect(Run(m, "ops", "scp -t /tmp", "C0666 6 hello\nworld\n\x00")).To(Equal(Result{Stdout: "\x00\x00\x00"}))
			Expect(Content(m, "/tmp/hello")).To(Equal("world\n"))
			i := scpInfo(m, "/tmp/hello")
			Expect(i.Mode).To(Equal(fs.FileMode(0o644)))
			Expect(i.UID).To(Equal(m.User("ops").UID))
			Expect(m.Log.OfKind(events.FileWrite)).To(ConsistOf(
				And(HaveField("User", "ops"), HaveField("Detail", "/tmp/hello"), HaveField("BytesIn", int64(6)))))
		})

		It("writes to the target itself when it is not a directory, replacing what was there", func() {
			m := NewHost("debian12", SeedFile("/home/ops/old", "much longer text\n", "ops", 0o600))
			Expect(Run(m, "ops", "scp -t old", "C0644 3 x\nnew\x00")).To(Equal(Result{Stdout: "\x00\x00\x00"}))
			Expect(Content(m, "/home/ops/old")).To(Equal("new"))
			Expect(scpInfo(m, "/home/ops/old").Mode).To(Equal(fs.FileMode(0o600)), "an existing file keeps its mode")
		})

		It("creates a read-only file writable first, then gives it its mode", func() {
			m := NewHost("debian12")
			Expect(Run(m, "ops", "scp -t /tmp", "C0444 2 ro\nhi\x00").Code).To(Equal(0))
			Expect(scpInfo(m, "/tmp/ro").Mode).To(Equal(fs.FileMode(0o444)))
		})

		It("keeps modes and times with -p", func() {
			m := NewHost("debian12")
			Expect(Run(m, "ops", "scp -p -t /tmp", "T1600000000 0 1600000001 0\nC4775 2 run\nhi\x00")).To(Equal(Result{Stdout: "\x00\x00\x00\x00"}))
			i := scpInfo(m, "/tmp/run")
			Expect(i.Mode).To(Equal(fs.ModeSetuid | 0o775))
			Expect(i.ModTime).To(BeTemporally("==", time.Unix(1600000000, 0)))
			Expect(i.AccessTime).To(BeTemporally("==", time.Unix(1600000001, 0)))
		})

		It("receives a tree with -r, ending each directory at E", func() {
			m := NewHost("debian12")
			Expect(Run(m, "ops", "scp -r -t /tmp", "D0750 0 sub\nC0600 2 c\nxy\x00D0700 0 deeper\nE\nE\nC0644 1 top\nt\x00")).To(Equal(Result{Stdout: "\x00\x00\x00\x00\x00\x00\x00\x00\x00"}))
			Expect(scpInfo(m, "/tmp/sub").Mode).To(Equal(fs.ModeDir | 0o750))
			Expect(scpInfo(m, "/tmp/sub/deeper").Mode).To(Equal(fs.ModeDir | 0o700))
			Expect(Content(m, "/tmp/sub/c")).To(Equal("xy"))
			Expect(Content(m, "/tmp/top")).To(Equal("t"))
		})

		It("refuses a directory without -r", func() {
			Expect(Run(NewHost("debian12"), "ops", "scp -t /tmp", "D0755 0 sub\nE\n")).To(Equal(Result{Stdout: "\x00\x01scp: protocol error: received directory without -r\n", Code: 1}))
		})

		It("answers Permission denied where the user may not write, and goes on", func() {
			m := NewHost("debian12")
			Expect(Run(m, "ops", "scp -t /etc/", "C0644 1 x\nC0644 1 y\n")).To(Equal(Result{
				Stdout: "\x00\x01scp: /etc//x: Permission denied\n\x01scp: /etc//y: Permission denied\n", Code: 1}))
			Expect(Exists(m, "/etc/x")).To(BeFalse())
		})

		It("sends a write error after the data, keeping what fit under a quota", func() {
			m := NewHost("debian12", func(d *machine.Description) {
				d.Mounts = []vfs.Mount{{Path: "/data", QuotaBytes: 10}}
			}, SeedDir("/data", "ops", 0o755))
			Expect(Run(m, "ops", "scp -t /data", "C0644 20 big\n0123456789abcdefghij\x00")).To(Equal(Result{Stdout: "\x00\x00\x01scp: /data/big: No space left on device\n", Code: 1}))
			Expect(Content(m, "/data/big")).To(Equal("0123456789"))
		})

		It("stops at names that would leave the target directory", func() {
			Expect(Run(NewHost("debian12"), "ops", "scp -t /tmp", "C0644 1 ../x\nx\x00")).To(Equal(Result{Stdout: "\x00\x01scp: error: unexpected filename: ../x\n", Code: 1}))
		})

		It("reports malformed records as protocol errors", func() {
			m := NewHost("debian12")
			Expect(Run(m, "ops", "scp -t /tmp", "C06x4 5 a\n").Stdout).To(Equal("\x00\x01scp: protocol error: bad mode\n"))
			Expect(Run(m, "ops", "scp -t /tmp", "C0644 5\n").Stdout).To(Equal("\x00\x01scp: protocol error: size not delimited\n"))
			Expect(Run(m, "ops", "scp -t /tmp", "T123\n").Stdout).To(Equal("\x00\x01scp: protocol error: mtime.sec not delimited\n"))
			Expect(Run(m, "ops", "scp -t /tmp", "C0644 1 a\nx\x00x0644 1 b\n").Stdout).To(
				Equal("\x00\x00\x00\x01scp: protocol error: expected control record\n"))
			Expect(Run(m, "ops", "scp -t /tmp", "No match.\n").Stdout).To(Equal("\x00\x01scp: No match.\n"))
		})

		It("fails with Broken pipe when the data stops short", func() {
			Expect(Run(NewHost("debian12"), "ops", "scp -t /tmp", "C0644 10 trunc\nabc")).To(Equal(Result{Stdout: "\x00\x00\x01scp: Broken pipe\n", Code: 1}))
		})

		It("checks the target is a directory with -d, and needs exactly one target", func() {
			m := NewHost("debian12")
			Expect(Run(m, "ops", "scp -d -t /etc/hostname", "")).To(
				Equal(Result{Stdout: "\x01scp: /etc/hostname: Not a directory\n", Code: 1}))
			Expect(Run(m, "ops", "scp -t", "")).To(Equal(Result{Stdout: "\x01scp: ambiguous target\n", Code: 1}))
		})

		It("counts an error the client sends, and exits at its end", func() {
			Expect(Run(NewHost("debian12"), "ops", "scp -t /tmp", "\x01scp: local: No such file or directory\n")).To(Equal(Result{Stdout: "\x00", Code: 1}))
		})
	})

	Describe("-f (sending a download)", func() {
		It("waits for the client, then sends the file and its end", func() {
			m := NewHost("debian12")
			Expect(Run(m, "ops", "scp -f /etc/hostname", "\x00\x00\x00")).To(Equal(Result{Stdout: "C0644 5 hostname\ndb01\n\x00"}))
			Expect(m.Log.OfKind(events.FileRead)).To(ConsistOf(
				And(HaveField("Detail", "/etc/hostname"), HaveField("BytesOut", int64(5)))))
		})

		It("sends times first with -p", func() {
			m := NewHost("debian12", SeedFile("/home/ops/f", "hi\n", "ops", 0o640))
			Expect(m.FS.Chtimes(vfs.Root, "/home/ops/f", time.Unix(1600000001, 0), time.Unix(1600000000, 0))).To(Succeed())
			Expect(Run(m, "ops", "scp -p -f f", "\x00\x00\x00\x00")).To(Equal(Result{Stdout: "T1600000000 0 1600000001 0\nC0640 3 f\nhi\n\x00"}))
		})

		It("sends a tree with -r", func() {
			m := NewHost("debian12", SeedDir("/srv/t", "ops", 0o750), SeedFile("/srv/t/a", "A", "ops", 0o600),
				SeedDir("/srv/t/s", "ops", 0o755), SeedFile("/srv/t/s/b", "B", "ops", 0o644))
			Expect(Run(m, "ops", "scp -r -f /srv/t/", "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00")).To(Equal(Result{Stdout: "D0750 0 t\nC0600 1 a\nA\x00D0755 0 s\nC0644 1 b\nB\x00E\nE\n"}))
		})

		It("reports files it cannot send and goes on to the next", func() {
			Expect(Run(NewHost("debian12"), "ops", "scp -f /etc/shadow /nope /etc /etc/hostname", "\x00\x00\x00")).To(Equal(Result{Stdout: "\x01scp: /etc/shadow: Permission denied\n" +
				"\x01scp: /nope: No such file or directory\n" +
				"\x01scp: /etc: not a regular file\n" +
				"C0644 5 hostname\ndb01\n\x00", Code: 1}))
		})

		It("exits without a word when the client goes away", func() {
			Expect(Run(NewHost("debian12"), "ops", "scp -f /etc/hostname", "")).To(Equal(Result{Code: 1}))
		})
	})

	Describe("run by a user", func() {
		It("prints the usage of the host's scp, since nothing here networks", func() {
			usage := "usage: scp [-346ABCOpqRrsTv] [-c cipher] [-D sftp_server_path] [-F ssh_config]\n" +
				"           [-i identity_file] [-J destination] [-l limit] [-o ssh_option]\n" +
				"           [-P port] [-S program] [-X sftp_option] source ... target\n"
			m := NewHost("debian12")
			Expect(Run(m, "ops", "scp notes.txt backup01:/tmp/")).To(Equal(Result{Stderr: usage, Code: 1}))
			Expect(Run(m, "ops", "scp -z x y")).To(Equal(Result{Stderr: "scp: unknown option -- z\n" + usage, Code: 1}))
			Expect(Run(m, "ops", "scp -P")).To(Equal(Result{Stderr: "scp: option requires an argument -- P\n" + usage, Code: 1}))
		})

		It("words it as the older OpenSSH and Sun_SSH do", func() {
			Expect(Run(NewHost("rhel7"), "ops", "scp").Stderr).To(Equal(
				"usage: scp [-12346BCpqrv] [-c cipher] [-F ssh_config] [-i identity_file]\n" +
					"           [-l limit] [-o ssh_option] [-P port] [-S program]\n" +
					"           [[user@]host1:]file1 ... [[user@]host2:]file2\n"))
			Expect(Run(NewHost("solaris10-sparc"), "ops", "scp -z").Stderr).To(Equal(
				"scp: illegal option -- z\n" +
					"usage: scp [-pqrvBC46] [-F config] [-S program] [-P port]\n" +
					"           [-c cipher] [-i identity] [-o option]\n" +
					"           [[user@]host1:]file1 [...] [[user@]host2:]file2\n"))
		})
	})
})
