package simhost_test

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gexec"
	"go.uber.org/goleak"

	"github.com/hostile-lab/hostile/harness/hostiletest/suite"
	"github.com/hostile-lab/hostile/simhost"
	"github.com/hostile-lab/hostile/simhost/machine"
)

// A pipeline's pipes are the host's, in memory (third_party/mvdan-sh/PATCHES.md
// row 20). A writer that waits for room, or a reader that waits for data,
// waits as its process's system call would: until the other end acts, or
// until its own process ends (killed, or its session gone), whatever the
// other end does. Over real OpenSSH, as user ops.
var _ = Describe("a pipeline's in-memory pipes", Label("abuse"), func() {
	var h *simhost.Host
	BeforeEach(func() { h = startHost(machine.Description{Personality: "debian12"}) })

	It("let kill -9 end a writer that waits for room while its reader sleeps", func() {
		// Before, yes stayed blocked (and in ps) until sleep ended.
		s := start(ssh(h, "ops", `yes | sleep 1000 &
until y=$(pgrep -x yes); do sleep 0.1; done
kill -9 $y
while kill -0 $y 2>/dev/null; do sleep 0.1; done
echo yes gone; kill $!; wait $!; echo sleep $?`))
		Eventually(s, time.Minute).Should(gexec.Exit(0))
		Expect(string(s.Out.Contents())).To(Equal("yes gone\nsleep 143\n"))
	})

	DescribeTable("leave no goroutine behind when the session ends mid-pipeline",
		func(script, writer string) {
			untouched := goleak.IgnoreCurrent()
			s := start(ssh(h, "ops", script))
			Eventually(procsRunning(h, "sleep")).Should(Equal(1))
			if writer != "" {
				Eventually(procsRunning(h, writer)).Should(Equal(1))
			}
			s.Kill() // the client goes: its connection drops, the session ends
			Eventually(s).Should(gexec.Exit())
			Eventually(h.OpenSessions).Should(BeZero())
			Eventually(func() int { return h.Machine().Procs.Count(h.Machine().User("ops").UID) }).Should(BeZero())
			Eventually(func() error {
				return goleak.Find(append([]goleak.Option{untouched}, suite.GinkgoGoroutines...)...)
			}).Should(Succeed())
		},
		Entry("yes | sleep 100", "yes | sleep 100", "yes"),
		Entry("a builtin writing, while :; do echo y; done | sleep 100", "while :; do echo y; done | sleep 100", ""),
		Entry("a reader waiting, sleep 100 | cat", "sleep 100 | cat", "cat"),
		Entry("a process substitution's writer, yes > >(sleep 100)", "yes > >(sleep 100)", "yes"),
	)
})
