package faults_test

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gbytes"
	"github.com/onsi/gomega/gexec"

	"github.com/hostile-lab/hostile/simhost/faults"
)

var _ = Describe("prompt", func() {
	confirm := faults.Spec{Type: "prompt", Scope: faults.Scope{Command: `^touch `},
		Params: map[string]any{"text": "Really create {last}? [y/N] ", "then": "answer"}}

	It("blocks on the prompt while stdin stays open, and declines at EOF", func() {
		h := faulted(confirm)
		t := startHeld(h, "ops", "touch /tmp/new")
		Eventually(t.stderr).Should(gbytes.Say(`Really create /tmp/new\? \[y/N\] $`))
		Consistently(t.done, time.Second).ShouldNot(Receive())
		Expect(exists(h, "/tmp/new")).To(BeFalse())

		Expect(t.stdin.Close()).To(Succeed())
		Eventually(t.done).Should(Receive(exitStatus(1)))
		Expect(exists(h, "/tmp/new")).To(BeFalse())
		noSessionsLeft(h)
	})

	It("runs the command when the answer is yes", func() {
		h := faulted(confirm)
		t := startHeld(h, "ops", "touch /tmp/new")
		Eventually(t.stderr).Should(gbytes.Say(`\[y/N\] `))
		_, err := t.stdin.Write([]byte("y\n"))
		Expect(err).NotTo(HaveOccurred())
		Eventually(t.done).Should(Receive(BeNil()))
		Expect(exists(h, "/tmp/new")).To(BeTrue())
	})

	It("gets EOF at once with ssh -n, then runs the command by default", func() {
		h := faulted(faults.Spec{Type: "prompt", Scope: faults.Scope{Command: `^hostname`},
			Params: map[string]any{"text": "Press any key to continue"}})
		s := sshStart(h, "ops", "-n", "hostname")
		Eventually(s).Should(gexec.Exit(0))
		Expect(string(s.Err.Contents())).To(Equal("Press any key to continue"))
		Expect(string(s.Out.Contents())).To(Equal("db01\n"))
	})

	It("asks sudo's password question on behalf of any command and fails it", func() {
		h := faulted(faults.Spec{Type: "prompt", Scope: faults.Scope{Command: `^ls`},
			Params: map[string]any{"text": "[sudo] password for {user}: ", "then": "fail", "code": 1}})
		t := startHeld(h, "ops", "ls /")
		Eventually(t.stderr).Should(gbytes.Say(`\[sudo\] password for ops: $`))
		Consistently(t.done, time.Second).ShouldNot(Receive())
		t.stdin.Write([]byte("secret\n"))
		Eventually(t.done).Should(Receive(exitStatus(1)))
		Expect(t.stdout.Contents()).To(BeEmpty())
	})

	It("releases the blocked command when the client goes away", func() {
		h := faulted(confirm)
		t := startHeld(h, "ops", "touch /tmp/new")
		Eventually(t.stderr).Should(gbytes.Say(`\[y/N\] `))
		Expect(h.OpenSessions()).To(Equal(1))
		t.sess.Close()
		noSessionsLeft(h)
		Expect(exists(h, "/tmp/new")).To(BeFalse())
	})

	It("refuses a bad then or match", func() {
		_, err := faults.Compile(faults.Spec{Type: "prompt", Params: map[string]any{"then": "maybe"}})
		Expect(err).To(MatchError(`fault "prompt": then: "maybe" is not run, fail, exit or answer`))
		_, err = faults.Compile(faults.Spec{Type: "prompt", Params: map[string]any{"match": "(rm"}})
		Expect(err).To(MatchError(ContainSubstring(`fault "prompt": match: error parsing regexp`)))
	})
})
