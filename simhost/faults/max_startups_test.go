package faults_test

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gexec"
	gossh "golang.org/x/crypto/ssh"

	"github.com/hostile-lab/hostile/simhost/faults"
)

var _ = Describe("max-startups", func() {
	It("refuses a connection beyond N open, as sshd does, until one closes", func() {
		h := faulted(faults.Spec{Type: "max-startups", Params: map[string]any{"max": 2}})
		first := must(gossh.Dial("tcp", h.Addr(), clientConfig("ops")))
		DeferCleanup(func() { first.Close() })
		dial(h, "ops")
		s := start(sshWith(h, nil, "ops", "true"))
		Eventually(s).Should(gexec.Exit(255))
		Expect(string(s.Err.Contents())).To(Equal("kex_exchange_identification: Connection closed by remote host\r\n" +
			"Connection closed by 127.0.0.1 port " + itoa(h.Port()) + "\r\n"))
		expectFired(h, "max-startups")

		first.Close()
		Eventually(func() int {
			return sshStart(h, "ops", "true").Wait(10 * time.Second).ExitCode()
		}, 5*time.Second, 100*time.Millisecond).Should(Equal(0))
	})
})
