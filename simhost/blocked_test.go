package simhost_test

import (
	"io"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/hostile-lab/hostile/simhost"
	"github.com/hostile-lab/hostile/simhost/machine"
)

var _ = Describe("a session blocked on input", func() {
	It("is the host's evidence of a prompt nobody answers: a program in a read of stdin, not a sleep, not a shell at its prompt", func() {
		h := startHost(machine.Description{Personality: "solaris10-sparc",
			Files: []machine.File{{Path: "/tmp/x.log", Content: "x\n", Owner: "ops"}}})
		c := dial(h, "ops")
		defer c.Close()

		prompt := must(c.NewSession())
		in := must(prompt.StdinPipe()) // held open, never written: the 001 client
		stderr := must(prompt.StderrPipe())
		Expect(prompt.Start("rm -i /tmp/x.log")).To(Succeed())
		asked := make([]byte, len("rm: remove /tmp/x.log (yes/no)? "))
		_, err := io.ReadFull(stderr, asked)
		Expect(err).NotTo(HaveOccurred())

		sleeping := must(c.NewSession())
		_ = must(sleeping.StdinPipe())
		Expect(sleeping.Start("sleep 600")).To(Succeed())

		idle := must(c.NewSession())
		_ = must(idle.StdinPipe())
		Expect(idle.Shell()).To(Succeed()) // a login shell waiting for its next line

		Eventually(h.OpenSessions).Should(Equal(3))
		var waits []simhost.InputWait
		Eventually(func() []simhost.InputWait { waits = h.BlockedOnInput(); return waits }).Should(HaveLen(1))
		Consistently(h.BlockedOnInput, "300ms").Should(HaveLen(1), "only the prompt waits for input")
		Expect(waits[0].Command).To(Equal("rm -i /tmp/x.log"))
		Expect(waits[0].User).To(Equal("ops"))
		Expect(time.Since(waits[0].Since)).To(BeNumerically(">", 0))

		// An answer ends the wait.
		_, err = io.WriteString(in, "y\n")
		Expect(err).NotTo(HaveOccurred())
		Expect(prompt.Wait()).To(Succeed())
		Eventually(h.BlockedOnInput).Should(BeEmpty())
		Expect(strings.TrimSpace(string(asked))).To(HavePrefix("rm: remove /tmp/x.log"))
	})

	It("is seen as well when the session's stdin had to become a pipe (an rc file sources a file that may read it)", func() {
		h := startHost(machine.Description{Personality: "debian12",
			Users: []machine.User{{Name: "ops", Password: "ops", Shell: "/bin/bash", RC: map[string]string{".bashrc": ". /etc/not-here\n"}}},
			Files: []machine.File{{Path: "/tmp/a", Content: "a\n", Owner: "ops"}, {Path: "/tmp/b", Content: "b\n", Owner: "ops"}}})
		c := dial(h, "ops")
		defer c.Close()
		s := must(c.NewSession())
		_ = must(s.StdinPipe())
		Expect(s.Start("cp -i /tmp/a /tmp/b")).To(Succeed())
		Eventually(h.BlockedOnInput).Should(ConsistOf(HaveField("Command", "cp -i /tmp/a /tmp/b")))
	})
})
