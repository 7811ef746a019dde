package accounts_test

import (
	"fmt"
	"strings"
	"sync"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// Every text here was printed by shadow-utils 4.13 (Debian 12) or 4.8.1
// (Debian 11) in the hostile-os containers, run as root unless said.
var _ = Describe("the account writers", func() {
	lastLine := func(text string) string {
		lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
		return lines[len(lines)-1]
	}
	Describe("useradd", func() {
		It("makes a system user from the top of SYS_UID range, with its own group and no aging in shadow", func() {
			m := NewHost("debian12")
			Expect(Run(m, "root", `useradd -r -s /usr/sbin/nologin -d /var/lib/agent -M agent`)).To(Equal(Result{}))
			Expect(Run(m, "root", `getent passwd agent; id agent; ls -d /var/lib/agent`)).To(Equal(Result{
				Stdout: "agent:x:999:999::/var/lib/agent:/usr/sbin/nologin\nuid=999(agent) gid=999(agent) groups=999(agent)\n",
				Stderr: "ls: cannot access '/var/lib/agent': No such file or directory\n", Code: 2}))
			Expect(lastLine(Content(m, "/etc/shadow"))).To(MatchRegexp(`^agent:!:\d+::::::$`))
			Expect(lastLine(Content(m, "/etc/gshadow"))).To(Equal("agent:!::"))
			Expect(lastLine(Content(m, "/etc/group"))).To(Equal("agent:x:999:"))
		})
		It("makes a normal user above the highest uid, its home from /etc/skel, and subordinate ids", func() {
			m := NewHost("debian12")
			Expect(Run(m, "root", `useradd -m -G sudo deploy`)).To(Equal(Result{}))
			Expect(Run(m, "root", `id deploy; stat -c '%U %G %a %n' /home/deploy /home/deploy/.bashrc`).Stdout).To(Equal(
				"uid=1001(deploy) gid=1001(deploy) groups=1001(deploy),27(sudo)\n" +
					"deploy deploy 755 /home/deploy\ndeploy deploy 644 /home/deploy/.bashrc\n"))
			Expect(Content(m, "/home/deploy/.profile")).To(Equal(Content(m, "/etc/skel/.profile")))
			Expect(lastLine(Content(m, "/etc/shadow"))).To(MatchRegexp(`^deploy:!:\d+:0:99999:7:::$`))
			Expect(Content(m, "/etc/group")).To(ContainSubstring("\nsudo:x:27:ops,deploy\n"))
			Expect(Content(m, "/etc/gshadow")).To(ContainSubstring("\nsudo:*::ops,deploy\n"))
			Expect(lastLine(Content(m, "/etc/subuid"))).To(Equal("deploy:165536:65536"))
			Expect(Content(m, "/etc/passwd-")).NotTo(ContainSubstring("deploy"), "the old text is kept as passwd-")
		})
		It("refuses a name taken, a group unknown, a uid in use and a bad name with shadow-utils' statuses", func() {
			m := NewHost("debian12")
			Expect(Run(m, "root", `useradd ops`)).To(Equal(Result{Stderr: "useradd: user 'ops' already exists\n", Code: 9}))
			Expect(Run(m, "root", `useradd -g nosuch x`)).To(Equal(Result{Stderr: "useradd: group 'nosuch' does not exist\n", Code: 6}))
			Expect(Run(m, "root", `useradd -G sudo,nosuch x`)).To(Equal(Result{Stderr: "useradd: group 'nosuch' does not exist\n", Code: 6}))
			Expect(Run(m, "root", `useradd -u 1000 x`)).To(Equal(Result{Stderr: "useradd: UID 1000 is not unique\n", Code: 4}))
			Expect(Run(m, "root", `useradd 'Bad Name'`)).To(Equal(Result{Stderr: "useradd: invalid user name 'Bad Name': use --badname to ignore\n", Code: 3}))
			Expect(Run(NewHost("debian11"), "root", `useradd 'Bad Name'`)).To(Equal(Result{Stderr: "useradd: invalid user name 'Bad Name'\n", Code: 3}))
			Expect(Run(m, "root", `getent passwd x`).Code).To(Equal(2), "a refused add leaves nothing behind")
		})
		It("tells a user who is not root it cannot lock the file", func() {
			m := NewHost("debian12")
			Expect(Run(m, "ops", `/usr/sbin/useradd x`)).To(Equal(Result{
				Stderr: "useradd: Permission denied.\nuseradd: cannot lock /etc/passwd; try again later.\n", Code: 1}))
			Expect(Run(m, "ops", `useradd x`).Code).To(Equal(127), "/usr/sbin is not on a user's PATH")
		})
	})
	Describe("groupadd and groupdel", func() {
		It("adds a group, -f quietly when it exists, and 9 without -f", func() {
			m := NewHost("debian12")
			Expect(Run(m, "root", `groupadd -r docker && groupadd -f grp && groupadd -f grp && getent group docker grp`)).To(Equal(Result{
				Stdout: "docker:x:999:\ngrp:x:1001:\n"}))
			Expect(Run(m, "root", `groupadd grp`)).To(Equal(Result{Stderr: "groupadd: group 'grp' already exists\n", Code: 9}))
			Expect(Run(m, "root", `groupadd -g 27 dup`)).To(Equal(Result{Stderr: "groupadd: GID '27' already exists\n", Code: 4}))
			Expect(Run(m, "ops", `/usr/sbin/groupadd x`)).To(Equal(Result{
				Stderr: "groupadd: Permission denied.\ngroupadd: cannot lock /etc/group; try again later.\n", Code: 10}))
		})
		It("deletes a group but not a user's primary one", func() {
			m := NewHost("debian12")
			Expect(Run(m, "root", `groupdel ops`)).To(Equal(Result{Stderr: "groupdel: cannot remove the primary group of user 'ops'\n", Code: 8}))
			Expect(Run(m, "root", `groupdel nosuch`)).To(Equal(Result{Stderr: "groupdel: group 'nosuch' does not exist\n", Code: 6}))
			Expect(Run(m, "root", `groupadd g2 && groupdel g2 && getent group g2`)).To(Equal(Result{Code: 2}))
			Expect(Content(m, "/etc/gshadow")).NotTo(ContainSubstring("g2:"))
		})
	})
	Describe("usermod and gpasswd", func() {
		It("appends with -a -G, replaces with -G, and the change shows in id at once", func() {
			m := NewHost("debian12")
			Expect(Run(m, "root", `groupadd docker && usermod -aG docker ops && id ops`).Stdout).To(Equal(
				"uid=1000(ops) gid=1000(ops) groups=1000(ops),27(sudo),1001(docker)\n"))
			Expect(Run(m, "root", `usermod -G docker ops && id -Gn ops`).Stdout).To(Equal("ops docker\n"))
			Expect(Run(m, "root", `usermod -aG nosuch ops`)).To(Equal(Result{Stderr: "usermod: group 'nosuch' does not exist\n", Code: 6}))
			Expect(Run(m, "root", `usermod -aG docker nosuch`)).To(Equal(Result{Stderr: "usermod: user 'nosuch' does not exist\n", Code: 6}))
		})
		It("adds and removes a member with gpasswd, 3 for one not there", func() {
			m := NewHost("debian12")
			Expect(Run(m, "root", `gpasswd -a root sudo`)).To(Equal(Result{Stdout: "Adding user root to group sudo\n"}))
			Expect(Run(m, "root", `gpasswd -d root sudo; gpasswd -d root sudo`)).To(Equal(Result{
				Stdout: "Removing user root from group sudo\nRemoving user root from group sudo\n",
				Stderr: "gpasswd: user 'root' is not a member of 'sudo'\n", Code: 3}))
			Expect(Run(m, "ops", `gpasswd -a ops sudo`)).To(Equal(Result{Stderr: "gpasswd: Permission denied.\n", Code: 1}))
		})
	})
	Describe("userdel", func() {
		It("removes the user, its own group, its home with -r, and says the mail spool is missing", func() {
			m := NewHost("debian12")
			Expect(Run(m, "root", `useradd -m gone && userdel -r gone`)).To(Equal(Result{
				Stderr: "userdel: gone mail spool (/var/mail/gone) not found\n"}))
			Expect(Exists(m, "/home/gone")).To(BeFalse())
			for _, file := range []string{"/etc/passwd", "/etc/group", "/etc/shadow", "/etc/gshadow", "/etc/subuid"} {
				Expect(Content(m, file)).NotTo(ContainSubstring("gone:"), file)
			}
			Expect(Run(m, "root", `userdel nosuch`)).To(Equal(Result{Stderr: "userdel: user 'nosuch' does not exist\n", Code: 6}))
		})
	})
	Describe("chpasswd and passwd -l/-u", func() {
		It("sets a password that a new login then needs, and locks and unlocks it", func() {
			m := NewHost("debian12")
			Expect(Run(m, "root", `chpasswd`, "ops:n3w\n")).To(Equal(Result{}))
			Expect(m.User("ops").Password).To(Equal("n3w"))
			Expect(Run(m, "root", `passwd -l ops; passwd -S ops | cut -d' ' -f2; passwd -u ops`).Stdout).To(Equal(
				"passwd: password changed.\nL\npasswd: password changed.\n"))
			Expect(Run(NewHost("debian11"), "root", `passwd -l ops`).Stdout).To(Equal("passwd: password expiry information changed.\n"))
			Expect(Run(m, "root", `chpasswd`, "badline\nnosuch:x\n")).To(Equal(Result{Stderr: "chpasswd: line 1: missing new password\n" +
				"chpasswd: (user nosuch) pam_chauthtok() failed, error:\nAuthentication token manipulation error\n" +
				"chpasswd: (line 2, user nosuch) password not changed\n", Code: 1}))
		})
		It("will not unlock a password that is only the lock", func() {
			m := NewHost("debian12")
			Expect(Run(m, "root", `useradd -r svc; passwd -u svc`)).To(Equal(Result{
				Stderr: "passwd: unlocking the password would result in a passwordless account.\n" +
					"You should set a password with usermod -p to unlock the password of this account.\n", Code: 3}))
		})
	})
	Describe("sg", func() {
		It("runs the command with the group as the primary one", func() {
			m := NewHost("debian12")
			Expect(Run(m, "root", `groupadd -r docker && sg docker -c id`).Stdout).To(Equal("uid=0(root) gid=999(docker) groups=999(docker),0(root)\n"))
			Expect(Run(m, "root", `sg nosuch -c id`)).To(Equal(Result{Stderr: "sg: group 'nosuch' does not exist\n", Code: 1}))
		})
	})
	Describe("adduser and addgroup", func() {
		It("add a system user from FIRST_SYSTEM_UID up, as adduser 3.134 (Debian 12) does", func() {
			m := NewHost("debian12")
			Expect(Run(m, "root", `adduser --system --group --no-create-home svc`)).To(Equal(Result{Stdout: "Adding system user `svc' (UID 101) ...\n" +
				"Adding new group `svc' (GID 104) ...\nAdding new user `svc' (UID 101) with group `svc' ...\nNot creating `/nonexistent'.\n"}))
			Expect(Run(m, "root", `adduser --system --group --no-create-home svc`)).To(Equal(Result{Stdout: "The system user `svc' already exists. Exiting.\n"}))
			Expect(lastLine(Content(m, "/etc/shadow"))).To(MatchRegexp(`^svc:!:\d+::::::$`))
			Expect(Run(m, "root", `adduser svc sudo; adduser svc sudo`)).To(Equal(Result{Stdout: "Adding user `svc' to group `sudo' ...\nDone.\n",
				Stderr: "adduser: The user `svc' is already a member of `sudo'.\n"}))
		})
		It("give a system user a home under /home and an aged shadow line in 3.118 (Debian 11)", func() {
			m := NewHost("debian11")
			Expect(Run(m, "root", `adduser --system --no-create-home svc; getent passwd svc`).Stdout).To(Equal("Adding system user `svc' (UID 102) ...\n" +
				"Adding new user `svc' (UID 102) with group `nogroup' ...\nNot creating home directory `/home/svc'.\n" +
				"svc:x:102:65534::/home/svc:/usr/sbin/nologin\n"))
			Expect(lastLine(Content(m, "/etc/shadow"))).To(MatchRegexp(`^svc:\*:\d+:0:99999:7:::$`))
			Expect(Run(m, "root", `addgroup --system grp; addgroup --system grp`)).To(Equal(Result{Stdout: "Adding group `grp' (GID 104) ...\nDone.\n",
				Stderr: "addgroup: The group `grp' already exists as a system group. Exiting.\n"}))
		})
		It("leave an interactive adduser not emulated", func() {
			m := NewHost("debian12")
			Expect(Run(m, "root", `adduser bob`).Code).To(Equal(1))
		})
	})
	It("lets other sessions look accounts up while writers add them", func() {
		m := NewHost("debian12")
		var wg sync.WaitGroup
		for i := range 4 {
			wg.Add(2)
			go func() {
				defer GinkgoRecover()
				defer wg.Done()
				Expect(Run(m, "root", fmt.Sprintf("useradd -m u%d", i)).Code).To(Equal(0))
			}()
			go func() {
				defer GinkgoRecover()
				defer wg.Done()
				Expect(Run(m, "ops", `id ops; ls -l /home >/dev/null`).Code).To(Equal(0))
			}()
		}
		wg.Wait()
		Expect(Run(m, "root", `getent passwd u0 u1 u2 u3 | cut -d: -f3 | sort`).Stdout).To(Equal("1001\n1002\n1003\n1004\n"))
	})
})

var _ = Describe("the account files as the truth", func() {
	It("reads back a line added to /etc/passwd or /etc/group by other means, as libc would", func() {
		m := NewHost("debian12")
		Expect(Run(m, "root", `echo 'hand:x:1500:1500:By Hand:/srv/hand:/bin/sh' >> /etc/passwd && echo 'hand:x:1500:ops' >> /etc/group && id hand && id -Gn ops`).Stdout).To(Equal(
			"uid=1500(hand) gid=1500(hand) groups=1500(hand)\nops sudo hand\n"))
		Expect(Run(m, "root", `touch /tmp/f && chown hand:hand /tmp/f && ls -l /tmp/f | cut -d' ' -f3,4; echo ~hand`).Stdout).To(Equal("hand hand\n/srv/hand\n"))
		Expect(Run(m, "root", `sed -i 's#^ops:\(.*\):/bin/bash$#ops:\1:/bin/sh#' /etc/passwd && getent passwd ops`).Stdout).To(Equal("ops:x:1000:1000::/home/ops:/bin/sh\n"))
		Expect(m.User("ops").Password).To(Equal("ops"), "the login password, which the file does not hold, stays")
		Expect(Run(m, "root", `useradd after && grep -c '^hand:' /etc/passwd && id -u after`).Stdout).To(Equal("1\n1501\n"), "a writer starts from the edited file")
	})
})
