package simhost_test

import (
	"path/filepath"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gexec"

	"github.com/hostile-lab/hostile/harness/hostiletest"
	"github.com/hostile-lab/hostile/internal/elfbin"
	"github.com/hostile-lab/hostile/simhost"
	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

var _ = Describe("the same command text on two personalities", func() {
	// run is one `ssh host cmd` with stdin at EOF (ssh -n), as a product's exec does.
	run := func(h *simhost.Host, cmd string) *gexec.Session {
		s := start(ssh(h, "ops", "-n", cmd))
		Eventually(s).Should(gexec.Exit())
		return s
	}
	var debian, solaris *simhost.Host
	BeforeEach(func() {
		debian = startHost(machine.Description{Personality: "debian12"})
		solaris = startHost(machine.Description{Personality: "solaris10-sparc", Users: []machine.User{
			{Name: "root", Password: "root"}, {Name: "ops", Password: "ops", Shell: "/bin/ksh"}}})
		for _, h := range []*simhost.Host{debian, solaris} {
			home := h.Machine().User("ops").Home
			Expect(h.Machine().FS.WriteFile(h.Machine().User("ops").Cred(), home+"/x", []byte("data"), 0o644)).To(Succeed())
		}
	})

	It("rm -i -f: GNU deletes silently, Solaris prompts and keeps the file", func() {
		s := run(debian, "rm -i -f x; ls x")
		Expect(s).To(gexec.Exit(2))
		Expect(string(s.Err.Contents())).To(Equal("ls: cannot access 'x': No such file or directory\n"))

		s = run(solaris, "rm -i -f x; ls x")
		Expect(s).To(gexec.Exit(0))
		Expect(string(s.Err.Contents())).To(Equal("rm: remove x (yes/no)? "))
		Expect(string(s.Out.Contents())).To(Equal("x\n"))
	})

	It("uname -a", func() {
		Expect(string(run(debian, "uname -a").Out.Contents())).To(Equal(
			"Linux db01 6.1.0-28-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22) x86_64 GNU/Linux\n"))
		Expect(string(run(solaris, "uname -a").Out.Contents())).To(Equal(
			"SunOS db01 5.10 Generic_147147-26 sun4v sparc SUNW,SPARC-Enterprise-T5220\n"))
	})

	It("an unknown command", func() {
		s := run(debian, "pfiles 1")
		Expect(s).To(gexec.Exit(127))
		Expect(string(s.Err.Contents())).To(Equal("bash: line 1: pfiles: command not found\n"))
		s = run(solaris, "pfiles 1")
		Expect(s).To(gexec.Exit(127))
		Expect(string(s.Err.Contents())).To(Equal("ksh: pfiles:  not found\n"))
	})

	It("permissions refuse a user where a real host would", func() {
		s := run(debian, "cat /etc/shadow; rm /etc/hostname")
		Expect(s).To(gexec.Exit(1))
		Expect(string(s.Err.Contents())).To(Equal(
			"cat: /etc/shadow: Permission denied\nrm: cannot remove '/etc/hostname': Permission denied\n"))
		_, err := debian.Machine().FS.Stat(vfs.Root, "/etc/hostname")
		Expect(err).NotTo(HaveOccurred())
	})
})

var _ = Describe("an uploaded binary, checked as the OS's loader checks it", func() {
	push := func(h *simhost.Host, path string, spec elfbin.Spec) {
		bin := must(elfbin.Write(spec))
		local := hostiletest.WriteTemp(filepath.Base(path), bin, 0o755)
		Eventually(start(openssh(h).SCP(nil, local, openssh(h).Remote("ops", path)))).Should(gexec.Exit(0))
	}

	It("fails on a glibc older than the binary needs, with glibc's words", func() {
		h := startHost(machine.Description{Personality: "debian11"})
		push(h, "/tmp/hello", elfbin.LinuxAmd64("GLIBC_2.34"))
		s := start(ssh(h, "ops", "-n", "/tmp/hello"))
		Eventually(s).Should(gexec.Exit(1))
		Expect(s.Out.Contents()).To(BeEmpty())
		Expect(string(s.Err.Contents())).To(Equal(
			"/tmp/hello: /lib/x86_64-linux-gnu/libc.so.6: version `GLIBC_2.34' not found (required by /tmp/hello)\n"))

		h = startHost(machine.Description{Personality: "debian12"})
		push(h, "/tmp/hello", elfbin.LinuxAmd64("GLIBC_2.34"))
		Eventually(start(ssh(h, "ops", "-n", "/tmp/hello"))).Should(gexec.Exit(0))
	})

	It("fails on Solaris with ld.so.1's words, and refuses another architecture", func() {
		h := startHost(machine.Description{Personality: "solaris10-sparc"})
		push(h, "/tmp/rsync", elfbin.SolarisSparc("SUNW_1.23"))
		s := start(ssh(h, "ops", "-n", "/tmp/rsync --version"))
		Eventually(s).Should(gexec.Exit(137))
		Expect(string(s.Err.Contents())).To(Equal(
			"ld.so.1: rsync: fatal: libc.so.1: version `SUNW_1.23' not found (required by file /tmp/rsync)\nKilled\n"))

		push(h, "/tmp/amd64", elfbin.LinuxAmd64())
		s = start(ssh(h, "ops", "-n", "/tmp/amd64"))
		Eventually(s).Should(gexec.Exit(126))
		Expect(string(s.Err.Contents())).To(ContainSubstring("/tmp/amd64: cannot execute binary file: Exec format error"))
	})

	It("runs a binary that fits, answering as the emulated tool of its name", func() {
		h := startHost(machine.Description{Personality: "solaris10-sparc"})
		push(h, "/tmp/rsync", elfbin.SolarisSparc("SUNW_1.22"))
		s := start(ssh(h, "ops", "-n", "/tmp/rsync --version; echo $?"))
		Eventually(s).Should(gexec.Exit(0))
		Expect(string(s.Out.Contents())).To(HaveSuffix("0\n"))
	})
})
