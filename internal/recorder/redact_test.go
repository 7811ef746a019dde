package recorder_test

import (
	"os"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	gossh "golang.org/x/crypto/ssh"

	"github.com/hostile-lab/hostile/internal/recorder"
	"github.com/hostile-lab/hostile/simhost/machine"
)

var _ = Describe("secrets", func() {
	const (
		upstreamPassword = "Upstream-Pw-7731"
		clientPassword   = "Client-Pw-4402"
		token            = "tok-99812-secret"
		keyBody          = "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW"
	)

	It("never land in the scenario: passwords, private keys and the values of --redact-env variables", func() {
		s := scenario("healthy-debian12")
		s.Host.Users[0].Password = upstreamPassword
		s.Host.Files = append(s.Host.Files, machine.File{Path: "/home/app/.ssh/id_ed25519", Owner: "app", Mode: 0o600,
			Content: "-----BEGIN OPENSSH PRIVATE KEY-----\n" + keyBody + "\n-----END OPENSSH PRIVATE KEY-----\n"})
		r := startRecorder(simulated(s).Addr(), "app", func(c *recorder.Config) {
			c.Auth = []gossh.AuthMethod{gossh.Password(upstreamPassword)}
			c.Secrets = []string{upstreamPassword}
			c.RedactEnv = []string{"API_TOKEN"}
		})
		client := must(gossh.Dial("tcp", r.Addr(), &gossh.ClientConfig{User: "app", Auth: []gossh.AuthMethod{gossh.Password(clientPassword)},
			HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 5 * time.Second}))
		DeferCleanup(func() { client.Close() })
		session := must(client.NewSession())
		Expect(session.Setenv("API_TOKEN", token)).NotTo(Succeed(), "the host refuses the variable; the request is recorded all the same")
		out := must(session.Output("echo " + upstreamPassword + "; echo " + clientPassword + " >&2; echo " + token + "; cat ~/.ssh/id_ed25519"))
		Expect(string(out)).To(ContainSubstring(keyBody), "the product sees everything")
		session.Close()
		client.Close()
		Expect(r.Close()).To(Succeed())

		file, _ := write(r.Recording(), recorder.ScenarioOptions{})
		text := string(must(os.ReadFile(file)))
		for _, secret := range []string{upstreamPassword, clientPassword, token, keyBody, "tok-99812"} {
			Expect(text).NotTo(ContainSubstring(secret))
		}
		Expect(text).To(ContainSubstring("line: echo [redacted]; echo [redacted] >&2; echo [redacted]; cat ~/.ssh/id_ed25519"))
		Expect(text).To(ContainSubstring("[private key redacted]"))
		Expect(text).To(ContainSubstring("env API_TOKEN=[redacted]"))
	})
})
