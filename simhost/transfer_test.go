package simhost_test

import (
	"os"
	"path/filepath"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gbytes"
	"github.com/onsi/gomega/gexec"

	"github.com/hostile-lab/hostile/simhost"
	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

// sftpBatch runs the real OpenSSH sftp client with a batch of commands.
func sftpBatch(h *simhost.Host, user string, batch ...string) *gexec.Session {
	return start(must(openssh(h).SFTP(user, batch...)))
}

// scp runs the real OpenSSH scp client; remote paths are written "user@127.0.0.1:PATH".
func scp(h *simhost.Host, extra []string, from, to string) *gexec.Session {
	return start(openssh(h).SCP(extra, from, to))
}

var _ = Describe("file transfer with the real OpenSSH sftp and scp", func() {
	var (
		h     *simhost.Host
		local string
	)
	BeforeEach(func() {
		h = startHost(machine.Description{Personality: "debian12"})
		local = GinkgoT().TempDir()
		Expect(os.WriteFile(filepath.Join(local, "report.txt"), []byte("quarterly numbers\n"), 0o640)).To(Succeed())
	})
	read := func(p string) string { return string(must(h.Machine().FS.ReadFile(vfs.Root, p))) }

	It("uploads, lists, renames, downloads and removes over sftp", func() {
		s := sftpBatch(h, "ops",
			"put "+filepath.Join(local, "report.txt"),
			"ls -l",
			"rename report.txt q3.txt",
			"get q3.txt "+filepath.Join(local, "back.txt"),
			"mkdir archive",
			"rm q3.txt",
			"ls",
		)
		Eventually(s).Should(gexec.Exit(0))
		Expect(s.Out).To(gbytes.Say(`-rw-r-----\s+\?\s+ops\s+ops\s+18 .* report.txt`))
		Expect(os.ReadFile(filepath.Join(local, "back.txt"))).To(Equal([]byte("quarterly numbers\n")))
		_, err := h.Machine().FS.Stat(vfs.Root, "/home/ops/q3.txt")
		Expect(err).To(HaveOccurred())
		Expect(must(h.Machine().FS.Stat(vfs.Root, "/home/ops/archive")).IsDir()).To(BeTrue())
	})

	It("refuses an upload where the user may not write, as sftp-server does", func() {
		s := sftpBatch(h, "ops", "put "+filepath.Join(local, "report.txt")+" /etc/report.txt")
		Eventually(s).Should(gexec.Exit(1))
		Expect(s.Err).To(gbytes.Say(`Permission denied`))
	})

	It("shows a file uploaded with sftp to cat over exec, and rm removes it", func() {
		Eventually(sftpBatch(h, "ops", "put "+filepath.Join(local, "report.txt")+" /tmp/r.txt")).Should(gexec.Exit(0))
		s := start(ssh(h, "ops", "cat /tmp/r.txt && rm /tmp/r.txt && ls /tmp"))
		Eventually(s).Should(gexec.Exit(0))
		Expect(string(s.Out.Contents())).To(Equal("quarterly numbers\n"))
	})

	It("copies both ways with default scp (over sftp) and with scp -O (the scp protocol)", func() {
		for _, mode := range [][]string{nil, {"-O"}} {
			Eventually(scp(h, mode, filepath.Join(local, "report.txt"), "ops@127.0.0.1:/tmp/up.txt")).Should(gexec.Exit(0))
			Expect(read("/tmp/up.txt")).To(Equal("quarterly numbers\n"))
			back := filepath.Join(local, "down.txt")
			Eventually(scp(h, mode, "ops@127.0.0.1:/etc/hostname", back)).Should(gexec.Exit(0))
			Expect(os.ReadFile(back)).To(Equal([]byte("db01\n")))
			Expect(h.Machine().FS.Unlink(vfs.Root, "/tmp/up.txt")).To(Succeed())
		}
		Expect(h.Events().OfKind("command")).To(ContainElement(HaveField("Argv", ContainElement("-t"))))
	})

	It("scp -O reports a permission error as a real host does", func() {
		s := scp(h, []string{"-O"}, filepath.Join(local, "report.txt"), "ops@127.0.0.1:/etc/")
		Eventually(s).Should(gexec.Exit(1))
		Expect(s.Err).To(gbytes.Say(`scp: /etc//report.txt: Permission denied`)) // OpenSSH joins "/etc/" and the name with another slash
	})

	It("lets rc-file noise corrupt sftp, as it does against sshd", func() {
		noisy := startHost(machine.Description{Users: []machine.User{{Name: "ops", RC: map[string]string{
			".bashrc": "echo Welcome to the production database host\n",
		}}}})
		s := sftpBatch(noisy, "ops", "ls")
		Eventually(s).Should(gexec.Exit(255))
		Expect(s.Err).To(gbytes.Say(`Received message too long|Connection closed`))
	})
})
