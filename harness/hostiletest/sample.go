package hostiletest

import (
	"sync"
	"time"
)

// SampleMost samples count every 10 ms until the returned func is first
// called, which answers the most it saw (and the same on later calls): the
// peak of a process table while a fork bomb runs, which no single read sees.
func SampleMost(count func() int) func() int {
	quit, done := make(chan struct{}), make(chan int)
	go func() {
		most := count()
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-quit:
				done <- max(most, count())
				return
			case <-tick.C:
				most = max(most, count())
			}
		}
	}()
	return sync.OnceValue(func() int {
		close(quit)
		return <-done
	})
}
