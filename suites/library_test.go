package suites_test

import (
	"context"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/hostile-lab/hostile/harness"
	"github.com/hostile-lab/hostile/product"
	"github.com/hostile-lab/hostile/scenarios"
)

// Every scenario of the library, against both profiles of the reference client:
// each verdict must be the one the scenario's reference gives.
// On a container target, the scenarios a real OS can express run the same way.
var _ = Describe("the scenario library", Label("library"), func() {
	for _, tg := range targets {
		var entries []TableEntry
		for _, name := range scenarios.Names() {
			for _, p := range []product.Profile{product.Legacy, product.Hardened} {
				entries = append(entries, Entry(name+" / "+string(p), tg.labels, name, p))
			}
		}
		DescribeTable("on a "+tg.kind+" host, gives each client the verdict its reference says",
			func(name string, p product.Profile) {
				s := scenario(name)
				v := harness.Replay(context.Background(), s, start(tg.kind, s), harness.GoClients(p), twin(tg.kind, p))
				Expect(v.AsExpected()).To(BeTrue(), "%s against %s: got %s, reference says %s: %v", name, p, v.Result(), v.Expected, v.Why)
			},
			entries,
		)
	}
})
