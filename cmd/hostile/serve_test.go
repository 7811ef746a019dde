package main_test

import (
	"os/exec"
	"path/filepath"
	"syscall"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gbytes"
	"github.com/onsi/gomega/gexec"

	"github.com/hostile-lab/hostile/harness/hostiletest"
)

var _ = Describe("hostile serve", func() {
	It("serves a host the OpenSSH client logs into, logs each event, and stops on SIGTERM with transcripts flushed", func() {
		casts := GinkgoT().TempDir()
		serve := startServe("--addr", "127.0.0.1:0", "--personality", "rhel7", "--hostname", "rhv01", "--transcripts", casts)
		port := said(serve, `hostile: serving rhv01 \(rhel7\) on 127\.0\.0\.1:(\d+)`)
		Eventually(serve.Out).Should(gbytes.Say(`ssh -p \d+ ops@127\.0\.0\.1\s+password: ops`))

		client := sshOps(port, "echo hi from $(hostname)")
		Eventually(client).Should(gexec.Exit(0))
		Expect(string(client.Out.Contents())).To(Equal("hi from rhv01\n"))

		Eventually(serve.Out).Should(gbytes.Say(`auth.ok .*user=ops`))
		Eventually(serve.Out).Should(gbytes.Say(`command .*argv=\["hostname"\] exit=0`))
		Eventually(serve.Out).Should(gbytes.Say(`session.close`))

		serve.Signal(syscall.SIGTERM)
		Eventually(serve).Should(gexec.Exit(0))
		Expect(must(filepath.Glob(filepath.Join(casts, "rhv01-conn*-session*.cast")))).To(HaveLen(1))
	})

	It("refuses a personality it does not know, listing the known ones", func() {
		s := hostileRun("serve", "--personality", "aix7")
		Expect(s).To(gexec.Exit(2))
		Expect(s.Err).To(gbytes.Say(`--personality: unknown personality "aix7" \(known: debian11, debian12, rhel7, solaris10-sparc\)`))
	})

	It("names an unknown command and shows the usage", func() {
		s := hostileRun("frobnicate")
		Expect(s).To(gexec.Exit(2))
		Expect(s.Err).To(gbytes.Say(`hostile: unknown command "frobnicate"`))
		Expect(s.Err).To(gbytes.Say(`serve\s+serve a simulated host`))
	})
})

func must[T any](v T, err error) T {
	Expect(err).NotTo(HaveOccurred())
	return v
}

var _ = Describe("hostile serve --target container", Label("container"), func() {
	It("serves the scenario's host as a real Debian container behind the fault proxy, and removes it on SIGINT", func() {
		hostiletest.NeedDocker()
		serve := startServe("--target", "container", "--scenario", "healthy-debian12", "--addr", "127.0.0.1:0")
		port := said(serve, `hostile: serving scenario healthy-debian12 \(debian12\) on 127\.0\.0\.1:(\d+)`)
		id := said(serve, `container ([0-9a-f]{12}) from hostile-os:bookworm-`)

		client := sshOps(port, "hostname; cat /etc/debian_version")
		Eventually(client).Should(gexec.Exit(0))
		Expect(string(client.Out.Contents())).To(MatchRegexp(`^app01\n12\.\d+\n$`))

		serve.Signal(syscall.SIGINT)
		Eventually(serve).Should(gexec.Exit(0))
		Expect(serve.Out).To(gbytes.Say("removing the containers"))
		out := must(exec.Command("docker", "ps", "-aq", "--filter", "id="+id).Output())
		Expect(string(out)).To(BeEmpty(), "the container is gone")
	})
})
