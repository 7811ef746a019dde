package simhost_test

import (
	"net"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gexec"
	gossh "golang.org/x/crypto/ssh"

	"github.com/hostile-lab/hostile/simhost/machine"
)

var _ = Describe("sessions that clients abandon", func() {
	It("leave no goroutine or descriptor behind when 500 hung sessions are dropped", func() {
		h := startHost(machine.Description{})
		before := measure()
		const n = 500
		clients := make([]*gossh.Client, 0, n/10)
		for i := 0; i < n/10; i++ {
			c := dial(h, "ops")
			clients = append(clients, c)
			for j := 0; j < 10; j++ {
				s := must(c.NewSession())
				_ = must(s.StdinPipe()) // kept open: cat waits on it forever
				Expect(s.Start("cat")).To(Succeed())
			}
		}
		Eventually(h.OpenSessions).Should(Equal(n))
		Eventually(procsRunning(h, "cat")).Should(Equal(n))
		for _, c := range clients {
			c.Close() // the client goes away without closing its sessions
		}
		Eventually(h.OpenSessions).Should(BeZero())
		Eventually(procsRunning(h, "cat")).Should(BeZero())
		givenBack(before, 2)
	})

	It("keeps serving others while a client sends garbage", func() {
		h := startHost(machine.Description{})
		garbage := must(net.Dial("tcp", h.Addr()))
		defer garbage.Close()
		stop := make(chan struct{})
		defer close(stop)
		go func() {
			defer GinkgoRecover()
			junk := []byte("GET / HTTP/1.1\r\n\x00\xff\xfe garbage garbage\r\n")
			for {
				select {
				case <-stop:
					return
				default:
				}
				if _, err := garbage.Write(junk); err != nil {
					return
				}
				time.Sleep(time.Millisecond)
			}
		}()
		for i := 0; i < 5; i++ {
			s := start(ssh(h, "ops", "echo still here"))
			Eventually(s).Should(gexec.Exit(0))
			Expect(string(s.Out.Contents())).To(Equal("still here\n"))
		}
	})
})
