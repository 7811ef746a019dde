package packages_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// dpkg knows every name the installed packages' relationships mention
// (openssh-server suggests ufw): such a package is "un", with no version and
// no information, where a name nothing mentions matches nothing. Captured
// from bookworm (stdout and stderr merged).
var _ = DescribeTable("dpkg's packages known only by name",
	func(script, merged string) {
		Expect(RunMerged(NewHost("debian12"), "ops", script)).To(Equal(Revisionless(merged)))
	},
	Entry(nil, `dpkg-query -W "uf*"; echo s=$?`, "ufw\t\ns=0\n"),
	Entry(nil, `dpkg -l "uf*" | tail -1; echo s=$?`, "un  ufw            <none>       <none>       (no description available)\ns=0\n"),
	Entry(nil, `dpkg -s ufw; echo s=$?`, "dpkg-query: package 'ufw' is not installed and no information is available\nUse dpkg --info (= dpkg-deb --info) to examine archive files.\ns=1\n"),
	Entry(nil, `dpkg-query -W | wc -l`, "156\n"),
	Entry(nil, `dpkg-query -W '*' | wc -l`, "456\n"),
	Entry(nil, `dpkg -l | grep -c "^un"`, "0\n"),
	Entry(nil, `dpkg-query -l molly-guard | tail -1`, "un  molly-guard    <none>       <none>       (no description available)\n"),
	Entry(nil, `dpkg-query -W libc6-dev; echo s=$?`, "dpkg-query: no packages found matching libc6-dev\ns=1\n"),
	Entry(nil, `dpkg-query -W "libc6*"`, "libc6:amd64\t2.36-9+deb12u14\nlibc6-amd64\t\nlibc6.1\t\n"),
	Entry(nil, `dpkg --get-selections ufw; echo s=$?`, "s=0\n"),
	Entry(nil, `dpkg-query -W -f='${binary:Package}\t${Status}\t${db:Status-Status}\n' ufw nftables iptables 2>&1`, "dpkg-query: no packages found matching nftables\ndpkg-query: no packages found matching iptables\nufw\tunknown ok not-installed\tnot-installed\n"),
	Entry(nil, `dpkg-query -W -f='${Package} ${Version} ${Status}\n' ufw sudo`, "sudo 1.9.13p3-1+deb12u4 install ok installed\nufw  unknown ok not-installed\n"),
	Entry(nil, `apt-cache policy ufw 2>&1 | head -3`, "ufw:\n  Installed: (none)\n  Candidate: (none)\n"),
	Entry(nil, `dpkg -L ufw; echo s=$?`, "dpkg-query: package 'ufw' is not installed\nUse dpkg --contents (= dpkg-deb --contents) to list archive files contents.\ns=1\n"),
)
