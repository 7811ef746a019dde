package simhost_test

import (
	"io"
	"os"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gbytes"
	gossh "golang.org/x/crypto/ssh"

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

	It("gives the shell's read builtin, and a shell reading a pipeline, in-memory pipes: no descriptor per session", func() {
		// Each session's shell reads its stdin itself (read), which moves the
		// session's input into a pipe, and runs sh -c 'read' on a pipeline's
		// pipe, which the new shell's stdin copies. Both were OS pipes: two
		// descriptors each, held while the session waits.
		h := startHost(machine.Description{Personality: "debian12"})
		fds := func() int { return len(must(os.ReadDir("/proc/self/fd"))) }
		before := fds()
		const conns, perConn = 10, 10
		var clients []*gossh.Client
		var outputs []*gbytes.Buffer
		for range conns {
			c := dial(h, "ops")
			clients = append(clients, c)
			DeferCleanup(func() { c.Close() }) // closed already unless the spec failed
			for range perConn {
				s := must(c.NewSession())
				stdin := must(s.StdinPipe())
				out := gbytes.NewBuffer()
				s.Stdout = out
				Expect(s.Start(`read x; echo got $x; cat | sh -c 'read y; echo got $y; read z'`)).To(Succeed())
				must(io.WriteString(stdin, "a\nb\n")) // then kept open: read z waits
				outputs = append(outputs, out)
			}
		}
		for _, out := range outputs {
			Eventually(out.Contents).Should(Equal([]byte("got a\ngot b\n")))
		}
		// Both ends of each connection are in this process: two descriptors
		// per connection, none per session.
		Expect(fds() - before).To(BeNumerically("<=", 2*conns+8))
		for _, c := range clients {
			c.Close()
		}
		Eventually(h.OpenSessions).Should(BeZero())
		Eventually(fds).Should(BeNumerically("<=", before), "descriptors back to where they were")
	})
})
