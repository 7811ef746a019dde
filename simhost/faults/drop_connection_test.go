package faults_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gexec"

	"github.com/hostile-lab/hostile/simhost/faults"
)

var _ = Describe("drop-connection", func() {
	It("drops every Nth connection at accept", func() {
		h := faulted(faults.Spec{Type: "drop-connection", Params: map[string]any{"nth": 2, "every": true}})
		var codes []int
		for range 4 {
			s := start(sshWith(h, nil, "ops", "true"))
			Eventually(s).Should(gexec.Exit())
			codes = append(codes, s.ExitCode())
			if s.ExitCode() == 255 {
				Expect(string(s.Err.Contents())).To(Equal("kex_exchange_identification: Connection closed by remote host\r\n" +
					"Connection closed by 127.0.0.1 port " + itoa(h.Port()) + "\r\n"))
			}
		}
		Expect(codes).To(Equal([]int{0, 255, 0, 255}))
		expectFired(h, "drop-connection")
	})

	It("drops only the Nth, with a reset when asked", func() {
		h := faulted(faults.Spec{Type: "drop-connection", Params: map[string]any{"nth": 1, "reset": true}})
		s := start(sshWith(h, nil, "ops", "true"))
		Eventually(s).Should(gexec.Exit(255))
		// The RST may land before ssh's connect completes ("ssh: connect to
		// host ...: Connection reset by peer"), before ssh writes its banner
		// (the write's error is a debug line, so only sshpkt_fatal's
		// "Connection reset by HOST port N" shows) or after it
		// ("kex_exchange_identification: read: Connection reset by peer").
		// On a busy machine the reset can also come before ssh first asks
		// the socket for its peer, which it then cannot name: "Connection
		// reset by UNKNOWN port -1" (ssh_remote_ipaddr after getpeername fails).
		Expect(string(s.Err.Contents())).To(Or(
			ContainSubstring(": Connection reset by peer\r\n"),
			Equal("Connection reset by 127.0.0.1 port "+itoa(h.Port())+"\r\n"),
			Equal("Connection reset by UNKNOWN port -1\r\n")))
		Eventually(sshStart(h, "ops", "true")).Should(gexec.Exit(0))
	})
})
