package simhost_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gbytes"
	"github.com/onsi/gomega/gexec"
	gossh "golang.org/x/crypto/ssh"

	"github.com/hostile-lab/hostile/harness/hostiletest"
	"github.com/hostile-lab/hostile/simhost"
	"github.com/hostile-lab/hostile/simhost/events"
	"github.com/hostile-lab/hostile/simhost/machine"
)

// The texts are what OpenSSH printed against a Debian 12 container whose sshd
// has AllowTcpForwarding no, and with its default AllowAgentForwarding yes.
var _ = Describe("forwarding, as Debian's sshd with TCP forwarding off", func() {
	// sshInfo is ssh at its default log level, where it reports refused forwards.
	sshInfo := func(h *simhost.Host, args ...string) *exec.Cmd {
		all := []string{"-p", strconv.Itoa(h.Port()), "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
			"-o", "BatchMode=yes", "-i", hostiletest.Key().Path, "ops@127.0.0.1"}
		return exec.Command("ssh", append(all, args...)...)
	}

	It("refuses a local forward (ssh -W, -L) as administratively prohibited", func() {
		h := startHost(machine.Description{Personality: "debian12"})
		cmd := sshInfo(h, "-W", "127.0.0.1:22")
		s := start(cmd)
		Eventually(s).Should(gexec.Exit(255))
		Expect(s.Err).To(gbytes.Say("channel 0: open failed: administratively prohibited: open failed\r?\nstdio forwarding failed"))
		// The host logs the refusal as it sends it: the client may have read it first.
		Eventually(func() []events.Event { return h.Events().OfKind(events.Error) }).Should(ContainElement(HaveField("Detail", ContainSubstring("direct-tcpip to 127.0.0.1:22 refused"))))
	})

	It("refuses a remote forward (ssh -R) and still runs the command", func() {
		h := startHost(machine.Description{Personality: "debian12"})
		s := start(sshInfo(h, "-R", "47002:127.0.0.1:22", "echo ran"))
		Eventually(s).Should(gexec.Exit(0))
		Expect(string(s.Out.Contents())).To(Equal("ran\n"))
		Expect(s.Err).To(gbytes.Say("Warning: remote port forwarding failed for listen port 47002"))
	})

	It("forwards the client's agent: SSH_AUTH_SOCK is set and ssh-add -l lists the client's keys", func() {
		h := startHost(machine.Description{Personality: "debian12"})
		dir := GinkgoT().TempDir()
		sock := filepath.Join(dir, "agent.sock")
		agentProc := start(exec.Command("ssh-agent", "-D", "-a", sock))
		DeferCleanup(func() { agentProc.Terminate().Wait() })
		Eventually(func() error { _, err := os.Stat(sock); return err }).Should(Succeed())
		add := exec.Command("ssh-add", hostiletest.Key().Path)
		add.Env = append(os.Environ(), "SSH_AUTH_SOCK="+sock)
		Eventually(start(add)).Should(gexec.Exit(0))

		cmd := ssh(h, "ops", "-A", `case $SSH_AUTH_SOCK in /tmp/ssh-*/agent.*) echo sock ok;; esac; ssh-add -l`)
		cmd.Env = append(os.Environ(), "SSH_AUTH_SOCK="+sock)
		s := start(cmd)
		Eventually(s).Should(gexec.Exit(0))
		fp := gossh.FingerprintSHA256(hostiletest.Key().Signer.PublicKey())
		Expect(string(s.Out.Contents())).To(Equal("sock ok\n256 " + fp + " hostile client (ED25519)\n"))

		s = start(ssh(h, "ops", "ssh-add -l"))
		Eventually(s).Should(gexec.Exit(2))
		Expect(strings.TrimSpace(string(s.Err.Contents()))).To(Equal("Could not open a connection to your authentication agent."))
	})
})
