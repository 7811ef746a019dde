package system_test

import (
	"regexp"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// Ignored signals, as the kernel keeps SIG_IGN through fork and exec: what
// `trap ” SIG`, nohup, a background job and timeout leave ignored, and what
// kill and timeout can then end. Every expected byte is bookworm's and
// bullseye's (`docker run --rm IMAGE bash -c "bash -c \"$(cat script)\""`;
// both print the same).
var _ = Describe("ignored signals", func() {
	script := func(personality, script string, want Result) {
		Expect(Run(NewHost(personality), "ops", script)).To(Equal(want))
	}
	for _, personality := range []string{"debian12", "debian11"} {
		DescribeTable("on "+personality, func(text string, want Result) { script(personality, text, want) },
			Entry("trap '' TERM: a job started after ignores kill's TERM; trap -p lists it until reset",
				`trap '' TERM; sleep 1 & kill $!; wait $!; echo $?; trap -p; trap - TERM; trap -p; echo end`,
				Result{Stdout: "0\ntrap -- '' SIGTERM\nend\n"}),
			Entry("a background job ignores INT and QUIT in a shell without job control",
				`(trap '' INT; sleep 1) & sleep 0.3; kill -INT $!; wait $!; echo $?; sleep 1 & sleep 0.3; kill -QUIT $!; wait $!; echo $?`,
				Result{Stdout: "0\n0\n"}),
			Entry("bash: a simple background command's program ignores INT and QUIT, a ( list ) job's programs do not",
				`grep SigIgn /proc/self/status & wait; (grep SigIgn /proc/self/status) & wait; { grep SigIgn /proc/self/status; } & wait`,
				Result{Stdout: "SigIgn:\t0000000000000006\nSigIgn:\t0000000000000000\nSigIgn:\t0000000000000000\n"}),
			Entry("dash: every program of a background job ignores them",
				`sh -c 'grep SigIgn /proc/self/status & wait; (grep SigIgn /proc/self/status) & wait'`,
				Result{Stdout: "SigIgn:\t0000000000000006\nSigIgn:\t0000000000000006\n"}),
			Entry("nohup's program ignores HUP: kill -HUP of a nohup'd job leaves it running",
				`nohup sleep 1 </dev/null >/dev/null 2>&1 & sleep 0.3; grep SigIgn /proc/$!/status; kill -HUP $!; wait $!; echo $?; nohup grep SigIgn /proc/self/status`,
				Result{Stdout: "SigIgn:\t0000000000000007\n0\nSigIgn:\t0000000000000001\n"}),
			Entry("a shell started with TERM ignored: bash lists it and cannot trap it, dash lists its trap and keeps it ignored",
				`trap '' TERM; bash -c 'trap -p; trap - TERM; trap -p; kill $$; echo survived'; sh -c 'trap "echo x" TERM; trap; kill $$; echo alive'; echo $?`,
				Result{Stdout: "trap -- '' SIGTERM\ntrap -- '' SIGTERM\nsurvived\ntrap -- 'echo x' TERM\nalive\n0\n"}),
			Entry("a subshell keeps the ignored signals; bash lists the caught ones until its first trap, a new shell none",
				`trap 'echo x' INT; trap '' TERM; (trap); echo "[$(trap)]"; (trap 'y' HUP; trap); sh -c trap; trap '' HUP; grep SigIgn /proc/self/status; (grep SigIgn /proc/self/status) & wait`,
				Result{Stdout: "trap -- 'echo x' SIGINT\ntrap -- '' SIGTERM\n[trap -- 'echo x' SIGINT\ntrap -- '' SIGTERM]\ntrap -- 'y' SIGHUP\ntrap -- '' SIGTERM\nSigIgn:\t0000000000004001\nSigIgn:\t0000000000004001\n"}),
		)
	}

	It("gives a background job /dev/null for stdin in a shell without job control, bash's and dash's", func() {
		// `docker run --rm -i IMAGE bash -c '...' <<< data`
		for _, personality := range []string{"debian12", "debian11"} {
			r := Run(NewHost(personality), "ops", `cat & wait; echo done; (read x; echo "[$x] $?") & wait; sh -c "cat & wait; echo sh"; cat`, "data\n")
			Expect(r).To(Equal(Result{Stdout: "done\n[] 1\nsh\ndata\n"}), personality)
		}
	})

	It("timeout's signal ends a program that does not ignore it, -k's KILL one that does", func() {
		// -k's KILL ends timeout too, which bash reports (its pid read as PID).
		for _, personality := range []string{"debian12", "debian11"} {
			r := Run(NewHost(personality), "ops", `timeout 0.3 bash -c 'trap "" TERM; sleep 1'; echo $?; (trap '' TERM; timeout 0.3 sleep 5); echo $?; timeout -k 0.3 0.3 bash -c 'trap "" TERM; sleep 5' 2>/dev/null; echo $?`)
			Expect(r.Stdout).To(Equal("124\n124\n137\n"), personality)
			Expect(regexp.MustCompile(` +\d+ Killed`).ReplaceAllString(r.Stderr, " PID Killed")).To(Equal(
				"bash: line 1: PID Killed                  timeout -k 0.3 0.3 bash -c 'trap \"\" TERM; sleep 5' 2> /dev/null\n"), personality)
		}
	})

	// A foreground program a signal killed, as the shell reports it once
	// its statement ends: captured on bookworm and bullseye (`docker run
	// --rm IMAGE bash -c "bash -c \"$(cat script)\""`), the pid of each job
	// line (the host's own) read as PID.
	pids := regexp.MustCompile(`(?m)^((?:bash|environment): line \d+:) +\d+ `)
	for _, personality := range []string{"debian12", "debian11"} {
		It("reports a foreground program a signal killed as bash and dash do, on "+personality, func() {
			m := NewHost(personality)
			r := Run(m, "ops", `bash -c 'kill -PIPE $$'; echo "pipe $?"
bash -c 'kill -INT $$'; echo "int $?"
bash -c 'kill -SEGV $$'; echo "segv $?"
trap 'echo t' HUP; bash -c 'kill -HUP $$'; echo "hup-trapped $?"; trap - HUP
f() { bash -c 'kill -KILL $$'; }; f; echo "func $?"
(bash -c 'kill -KILL $$'; true); echo "sub2 $?"
x=$(bash -c 'kill -KILL $$'); echo "comsub $?"
bash -c 'kill -KILL $$' | cat; echo "pipe-left $?"
bash -c 'kill -USR1 $$' >/dev/null 2>&1; echo "redir $?"
if bash -c 'kill -KILL $$'; then :; fi; echo "if $?"
bash -c 'kill -TERM $$'; timeout -k 0.2 0.2 bash -c 'trap "" TERM; sleep 5'; echo "timeout $?"`)
			Expect(r.Stdout).To(Equal("pipe 141\nint 130\nsegv 139\nhup-trapped 129\nfunc 137\nsub2 0\ncomsub 137\npipe-left 0\nredir 138\nif 0\ntimeout 137\n"))
			Expect(pids.ReplaceAllString(r.Stderr, "$1 PID ")).To(Equal("bash: line 3: PID Segmentation fault      bash -c 'kill -SEGV $$'\n" +
				"Hangup\n" +
				"environment: line 5: PID Killed                  bash -c 'kill -KILL $$'\n" +
				"bash: line 6: PID Killed                  bash -c 'kill -KILL $$'\n" +
				"bash: line 9: PID User defined signal 1   bash -c 'kill -USR1 $$' > /dev/null 2>&1\n" +
				"bash: line 10: PID Killed                  bash -c 'kill -KILL $$'\n" +
				"Terminated\n" +
				"bash: line 11: PID Killed                  timeout -k 0.2 0.2 bash -c 'trap \"\" TERM; sleep 5'\n"))
			Expect(Run(m, "ops", `sh -c 'bash -c "kill -9 \$\$"; echo $?; bash -c "kill -TERM \$\$"; bash -c "kill -PIPE \$\$"; echo $?'`)).To(Equal(Result{
				Stdout: "137\n141\n", Stderr: "Killed\nTerminated\n"}))
		})
	}
})
