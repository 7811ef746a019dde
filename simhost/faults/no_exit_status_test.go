package faults_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gbytes"
	"github.com/onsi/gomega/gexec"
	gossh "golang.org/x/crypto/ssh"

	"github.com/hostile-lab/hostile/simhost/faults"
)

var _ = Describe("no-exit-status", func() {
	It("leaves the x/crypto client without a status: ExitMissingError, output intact", func() {
		h := faulted(faults.Spec{Type: "no-exit-status"})
		s := must(dial(h, "ops").NewSession())
		out, err := s.Output("echo in; exit 3")
		Expect(string(out)).To(Equal("in\n"))
		var missing *gossh.ExitMissingError
		Expect(err).To(BeAssignableToTypeOf(missing))

		Expect(h.Faults().Remove("no-exit-status")).To(Succeed())
		s = must(dial(h, "ops").NewSession())
		Expect(s.Run("exit 3")).To(exitStatus(3))
	})

	It("makes OpenSSH exit 255 whatever the command's status", func() {
		h := faulted(faults.Spec{Type: "no-exit-status"})
		s := sshStart(h, "ops", "echo in")
		Eventually(s).Should(gexec.Exit(255))
		Expect(s.Out).To(gbytes.Say("in"))
	})
})
