package faults_test

import (
	"context"
	"os/exec"
	"testing"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gexec"
	"go.uber.org/goleak"
	gossh "golang.org/x/crypto/ssh"

	"github.com/hostile-lab/hostile/harness"
	"github.com/hostile-lab/hostile/harness/hostiletest"
	"github.com/hostile-lab/hostile/simhost"
	"github.com/hostile-lab/hostile/simhost/faults"
	"github.com/hostile-lab/hostile/simhost/machine"
)

func TestFaults(t *testing.T) {
	defer goleak.VerifyNone(t, hostiletest.GinkgoGoroutines...)
	RegisterFailHandler(Fail)
	// A busy machine takes seconds to start a process or answer: waits are for
	// behaviour, not speed (a spec that fails still fails, a minute later).
	SetDefaultEventuallyTimeout(time.Minute)
	RunSpecs(t, "Faults")
}

// clientKey is the client's identity for every spec: every user accepts it.
var clientKey *harness.Identity

var _ = BeforeSuite(func() {
	clientKey = must(harness.NewIdentity(GinkgoT().TempDir()))
})

// startHost serves d (debian12 with root/root and ops/ops unless d says
// otherwise, all accepting the client key) with the given faults active.
func startHost(d machine.Description, specs ...faults.Spec) *simhost.Host {
	if d.Hostname == "" {
		d.Hostname = "db01"
	}
	if len(d.Users) == 0 {
		d.Users = []machine.User{{Name: "root", Password: "root"}, {Name: "ops", Password: "ops"}}
	}
	h, err := harness.StartHost(context.Background(), d, clientKey, specs)
	Expect(err).NotTo(HaveOccurred())
	DeferCleanup(h.Close)
	return h
}

// openssh drives the real OpenSSH tools against h.
func openssh(h *simhost.Host) *harness.OpenSSH {
	return &harness.OpenSSH{Host: "127.0.0.1", Port: h.Port(), Identity: clientKey, Dir: GinkgoT().TempDir()}
}

// start runs cmd under gexec, its output also in the spec's log; it is killed
// at the end of the spec.
func start(cmd *exec.Cmd) *gexec.Session {
	s, err := gexec.Start(cmd, GinkgoWriter, GinkgoWriter)
	Expect(err).NotTo(HaveOccurred())
	DeferCleanup(func() { s.Kill().Wait(5 * time.Second) })
	return s
}

// clientConfig logs in as user with the test key, as a Go product would.
func clientConfig(user string) *gossh.ClientConfig {
	return &gossh.ClientConfig{
		User:            user,
		Auth:            []gossh.AuthMethod{gossh.PublicKeys(clientKey.Signer)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(),
		Timeout:         5 * time.Second,
	}
}

// dial opens an x/crypto client to h as user with the test key.
func dial(h *simhost.Host, user string) *gossh.Client {
	c, err := gossh.Dial("tcp", h.Addr(), clientConfig(user))
	Expect(err).NotTo(HaveOccurred())
	DeferCleanup(c.Close)
	return c
}

func must[T any](v T, err error) T {
	Expect(err).NotTo(HaveOccurred())
	return v
}
