package faults_test

import (
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gbytes"
	"github.com/onsi/gomega/gexec"

	"github.com/hostile-lab/hostile/simhost/events"
	"github.com/hostile-lab/hostile/simhost/faults"
	"github.com/hostile-lab/hostile/simhost/machine"
)

var _ = Describe("line-override", func() {
	override := func(params map[string]any) faults.Spec {
		return faults.Spec{Name: "seen", Type: "line-override", Params: params}
	}
	probe := `echo MARK; uname -s; getconf GNU_LIBC_VERSION 2>/dev/null || echo none; echo MARK`

	It("answers a whole exec line as sent, compound or not, byte for byte, and lets every other line run", func() {
		h := faulted(override(map[string]any{"line": probe, "exit": 3,
			"stdout": "MARK\nSunOS\nnone\nMARK {user}", "stderr": "ld.so.1: warning\n"}))
		s := sshRun(h, "ops", probe)
		Expect(s).To(gexec.Exit(3))
		Expect(string(s.Out.Contents())).To(Equal("MARK\nSunOS\nnone\nMARK {user}"), "printed as is, no placeholders")
		Expect(string(s.Err.Contents())).To(Equal("ld.so.1: warning\n"))
		Expect(commandArgvs(h)).To(Equal([][]string{{"bash", "-c", probe}}), "the shell ran nothing of it")
		Expect(h.Events().OfKind(events.FaultFired)).To(ContainElement(HaveField("Detail", "seen (line-override): "+probe)))

		other := sshRun(h, "ops", probe+" ")
		Expect(other).To(gexec.Exit(0))
		Expect(string(other.Out.Contents())).To(Equal("MARK\nLinux\nglibc 2.36\nMARK\n"))
	})

	It("answers a line typed at a shell prompt, with a terminal when tty says so", func() {
		h := faulted(override(map[string]any{"line": "uname -a", "tty": true,
			"stdout": "SunOS db01 5.10 Generic_147147-26 sun4v sparc SUNW,SPARC-Enterprise-T5220\n"}))
		cmd := openssh(h).SSH("ops", "-tt")
		cmd.Stdin = strings.NewReader("uname -a\nexit\n")
		s := start(cmd)
		Eventually(s).Should(gexec.Exit(0))
		Expect(string(s.Out.Contents())).To(ContainSubstring("SunOS db01 5.10 Generic_147147-26 sun4v sparc SUNW,SPARC-Enterprise-T5220\r\n"))

		Expect(string(sshRun(h, "ops", "uname -a").Out.Contents())).To(HavePrefix("Linux db01 "), "no terminal, no override")
	})

	It("answers as many times as given, then leaves the line to the next override, then to the shell", func() {
		h := startHost(machine.Description{},
			override(map[string]any{"line": "cat /etc/hostname", "times": 1, "stdout": "first\n"}),
			faults.Spec{Name: "second", Type: "line-override", Params: map[string]any{"line": "cat /etc/hostname", "times": 1, "stdout": "second\n"}})
		Expect(string(sshRun(h, "ops", "cat /etc/hostname").Out.Contents())).To(Equal("first\n"))
		Expect(string(sshRun(h, "ops", "cat /etc/hostname").Out.Contents())).To(Equal("second\n"))
		Expect(string(sshRun(h, "ops", "cat /etc/hostname").Out.Contents())).To(Equal("db01\n"))
	})

	It("prompts and waits for the answer, and with hang never exits until the session ends", func() {
		h := faulted(override(map[string]any{"line": "rm -f /tmp/x",
			"prompt": "rm: remove /tmp/x (yes/no)? ", "hang": true}))
		cmd := openssh(h).SSH("ops", "rm -f /tmp/x")
		w := must(cmd.StdinPipe())
		s := start(cmd)
		Eventually(s.Err).Should(gbytes.Say(`rm: remove /tmp/x \(yes/no\)\? $`))
		w.Write([]byte("y\n"))
		Consistently(s, "300ms").ShouldNot(gexec.Exit())
		s.Kill()
		Eventually(h.OpenSessions).Should(BeZero())
	})

	It("refuses an empty line and bad parameters, naming them", func() {
		_, err := faults.Compile(override(map[string]any{"stdout": "x"}))
		Expect(err).To(MatchError(`fault "seen": line: empty: give the command line to answer`))
		_, err = faults.Compile(override(map[string]any{"line": "id", "exit": 256}))
		Expect(err).To(MatchError(`fault "seen": exit: 256 is outside 0..255`))
		_, err = faults.Compile(override(map[string]any{"line": "id", "match": "^id"}))
		Expect(err).To(MatchError(ContainSubstring(`fault "seen": match: unknown parameter`)))
	})
})
