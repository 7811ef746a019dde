package system_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
	"github.com/hostile-lab/hostile/simhost/machine"
)

var _ = Describe("id", func() {
	It("prints the caller's or a user's ids and groups", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `id`).Stdout).To(Equal("uid=1000(ops) gid=1000(ops) groups=1000(ops),27(sudo)\n"))
		Expect(Run(m, "ops", `id root`).Stdout).To(Equal("uid=0(root) gid=0(root) groups=0(root)\n"))
		Expect(Run(m, "root", `id`).Stdout).To(Equal("uid=0(root) gid=0(root) groups=0(root)\n"))
		Expect(Run(m, "ops", `id -u; id -un; id -g; id -gn; id -G; id -Gn; id -u root`).Stdout).
			To(Equal("1000\nops\n1000\nops\n1000 27\nops sudo\n0\n"))
	})
	It("names a primary group given by its usual id that the installed system lacks, as the package bringing the user adds it", func() {
		// healthy-rhel7's vdsm: uid 36, gid 36 (kvm), in qemu; RHEL 7's base has neither group.
		m := NewHost("rhel7", func(d *machine.Description) {
			d.Users = append(d.Users, machine.User{Name: "vdsm", UID: 36, GID: 36, Groups: []string{"qemu"}, Shell: "/bin/bash"})
		})
		Expect(Run(m, "ops", `id vdsm; getent group kvm qemu`).Stdout).To(Equal(
			"uid=36(vdsm) gid=36(kvm) groups=36(kvm),107(qemu)\nkvm:x:36:\nqemu:x:107:vdsm\n"))
	})
	It("fails for an unknown user or a bad combination", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `id nosuchuser`)).To(Exited(1, "id: 'nosuchuser': no such user\n"))
		Expect(Run(m, "ops", `id -n`)).To(Exited(1, "id: cannot print only names or real IDs in default format\n"))
		Expect(Run(m, "ops", `id -u -g`).Stderr).To(Equal("id: cannot print \"only\" of more than one choice\n"))
		Expect(Run(m, "ops", `id -k`).Stderr).To(Equal("id: invalid option -- 'k'\nTry 'id --help' for more information.\n"))
	})
	It("leaves the groups out on Solaris unless -a", func() {
		m := NewHost("solaris10-sparc")
		Expect(Run(m, "ops", `id`).Stdout).To(Equal("uid=1000(ops) gid=1000(ops)\n"))
		Expect(Run(m, "ops", `id -a`).Stdout).To(Equal("uid=1000(ops) gid=1000(ops) groups=1000(ops),27(sudo)\n"))
		Expect(Run(m, "ops", `id -u`)).To(Exited(2, "id: illegal option -- u\nUsage: id [-ap] [user]\n"))
		Expect(Run(m, "ops", `id nosuchuser`).Stderr).To(Equal("id: invalid user name: \"nosuchuser\"\n"))
	})
})

var _ = Describe("whoami, groups and logname", func() {
	It("name the user and its groups", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `whoami; groups; groups ops root`).Stdout).To(Equal("ops\nops sudo\nops : ops sudo\nroot : root\n"))
		Expect(Run(m, "ops", `groups nosuchuser`)).To(Exited(1, "groups: 'nosuchuser': no such user\n"))
		Expect(Run(m, "ops", `whoami x`).Stderr).To(Equal("whoami: extra operand 'x'\nTry 'whoami --help' for more information.\n"))
	})
	It("names the user who logged in, also without a terminal and under sudo, as pam_loginuid lets glibc", func() {
		m := NewHost("debian12", SeedSudoers("ops ALL=(ALL) NOPASSWD: ALL"))
		Expect(Run(m, "ops", `logname; sudo -n logname`)).To(Equal(Result{Stdout: "ops\nops\n"}))
		r := Run(NewHost("solaris10-sparc"), "ops", `logname`)
		Expect(r.Stderr).To(Equal("logname: no login name\n"), "Solaris looks for the terminal in utmpx")
		Expect(r.Code).To(Equal(1))
	})
	It("says there is no terminal for tty, as for ssh host tty", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `tty`)).To(Equal(Result{Stdout: "not a tty\n", Code: 1}))
		Expect(Run(m, "ops", `tty -s`)).To(Equal(Result{Code: 1}))
		Expect(Run(m, "ops", `tty x`)).To(Equal(Result{Stderr: "tty: extra operand 'x'\nTry 'tty --help' for more information.\n", Code: 2}))
		Expect(RunTTY(m, "ops", `tty`, "").Stdout).To(Equal("/dev/pts/0\n"))
	})
	It("keeps whoami out of Solaris' /usr/bin", func() {
		Expect(Run(NewHost("solaris10-sparc"), "ops", `whoami`).Stderr).To(Equal("sh: whoami: not found\n"))
		Expect(Run(NewHost("solaris10-sparc"), "ops", `groups ops`).Stdout).To(Equal("ops sudo\n"))
	})
})
