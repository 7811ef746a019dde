package files_test

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
	"github.com/hostile-lab/hostile/simhost/machine"
)

var _ = Describe("find", func() {
	// tree is /home/ops/t with a.txt (5 bytes), b.log (2000 bytes), sub/c.txt and a link.
	tree := func(personality string) *machine.Machine {
		home := "/home/ops"
		if personality == "solaris10-sparc" {
			home = "/export/home/ops"
		}
		return NewHost(personality, SeedDir(home+"/t", "ops", 0o755), SeedFile(home+"/t/a.txt", "hello", "ops", 0o644),
			SeedFile(home+"/t/b.log", string(make([]byte, 2000)), "ops", 0o600), SeedDir(home+"/t/sub", "ops", 0o755),
			SeedFile(home+"/t/sub/c.txt", "", "ops", 0o755))
	}

	It("lists a tree, and filters by name, type and depth", func() {
		m := tree("debian12")
		Expect(Run(m, "ops", "find t")).To(Equal(Result{Stdout: "t\nt/a.txt\nt/b.log\nt/sub\nt/sub/c.txt\n"}))
		Expect(Run(m, "ops", "find t -name '*.txt'").Stdout).To(Equal("t/a.txt\nt/sub/c.txt\n"))
		Expect(Run(m, "ops", "find t -iname 'A.*'").Stdout).To(Equal("t/a.txt\n"))
		Expect(Run(m, "ops", "find t -type d").Stdout).To(Equal("t\nt/sub\n"))
		Expect(Run(m, "ops", "find t -maxdepth 1 -type f").Stdout).To(Equal("t/a.txt\nt/b.log\n"))
		Expect(Run(m, "ops", "find t -mindepth 2").Stdout).To(Equal("t/sub/c.txt\n"))
		Expect(Run(m, "ops", "cd t && find . -name sub").Stdout).To(Equal("./sub\n"))
	})
	It("combines tests with !, -o and parentheses", func() {
		m := tree("debian12")
		Expect(Run(m, "ops", "find t -type f ! -name '*.txt'").Stdout).To(Equal("t/b.log\n"))
		Expect(Run(m, "ops", "find t -not -type d -not -name b.log").Stdout).To(Equal("t/a.txt\nt/sub/c.txt\n"))
		Expect(Run(m, "ops", "find t \\( -name a.txt -o -name b.log \\) -print").Stdout).To(Equal("t/a.txt\nt/b.log\n"))
		Expect(Run(m, "ops", "find t -name sub -prune -o -type f -print").Stdout).To(Equal("t/a.txt\nt/b.log\n"))
	})
	It("tests size, permissions, owner and age", func() {
		m := tree("debian12")
		Expect(Run(m, "ops", "find t -type f -size +1k").Stdout).To(Equal("t/b.log\n"))
		Expect(Run(m, "ops", "find t -type f -size -1").Stdout).To(Equal("t/sub/c.txt\n"))
		Expect(Run(m, "ops", "find t -size 5c").Stdout).To(Equal("t/a.txt\n"))
		Expect(Run(m, "ops", "find t -type f -perm 600").Stdout).To(Equal("t/b.log\n"))
		Expect(Run(m, "ops", "find t -type f -perm -u+x").Stdout).To(Equal("t/sub/c.txt\n"))
		Expect(Run(m, "ops", "find t -type f -perm /o+r").Stdout).To(Equal("t/a.txt\nt/sub/c.txt\n"))
		Expect(Run(m, "ops", "find t -user ops -name a.txt").Stdout).To(Equal("t/a.txt\n"))
		Expect(Run(m, "ops", "find t -empty").Stdout).To(Equal("t/sub/c.txt\n"))
		SetTimes(m, "/home/ops/t/a.txt", time.Now().Add(-72*time.Hour))
		Expect(Run(m, "ops", "find t -mtime +1").Stdout).To(Equal("t/a.txt\n"))
		Expect(Run(m, "ops", "find t -type f -newer t/a.txt").Stdout).To(Equal("t/b.log\nt/sub/c.txt\n"))
	})
	It("runs commands with -exec ... ; and -exec ... {} +", func() {
		m := tree("debian12")
		Expect(Run(m, "ops", "find t -name '*.txt' -exec echo found {} \\;")).To(Equal(Result{Stdout: "found t/a.txt\nfound t/sub/c.txt\n"}))
		Expect(Run(m, "ops", "find t -type f -exec echo {} +")).To(Equal(Result{Stdout: "t/a.txt t/b.log t/sub/c.txt\n"}))
		Expect(Run(m, "ops", "find t -name a.txt -exec false \\; -print")).To(Equal(Result{}))
		Expect(Run(m, "ops", "find t -name a.txt -exec nosuchcmd {} \\;")).To(Equal(Result{Stderr: "find: 'nosuchcmd': No such file or directory\n", Code: 1}))
		Expect(Run(m, "ops", "find t -type f -exec false {} +").Code).To(Equal(1))
	})
	It("prints with -print0 and -printf, deletes with -delete", func() {
		m := tree("debian12")
		Expect(Run(m, "ops", "find t/sub -print0").Stdout).To(Equal("t/sub\x00t/sub/c.txt\x00"))
		Expect(Run(m, "ops", "find t -name a.txt -printf '%f %s %m %u %d %y\\n'").Stdout).To(Equal("a.txt 5 644 ops 1 f\n"))
		Expect(Run(m, "ops", "find t -name '*.txt' -delete && find t").Stdout).To(Equal("t\nt/b.log\nt/sub\n"))
	})
	It("reports unreadable directories and missing paths with find's curly quotes", func() {
		m := NewHost("debian12", SeedDir("/srv/locked", "root", 0o700), SeedFile("/srv/locked/x", "", "root", 0o644))
		Expect(Run(m, "ops", "find /srv nosuch")).To(Equal(Result{Stdout: "/srv\n/srv/locked\n",
			Stderr: "find: '/srv/locked': Permission denied\nfind: 'nosuch': No such file or directory\n", Code: 1}))
	})
	It("rejects bad expressions", func() {
		m := tree("debian12")
		Expect(Run(m, "ops", "find t -bogus")).To(Equal(Result{Stderr: "find: unknown predicate `-bogus'\n", Code: 1}))
		Expect(Run(m, "ops", "find t -name")).To(Equal(Result{Stderr: "find: missing argument to `-name'\n", Code: 1}))
		Expect(Run(m, "ops", "find t -exec echo {}")).To(Equal(Result{Stderr: "find: missing argument to `-exec'\n", Code: 1}))
		Expect(Run(m, "ops", "find t -name x y")).To(Equal(Result{Stderr: "find: paths must precede expression: `y'\n", Code: 1}))
		Expect(Run(m, "ops", "find t -type z")).To(Equal(Result{Stderr: "find: Unknown argument to -type: z\n", Code: 1}))
		Expect(Run(m, "ops", "find t -user nobody2")).To(Equal(Result{Stderr: "find: 'nobody2' is not the name of a known user\n", Code: 1}))
		Expect(Run(m, "ops", "find t -name a.txt -maxdepth 1").Stderr).To(Equal("find: warning: you have specified the global option -maxdepth after the argument -name, " +
			"but global options are not positional, i.e., -maxdepth affects tests specified before it as well as those specified after it.  " +
			"Please specify global options before other arguments.\n"))
	})
	It("speaks Solaris 10's find", func() {
		m := tree("solaris10-sparc")
		Expect(Run(m, "ops", "find t -name '*.txt'").Stdout).To(Equal("t/a.txt\nt/sub/c.txt\n"))
		Expect(Run(m, "ops", "find nosuch")).To(Equal(Result{Stderr: "find: stat() error nosuch: No such file or directory\n", Code: 1}))
		Expect(Run(m, "ops", "find t -maxdepth 1")).To(Equal(Result{Stderr: "find: bad option -maxdepth\nfind: [-H | -L] path-list predicate-list\n", Code: 1}))
		Expect(Run(m, "ops", "find")).To(Equal(Result{Stderr: "find: insufficient number of arguments\nfind: [-H | -L] path-list predicate-list\n", Code: 1}))
	})
})
