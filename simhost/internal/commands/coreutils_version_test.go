package commands_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// Every coreutils program's --version, as monitoring agents and installers
// read it (Checkmk's agent parses stat's; Netdata's system-info.sh greps
// uname's and df's for "GNU coreutils"). Texts captured with docker run of
// the hostile-os images.
var _ = Describe("coreutils' --version", func() {
	licence := "License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.\n" +
		"This is free software: you are free to change and redistribute it.\n" +
		"There is NO WARRANTY, to the extent permitted by law.\n\n"
	DescribeTable("names the program, its release and its authors",
		func(personality, script, first, authors string, code int) {
			year := map[string]string{"debian12": "2022", "debian11": "2020"}[personality]
			r := Run(NewHost(personality), "ops", script)
			Expect(r.Stdout).To(Equal(first + "\nCopyright (C) " + year + " Free Software Foundation, Inc.\n" + licence + "Written by " + authors + ".\n"))
			Expect(r.Stderr).To(BeEmpty())
			Expect(r.Code).To(Equal(code))
		},
		Entry("stat", "debian12", "stat --version", "stat (GNU coreutils) 9.1", "Michael Meskes", 0),
		Entry("uname, by its path", "debian11", "/usr/bin/uname --version", "uname (GNU coreutils) 8.32", "David MacKenzie", 0),
		Entry("du's authors on two lines", "debian12", "du --version", "du (GNU coreutils) 9.1",
			"Torbjorn Granlund, David MacKenzie, Paul Eggert,\nand Jim Meyering", 0),
		Entry("df, whatever follows", "debian12", "df --version -x tmpfs /nonexistent", "df (GNU coreutils) 9.1",
			"Torbjorn Granlund, David MacKenzie, and Paul Eggert", 0),
		Entry("dd names coreutils without GNU", "debian12", "dd --version", "dd (coreutils) 9.1",
			"Paul Rubin, David MacKenzie, and Stuart Kemp", 0),
		Entry("cksum before 9.0", "debian11", "cksum --version", "cksum (coreutils) 8.32", "Q. Frank Xia", 0),
		Entry("cksum of 9.1", "debian12", "cksum --version", "cksum (GNU coreutils) 9.1", "Padraig Brady and Q. Frank Xia", 0),
		Entry("false still fails", "debian12", "/usr/bin/false --version", "false (GNU coreutils) 9.1", "Jim Meyering", 1),
		Entry("logname's placeholder", "debian11", "logname --version", "logname (GNU coreutils) 8.32", "FIXME: unknown", 0),
	)
	It("is not test's, for which --version is a string", func() {
		Expect(RunMerged(NewHost("debian12"), "ops", `/usr/bin/test --version; echo "status $?"`)).To(Equal("status 0\n"))
	})
	It("is an option only before the operands", func() {
		Expect(RunMerged(NewHost("debian12"), "ops", `cat /nonexistent --version`)).To(HavePrefix("cat (GNU coreutils) 9.1\n"))
	})
})
