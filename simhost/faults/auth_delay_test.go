package faults_test

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gexec"
	gossh "golang.org/x/crypto/ssh"

	"github.com/hostile-lab/hostile/simhost/events"
	"github.com/hostile-lab/hostile/simhost/faults"
)

var _ = Describe("auth-delay", func() {
	It("holds every login attempt for the delay, then lets it in", func() {
		h := faulted(faults.Spec{Type: "auth-delay", Params: map[string]any{"delay": "700ms"}})
		began := time.Now()
		s := sshStart(h, "ops", "echo in")
		Eventually(s).Should(gexec.Exit(0))
		Expect(s.Out.Contents()).To(Equal([]byte("in\n")))
		Expect(time.Since(began)).To(BeNumerically(">=", 700*time.Millisecond))
		expectFired(h, "auth-delay")

		Expect(h.Faults().Remove("auth-delay")).To(Succeed())
		fired := len(h.Events().OfKind(events.FaultFired))
		dial(h, "ops")
		Expect(h.Events().OfKind(events.FaultFired)).To(HaveLen(fired))
	})

	It("delays only the method it names", func() {
		h := faulted(faults.Spec{Type: "auth-delay", Params: map[string]any{"delay": "1s", "method": "password"}})
		dial(h, "ops") // publickey: not delayed
		Expect(h.Events().OfKind(events.FaultFired)).To(BeEmpty(), "the delay fired for publickey")

		cfg := clientConfig("ops")
		cfg.Auth = []gossh.AuthMethod{gossh.Password("ops")}
		began := time.Now()
		c, err := gossh.Dial("tcp", h.Addr(), cfg)
		Expect(err).NotTo(HaveOccurred())
		c.Close()
		Expect(time.Since(began)).To(BeNumerically(">=", time.Second))
	})

	It("refuses bad parameters, naming them", func() {
		_, err := faults.Compile(faults.Spec{Type: "auth-delay", Params: map[string]any{"delay": "-1s"}})
		Expect(err).To(MatchError(`fault "auth-delay": delay: -1s is negative`))
		_, err = faults.Compile(faults.Spec{Type: "auth-delay", Params: map[string]any{"method": "hostbased"}})
		Expect(err).To(MatchError(`fault "auth-delay": method: "hostbased" is not password, publickey or keyboard-interactive`))
	})
})
