package files_test

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
	"github.com/hostile-lab/hostile/simhost/machine"
)

var _ = Describe("find", func() {
	// tree is ~ops/t with a.txt (5 bytes), b.log (2000 bytes), sub/c.txt and a link.
	tree := func(personality string) *machine.Machine {
		home := OpsHome(personality)
		return NewHost(personality, SeedDir(home+"/t", "ops", 0o755), SeedFile(home+"/t/a.txt", "hello", "ops", 0o644),
			SeedFile(home+"/t/b.log", string(make([]byte, 2000)), "ops", 0o600), SeedDir(home+"/t/sub", "ops", 0o755),
			SeedFile(home+"/t/sub/c.txt", "", "ops", 0o755))
	}

	DescribeTable("lists the tree, filtered by its tests and operators",
		func(script, stdout string) {
			Expect(Run(tree("debian12"), "ops", script)).To(Equal(Result{Stdout: stdout}))
		},
		Entry("the whole tree", "find t", "t\nt/a.txt\nt/b.log\nt/sub\nt/sub/c.txt\n"),
		Entry("-name", "find t -name '*.txt'", "t/a.txt\nt/sub/c.txt\n"),
		Entry("-iname", "find t -iname 'A.*'", "t/a.txt\n"),
		Entry("-type", "find t -type d", "t\nt/sub\n"),
		Entry("-maxdepth", "find t -maxdepth 1 -type f", "t/a.txt\nt/b.log\n"),
		Entry("-mindepth", "find t -mindepth 2", "t/sub/c.txt\n"),
		Entry("a path of .", "cd t && find . -name sub", "./sub\n"),
		Entry("!", "find t -type f ! -name '*.txt'", "t/b.log\n"),
		Entry("-not", "find t -not -type d -not -name b.log", "t/a.txt\nt/sub/c.txt\n"),
		Entry("-o in parentheses", "find t \\( -name a.txt -o -name b.log \\) -print", "t/a.txt\nt/b.log\n"),
		Entry("-prune", "find t -name sub -prune -o -type f -print", "t/a.txt\nt/b.log\n"),
		Entry("-size in kilobytes", "find t -type f -size +1k", "t/b.log\n"),
		Entry("-size in blocks", "find t -type f -size -1", "t/sub/c.txt\n"),
		Entry("-size in bytes", "find t -size 5c", "t/a.txt\n"),
		Entry("-perm exactly", "find t -type f -perm 600", "t/b.log\n"),
		Entry("-perm with all bits", "find t -type f -perm -u+x", "t/sub/c.txt\n"),
		Entry("-perm with any bit", "find t -type f -perm /o+r", "t/a.txt\nt/sub/c.txt\n"),
		Entry("-user", "find t -user ops -name a.txt", "t/a.txt\n"),
		Entry("-empty", "find t -empty", "t/sub/c.txt\n"),
		Entry("-exec ... ;", "find t -name '*.txt' -exec echo found {} \\;", "found t/a.txt\nfound t/sub/c.txt\n"),
		Entry("-exec ... {} +", "find t -type f -exec echo {} +", "t/a.txt t/b.log t/sub/c.txt\n"),
		Entry("-exec as a false test", "find t -name a.txt -exec false \\; -print", ""),
		Entry("-print0", "find t/sub -print0", "t/sub\x00t/sub/c.txt\x00"),
		Entry("-printf", "find t -name a.txt -printf '%f %s %m %u %d %y\\n'", "a.txt 5 644 ops 1 f\n"),
		Entry("-delete", "find t -name '*.txt' -delete && find t", "t\nt/b.log\nt/sub\n"),
	)
	It("tests age", func() {
		m := tree("debian12")
		SetTimes(m, "/home/ops/t/a.txt", time.Now().Add(-72*time.Hour))
		Expect(Run(m, "ops", "find t -mtime +1").Stdout).To(Equal("t/a.txt\n"))
		Expect(Run(m, "ops", "find t -type f -newer t/a.txt").Stdout).To(Equal("t/b.log\nt/sub/c.txt\n"))
	})
	It("compares with a date or another time as -newerXY does, and prints ten digits of fraction (findutils 4.8/4.9)", func() {
		for _, pers := range []string{"debian12", "debian11"} {
			m := NewHost(pers)
			r := Run(m, "ops", "mkdir -p /tmp/q && echo a > /tmp/q/a && touch -t 202001020304.05 /tmp/q/a && "+
				"find /tmp/q -type f -printf '%TY%Tm%Td%TH%TM%TS %p\\n' && find /tmp/q -type f -printf '[%TS] [%T@] [%TT] [%TM] %t|%T+\\n' && "+
				"find /tmp/q -newermt '2019-01-01'; find /tmp/q -newermt '2022-01-01'; find /tmp/q -type f -cnewer /tmp/q/a; find /tmp/q -newerct '2000-01-01'; find /tmp -newermt nonsense; echo $?")
			Expect(r.Stdout).To(Equal("20200102030405.0000000000 /tmp/q/a\n"+
				"[05.0000000000] [1577934245.0000000000] [03:04:05.0000000000] [04] Thu Jan  2 03:04:05.0000000000 2020|2020-01-02+03:04:05.0000000000\n"+
				"/tmp/q\n/tmp/q/a\n/tmp/q\n/tmp/q/a\n/tmp/q\n/tmp/q/a\n1\n"), pers)
			Expect(r.Stderr).To(Equal("find: I cannot figure out how to interpret 'nonsense' as a date or time\n"), pers)
		}
	})
	It("reports a command that could not run with -exec", func() {
		m := tree("debian12")
		Expect(Run(m, "ops", "find t -name a.txt -exec nosuchcmd {} \\;")).To(Equal(Result{Stderr: "find: 'nosuchcmd': No such file or directory\n", Code: 1}))
		Expect(Run(m, "ops", "find t -type f -exec false {} +").Code).To(Equal(1))
	})
	It("reports unreadable directories and missing paths with find's curly quotes", func() {
		m := NewHost("debian12", SeedDir("/srv/locked", "root", 0o700), SeedFile("/srv/locked/x", "", "root", 0o644))
		Expect(Run(m, "ops", "find /srv nosuch")).To(Equal(Result{Stdout: "/srv\n/srv/locked\n",
			Stderr: "find: '/srv/locked': Permission denied\nfind: 'nosuch': No such file or directory\n", Code: 1}))
	})
	DescribeTable("rejects bad expressions",
		func(personality, script, stderr string) {
			Expect(Run(tree(personality), "ops", script)).To(Equal(Result{Stderr: stderr, Code: 1}))
		},
		Entry("an unknown predicate", "debian12", "find t -bogus", "find: unknown predicate `-bogus'\n"),
		Entry("a missing argument", "debian12", "find t -name", "find: missing argument to `-name'\n"),
		Entry("an -exec without its end", "debian12", "find t -exec echo {}", "find: missing argument to `-exec'\n"),
		Entry("a path after the expression", "debian12", "find t -name x y", "find: paths must precede expression: `y'\n"),
		Entry("an unknown -type", "debian12", "find t -type z", "find: Unknown argument to -type: z\n"),
		Entry("an unknown user", "debian12", "find t -user nobody2", "find: 'nobody2' is not the name of a known user\n"),
		Entry("a missing path on Solaris", "solaris10-sparc", "find nosuch", "find: stat() error nosuch: No such file or directory\n"),
		Entry("a GNU option on Solaris", "solaris10-sparc", "find t -maxdepth 1", "find: bad option -maxdepth\nfind: [-H | -L] path-list predicate-list\n"),
		Entry("no path on Solaris", "solaris10-sparc", "find", "find: insufficient number of arguments\nfind: [-H | -L] path-list predicate-list\n"),
	)
	It("warns about a global option after a test", func() {
		Expect(Run(tree("debian12"), "ops", "find t -name a.txt -maxdepth 1").Stderr).To(Equal("find: warning: you have specified the global option -maxdepth after the argument -name, " +
			"but global options are not positional, i.e., -maxdepth affects tests specified before it as well as those specified after it.  " +
			"Please specify global options before other arguments.\n"))
	})
	It("speaks Solaris 10's find", func() {
		Expect(Run(tree("solaris10-sparc"), "ops", "find t -name '*.txt'").Stdout).To(Equal("t/a.txt\nt/sub/c.txt\n"))
	})
})
