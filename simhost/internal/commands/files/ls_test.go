package files_test

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
	"github.com/hostile-lab/hostile/simhost/machine"
)

var _ = Describe("ls", func() {
	old := time.Date(2023, 1, 5, 10, 0, 0, 0, time.UTC)
	// lsHost has ops's d with a file, a script and a hidden file, all old.
	lsHost := func(personality string) *machine.Machine {
		home := OpsHome(personality)
		m := NewHost(personality, SeedDir(home+"/d", "ops", 0o755), SeedFile(home+"/d/a.txt", "hello", "ops", 0o644),
			SeedFile(home+"/d/run.sh", "#!/bin/sh\n", "ops", 0o755), SeedFile(home+"/d/.hidden", "", "ops", 0o600))
		for _, f := range []string{"/a.txt", "/run.sh", "/.hidden", ""} {
			SetTimes(m, home+"/d"+f, old)
		}
		return m
	}

	DescribeTable("lists d",
		func(personality, script, stdout string) {
			Expect(Run(lsHost(personality), "ops", script)).To(Equal(Result{Stdout: stdout}))
		},
		Entry("one name per line without a terminal", "debian12", "ls d", "a.txt\nrun.sh\n"),
		Entry("the GNU long format with a total in 1K blocks", "debian12", "ls -l d", "total 8\n"+
			"-rw-r--r-- 1 ops ops  5 Jan  5  2023 a.txt\n"+
			"-rwxr-xr-x 1 ops ops 10 Jan  5  2023 run.sh\n"),
		Entry("the Solaris long format and 512-byte totals", "solaris10-sparc", "ls -l d", "total 16\n"+
			"-rw-r--r--   1 ops      ops            5 Jan  5  2023 a.txt\n"+
			"-rwxr-xr-x   1 ops      ops           10 Jan  5  2023 run.sh\n"),
		Entry("hidden files with -a", "debian12", "ls -a d", ".\n..\n.hidden\na.txt\nrun.sh\n"),
		Entry("hidden files but . and .. with -A", "debian12", "ls -A d", ".hidden\na.txt\nrun.sh\n"),
		Entry("numbers for names with -n", "debian12", "ls -n d/a.txt", "-rw-r--r-- 1 1000 1000 5 Jan  5  2023 d/a.txt\n"),
		Entry("a directory itself with -d, in human sizes with -h", "debian12", "ls -ldh d", "drwxr-xr-x 2 ops ops 4.0K Jan  5  2023 d\n"),
		Entry("headers for several operands, files first", "debian12", "ls d /etc/hostname", "/etc/hostname\n\nd:\na.txt\nrun.sh\n"),
	)
	It("shows the time of day for files of the last six months", func() {
		m := lsHost("debian12")
		recent := time.Now().Add(-time.Hour)
		SetTimes(m, "/home/ops/d/a.txt", recent)
		Expect(Run(m, "ops", "ls -l d/a.txt").Stdout).To(Equal("-rw-r--r-- 1 ops ops 5 " + recent.UTC().Format("Jan _2 15:04") + " d/a.txt\n"))
	})
	It("shows inodes with -i", func() {
		Expect(Run(lsHost("debian12"), "ops", "ls -1i d/run.sh").Stdout).To(MatchRegexp(`^\d+ d/run.sh\n$`))
	})
	It("classifies with -F, sorts with -t and -r, recurses with -R", func() {
		m := lsHost("debian12")
		Expect(Run(m, "ops", "ln -s a.txt d/l && ls -F d").Stdout).To(Equal("a.txt\nl@\nrun.sh*\n"))
		Expect(Run(m, "ops", "ls -t d").Stdout).To(Equal("l\na.txt\nrun.sh\n"))
		Expect(Run(m, "ops", "ls -r d").Stdout).To(Equal("run.sh\nl\na.txt\n"))
		Expect(Run(m, "ops", "mkdir d/sub && ls -R d").Stdout).To(Equal("d:\na.txt\nl\nrun.sh\nsub\n\nd/sub:\n"))
	})
	It("lists a link with its target", func() {
		Expect(Run(lsHost("debian12"), "ops", "ln -s a.txt d/l && ls -l --color=never d/l").Stdout).To(MatchRegexp(`^lrwxrwxrwx 1 ops ops 5 \w{3} [ \d]\d \d\d:\d\d d/l -> a.txt\n$`))
	})
	It("shows setuid and sticky bits as s, S, t, T", func() {
		m := NewHost("debian12", SeedFile("/home/ops/su", "", "ops", 0o755), SeedFile("/home/ops/sg", "", "ops", 0o644))
		Expect(Run(m, "ops", "chmod 4755 su && chmod g+s sg").Code).To(Equal(0))
		SetTimes(m, "/home/ops/su", old)
		SetTimes(m, "/home/ops/sg", old)
		Expect(Run(m, "ops", "ls -l su sg").Stdout).To(Equal(
			"-rw-r-Sr-- 1 ops ops 0 Jan  5  2023 sg\n-rwsr-xr-x 1 ops ops 0 Jan  5  2023 su\n"))
		Expect(Run(m, "ops", "ls -ld /tmp").Stdout).To(HavePrefix("drwxrwxrwt "))
	})
	It("reports what it cannot list with exit status 2", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", "ls nosuch")).To(Equal(Result{Stderr: "ls: cannot access 'nosuch': No such file or directory\n", Code: 2}))
		Expect(Run(m, "ops", "ls /root")).To(Equal(Result{Stderr: "ls: cannot open directory '/root': Permission denied\n", Code: 2}))
		Expect(Run(m, "ops", "ls -z")).To(Equal(Result{Stderr: "ls: invalid option -- 'z'\nTry 'ls --help' for more information.\n", Code: 2}))
		Expect(Run(NewHost("rhel7"), "ops", "ls nosuch").Stderr).To(Equal("ls: cannot access nosuch: No such file or directory\n"))
	})
	It("fills columns on a terminal or with -C", func() {
		m := lsHost("debian12")
		Expect(RunTTY(m, "ops", "ls d", "").Stdout).To(Equal("a.txt  run.sh\n"))
		Expect(Run(m, "ops", "mkdir d/sub && COLUMNS=12 ls -C d").Stdout).To(Equal("a.txt\tsub\nrun.sh\n"), "GNU ls pads with tabs to tab stops")
		Expect(Run(m, "ops", "COLUMNS=12 ls -x d").Stdout).To(Equal("a.txt\nrun.sh\nsub\n"), "across, two columns would need 13")
	})

	Context("on Solaris 10", func() {
		It("puts the group in its fixed column", func() {
			m := NewHost("solaris10-sparc", SeedFile("/export/home/ops/name", "hello", "ops", 0o644),
				func(d *machine.Description) { d.Files[0].Group = "staff" })
			SetTimes(m, "/export/home/ops/name", old)
			Expect(Run(m, "ops", "ls -l name").Stdout).To(Equal("-rw-r--r--   1 ops      staff          5 Jan  5  2023 name\n"))
		})
		It("reports a missing file with perror's words", func() {
			Expect(Run(NewHost("solaris10-sparc"), "ops", "ls x")).To(Equal(Result{Stderr: "x: No such file or directory\n", Code: 2}))
		})
	})
})

var _ = Describe("ls --time-style and a link named with a slash", func() {
	It("writes each style's time, and refuses an unknown one as GNU ls does", func() {
		m := NewHost("debian12")
		Run(m, "root", "touch -t 202401020304.05 /tmp/old; mkdir /tmp/dir; ln -s /tmp/dir /tmp/link; touch /tmp/dir/f")
		Expect(Run(m, "ops", "ls -l --time-style=full-iso /tmp/old").Stdout).To(Equal("-rw-r--r-- 1 root root 0 2024-01-02 03:04:05.000000000 +0000 /tmp/old\n"))
		Expect(Run(m, "ops", "ls -l --time-style=long-iso /tmp/old").Stdout).To(Equal("-rw-r--r-- 1 root root 0 2024-01-02 03:04 /tmp/old\n"))
		Expect(Run(m, "ops", "ls -l --time-style=iso /tmp/old").Stdout).To(Equal("-rw-r--r-- 1 root root 0 2024-01-02  /tmp/old\n"))
		Expect(Run(m, "ops", "ls -l --time-style=+%Y%m%d /tmp/old").Stdout).To(Equal("-rw-r--r-- 1 root root 0 20240102 /tmp/old\n"))
		Expect(Run(m, "ops", "ls -l --time-style=posix-long-iso /tmp/old").Stdout).To(Equal("-rw-r--r-- 1 root root 0 Jan  2  2024 /tmp/old\n"))
		r := Run(m, "ops", "ls -l --time-style=bogus /tmp/old")
		Expect(r.Stderr).To(HavePrefix("ls: invalid argument 'bogus' for 'time style'\nValid arguments are:\n"))
		Expect(r.Code).To(Equal(2))
		Expect(Run(m, "ops", "ls -l /tmp/link/").Stdout).To(MatchRegexp(`^total 0\n-rw-r--r-- 1 root root 0 .* f\n$`))
		Expect(Run(m, "ops", "find /tmp/dir -printf '%P|%p\\n'").Stdout).To(Equal("|/tmp/dir\nf|/tmp/dir/f\n"))
		// ".." of a directory reached through a link is its physical parent
		Run(m, "ops", "ln -s /tmp/dir /home/ops/to-dir")
		Expect(Run(m, "ops", "ls -la /home/ops/to-dir/ | grep ' \\.\\.$'").Stdout).To(HavePrefix("drwxrwxrwt "))
	})
})

var _ = Describe("ls of link/", func() {
	// Captured from bookworm: a trailing slash makes the kernel follow the
	// link, so a dangling one, or root's /proc/1/cwd for a user, fails.
	It("fails where the link cannot be followed", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `ln -s /nowhere /tmp/dl; ls /tmp/dl/`)).To(Exited(2, "ls: cannot access '/tmp/dl/': No such file or directory\n"))
		Expect(Run(m, "ops", `ls /tmp/dl`)).To(Printed("/tmp/dl\n", ""))
		Expect(Run(m, "ops", `ls /proc/1/cwd/`)).To(Exited(2, "ls: cannot access '/proc/1/cwd/': Permission denied\n"))
	})
})
