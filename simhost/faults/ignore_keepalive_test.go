package faults_test

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gbytes"
	"github.com/onsi/gomega/gexec"
	gossh "golang.org/x/crypto/ssh"

	"github.com/hostile-lab/hostile/simhost/faults"
)

var _ = Describe("ignore-keepalive", func() {
	alive := []string{"-o", "ServerAliveInterval=1", "-o", "ServerAliveCountMax=2"}

	It("makes OpenSSH give up on a working session: server not responding", func() {
		h := faulted(faults.Spec{Type: "ignore-keepalive"})
		s := start(sshWith(h, alive, "ops", "sleep 5; echo done"))
		Eventually(s).Should(gexec.Exit(255))
		Expect(s.Err).To(gbytes.Say(`Timeout, server 127.0.0.1 not responding\.`))
		Expect(s.Out.Contents()).To(BeEmpty())

		// Answered keep-alives keep the same client going past three intervals.
		Expect(h.Faults().Remove("ignore-keepalive")).To(Succeed())
		s = start(sshWith(h, alive, "ops", "sleep 4; echo done"))
		Eventually(s).Should(gexec.Exit(0))
		Expect(s.Out).To(gbytes.Say("done"))
	})

	It("leaves the connection's keep-alive global request unanswered for x/crypto, and answers it once removed", func() {
		h := faulted(faults.Spec{Type: "ignore-keepalive"})
		c := must(gossh.Dial("tcp", h.Addr(), clientConfig("ops")))
		answered := make(chan error, 1)
		go func() {
			_, _, err := c.SendRequest("keepalive@openssh.com", true, nil)
			answered <- err
		}()
		Consistently(answered, 500*time.Millisecond).ShouldNot(Receive())
		// The session still works: only the keep-alive is left hanging.
		Expect(string(must(must(c.NewSession()).Output("echo alive")))).To(Equal("alive\n"))
		Expect(c.Close()).To(Succeed())
		Eventually(answered).Should(Receive(HaveOccurred())) // the close ends the wait

		Expect(h.Faults().Remove("ignore-keepalive")).To(Succeed())
		ok, _, err := dial(h, "ops").SendRequest("keepalive@openssh.com", true, nil)
		Expect(err).NotTo(HaveOccurred())
		Expect(ok).To(BeFalse()) // sshd's answer: failure, but an answer
	})

	It("leaves a keep-alive on a session channel unanswered, and other requests it names", func() {
		h := faulted(faults.Spec{Type: "ignore-keepalive", Params: map[string]any{"requests": []string{"window-change"}}})
		c := dial(h, "ops")
		// One session each: x/crypto sends a session's next request only after
		// the reply to the last.
		for _, req := range []string{"keepalive@openssh.com", "window-change"} {
			s := must(c.NewSession())
			answered := make(chan error, 1)
			go func() {
				_, err := s.SendRequest(req, true, nil)
				answered <- err
			}()
			Consistently(answered, 300*time.Millisecond).ShouldNot(Receive())
			Expect(s.Close()).To(Succeed())
			Eventually(answered).Should(Receive(HaveOccurred())) // the close ends the wait
		}
		s := must(c.NewSession())
		ok, err := s.SendRequest("env", true, gossh.Marshal(struct{ Name, Value string }{"LANG", "C"}))
		Expect(err).NotTo(HaveOccurred())
		Expect(ok).To(BeTrue())
		Expect(s.Close()).To(Succeed())
	})

	It("refuses an empty request type", func() {
		_, err := faults.Compile(faults.Spec{Type: "ignore-keepalive", Params: map[string]any{"requests": []string{" "}}})
		Expect(err).To(MatchError(`fault "ignore-keepalive": requests: a request type is empty`))
	})
})
