package simhost_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/hostile-lab/hostile/harness/hostiletest"
	"github.com/hostile-lab/hostile/simhost"
	"github.com/hostile-lab/hostile/simhost/events"
	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

// The real rsync client, over real OpenSSH, against the simulated host's
// rsync --server: the texts are what the same client printed against a
// Debian 12 container (without incremental recursion, which this server
// does not offer).
var _ = Describe("rsync -e ssh against the simulated host", func() {
	var h *simhost.Host
	var dir string
	BeforeEach(func() {
		if _, err := exec.LookPath("rsync"); err != nil {
			Skip("no rsync client on this machine (apt-get install rsync)")
		}
		h = startHost(machine.Description{Personality: "debian12"})
		dir = GinkgoT().TempDir()
	})
	rsync := func(args ...string) (code int, stdout, stderr string) {
		rsh := "ssh -p " + strconv.Itoa(h.Port()) + " -i " + hostiletest.Key().Path +
			" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o BatchMode=yes"
		cmd := exec.Command("rsync", append([]string{"-e", rsh}, args...)...)
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		err := cmd.Run()
		GinkgoWriter.Printf("rsync %v\n%s%s", args, out.String(), errb.String())
		code = 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else {
			Expect(err).NotTo(HaveOccurred())
		}
		return code, out.String(), errb.String()
	}
	when := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	tree := func(name string) string {
		root := filepath.Join(dir, name)
		Expect(os.MkdirAll(filepath.Join(root, "sub"), 0o755)).To(Succeed())
		Expect(os.WriteFile(filepath.Join(root, "a.txt"), []byte("alpha\n"), 0o640)).To(Succeed())
		Expect(os.Chmod(filepath.Join(root, "a.txt"), 0o640)).To(Succeed())
		big := bytes.Repeat([]byte("0123456789abcdef"), 64<<10) // 1 MiB
		Expect(os.WriteFile(filepath.Join(root, "sub", "big.bin"), big, 0o755)).To(Succeed())
		Expect(os.Chmod(filepath.Join(root, "sub", "big.bin"), 0o755)).To(Succeed())
		Expect(os.Symlink("a.txt", filepath.Join(root, "link"))).To(Succeed())
		for _, p := range []string{"a.txt", "sub/big.bin", "sub", "."} {
			Expect(os.Chtimes(filepath.Join(root, p), when, when)).To(Succeed())
		}
		return root
	}
	remote := func(p string) string { return "ops@127.0.0.1:" + p }
	fsys := func() *vfs.FS { return h.Machine().FS }

	It("pushes a tree with modes, times and symlinks, pulls it back the same, and a re-run sends nothing", func() {
		src := tree("src")
		code, out, errs := rsync("-av", src+"/", remote("/tmp/dst"))
		Expect(errs).To(BeEmpty())
		Expect(code).To(Equal(0))
		Expect(out).To(ContainSubstring("created directory /tmp/dst\n./\na.txt\nlink -> a.txt\nsub/\nsub/big.bin\n"))
		root := vfs.Cred{}
		st, err := fsys().Stat(root, "/tmp/dst/sub/big.bin")
		Expect(err).NotTo(HaveOccurred())
		Expect(st.Size).To(Equal(int64(1 << 20)))
		Expect(vfs.UnixMode(st.Mode) & 0o777).To(Equal(uint32(0o755)))
		Expect(st.ModTime.Equal(when)).To(BeTrue())
		a, err := fsys().ReadFile(root, "/tmp/dst/a.txt")
		Expect(err).NotTo(HaveOccurred())
		Expect(string(a)).To(Equal("alpha\n"))
		l, err := fsys().Lstat(root, "/tmp/dst/link")
		Expect(err).NotTo(HaveOccurred())
		Expect(l.Target).To(Equal("a.txt"))
		d, _ := fsys().Stat(root, "/tmp/dst")
		Expect(d.ModTime.Equal(when)).To(BeTrue())
		Expect(h.Events().OfKind(events.FileWrite)).To(ContainElement(And(
			HaveField("Detail", "/tmp/dst/sub/big.bin"), HaveField("BytesIn", int64(1<<20)), HaveField("User", "ops"))))

		code, out, errs = rsync("-av", src+"/", remote("/tmp/dst"))
		Expect(code).To(Equal(0), errs)
		Expect(out).To(MatchRegexp(`^building file list \.\.\. done\n\nsent \d+ bytes  received \d+ bytes`))

		back := filepath.Join(dir, "back")
		code, out, errs = rsync("-av", remote("/tmp/dst/"), back)
		Expect(code).To(Equal(0), errs)
		Expect(out).To(ContainSubstring("./\na.txt\nlink -> a.txt\nsub/\nsub/big.bin\n"))
		Expect(exec.Command("diff", "-r", "--no-dereference", src, back).CombinedOutput()).To(BeEmpty())
		fi, err := os.Stat(filepath.Join(back, "a.txt"))
		Expect(err).NotTo(HaveOccurred())
		Expect(fi.Mode().Perm()).To(Equal(os.FileMode(0o640)))
		Expect(fi.ModTime().Equal(when)).To(BeTrue())
	})

	It("sends deltas both ways, compressed with -z, and deletes with --delete", func() {
		src := tree("src")
		Expect(rsync("-a", src+"/", remote("/tmp/dst"))).To(Equal(0))
		big := filepath.Join(src, "sub", "big.bin")
		data, _ := os.ReadFile(big)
		copy(data[500000:], "CHANGED")
		Expect(os.WriteFile(big, data, 0o755)).To(Succeed())
		Expect(os.Remove(filepath.Join(src, "a.txt"))).To(Succeed())
		code, out, errs := rsync("-avz", "--delete", "--stats", src+"/", remote("/tmp/dst"))
		Expect(code).To(Equal(0), errs)
		Expect(out).To(ContainSubstring("deleting a.txt\n"))
		Expect(out).To(ContainSubstring("Number of deleted files: 1 (reg: 1)\n"))
		Expect(out).To(MatchRegexp(`Matched data: [0-9,]+ bytes`))
		got, err := fsys().ReadFile(vfs.Cred{}, "/tmp/dst/sub/big.bin")
		Expect(err).NotTo(HaveOccurred())
		Expect(bytes.Equal(got, data)).To(BeTrue())
		_, err = fsys().Stat(vfs.Cred{}, "/tmp/dst/a.txt")
		Expect(err).To(HaveOccurred())

		// a pull of a changed file against a local copy: matched blocks come back as tokens
		Expect(fsys().WriteFile(vfs.Cred{}, "/tmp/dst/sub/big.bin", append(got[:1000:1000], got[1010:]...), 0o755)).To(Succeed())
		code, out, errs = rsync("-avz", "--stats", remote("/tmp/dst/"), src)
		Expect(code).To(Equal(0), errs)
		Expect(out).To(MatchRegexp(`Matched data: [1-9][0-9,]+ bytes`))
		local, _ := os.ReadFile(big)
		Expect(bytes.Equal(local, append(got[:1000:1000], got[1010:]...))).To(BeTrue())
	})

	It("reports a missing source and a read-only target with the real client's texts and status 23", func() {
		code, _, errs := rsync("-a", remote("/nonexist/"), filepath.Join(dir, "out"))
		Expect(errs).To(ContainSubstring("rsync: [sender] change_dir \"/nonexist\" failed: No such file or directory (2)\n"))
		Expect(errs).To(ContainSubstring("(code 23)"))
		Expect(code).To(Equal(23))
		code, _, errs = rsync("-a", remote("/nonexist"), filepath.Join(dir, "out"))
		Expect(errs).To(ContainSubstring("rsync: [sender] link_stat \"/nonexist\" failed: No such file or directory (2)\n"))
		Expect(code).To(Equal(23))

		src := tree("src")
		code, _, errs = rsync("-a", src+"/", remote("/etc/"))
		// The generator and the receiver are two processes writing to one
		// stderr: each one's lines keep their order, the two interleave as the
		// host schedules them (as on a real host).
		mkstemp := regexp.MustCompile(`rsync: \[receiver\] mkstemp "/etc/\.a\.txt\.[A-Za-z0-9]{6}" failed: Permission denied \(13\)\n`)
		Expect(errs).To(MatchRegexp(mkstemp.String()))
		Expect(mkstemp.ReplaceAllString(errs, "")).To(HavePrefix("rsync: [generator] failed to set times on \"/etc/.\": Operation not permitted (1)\n" +
			"rsync: [generator] symlink \"/etc/link\" -> \"a.txt\" failed: Permission denied (13)\n" +
			"rsync: [generator] recv_generator: mkdir \"/etc/sub\" failed: Permission denied (13)\n*** Skipping any contents from this failed directory ***\n"))
		Expect(code).To(Equal(23))
		Expect(strings.Count(errs, "rsync error: some files/attrs were not transferred")).To(Equal(1))
	})

	It("stops at a full disk as the real receiver does, keeping the part sent with --partial", func() {
		Expect(fsys().SetFree("/", 128<<10)).To(Succeed())
		local := filepath.Join(dir, "big300k")
		Expect(os.WriteFile(local, bytes.Repeat([]byte{1, 2, 3}, 100000), 0o644)).To(Succeed())
		code, _, errs := rsync("-a", local, remote("/tmp/"))
		Expect(errs).To(Equal("rsync: [receiver] write failed on \"/tmp/big300k\": No space left on device (28)\n" +
			"rsync error: error in file IO (code 11) at receiver.c(401) [receiver=3.2.7]\n"))
		Expect(code).To(Equal(11))
		_, err := fsys().Stat(vfs.Cred{}, "/tmp/big300k")
		Expect(err).To(HaveOccurred())

		code, _, _ = rsync("-a", "--partial", local, remote("/tmp/"))
		Expect(code).To(Equal(11))
		st, err := fsys().Stat(vfs.Cred{}, "/tmp/big300k")
		Expect(err).NotTo(HaveOccurred())
		Expect(st.Size).To(BeNumerically(">", 0))
		Expect(st.Size).To(BeNumerically("<", 300000))
	})

	It("changes nothing with -n, and copies whole files or by checksum with -W and -c", func() {
		src := tree("src")
		code, out, errs := rsync("-avn", src+"/", remote("/tmp/dst"))
		Expect(code).To(Equal(0), errs)
		Expect(out).To(ContainSubstring("created directory /tmp/dst\n./\na.txt\nlink -> a.txt\nsub/\nsub/big.bin\n"))
		Expect(out).To(ContainSubstring(" (DRY RUN)\n"))
		_, err := fsys().Stat(vfs.Cred{}, "/tmp/dst")
		Expect(err).To(HaveOccurred())

		Expect(rsync("-aW", src+"/", remote("/tmp/dst"))).To(Equal(0))
		Expect(fsys().WriteFile(vfs.Cred{}, "/tmp/dst/a.txt", []byte("ALPHA\n"), 0o640)).To(Succeed())
		Expect(fsys().Chtimes(vfs.Cred{}, "/tmp/dst/a.txt", when, when)).To(Succeed())
		code, out, errs = rsync("-avc", src+"/", remote("/tmp/dst"))
		Expect(code).To(Equal(0), errs)
		Expect(out).To(ContainSubstring("\na.txt\n"))
		a, _ := fsys().ReadFile(vfs.Cred{}, "/tmp/dst/a.txt")
		Expect(string(a)).To(Equal("alpha\n"))
	})
})
