package suites_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gexec"

	"github.com/hostile-lab/hostile/harness"
	"github.com/hostile-lab/hostile/harness/hostiletest"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

// paramikoProbe logs in with a password and exercises exec, stdin, stderr,
// exit status and SFTP the way a Python product would.
const paramikoProbe = `
import sys, paramiko
host, port, user, password = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
c = paramiko.SSHClient()
c.set_missing_host_key_policy(paramiko.AutoAddPolicy())
c.connect(host, port=port, username=user, password=password, look_for_keys=False, allow_agent=False, timeout=10)
stdin, stdout, stderr = c.exec_command("cat; echo err >&2; exit 4", timeout=10)
stdin.write("from paramiko\n"); stdin.channel.shutdown_write()
print("out=%r err=%r status=%d" % (stdout.read().decode(), stderr.read().decode(), stdout.channel.recv_exit_status()))
sftp = c.open_sftp()
with sftp.open("/tmp/paramiko.txt", "w") as f:
    f.write("written by sftp\n")
print("stat=%d" % sftp.stat("/tmp/paramiko.txt").st_size)
sftp.close()
c.close()
`

// The simulated host must look like a real host to every client a product may
// use, not only to OpenSSH.
var _ = Describe("real clients against the simulated host", Label("clients"), func() {
	for _, name := range []string{"healthy-debian12", "healthy-debian11", "healthy-rhel7", "healthy-solaris10"} {
		It("OpenSSH ssh, sftp and scp against "+name, func() {
			s := scenario(name)
			t := simulated(s)
			o := &harness.OpenSSH{Host: "127.0.0.1", Port: t.Host.Port(), Identity: hostiletest.Key(), Dir: GinkgoT().TempDir()}
			user := s.Stimulus.User
			run := func(cmd *exec.Cmd) *gexec.Session {
				sess, err := gexec.Start(cmd, GinkgoWriter, GinkgoWriter)
				Expect(err).NotTo(HaveOccurred())
				Eventually(sess).Should(gexec.Exit())
				return sess
			}
			Expect(run(o.SSH(user, "-n", "echo $USER; exit 7"))).To(gexec.Exit(7))

			local := filepath.Join(o.Dir, "probe.txt")
			Expect(os.WriteFile(local, []byte("probe\n"), 0o644)).To(Succeed())
			Expect(run(must(o.SFTP(user, "put "+local+" /tmp/via-sftp.txt")))).To(gexec.Exit(0))
			Expect(run(o.SCP([]string{"-O"}, local, o.Remote(user, "/tmp/via-scp.txt")))).To(gexec.Exit(0))
			for _, p := range []string{"/tmp/via-sftp.txt", "/tmp/via-scp.txt"} {
				Expect(t.Host.Machine().FS.ReadFile(vfs.Root, p)).To(Equal([]byte("probe\n")))
			}
		})
	}

	It("paramiko (Python) execs with stdin, stderr and exit status apart, and writes over SFTP", func() {
		if _, err := os.Stat("/usr/bin/python3"); err != nil {
			Fail("python3 is not installed; .ci/run installs python3-paramiko")
		}
		s := scenario("healthy-debian12")
		t := simulated(s)
		user := s.Stimulus.User
		cmd := exec.Command("/usr/bin/python3", "-c", paramikoProbe, "127.0.0.1", strconv.Itoa(t.Host.Port()), user, t.Credentials(user).Password)
		sess, err := gexec.Start(cmd, GinkgoWriter, GinkgoWriter)
		Expect(err).NotTo(HaveOccurred())
		Eventually(sess).Should(gexec.Exit(0))
		Expect(string(sess.Out.Contents())).To(Equal("out='from paramiko\\n' err='err\\n' status=4\nstat=16\n"))
	})
})

func must[T any](v T, err error) T {
	Expect(err).NotTo(HaveOccurred())
	return v
}
