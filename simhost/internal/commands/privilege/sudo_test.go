package privilege_test

import (
	"regexp"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
	"github.com/hostile-lab/hostile/simhost/machine"
)

var _ = Describe("sudo", func() {
	Describe("authentication", func() {
		It("refuses -n when a password would be needed", func() {
			Expect(Run(NewHost("debian12"), "ops", "sudo -n true")).To(Equal(Result{Stderr: "sudo: a password is required\n", Code: 1}))
		})

		It("reads the password from stdin with -S; 1.9.13 gives no lecture without a terminal", func() {
			m := NewHost("debian12")
			r := Run(m, "ops", "sudo -S cat /etc/shadow", "ops\n")
			Expect(r.Stdout).To(HavePrefix("root:*:"))
			Expect(r.Stderr).To(Equal("[sudo] password for ops: "))
			Expect(r.Code).To(Equal(0))
			Expect(Run(m, "ops", "sudo -S -p 'pw? ' cat /etc/hostname", "ops\n").Stderr).To(Equal("pw? "))
		})

		It("says sorry twice and gives up after three wrong passwords", func() {
			Expect(Run(NewHost("debian12", privNoLecture), "ops", "sudo -S true", "a\nb\nc\n")).To(Exited(1, "[sudo] password for ops: Sorry, try again.\n"+
				"[sudo] password for ops: Sorry, try again.\n"+
				"[sudo] password for ops: sudo: 3 incorrect password attempts\n"))
		})

		It("reports a password that ends with the input", func() {
			Expect(Run(NewHost("debian12", privNoLecture), "ops", "sudo -S true", "wrong\n").Stderr).To(Equal("[sudo] password for ops: Sorry, try again.\n" +
				"[sudo] password for ops: \nsudo: no password was provided\nsudo: 1 incorrect password attempt\n"))
			Expect(Run(NewHost("debian12", privNoLecture), "ops", "sudo -S true").Stderr).To(Equal("[sudo] password for ops: \nsudo: no password was provided\nsudo: a password is required\n"))
		})

		It("needs a terminal to prompt without -S, in each version's words", func() {
			Expect(Run(NewHost("debian12", privNoLecture), "ops", "sudo true")).To(Exited(1, "sudo: a terminal is required to read the password; either use the -S option to read from standard input or configure an askpass helper\nsudo: a password is required\n"))
			Expect(Run(NewHost("rhel7", privNoLecture), "ops", "sudo true").Stderr).To(Equal("sudo: no tty present and no askpass program specified\n"))
		})

		It("lectures on a terminal the first time only", func() {
			m := NewHost("debian12")
			Expect(RunTerminal(m, "ops", "xterm", "sudo true", "ops\n").Stderr).To(Equal(privLecture + "[sudo] password for ops: \n"))
			Expect(RunTerminal(m, "ops", "xterm", "sudo -k true", "ops\n").Stderr).To(Equal("[sudo] password for ops: \n"))
		})

		It("prompts on the terminal when there is one", func() {
			Expect(RunTerminal(NewHost("debian12", privNoLecture), "ops", "xterm", "sudo cat /etc/hostname", "ops\n")).To(Printed("db01\n", "[sudo] password for ops: \n"))
		})

		It("caches the credentials for the calling shell until -k", func() {
			m := NewHost("debian12", privNoLecture)
			Expect(Run(m, "ops", "sudo -S -p '' true; sudo -n cat /etc/hostname; sudo -k; sudo -n true", "ops\n")).To(Printed("db01\n", "sudo: a password is required\n"))
			Expect(Run(m, "ops", "sudo -n true").Code).To(Equal(1), "another shell has no cached credentials")
			Expect(Run(m, "ops", "sudo -S -p '' -v; sudo -n true; echo $?", "ops\n").Stdout).To(Equal("0\n"))
			Expect(Run(m, "ops", "sudo -S -p '' -v; sudo -n true", "ops\n").Code).To(Equal(1),
				"bash execs the last command in its own place, so that sudo's parent is sshd, not the shell that has the timestamp (as on Debian 12)")
			m = NewHost("debian12", SeedSudoers("ops ALL=(ALL) NOPASSWD: /usr/bin/true"))
			Expect(Run(m, "ops", "sudo -n true; sudo -l >/dev/null; sudo -n cat /etc/hostname").Stderr).To(
				Equal("sudo: a password is required\n"), "a run without a password caches nothing")
		})
	})

	Describe("running the command", func() {
		It("runs it as another user with -u", func() {
			m := NewHost("debian12")
			Expect(Run(m, "root", "sudo -u ops cat /etc/shadow")).To(Exited(1, "cat: /etc/shadow: Permission denied\n"))
			Expect(Run(m, "root", "sudo -u ops id -un").Stdout).To(Equal("ops\n"))
		})

		It("returns the command's exit status", func() {
			Expect(Run(NewHost("debian12"), "root", "sudo false").Code).To(Equal(1))
			Expect(Run(NewHost("debian12"), "root", "sudo cat /nope").Code).To(Equal(1))
		})

		It("resets the environment the way env_reset does", func() {
			m := NewHost("debian12", SeedSudoers("ops ALL=(ALL) NOPASSWD: ALL"),
				privFile("/usr/local/bin/showenv", "#!/bin/sh\necho $HOME $USER $LOGNAME $SHELL $MAIL $TERM $PATH\necho $SUDO_USER $SUDO_UID $SUDO_GID $SUDO_COMMAND $FOO\n", 0o755))
			Expect(Run(m, "ops", "FOO=bar sudo -n showenv a b").Stdout).To(Equal("/root root root /bin/bash /var/mail/root unknown /usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n" +
				"ops 1000 1000 /usr/local/bin/showenv a b\n"))
			Expect(Run(m, "ops", "sudo -n FOO=baz showenv").Stdout).To(HaveSuffix("/usr/local/bin/showenv baz\n"))
		})

		It("refuses VAR=value on a rule that does not allow it", func() {
			m := NewHost("debian12", SeedSudoers("ops ALL=(ALL) NOPASSWD: /usr/local/bin/showenv"),
				privFile("/usr/local/bin/showenv", "#!/bin/sh\necho $FOO\n", 0o755))
			Expect(Run(m, "ops", "sudo -n FOO=baz showenv")).To(Exited(1, "sudo: sorry, you are not allowed to set the following environment variables: FOO\n"))
		})

		It("says when the command is not found or cannot be executed", func() {
			m := NewHost("debian12", privFile("/usr/local/bin/broken", "#!/nonexistent/interp\n", 0o755))
			Expect(Run(m, "root", "sudo nosuch")).To(Exited(1, "sudo: nosuch: command not found\n"))
			Expect(Run(m, "root", "sudo /etc/hostname").Stderr).To(Equal("sudo: /etc/hostname: command not found\n"))
			Expect(Run(m, "root", "sudo broken")).To(Exited(1, "sudo: unable to execute /usr/local/bin/broken: No such file or directory\n"))
		})

		It("runs a shell with -s and a login shell in the target's home with -i", func() {
			m := NewHost("debian12")
			Expect(Run(m, "root", "sudo -u ops -s echo '$HOME'").Stdout).To(Equal("/home/ops\n"))
			Expect(Run(m, "root", "sudo -u ops -i pwd; sudo -u ops -i nosuch")).To(Printed("/home/ops\n", "-bash: line 1: nosuch: command not found\n"))
			Expect(Run(m, "root", "sudo -u ops -i", "pwd\n").Stdout).To(Equal("/home/ops\n"))
		})

		It("rejects an unknown target user", func() {
			Expect(Run(NewHost("debian12"), "root", "sudo -u nosuchuser true")).To(Exited(1, "sudo: unknown user nosuchuser\nsudo: error initializing audit plugin sudoers_audit\n"))
			Expect(Run(NewHost("rhel7"), "root", "sudo -u nosuchuser true").Stderr).To(Equal("sudo: unknown user: nosuchuser\nsudo: unable to initialize policy plugin\n"))
		})
	})

	Describe("the PAM session", func() {
		banner := privFile("/usr/local/sbin/lastlog-banner", "#!/bin/sh\necho 'Last login: Fri Dec 28 21:41:33 EST 2018'\n", 0o755)
		pamExec := privFile("/etc/pam.d/sudo", "#%PAM-1.0\nauth include system-auth\n"+
			"session optional pam_exec.so type=open_session stdout /usr/local/sbin/lastlog-banner\n", 0)
		lvm := func(d *machine.Description) {
			d.LVM = machine.LVM{
				PVs: []machine.PV{{Name: "/dev/sda2", VG: "vg0", Size: 20396900352, UUID: "Jq3gkx-0cTe-Qm1Q-XoVl-Lb1E-7Ro5-z4W2ot"}},
				VGs: []machine.VG{{Name: "vg0", UUID: "kUTr5T-OTe3-Qm1Q-XoVl-Lb1E-7Ro5-abcdef"}},
			}
		}

		It("puts a pam_exec stdout banner before the command's output (the 004 escalation)", func() {
			for _, pers := range []string{"rhel7", "debian12"} {
				m := NewHost(pers, banner, pamExec, lvm, privUser("vdsm", ""),
					SeedSudoers("Defaults:vdsm !requiretty", "vdsm ALL=(ALL) NOPASSWD: /usr/sbin/pvs, /sbin/pvs"))
				r := Run(m, "vdsm", "sudo -n pvs --noheadings -o pv_name,vg_name")
				Expect(r.Stdout).To(Equal("Last login: Fri Dec 28 21:41:33 EST 2018\n  /dev/sda2  vg0\n"), pers)
				Expect(r.Stderr).To(BeEmpty())
				Expect(r.Code).To(Equal(0))
			}
		})

		It("fails the session when a required module fails", func() {
			m := NewHost("debian12", privFile("/usr/local/sbin/deny", "#!/bin/sh\nexit 3\n", 0o755),
				privFile("/etc/pam.d/sudo", "session required pam_exec.so /usr/local/sbin/deny\n", 0))
			Expect(Run(m, "root", "sudo cat /etc/hostname")).To(Equal(Result{Stderr: "sudo: pam_open_session: System error\nsudo: policy plugin failed session initialization\n", Code: 1}))
		})

		It("lets pam_lastlog and pam_echo speak only when sudo runs a shell", func() {
			host := func() *machine.Machine {
				return NewHost("debian12",
					privFile("/var/log/lastlog", privLastlogRecord(1546051293, "pts/0", "10.0.0.5"), 0o664),
					privFile("/etc/issue.sudo", "Authorised use only.\n", 0),
					privFile("/etc/pam.d/sudo", "@include common-session\n", 0),
					privFile("/etc/pam.d/common-session", "session optional pam_lastlog.so showfailed\nsession optional pam_echo.so file=/etc/issue.sudo\n", 0))
			}
			Expect(Run(host(), "root", "sudo cat /etc/hostname").Stdout).To(Equal("db01\n"))
			m := host()
			Expect(Run(m, "root", "sudo -i pwd").Stdout).To(Equal("Last login: Sat Dec 29 02:41:33 UTC 2018 from 10.0.0.5 on pts/0\nAuthorised use only.\n/root\n"))
			Expect(Run(m, "root", "sudo -s true").Stdout).To(MatchRegexp(`^Last login: \w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d UTC \d{4}\nAuthorised use only.\n$`), "the previous sudo recorded itself")
		})
	})

	Describe("listing and versions", func() {
		It("lists the matching Defaults and the user's rules with -l", func() {
			m := NewHost("debian12", privUser("app", "app"),
				SeedSudoers("app ALL=(root) NOPASSWD: /usr/bin/cat /etc/hostname, PASSWD: /usr/bin/head"))
			Expect(Run(m, "app", "sudo -l").Stdout).To(Equal("Matching Defaults entries for app on db01:\n" +
				"    env_reset, mail_badpass, secure_path=/usr/local/sbin\\:/usr/local/bin\\:/usr/sbin\\:/usr/bin\\:/sbin\\:/bin, use_pty\n\n" +
				"User app may run the following commands on db01:\n" +
				"    (root) NOPASSWD: /usr/bin/cat /etc/hostname, PASSWD: /usr/bin/head\n"))
			Expect(Run(m, "app", "sudo -l cat /etc/hostname").Stdout).To(Equal("/usr/bin/cat /etc/hostname\n"))
			r := Run(m, "app", "sudo -l cat /etc/shadow")
			Expect(r.Stdout + r.Stderr).To(BeEmpty())
			Expect(r.Code).To(Equal(1))
		})

		It("lists another user's rules with -U, for root and a user who may run ALL (captured on bookworm)", func() {
			m := NewHost("debian12", privUser("app", "app"), privUser("guest", "guest"), SeedSudoers("app ALL=(ALL) NOPASSWD: ALL"))
			Expect(Run(m, "root", "sudo -l -U guest; echo rc=$?").Stdout).To(Equal("User guest is not allowed to run sudo on db01.\nrc=0\n"))
			Expect(Run(m, "app", "sudo -n -l -U guest").Stdout).To(Equal("User guest is not allowed to run sudo on db01.\n"))
			Expect(Run(m, "root", "sudo -l -U app").Stdout).To(Equal("Matching Defaults entries for app on db01:\n" +
				"    env_reset, mail_badpass, secure_path=/usr/local/sbin\\:/usr/local/bin\\:/usr/sbin\\:/usr/bin\\:/sbin\\:/bin, use_pty\n\n" +
				"User app may run the following commands on db01:\n    (ALL) NOPASSWD: ALL\n"))
			Expect(Run(m, "root", "sudo -l -U nosuch")).To(Exited(1, "sudo: unknown user nosuch\n"))
			r := Run(m, "root", "sudo -U app true")
			Expect(r.Code).To(Equal(1))
			Expect(r.Stderr).To(HavePrefix("sudo: the -U option may only be used with the -l option\nusage: sudo -h | -K | -k | -V\n"))
		})

		It("tells a user without rules that they may not run sudo", func() {
			Expect(Run(NewHost("debian12", privNoLecture, privUser("guest", "guest")), "guest", "sudo -S -l", "guest\n")).To(Exited(1, "[sudo] password for guest: Sorry, user guest may not run sudo on db01.\n"))
		})

		It("reports each personality's version", func() {
			Expect(Run(NewHost("debian12"), "ops", "sudo -V").Stdout).To(Equal("Sudo version 1.9.13p3\nSudoers policy plugin version 1.9.13p3\nSudoers file grammar version 50\nSudoers I/O plugin version 1.9.13p3\nSudoers audit plugin version 1.9.13p3\n"))
			Expect(Run(NewHost("rhel7"), "ops", "sudo -V").Stdout).To(Equal("Sudo version 1.8.23\nSudoers policy plugin version 1.8.23\nSudoers file grammar version 46\nSudoers I/O plugin version 1.8.23\n"))
		})

		It("prints its usage for a bad command line", func() {
			r := Run(NewHost("debian12"), "ops", "sudo -z true")
			Expect(r.Stderr).To(HavePrefix("sudo: invalid option -- 'z'\nusage: sudo -h | -K | -k | -V\n"))
			Expect(r.Code).To(Equal(1))
			r = Run(NewHost("debian12"), "ops", "sudo")
			Expect(regexp.MustCompile(`(?m)^usage: `).FindAllString(r.Stderr, -1)).To(HaveLen(5))
			Expect(r.Code).To(Equal(1))
		})
	})
})
