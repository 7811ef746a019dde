package simhost_test

import (
	"os"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/hostile-lab/hostile/simhost/machine"
)

var _ = Describe("a session's stdin", func() {
	It("gives a shell session's lines to the shell, to read at its prompt and to the programs it runs", func() {
		h := startHost(machine.Description{})
		c := dial(h, "ops")
		defer c.Close()
		s := must(c.NewSession())
		s.Stdin = strings.NewReader("read x\nhello\necho \"got $x\"\nhead -n 1\nfrom head\n")
		var out strings.Builder
		s.Stdout = &out
		Expect(s.Shell()).To(Succeed())
		Expect(s.Wait()).To(Succeed())
		Expect(out.String()).To(Equal("got hello\nfrom head\n"))
	})

	It("holds hung sessions without an OS pipe each, so thousands fit the descriptor limit", func() {
		h := startHost(machine.Description{})
		fds := func() int { return len(must(os.ReadDir("/proc/self/fd"))) }
		before := fds()
		const conns, perConn = 20, 10
		for range conns {
			c := dial(h, "ops")
			DeferCleanup(c.Close)
			for range perConn {
				s := must(c.NewSession())
				_ = must(s.StdinPipe()) // kept open: cat waits on it
				Expect(s.Start("cat")).To(Succeed())
			}
		}
		Eventually(procsRunning(h, "cat")).Should(Equal(conns * perConn))
		// Both ends of each connection are in this process; a pipe per session
		// would add two more descriptors each.
		Expect(fds() - before).To(BeNumerically("<", 2*conns+conns*perConn/2))
	})
})
