package text_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

var _ = Describe("grep", func() {
	files := []string{
		"/srv/app.log", "INFO start\nERROR disk full\nINFO retry\nerror: again\nWARN foo_bar foo\n",
		"/srv/conf/a.conf", "port=22\nhost=db01\n",
		"/srv/conf/sub/b.conf", "port=2222\n",
		"/srv/bin.dat", "abc\x00port\n",
	}
	It("prints matching lines and exits 0, or exits 1 when none match", func() {
		m := HostWithFiles("debian12", files...)
		r := Run(m, "ops", `grep ERROR /srv/app.log`)
		Expect(r.Stdout).To(Equal("ERROR disk full\n"))
		Expect(r.Code).To(Equal(0))
		r = Run(m, "ops", `grep nothing /srv/app.log`)
		Expect(r.Stdout).To(BeEmpty())
		Expect(r.Code).To(Equal(1))
	})
	It("knows -i -v -c -n -o -w -x -q", func() {
		m := HostWithFiles("debian12", files...)
		Expect(Run(m, "ops", `grep -i error /srv/app.log`).Stdout).To(Equal("ERROR disk full\nerror: again\n"))
		Expect(Run(m, "ops", `grep -vc INFO /srv/app.log`).Stdout).To(Equal("3\n"))
		Expect(Run(m, "ops", `grep -n retry /srv/app.log`).Stdout).To(Equal("3:INFO retry\n"))
		Expect(Run(m, "ops", `grep -o 'I[A-Z]*' /srv/app.log`).Stdout).To(Equal("INFO\nINFO\n"))
		Expect(Run(m, "ops", `grep -ow foo /srv/app.log`).Stdout).To(Equal("foo\n"))
		Expect(Run(m, "ops", `grep -x 'INFO retry' /srv/app.log`).Stdout).To(Equal("INFO retry\n"))
		r := Run(m, "ops", `grep -q disk /srv/app.log`)
		Expect(r.Stdout).To(BeEmpty())
		Expect(r.Code).To(Equal(0))
	})
	It("matches -x against each pattern and each alternative whole, as bookworm's grep 3.8 does", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `printf 'Model name\nModel\nxModel\n' | grep -n -x -e Model -e Stepping`).Stdout).To(Equal("2:Model\n"))
		Expect(Run(m, "ops", `printf 'Model name\nModel\nxModel\n' | grep -x -E -e 'Mod|x' -e Stepping`)).To(Equal(Result{Code: 1}))
	})
	It("reads basic, extended and fixed patterns, and several -e", func() {
		m := HostWithFiles("debian12", files...)
		Expect(Run(m, "ops", `grep 'ERROR\|WARN' /srv/app.log`).Stdout).To(Equal("ERROR disk full\nWARN foo_bar foo\n"))
		Expect(Run(m, "ops", `grep -E '^(ERROR|WARN) ' /srv/app.log`).Stdout).To(Equal("ERROR disk full\nWARN foo_bar foo\n"))
		Expect(Run(m, "ops", `grep -F 'r: a' /srv/app.log`).Stdout).To(Equal("error: again\n"))
		Expect(Run(m, "ops", `grep -e start -e retry /srv/app.log`).Stdout).To(Equal("INFO start\nINFO retry\n"))
		Expect(Run(m, "ops", `grep 'o\{2\}' /srv/app.log`).Stdout).To(Equal("WARN foo_bar foo\n"))
	})
	It("names files when there are several, or with -H, and lists them with -l and -L", func() {
		m := HostWithFiles("debian12", files...)
		Expect(Run(m, "ops", `grep port /srv/conf/a.conf /srv/conf/sub/b.conf`).Stdout).
			To(Equal("/srv/conf/a.conf:port=22\n/srv/conf/sub/b.conf:port=2222\n"))
		Expect(Run(m, "ops", `grep -h port /srv/conf/a.conf /srv/conf/sub/b.conf`).Stdout).To(Equal("port=22\nport=2222\n"))
		Expect(Run(m, "ops", `grep -H host /srv/conf/a.conf`).Stdout).To(Equal("/srv/conf/a.conf:host=db01\n"))
		Expect(Run(m, "ops", `grep -l host /srv/conf/a.conf /srv/conf/sub/b.conf`).Stdout).To(Equal("/srv/conf/a.conf\n"))
		Expect(Run(m, "ops", `grep -L host /srv/conf/a.conf /srv/conf/sub/b.conf`).Stdout).To(Equal("/srv/conf/sub/b.conf\n"))
		Expect(Run(m, "ops", `grep -c port /srv/conf/a.conf /srv/conf/sub/b.conf`).Stdout).
			To(Equal("/srv/conf/a.conf:1\n/srv/conf/sub/b.conf:1\n"))
	})
	It("searches directories with -r, naming files relative to the operand", func() {
		m := HostWithFiles("debian12", files...)
		Expect(Run(m, "ops", `grep -r port /srv/conf`).Stdout).To(Equal("/srv/conf/a.conf:port=22\n/srv/conf/sub/b.conf:port=2222\n"))
		Expect(Run(m, "ops", `cd /srv/conf && grep -rn port`).Stdout).To(Equal("a.conf:1:port=22\nsub/b.conf:1:port=2222\n"))
		Expect(Run(m, "ops", `grep port /srv/conf`)).To(Exited(2, "grep: /srv/conf: Is a directory\n"))
	})
	It("prints context lines with -A, -B and -C", func() {
		m := HostWithFiles("debian12", files...)
		Expect(Run(m, "ops", `grep -A1 start /srv/app.log`).Stdout).To(Equal("INFO start\nERROR disk full\n"))
		Expect(Run(m, "ops", `grep -n -B1 retry /srv/app.log`).Stdout).To(Equal("2-ERROR disk full\n3:INFO retry\n"))
	})
	It("reads stdin", func() {
		m := HostWithFiles("debian12")
		Expect(Run(m, "ops", `printf 'a\nb\n' | grep b`).Stdout).To(Equal("b\n"))
		Expect(Run(m, "ops", `grep -H x`, "x\n").Stdout).To(Equal("(standard input):x\n"))
	})
	It("reports binary files on stderr in grep 3 and on stdout in grep 2.20", func() {
		Expect(Run(HostWithFiles("debian12", files...), "ops", `grep port /srv/bin.dat`)).To(Equal(Result{Stderr: "grep: /srv/bin.dat: binary file matches\n"}))
		Expect(Run(HostWithFiles("rhel7", files...), "ops", `grep port /srv/bin.dat`).Stdout).To(Equal("Binary file /srv/bin.dat matches\n"))
	})
	It("exits 2 for a missing file, an error in the pattern or no pattern", func() {
		m := HostWithFiles("debian12", files...)
		Expect(Run(m, "ops", `grep INFO /nope /srv/app.log`)).To(Equal(Result{Stdout: "/srv/app.log:INFO start\n/srv/app.log:INFO retry\n", Stderr: "grep: /nope: No such file or directory\n", Code: 2}))
		Expect(Run(m, "ops", `grep -s INFO /nope`).Stderr).To(BeEmpty())
		Expect(Run(m, "ops", `grep -q INFO /nope /srv/app.log`).Code).To(Equal(0))
		Expect(Run(m, "ops", `grep 'a\(' /srv/app.log`)).To(Exited(2, "grep: Unmatched ( or \\(\n"))
		Expect(Run(m, "ops", `grep '[a' /srv/app.log`).Stderr).To(Equal("grep: Unmatched [, [^, [:, [., or [=\n"))
		Expect(Run(m, "ops", `grep 'a[' /srv/app.log`).Stderr).To(Equal("grep: Invalid regular expression\n"), "glibc's regcomp when nothing follows [")
		Expect(Run(m, "ops", `grep`)).To(Exited(2, "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n"))
		Expect(Run(m, "ops", `grep -Y x`)).To(Exited(2, "grep: invalid option -- 'Y'\nUsage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n"))
	})
	It("answers as Solaris /usr/bin/grep does", func() {
		m := HostWithFiles("solaris10-sparc", files...)
		Expect(Run(m, "ops", `grep -q INFO /srv/app.log`)).To(Exited(2, "grep: illegal option -- q\nUsage: grep -hblcnsviw pattern file . . .\n"))
		Expect(Run(m, "ops", `grep INFO /nope`)).To(Exited(2, "grep: can't open /nope\n"))
	})
})
