package harness_test

import (
	"context"
	"sync"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/hostile-lab/hostile/harness"
	"github.com/hostile-lab/hostile/scenarios"
	"github.com/hostile-lab/hostile/simhost"
)

var _ = Describe("the kinds of target", func() {
	It("knows the simulated host and the container, and names them when asked for another", func() {
		Expect(harness.TargetKinds()).To(Equal([]string{"container", "simulated"}))
		_, err := harness.LookupTarget("vm")
		Expect(err).To(MatchError(`unknown target kind "vm"; known kinds: container, simulated`))
		_, err = harness.StartTarget(context.Background(), "vm", &scenarios.Scenario{}, nil)
		Expect(err).To(MatchError(ContainSubstring(`unknown target kind "vm"`)))
	})

	It("refuses a kind registered twice", func() {
		none := func(context.Context, *scenarios.Scenario, *harness.Identity, ...simhost.Option) (harness.Target, error) {
			return nil, nil
		}
		Expect(func() { harness.RegisterTarget("simulated", none) }).To(PanicWith("harness: target kind registered twice: simulated"))
	})
})

var _ = Describe("ForEach", func() {
	It("calls every index once, never more than the limit at once", func() {
		var mu sync.Mutex
		running, most := 0, 0
		calls := make([]int, 20)
		// Each call waits until a second is running, so the limit is reached
		// whatever the scheduler does; it is never passed.
		enough := make(chan struct{})
		var once sync.Once
		harness.ForEach(context.Background(), len(calls), 3, func(i int) {
			mu.Lock()
			running++
			most = max(most, running)
			calls[i]++
			if running == 2 {
				once.Do(func() { close(enough) })
			}
			mu.Unlock()
			<-enough
			mu.Lock()
			running--
			mu.Unlock()
		})
		Expect(calls).To(HaveEach(1))
		Expect(most).To(BeNumerically("<=", 3))
		Expect(most).To(BeNumerically(">=", 2))
	})

	It("starts nothing more once its context ends, and waits for what runs", func() {
		ctx, cancel := context.WithCancel(context.Background())
		var mu sync.Mutex
		var called []int
		harness.ForEach(ctx, 10, 1, func(i int) {
			mu.Lock()
			called = append(called, i)
			mu.Unlock()
			if i == 2 {
				cancel()
			}
		})
		Expect(called).To(Equal([]int{0, 1, 2}))
	})
})
