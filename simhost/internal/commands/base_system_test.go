package commands_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/shell"
)

// The host is its personality's installed system with the scenario laid
// over it: what a product reads there is the OS's own.
var _ = Describe("the installed system under the scenario", func() {
	It("lists Debian's system accounts before the scenario's users, with their real ids", func() {
		m := NewHost("debian12")
		r := Run(m, "ops", "getent passwd root sshd nobody ops; id -u ops")
		Expect(r.Stdout).To(MatchRegexp(`^root:x:0:0:root:/root:/bin/bash\nsshd:x:\d+:65534::/run/sshd:/usr/sbin/nologin\n` +
			`nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\nops:x:1000:1000::/home/ops:/bin/bash\n1000\n$`))
		Expect(Run(m, "ops", "readlink /bin/sh /usr/bin/sh; ls -d /lib64 /media /boot /run/sshd").Stdout).
			To(Equal("dash\ndash\n/boot\n/lib64\n/media\n/run/sshd\n"))
	})

	It("keeps a program's real size, mode and owner, and runs its emulation by the name it is called by", func() {
		m := NewHost("debian12")
		r := Run(m, "ops", "stat -c '%A %U %s' /usr/bin/sudo; stat -c '%A %N' /usr/sbin/pvs; /usr/sbin/pvs --version | head -1")
		Expect(r.Stdout).To(MatchRegexp(`^-rwsr-xr-x root \d{5,}\nlrwxrwxrwx '/usr/sbin/pvs' -> 'lvm'\n  LVM version:     2\.03\.16\(2\) \(2022-05-18\)\n$`))
		r = Run(m, "ops", "slabtop -o")
		Expect(r.Code).To(Equal(127), "an installed program the host does not emulate (procps's slabtop) is not run")
	})

	It("gives RHEL 7 and Debian their own prompts and sudoers", func() {
		for name, want := range map[string]string{"debian12": "ops@db01:~$ ", "rhel7": "[ops@db01 ~]$ "} {
			m := NewHost(name)
			s, err := shell.NewSession(m, shell.Options{User: m.User("ops"), Channel: "shell", TTY: true})
			Expect(err).NotTo(HaveOccurred())
			Expect(s.Prompt()).To(Equal(want), name)
			s.Close()
		}
		r := Run(NewHost("rhel7"), "root", "grep -c '^%wheel' /etc/sudoers; grep -c '^%sudo' /etc/sudoers")
		Expect(r.Stdout).To(Equal("1\n0\n"))
		Expect(Run(NewHost("rhel7"), "ops", "cat /etc/redhat-release").Stdout).To(Equal("Red Hat Enterprise Linux Server release 7.9 (Maipo)\n"))
	})

	It("lays a new host's changes over the base without touching another host's", func() {
		a, b := NewHost("debian12"), NewHost("debian12")
		Expect(Run(a, "root", "echo x >> /etc/issue; rm /usr/bin/sudo").Code).To(Equal(0))
		Expect(Run(b, "root", "cat /etc/issue; test -u /usr/bin/sudo && echo setuid").Stdout).To(Equal("Debian GNU/Linux 12 \\n \\l\n\nsetuid\n"))
	})
})

var _ = Describe("useradd's traces of the scenario's users", func() {
	It("gives each new user subordinate ids and each new group a gshadow line, as Debian's useradd does", func() {
		m := NewHost("debian12", func(d *machine.Description) {
			d.Users = append(d.Users, machine.User{Name: "guest", Password: "guest"})
		})
		r := Run(m, "root", "cat /etc/subuid /etc/subuid-; tail -2 /etc/gshadow; grep ^sudo: /etc/gshadow")
		Expect(r.Stdout).To(Equal("ops:100000:65536\nguest:165536:65536\nops:100000:65536\nops:!::\nguest:!::\nsudo:*::ops\n"))
	})
})
