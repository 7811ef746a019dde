package harness_test

import (
	"bytes"
	"context"
	"errors"
	"os/exec"
	"strconv"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gbytes"
	"github.com/onsi/gomega/gexec"

	"github.com/hostile-lab/hostile/docker"
	"github.com/hostile-lab/hostile/harness"
	"github.com/hostile-lab/hostile/harness/hostiletest"
	"github.com/hostile-lab/hostile/product"
	"github.com/hostile-lab/hostile/scenarios"
	"github.com/hostile-lab/hostile/simhost/faults"
)

// The container target: a real Debian with real sshd, configured as a scenario
// says, driven here with the real OpenSSH client.
var _ = Describe("a container target", Label("container"), func() {
	var id *harness.Identity
	ctx := context.Background()

	BeforeEach(func() {
		hostiletest.NeedDocker()
		var err error
		id, err = harness.NewIdentity(GinkgoT().TempDir())
		Expect(err).NotTo(HaveOccurred())
	})

	start := func(name string, edit ...func(*scenarios.Scenario)) (*harness.ContainerTarget, *harness.OpenSSH) {
		GinkgoHelper()
		s, err := scenarios.Get(name)
		Expect(err).NotTo(HaveOccurred())
		for _, e := range edit {
			e(s)
		}
		t, err := harness.StartContainer(ctx, s, id, harness.WithBuildLog(GinkgoWriter))
		Expect(err).NotTo(HaveOccurred())
		DeferCleanup(func() {
			Expect(t.Close()).To(Succeed())
			Expect(containers("id="+t.ID())).To(BeEmpty(), "the container is removed")
		})
		host, port, _ := strings.Cut(t.Addr(), ":")
		p, _ := strconv.Atoi(port)
		return t, &harness.OpenSSH{Host: host, Port: p, Identity: id, Dir: GinkgoT().TempDir()}
	}

	run := func(cmd *exec.Cmd) (stdout, stderr string, exit int) {
		GinkgoHelper()
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		err := cmd.Run()
		var ee *exec.ExitError
		if err != nil && !errors.As(err, &ee) {
			Fail(err.Error())
		}
		return out.String(), errb.String(), cmd.ProcessState.ExitCode()
	}

	It("is the scenario's host: its users log in with their password or the harness's key, on the glibc of its base", func() {
		t, ssh := start("old-glibc-push")
		Expect(t.Kind()).To(Equal("container"))
		Expect(t.Image).To(HavePrefix(docker.Repository + ":bullseye-"))
		out, stderr, code := run(ssh.SSH("app", "id -un; hostname; getconf GNU_LIBC_VERSION"))
		Expect(code).To(Equal(0), stderr)
		Expect(out).To(Equal("app\nbuild01\nglibc 2.31\n"))

		cmd, err := ssh.SSHPassword("app", t.Credentials("app").Password, "echo", "by password")
		Expect(err).NotTo(HaveOccurred())
		out, stderr, code = run(cmd)
		Expect(code).To(Equal(0), stderr)
		Expect(out).To(Equal("by password\n"))
		Eventually(func() (int, error) { return t.OpenSessions(ctx) }).Should(BeZero())
	})

	It("refuses a helper linked against a newer glibc with the real loader's words, and runs the one that fits", func() {
		t, _ := start("old-glibc-push")
		s, _ := scenarios.Get("old-glibc-push")
		v := harness.Replay(ctx, s, t, harness.GoClients(product.Legacy))
		Expect(v.Pass).To(BeFalse())
		Expect(v.Why).To(ContainElement(ContainSubstring("version `GLIBC_2.34' not found")))
		v = harness.Replay(ctx, s, t, harness.GoClients(product.Hardened))
		Expect(v.Pass).To(BeTrue(), "%v", v.Why)
	})

	It("prompts on rm -f under the Solaris rule and the rc file's alias, holding the session open", func() {
		t, ssh := start("rm-alias-solaris")
		Expect(t.Glob(ctx, "/export/home/oracle/logs/arch_1*.log")).To(HaveLen(111))
		cmd := ssh.SSH("oracle", "rm -f /export/home/oracle/logs/arch_1.log")
		stdin, err := cmd.StdinPipe() // held open, as the product held it
		Expect(err).NotTo(HaveOccurred())
		defer stdin.Close()
		sess, err := gexec.Start(cmd, GinkgoWriter, GinkgoWriter)
		Expect(err).NotTo(HaveOccurred())
		Eventually(sess.Err).Should(gbytes.Say(`rm: remove regular file '/export/home/oracle/logs/arch_1.log'\? `))
		Consistently(sess, "1s").ShouldNot(gexec.Exit())
		Expect(t.OpenSessions(ctx)).To(Equal(1))
		sess.Kill()
		Eventually(func() (int, error) { return t.OpenSessions(ctx) }).Should(BeZero())
		Expect(t.Glob(ctx, "/export/home/oracle/logs/arch_1.log")).To(HaveLen(1), "the file stays")

		// \rm skips the alias; the shim alone keeps -f.
		_, stderr, code := run(ssh.SSH("oracle", `\rm -f /export/home/oracle/logs/arch_2.log`))
		Expect(code).To(Equal(0), stderr)
		Expect(t.Glob(ctx, "/export/home/oracle/logs/arch_2.log")).To(BeEmpty())
	})

	// The 004 escalation's RHEL 7 printed the banner before the output; sudo
	// 1.9.13 (bookworm) and 1.9.5 (bullseye) were seen here to print
	// pam_exec's `stdout` text after the command's output.
	It("prints the PAM banner on sudo's stdout, in the middle of pvs's report as far as a parser is concerned", func() {
		_, ssh := start("sudo-pam-lastlog")
		out, stderr, code := run(ssh.SSH("vdsm", "sudo -n /sbin/pvs "+product.PVSArgs[0]))
		Expect(code).To(Equal(0), stderr)
		Expect(strings.Split(out, "\n")).To(ContainElements(
			"Last login: Fri Dec 28 21:41:33 EST 2018 on pts/0",
			HavePrefix("  /dev/mapper/36001405121e8fa462d6e85bda6a31787|0af5ac87-0692-4534-b582-40df4a7a0305|"),
		))
		out, _, _ = run(ssh.SSH("vdsm", "sudo -n id -un"))
		Expect(out).To(ContainSubstring("Last login: Fri Dec 28 21:41:33 EST 2018 on pts/0\n"), "real PAM prints it for every sudo")
	})

	It("applies transport faults on its proxy, in front of the real sshd", func() {
		t, ssh := start("healthy-debian12")
		_, err := t.Faults().Add(faults.Spec{Name: "silent", Type: "blackhole"})
		Expect(err).NotTo(HaveOccurred())
		_, stderr, code := run(ssh.SSH("app", "true"))
		Expect(code).To(Equal(255))
		Expect(stderr).To(ContainSubstring("Connection timed out during banner exchange"))
		Expect(t.Faults().Remove("silent")).To(Succeed())
		out, stderr, code := run(ssh.SSH("app", "echo", "through"))
		Expect(code).To(Equal(0), stderr)
		Expect(out).To(Equal("through\n"))
	})

	It("names everything in a scenario that a real OS cannot express, and starts nothing", func() {
		s, err := scenarios.Get("no-exit-status")
		Expect(err).NotTo(HaveOccurred())
		_, err = harness.StartContainer(ctx, s, id)
		var ne *harness.NotExpressibleError
		Expect(errors.As(err, &ne)).To(BeTrue(), "%v", err)
		Expect(ne.Reasons).To(ContainElement(ContainSubstring("fault no-exit-status: it changes how SSH channels end, inside the encryption")))
		Expect(containers("label=" + docker.Label + "=" + s.Name)).To(BeEmpty())
	})
})

// containers lists the containers (running or not) that match a docker ps filter.
func containers(filter string) []string {
	out, err := exec.Command("docker", "ps", "-aq", "--filter", filter).Output()
	Expect(err).NotTo(HaveOccurred())
	return strings.Fields(string(out))
}
