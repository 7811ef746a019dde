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
// waits of a minute, goleak at the end), with a client key of the suite's
// own, Key, in a directory removed when the suite ends.
func RunSuite(t *testing.T, description string) {
	id, err := harness.NewIdentity(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	key = id
	suite.Run(t, description)
}

// key is the running suite's client key.
var key *harness.Identity

// Key is the suite's client key: every user of a host StartHost serves
// accepts it, and OpenSSH, ClientConfig and Dial log in with it. RunSuite
// makes it, so a spec, not a package's variable, asks for it.
func Key() *harness.Identity {
	if key == nil {
		panic("hostiletest.Key: the suite was not run by hostiletest.RunSuite")
	}
	return key
}

// StartHost serves d until the spec ends, with specs active: a debian12 host
// db01 with root (password root) and ops (password ops) unless d says
// otherwise, every user accepting the suite's key.
func StartHost(d machine.Description, specs ...faults.Spec) *simhost.Host {
	ginkgo.GinkgoHelper()
	return startHost(d, specs, nil)
}

// StartHostWith is StartHost with no faults and the host's options.
func StartHostWith(d machine.Description, opts ...simhost.Option) *simhost.Host {
	ginkgo.GinkgoHelper()
	return startHost(d, nil, opts)
}

func startHost(d machine.Description, specs []faults.Spec, opts []simhost.Option) *simhost.Host {
	ginkgo.GinkgoHelper()
	if d.Hostname == "" {
		d.Hostname = "db01"
	}
	if len(d.Users) == 0 {
		d.Users = []machine.User{{Name: "root", Password: "root"}, {Name: "ops", Password: "ops"}}
	}
	h := Must(harness.StartHost(context.Background(), d, Key(), specs, opts...))
	ginkgo.DeferCleanup(h.Close)
	return h
}

// Server is what serves SSH: a *simhost.Host, a harness.Target.
type Server interface{ Addr() string }

// OpenSSH drives the real OpenSSH tools against s with the suite's key,
// from a directory of the spec's (removed when it ends).
func OpenSSH(s Server) *harness.OpenSSH {
	ginkgo.GinkgoHelper()
	host, port, err := net.SplitHostPort(s.Addr())
	gomega.Expect(err).NotTo(gomega.HaveOccurred())
	return &harness.OpenSSH{Host: host, Port: Must(strconv.Atoi(port)), Identity: Key(), Dir: ginkgo.GinkgoT().TempDir()}
}

// ClientConfig logs in as user with the suite's key, as a Go product would.
func ClientConfig(user string) *gossh.ClientConfig {
	return &gossh.ClientConfig{
		User:            user,
		Auth:            []gossh.AuthMethod{gossh.PublicKeys(Key().Signer)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(),
		Timeout:         5 * time.Second,
	}
}

// Dial opens an x/crypto client to s as user with the suite's key; it is
// closed when the spec ends, if the spec has not closed it already.
func Dial(s Server, user string) *gossh.Client {
	ginkgo.GinkgoHelper()
	c := Must(gossh.Dial("tcp", s.Addr(), ClientConfig(user)))
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
