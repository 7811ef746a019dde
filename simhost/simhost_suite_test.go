package simhost_test

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
	"github.com/hostile-lab/hostile/simhost/machine"
)

func TestSimhost(t *testing.T) {
	hostiletest.RunSuite(t, "Simulated host")
}

// clientKey is the client's identity for every spec: every user accepts it.
var clientKey = hostiletest.SuiteIdentity()

// startHost serves d on an ephemeral loopback port for one spec; ops (password
// ops) and root (password root) exist unless d says otherwise, all accepting
// the client key.
func startHost(d machine.Description, opts ...simhost.Option) *simhost.Host {
	GinkgoHelper()
	return hostiletest.StartHost(d, clientKey, nil, opts...)
}

// openssh drives the real OpenSSH tools against h.
func openssh(h *simhost.Host) *harness.OpenSSH {
	GinkgoHelper()
	return hostiletest.OpenSSH(h.Addr(), clientKey)
}

// ssh runs the real OpenSSH client against h as user with args after the host.
func ssh(h *simhost.Host, user string, args ...string) *exec.Cmd {
	return openssh(h).SSH(user, args...)
}

// sshPassword logs in with a password only, typed by SSH_ASKPASS.
func sshPassword(h *simhost.Host, user, password string, args ...string) *exec.Cmd {
	return must(openssh(h).SSHPassword(user, password, args...))
}

// start runs cmd under gexec, its output also in the spec's log.
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
