package privilege_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

var _ = Describe("su", func() {
	rootPassword := func(d *machine.Description) {
		d.Users = append(d.Users, machine.User{Name: "root", Password: "s3cret"})
	}

	It("asks for the target's password on stderr and runs the command as the target", func() {
		m := NewHost("debian12", rootPassword)
		r := Run(m, "ops", "su -c 'cat /etc/shadow'", "s3cret\n")
		Expect(r.Stdout).To(MatchRegexp(`(?m)^root:\$y\$j9T\$[./0-9A-Za-z]{22}\$[./0-9A-Za-z]{43}:\d+:`), "a yescrypt hash's shape, as Debian's pam_unix writes")
		Expect(r.Stderr).To(Equal("Password: "))
		Expect(r.Code).To(Equal(0))
	})

	It("fails on a wrong or missing password", func() {
		m := NewHost("debian12", rootPassword)
		Expect(Run(m, "ops", "su -c true", "nope\n")).To(Exited(1, "Password: su: Authentication failure\n"))
		Expect(Run(m, "ops", "su -c true").Stderr).To(Equal("Password: su: Authentication failure\n"))
		Expect(Run(NewHost("debian12"), "ops", "su -c true", "\n").Code).To(Equal(1), "root without a password cannot be reached")
	})

	It("lets root switch without a password, options after the user included", func() {
		m := NewHost("debian12")
		Expect(Run(m, "root", "su ops -c 'echo $USER $HOME; pwd'").Stdout).To(Equal("ops /home/ops\n/root\n"), "without - the directory stays")
		r := Run(m, "root", "su - ops -c 'echo $USER $PATH; pwd'")
		Expect(r.Stdout).To(Equal("ops /usr/local/bin:/usr/bin:/bin:/usr/local/games:/usr/games\n/home/ops\n"), "Debian's own /etc/profile")
		Expect(r.Stderr).To(BeEmpty())
	})

	It("runs the commands read from stdin without -c", func() {
		Expect(Run(NewHost("debian12"), "root", "su ops", "echo $LOGNAME\n").Stdout).To(Equal("ops\n"))
	})

	It("warns when a login cannot enter the home directory", func() {
		m := NewHost("debian12", func(d *machine.Description) {
			d.Users = append(d.Users, machine.User{Name: "app", Home: "/nonexistent"})
		})
		for _, f := range []string{"/nonexistent/.bashrc", "/nonexistent/.profile"} {
			Expect(m.FS.Unlink(vfs.Root, f)).To(Succeed())
		}
		Expect(m.FS.Rmdir(vfs.Root, "/nonexistent")).To(Succeed())
		Expect(Run(m, "root", "su - app -c pwd").Stderr).To(Equal("su: warning: cannot change directory to /nonexistent: No such file or directory\n"))
	})

	It("names a missing user in util-linux's words", func() {
		Expect(Run(NewHost("debian12"), "ops", "su nosuch")).To(Exited(1, "su: user nosuch does not exist or the user entry does not contain all the required fields\n"))
		// util-linux 2.36.1 on a real Debian 11 says the same
		Expect(Run(NewHost("debian11"), "ops", "su nosuch").Stderr).To(Equal("su: user nosuch does not exist or the user entry does not contain all the required fields\n"))
		Expect(Run(NewHost("rhel7"), "ops", "su nosuch").Stderr).To(Equal("su: user nosuch does not exist\n"))
	})

	It("rejects an unknown option", func() {
		Expect(Run(NewHost("debian12"), "ops", "su -z")).To(Exited(1, "su: invalid option -- 'z'\nTry 'su --help' for more information.\n"))
	})

	Context("on Solaris", func() {
		It("says Sorry for a wrong password and Unknown id for a missing user", func() {
			m := NewHost("solaris10-sparc", rootPassword)
			Expect(Run(m, "ops", "su - root -c true", "wrong\n")).To(Exited(1, "Password: su: Sorry\n"))
			Expect(Run(m, "ops", "su nosuch")).To(Exited(1, "su: Unknown id: nosuch\n"))
		})

		It("passes the arguments after the user to the shell", func() {
			m := NewHost("solaris10-sparc", rootPassword)
			Expect(Run(m, "ops", "su - root -c 'echo $LOGNAME $HOME; pwd'", "s3cret\n")).To(Printed("root /\n/\n", "Password: "))
		})
	})
})
