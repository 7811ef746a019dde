package simhost_test

import (
	"io"
	"path/filepath"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	gossh "golang.org/x/crypto/ssh"

	"github.com/hostile-lab/hostile/simhost"
	"github.com/hostile-lab/hostile/simhost/asciicast"
	"github.com/hostile-lab/hostile/simhost/events"
	"github.com/hostile-lab/hostile/simhost/machine"
)

var _ = Describe("a session's transcript", func() {
	It("keeps a character whole when the output cuts it in two", func() {
		dir := GinkgoT().TempDir()
		euros := strings.Repeat("€", 20000) // three bytes each
		h := startHost(machine.Description{Files: []machine.File{{Path: "/tmp/euros", Content: euros}}}, simhost.WithTranscripts(dir))
		c := dial(h, "ops")
		// head's 32767 bytes end one byte into a character; tail sends the rest.
		Expect(run(c, "head -c 32767 /tmp/euros; tail -c +32768 /tmp/euros")).To(Equal(euros))
		c.Close()
		Expect(h.Close()).To(Succeed())
		files := must(filepath.Glob(filepath.Join(dir, "*.cast")))
		Expect(files).To(HaveLen(1))
		Expect(must(asciicast.Read(files[0])).Output()).To(Equal(euros))
	})
})

var _ = Describe("transcript files", func() {
	It("never overwrite each other: two hosts with one label in one directory write a file per session", func() {
		dir := GinkgoT().TempDir()
		for range 2 {
			h := startHost(machine.Description{}, simhost.WithTranscripts(dir), simhost.WithTranscriptLabel("rm-alias-legacy"))
			c := dial(h, "ops")
			Expect(run(c, "echo one")).To(Equal("one\n"))
			c.Close()
			Expect(h.Close()).To(Succeed())
		}
		files := must(filepath.Glob(filepath.Join(dir, "rm-alias-legacy-conn1-session1-*.cast")))
		Expect(files).To(HaveLen(2), "both hosts' first sessions, each in its own file")
	})

	It("mark stderr with its own event code, apart from stdout, where no terminal merges them", func() {
		dir := GinkgoT().TempDir()
		h := startHost(machine.Description{}, simhost.WithTranscripts(dir))
		c := dial(h, "ops")
		s := must(c.NewSession())
		var out, errOut strings.Builder
		s.Stdout, s.Stderr = &out, &errOut
		Expect(s.Run("echo to-stdout; echo to-stderr >&2; ls /nonexistent")).NotTo(Succeed())
		c.Close()
		Expect(h.Close()).To(Succeed())
		cast := must(asciicast.Read(must(filepath.Glob(filepath.Join(dir, "*.cast")))[0]))
		Expect(cast.Output()).To(Equal("to-stdout\n"))
		Expect(cast.Stderr()).To(Equal("to-stderr\nls: cannot access '/nonexistent': No such file or directory\n"))
		Expect(cast.TermSize).To(BeEmpty(), "no terminal was asked for")
	})

	It("carry the terminal size the client asked for, and its window changes", func() {
		dir := GinkgoT().TempDir()
		h := startHost(machine.Description{}, simhost.WithTranscripts(dir))
		c := dial(h, "ops")
		s := must(c.NewSession())
		Expect(s.RequestPty("xterm-256color", 43, 132, gossh.TerminalModes{})).To(Succeed())
		s.Stdout = io.Discard
		stdin := must(s.StdinPipe())
		Expect(s.Shell()).To(Succeed())
		Eventually(func() []string { return must(filepath.Glob(filepath.Join(dir, "*.cast"))) }).Should(HaveLen(1))
		Expect(s.WindowChange(50, 140)).To(Succeed())
		Eventually(func() []events.Event { return h.Events().OfKind(events.Request) }).Should(
			ContainElement(HaveField("Detail", "window-change 140x50")))
		must(io.WriteString(stdin, "exit\n"))
		Expect(s.Wait()).To(Succeed())
		s = must(c.NewSession())
		Expect(s.RequestPty("xterm", 0, 0, gossh.TerminalModes{})).To(Succeed()) // ssh -tt reading a pipe asks 0x0
		Expect(s.Run("true")).To(Succeed())
		c.Close()
		Expect(h.Close()).To(Succeed())

		first := must(asciicast.Read(must(filepath.Glob(filepath.Join(dir, "*-session1-*.cast")))[0]))
		Expect(first.Width).To(Equal(132))
		Expect(first.Height).To(Equal(43))
		Expect(first.TermSize).To(Equal("132x43"))
		Expect(first.Events).To(ContainElement(And(HaveField("Code", asciicast.Resize), HaveField("Data", "140x50"))))
		second := must(asciicast.Read(must(filepath.Glob(filepath.Join(dir, "*-session2-*.cast")))[0]))
		Expect([]int{second.Width, second.Height}).To(Equal([]int{80, 24}), "a player needs a size; 80x24 stands in")
		Expect(second.TermSize).To(Equal("0x0"))
	})
})
