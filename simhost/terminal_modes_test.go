package simhost_test

import (
	"os"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gbytes"
	"github.com/onsi/gomega/gexec"

	"github.com/hostile-lab/hostile/simhost/machine"
)

// stty's modes against a Debian 12 container's pty: testdata/stty-modes.sh run
// there (`docker run -t`, from sshd's settings) printed testdata/stty-modes.bookworm,
// raw mode's output without \r, cooked mode's with it.
var _ = Describe("the terminal's modes, as termios has them", func() {
	It("reports and changes the settings as coreutils' stty on a pty", func() {
		host := startHost(machine.Description{Personality: "debian12", Users: []machine.User{{Name: "ops", Password: "ops"}}})
		script := must(os.ReadFile("testdata/stty-modes.sh"))
		want := must(os.ReadFile("testdata/stty-modes.bookworm"))
		s := start(ssh(host, "ops", "-tt", strings.ReplaceAll(strings.TrimSpace(string(script)), "\n", "; ")))
		Eventually(s).Should(gexec.Exit(0))
		Expect(string(s.Out.Contents())).To(Equal(string(want)))
	})

	It("hands each byte to the reader at once in raw mode, ^C included, and lines again after sane", func() {
		host := startHost(machine.Description{Personality: "debian12", Users: []machine.User{{Name: "ops", Password: "ops"}}})
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
})
