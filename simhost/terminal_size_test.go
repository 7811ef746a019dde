package simhost_test

import (
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	gossh "golang.org/x/crypto/ssh"

	"github.com/hostile-lab/hostile/simhost/machine"
)

// stty and tput read the terminal the client asked for: its size from pty-req,
// then from each window-change.
var _ = Describe("the session's terminal size", func() {
	It("has the size the client asked for, and follows window changes", func() {
		h := startHost(machine.Description{Personality: "debian12"})
		c := dial(h, "ops")
		s := must(c.NewSession())
		Expect(s.RequestPty("xterm", 30, 100, gossh.TerminalModes{})).To(Succeed())
		out := must(s.CombinedOutput("stty size; tput cols; tput lines"))
		Expect(string(out)).To(Equal("30 100\r\n100\r\n30\r\n"))

		s = must(c.NewSession())
		Expect(s.RequestPty("xterm", 24, 80, gossh.TerminalModes{})).To(Succeed())
		Expect(s.WindowChange(50, 132)).To(Succeed())
		out = must(s.CombinedOutput("stty size"))
		Expect(string(out)).To(Equal("50 132\r\n"))

		// Without a terminal the two streams are apart, and the client copies
		// each in its own goroutine: their order is not the host's to keep.
		s = must(c.NewSession())
		var stdout, stderr strings.Builder
		s.Stdout, s.Stderr = &stdout, &stderr
		Expect(s.Run("stty size; echo status $?")).To(Succeed())
		Expect(stderr.String()).To(Equal("stty: 'standard input': Inappropriate ioctl for device\n"))
		Expect(stdout.String()).To(Equal("status 1\n"))
	})
})
