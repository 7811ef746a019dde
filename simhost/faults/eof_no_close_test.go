package faults_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gexec"

	"github.com/hostile-lab/hostile/simhost/faults"
)

var _ = Describe("eof-no-close", func() {
	It("makes x/crypto's Wait block after the output until the client closes the session", func() {
		h := faulted(faults.Spec{Type: "eof-no-close"})
		s, waited := heldAfterOutput(h)
		Expect(h.OpenSessions()).To(Equal(1))

		Expect(s.Close()).To(Succeed())
		Eventually(waited).Should(Receive(BeNil())) // the exit-status did arrive
		Eventually(h.OpenSessions).Should(BeZero())
	})

	It("keeps OpenSSH waiting after the output and the status, until it is killed", func() {
		h := faulted(faults.Spec{Type: "eof-no-close"})
		s := heldOpenSSH(h, "echo in; exit 4")

		s.Kill()
		Eventually(h.OpenSessions).Should(BeZero())
		Expect(h.Faults().Remove("eof-no-close")).To(Succeed())
		s = sshStart(h, "ops", "echo in; exit 4")
		Eventually(s).Should(gexec.Exit(4))
	})
})
