package simhost_test

import (
	"os"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gbytes"
	"github.com/onsi/gomega/gexec"
	gossh "golang.org/x/crypto/ssh"

	"github.com/hostile-lab/hostile/simhost"
	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

// The session's terminal, against what a Debian 12 container's pty showed
// (ssh -tt, or `docker run -t` from sshd's settings): its echo (sudo prints its
// prompt, nothing of the password, then "\r\n"); stty's modes
// (testdata/stty-modes.sh run there printed testdata/stty-modes.bookworm, raw
// mode's output without \r, cooked mode's with it); and the size stty and tput
// read, the client's from pty-req, then from each window-change.
var _ = Describe("the session's terminal, as termios has it", func() {
	h := func() *simhost.Host {
		return startHost(machine.Description{Personality: "debian12",
			Users:   []machine.User{{Name: "ops", Password: "ops"}},
			Sudoers: []string{"ops ALL=(ALL) ALL"}})
	}

	It("does not echo sudo's password, and prints only the newline after it", func() {
		host := h()
		cmd := ssh(host, "ops", "-tt", "sudo id")
		stdin := must(cmd.StdinPipe())
		s := start(cmd)
		Eventually(s.Out).Should(gbytes.Say(`\[sudo\] password for ops: `))
		stdin.Write([]byte("ops\r"))
		Eventually(s).Should(gexec.Exit(0))
		Expect(string(s.Out.Contents())).To(HaveSuffix("[sudo] password for ops: \r\nuid=0(root) gid=0(root) groups=0(root)\r\n"))
	})

	It("does not echo what read -s or stty -echo hide, and echoes again after stty echo", func() {
		host := h()
		cmd := ssh(host, "ops", "-tt")
		stdin := must(cmd.StdinPipe())
		s := start(cmd)
		Eventually(s.Out).Should(gbytes.Say(`ops@db01:~\$ `))
		stdin.Write([]byte(`read -s -p "pw: " x; echo "[$x]"` + "\r"))
		Eventually(s.Out).Should(gbytes.Say(`pw: `))
		stdin.Write([]byte("secret\r"))
		Eventually(s.Out).Should(gbytes.Say(`pw: \[secret\]\r\nops@db01:~\$ `))
		stdin.Write([]byte("stty -echo\r"))
		Eventually(s.Out).Should(gbytes.Say(`stty -echo\r\nops@db01:~\$ `))
		stdin.Write([]byte("echo hidden\r"))
		Eventually(s.Out).Should(gbytes.Say("\r\nhidden\r\n"))
		stdin.Write([]byte("stty echo\r"))
		Eventually(s.Out).Should(gbytes.Say(`\r\nops@db01:~\$ `))
		stdin.Write([]byte("stty size\r"))
		Eventually(s.Out).Should(gbytes.Say("stty size\r\n0 0\r\n")) // ssh -tt without a terminal asks for 0x0
		stdin.Write([]byte("exit\r"))
		Eventually(s).Should(gexec.Exit(0))
		Expect(string(s.Out.Contents())).NotTo(ContainSubstring("secret\r\n"))
		Expect(string(s.Out.Contents())).NotTo(ContainSubstring("echo hidden"))
	})

	It("prints logout when a login shell exits and reads ~/.bash_logout", func() {
		host := h()
		Expect(host.Machine().FS.WriteFile(vfs.Root, "/home/ops/.bash_logout", []byte("echo bye from bash_logout\n"), 0o644)).To(Succeed())
		cmd := ssh(host, "ops", "-tt")
		stdin := must(cmd.StdinPipe())
		s := start(cmd)
		Eventually(s.Out).Should(gbytes.Say(`ops@db01:~\$ `))
		stdin.Write([]byte("exit 3\r"))
		Eventually(s).Should(gexec.Exit(3))
		Expect(string(s.Out.Contents())).To(HaveSuffix("exit 3\r\nlogout\r\nbye from bash_logout\r\n"))
	})

	It("says stty has no terminal without a PTY, as coreutils does", func() {
		host := h()
		s := start(ssh(host, "ops", "stty size"))
		Eventually(s).Should(gexec.Exit(1))
		Expect(string(s.Err.Contents())).To(Equal("stty: 'standard input': Inappropriate ioctl for device\n"))
	})

	It("reports and changes the settings as coreutils' stty on a pty", func() {
		host := h()
		script := must(os.ReadFile("testdata/stty-modes.sh"))
		want := must(os.ReadFile("testdata/stty-modes.bookworm"))
		s := start(ssh(host, "ops", "-tt", strings.ReplaceAll(strings.TrimSpace(string(script)), "\n", "; ")))
		Eventually(s).Should(gexec.Exit(0))
		Expect(string(s.Out.Contents())).To(Equal(string(want)))
	})

	It("hands each byte to the reader at once in raw mode, ^C included, and lines again after sane", func() {
		host := h()
		cmd := ssh(host, "ops", "-tt", `stty raw -echo; echo raw; head -c 4 | od -An -c; stty sane; echo sane; read -r line; echo "[$line]"`)
		stdin := must(cmd.StdinPipe())
		s := start(cmd)
		Eventually(s.Out).Should(gbytes.Say("raw\n")) // typed before, the keys would meet the cooked terminal
		stdin.Write([]byte("a\x03\rb"))
		Eventually(s.Out).Should(gbytes.Say(`   a 003  \\r   b\n`))
		Eventually(s.Out).Should(gbytes.Say("sane\r\n"))
		stdin.Write([]byte("next\r"))
		Eventually(s).Should(gexec.Exit(0))
		Expect(string(s.Out.Contents())).To(HaveSuffix("next\r\n[next]\r\n"))
	})

	It("has the size the client asked for, and follows window changes", func() {
		c := dial(h(), "ops")
		s := must(c.NewSession())
		Expect(s.RequestPty("xterm", 30, 100, gossh.TerminalModes{})).To(Succeed())
		out := must(s.CombinedOutput("stty size; tput cols; tput lines"))
		Expect(string(out)).To(Equal("30 100\r\n100\r\n30\r\n"))

		s = must(c.NewSession())
		Expect(s.RequestPty("xterm", 24, 80, gossh.TerminalModes{})).To(Succeed())
		Expect(s.WindowChange(50, 132)).To(Succeed())
		out = must(s.CombinedOutput("stty size"))
		Expect(string(out)).To(Equal("50 132\r\n"))
	})
})
