package packages_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// rpm's answers on RHEL 7 come from the personality's rpm database
// (data/rhel7.rpmdb); rpm 4.11's message forms.
var _ = Describe("rpm", func() {
	It("answers -q with name-version-release.arch, and the not-installed line on stdout with status 1", func() {
		Expect(Run(NewHost("rhel7"), "ops", "rpm -q bash openssh-server; echo $?; rpm -q nope; echo $?; rpm -q nope nada; echo $?")).To(Printed("bash-4.2.46-34.el7.x86_64\nopenssh-server-7.4p1-21.el7.x86_64\n0\n"+
			"package nope is not installed\n1\npackage nope is not installed\npackage nada is not installed\n2\n", ""))
	})

	It("lists every package with -qa, in the database's order, and filters by glob", func() {
		r := Run(NewHost("rhel7"), "ops", "rpm -qa | head -3; rpm -qa | wc -l; rpm -qa 'open*'")
		Expect(r.Stdout).To(HavePrefix("gpg-pubkey-fd431d51-4ae0493b\ngpg-pubkey-2fa658e0-45700c69\nsetup-2.8.71-11.el7.noarch\n"))
		Expect(r.Stdout).To(HaveSuffix("openssl-libs-1.0.2k-19.el7.x86_64\nopenssl-1.0.2k-19.el7.x86_64\nopenssh-7.4p1-21.el7.x86_64\n" +
			"openssh-clients-7.4p1-21.el7.x86_64\nopenssh-server-7.4p1-21.el7.x86_64\n"))
	})

	It("expands --qf tags and escapes", func() {
		Expect(Run(NewHost("rhel7"), "ops", `rpm -q --qf '%{VERSION}\n' sudo; rpm -q --queryformat '%-10{NAME}|%{EPOCH}:%{RELEASE}\n' lvm2 bash; rpm -q --qf '%{BOGUS}' bash; echo $?`)).To(Printed("1.8.23\nlvm2      |7:6.el7\nbash      |(none):34.el7\n1\n", "error: incorrect format: unknown tag\n"))
	})

	It("finds a file's owner through a linked directory, and says when none or no file", func() {
		Expect(Run(NewHost("rhel7"), "ops", "rpm -qf /bin/bash /etc/passwd; touch /tmp/x; rpm -qf /tmp/x; echo $?; rpm -qf /nope; echo $?")).To(Printed("bash-4.2.46-34.el7.x86_64\nsetup-2.8.71-11.el7.noarch\nfile /tmp/x is not owned by any package\n1\n1\n", "error: file /nope: No such file or directory\n"))
	})

	It("answers --whatprovides for capabilities and files", func() {
		Expect(Run(NewHost("rhel7"), "ops", "rpm -q --whatprovides /bin/sh redhat-release; rpm -q --whatprovides webserver; echo $?").Stdout).To(Equal("bash-4.2.46-34.el7.x86_64\nredhat-release-server-7.9-3.el7.x86_64\nno package provides webserver\n1\n"))
	})

	It("prints -qi's fields and -ql's files", func() {
		Expect(Run(NewHost("rhel7"), "ops", "rpm -qi tar; rpm -ql gzip").Stdout).To(Equal("Name        : tar\nEpoch       : 2\nVersion     : 1.26\nRelease     : 35.el7\nArchitecture: x86_64\n" +
			"Group       : Applications/Archiving\nLicense     : GPLv3+\nURL         : http://www.gnu.org/software/tar/\n" +
			"Summary     : A GNU file archiving program\n/usr/bin/gzip\n/usr/bin/gunzip\n/usr/bin/zcat\n"))
	})

	It("tells its version from the database and needs an argument to query", func() {
		Expect(Run(NewHost("rhel7"), "ops", "rpm --version; rpm -q; echo $?")).To(Printed("RPM version 4.11.3\n1\n", "rpm: no arguments given for query\n"))
	})

	It("is not installed where the personality has no rpm database", func() {
		for name, want := range map[string]string{"debian12": "bash: line 1: rpm: command not found\n", "debian11": "bash: line 1: rpm: command not found\n",
			"solaris10-sparc": "sh: rpm: not found\n"} {
			Expect(Run(NewHost(name), "ops", "rpm -q bash").Stderr).To(Equal(want), name)
		}
	})
})
