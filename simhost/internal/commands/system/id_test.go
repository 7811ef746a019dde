package system_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/hostile-lab/hostile/simhost/machine"
)

var _ = Describe("id", func() {
	It("prints the caller's or a user's ids and groups", func() {
		m := newHost("debian12")
		Expect(run(m, "ops", `id`).Stdout).To(Equal("uid=1000(ops) gid=1000(ops) groups=1000(ops),27(sudo)\n"))
		Expect(run(m, "ops", `id root`).Stdout).To(Equal("uid=0(root) gid=0(root) groups=0(root)\n"))
		Expect(run(m, "root", `id`).Stdout).To(Equal("uid=0(root) gid=0(root) groups=0(root)\n"))
		Expect(run(m, "ops", `id -u; id -un; id -g; id -gn; id -G; id -Gn; id -u root`).Stdout).
			To(Equal("1000\nops\n1000\nops\n1000 27\nops sudo\n0\n"))
	})
	It("names a primary group given by its usual id that the installed system lacks, as the package bringing the user adds it", func() {
		// healthy-rhel7's vdsm: uid 36, gid 36 (kvm), in qemu; RHEL 7's base has neither group.
		m := newHost("rhel7", func(d *machine.Description) {
			d.Users = append(d.Users, machine.User{Name: "vdsm", UID: 36, GID: 36, Groups: []string{"qemu"}, Shell: "/bin/bash"})
		})
		Expect(run(m, "ops", `id vdsm; getent group kvm qemu`).Stdout).To(Equal(
			"uid=36(vdsm) gid=36(kvm) groups=36(kvm),107(qemu)\nkvm:x:36:\nqemu:x:107:vdsm\n"))
	})
	It("fails for an unknown user or a bad combination", func() {
		m := newHost("debian12")
		r := run(m, "ops", `id nosuchuser`)
		Expect(r.Stderr).To(Equal("id: 'nosuchuser': no such user\n"))
		Expect(r.Code).To(Equal(1))
		r = run(m, "ops", `id -n`)
		Expect(r.Stderr).To(Equal("id: cannot print only names or real IDs in default format\n"))
		Expect(r.Code).To(Equal(1))
		Expect(run(m, "ops", `id -u -g`).Stderr).To(Equal("id: cannot print \"only\" of more than one choice\n"))
		Expect(run(m, "ops", `id -k`).Stderr).To(Equal("id: invalid option -- 'k'\nTry 'id --help' for more information.\n"))
	})
	It("leaves the groups out on Solaris unless -a", func() {
		m := newHost("solaris10-sparc")
		Expect(run(m, "ops", `id`).Stdout).To(Equal("uid=1000(ops) gid=1000(ops)\n"))
		Expect(run(m, "ops", `id -a`).Stdout).To(Equal("uid=1000(ops) gid=1000(ops) groups=1000(ops),27(sudo)\n"))
		r := run(m, "ops", `id -u`)
		Expect(r.Stderr).To(Equal("id: illegal option -- u\nUsage: id [-ap] [user]\n"))
		Expect(r.Code).To(Equal(2))
		Expect(run(m, "ops", `id nosuchuser`).Stderr).To(Equal("id: invalid user name: \"nosuchuser\"\n"))
	})
})

var _ = Describe("whoami, groups and logname", func() {
	It("name the user and its groups", func() {
		m := newHost("debian12")
		Expect(run(m, "ops", `whoami; groups; groups ops root`).Stdout).To(Equal("ops\nops sudo\nops : ops sudo\nroot : root\n"))
		r := run(m, "ops", `groups nosuchuser`)
		Expect(r.Stderr).To(Equal("groups: 'nosuchuser': no such user\n"))
		Expect(r.Code).To(Equal(1))
		Expect(run(m, "ops", `whoami x`).Stderr).To(Equal("whoami: extra operand 'x'\nTry 'whoami --help' for more information.\n"))
	})
	It("names the user who logged in, also without a terminal and under sudo, as pam_loginuid lets glibc", func() {
		m := newHost("debian12", privSudoers("ops ALL=(ALL) NOPASSWD: ALL"))
		Expect(run(m, "ops", `logname; sudo -n logname`)).To(Equal(result{Stdout: "ops\nops\n"}))
		r := run(newHost("solaris10-sparc"), "ops", `logname`)
		Expect(r.Stderr).To(Equal("logname: no login name\n"), "Solaris looks for the terminal in utmpx")
		Expect(r.Code).To(Equal(1))
	})
	It("says there is no terminal for tty, as for ssh host tty", func() {
		m := newHost("debian12")
		Expect(run(m, "ops", `tty`)).To(Equal(result{Stdout: "not a tty\n", Code: 1}))
		Expect(run(m, "ops", `tty -s`)).To(Equal(result{Code: 1}))
		Expect(run(m, "ops", `tty x`)).To(Equal(result{Stderr: "tty: extra operand 'x'\nTry 'tty --help' for more information.\n", Code: 2}))
		Expect(runTTY(m, "ops", `tty`, "").Stdout).To(Equal("/dev/pts/0\n"))
	})
	It("keeps whoami out of Solaris' /usr/bin", func() {
		r := run(newHost("solaris10-sparc"), "ops", `whoami`)
		Expect(r.Stderr).To(Equal("sh: whoami: not found\n"))
		Expect(run(newHost("solaris10-sparc"), "ops", `groups ops`).Stdout).To(Equal("ops sudo\n"))
	})
})
