package main_test

import (
	"io"
	"path/filepath"
	"regexp"
	"syscall"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gexec"
	gossh "golang.org/x/crypto/ssh"

	"github.com/hostile-lab/hostile/simhost/asciicast"
)

var _ = Describe("hostile serve stopped under load", func() {
	It("prints every session's end and leaves every transcript whole when SIGTERM comes mid-session", func() {
		casts := GinkgoT().TempDir()
		serve := startServe("--addr", "127.0.0.1:0", "--control", "", "--hostname", "db01", "--transcripts", casts)
		addr := said(serve, `hostile: serving db01 \(debian12\) on (127\.0\.0\.1:\d+)`)

		const each = 4
		for range each {
			s := must(login(addr).NewSession())
			_ = must(s.StdoutPipe()) // never read: yes waits on the channel's window
			Expect(s.Start("yes")).To(Succeed())

			s = must(login(addr).NewSession())
			s.Stdout = io.Discard
			stdin := must(s.StdinPipe())
			Expect(s.Start("cat")).To(Succeed())
			must(io.WriteString(stdin, "typed while the host stops\n"))

			s = must(login(addr).NewSession())
			Expect(s.RequestPty("xterm", 24, 80, gossh.TerminalModes{})).To(Succeed())
			s.Stdout = io.Discard
			stdin = must(s.StdinPipe())
			Expect(s.Shell()).To(Succeed())
			must(io.WriteString(stdin, "sleep 1000\n"))
		}
		const sessions = 3 * each
		started := regexp.MustCompile(`(?m) request .* "(exec [^"]*|shell)"$`)
		Eventually(func() [][]byte { return started.FindAll(serve.Out.Contents(), -1) }).Should(HaveLen(sessions))

		serve.Signal(syscall.SIGTERM)
		Eventually(serve).Should(gexec.Exit(0))

		log := string(serve.Out.Contents())
		Expect(regexp.MustCompile(`(?m) session\.open `).FindAllString(log, -1)).To(HaveLen(sessions))
		Expect(regexp.MustCompile(`(?m) session\.close .* "host shut down while the (command|shell) ran" exit=`).FindAllString(log, -1)).To(HaveLen(sessions))
		Expect(regexp.MustCompile(`(?m) conn\.close .* "host shut down"$`).FindAllString(log, -1)).To(HaveLen(sessions))
		files := must(filepath.Glob(filepath.Join(casts, "db01-conn*-session*.cast")))
		Expect(files).To(HaveLen(sessions))
		for _, f := range files {
			Expect(asciicast.Read(f)).Error().NotTo(HaveOccurred())
		}
	})

	It("exits on SIGTERM whatever its sessions run: a sed branch loop, a shell loop, yes", func() {
		serve := startServe("--addr", "127.0.0.1:0", "--control", "", "--hostname", "db01", "--quiet")
		addr := said(serve, `hostile: serving db01 \(debian12\) on (127\.0\.0\.1:\d+)`)

		for _, busy := range []string{"echo x | sed ':a;ba'", "while :; do :; done", "yes > /dev/null", "x=$(while :; do echo y; done | head -c 1)"} {
			s := must(login(addr).NewSession())
			Expect(s.Start(busy)).To(Succeed())
		}
		time.Sleep(500 * time.Millisecond) // each loop under way

		serve.Signal(syscall.SIGTERM)
		// The issue saw serve still running 5 s after SIGTERM; the suite's
		// minute leaves a loaded 2-core machine room while a loop that ignores
		// its session would keep serve for ever.
		Eventually(serve).Should(gexec.Exit(0))
	})
})

// login connects to a `hostile serve` host as ops with his password.
func login(addr string) *gossh.Client {
	c := must(gossh.Dial("tcp", addr, &gossh.ClientConfig{
		User: "ops", Auth: []gossh.AuthMethod{gossh.Password("ops")},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 5 * time.Second,
	}))
	DeferCleanup(func() { c.Close() }) // the host may have closed it first
	return c
}
