package faults_test

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gbytes"
	"github.com/onsi/gomega/gexec"
	gossh "golang.org/x/crypto/ssh"

	"github.com/hostile-lab/hostile/simhost/faults"
)

const forcedChange = "You are required to change your password immediately (administrator enforced)"

// changeRounds logs in with keyboard-interactive, answering every round, and
// returns the rounds seen; it gives up after stop rounds when stop > 0.
func changeRounds(addr string, stop int) (int, error) {
	rounds := 0
	cfg := clientConfig("ops")
	cfg.Auth = []gossh.AuthMethod{gossh.KeyboardInteractive(func(_, instruction string, questions []string, echos []bool) ([]string, error) {
		Expect(instruction).To(Equal(forcedChange))
		Expect(questions).To(Equal([]string{"Current password: ", "New password: ", "Retype new password: "}))
		Expect(echos).To(Equal([]bool{false, false, false}))
		rounds++
		if stop > 0 && rounds > stop {
			return nil, errors.New("client gives up")
		}
		return []string{"ops", "N3w-pass!", "N3w-pass!"}, nil
	})}
	c, err := gossh.Dial("tcp", addr, cfg)
	if err == nil {
		c.Close()
	}
	return rounds, err
}

var _ = Describe("password-change", func() {
	It("asks for the change again after every answer, until the client gives up", func() {
		h := faulted(faults.Spec{Type: "password-change"})
		rounds, err := changeRounds(h.Addr(), 20)
		Expect(err).To(MatchError(ContainSubstring("client gives up")))
		Expect(rounds).To(Equal(21))
		// The key is not even offered: keyboard-interactive is the only way in.
		_, err = gossh.Dial("tcp", h.Addr(), clientConfig("ops"))
		Expect(err).To(MatchError(ContainSubstring("attempted methods [none]")))

		Expect(h.Faults().Remove("password-change")).To(Succeed())
		dial(h, "ops")
	})

	It("refuses the login after max_rounds", func() {
		h := faulted(faults.Spec{Type: "password-change", Params: map[string]any{"max_rounds": 3}})
		rounds, err := changeRounds(h.Addr(), 0)
		Expect(err).To(MatchError(ContainSubstring("unable to authenticate, attempted methods [none keyboard-interactive]")))
		Expect(rounds).To(Equal(3))
	})

	It("keeps OpenSSH answering prompts forever: it never logs in", func() {
		h := faulted(faults.Spec{Type: "password-change"})
		prompts := filepath.Join(GinkgoT().TempDir(), "prompts")
		s := start(asPerson(must(openssh(h).SSHKeyboardInteractive("ops", "ops", prompts, "echo in"))))
		Eventually(func() int {
			b, _ := os.ReadFile(prompts)
			return strings.Count(string(b), "\n")
		}, 10*time.Second).Should(BeNumerically(">=", 9))
		Consistently(s, 300*time.Millisecond).ShouldNot(gexec.Exit())
		Expect(s.Out.Contents()).To(BeEmpty())
		Expect(string(must(os.ReadFile(prompts)))).To(HavePrefix(strings.Repeat(
			"(ops@127.0.0.1) Current password: \n(ops@127.0.0.1) New password: \n(ops@127.0.0.1) Retype new password: \n", 3)))
		Expect(s.Err).To(gbytes.Say(regexp.QuoteMeta(forcedChange)))
		// The client going away ends the challenge on the host (goleak checks it).
		s.Kill()
		Eventually(s).Should(gexec.Exit())
	})

	It("ends OpenSSH's login with keyboard-interactive denied after max_rounds", func() {
		h := faulted(faults.Spec{Type: "password-change", Params: map[string]any{"max_rounds": 2}})
		s := start(asPerson(must(openssh(h).SSHKeyboardInteractive("ops", "ops", filepath.Join(GinkgoT().TempDir(), "prompts"), "echo in"))))
		Eventually(s).Should(gexec.Exit(255))
		Expect(s.Err).To(gbytes.Say(`Permission denied \(keyboard-interactive\)\.`))
		Expect(s.Out.Contents()).To(BeEmpty())
	})

	It("refuses negative rounds", func() {
		_, err := faults.Compile(faults.Spec{Type: "password-change", Params: map[string]any{"max_rounds": -2}})
		Expect(err).To(MatchError(`fault "password-change": max_rounds: -2 is negative`))
	})
})
