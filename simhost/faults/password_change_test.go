package faults_test

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gbytes"
	"github.com/onsi/gomega/gexec"
	gossh "golang.org/x/crypto/ssh"

	"github.com/hostile-lab/hostile/simhost"
	"github.com/hostile-lab/hostile/simhost/faults"
)

const forcedChange = "You are required to change your password immediately (administrator enforced)"

// sshAskpass is ssh answering keyboard-interactive prompts through an
// SSH_ASKPASS script that logs each prompt to the returned file and answers
// answer; the key is not offered. LogLevel stays INFO, so the instruction of
// each round is printed on stderr as a person sees it.
func sshAskpass(h *simhost.Host, answer, user string, args ...string) (*exec.Cmd, string) {
	dir := GinkgoT().TempDir()
	log := filepath.Join(dir, "prompts")
	script := filepath.Join(dir, "askpass")
	Expect(os.WriteFile(script, []byte(fmt.Sprintf("#!/bin/sh\nprintf '%%s\\n' \"$1\" >> %s\necho '%s'\n", log, answer)), 0o700)).To(Succeed())
	cmd := exec.Command("ssh", append([]string{"-p", strconv.Itoa(h.Port()),
		"-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
		"-o", "ConnectTimeout=5", "-o", "PubkeyAuthentication=no",
		"-o", "PreferredAuthentications=keyboard-interactive", "-o", "NumberOfPasswordPrompts=1",
		user + "@127.0.0.1"}, args...)...)
	cmd.Env = append(os.Environ(), "SSH_ASKPASS="+script, "SSH_ASKPASS_REQUIRE=force", "DISPLAY=:0")
	return cmd, log
}

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
		cmd, prompts := sshAskpass(h, "ops", "ops", "echo in")
		s := start(cmd)
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
		cmd, _ := sshAskpass(h, "ops", "ops", "echo in")
		s := start(cmd)
		Eventually(s).Should(gexec.Exit(255))
		Expect(s.Err).To(gbytes.Say(`Permission denied \(keyboard-interactive\)\.`))
		Expect(s.Out.Contents()).To(BeEmpty())
	})

	It("refuses negative rounds", func() {
		_, err := faults.Compile(faults.Spec{Type: "password-change", Params: map[string]any{"max_rounds": -2}})
		Expect(err).To(MatchError(`fault "password-change": max_rounds: -2 is negative`))
	})
})
