package packages_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// pkginfo on Solaris 10 reads /var/sadm/pkg/*/pkginfo of the installed
// system; the forms of the OpenSolaris svr4pkg pkginfo.
var _ = Describe("pkginfo", func() {
	It("lists the installed packages by category, instance and name, the column as wide as the longest instance", func() {
		Expect(Run(NewHost("solaris10-sparc"), "ops", "pkginfo | head -3; pkginfo SUNWcsu SUNWbash").Stdout).To(Equal("system      SUNWbash  GNU Bourne-Again shell (bash)\n" +
			"system      SUNWcsd   Core Solaris Devices\n" +
			"system      SUNWcsl   Core Solaris, (Shared Libs)\n" +
			"system      SUNWbash GNU Bourne-Again shell (bash)\n" +
			"system      SUNWcsu  Core Solaris, (Usr)\n"))
	})

	It("answers -q with the status alone, and names a package it lacks on stderr", func() {
		Expect(Run(NewHost("solaris10-sparc"), "ops", "pkginfo -q SUNWcsu; echo $?; pkginfo -q SUNWnope; echo $?; pkginfo SUNWcsu SUNWnope; echo $?")).To(Printed("0\n1\nsystem      SUNWcsu Core Solaris, (Usr)\n1\n", "ERROR: information for \"SUNWnope\" was not found\n"))
	})

	It("prints the long listing of -l", func() {
		Expect(Run(NewHost("solaris10-sparc"), "ops", "pkginfo -l SUNWcsu").Stdout).To(Equal("   PKGINST:  SUNWcsu\n      NAME:  Core Solaris, (Usr)\n  CATEGORY:  system\n      ARCH:  sparc\n" +
			"   VERSION:  11.10.0,REV=2005.01.21.15.53\n   BASEDIR:  /\n    VENDOR:  Sun Microsystems, Inc.\n" +
			"      DESC:  core software for a specific instruction-set architecture\n  INSTDATE:  Sep 16 2009 00:00\n" +
			"   HOTLINE:  Please contact your local service provider\n    STATUS:  completely installed\n\n"))
	})

	It("complains in getopt(3C)'s words, then its usage, status 1", func() {
		r := Run(NewHost("solaris10-sparc"), "ops", "pkginfo -z; echo $?")
		Expect(r.Stderr).To(HavePrefix("pkginfo: illegal option -- z\nusage:\n  pkginfo [-q] [-p|-i] [-x|-l] [options] [pkg ...]\n"))
		Expect(r.Stdout).To(Equal("1\n"))
	})

	It("is not on the Linux hosts", func() {
		Expect(Run(NewHost("debian12"), "ops", "pkginfo").Stderr).To(Equal("bash: line 1: pkginfo: command not found\n"))
		Expect(Run(NewHost("rhel7"), "ops", "pkginfo").Stderr).To(ContainSubstring("pkginfo: command not found\n"))
	})
})
