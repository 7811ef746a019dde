package simhost_test

import (
	"bufio"
	"io"
	"net"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gbytes"
	"github.com/onsi/gomega/gexec"

	"github.com/hostile-lab/hostile/simhost"
	"github.com/hostile-lab/hostile/simhost/events"
	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

var _ = Describe("the SSH server, driven by the real OpenSSH client", func() {
	var h *simhost.Host
	BeforeEach(func() { h = startHost(machine.Description{Personality: "debian12"}) })

	It("sends the personality's version string before anything else", func() {
		c := must(net.DialTimeout("tcp", h.Addr(), 2*time.Second))
		defer c.Close()
		line := must(bufio.NewReader(c).ReadString('\n'))
		Expect(line).To(MatchRegexp(`^SSH-2\.0-OpenSSH_9\.2p1 Debian-2\+deb12u\d+\r\n$`), "the image's openssh-server, whose security revision is the mirror's of the day")
	})

	It("runs a command, keeps stderr apart from stdout and returns its exit status", func() {
		s := start(ssh(h, "ops", "echo out; echo err >&2; exit 3"))
		Eventually(s).Should(gexec.Exit(3))
		Expect(string(s.Out.Contents())).To(Equal("out\n"))
		Expect(string(s.Err.Contents())).To(Equal("err\n"))
	})

	It("pipes stdin through to the command", func() {
		cmd := ssh(h, "ops", "cat")
		cmd.Stdin = strings.NewReader("line one\nline two\n")
		s := start(cmd)
		Eventually(s).Should(gexec.Exit(0))
		Expect(string(s.Out.Contents())).To(Equal("line one\nline two\n"))
	})

	It("answers an unknown command with bash's message and 127", func() {
		s := start(ssh(h, "ops", "frobnicate --now"))
		Eventually(s).Should(gexec.Exit(127))
		Expect(string(s.Err.Contents())).To(Equal("bash: line 1: frobnicate: command not found\n"))
	})

	It("serves an interactive shell on a terminal (ssh -tt) driven by a script", func() {
		cmd := ssh(h, "ops", "-tt")
		stdin := must(cmd.StdinPipe())
		s := start(cmd)
		Eventually(s.Out).Should(gbytes.Say(`ops@db01:~\$ `))
		stdin.Write([]byte("echo hello from $USER\r"))
		Eventually(s.Out).Should(gbytes.Say("echo hello from \\$USER\r\nhello from ops\r\n"))
		Eventually(s.Out).Should(gbytes.Say(`ops@db01:~\$ `))
		stdin.Write([]byte("cd /tmp\rpwd\r"))
		Eventually(s.Out).Should(gbytes.Say("/tmp\r\n"))
		Eventually(s.Out).Should(gbytes.Say(`ops@db01:/tmp\$ `))
		stdin.Write([]byte("exit 5\r"))
		Eventually(s).Should(gexec.Exit(5))
	})

	// interruptSleep types line (which runs sleep) at a terminal's prompt,
	// then ^C once sleep runs.
	interruptSleep := func(line string) (*gexec.Session, io.Writer) {
		cmd := ssh(h, "ops", "-tt")
		stdin := must(cmd.StdinPipe())
		s := start(cmd)
		Eventually(s.Out).Should(gbytes.Say(`\$ `))
		stdin.Write([]byte(line + "\r"))
		Eventually(procsRunning(h, "sleep")).Should(Equal(1))
		stdin.Write([]byte{0x03})
		Eventually(s.Out).Should(gbytes.Say(`\^C\r\n`))
		return s, stdin
	}

	It("lets ^C end the running command and edits the line with backspace", func() {
		s, stdin := interruptSleep("sleep 1000")
		Eventually(s.Out).Should(gbytes.Say(`ops@db01:~\$ `))
		stdin.Write([]byte("echo abX\x7fc\r"))
		Eventually(s.Out).Should(gbytes.Say("abc\r\n"))
		stdin.Write([]byte{0x04}) // ^D on an empty line logs out
		Eventually(s.Out).Should(gbytes.Say("logout"))
		Eventually(s).Should(gexec.Exit(0))
	})

	It("leaves the running command alone on ^C once trap '' INT made the shell ignore SIGINT", func() {
		s, stdin := interruptSleep("trap '' INT; sleep 2; echo slept")
		Eventually(s.Out).Should(gbytes.Say("slept\r\n"), "sleep inherited INT ignored, and the line went on")
		stdin.Write([]byte("exit\r"))
		Eventually(s).Should(gexec.Exit(0))
	})

	It("accepts LANG from the client as Debian's sshd does, and nothing else", func() {
		cmd := ssh(h, "ops", "-o", "SendEnv=LANG FOO", "echo $LANG/$FOO")
		cmd.Env = append(cmd.Environ(), "LANG=de_DE.UTF-8", "FOO=bar")
		s := start(cmd)
		Eventually(s).Should(gexec.Exit(0))
		Expect(string(s.Out.Contents())).To(Equal("de_DE.UTF-8/\n"))
	})

	It("refuses a key it does not know and a wrong password", func() {
		other := startHost(machine.Description{Users: []machine.User{{Name: "ops", Password: "ops"}}})
		other.Machine().FS.WriteFile(vfs.Root, "/home/ops/.ssh/authorized_keys", nil, 0o600)
		s := start(ssh(other, "ops", "true"))
		Eventually(s).Should(gexec.Exit(255))
		// in sshd's order (the personality's sshd profile), not x/crypto's
		Expect(s.Err).To(gbytes.Say(`ops@127.0.0.1: Permission denied \(publickey,password\)\.`))

		s = start(sshPassword(other, "ops", "wrong", "true"))
		Eventually(s).Should(gexec.Exit(255))
		Expect(s.Err).To(gbytes.Say(`Permission denied`))
		Expect(other.Events().OfKind(events.AuthFail)).To(ContainElement(HaveField("Detail", "password")))
	})

	It("accepts the right password", func() {
		s := start(sshPassword(h, "ops", "ops", "id -un"))
		Eventually(s).Should(gexec.Exit(0))
		Expect(h.Events().OfKind(events.AuthOK)).To(ContainElement(HaveField("Detail", "password")))
	})

	It("records the session in the event log with argv, exit status and bytes", func() {
		s := start(ssh(h, "ops", "cat /etc/hostname; false"))
		Eventually(s).Should(gexec.Exit(1))
		Eventually(func() []events.Event { return h.Events().OfKind(events.SessionClose) }).Should(HaveLen(1))
		cmds := h.Events().OfKind(events.Command)
		Expect(cmds).To(ContainElement(SatisfyAll(
			HaveField("Argv", Equal([]string{"cat", "/etc/hostname"})), HaveField("Exit", 0), HaveField("User", "ops"))))
		closed := h.Events().OfKind(events.SessionClose)[0]
		Expect(closed.Exit).To(Equal(1))
		Expect(closed.BytesOut).To(BeNumerically("==", len("db01\n")))
	})
})

// procsRunning counts the host's processes whose command is name.
func procsRunning(h *simhost.Host, name string) func() int {
	return func() int {
		n := 0
		for _, p := range h.Machine().Procs.List() {
			if len(p.Argv) > 0 && p.Argv[0] == name {
				n++
			}
		}
		return n
	}
}
