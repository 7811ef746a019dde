package text_test

import (
	"context"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/shell"
)

var _ = Describe("sleep", func() {
	It("sleeps for intervals with suffixes and fractions", func() {
		m := HostWithFiles("debian12")
		start := time.Now()
		Expect(Run(m, "ops", `sleep 0.05 0.01s 0.0001m`).Code).To(Equal(0))
		Expect(time.Since(start)).To(BeNumerically(">=", 60*time.Millisecond))
	})
	It("rejects a bad interval and a missing one", func() {
		m := HostWithFiles("debian12")
		Expect(Run(m, "ops", `sleep 1x`)).To(Exited(1, "sleep: invalid time interval '1x'\nTry 'sleep --help' for more information.\n"))
		Expect(Run(m, "ops", `sleep`)).To(Exited(1, "sleep: missing operand\nTry 'sleep --help' for more information.\n"))
	})
	It("ends when the session is cancelled, even sleeping forever", func() {
		m := HostWithFiles("debian12")
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		_, _, code, err := shell.RunScript(ctx, m, m.User("ops"), "sleep infinity", nil)
		Expect(err).NotTo(HaveOccurred())
		Expect(code).NotTo(Equal(0))
	})
})

var _ = Describe("yes", func() {
	It("stops when its reader goes away or it is cancelled", func() {
		m := HostWithFiles("debian12")
		Expect(Run(m, "ops", `yes | sed 3q`).Stdout).To(Equal("y\ny\ny\n"))
		Expect(Run(m, "ops", `yes ok no | sed -n 2p\;2q`).Stdout).To(Equal("ok no\n"))
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
		defer cancel()
		_, _, _, err := shell.RunScript(ctx, m, m.User("ops"), "yes > /dev/null", nil)
		Expect(err).NotTo(HaveOccurred())
	})
})

var _ = Describe("seq", func() {
	m := func(script string) Result { return Run(HostWithFiles("debian12"), "ops", script) }
	It("counts as GNU seq does", func() {
		Expect(m(`seq 3`).Stdout).To(Equal("1\n2\n3\n"))
		Expect(m(`seq 2 3 9`).Stdout).To(Equal("2\n5\n8\n"))
		Expect(m(`seq 3 -1 1`).Stdout).To(Equal("3\n2\n1\n"))
		Expect(m(`seq -1 1`).Stdout).To(Equal("-1\n0\n1\n"))
		Expect(m(`seq 1 0.5 2`).Stdout).To(Equal("1.0\n1.5\n2.0\n"))
		Expect(m(`seq -w 8 10`).Stdout).To(Equal("08\n09\n10\n"))
		Expect(m(`seq -s, 3`).Stdout).To(Equal("1,2,3\n"))
		Expect(m(`seq -f 'n%g' 2`).Stdout).To(Equal("n1\nn2\n"))
		Expect(m(`seq 5 1`).Stdout).To(BeEmpty())
	})
	It("rejects bad numbers", func() {
		r := m(`seq x`)
		Expect(r.Stderr).To(Equal("seq: invalid floating point argument: 'x'\nTry 'seq --help' for more information.\n"))
		Expect(r.Code).To(Equal(1))
		Expect(m(`seq 1 0 2`).Stderr).To(Equal("seq: invalid Zero increment value: '0'\nTry 'seq --help' for more information.\n"))
		Expect(m(`seq`).Stderr).To(Equal("seq: missing operand\nTry 'seq --help' for more information.\n"))
	})
	It("does not exist on Solaris 10", func() {
		Expect(Run(HostWithFiles("solaris10-sparc"), "ops", `seq 3`).Code).To(Equal(127))
	})
})

var _ = Describe("basename and dirname", func() {
	m := func(script string) Result { return Run(HostWithFiles("debian12"), "ops", script) }
	It("split paths", func() {
		Expect(m(`basename /a/b/c.txt; basename /a/b/c.txt .txt; basename /a/b/; basename /; basename -a /x/y z`).Stdout).
			To(Equal("c.txt\nc\nb\n/\ny\nz\n"))
		Expect(m(`basename -s .gz a.tar.gz b.gz`).Stdout).To(Equal("a.tar\nb\n"))
		Expect(m(`dirname /a/b/c; dirname /a/b/; dirname a; dirname /a; dirname /; dirname a/b c/d`).Stdout).
			To(Equal("/a/b\n/a\n.\n/\n/\na\nc\n"))
	})
	It("need an operand", func() {
		r := m(`basename`)
		Expect(r.Stderr).To(Equal("basename: missing operand\nTry 'basename --help' for more information.\n"))
		Expect(r.Code).To(Equal(1))
		Expect(m(`basename a b c`).Stderr).To(Equal("basename: extra operand 'c'\nTry 'basename --help' for more information.\n"))
		Expect(m(`dirname`).Stderr).To(Equal("dirname: missing operand\nTry 'dirname --help' for more information.\n"))
	})
})

var _ = Describe("readlink and realpath", func() {
	links := func(d *machine.Description) {
		d.Files = append(d.Files, machine.File{Path: "/srv/data/file", Content: "x"},
			machine.File{Path: "/srv/link", Link: "data/file"},
			machine.File{Path: "/srv/dirlink", Link: "/srv/data"},
			machine.File{Path: "/srv/dangling", Link: "/srv/missing"})
	}
	It("reads and resolves links", func() {
		m := NewHost("debian12", links)
		Expect(Run(m, "ops", `readlink /srv/link`).Stdout).To(Equal("data/file\n"))
		Expect(Run(m, "ops", `readlink -f /srv/link; readlink -f /srv/dirlink/../link; readlink -f /srv/dangling`).Stdout).
			To(Equal("/srv/data/file\n/srv/data/file\n/srv/missing\n"))
		Expect(Run(m, "ops", `cd /srv && realpath link dirlink/file ../srv/./data`).Stdout).
			To(Equal("/srv/data/file\n/srv/data/file\n/srv/data\n"))
		Expect(Run(m, "ops", `realpath -s /srv/dirlink/../link`).Stdout).To(Equal("/srv/link\n"))
		Expect(Run(m, "ops", `realpath --relative-to=/srv/data /srv/link`).Stdout).To(Equal("file\n"))
	})
	It("fails quietly for readlink and loudly for realpath", func() {
		m := NewHost("debian12", links)
		r := Run(m, "ops", `readlink /srv/data/file`)
		Expect(r.Stdout + r.Stderr).To(BeEmpty())
		Expect(r.Code).To(Equal(1))
		Expect(Run(m, "ops", `readlink -e /srv/dangling`).Code).To(Equal(1))
		Expect(Run(m, "ops", `realpath /nope/x`)).To(Exited(1, "realpath: /nope/x: No such file or directory\n"))
		Expect(Run(m, "ops", `realpath -m /nope/x`).Stdout).To(Equal("/nope/x\n"))
	})
})

var _ = Describe("tac, rev and nl", func() {
	m := func(script string) Result {
		return Run(HostWithFiles("debian12", "/tmp/t", "a\nb\n\nc\n"), "ops", script)
	}
	It("reverse lines and characters, and number lines", func() {
		Expect(m(`tac /tmp/t`).Stdout).To(Equal("c\n\nb\na\n"))
		Expect(m(`printf 'a\nb' | tac`).Stdout).To(Equal("ba\n"))
		Expect(m(`echo abc | rev`).Stdout).To(Equal("cba\n"))
		Expect(m(`nl /tmp/t`).Stdout).To(Equal("     1\ta\n     2\tb\n       \n     3\tc\n"))
		Expect(m(`nl -ba -w3 -s' ' /tmp/t`).Stdout).To(Equal("  1 a\n  2 b\n  3 \n  4 c\n"))
	})
	It("report missing files", func() {
		r := m(`tac /nope`)
		Expect(r.Stderr).To(Equal("tac: failed to open '/nope' for reading: No such file or directory\n"))
		Expect(r.Code).To(Equal(1))
		Expect(m(`rev /nope`).Stderr).To(Equal("rev: cannot open /nope: No such file or directory\n"))
	})
})

var _ = Describe("echo", func() {
	It("interprets escapes only with -e on GNU, always on Solaris", func() {
		Expect(Run(HostWithFiles("debian12"), "ops", `/bin/echo 'a\tb'; /bin/echo -e 'a\tb'`).Stdout).To(Equal("a\\tb\na\tb\n"))
		Expect(Run(HostWithFiles("solaris10-sparc"), "ops", `/usr/bin/echo 'a\tb\c'; /usr/bin/echo -n x`).Stdout).To(Equal("a\tb-n x\n"))
	})
})

// "NAME: error" messages of the coreutils programs that read files quote a
// name that needs it, as quotef does since coreutils 8.25 (cat's of a glob
// that matched nothing, Munin's acpi plugin); captured with docker run of
// the hostile-os images.
var _ = Describe("coreutils' NAME: error messages", func() {
	DescribeTable("quote the names that need it",
		func(personality, script, want string) {
			Expect(RunMerged(NewHost(personality), "ops", script)).To(Equal(want))
		},
		Entry("cat of a glob that matched nothing", "debian12", `cat /proc/acpi/thermal_zone/*/temperature`,
			"cat: '/proc/acpi/thermal_zone/*/temperature': No such file or directory\n"),
		Entry("the readers", "debian12", `for c in wc "cut -c1" nl od uniq expand unexpand fold cksum realpath; do $c "/x/*"; done 2>&1 | cut -d: -f2 | sort -u`,
			" '/x/*'\n"),
		Entry("sort's", "debian12", `sort 'a b'; sort -o "/x/*" /dev/null; echo a | uniq - "/x/*"`,
			"sort: cannot read: 'a b': No such file or directory\nsort: open failed: '/x/*': No such file or directory\nuniq: '/x/*': No such file or directory\n"),
		Entry("a quote in the name", "debian11", `cut -f1 "it's"`, "cut: \"it's\": No such file or directory\n"),
		Entry("a plain name stays plain", "debian12", `wc /nonexistent`, "wc: /nonexistent: No such file or directory\n"),
		Entry("od with no input prints no offset", "debian12", `od "/x/*"; echo "status $?"`, "od: '/x/*': No such file or directory\nstatus 1\n"),
		Entry("grep's stays plain", "debian12", `grep a "/x/*"`, "grep: /x/*: No such file or directory\n"),
	)
})
