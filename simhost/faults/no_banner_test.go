package faults_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gexec"

	"github.com/hostile-lab/hostile/simhost/faults"
)

var _ = Describe("no-banner", func() {
	It("makes OpenSSH time out in the banner exchange", func() {
		h := faulted(faults.Spec{Type: "no-banner"})
		s := start(sshWith(h, []string{"-o", "ConnectTimeout=2"}, "ops", "true"))
		Eventually(s).Should(gexec.Exit(255))
		Expect(string(s.Err.Contents())).To(Equal("Connection timed out during banner exchange\r\nConnection to 127.0.0.1 port " + itoa(h.Port()) + " timed out\r\n"))
		expectFired(h, "no-banner")

		removeThenLogIn(h, "no-banner")
	})
})
