package faults_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gbytes"
	"github.com/onsi/gomega/gexec"
	gossh "golang.org/x/crypto/ssh"

	"github.com/hostile-lab/hostile/simhost/faults"
)

var _ = Describe("auth-fail", func() {
	It("refuses the right key with sshd's message until removed", func() {
		h := faulted(faults.Spec{Type: "auth-fail"})
		s := sshStart(h, "ops", "echo in")
		Eventually(s).Should(gexec.Exit(255))
		Expect(s.Err).To(gbytes.Say(`ops@127.0.0.1: Permission denied \(publickey,password\)\.`))
		Expect(s.Out.Contents()).To(BeEmpty())

		removeThenLogIn(h, "auth-fail")
	})

	It("refuses only the first attempts, so a client that retries gets in", func() {
		h := faulted(faults.Spec{Type: "auth-fail", Params: map[string]any{"first": 2}})
		for range 2 {
			_, err := gossh.Dial("tcp", h.Addr(), clientConfig("ops"))
			Expect(err).To(MatchError(ContainSubstring("unable to authenticate")))
		}
		dial(h, "ops")
	})

	It("refuses only the method it names", func() {
		h := faulted(faults.Spec{Type: "auth-fail", Params: map[string]any{"method": "password"}})
		cmd := must(openssh(h).SSHPassword("ops", "ops", "echo in"))
		s := start(cmd)
		Eventually(s).Should(gexec.Exit(255))
		Expect(s.Err).To(gbytes.Say(`Permission denied \(publickey,password\)\.`))

		s = sshStart(h, "ops", "echo in")
		Eventually(s).Should(gexec.Exit(0))
	})

	It("refuses a negative count", func() {
		_, err := faults.Compile(faults.Spec{Type: "auth-fail", Params: map[string]any{"first": -1}})
		Expect(err).To(MatchError(`fault "auth-fail": first: -1 is negative`))
	})
})
