package product_test

import (
	"context"
	"testing"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"go.uber.org/goleak"

	"github.com/hostile-lab/hostile/harness"
	"github.com/hostile-lab/hostile/harness/hostiletest"
	"github.com/hostile-lab/hostile/product"
	"github.com/hostile-lab/hostile/simhost"
	"github.com/hostile-lab/hostile/simhost/faults"
	"github.com/hostile-lab/hostile/simhost/machine"
)

func TestProduct(t *testing.T) {
	defer goleak.VerifyNone(t, hostiletest.GinkgoGoroutines...)
	RegisterFailHandler(Fail)
	// A busy machine takes seconds to start a process or answer: waits are for
	// behaviour, not speed (a spec that fails still fails, a minute later).
	SetDefaultEventuallyTimeout(time.Minute)
	RunSpecs(t, "Reference product client")
}

var identity *harness.Identity

var _ = BeforeSuite(func() {
	var err error
	identity, err = harness.NewIdentity(GinkgoT().TempDir())
	Expect(err).NotTo(HaveOccurred())
})

// host serves d with the given faults; every user accepts the test identity.
func host(d machine.Description, specs ...faults.Spec) *simhost.Host {
	h, err := harness.StartHost(context.Background(), d, identity, specs)
	Expect(err).NotTo(HaveOccurred())
	DeferCleanup(h.Close)
	return h
}

// client connects to h as user with a profile; it is closed after the spec.
func client(h *simhost.Host, user string, profile product.Profile) *product.Client {
	c := product.New(product.Config{Addr: h.Addr(), User: user, Signer: identity.Signer, Profile: profile,
		CommandTimeout: 2 * time.Second, KeepAlive: time.Second})
	DeferCleanup(c.Close)
	return c
}
