package privilege_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

var _ = Describe("sudoers rules", func() {
	It("lets a NOPASSWD: ALL user run anything without a password", func() {
		m := NewHost("debian12", SeedSudoers("ops ALL=(ALL) NOPASSWD: ALL"))
		r := Run(m, "ops", "sudo -n cat /etc/shadow")
		Expect(r.Stdout).To(MatchRegexp(`(?s)^root:\*:\d+:0:99999:7:::\n.*\nsshd:!:\d+::::::\nops:\$y\$j9T\$[./0-9A-Za-z]{22}\$[./0-9A-Za-z]{43}:\d+:0:99999:7:::\n$`),
			"the system's accounts, then ops with a password")
		Expect(r.Stderr).To(BeEmpty())
		Expect(r.Code).To(Equal(0))
	})

	Context("with a command-restricted rule", func() {
		It("allows the command with exactly its arguments, under any path of the same file", func() {
			h := NewHost("debian12", privNoLecture, SeedSudoers("ops ALL=(root) NOPASSWD: /usr/bin/cat /etc/hostname"))
			Expect(Run(h, "ops", "sudo -n cat /etc/hostname").Stdout).To(Equal("db01\n"))
			Expect(Run(h, "ops", "sudo -n /bin/cat /etc/hostname").Stdout).To(Equal("db01\n"))
		})
		It("asks for a password for anything else, then refuses it", func() {
			h := NewHost("debian12", privNoLecture, SeedSudoers("ops ALL=(root) NOPASSWD: /usr/bin/cat /etc/hostname"))
			Expect(Run(h, "ops", "sudo -n cat /etc/shadow")).To(Exited(1, "sudo: a password is required\n"))
			r := Run(h, "ops", "sudo -u ops cat /etc/hostname")
			Expect(r.Stdout).To(Equal("db01\n"))
			Expect(r.Stderr).To(BeEmpty(), "running as oneself needs no password")
		})
		It("words the refusal with the resolved path and the target user", func() {
			h := NewHost("debian12", privNoLecture, privUser("app", "app"),
				SeedSudoers("app ALL=(root) /usr/bin/cat /etc/hostname"))
			Expect(Run(h, "app", "sudo -S cat /etc/shadow", "app\n")).To(Equal(Result{Stderr: "[sudo] password for app: Sorry, user app is not allowed to execute '/usr/bin/cat /etc/shadow' as root on db01.\n", Code: 1}))
		})
	})

	It("matches %group rules against supplementary groups", func() {
		m := NewHost("debian12", privUser("oracle", "oracle", "dba"), SeedSudoers("%dba ALL=(ALL) NOPASSWD: ALL"))
		Expect(Run(m, "oracle", "sudo -n cat /etc/hostname").Stdout).To(Equal("db01\n"))
	})

	It("resolves Cmnd_Alias, User_Alias and negated commands, the last match winning", func() {
		m := NewHost("debian12", privNoLecture, privUser("app", "app"), SeedSudoers(
			"User_Alias ADMINS = app, \\",
			"    ops",
			"Cmnd_Alias READ = /usr/bin/cat, /usr/bin/head",
			"ADMINS ALL = (root) NOPASSWD: READ, !/usr/bin/cat /etc/shadow"))
		Expect(Run(m, "app", "sudo -n cat /etc/hostname").Stdout).To(Equal("db01\n"))
		Expect(Run(m, "app", "sudo -S cat /etc/shadow", "app\n").Stderr).To(HaveSuffix("Sorry, user app is not allowed to execute '/usr/bin/cat /etc/shadow' as root on db01.\n"))
	})

	It("says who is not in the sudoers file, after the password, in each version's words", func() {
		for pers, want := range map[string]string{
			"debian12": "guest is not in the sudoers file.\n",
			"debian11": "guest is not in the sudoers file.  This incident will be reported.\n",
			"rhel7":    "guest is not in the sudoers file.  This incident will be reported.\n",
		} {
			m := NewHost(pers, privNoLecture, privUser("guest", "guest"))
			r := Run(m, "guest", "sudo -S true", "guest\n")
			Expect(r.Stderr).To(Equal("[sudo] password for guest: "+want), pers)
			Expect(r.Code).To(Equal(1))
		}
	})

	Context("with Defaults requiretty", func() {
		It("refuses a session without a terminal, unless the user is exempted", func() {
			m := NewHost("rhel7", SeedSudoers("Defaults requiretty", "ops ALL=(ALL) NOPASSWD: ALL"))
			Expect(Run(m, "ops", "sudo -n cat /etc/hostname")).To(Exited(1, "sudo: sorry, you must have a tty to run sudo\n"))
			Expect(RunTerminal(m, "ops", "xterm", "sudo -n cat /etc/hostname", "").Stdout).To(Equal("db01\n"))

			m = NewHost("rhel7", SeedSudoers("Defaults requiretty", "Defaults:ops !requiretty", "ops ALL=(ALL) NOPASSWD: ALL"))
			Expect(Run(m, "ops", "sudo -n cat /etc/hostname").Stdout).To(Equal("db01\n"))
		})
	})

	It("reads /etc/sudoers.d at every run, so an edit takes effect at once", func() {
		m := NewHost("debian12", privNoLecture)
		Expect(Run(m, "ops", "sudo -n true").Stderr).To(Equal("sudo: a password is required\n"))
		Expect(Run(m, "root", "echo 'ops ALL=(ALL) NOPASSWD: ALL' > /etc/sudoers.d/ops").Code).To(Equal(0))
		Expect(Run(m, "ops", "sudo -n cat /etc/hostname").Stdout).To(Equal("db01\n"))
		Expect(Run(m, "root", "echo 'ops ALL=(ALL) NOPASSWD: ALL' > /etc/sudoers.d/ops.disabled; echo > /etc/sudoers.d/ops").Code).To(Equal(0))
		Expect(Run(m, "ops", "sudo -n true").Code).To(Equal(1), "names with a dot are skipped")
	})

	// Captured from bookworm's sudo 1.9.13 and bullseye's 1.9.5, which agree:
	// the line is reported with its bad token underlined and skipped, and the
	// rest of the policy holds (ops here has no rule left, so a password is
	// asked for). sudo 1.8 (RHEL 7) gives up on the whole policy.
	DescribeTable("reports a line it cannot parse and goes on, as sudo 1.9 does",
		func(line, stderr string) {
			for _, personality := range []string{"debian12", "debian11"} {
				m := NewHost(personality)
				Expect(Run(m, "root", "printf '%s\\n' '"+line+"' > /etc/sudoers.d/x; chmod 440 /etc/sudoers.d/x").Code).To(Equal(0))
				Expect(Run(m, "ops", "sudo -n true")).To(Exited(1, stderr), personality)
			}
		},
		Entry(nil, `ops ALL=(ALL) NOPASSWD ALL`,
			"/etc/sudoers.d/x:1:24: syntax error\n"+
				"ops ALL=(ALL) NOPASSWD ALL\n"+
				"                       ^~~\n"+
				"sudo: a password is required\n"),
		Entry(nil, `ops ALL=(ALL NOPASSWD: ALL`,
			"/etc/sudoers.d/x:1:14: syntax error\n"+
				"ops ALL=(ALL NOPASSWD: ALL\n"+
				"             ^~~~~~~~~\n"+
				"sudo: a password is required\n"),
		Entry(nil, `ops ALL`,
			"/etc/sudoers.d/x:1:8: syntax error\n"+
				"ops ALL\n"+
				"       ^\n"+
				"sudo: a password is required\n"),
		Entry(nil, `ops ALL=(ALL) NOPASWD: ALL`,
			"/etc/sudoers.d/x:1:27: syntax error\n"+
				"ops ALL=(ALL) NOPASWD: ALL\n"+
				"                          ^\n"+
				"sudo: a password is required\n"),
		Entry(nil, `Cmnd_Alias lower = /bin/ls`,
			"/etc/sudoers.d/x:1:12: syntax error\n"+
				"Cmnd_Alias lower = /bin/ls\n"+
				"           ^~~~~\n"+
				"sudo: a password is required\n"),
		Entry(nil, `  ops   ALL = (root) /bin/ls,`,
			"/etc/sudoers.d/x:1:30: syntax error\n"+
				"  ops   ALL = (root) /bin/ls,\n"+
				"                             ^\n"+
				"sudo: a password is required\n"),
		Entry(nil, `ops ALL=(ALL) NOPASSWD: ALL, !`,
			"/etc/sudoers.d/x:1:31: syntax error\n"+
				"ops ALL=(ALL) NOPASSWD: ALL, !\n"+
				"                              ^\n"+
				"sudo: a password is required\n"),
	)

	It("gives up on a syntax error in sudo 1.8's words", func() {
		Expect(Run(NewHost("rhel7", SeedSudoers("ops ALL=(ALL) NOPASSWD ALL")), "ops", "sudo -n true")).To(Exited(1,
			">>> /etc/sudoers.d/hostile: syntax error near line 1 <<<\n"+
				"sudo: parse error in /etc/sudoers.d/hostile near line 1\n"+
				"sudo: no valid sudoers sources found, quitting\n"+
				"sudo: unable to initialize policy plugin\n"))
	})

	It("refuses a world-writable /etc/sudoers", func() {
		m := NewHost("debian12")
		Expect(m.FS.Chmod(vfs.Root, "/etc/sudoers", 0o666)).To(Succeed())
		Expect(Run(m, "ops", "sudo -n true").Stderr).To(Equal("sudo: /etc/sudoers is world writable\nsudo: no valid sudoers sources found, quitting\nsudo: error initializing audit plugin sudoers_audit\n"))
	})

	It("looks commands up in secure_path", func() {
		m := NewHost("debian12", SeedSudoers(`Defaults secure_path="/opt/tools"`, "ops ALL=(ALL) NOPASSWD: ALL"),
			privFile("/opt/tools/hello", "#!/bin/sh\necho hello from $PATH\n", 0o755))
		Expect(Run(m, "ops", "sudo -n hello").Stdout).To(Equal("hello from /opt/tools\n"))
		Expect(Run(m, "ops", "sudo -n cat /etc/hostname").Stderr).To(Equal("sudo: cat: command not found\n"))
	})
})
