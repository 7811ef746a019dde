package faults_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gexec"

	"github.com/hostile-lab/hostile/simhost/faults"
)

var _ = Describe("rc-noise", func() {
	It("breaks sftp as rc-file output does on a real host, and shows on every command", func() {
		h := faulted(faults.Spec{Type: "rc-noise"})
		sftp := start(must(openssh(h).SFTP("ops", "ls /")))
		Eventually(sftp).Should(gexec.Exit(255))
		// OpenSSH 9 adds "Ensure the remote shell produces no output..."; older
		// clients end with "Connection closed".
		Expect(string(sftp.Err.Contents())).To(MatchRegexp(`Received message too long 1466264675\r?\n(Ensure the remote shell produces no output|Connection closed)`))

		s := sshRun(h, "ops", "true")
		Expect(s).To(gexec.Exit(0))
		Expect(string(s.Out.Contents())).To(Equal("Welcome to the production database server!\n"))

		Expect(h.Faults().Remove("rc-noise")).To(Succeed())
		Eventually(start(must(openssh(h).SFTP("ops", "ls /")))).Should(gexec.Exit(0))
		Expect(sshRun(h, "ops", "true").Out.Contents()).To(BeEmpty())
	})

	It("leaves sftp working when the noise goes to stderr", func() {
		h := faulted(faults.Spec{Type: "rc-noise", Params: map[string]any{"text": "motd: maintenance at 22:00", "stream": "stderr"}})
		sftp := start(must(openssh(h).SFTP("ops", "ls /")))
		Eventually(sftp).Should(gexec.Exit(0))

		s := sshRun(h, "ops", "echo hi")
		Expect(s).To(gexec.Exit(0))
		Expect(string(s.Out.Contents())).To(Equal("hi\n"))
		Expect(string(s.Err.Contents())).To(Equal("motd: maintenance at 22:00\n"))
	})

	It("prints only for login shells when channels says shell", func() {
		h := faulted(faults.Spec{Type: "rc-noise", Params: map[string]any{"channels": []string{"shell"}}})
		Expect(sshRun(h, "ops", "true").Out.Contents()).To(BeEmpty())
		Eventually(start(must(openssh(h).SFTP("ops", "ls /")))).Should(gexec.Exit(0))
	})

	It("refuses an unknown stream or channel", func() {
		_, err := faults.Compile(faults.Spec{Type: "rc-noise", Params: map[string]any{"stream": "stdin"}})
		Expect(err).To(MatchError(`fault "rc-noise": stream: "stdin" is not stdout or stderr`))
		_, err = faults.Compile(faults.Spec{Type: "rc-noise", Params: map[string]any{"channels": []string{"x11"}}})
		Expect(err).To(MatchError(`fault "rc-noise": channels: "x11" is not exec, shell or subsystem`))
	})
})
