package main_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gbytes"
	"github.com/onsi/gomega/gexec"
)

// A product that runs what the simulated host does not emulate (programs a
// real Debian 12 host has: its package database lists them) must learn so
// wherever it looks: the event in serve's log (in its own colour), a note on
// the verdict, the JSON field and the JUnit output. A program the real host
// lacks too is not-found on both, and no note.
var _ = Describe("a product running a command the simulated host does not emulate", func() {
	It("is noted on the verdict, in the JSON and in JUnit", func() {
		dir := GinkgoT().TempDir()
		file := filepath.Join(dir, "unknown.yaml")
		Expect(os.WriteFile(file, []byte(`name: runs-unknown-programs
summary: A product's discovery runs programs the lab does not have.
host:
  personality: debian12
  users: [{name: app, password: app}]
stimulus:
  operation: run
  command: "perl -e 1; ptx --version; frobnicate; perl -v; true"
expect:
  outcome: success
reference: {legacy: pass, hardened: pass}
`), 0o644)).To(Succeed())
		junit := filepath.Join(dir, "out.xml")
		s := wholeHostileRun("replay", "--scenario", file, "--client", "legacy", "--json", "--junit", junit)
		Expect(s).To(gexec.Exit(0))
		var vs []struct {
			Verdict     string   `json:"verdict"`
			Why         []string `json:"why"`
			NotEmulated []struct {
				Program string `json:"program"`
				Count   int    `json:"count"`
			} `json:"not_emulated"`
		}
		Expect(json.Unmarshal(s.Out.Contents(), &vs)).To(Succeed())
		Expect(vs).To(HaveLen(1))
		v := vs[0]
		Expect(v.Verdict).To(Equal("pass"))
		note := "3 commands the simulated host does not emulate were run: perl (2), ptx (1): this verdict may not hold on a real host"
		Expect(v.Why).To(ContainElement(note))
		Expect(v.NotEmulated).To(HaveLen(2))
		Expect(v.NotEmulated[0].Program).To(Equal("perl"))
		Expect(v.NotEmulated[0].Count).To(Equal(2))
		Expect(os.ReadFile(junit)).To(ContainSubstring(note))
	})

	It("is a coloured line in serve's log", func() {
		cmd := exec.Command(hostile, "serve", "--addr", "127.0.0.1:0", "--control", "")
		cmd.Env = append(os.Environ(), "FORCE_COLOR=1")
		serve := startCmd(cmd)
		port := said(serve, `on 127\.0\.0\.1:(\d+)`)
		client := sshOps(port, "perl -v")
		Eventually(client).Should(gexec.Exit(127))
		Eventually(serve.Out).Should(gbytes.Say(`\x1b\[1;35m\S+ not-emulated .*user=ops .*"program /usr/bin/perl of package perl-base" argv=\["perl" "-v"\] exit=127\x1b\[0m`))
	})
})
