package faults_test

import (
	"io"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gbytes"
	"github.com/onsi/gomega/gexec"

	"github.com/hostile-lab/hostile/simhost/faults"
)

var _ = Describe("close-no-eof", func() {
	It("closes the channel with no EOF first; x/crypto still reads all output and the status", func() {
		h := faulted(faults.Spec{Type: "close-no-eof"})
		s := must(dial(h, "ops").NewSession())
		stdout := must(s.StdoutPipe())
		Expect(s.Start("seq 1 2000; exit 2")).To(Succeed())
		out := must(io.ReadAll(stdout))
		Expect(out).To(HaveLen(8893))
		Expect(s.Wait()).To(exitStatus(2))
		Expect(h.Events().Events()).To(ContainElement(HaveField("Detail", "close-no-eof (close-no-eof)")))
	})

	It("is taken by OpenSSH as a normal end", func() {
		h := faulted(faults.Spec{Type: "close-no-eof"})
		s := sshStart(h, "ops", "echo in; exit 5")
		Eventually(s).Should(gexec.Exit(5))
		Expect(s.Out).To(gbytes.Say("in"))
	})
})
