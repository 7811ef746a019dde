package faults_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gbytes"
	"github.com/onsi/gomega/gexec"
	gossh "golang.org/x/crypto/ssh"

	"github.com/hostile-lab/hostile/simhost/faults"
)

var _ = Describe("auth-methods", func() {
	It("offers only keyboard-interactive: a key-only client is denied", func() {
		h := faulted(faults.Spec{Type: "auth-methods", Params: map[string]any{"methods": []string{"keyboard-interactive"}}})
		s := sshStart(h, "ops", "-o", "PreferredAuthentications=publickey", "echo in")
		Eventually(s).Should(gexec.Exit(255))
		Expect(s.Err).To(gbytes.Say(`ops@127.0.0.1: Permission denied \(keyboard-interactive\)\.`))

		// keyboard-interactive itself asks for the password, as PAM does.
		cfg := clientConfig("ops")
		var prompts []string
		cfg.Auth = []gossh.AuthMethod{gossh.KeyboardInteractive(func(_, _ string, questions []string, _ []bool) ([]string, error) {
			prompts = append(prompts, questions...)
			return []string{"ops"}, nil
		})}
		c, err := gossh.Dial("tcp", h.Addr(), cfg)
		Expect(err).NotTo(HaveOccurred())
		c.Close()
		Expect(prompts).To(Equal([]string{"Password: "}))

		Expect(h.Faults().Remove("auth-methods")).To(Succeed())
		s = sshStart(h, "ops", "-o", "PreferredAuthentications=publickey", "echo in")
		Eventually(s).Should(gexec.Exit(0))
	})

	It("refuses an unknown or empty method list", func() {
		_, err := faults.Compile(faults.Spec{Type: "auth-methods", Params: map[string]any{"methods": []string{"password", "gssapi"}}})
		Expect(err).To(MatchError(`fault "auth-methods": methods: "gssapi" is not password, publickey or keyboard-interactive`))
		_, err = faults.Compile(faults.Spec{Type: "auth-methods", Params: map[string]any{"methods": []string{}}})
		Expect(err).To(MatchError(ContainSubstring(`fault "auth-methods": methods: at least one of`)))
	})
})
