package hostilecontainer_test

import (
	"context"
	"os/exec"
	"testing"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	gossh "golang.org/x/crypto/ssh"

	"github.com/hostile-lab/hostile/harness"
	"github.com/hostile-lab/hostile/harness/hostiletest"
	"github.com/hostile-lab/hostile/hostilecontainer"
	"github.com/hostile-lab/hostile/scenarios"
	"github.com/hostile-lab/hostile/simhost/events"
	"github.com/hostile-lab/hostile/simhost/faults"
)

func TestHostileContainer(t *testing.T) {
	hostiletest.RunSuite(t, "hostilecontainer")
}

// needImage skips (or, under HOSTILE_REQUIRE_DOCKER=1, fails) without an
// engine or without the lab's image, which `make image` builds.
func needImage() {
	hostiletest.NeedDocker()
	if exec.Command("docker", "image", "inspect", hostilecontainer.DefaultImage).Run() != nil {
		msg := "no image " + hostilecontainer.DefaultImage + ": run make image"
		if harness.DockerRequired() {
			Fail(msg + "; HOSTILE_REQUIRE_DOCKER=1 says container specs must run")
		}
		Skip(msg)
	}
}

var _ = Describe("the lab as a container", Label("container"), func() {
	It("serves a scenario's host, takes faults at run time and judges a product driven from outside", func(ctx SpecContext) {
		needImage()
		lab, err := hostilecontainer.Run(ctx, "", hostilecontainer.WithScenario("rm-alias-solaris"))
		Expect(err).NotTo(HaveOccurred())
		DeferCleanup(func() { Expect(lab.Terminate(context.Background())).To(Succeed()) })

		addr, err := lab.SSHAddr(ctx)
		Expect(err).NotTo(HaveOccurred())
		user, password := lab.Credentials()
		client, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{User: user, Auth: []gossh.AuthMethod{gossh.Password(password)},
			HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: time.Minute})
		Expect(err).NotTo(HaveOccurred())
		DeferCleanup(client.Close)

		// 001's product: rm -f with stdin held open, behind an alias to rm -i.
		s, err := client.NewSession()
		Expect(err).NotTo(HaveOccurred())
		_, err = s.StdinPipe()
		Expect(err).NotTo(HaveOccurred())
		Expect(s.Start("rm -f /export/home/oracle/logs/arch_1.log")).To(Succeed())
		Eventually(func(g Gomega) {
			v, err := lab.Verdict(ctx, nil)
			g.Expect(err).NotTo(HaveOccurred())
			g.Expect(v.Verdict).To(Equal(scenarios.Fail))
			g.Expect(v.Why).To(ContainElement(ContainSubstring("1 of them blocked reading input")))
		}).WithContext(ctx).Should(Succeed())

		Expect(lab.AddFault(ctx, faults.Spec{Type: "command-override", Name: "df-hangs",
			Params: map[string]any{"match": "^df", "stdout": "faulted\n"}})).To(Succeed())
		out, err := run(client, "df")
		Expect(err).NotTo(HaveOccurred())
		Expect(out).To(Equal("faulted\n"))
		// Every field the host recorded arrives: the fault's type, and the
		// bytes of df's session once it closes.
		Eventually(func(g Gomega) {
			evs, err := lab.Events(ctx)
			g.Expect(err).NotTo(HaveOccurred())
			g.Expect(evs).To(ContainElement(And(HaveField("Kind", events.FaultFired), HaveField("FaultType", "command-override"))))
			g.Expect(evs).To(ContainElement(And(HaveField("Kind", events.SessionClose), HaveField("BytesOut", int64(len("faulted\n"))))))
		}).WithContext(ctx).Should(Succeed())
	}, NodeTimeout(5*time.Minute))
})

func run(c *gossh.Client, cmd string) (string, error) {
	s, err := c.NewSession()
	if err != nil {
		return "", err
	}
	defer s.Close()
	out, err := s.Output(cmd)
	return string(out), err
}
