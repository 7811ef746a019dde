package commands_test

import (
	"context"
	"regexp"
	"strings"
	"sync"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/hostile-lab/hostile/harness/hostiletest"
	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/shell"
)

var _ = Describe("subshells, each a process of the host's", func() {
	It("makes every subshell bash forks a process of its user's, as ps and $BASHPID show, gone when it ends", func() {
		m := NewHost("debian12")
		r := Run(m, "ops", `echo "$$ $BASHPID"; (echo "$BASHPID"); echo "$(echo $BASHPID)"; echo "$BASHPID" | cat; (ps -o pid,ppid,args; :)`)
		Expect(r.Stderr).To(BeEmpty())
		lines := strings.Split(r.Stdout, "\n")
		Expect(len(lines)).To(BeNumerically(">", 5), r.Stdout)
		shellPID := strings.Fields(lines[0])[0]
		Expect(lines[0]).To(Equal(shellPID+" "+shellPID), "$BASHPID is $$ in the shell itself")
		seen := map[string]bool{shellPID: true}
		for _, sub := range lines[1:4] {
			Expect(sub).To(MatchRegexp(`^\d+$`))
			Expect(seen).NotTo(HaveKey(sub), "each subshell a process of its own: %q", r.Stdout)
			seen[sub] = true
		}
		// The ( list ) running ps is bash, a child of the shell; ps is its child.
		sub := regexp.MustCompile(`(?m)^ +(\d+) +` + shellPID + ` bash$`).FindStringSubmatch(r.Stdout)
		Expect(sub).NotTo(BeNil(), r.Stdout)
		Expect(r.Stdout).To(MatchRegexp(`(?m)^ +\d+ +` + sub[1] + ` ps -o pid,ppid,args$`))
		Expect(m.Procs.Count(m.User("ops").UID)).To(BeZero(), "every subshell released")
	})

	It("execs the last command of a subshell in its place, as bash does, rather than fork again", func() {
		m := NewHost("debian12")
		r := Run(m, "ops", `echo $$; (ps -o pid,ppid,args); : | ps -o pid,ppid,args | cat`)
		shellPID, _, _ := strings.Cut(r.Stdout, "\n")
		Expect(r.Stdout).To(MatchRegexp(`^\d+\n +PID +PPID COMMAND\n( +\d+ +\d+ (sshd|bash -c).*\n)+ +\d+ +`+shellPID+` ps -o pid,ppid,args\n +PID`), "the ( subshell ) is ps, the shell's child")
		// The pipeline's ps is exec'd in the child bash forked for it, not
		// run by that child as one of its own.
		Expect(strings.Count(r.Stdout, " "+shellPID+" ps -o pid,ppid,args\n")).To(Equal(2), r.Stdout)
	})

	It("holds subshells to the user's process limit (the host's, or ulimit -u) with bash's messages, and gives up on the line with 254 as bash", func() {
		// bash 5.2 of bookworm, as a user with `ulimit -u 3` running
		// `sleep 100 & sleep 100 & LIST; echo after`: four retries 1, 2, 4
		// and 8 s apart, then the last word, status 254, nothing more run.
		fork := strings.Repeat("bash: fork: retry: Resource temporarily unavailable\n", 4) + "bash: fork: Resource temporarily unavailable\n"
		type attempt struct {
			list  string
			limit int // the host's, else the shell's own ulimit -u 3
		}
		attempts := []attempt{{`(echo sub)`, 3}, {`x=$(echo sub); echo "$x"`, 3}, {`echo sub | cat`, 3}, {`echo sub & wait`, 3}, {`cat <(echo sub)`, 3}, {`(echo sub)`, 0}}
		var wg sync.WaitGroup
		for _, a := range attempts {
			// Each on a host of its own, at once: the retries take 15 s.
			m := NewHost("debian12", withHardware(machine.Hardware{Limits: machine.ULimits{Processes: a.limit}}))
			script := "sleep 100 & sleep 100 & " + a.list + "; echo after"
			if a.limit == 0 {
				script = "ulimit -u 3; " + script
			}
			list := script
			uid := m.User("ops").UID
			ctx, cancel := context.WithCancel(context.Background())
			DeferCleanup(func() {
				cancel() // the background sleeps
				Eventually(func() int { return m.Procs.Count(uid) }).Should(BeZero(), list)
			})
			wg.Go(func() {
				defer GinkgoRecover()
				most := hostiletest.SampleMost(func() int { return m.Procs.Count(uid) })
				defer most()
				stdout, stderr, code, err := shell.RunScript(ctx, m, m.User("ops"), script, nil)
				Expect(most()).To(Equal(3), "%s: the shell and its sleeps, never more than the limit", list)
				Expect(err).NotTo(HaveOccurred())
				Expect(stdout).To(BeEmpty(), list)
				Expect(stderr).To(Equal(fork), list)
				Expect(code).To(Equal(254), list)
			})
		}
		wg.Wait()
	})

	It("leaves root without a process limit, as Linux does", func() {
		m := NewHost("debian12", withHardware(machine.Hardware{Limits: machine.ULimits{Processes: 3}}))
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		stdout, stderr, code, err := shell.RunScript(ctx, m, m.User("root"), `sleep 100 & sleep 100 & sleep 100 & (echo sub) | cat; echo "$(echo after)"`, nil)
		Expect(err).NotTo(HaveOccurred())
		Expect(stderr).To(BeEmpty())
		Expect(stdout).To(Equal("sub\nafter\n"))
		Expect(code).To(BeZero())
	})
})
