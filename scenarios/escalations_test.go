package scenarios_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gbytes"
	"github.com/onsi/gomega/gexec"

	"github.com/hostile-lab/hostile/harness"
	"github.com/hostile-lab/hostile/internal/elfbin"
	"github.com/hostile-lab/hostile/scenarios"
	"github.com/hostile-lab/hostile/simhost"
	"github.com/hostile-lab/hostile/simhost/events"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

// The escalations served as `hostile serve --scenario` serves them (with the
// user ops) and poked at with the real OpenSSH client, as an engineer on the
// case would: each shows its misbehaviour by hand.

// byHand serves a built-in scenario with ops and returns the host and an
// OpenSSH that logs in with a key ops also accepts.
func byHand(name string) (*simhost.Host, *harness.OpenSSH) {
	GinkgoHelper()
	dir := GinkgoT().TempDir()
	id, err := harness.NewIdentity(dir)
	Expect(err).NotTo(HaveOccurred())
	s := get(name).WithOps()
	for i := range s.Host.Users {
		if s.Host.Users[i].Name == scenarios.OpsUser {
			s.Host.Users[i].AuthorizedKeys = []string{id.AuthorizedKey}
		}
	}
	h := serve(s)
	return h, &harness.OpenSSH{Host: "127.0.0.1", Port: h.Port(), Identity: id, Dir: dir}
}

func run(cmd *exec.Cmd) *gexec.Session {
	GinkgoHelper()
	s, err := gexec.Start(cmd, GinkgoWriter, GinkgoWriter)
	Expect(err).NotTo(HaveOccurred())
	DeferCleanup(func() { s.Kill().Wait(5 * time.Second) })
	return s
}

func exists(h *simhost.Host, p string) bool {
	_, err := h.Machine().FS.Stat(vfs.Root, p)
	return err == nil
}

var _ = Describe("the escalations, by hand", func() {
	It("rm-alias-solaris: ssh ops@host 'rm -f LOG' with stdin open prompts on stderr, waits, and leaves the file", func() {
		h, o := byHand("rm-alias-solaris")
		const log = "/export/home/oracle/logs/arch_1.log"
		cmd, err := o.SSHPassword("ops", "ops", "rm -f "+log)
		Expect(err).NotTo(HaveOccurred())
		stdin, err := cmd.StdinPipe() // held open, as the product's Java client held it
		Expect(err).NotTo(HaveOccurred())
		ssh := run(cmd)

		Eventually(ssh.Err).Should(gbytes.Say(regexp.QuoteMeta("rm: remove " + log + " (yes/no)? ")))
		Consistently(ssh, time.Second).ShouldNot(gexec.Exit(), "rm waits for an answer that never comes")
		Expect(exists(h, log)).To(BeTrue())
		Expect(h.OpenSessions()).To(Equal(1))

		stdin.Close() // EOF: Solaris rm takes it for "no"
		Eventually(ssh).Should(gexec.Exit(0))
		Expect(exists(h, log)).To(BeTrue(), "the file is never deleted")
		Expect(h.Events().Filter(func(e events.Event) bool {
			return e.Kind == events.Command && e.User == "ops" && len(e.Argv) > 1 && e.Argv[1] == "-i"
		})).NotTo(BeEmpty(), "the command that ran was rm -i -f: the alias, expanded")

		// `command rm`, as the hardened product sends it, skips the alias.
		ok := run(must(o.SSHPassword("ops", "ops", "command rm -f -- "+log)))
		Eventually(ok).Should(gexec.Exit(0))
		Expect(exists(h, log)).To(BeFalse())
	})

	It("sudo-pam-lastlog: sudo -n pvs output starts with the lastlog banner", func() {
		_, o := byHand("sudo-pam-lastlog")
		ssh := run(must(o.SSHPassword("ops", "ops", "sudo -n /sbin/pvs --noheadings --separator '|' -o pv_name,vg_name")))
		Eventually(ssh).Should(gexec.Exit(0))
		Expect(string(ssh.Out.Contents())).To(Equal("Last login: Fri Dec 28 21:41:33 EST 2018 on pts/0\n" +
			"  /dev/mapper/36001405121e8fa462d6e85bda6a31787|0af5ac87-0692-4534-b582-40df4a7a0305\n" +
			"  /dev/mapper/36001405793cf4220c917b85386088659|2d733dcd-ef40-4f2e-94c0-ce681f44ebd1\n" +
			"  /dev/mapper/360014059b2ac757f8290996dd9de5798|2d733dcd-ef40-4f2e-94c0-ce681f44ebd1\n" +
			"  /dev/sda2|rhvh\n"))
		Expect(string(ssh.Err.Contents())).To(BeEmpty())
	})

	DescribeTable("a helper built too new, pushed with scp and run, dies in the loader with the libc's own words",
		func(name string, build elfbin.Spec, dest, stderr string, code int) {
			h, o := byHand(name)
			bin, err := elfbin.Write(build)
			Expect(err).NotTo(HaveOccurred())
			local := filepath.Join(o.Dir, filepath.Base(dest))
			Expect(os.WriteFile(local, bin, 0o755)).To(Succeed())

			scp := run(o.SCP(nil, local, o.Remote("ops", dest)))
			Eventually(scp).Should(gexec.Exit(0))
			Expect(h.Machine().FS.ReadFile(vfs.Root, dest)).To(Equal(bin))

			ssh := run(o.SSH("ops", "chmod 755 "+dest+" && "+dest+" --version"))
			Eventually(ssh).Should(gexec.Exit(code))
			Expect(string(ssh.Err.Contents())).To(Equal(stderr))
			Expect(string(ssh.Out.Contents())).To(BeEmpty())
		},
		Entry("old-glibc-push", "old-glibc-push", elfbin.LinuxAmd64("GLIBC_2.34"), "/tmp/hostile-helper",
			"/tmp/hostile-helper: /lib/x86_64-linux-gnu/libc.so.6: version `GLIBC_2.34' not found (required by /tmp/hostile-helper)\n", 1),
		Entry("old-libc-solaris", "old-libc-solaris", elfbin.SolarisSparc("SUNW_1.23"), "/var/tmp/rsync",
			"ld.so.1: rsync: fatal: libc.so.1: version `SUNW_1.23' not found (required by file /var/tmp/rsync)\nKilled\n", 137),
	)
})

func must[T any](v T, err error) T {
	GinkgoHelper()
	Expect(err).NotTo(HaveOccurred())
	return v
}
