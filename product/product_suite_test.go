package product_test

import (
	"testing"
	"time"

	. "github.com/onsi/ginkgo/v2"

	"github.com/hostile-lab/hostile/harness/hostiletest"
	"github.com/hostile-lab/hostile/product"
	"github.com/hostile-lab/hostile/simhost"
)

func TestProduct(t *testing.T) {
	hostiletest.RunSuite(t, "Reference product client")
}

// host serves d with the given faults; every user accepts the suite's key.
var host = hostiletest.StartHost

// client connects to h as user with a profile; it is closed after the spec.
func client(h *simhost.Host, user string, profile product.Profile) *product.Client {
	c := product.New(product.Config{Addr: h.Addr(), User: user, Signer: hostiletest.Key().Signer, Profile: profile,
		CommandTimeout: 2 * time.Second, KeepAlive: time.Second})
	DeferCleanup(c.Close)
	return c
}
