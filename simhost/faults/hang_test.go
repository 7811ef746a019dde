package faults_test

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gbytes"
	"github.com/onsi/gomega/gexec"

	"github.com/hostile-lab/hostile/simhost/faults"
)

var _ = Describe("hang", func() {
	It("never finishes a matching command, whatever comes on stdin, until the client closes the session", func() {
		h := faulted(faults.Spec{Type: "hang", Scope: faults.Scope{Command: `^df\b`},
			Params: map[string]any{"stdout": "Filesystem     1K-blocks  Used Available Use% Mounted on\n"}})
		sess := must(dial(h, "ops").NewSession())
		out := gbytes.NewBuffer()
		sess.Stdout = out
		stdin := must(sess.StdinPipe())
		done := make(chan error, 1)
		go func() { done <- sess.Run("df -h /mnt/nfs") }()
		Eventually(out).Should(gbytes.Say("Mounted on\n"))
		stdin.Write([]byte("\n\nq\n"))
		stdin.Close()
		Consistently(done, time.Second).ShouldNot(Receive())
		Expect(h.OpenSessions()).To(Equal(1))

		sess.Close()
		Eventually(done).Should(Receive())
		noSessionsLeft(h)
	})

	It("leaves other commands alone, and lets go of new ones once removed", func() {
		h := faulted(faults.Spec{Type: "hang", Scope: faults.Scope{Command: `^sleep`}})
		Expect(sshRun(h, "ops", "echo ok")).To(gexec.Exit(0))
		s := sshStart(h, "ops", "sleep 0.1")
		Consistently(s, time.Second).ShouldNot(gexec.Exit())
		Expect(h.Faults().Remove("hang")).To(Succeed())
		Expect(sshRun(h, "ops", "sleep 0.1")).To(gexec.Exit(0))
		s.Kill()
		noSessionsLeft(h)
	})
})
