package personality

import (
	"strings"
	"testing/fstest"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/hostile-lab/hostile/simhost/basesys"
)

var _ = Describe("the personalities' data files", func() {
	It("describe debian12, debian11, rhel7 and solaris10-sparc, each with its installed system", func() {
		Expect(Names()).To(Equal([]string{"debian11", "debian12", "rhel7", "solaris10-sparc"}))
		for _, name := range Names() {
			p, err := Lookup(name)
			Expect(err).NotTo(HaveOccurred(), name)
			Expect(p.Base().Name).To(Equal(name))
			Expect(p.Image()).NotTo(BeNil())
			Expect(p.Base().Lookup("/etc/passwd")).NotTo(BeNil(), name)
			Expect(p.SSHVersion).To(HavePrefix("SSH-2.0-"), name)
		}
	})

	It("carry the versions of the programs the GNU hosts emulate", func() {
		for _, name := range []string{"debian12", "debian11", "rhel7"} {
			p, err := Lookup(name)
			Expect(err).NotTo(HaveOccurred())
			for _, program := range []string{"sudo", "sudoers-grammar", "sudo-timestamp-timeout", "sudo-timestamp-dir", "sudo-lecture-dir",
				"lvm2", "dm-driver", "coreutils", "grep", "bash", "rsync", "glibc", "openssh", "util-linux", "file"} {
				Expect(p.Version(program)).NotTo(BeEmpty(), "%s: %s", name, program)
			}
			Expect(p.Texts).To(HaveKey("rsync-version"), name)
			Expect(p.Texts).To(HaveKey("lvm-version"), name)
		}
		d12, _ := Lookup("debian12")
		Expect(d12.Version("sudo")).To(Equal("1.9.13p3"))
		Expect(d12.Version("coreutils")).To(Equal("9.1"))
		Expect(d12.Libc.Version).To(Equal("2.36"))
		Expect(d12.SSHVersion).To(MatchRegexp(`^SSH-2\.0-OpenSSH_9\.2p1 Debian-2\+deb12u\d+$`))
		Expect(d12.BashVersion).To(Equal("5.2.15(1)-release"))
	})

	It("give RHEL 7 its own sudoers, release, accounts and prompt, not Debian's", func() {
		rhel, _ := Lookup("rhel7")
		deb, _ := Lookup("debian12")
		Expect(rhel.Sudoers).To(ContainSubstring("%wheel\tALL=(ALL)\tALL"))
		Expect(rhel.Sudoers).To(ContainSubstring("#includedir /etc/sudoers.d"))
		Expect(rhel.Sudoers).NotTo(Equal(deb.Sudoers))
		Expect(rhel.ReleaseText).To(Equal("Red Hat Enterprise Linux Server release 7.9 (Maipo)\n"))
		Expect(rhel.BashPrompt).To(Equal(`[\u@\h \W]\$ `))
		Expect(deb.BashPrompt).To(Equal(`\u@\h:\w\$ `))
		passwd, _ := rhel.Base().Text("/etc/passwd")
		Expect(passwd).To(ContainSubstring("sshd:x:74:74:Privilege-separated SSH:/var/empty/sshd:/sbin/nologin\n"))
		sol, _ := Lookup("solaris10-sparc")
		Expect(sol.Sudoers).To(BeEmpty(), "Solaris 10 ships no sudo")
		Expect(sol.UsrMerged).To(BeTrue(), "/bin -> ./usr/bin")
		Expect(deb.UsrMerged).To(BeTrue())
	})

	It("has Debian's real tree: /bin/sh is dash, /usr is merged, /lib64, /run, /media and /boot are there", func() {
		for _, name := range []string{"debian12", "debian11"} {
			p, _ := Lookup(name)
			b := p.Base()
			Expect(b.Lookup("/usr/bin/sh")).To(HaveField("Target", "dash"), name)
			Expect(b.Lookup("/bin")).To(HaveField("Target", "usr/bin"), name)
			Expect(b.Lookup("/lib64").Type).To(Equal(basesys.Symlink), name)
			for _, dir := range []string{"/run", "/media", "/boot", "/srv", "/opt"} {
				Expect(b.Lookup(dir)).To(HaveField("Type", basesys.Dir), "%s: %s", name, dir)
			}
			for _, f := range []string{"/etc/passwd", "/etc/group", "/etc/shadow", "/etc/shells", "/etc/login.defs", "/etc/debian_version",
				"/etc/issue", "/etc/issue.net", "/etc/os-release", "/etc/fstab", "/etc/sudoers", "/etc/pam.d/sudo", "/etc/pam.d/sshd",
				"/etc/ssh/sshd_config", "/etc/skel/.bashrc", "/etc/skel/.profile", "/etc/skel/.bash_logout", "/root/.bashrc", "/var/lib/dpkg/status"} {
				_, ok := b.Text(f)
				Expect(ok).To(BeTrue(), "%s: %s has its text", name, f)
			}
			status, _ := b.Text("/var/lib/dpkg/status")
			Expect(status).To(ContainSubstring("Package: iproute2\n"), "the server package set, docker/packages.txt")
			Expect(status).To(ContainSubstring("Package: openssh-server\n"))
		}
	})

	It("is an error for an unknown personality, naming the known ones", func() {
		_, err := Lookup("rhel8")
		Expect(err).To(MatchError(`unknown personality "rhel8" (known: debian11, debian12, rhel7, solaris10-sparc)`))
	})

	It("compares versions number by number", func() {
		p := &Personality{Versions: map[string]string{"sudo": "1.9.13p3", "coreutils": "8.22", "lvm2": "2.03.16(2)"}}
		Expect(p.VersionAtLeast("sudo", "1.9")).To(BeTrue())
		Expect(p.VersionAtLeast("sudo", "1.9.13")).To(BeTrue())
		Expect(p.VersionAtLeast("sudo", "1.9.14")).To(BeFalse())
		Expect(p.VersionAtLeast("coreutils", "8.25")).To(BeFalse())
		Expect(p.VersionAtLeast("coreutils", "8.3")).To(BeTrue(), "8.22 is after 8.3")
		Expect(p.VersionAtLeast("lvm2", "2.3")).To(BeTrue())
		Expect(p.VersionAtLeast("rsync", "1")).To(BeFalse(), "a program the host does not ship")
	})

	Describe("a data file with a mistake", func() {
		const good = "name: x\ndescription: d\nbase: x.base\nsshd: openssh-9.2-debian\nbash_prompt: '$ '\nuname: {sysname: Linux}\nuserland: gnu\nshell: /bin/sh\npath: /bin\nroot_path: /bin\nhome_base: /home\nlibc: {family: glibc, path: /lib/libc.so.6}\nmachines: [x86_64]\nrelease_file: /etc/r\nsftp_server: /s\n"
		const base = "name x\nversion openssh OpenSSH_1\nversion glibc 2.1\nd 0755 0 0 0 0 /\nd 0755 0 0 0 0 /etc\nf 0644 0 0 2 0 /etc/r\nR\n\n"
		parseText := func(yaml, baseText string) (*Personality, error) {
			fsys := fstest.MapFS{"data/x.yaml": {Data: []byte(yaml)}, "data/x.base": {Data: []byte(baseText)}}
			p, err := parse(fsys, "data/x.yaml")
			if err != nil {
				return nil, err
			}
			return p, p.fill(fsys)
		}
		It("loads when it is right", func() {
			p, err := parseText(good, base)
			Expect(err).NotTo(HaveOccurred())
			Expect(p.ReleaseText).To(Equal("R\n"))
			Expect(p.SSHVersion).To(Equal("SSH-2.0-OpenSSH_1"))
		})
		It("names the file, line and field", func() {
			_, err := parseText(good+"colour: red\n", base)
			Expect(err).To(MatchError(ContainSubstring("data/x.yaml: yaml: unmarshal errors:\n  line 16: field colour not found")))
			_, err = parseText(good+"userland: bsd\n", base)
			Expect(err).To(MatchError(ContainSubstring(`mapping key "userland" already defined`)))
			_, err = parseText(good[:len(good)-len("sftp_server: /s\n")], base)
			Expect(err).To(MatchError("data/x.yaml: sftp_server: missing"))
			_, err = parseText(strings.Replace(good, "openssh-9.2-debian", "openssh-1.0", 1), base)
			Expect(err).To(MatchError(HavePrefix(`data/x.yaml: sshd: "openssh-1.0" is not a known sshd (openssh-7.4-rhel, `)))
			_, err = parseText(good+"versions: {}\n", "name x\nd 0755 0 0 0 0 /\nq what\n")
			Expect(err).To(MatchError(`data/x.base:3: unknown entry "q" (expected name, source, version, text, d, f, s, x, l or h)`))
			_, err = parseText(good, "name x\nd 0755 0 0 0 0 /\nf 0644 0 0 9 0 /etc/r\nR\n")
			Expect(err).To(MatchError("data/x.base:3: expected 9 bytes of content and a newline"))
			_, err = parseText(good, "name x\nversion openssh OpenSSH_1\nversion glibc 2.1\nd 0755 0 0 0 0 /\n")
			Expect(err).To(MatchError("data/x.base: release_file /etc/r is not a file of the base"))
		})
	})
})
