package simhost_test

import (
	"fmt"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gexec"

	"github.com/hostile-lab/hostile/simhost"
	"github.com/hostile-lab/hostile/simhost/machine"
)

// Background jobs that kill stops, as bookworm's bash 5.2 and dash 0.5.12
// answer them over `ssh host script` (captured with `docker run --rm
// hostile-os:bookworm-* bash -c '...'`; see third_party/mvdan-sh/PATCHES.md
// row 22). The job lines go to stderr; pids are the host's, so the expected
// lines are built from the $! the script prints.
var _ = Describe("background jobs killed by a signal", func() {
	var h *simhost.Host
	BeforeEach(func() { h = startHost(machine.Description{Personality: "debian12"}) })

	over := func(script string) (stdout, stderr string) {
		s := start(ssh(h, "ops", script))
		Eventually(s, time.Minute).Should(gexec.Exit(0))
		return string(s.Out.Contents()), string(s.Err.Contents())
	}

	It("end with 128+N, and bash's wait prints its job line for every signal but INT, PIPE and TERM", func() {
		stdout, stderr := over(`sleep 100 & a=$!; sleep 100 & b=$!; sleep 100 & c=$!; sleep 100 & d=$!
echo $a $b $c $d; kill -9 $a; kill -TERM $b; kill -9 $c; kill -SEGV $d
wait $a; echo $?; wait $b; echo $?; wait $a; echo $?
wait; echo $?`)
		var a, b, c, d int
		_, err := fmt.Sscan(stdout, &a, &b, &c, &d)
		Expect(err).NotTo(HaveOccurred(), stdout)
		Expect(stdout).To(HaveSuffix("\n137\n143\n137\n0\n"), "a second wait of the same job keeps its status")
		Expect(stderr).To(Equal(fmt.Sprintf("bash: line 3: %5d Killed                  sleep 100\n", a) +
			fmt.Sprintf("bash: line 4: %5d Killed                  sleep 100\n", c) +
			fmt.Sprintf("bash: line 4: %5d Segmentation fault      sleep 100\n", d)))
	})

	It("are one process for ( list ) &, as in bash: killing it ends the list, and wait returns", func() {
		// The job waits until its list's sleep runs, the case where a
		// subshell forked inside the job kept wait waiting for 100 s.
		stdout, stderr := over(`(sleep 100; echo) & p=$!
until pgrep -P $p -x sleep >/dev/null; do sleep 0.1; done
kill -9 $p; wait $p; echo $p $?`)
		var p, status int
		_, err := fmt.Sscan(stdout, &p, &status)
		Expect(err).NotTo(HaveOccurred(), stdout)
		Expect(status).To(Equal(137))
		Expect(stderr).To(Equal(fmt.Sprintf("bash: line 3: %5d Killed                  ( sleep 100; echo )\n", p)))
	})

	It("say so as dash does: only the signal's name, at wait PID only", func() {
		stdout, stderr := over(`sh -c 'sleep 100 & kill -9 $!; wait $!; echo $?; sleep 100 & kill -TERM $!; wait $!; echo $?; sleep 100 & kill -9 $!; wait; echo $?'`)
		Expect(stdout).To(Equal("137\n143\n0\n"))
		Expect(stderr).To(Equal("Killed\nTerminated\n"))
	})

	It("end with the signal's status when the kill lands before the job's program starts", func() {
		// `&` returns before the job runs its program: a kill right after it
		// reaches the forked shell, which the program then replaces. It gave
		// sleep's own 130 for a kill now and then, under load.
		stdout, _ := over(`for i in $(seq 40); do sleep 100 & kill -TERM $!; wait $!; echo $?; done | sort | uniq -c
sh -c 'for i in $(seq 40); do sleep 100 & kill -9 $!; wait $! 2>/dev/null; echo $?; done' | sort | uniq -c`)
		Expect(stdout).To(Equal("     40 143\n     40 137\n"))
	})

	It("killed as a group of commands, or in a function, alike", func() {
		stdout, stderr := over(`{ sleep 100; echo; } & p=$!; kill -9 $p; wait $p; echo $p $?
f() { sleep 100 & q=$!; kill -HUP $q; wait $q; echo $q $?; }; f`)
		var p, q, pStatus, qStatus int
		_, err := fmt.Sscan(stdout, &p, &pStatus, &q, &qStatus)
		Expect(err).NotTo(HaveOccurred(), stdout)
		Expect([]int{pStatus, qStatus}).To(Equal([]int{137, 129}))
		Expect(stderr).To(Equal(fmt.Sprintf("bash: line 1: %5d Killed                  { sleep 100; echo; }\n", p) +
			fmt.Sprintf("environment: line 2: %5d Hangup                  sleep 100\n", q)))
	})

	It("are named by $! as the host's process table has them, on every path that starts one", func() {
		stdout, _ := over(`in_ps() { ps -o pid= -p $1 >/dev/null && echo "$2 $1" || echo "$2 missing $1"; kill -9 $1; }
sleep 100 & in_ps $! job; (sleep 100 & in_ps $! subshell); echo "$(sleep 100 & in_ps $! substitution)"
: <(sleep 100); in_ps $! procsubst; sleep 100 | sleep 100 & in_ps $! pipeline; eval 'sleep 100 & in_ps $! eval'
bash -c 'sleep 100 & ps -o pid= -p $! >/dev/null && echo bash-c $!'; sh -c 'sleep 100 & ps -o pid= -p $! >/dev/null && echo sh-c $!'`)
		Expect(stdout).NotTo(ContainSubstring("missing"))
		Expect(stdout).To(MatchRegexp(`^job \d+\nsubshell \d+\nsubstitution \d+\nprocsubst \d+\npipeline \d+\neval \d+\nbash-c \d+\nsh-c \d+\n$`))
	})
})
