package system_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// Bytes captured from the hostile-os bookworm container, as a user who is not
// root (the pids are the host's).
var _ = Describe("renice, ionice and dnsdomainname", func() {
	It("renice changes a process's niceness, up only for a user", func() {
		m := NewHost("debian12")
		r := Run(m, "ops", `renice -n 5 -p $$ | sed "s/^$$ /PID /"; renice -n 7 $$ | sed "s/^$$ /PID /"; renice -n -5 -p $$ 2>&1 | sed "s/ $$ / PID /"; ps -o ni= -p $$`)
		Expect(r.Stdout).To(Equal("PID (process ID) old priority 0, new priority 5\nPID (process ID) old priority 5, new priority 7\n" +
			"renice: failed to set priority for PID (process ID): Permission denied\n  7\n"))
		Expect(Run(m, "ops", `renice -n 2 -p 999999`)).To(Exited(1, "renice: failed to get priority for 999999 (process ID): No such process\n"))
		Expect(Run(m, "ops", `renice -n 1 -p 1`)).To(Exited(1, "renice: failed to set priority for 1 (process ID): Operation not permitted\n"))
		Expect(Run(m, "ops", `renice`)).To(Exited(1, "renice: not enough arguments\nTry 'renice --help' for more information.\n"))
	})
	It("ionice runs the command in the class asked, refusing realtime to a user", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `ionice -c3 nice -n19 echo low; ionice -c 2 -n 8 true; ionice -t -c1 true; ionice; ionice -p $$`)).
			To(Equal(Result{Stdout: "low\nnone: prio 0\nnone: prio 0\n"}))
		Expect(Run(m, "ops", `ionice -c1 true`)).To(Exited(1, "ionice: ioprio_set failed: Operation not permitted\n"))
		Expect(Run(m, "ops", `ionice -c9 true`)).To(Exited(1, "ionice: unknown prio class 9\nionice: ioprio_set failed: Operation not permitted\n"))
		Expect(Run(m, "ops", `ionice nosuch`)).To(Exited(127, "ionice: failed to execute nosuch: No such file or directory\n"))
	})
	It("dnsdomainname is hostname -d", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `dnsdomainname`).Stdout).To(Equal(Run(m, "ops", `hostname -d`).Stdout))
	})
})
