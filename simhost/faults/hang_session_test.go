package faults_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/hostile-lab/hostile/simhost/faults"
)

var _ = Describe("hang-session", func() {
	It("delivers the output and then never ends the session, for x/crypto", func() {
		h := faulted(faults.Spec{Type: "hang-session"})
		s, waited := heldAfterOutput(h)

		Expect(s.Close()).To(Succeed())
		Eventually(waited).Should(Receive(HaveOccurred())) // no status ever came
		Eventually(h.OpenSessions).Should(BeZero())
	})

	It("keeps OpenSSH waiting after the output", func() {
		h := faulted(faults.Spec{Type: "hang-session"})
		heldOpenSSH(h, "echo in")

		removeThenLogIn(h, "hang-session")
	})
})
