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

var _ = Describe("hang-session", func() {
	It("delivers the output and then never ends the session, for x/crypto", func() {
		h := startHost(machine.Description{}, faults.Spec{Type: "hang-session"})
		s := must(dial(h, "ops").NewSession())
		out := gbytes.NewBuffer()
		s.Stdout = out
		Expect(s.Start("echo in")).To(Succeed())
		waited := make(chan error, 1)
		go func() { waited <- s.Wait() }()
		Eventually(out).Should(gbytes.Say("in\n"))
		Consistently(waited, 500*time.Millisecond).ShouldNot(Receive())

		Expect(s.Close()).To(Succeed())
		Eventually(waited).Should(Receive(HaveOccurred())) // no status ever came
		Eventually(h.OpenSessions).Should(BeZero())
	})

	It("keeps OpenSSH waiting after the output", func() {
		h := startHost(machine.Description{}, faults.Spec{Type: "hang-session"})
		s := start(openssh(h).SSH("ops", "echo in"))
		Eventually(s.Out).Should(gbytes.Say("in"))
		Consistently(s, time.Second).ShouldNot(gexec.Exit())
		Expect(h.OpenSessions()).To(Equal(1))

		Expect(h.Faults().Remove("hang-session")).To(Succeed())
		s = start(openssh(h).SSH("ops", "echo in"))
		Eventually(s).Should(gexec.Exit(0))
	})
})
