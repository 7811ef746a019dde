package main_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"syscall"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gbytes"
	"github.com/onsi/gomega/gexec"
)

var _ = Describe("hostile serve's own sandbox", Label("sandbox"), func() {
	It("restricts its process with Landlock once serving, says so, and still serves and writes transcripts", func() {
		casts, keys := GinkgoT().TempDir(), GinkgoT().TempDir()
		serve := startServe("--addr", "127.0.0.1:0", "--control", "", "--transcripts", casts, "--host-keys", keys)
		Eventually(serve.Out).Should(gbytes.Say(`hostile serve: sandbox: (Landlock ABI \d+|not restricted)`))
		if regexp.MustCompile(`sandbox: not restricted`).Match(serve.Out.Contents()) {
			Skip("this kernel has no Landlock; serve said so and runs unrestricted")
		}
		Expect(string(serve.Out.Contents())).To(ContainSubstring(
			"no program may be executed; writes only to " + casts + ", " + keys + "; reads only " + casts + ", " + keys + ", /proc/self; no outgoing TCP connection"))
		// Landlock needs no_new_privs, which every thread of the process now has.
		status := string(must(os.ReadFile("/proc/" + strconv.Itoa(serve.Command.Process.Pid) + "/status")))
		Expect(status).To(MatchRegexp(`NoNewPrivs:\s+1`))

		// serve announced its port before it restricted itself
		client := sshOps(found(serve, `127\.0\.0\.1:(\d+)`), "echo kept > /tmp/f; cat /tmp/f <(echo piped)")
		Eventually(client).Should(gexec.Exit(0))
		Expect(string(client.Out.Contents())).To(Equal("kept\npiped\n"))

		serve.Signal(syscall.SIGTERM)
		Eventually(serve).Should(gexec.Exit(0))
		Expect(must(filepath.Glob(filepath.Join(casts, "*.cast")))).To(HaveLen(1), "the transcript directory stays writable")
		Expect(must(os.ReadDir(keys))).NotTo(BeEmpty())
	})
})
