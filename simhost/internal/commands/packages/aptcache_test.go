package packages_test

import (
	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
	"github.com/hostile-lab/hostile/simhost/machine"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
)

// aptRelations is a package database whose relations are those bookworm's
// base-files, debconf, sysvinit-utils and iproute2 have: a Provides that
// replaces itself, a virtual package, a versioned Provides, alternatives.
func aptRelations(d *machine.Description) {
	d.Files = append(d.Files, machine.File{Path: "/var/lib/dpkg/status", Content: `Package: apt
Status: install ok installed
Architecture: amd64
Version: 2.6.1
Description: commandline package manager

Package: base-files
Status: install ok installed
Architecture: amd64
Version: 12.4+deb12u5
Replaces: base, dpkg (<= 1.15.0)
Provides: base
Breaks: lsb-base (<< 10.2019031300)
Conffiles:
 /etc/issue 5aa8a0a1bd4e3a3a5b4b4c1e1b9a2f0e
Description: Debian base system miscellaneous files
 This package contains the basic filesystem hierarchy of a Debian system.

Package: debconf
Status: install ok installed
Architecture: all
Version: 1.5.82
Provides: debconf-2.0
Conflicts: debconf-tiny
Description: Debian configuration management system

Package: iproute2
Status: install ok installed
Architecture: amd64
Version: 6.1.0-3
Provides: arpd
Conflicts: arpd, iproute (<< 20130000-1)
Depends: debconf (>= 0.5) | debconf-2.0, lsb-base
Suggests: python3:any
Description: networking and traffic control tools

Package: sysvinit-utils
Status: install ok installed
Architecture: amd64
Version: 3.06-4
Provides: lsb-base (= 11.6)
Description: System-V-like utilities
`})
}

var _ = Describe("apt-cache", func() {
	It("shows each relation's targets as apt does: virtual names in <>, their providers, versioned Provides only where they meet the version", func() {
		m := NewHost("debian12", aptRelations)
		Expect(Run(m, "ops", `apt-cache depends base-files iproute2`).Stdout).To(Equal("base-files\n" +
			"  Breaks: <lsb-base>\n" + // sysvinit-utils provides 11.6, not << 10.2019
			"  Replaces: <base>\n    base-files\n" + // a package's own Provides meet its Replaces
			"  Replaces: <dpkg>\n" +
			"iproute2\n" +
			" |Depends: debconf\n  Depends: <debconf-2.0>\n    debconf\n" +
			"  Depends: <lsb-base>\n    sysvinit-utils\n" +
			"  Conflicts: <arpd>\n" + // but never its conflicts
			"  Conflicts: <iproute>\n" +
			"  Suggests: <python3:any>\n"))
	})
	It("shows apt's record and policy of an installed package, and nothing of an unknown one", func() {
		m := NewHost("debian12", aptRelations)
		r := Run(m, "ops", `apt-cache show base-files nothere`)
		Expect(r.Stdout).To(ContainSubstring("Conffiles:\n /etc/issue"))
		Expect(r.Stdout).To(HaveSuffix(" This package contains the basic filesystem hierarchy of a Debian system.\n" +
			"Description-md5: fa0babd53dd507692999bcfa01e96ed2\n\n"))
		Expect(r.Code).To(Equal(0))
		Expect(Run(m, "ops", `apt-cache show nothere`)).To(Exited(100, "E: No packages found\n"))
		Expect(Run(m, "ops", `apt-cache policy debconf nothere`).Stdout).To(Equal("debconf:\n  Installed: 1.5.82\n  Candidate: 1.5.82\n" +
			"  Version table:\n *** 1.5.82 100\n        100 /var/lib/dpkg/status\n"))
		Expect(Run(m, "ops", `apt-cache search -n DEB`).Stdout).To(Equal("debconf - Debian configuration management system\n"))
	})
})

var _ = Describe("apt on a host that is not Debian", func() {
	It("is not found on RHEL 7, whose installed system has no apt", func() {
		m := NewHost("rhel7")
		Expect(Run(m, "ops", `apt-cache policy bash; apt-get -v`)).To(Exited(127, "bash: apt-cache: command not found\nbash: apt-get: command not found\n"))
	})
})
