package system_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

var _ = Describe("env and printenv", func() {
	It("runs a command in a cleared or changed environment", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `env -i PATH=/usr/bin printenv`).Stdout).To(Equal("PATH=/usr/bin\n"))
		Expect(Run(m, "ops", `env -i FOO=bar env`).Stdout).To(Equal("FOO=bar\n"))
		Expect(Run(m, "ops", `env FOO=1 sh -c 'echo $FOO'`).Stdout).To(Equal("1\n"))
		Expect(Run(m, "ops", `env -u HOME printenv HOME`).Code).To(Equal(1))
		Expect(Run(m, "ops", `env | grep -c '^USER=ops$'`).Stdout).To(Equal("1\n"))
	})
	It("reports a command it cannot run", func() {
		Expect(Run(NewHost("debian12"), "ops", `env nosuch`)).To(Exited(127, "env: 'nosuch': No such file or directory\n"))
		Expect(Run(NewHost("debian12"), "ops", `env /etc/passwd`)).To(Exited(126, "env: '/etc/passwd': Permission denied\n"))
		Expect(Run(NewHost("rhel7"), "ops", `env nosuch`).Stderr).To(Equal("env: nosuch: No such file or directory\n"))
		Expect(Run(NewHost("debian12"), "ops", `env -z`)).To(Exited(125, "env: invalid option -- 'z'\nTry 'env --help' for more information.\n"))
	})
	It("prints variables with printenv", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `printenv USER HOME`).Stdout).To(Equal("ops\n/home/ops\n"))
		r := Run(m, "ops", `printenv NOPE`)
		Expect(r.Stdout).To(BeEmpty())
		Expect(r.Code).To(Equal(1))
	})
})

var _ = Describe("which", func() {
	It("searches PATH on the host and is silent about what is missing on Debian", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `which sed grep`).Stdout).To(Equal("/usr/bin/sed\n/usr/bin/grep\n"))
		Expect(Run(m, "ops", `which -a sed`).Stdout).To(Equal("/usr/bin/sed\n/bin/sed\n"))
		Expect(Run(m, "ops", `which nosuch sed`)).To(Equal(Result{Stdout: "/usr/bin/sed\n", Code: 1}))
		Expect(Run(m, "ops", `PATH=/nowhere /usr/bin/which sed`).Code).To(Equal(1))
	})
	It("complains as GNU which on RHEL 7 and the csh script on Solaris", func() {
		Expect(Run(NewHost("rhel7"), "ops", `which nosuch`)).To(Exited(1, "/usr/bin/which: no nosuch in (/usr/local/bin:/usr/bin:/usr/local/sbin:/usr/sbin)\n"))
		Expect(Run(NewHost("solaris10-sparc"), "ops", `which nosuch`).Stdout).To(Equal("no nosuch in /usr/bin /bin\n"))
	})
})
