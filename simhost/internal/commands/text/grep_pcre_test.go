package text_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/hostile-lab/hostile/simhost/events"
	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// grep -P as PCRE2 reads it, where .NET's dialect (regexp2) differs: \K,
// \h, \H, \N, \R, \Q...\E, POSIX classes in brackets, possessive
// quantifiers, PCRE2's words for a bad quantifier. Captured from bookworm's
// grep 3.8 (stdout and stderr merged).
var _ = Describe("grep -P", func() {
	files := []string{
		"/srv/os", "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\nID=debian\n",
		"/srv/profile", "if x; then\n  PATH=\"/usr/bin:/bin\"\nfi\n",
	}
	DescribeTable("reads PCRE2's syntax",
		func(script, merged string) {
			Expect(RunMerged(HostWithFiles("debian12", files...), "ops", script)).To(Equal(merged))
		},
		Entry(nil, `grep -oP 'NAME="\K[^"]+' /srv/os`, "Debian GNU/Linux 12 (bookworm)\nDebian GNU/Linux\n"),
		Entry(nil, `grep -oP '^ID=\K\w+' /srv/os`, "debian\n"),
		Entry(nil, `grep -P '^\h*PATH=\H+' /srv/profile`, "  PATH=\"/usr/bin:/bin\"\n"),
		Entry(nil, `echo 'a  b' | grep -oP 'a\h+b'`, "a  b\n"),
		Entry(nil, `grep -cP '[[:digit:]]+' /srv/os`, "2\n"),
		Entry(nil, `grep -oP '^[[:alpha:]_]+(?==)' /srv/os`, "PRETTY_NAME\nNAME\nVERSION_ID\nID\n"),
		Entry(nil, `echo 'aaa' | grep -oP 'a++'`, "aaa\n"),
		Entry(nil, `echo 'a.b' | grep -oP '\Q.\E'`, ".\n"),
		Entry(nil, `echo 'ab12' | grep -oP '\d+\K'; echo "s=$?"`, "s=0\n"),
		Entry(nil, `echo 'MemTotal: 100 kB' | grep -oP 'MemTotal:\s+\K\d+'`, "100\n"),
		Entry(nil, `grep -P '\N+' /srv/os | wc -l`, "4\n"),
		Entry(nil, `echo 'x' | grep -P 'a{2,1}'; echo "s=$?"`, "grep: numbers out of order in {} quantifier\ns=2\n"),
		Entry(nil, `printf 'a\r\nb\n' | grep -cP 'a\R'`, "1\n"),
		Entry(nil, `echo 'k=v k=w' | grep -oP 'k=\K\w'`, "v\nw\n"),
	)

	It("says where it cannot follow PCRE2, and records it", func() {
		m := HostWithFiles("debian12", files...)
		Expect(Run(m, "ops", `grep -oP '(NAME=\K)\w+' /srv/os`)).To(Exited(2,
			"grep: -P: \\K inside a group is not emulated by the simulated host\n"))
		Expect(m.Log.OfKind(events.NotEmulated)).To(ContainElement(HaveField("Detail", `grep -P: \K inside a group`)))
	})
})
