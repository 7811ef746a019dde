package packages_test

import (
	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
	"github.com/hostile-lab/hostile/simhost/machine"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
)

// dpkgDatabase is a small package database in the shape of Debian 12's (the
// stanzas as `dpkg -s` showed them in a bookworm container).
func dpkgDatabase(d *machine.Description) {
	d.Files = append(d.Files,
		machine.File{Path: "/var/lib/dpkg/status", Content: `Package: bash
Essential: yes
Status: install ok installed
Priority: required
Section: shells
Installed-Size: 7164
Maintainer: Matthias Klose <doko@debian.org>
Architecture: amd64
Multi-Arch: foreign
Version: 5.2.15-2+b13
Description: GNU Bourne Again SHell
 Bash is an sh-compatible command language interpreter that executes
 commands read from the standard input or from a file.

Package: libc6
Status: install ok installed
Architecture: amd64
Multi-Arch: same
Version: 2.36-9+deb12u13
Description: GNU C Library: Shared libraries

Package: tar
Essential: yes
Status: install ok installed
Maintainer: Janos Lenart <ocsi@debian.org>
Architecture: amd64
Version: 1.34+dfsg-1.2+deb12u1
Description: GNU version of the tar archiving utility

Package: apt
Status: install ok installed
Architecture: amd64
Version: 2.6.1
Description: commandline package manager

Package: dpkg
Status: install ok installed
Architecture: amd64
Version: 1.21.23
Description: Debian package management system

Package: perl-base
Status: install ok installed
Architecture: amd64
Version: 5.36.0-7+deb12u3
Description: minimal Perl system
`},
		machine.File{Path: "/var/lib/dpkg/info/tar.list", Content: "/.\n/bin\n/bin/tar\n/usr/share/doc/tar\n"},
		machine.File{Path: "/var/lib/dpkg/info/perl-base.list", Content: "/.\n/usr/bin/perl\n/usr/bin/perl5.36.0\n"},
	)
}

var _ = Describe("dpkg and dpkg-query", func() {
	It("list packages in dpkg's columns, at least 14/12/12/33 wide", func() {
		m := NewHost("debian12", dpkgDatabase)
		Expect(Run(m, "ops", `dpkg -l bash tar`).Stdout).To(Equal("Desired=Unknown/Install/Remove/Purge/Hold\n" +
			"| Status=Not/Inst/Conf-files/Unpacked/halF-conf/Half-inst/trig-aWait/Trig-pend\n" +
			"|/ Err?=(none)/Reinst-required (Status,Err: uppercase=bad)\n" +
			"||/ Name           Version               Architecture Description\n" +
			"+++-==============-=====================-============-========================================\n" +
			"ii  bash           5.2.15-2+b13          amd64        GNU Bourne Again SHell\n" +
			"ii  tar            1.34+dfsg-1.2+deb12u1 amd64        GNU version of the tar archiving utility\n"))
		Expect(Run(m, "ops", `dpkg -l nothere`)).To(Exited(1, "dpkg-query: no packages found matching nothere\n"))
	})
	It("shows a package's stanza and its files", func() {
		m := NewHost("debian12", dpkgDatabase)
		Expect(Run(m, "ops", `dpkg -s bash | head -3`).Stdout).To(Equal("Package: bash\nEssential: yes\nStatus: install ok installed\n"))
		Expect(Run(m, "ops", `dpkg -s nothere`)).To(Exited(1, "dpkg-query: package 'nothere' is not installed and no information is available\nUse dpkg --info (= dpkg-deb --info) to examine archive files.\n"))
		Expect(Run(m, "ops", `dpkg -L tar`).Stdout).To(Equal("/.\n/bin\n/bin/tar\n/usr/share/doc/tar\n"))
		Expect(Run(m, "ops", `dpkg -L nothere`)).To(Exited(1, "dpkg-query: package 'nothere' is not installed\nUse dpkg --contents (= dpkg-deb --contents) to list archive files contents.\n"))
	})
	It("formats fields with -W -f as dpkg-query does", func() {
		m := NewHost("debian12", dpkgDatabase)
		Expect(Run(m, "ops", `dpkg-query -W bash`).Stdout).To(Equal("bash\t5.2.15-2+b13\n"))
		Expect(Run(m, "ops", `dpkg-query -W -f='${Package} ${Version} ${Status}\n' bash tar`).Stdout).
			To(Equal("bash 5.2.15-2+b13 install ok installed\ntar 1.34+dfsg-1.2+deb12u1 install ok installed\n"))
		Expect(Run(m, "ops", `dpkg-query -W -f='${Package}|${db:Status-Abbrev}|${binary:Package}|${Package;-10}|${Version;8}|${Nope}|\n' libc6 tar`).Stdout).
			To(Equal("libc6|ii |libc6:amd64|libc6     |2.36-9+d||\ntar|ii |tar|tar       |1.34+dfs||\n"))
		Expect(Run(m, "ops", `dpkg-query -W nothere`)).To(Exited(1, "dpkg-query: no packages found matching nothere\n"))
		Expect(Run(m, "ops", `dpkg --print-architecture; dpkg --version | head -1`).Stdout).
			To(Equal("amd64\nDebian 'dpkg' package management program version 1.21.23 (amd64).\n"))
	})
})

var _ = Describe("apt-get", func() {
	It("installs nothing: what is there is the newest, anything else cannot be found", func() {
		m := NewHost("debian12", dpkgDatabase)
		r := Run(m, "root", `apt-get install -y tar`)
		Expect(r.Stdout).To(Equal("Reading package lists...\nBuilding dependency tree...\ntar is already the newest version (1.34+dfsg-1.2+deb12u1).\n0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n"))
		Expect(r.Code).To(Equal(0))
		Expect(Run(m, "root", `apt-get install -y curl`)).To(Equal(Result{Stdout: "Reading package lists...\nBuilding dependency tree...\n", Stderr: "E: Unable to locate package curl\n", Code: 100}))
		Expect(Run(m, "ops", `apt-get -v`).Stdout).To(Equal("apt 2.6.1 (amd64)\n"))
	})
	It("refuses a user who is not root with dpkg's lock", func() {
		m := NewHost("debian12", dpkgDatabase)
		Expect(Run(m, "ops", `apt-get install -y curl`)).To(Exited(100, "E: Could not open lock file /var/lib/dpkg/lock-frontend - open (13: Permission denied)\nE: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), are you root?\n"))
		r := Run(m, "ops", `apt-get update`)
		Expect(r.Stdout).To(Equal("Reading package lists...\n"))
		Expect(r.Stderr).To(HavePrefix("E: Could not open lock file /var/lib/apt/lists/lock - open (13: Permission denied)\nE: Unable to lock directory /var/lib/apt/lists/\n"))
		Expect(r.Code).To(Equal(100))
	})
})

var _ = Describe("a program the host does not emulate", func() {
	It("is said to exist when the package database has it, and is a not-emulated event", func() {
		m := NewHost("debian12", dpkgDatabase)
		Expect(Run(m, "ops", `perl -e 'print 1'`)).To(Exited(127, "bash: line 1: perl: not emulated by the simulated host (a real host runs /usr/bin/perl of package perl-base)\n"))
		evs := m.Log.OfKind("not-emulated")
		Expect(evs).To(HaveLen(1))
		Expect(evs[0].Argv).To(Equal([]string{"perl", "-e", "print 1"}))
		Expect(evs[0].Detail).To(Equal("program /usr/bin/perl of package perl-base"))
	})
	It("is not found, and no event, when the package database knows it is absent", func() {
		m := NewHost("debian12", dpkgDatabase)
		Expect(Run(m, "ops", `frobnicate`).Stderr).To(Equal("bash: line 1: frobnicate: command not found\n"))
		Expect(m.Log.OfKind("not-emulated")).To(BeEmpty())
	})
	It("is not found but still an event when the host has no package database to ask", func() {
		m := NewHost("rhel7") // Debian's captured bases carry dpkg's database; RHEL's rpm one is not kept
		Expect(Run(m, "ops", `frobnicate x`).Code).To(Equal(127))
		Expect(m.Log.OfKind("not-emulated")).To(ConsistOf(HaveField("Detail", "program unknown to the host's package database")))
	})
	It("records an option the emulated program does not know, which the real one may", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `ls --frobnicate /; sort -J /dev/null`).Stderr).To(ContainSubstring("ls: unrecognized option '--frobnicate'\n"))
		Expect(m.Log.OfKind("not-emulated")).To(ConsistOf(
			HaveField("Detail", "option --frobnicate unknown to the emulated ls"),
			HaveField("Detail", "option -J unknown to the emulated sort")))
	})
	It("records an option the host does not emulate", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `diff -N /tmp/a /tmp/b`)).To(Exited(2, "diff: option '-N' is not emulated by the simulated host\ndiff: Try 'diff --help' for more information.\n"))
		Expect(m.Log.OfKind("not-emulated")).To(HaveLen(1))
	})
})
