package suites_test

import (
	"context"
	"errors"
	"fmt"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/hostile-lab/hostile/harness"
	"github.com/hostile-lab/hostile/harness/hostiletest"
	"github.com/hostile-lab/hostile/internal/syncbuf"
	"github.com/hostile-lab/hostile/product"
	"github.com/hostile-lab/hostile/scenarios"
)

// Every scenario of the library, against both profiles of the reference client:
// each verdict must be the one the scenario's reference gives.
// On a container target, the scenarios a real OS can express run the same way;
// those replays overlap (overlap_test.go), each on its own container, but
// none beside one whose verdict compares durations (expect.within_factor).
var _ = Describe(libraryDescribe, Ordered, ContinueOnFailure, Label("library"), func() {
	var runs *overlap[libraryOutcome]
	var jobs []overlapJob[libraryOutcome]
	for _, tg := range targets {
		table := "on a " + tg.kind + " host, gives each client the verdict its reference says"
		var entries []TableEntry
		for _, name := range scenarios.Names() {
			for _, p := range []product.Profile{product.Legacy, product.Hardened} {
				entry := name + " / " + string(p)
				entries = append(entries, Entry(entry, tg.labels, name, p))
				if tg.kind == "container" {
					jobs = append(jobs, overlapJob[libraryOutcome]{key: libraryDescribe + " " + table + " " + entry,
						alone: comparesDurations(name), run: replayOnContainer(name, p)})
				}
			}
		}
		DescribeTable(table,
			func(ctx SpecContext, name string, p product.Profile) {
				s := scenario(name)
				var v harness.Verdict
				if tg.kind == "container" {
					hostiletest.NeedDocker()
					out, log, err := runs.result(ctx, libraryDescribe+" "+table+" "+name+" / "+string(p), replayOnContainer(name, p))
					fmt.Fprint(GinkgoWriter, log)
					Expect(err).NotTo(HaveOccurred())
					if out.skip != "" {
						Skip(out.skip)
					}
					Expect(out.err).NotTo(HaveOccurred())
					v = out.verdict
				} else {
					t := start(tg.kind, s)
					runs.hold(comparesDurations(name), func() {
						v = harness.Replay(context.Background(), s, t, harness.GoClients(p), twin(tg.kind, p))
					})
				}
				Expect(v.AsExpected()).To(BeTrue(), "%s against %s: got %s, reference says %s: %v", name, p, v.Result(), v.Expected, v.Why)
			},
			entries,
		)
	}

	BeforeAll(func() {
		if harness.RequireDocker() != nil {
			return // each container spec skips, or fails under HOSTILE_REQUIRE_DOCKER=1
		}
		runs = startOverlap(chosen(jobs, []string{"library", "container"}), libraryParallelRuns)
		DeferCleanup(runs.stop)
	})
})

const libraryDescribe = "the scenario library"

// libraryParallelRuns is how many container replays overlap: each mostly
// waits on its container's sshd.
const libraryParallelRuns = 3

// libraryOutcome is what a replay on a container came to: a verdict, or the
// reason a real OS cannot express the scenario, or an error.
type libraryOutcome struct {
	verdict harness.Verdict
	skip    string
	err     error
}

// comparesDurations says whether the scenario's verdict compares its time
// with its healthy twin's (expect.within_factor): such a replay runs alone.
func comparesDurations(name string) bool {
	s, err := scenarios.Get(name)
	return err == nil && s.Expect.WithinFactor > 0
}

// replayOnContainer replays scenario name against profile p on a container of
// its own, removed after.
func replayOnContainer(name string, p product.Profile) func(ctx context.Context, log *syncbuf.Buffer) libraryOutcome {
	return func(ctx context.Context, _ *syncbuf.Buffer) libraryOutcome {
		s, err := scenarios.Get(name)
		if err != nil {
			return libraryOutcome{err: err}
		}
		t, err := harness.StartTarget(ctx, "container", s, hostiletest.Key())
		var ne *harness.NotExpressibleError
		if errors.As(err, &ne) {
			return libraryOutcome{skip: ne.Error()}
		}
		if err != nil {
			return libraryOutcome{err: err}
		}
		v := harness.Replay(ctx, s, t, harness.GoClients(p), twin("container", p))
		return libraryOutcome{verdict: v, err: t.Close()}
	}
}
