package system_test

import (
	"context"
	"regexp"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/shell"
)

// psSleeper starts `sleep 100` in a session of its own and returns a channel
// that gets the session's exit status, and the cancel that ends it.
func psSleeper(m *machine.Machine) (<-chan int, context.CancelFunc) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() {
		_, _, code, _ := shell.RunScript(ctx, m, m.User("ops"), "sleep 100", nil)
		done <- code
	}()
	return done, cancel
}

var _ = Describe("ps", func() {
	It("lists the caller's processes on its terminal by default", func() {
		Expect(Run(NewHost("debian12"), "ops", `ps`).Stdout).To(MatchRegexp(`^    PID TTY          TIME CMD\n +\d+ \?        00:00:00 sshd\n +\d+ \?        00:00:00 ps\n$`),
			"sshd's ops@notty and ps, which bash -c runs in its own place")
		Expect(Run(NewHost("debian12"), "ops", `ps; true`).Stdout).To(MatchRegexp(`^    PID TTY          TIME CMD\n +\d+ \?        00:00:00 sshd\n +\d+ \?        00:00:00 bash\n +\d+ \?        00:00:00 ps\n$`))
	})
	It("prints -ef, aux and -o forms", func() {
		m := NewHost("debian12")
		r := Run(m, "ops", `ps -ef`)
		Expect(r.Stdout).To(HavePrefix("UID          PID    PPID  C STIME TTY          TIME CMD\n"))
		Expect(r.Stdout).To(MatchRegexp(`(?m)^root           1       0  0 \d\d:\d\d \?        00:00:00 /sbin/init$`))
		Expect(r.Stdout).To(MatchRegexp(`(?m)^ops      +\d+ +\d+  0 \d\d:\d\d \?        00:00:00 ps -ef$`))
		r = Run(m, "ops", `ps aux`)
		Expect(r.Stdout).To(HavePrefix("USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n"))
		Expect(r.Stdout).To(MatchRegexp(`(?m)^root           1  0.0  0.1 167744 11836 \?        Ss   \d\d:\d\d   0:00 /sbin/init$`))
		Expect(Run(m, "ops", `ps -o pid,user,args -p 1`).Stdout).To(Equal("    PID USER     COMMAND\n      1 root     /sbin/init\n"))
		Expect(Run(m, "ops", `ps -p 1 -o pid=,comm=`).Stdout).To(Equal("      1 init\n"))
		Expect(Run(m, "ops", `ps -u root -o pid=,args=`).Stdout).To(MatchRegexp(`^      1 /sbin/init\n    398 /usr/sbin/cron -f\n    412 sshd: /usr/sbin/sshd -D \[listener\] 0 of 10-100 startups\n +\d+ sshd: ops \[priv\]\n$`))
	})
	// Headings captured from the hostile-os bookworm container.
	It("takes BSD o's format from the rest of the word or the next argument", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `ps axwwo 'stat uid pid ppid vsz rss pcpu etime comm args' | head -1`).Stdout).
			To(Equal("STAT   UID     PID    PPID    VSZ   RSS %CPU     ELAPSED COMMAND         COMMAND\n"), "nagios check_procs' own command")
		Expect(Run(m, "ops", `ps axopid,user | head -1`).Stdout).To(Equal("    PID USER\n"))
		r := Run(m, "ops", `ps aux o pid`)
		Expect(r.Stderr).To(HavePrefix("error: conflicting format options\n"))
		Expect(r.Code).To(Equal(1))
	})
	It("exits 1 when nothing is selected and rejects unknown formats", func() {
		m := NewHost("debian12")
		r := Run(m, "ops", `ps -p 99999`)
		Expect(r.Stdout).To(Equal("    PID TTY          TIME CMD\n"))
		Expect(r.Code).To(Equal(1))
		r = Run(m, "ops", `ps -o bogus`)
		Expect(r.Stderr).To(HavePrefix("error: unknown user-defined format specifier \"bogus\"\n"))
		Expect(r.Code).To(Equal(1))
	})
	It("uses five-column pids on RHEL 7 and Solaris' layout on Solaris", func() {
		Expect(Run(NewHost("rhel7"), "ops", `ps -ef`).Stdout).To(HavePrefix("UID        PID  PPID  C STIME TTY          TIME CMD\n"))
		r := Run(NewHost("solaris10-sparc"), "ops", `ps -ef`)
		Expect(r.Stdout).To(HavePrefix("     UID   PID  PPID   C    STIME TTY         TIME CMD\n"))
		Expect(r.Stdout).To(MatchRegexp(`(?m)^    root     1     0   0 \d\d:\d\d:\d\d \?           0:00 /sbin/init$`))
		Expect(Run(NewHost("solaris10-sparc"), "ops", `ps aux`).Code).To(Equal(1))
	})
	It("shows a sleep running in another session, which kill ends", func() {
		m := NewHost("debian12")
		done, cancel := psSleeper(m)
		defer cancel()
		line := regexp.MustCompile(`(?m)^ops      +(\d+) +\d+  0 \d\d:\d\d \?        00:00:00 sleep 100$`)
		var pid string
		Eventually(func() bool {
			match := line.FindStringSubmatch(Run(m, "ops", `ps -ef`).Stdout)
			if match != nil {
				pid = match[1]
			}
			return match != nil
		}).Should(BeTrue())
		Expect(Run(m, "ops", `pgrep -f 'sleep 100'`).Stdout).To(Equal(pid + "\n"))
		Expect(Run(m, "ops", `kill `+pid)).To(Exited(0, ""))
		Eventually(done).Should(Receive(Equal(143)))
		Expect(Run(m, "ops", `ps -ef`).Stdout).NotTo(ContainSubstring("sleep 100"))
	})
})

var _ = Describe("kill", func() {
	It("reports a process that does not exist in each system's words", func() {
		Expect(Run(NewHost("debian12"), "ops", `env kill 99999`)).To(Exited(1, "kill: (99999): No such process\n"))
		Expect(Run(NewHost("debian12"), "ops", `kill 99999`).Stderr).To(Equal("bash: line 1: kill: (99999) - No such process\n"), "bash's builtin")
		Expect(Run(NewHost("rhel7"), "ops", `env kill 99999`).Stderr).To(Equal("kill: sending signal to 99999 failed: No such process\n"))
		Expect(Run(NewHost("rhel7"), "ops", `kill 99999`).Stderr).To(Equal("bash: kill: (99999) - No such process\n"), "bash 4.2 names no line")
		Expect(Run(NewHost("solaris10-sparc"), "ops", `kill 99999`).Stderr).To(Equal("kill: 99999: no such process\n"))
	})
	It("may not signal another user's process", func() {
		Expect(Run(NewHost("debian12"), "ops", `env kill -9 1`)).To(Exited(1, "kill: (1): Operation not permitted\n"))
		Expect(Run(NewHost("debian12"), "root", `kill -0 1`).Code).To(Equal(0))
	})
	It("sends the named signal and lists signals", func() {
		m := NewHost("debian12")
		done, cancel := psSleeper(m)
		defer cancel()
		var pid string
		Eventually(func() string {
			pid = Run(m, "ops", `pgrep sleep`).Stdout
			return pid
		}).ShouldNot(BeEmpty())
		Expect(Run(m, "ops", `kill -s KILL `+pid).Code).To(Equal(0))
		Eventually(done).Should(Receive(Equal(137)))
		Expect(Run(m, "ops", `kill -l 9; kill -l KILL`).Stdout).To(Equal("KILL\n9\n"))
		Expect(Run(m, "ops", `kill -l`).Stdout).To(Equal("HUP INT QUIT ILL TRAP ABRT BUS FPE KILL USR1 SEGV USR2 PIPE ALRM TERM STKFLT\n" +
			"CHLD CONT STOP TSTP TTIN TTOU URG XCPU XFSZ VTALRM PROF WINCH POLL PWR SYS\n"))
	})
})

var _ = Describe("pgrep and pkill", func() {
	It("find processes by name, command line and user", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `pgrep cron; pgrep -l sshd; pgrep -f 'cron -f'; pgrep -u root -c`).Stdout).
			To(MatchRegexp(`^398\n412 sshd\n\d+ sshd\n\d+ sshd\n398\n\d+\n4\n$`),
				"the listener and this session's [priv] and @notty; -f also finds the shell, whose bash -c line holds the pattern")
		r := Run(m, "ops", `pgrep nosuch`)
		Expect(r.Stdout).To(BeEmpty())
		Expect(r.Code).To(Equal(1))
		Expect(Run(m, "ops", `pgrep`)).To(Exited(2, "pgrep: no matching criteria specified\nTry `pgrep --help' for more information.\n"))
	})
	It("signals what matches with pkill", func() {
		m := NewHost("debian12")
		done, cancel := psSleeper(m)
		defer cancel()
		Eventually(func() string { return Run(m, "ops", `pgrep sleep`).Stdout }).ShouldNot(BeEmpty())
		Expect(Run(m, "ops", `pkill -f 'sleep 100'`).Code).To(Equal(0))
		Eventually(done).Should(Receive(Equal(143)))
	})
})

// A width in ps's format (Checkmk's agent asks for user:32 and cgroup:512),
// as procps-ng shows it: the width exactly, a longer name cut with a "+",
// a header wider than its column taken up by the padding of the next.
var _ = Describe("ps -o NAME:WIDTH", func() {
	DescribeTable("lays out columns of the given width",
		func(script, want string) {
			Expect(RunMerged(NewHost("debian12"), "ops", script)).To(Equal(want))
		},
		Entry("a name cut to the width", `ps -o user:3,pid -p 1`, "USER    PID\nro+       1\n"),
		Entry("headers wider than their columns", `ps -o user:2,group:3,comm:3,pid:2 -p 1`, "USER GROUP COMMAND PID\nr+ ro+ ini  1\n"),
		Entry("a wide user column", `ps -o user:10,pid:10 -p 1`, "USER              PID\nroot                1\n"),
		Entry("Checkmk's ps_lnx heading", `ps ax -ww -o cgroup:512,user:32,vsz,rss,cputime,etime,pid,command | tr -s ' ' | head -1`,
			"CGROUP USER VSZ RSS TIME ELAPSED PID COMMAND\n"),
		Entry("a width that is not a number", `ps -o pid:x -p 1 2>&1 | head -1; ps -o user: -p 1 2>&1 | head -1`,
			"error: column widths must be unsigned decimal numbers\nerror: column widths must be unsigned decimal numbers\n"),
	)
})
