package commands_test

import (
	"context"
	"regexp"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/shell"
)

func withHardware(hw machine.Hardware) func(*machine.Description) {
	return func(d *machine.Description) { d.Hardware = hw }
}

var _ = Describe("a host's bounds, met as the real OS meets them", func() {
	It("fills the root filesystem's free space, then says No space left on device, and df agrees", func() {
		m := NewHost("debian12", WithLimits(machine.Limits{DiskFreeBytes: 1 << 20}))
		r := Run(m, "ops", "df -P / | tail -1; yes > /tmp/big; echo status=$?; df -P / | tail -1")
		// A little less than 1 MiB free: the emulated programs' files were
		// installed after the host was built. The disk is the installed
		// system's size and that room, so once full its used is its size.
		Expect(r.Stdout).To(MatchRegexp(`^/dev/vda1 +(\d+) +\d+ +10[0-2]\d +\d+% /\nstatus=1\n/dev/vda1 +(\d+) +(\d+) +0 +100% /\n$`))
		full := regexp.MustCompile(`(?m)^/dev/vda1 +(\d+) +(\d+) +0 +100% /$`).FindStringSubmatch(r.Stdout)
		Expect(full[1]).To(Equal(full[2]), "a full disk's used is its size")
		Expect(r.Stderr).To(ContainSubstring("No space left on device"))
		info, err := m.FS.Stat(m.User("ops").Cred(), "/tmp/big")
		Expect(err).NotTo(HaveOccurred())
		Expect(info.Size).To(BeNumerically("~", 1<<20, 4096), "what was free")
	})

	It("ends the shell as bash's xrealloc does when a command substitution outgrows the host's memory", func() {
		m := NewHost("debian12", WithLimits(machine.Limits{SubstBytes: 1 << 20}))
		r := Run(m, "ops", "x=$(yes); echo not reached")
		Expect(r.Stdout).To(BeEmpty())
		Expect(r.Stderr).To(MatchRegexp(`^bash: xrealloc: cannot allocate \d+ bytes\n$`))
		Expect(r.Code).To(Equal(2))
		Expect(Run(m, "ops", `x=$(yes | head -3); echo "$x"`).Stdout).To(Equal("y\ny\ny\n"), "under the bound, as before")
	})

	DescribeTable("bounds by the same memory every writer into a command substitution, and read's line",
		func(script string) {
			m := NewHost("debian12", WithLimits(machine.Limits{SubstBytes: 1 << 20}))
			Expect(m.FS.WriteFile(m.User("ops").Cred(), "/tmp/big", []byte(strings.Repeat("y", 3<<20)), 0o644)).To(Succeed())
			r := Run(m, "ops", script+"; echo not reached")
			Expect(r.Stdout).To(BeEmpty())
			// bash 5.2 under ulimit -v says the same for each (bookworm).
			Expect(r.Stderr).To(MatchRegexp(`^bash: xrealloc: cannot allocate \d+ bytes\n$`))
			Expect(r.Code).To(Equal(2))
		},
		Entry("a builtin in a loop", "s=$(printf %01000d 0); x=$(while :; do echo $s; done)"),
		Entry("printf of a growing variable", "s=y; x=$(while :; do printf %s \"$s\"; s=$s$s; done)"),
		Entry("$(<file) of a file past the bound", "x=$(</tmp/big)"),
		Entry("read of a line that never ends", "tr -d '\\n' < /dev/zero | { read x; echo read=$?; }"),
		Entry("read of a file's one long line", "read x < /tmp/big"),
	)

	It("ends a program that holds its input past the host's memory as xalloc_die does, and streams what holds none", func() {
		m := NewHost("debian12", WithLimits(machine.Limits{BufferBytes: 1 << 20}))
		// grep and tail on bookworm under ulimit -v say the same.
		for _, prog := range []string{"tac", "grep x", "tail -1", "sed p", "paste -s"} {
			r := Run(m, "ops", "yes | tr -d '\\n' | "+prog+"; echo $?")
			Expect(r.Stderr).To(Equal(strings.Fields(prog)[0]+": memory exhausted\n"), prog)
			Expect(r.Stdout).To(Equal("1\n"), prog)
		}
		Expect(Run(m, "ops", "yes | tr -d '\\n' | head -c 5000000 | wc -c").Stdout).To(Equal("5000000\n"), "wc holds no line")
	})

	It("waits for $! and answers a pid that is no child with 127, and pipes break as a real one", func() {
		m := NewHost("debian12")
		// As bookworm's bash 5.2; over SSH `ps -o comm= -p $!` is sleep and
		// kill $! makes wait say 143, as there (hostile fidelity).
		r := Run(m, "ops", `sleep 1 & wait $!; echo status=$?; wait 99999; echo $?; set -o pipefail; yes | head -1; echo $?`)
		Expect(r.Stdout).To(Equal("status=0\n127\ny\n141\n"))
	})

	It("runs out of inodes as ext4 does, and df -i agrees", func() {
		m := NewHost("debian12", WithLimits(machine.Limits{DiskFreeInodes: 100}))
		r := Run(m, "ops", `mkdir /tmp/d && cd /tmp/d && i=0; while touch f$i 2>/dev/null; do i=$((i+1)); done; echo made=$i
touch one; echo status=$?; mkdir dir; ln -s f0 link; df -i / | tail -1; rm f0; touch again && echo again; df -i / | tail -1`)
		// bookworm's GNU coreutils on a full ext4 inode table, same words.
		Expect(r.Stderr).To(Equal("touch: cannot touch 'one': No space left on device\n" +
			"mkdir: cannot create directory 'dir': No space left on device\n" +
			"ln: failed to create symbolic link 'link': No space left on device\n"))
		Expect(r.Stdout).To(MatchRegexp(`^made=\d+\nstatus=1\n/dev/vda1 +\d+ +\d+ +0 +100% /\nagain\n/dev/vda1 +\d+ +\d+ +0 +100% /\n$`))
	})

	It("refuses shell text nested past the parser's depth as a syntax error, without crashing", func() {
		m := NewHost("debian12")
		nest := func(n int) string { return strings.Repeat("$(echo ", n) + "deep" + strings.Repeat(")", n) }
		Expect(Run(m, "ops", "echo "+nest(500))).To(Equal(Result{Stdout: "deep\n"}))

		r := Run(m, "ops", "echo "+nest(1_000_000))
		Expect(r.Code).To(Equal(2))
		Expect(r.Stderr).To(HavePrefix("bash: -c: line 1: syntax error near unexpected token `('\n"))

		Expect(m.FS.WriteFile(m.User("ops").Cred(), "/tmp/deep.txt", []byte("echo "+nest(5000)), 0o644)).To(Succeed())
		r = Run(m, "ops", `eval "$(cat /tmp/deep.txt)"; echo after=$?`)
		Expect(r.Stdout).To(Equal("after=2\n"))
		Expect(r.Stderr).To(ContainSubstring("syntax error near unexpected token"))

		Expect(m.FS.WriteFile(m.User("ops").Cred(), "/tmp/deep.sh", []byte(strings.Repeat("{ ", 50_000)+"echo x;"+strings.Repeat(" }", 50_000)), 0o644)).To(Succeed())
		r = Run(m, "ops", ". /tmp/deep.sh; echo after=$?")
		Expect(r.Stdout).To(Equal("after=2\n"))
	})

	It("holds each user to his process limit, with bash's fork retries", func() {
		m := NewHost("debian12", withHardware(machine.Hardware{Limits: machine.ULimits{Processes: 3}}))
		uid := m.User("ops").UID
		// The sleep holds the user's slots until the retrying script has
		// given up (its own deadline, however slow the machine), not a moment
		// before.
		hold, release := context.WithCancel(context.Background())
		defer release()
		held := make(chan struct{})
		go func() {
			defer close(held)
			shell.RunScript(hold, m, m.User("ops"), "sleep 100", nil)
		}()
		Eventually(func() int { return m.Procs.Count(uid) }).Should(Equal(2), "the shell and its sleep")
		ctx, cancel := context.WithTimeout(context.Background(), 1500*time.Millisecond)
		defer cancel()
		stdout, stderr, _, err := shell.RunScript(ctx, m, m.User("ops"), "/bin/true; echo after", nil)
		release()
		Eventually(held).Should(BeClosed())
		Expect(err).NotTo(HaveOccurred())
		Expect(stdout).To(BeEmpty())
		Expect(stderr).To(HavePrefix("bash: fork: retry: Resource temporarily unavailable\n"))
		Eventually(func() int { return m.Procs.Count(uid) }).Should(BeZero())
	})

	It("stops a program looping for ever when its session ends", func() {
		m := NewHost("debian12")
		for _, script := range []string{"echo x | sed ':a;ba'", "yes > /dev/null", "yes | grep -c n", "yes | sort"} {
			ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
			done := make(chan struct{})
			go func() {
				defer close(done)
				shell.RunScript(ctx, m, m.User("ops"), script, nil)
			}()
			Eventually(done).Should(BeClosed(), script)
			cancel()
		}
	})

	It("kills an emulated program, busy or not, and a shell, with kill -9", func() {
		m := NewHost("debian12")
		procNamed := func(name string) func() int {
			return func() int {
				for _, p := range m.Procs.List() {
					if len(p.Argv) > 0 && p.Argv[0] == name {
						return p.PID
					}
				}
				return 0
			}
		}
		type outcome struct {
			stdout string
			code   int
		}
		runAsync := func(script string) chan outcome {
			done := make(chan outcome, 1)
			go func() {
				stdout, _, code, _ := shell.RunScript(context.Background(), m, m.User("ops"), script, nil)
				done <- outcome{stdout, code}
			}()
			return done
		}

		done := runAsync("echo x | sed ':a;ba'; echo status=$?")
		Eventually(procNamed("sed")).ShouldNot(BeZero())
		Expect(m.Procs.Signal(procNamed("sed")(), 9)).To(Succeed())
		Eventually(done).Should(Receive(Equal(outcome{"status=137\n", 0})))

		done = runAsync("while :; do :; done; echo not reached")
		Eventually(procNamed("bash")).ShouldNot(BeZero())
		Expect(m.Procs.Signal(procNamed("bash")(), 9)).To(Succeed())
		Eventually(done).Should(Receive(Equal(outcome{"", 137})))
	})
})

var _ = Describe("sort's input beyond its memory", func() {
	It("counts on /tmp as GNU sort's temporary files do, and fails as it does when /tmp is full", func() {
		m := NewHost("debian12", WithLimits(machine.Limits{DiskFreeBytes: 4 << 20}))
		r := Run(m, "ops", "yes | sort | head -1")
		Expect(r.Stdout).To(BeEmpty())
		Expect(r.Stderr).To(MatchRegexp(`^sort: write failed: /tmp/sort\w{6}: No space left on device\n$`))
		Expect(Run(m, "ops", "ls /tmp")).To(Equal(Result{}), "the temporary file is gone")
		Expect(Run(m, "ops", "seq 3 | sort -r")).To(Equal(Result{Stdout: "3\n2\n1\n"}))
	})
})
