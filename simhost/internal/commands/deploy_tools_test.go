package commands_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
	"github.com/hostile-lab/hostile/simhost/machine"
)

// What deploy and configuration tools (Ansible, Capistrano, Fabric) run over
// SSH, as the real Debian 12 and 11 containers answered it.
var _ = Describe("deploy tools' commands", func() {
	withGuest := func(d *machine.Description) {
		d.Users = append(d.Users, machine.User{Name: "guest", Password: "guest"})
	}

	It("lsb_release reads os-release; bullseye's Python one says no LSB modules are installed", func() {
		Expect(Run(NewHost("debian12"), "ops", "lsb_release -a; lsb_release -sc; lsb_release -x")).To(Equal(Result{Stdout: "Distributor ID:\tDebian\nDescription:\tDebian GNU/Linux 12 (bookworm)\nRelease:\t12\nCodename:\tbookworm\nbookworm\n", Stderr: "lsb_release: invalid option -- 'x'\n", Code: 2}))
		Expect(Run(NewHost("debian11"), "ops", "lsb_release -a; lsb_release -si; lsb_release -u")).To(Printed("Distributor ID:\tDebian\nDescription:\tDebian GNU/Linux 11 (bullseye)\nRelease:\t11\nCodename:\tbullseye\nDebian\n", "No LSB modules are available.\nUsage: lsb_release [options]\n\nlsb_release: error: no such option: -u\n"))
	})

	It("sudo 1.9.13 gives no lecture when -S reads the password without a terminal; 1.9.5 does", func() {
		script := "sudo -S -p 'P:' true"
		Expect(Run(NewHost("debian12", withGuest), "guest", script).Stderr).To(Equal("P:\nsudo: no password was provided\nsudo: a password is required\n"))
		Expect(Run(NewHost("debian11", withGuest), "guest", script).Stderr).To(HavePrefix("\nWe trust you have received the usual lecture"))
	})

	It("sudo -v refuses a user with no rules at once, even with -n", func() {
		Expect(Run(NewHost("debian12", withGuest), "guest", "sudo -n -v")).To(Exited(1, "Sorry, user guest may not run sudo on db01.\n"))
	})

	It("sudo takes VAR=value between its options and --, as SSHKit's user() sends", func() {
		r := Run(NewHost("debian12", withGuest), "root", `sudo -u guest RAILS_ENV="production" -- sh -c 'echo $RAILS_ENV; id -un'`)
		Expect(r.Stdout).To(Equal("production\nguest\n"))
		Expect(r.Code).To(Equal(0))
	})

	It("dpkg-query lists in database order, dpkg --get-selections in the patterns' order", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `dpkg-query -W -f '${Package}\n' sudo bash`).Stdout).To(Equal("bash\nsudo\n"))
		Expect(Run(m, "ops", "dpkg --get-selections sudo openssh-server").Stdout).To(Equal("sudo\t\t\t\t\t\tinstall\nopenssh-server\t\t\t\t\tinstall\n"))
		Expect(Run(m, "ops", "dpkg --print-foreign-architectures; echo $?").Stdout).To(Equal("0\n"))
	})

	DescribeTable("dpkg --compare-versions orders as deb-version(7)",
		func(a, op, b string, holds bool) {
			code := Run(NewHost("debian12"), "ops", "dpkg --compare-versions '"+a+"' "+op+" '"+b+"'").Code
			if holds {
				Expect(code).To(Equal(0))
			} else {
				Expect(code).To(Equal(1))
			}
		},
		Entry(nil, "1.9.13p3", "gt", "1.9.5p2", true),
		Entry(nil, "1:1.0", "gt", "2.0", true),
		Entry(nil, "1.0~rc1", "lt", "1.0", true),
		Entry(nil, "1.0-1", "lt", "1.0-1+deb12u1", true),
		Entry(nil, "2.36-9", "eq", "2.36-9", true),
		Entry(nil, "", "lt", "1", true),
		Entry(nil, "", "lt-nl", "1", false),
		Entry(nil, "1.2a", "ge", "1.2b", false),
	)

	It("apt-get -s warns a user who is not root that it only simulates", func() {
		r := Run(NewHost("debian12"), "ops", "apt-get -s install nosuchpackage")
		Expect(r.Stdout).To(HavePrefix("NOTE: This is only a simulation!\n      apt-get needs root privileges for real execution.\n"))
		Expect(r.Code).To(Equal(100))
	})

	It("install copies with mode and owner, and says when it may not chown", func() {
		m := NewHost("debian12")
		Expect(Run(m, "root", "printf x > /etc/a.conf; install -m 0640 -o root -g ops /etc/a.conf /etc/b.conf && stat -c '%a %U %G' /etc/b.conf; install -d -m 0750 /srv/x/y && stat -c '%a %F' /srv/x/y").Stdout).To(Equal("640 root ops\n750 directory\n"))
		Expect(Run(m, "ops", "install -m 0640 -o root /etc/a.conf /tmp/c.conf; echo $?")).To(Printed("1\n", "install: cannot change ownership of '/tmp/c.conf': Operation not permitted\n"))
	})

	It("getent hosts asks for IPv6 first, as glibc's getent", func() {
		Expect(Run(NewHost("debian12"), "ops", "getent hosts localhost; getent hosts 127.0.0.1").Stdout).To(Equal("::1             localhost ip6-localhost ip6-loopback\n127.0.0.1       localhost\n"))
	})

	It("GNU ln -f and mkdir -p name the step that failed", func() {
		m := NewHost("debian12", withGuest)
		Expect(Run(m, "guest", "ln -nfs /tmp /etc/hostname; mkdir -p /root/.ansible/tmp; mkdir -p /etc/a/b").Stderr).To(Equal("ln: failed to create symbolic link '/etc/hostname': Permission denied\n" +
			"mkdir: cannot create directory '/root': Permission denied\n" +
			"mkdir: cannot create directory '/etc/a': Permission denied\n"))
	})

	It("bash's command -v succeeds when any of the names is found", func() {
		Expect(Run(NewHost("debian12"), "ops", "command -v apt-get yum; echo $?").Stdout).To(Equal("/usr/bin/apt-get\n0\n"))
	})

	It("has what a deploy checks: sha1sum, /dev/shm, env and util-linux versions", func() {
		Expect(Run(NewHost("debian12"), "ops", "printf x | sha1sum; stat -c '%a' /dev/shm; env --version | head -1; findmnt --version; lsblk -V").Stdout).To(Equal("11f6ad8ec52a2984abaafd7c3b516503785c2072  -\n1777\nenv (GNU coreutils) 9.1\nfindmnt from util-linux 2.38.1\nlsblk from util-linux 2.38.1\n"))
	})
})

var _ = Describe("passwd -S and chage -l", func() {
	It("report an account's password state and aging from /etc/shadow, each release in its date format", func() {
		Expect(Run(NewHost("debian12"), "root", "passwd -S ops | cut -d' ' -f1,2; passwd -S daemon | cut -d' ' -f1,2; passwd -S root | cut -d' ' -f3 | grep -c '^....-..-..$'; chage -l daemon | tail -3").Stdout).To(Equal("ops P\ndaemon L\n1\nMinimum number of days between password change\t\t: 0\n" +
			"Maximum number of days between password change\t\t: 99999\nNumber of days of warning before password expires\t: 7\n"))
		Expect(Run(NewHost("debian11"), "root", "passwd -S ops | cut -d' ' -f3 | grep -c '^../../....$'").Stdout).To(Equal("1\n"))
	})

	It("refuse another user's account to a user who is not root", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", "passwd -S root")).To(Equal(Result{Stderr: "passwd: You may not view or modify password information for root.\n", Code: 1}))
		Expect(Run(m, "ops", "chage -l root")).To(Equal(Result{Stderr: "chage: Permission denied.\n", Code: 1}))
		Expect(Run(m, "root", "chage -l nosuch")).To(Equal(Result{Stderr: "chage: user 'nosuch' does not exist in /etc/passwd\n", Code: 1}))
	})
})
