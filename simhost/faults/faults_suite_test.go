package faults_test

import (
	"os/exec"
	"testing"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gexec"
	gossh "golang.org/x/crypto/ssh"

	"github.com/hostile-lab/hostile/harness"
	"github.com/hostile-lab/hostile/harness/hostiletest"
	"github.com/hostile-lab/hostile/simhost"
	"github.com/hostile-lab/hostile/simhost/faults"
	"github.com/hostile-lab/hostile/simhost/machine"
)

func TestFaults(t *testing.T) {
	hostiletest.RunSuite(t, "Faults")
}

// clientKey is the client's identity for every spec: every user accepts it.
var clientKey = hostiletest.SuiteIdentity()

// startHost serves d (debian12 with root/root and ops/ops unless d says
// otherwise, all accepting the client key) with the given faults active.
func startHost(d machine.Description, specs ...faults.Spec) *simhost.Host {
	GinkgoHelper()
	return hostiletest.StartHost(d, clientKey, specs)
}

// openssh drives the real OpenSSH tools against h.
func openssh(h *simhost.Host) *harness.OpenSSH {
	GinkgoHelper()
	return hostiletest.OpenSSH(h.Addr(), clientKey)
}

// start runs cmd under gexec, its output also in the spec's log; it is killed
// at the end of the spec.
func start(cmd *exec.Cmd) *gexec.Session { GinkgoHelper(); return hostiletest.Start(cmd) }

// clientConfig logs in as user with the test key, as a Go product would.
func clientConfig(user string) *gossh.ClientConfig { return hostiletest.ClientConfig(user, clientKey) }

// dial opens an x/crypto client to h as user with the test key.
func dial(h *simhost.Host, user string) *gossh.Client {
	GinkgoHelper()
	return hostiletest.Dial(h.Addr(), user, clientKey)
}

func must[T any](v T, err error) T {
	Expect(err).NotTo(HaveOccurred())
	return v
}
