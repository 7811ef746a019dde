package faults_test

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gbytes"
	"github.com/onsi/gomega/gexec"

	"github.com/hostile-lab/hostile/simhost/faults"
	"github.com/hostile-lab/hostile/simhost/machine"
)

var _ = Describe("eof-no-close", func() {
	It("makes x/crypto's Wait block after the output until the client closes the session", func() {
		h := startHost(machine.Description{}, faults.Spec{Type: "eof-no-close"})
		s := must(dial(h, "ops").NewSession())
		out := gbytes.NewBuffer()
		s.Stdout = out
		Expect(s.Start("echo in")).To(Succeed())
		waited := make(chan error, 1)
		go func() { waited <- s.Wait() }()
		Eventually(out).Should(gbytes.Say("in\n"))
		Consistently(waited, 500*time.Millisecond).ShouldNot(Receive())
		Expect(h.OpenSessions()).To(Equal(1))

		Expect(s.Close()).To(Succeed())
		Eventually(waited).Should(Receive(BeNil())) // the exit-status did arrive
		Eventually(h.OpenSessions).Should(BeZero())
	})

	It("keeps OpenSSH waiting after the output and the status, until it is killed", func() {
		h := startHost(machine.Description{}, faults.Spec{Type: "eof-no-close"})
		s := start(openssh(h).SSH("ops", "echo in; exit 4"))
		Eventually(s.Out).Should(gbytes.Say("in"))
		Consistently(s, time.Second).ShouldNot(gexec.Exit())
		Expect(h.OpenSessions()).To(Equal(1))

		s.Kill()
		Eventually(h.OpenSessions).Should(BeZero())
		Expect(h.Faults().Remove("eof-no-close")).To(Succeed())
		s = start(openssh(h).SSH("ops", "echo in; exit 4"))
		Eventually(s).Should(gexec.Exit(4))
	})
})
