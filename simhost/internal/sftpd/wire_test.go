package sftpd_test

import (
	"encoding/binary"
	"fmt"
	"io"
	"io/fs"
	"net"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

// rawClient speaks SFTP packets by hand, to see the bytes a C client such as
// OpenSSH's sftp reads.
type rawClient struct {
	conn net.Conn
	id   uint32
	exts []string // name, data pairs from VERSION
}

func newRaw(m *machine.Machine, user string) *rawClient {
	r := &rawClient{conn: serve(m, user)}
	r.write(1, uint32(3)) // INIT, version 3
	typ, d := r.read()
	Expect(typ).To(Equal(byte(2)))
	Expect(d.u32()).To(Equal(uint32(3)))
	for len(d.b) > 0 {
		r.exts = append(r.exts, d.str())
	}
	return r
}

// call sends a request of type typ with a fresh id and the fields, and returns
// the reply's type and the fields after its id.
func (r *rawClient) call(typ byte, fields ...any) (byte, *dec) {
	r.id++
	r.write(typ, append([]any{r.id}, fields...)...)
	rtyp, d := r.read()
	ExpectWithOffset(1, d.u32()).To(Equal(r.id))
	return rtyp, d
}

// status calls and expects a STATUS reply, returned as "code message".
func (r *rawClient) status(typ byte, fields ...any) string {
	rtyp, d := r.call(typ, fields...)
	ExpectWithOffset(1, rtyp).To(Equal(byte(101)))
	code, msg := d.u32(), d.str()
	ExpectWithOffset(1, d.str()).To(BeEmpty()) // language tag
	return fmt.Sprint(code, " ", msg)
}

func (r *rawClient) write(typ byte, fields ...any) {
	body := []byte{typ}
	for _, f := range fields {
		switch v := f.(type) {
		case uint32:
			body = binary.BigEndian.AppendUint32(body, v)
		case string:
			body = binary.BigEndian.AppendUint32(body, uint32(len(v)))
			body = append(body, v...)
		case []byte:
			body = append(body, v...)
		}
	}
	_, err := r.conn.Write(binary.BigEndian.AppendUint32(nil, uint32(len(body))))
	Expect(err).NotTo(HaveOccurred())
	_, err = r.conn.Write(body)
	Expect(err).NotTo(HaveOccurred())
}

func (r *rawClient) read() (byte, *dec) {
	var hdr [4]byte
	_, err := io.ReadFull(r.conn, hdr[:])
	Expect(err).NotTo(HaveOccurred())
	body := make([]byte, binary.BigEndian.Uint32(hdr[:]))
	_, err = io.ReadFull(r.conn, body)
	Expect(err).NotTo(HaveOccurred())
	return body[0], &dec{body[1:]}
}

type dec struct{ b []byte }

func (d *dec) u32() uint32 {
	v := binary.BigEndian.Uint32(d.b)
	d.b = d.b[4:]
	return v
}

func (d *dec) str() string {
	n := d.u32()
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}

// ids packs ids as users-groups-by-id@openssh.com wants them.
func ids(v ...uint32) string {
	var b []byte
	for _, id := range v {
		b = binary.BigEndian.AppendUint32(b, id)
	}
	return string(b)
}

// permAttrs are ATTRS naming only permissions.
func permAttrs(perm uint32) []byte {
	return binary.BigEndian.AppendUint32(binary.BigEndian.AppendUint32(nil, 0x4), perm)
}

const (
	fxpOpen, fxpClose, fxpOpendir, fxpReaddir, fxpMkdir, fxpStat, fxpExtended = 3, 4, 11, 12, 14, 17, 200
	openWriteCreatTrunc                                                       = 0x2 | 0x8 | 0x10
)

var _ = Describe("Serve on the wire", func() {
	It("announces the extensions of the host's sftp-server", func() {
		Expect(newRaw(newHost("debian12"), "ops").exts).To(Equal([]string{
			"posix-rename@openssh.com", "1", "statvfs@openssh.com", "2", "hardlink@openssh.com", "1",
			"users-groups-by-id@openssh.com", "1"}))
		Expect(newRaw(newHost("rhel7"), "ops").exts).To(Equal([]string{
			"posix-rename@openssh.com", "1", "statvfs@openssh.com", "2", "hardlink@openssh.com", "1"}))
		Expect(newRaw(newHost("solaris10-sparc"), "ops").exts).To(BeEmpty())
	})

	It("words statuses as sftp-server does", func() {
		r := newRaw(newHost("debian12"), "ops")
		Expect(r.status(fxpStat, "/nope")).To(Equal("2 No such file"))
		Expect(r.status(fxpMkdir, "/etc/x", uint32(0))).To(Equal("3 Permission denied"))
		Expect(r.status(fxpMkdir, "d", uint32(0))).To(Equal("0 Success"))
		Expect(r.status(fxpMkdir, "d", uint32(0))).To(Equal("4 Failure"))
	})

	It("creates files and directories with the permissions asked, less the umask", func() {
		m := newHost("debian12")
		r := newRaw(m, "ops")
		open := func(name string, attrs []byte) {
			typ, d := r.call(fxpOpen, name, uint32(openWriteCreatTrunc), attrs)
			Expect(typ).To(Equal(byte(102)))
			Expect(r.status(fxpClose, d.str())).To(Equal("0 Success"))
		}
		open("run.sh", permAttrs(0o755))
		open("open", permAttrs(0o777))
		open("plain", binary.BigEndian.AppendUint32(nil, 0))
		// size and owner come before the permissions
		sized := binary.BigEndian.AppendUint32(nil, 0x1|0x2|0x4)
		sized = binary.BigEndian.AppendUint64(sized, 9)
		for _, v := range []uint32{1000, 1000, 0o600} {
			sized = binary.BigEndian.AppendUint32(sized, v)
		}
		open("private", sized)
		Expect(r.status(fxpMkdir, "dir", permAttrs(0o700))).To(Equal("0 Success"))

		for name, mode := range map[string]fs.FileMode{
			"run.sh": 0o755, "open": 0o755, "plain": 0o644, "private": 0o600, "dir": fs.ModeDir | 0o700,
		} {
			Expect(info(m, "/home/ops/"+name).Mode).To(Equal(mode), name)
		}
	})

	It("sends sftp-server's ls -l lines with directory entries", func() {
		m := newHost("debian12")
		ops := m.User("ops")
		old := time.Date(2023, 1, 2, 3, 4, 5, 0, time.Local)
		recent := time.Now().Add(-time.Hour).Truncate(time.Second)
		Expect(m.FS.WriteFile(vfs.Root, "/srv/app.conf", []byte("x=1\n"), 0o4750)).To(Succeed())
		Expect(m.FS.Chown(vfs.Root, "/srv/app.conf", ops.UID, 0)).To(Succeed())
		Expect(m.FS.Chmod(vfs.Root, "/srv/app.conf", fs.ModeSetuid|0o640)).To(Succeed())
		Expect(m.FS.Chtimes(vfs.Root, "/srv/app.conf", old, old)).To(Succeed())
		Expect(m.FS.Mkdir(vfs.Root, "/srv/data", 0o777|fs.ModeSticky)).To(Succeed())
		Expect(m.FS.Chtimes(vfs.Root, "/srv/data", recent, recent)).To(Succeed())
		Expect(m.FS.Chtimes(vfs.Root, "/srv", recent, recent)).To(Succeed())

		r := newRaw(m, "ops")
		typ, d := r.call(fxpOpendir, "/srv")
		Expect(typ).To(Equal(byte(102)))
		handle := d.str()
		typ, d = r.call(fxpReaddir, handle)
		Expect(typ).To(Equal(byte(104)))
		n := d.u32()
		long := map[string]string{}
		for range n {
			name, l := d.str(), d.str()
			long[name] = l
			flags := d.u32()
			Expect(flags).To(Equal(uint32(0xf)), "no private attribute reaches the client")
			d.b = d.b[28:]
		}
		Expect(long).To(Equal(map[string]string{
			".":        "drwxr-xr-x    3 root     root         4096 " + recent.Format("Jan _2 15:04") + " .",
			"..":       fmt.Sprintf("drwxr-xr-x   %2d root     root         4096 %s ..", info(m, "/").Nlink, info(m, "/").ModTime.Format("Jan _2 15:04")),
			"app.conf": "-rwSr-----    1 ops      root            4 Jan  2  2023 app.conf",
			"data":     "drwxrwxrwt    2 root     root         4096 " + recent.Format("Jan _2 15:04") + " data",
		}))
		Expect(r.status(fxpReaddir, handle)).To(Equal("1 End of file"))
	})

	It("names users and groups by id for sftp's ls -l on OpenSSH 9.1 and later", func() {
		m := newHost("debian12")
		ops := m.User("ops")
		r := newRaw(m, "ops")
		typ, d := r.call(fxpExtended, "users-groups-by-id@openssh.com",
			ids(0, uint32(ops.UID), 4242), ids(uint32(ops.GID), 4242))
		Expect(typ).To(Equal(byte(201)))
		users, groups := &dec{[]byte(d.str())}, &dec{[]byte(d.str())}
		Expect([]string{users.str(), users.str(), users.str(), groups.str(), groups.str()}).To(
			Equal([]string{"root", "ops", "", "ops", ""}))

		old := newRaw(newHost("debian11"), "ops")
		Expect(old.status(fxpExtended, "users-groups-by-id@openssh.com", ids(0), ids(0))).To(
			Equal("8 Operation unsupported"))
	})
})
