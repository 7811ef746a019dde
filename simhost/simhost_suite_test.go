package simhost_test

import (
	"os/exec"
	"testing"

	. "github.com/onsi/gomega"

	"github.com/hostile-lab/hostile/harness/hostiletest"
	"github.com/hostile-lab/hostile/simhost"
)

func TestSimhost(t *testing.T) {
	hostiletest.RunSuite(t, "Simulated host")
}

// startHost serves d on an ephemeral loopback port for one spec; ops (password
// ops) and root (password root) exist unless d says otherwise, all accepting
// the suite's key.
var startHost = hostiletest.StartHostWith

// openssh drives the real OpenSSH tools against a host.
var openssh = hostiletest.OpenSSH

// ssh runs the real OpenSSH client against h as user with args after the host.
func ssh(h *simhost.Host, user string, args ...string) *exec.Cmd {
	return openssh(h).SSH(user, args...)
}

// sshPassword logs in with a password only, typed by SSH_ASKPASS.
func sshPassword(h *simhost.Host, user, password string, args ...string) *exec.Cmd {
	return must(openssh(h).SSHPassword(user, password, args...))
}

// start runs cmd under gexec, its output also in the spec's log.
var start = hostiletest.Start

// clientConfig logs in as user with the suite's key, as a Go product would.
var clientConfig = hostiletest.ClientConfig

// dial opens an x/crypto client to a host as user with the suite's key.
var dial = hostiletest.Dial

func must[T any](v T, err error) T {
	Expect(err).NotTo(HaveOccurred())
	return v
}
