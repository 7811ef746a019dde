package hostiletest

import (
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/gomega"
	"github.com/onsi/gomega/gexec"
	gossh "golang.org/x/crypto/ssh"

	"github.com/hostile-lab/hostile/harness"
	"github.com/hostile-lab/hostile/harness/hostiletest/suite"
	"github.com/hostile-lab/hostile/simhost"
	"github.com/hostile-lab/hostile/simhost/faults"
	"github.com/hostile-lab/hostile/simhost/machine"
)

// RunSuite runs a package's specs as every suite of the lab does (suite.Run:
// waits of a minute, goleak at the end).
func RunSuite(t *testing.T, description string) { suite.Run(t, description) }

// SuiteIdentity is a suite's client key, the one StartHost's users accept:
// `var clientKey = hostiletest.SuiteIdentity()`. It is made by a BeforeSuite
// it registers (so the suite has none of its own), in a directory removed
// after the suite, and is empty until then.
func SuiteIdentity() *harness.Identity {
	id := new(harness.Identity)
	ginkgo.BeforeSuite(func() {
		*id = *Must(harness.NewIdentity(ginkgo.GinkgoT().TempDir()))
	})
	return id
}

// StartHost serves d until the spec ends, with specs active: a debian12 host
// db01 with root (password root) and ops (password ops) unless d says
// otherwise, every user accepting key.
func StartHost(d machine.Description, key *harness.Identity, specs []faults.Spec, opts ...simhost.Option) *simhost.Host {
	ginkgo.GinkgoHelper()
	if d.Hostname == "" {
		d.Hostname = "db01"
	}
	if len(d.Users) == 0 {
		d.Users = []machine.User{{Name: "root", Password: "root"}, {Name: "ops", Password: "ops"}}
	}
	h := Must(harness.StartHost(context.Background(), d, key, specs, opts...))
	ginkgo.DeferCleanup(h.Close)
	return h
}

// OpenSSH drives the real OpenSSH tools against addr with key, from a
// directory of the spec's (removed when it ends).
func OpenSSH(addr string, key *harness.Identity) *harness.OpenSSH {
	ginkgo.GinkgoHelper()
	host, port, err := net.SplitHostPort(addr)
	gomega.Expect(err).NotTo(gomega.HaveOccurred())
	return &harness.OpenSSH{Host: host, Port: Must(strconv.Atoi(port)), Identity: key, Dir: ginkgo.GinkgoT().TempDir()}
}

// ClientConfig logs in as user with key, as a Go product would.
func ClientConfig(user string, key *harness.Identity) *gossh.ClientConfig {
	return &gossh.ClientConfig{
		User:            user,
		Auth:            []gossh.AuthMethod{gossh.PublicKeys(key.Signer)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(),
		Timeout:         5 * time.Second,
	}
}

// Dial opens an x/crypto client to addr as user with key; it is closed when
// the spec ends, if the spec has not closed it already.
func Dial(addr, user string, key *harness.Identity) *gossh.Client {
	ginkgo.GinkgoHelper()
	c := Must(gossh.Dial("tcp", addr, ClientConfig(user, key)))
	ginkgo.DeferCleanup(func() { c.Close() })
	return c
}

// Start runs cmd under gexec, its output also in the spec's log; it is
// killed when the spec ends.
func Start(cmd *exec.Cmd) *gexec.Session {
	ginkgo.GinkgoHelper()
	s := Must(gexec.Start(cmd, ginkgo.GinkgoWriter, ginkgo.GinkgoWriter))
	ginkgo.DeferCleanup(func() { s.Kill().Wait(5 * time.Second) })
	return s
}

// WriteTemp writes data to a file called name in a directory of the spec's
// (removed when it ends), with permissions perm, and returns its path.
func WriteTemp[T ~string | ~[]byte](name string, data T, perm os.FileMode) string {
	ginkgo.GinkgoHelper()
	file := filepath.Join(ginkgo.GinkgoT().TempDir(), name)
	gomega.Expect(os.WriteFile(file, []byte(data), perm)).To(gomega.Succeed())
	return file
}

// Must is v, failing the spec when err is not nil.
func Must[T any](v T, err error) T {
	ginkgo.GinkgoHelper()
	gomega.Expect(err).NotTo(gomega.HaveOccurred())
	return v
}
