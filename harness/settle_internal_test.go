package harness

import (
	"context"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
)

// slowCounter is a target whose session count takes a while, as docker exec
// on a busy machine does, and whose sessions close one per three counts.
type slowCounter struct {
	Target
	open, calls int
	takes       time.Duration
	stuck       bool // its sessions never close
}

func (c *slowCounter) OpenSessions(context.Context) (int, error) {
	time.Sleep(c.takes)
	c.calls++
	if !c.stuck && c.calls%3 == 0 && c.open > 0 {
		c.open--
	}
	return c.open, nil
}

var _ = Describe("counting the sessions left open", func() {
	It("waits as long as five of the target's own counts, so sessions a slow machine closes slowly are not counted as left open", func(ctx SpecContext) {
		// Two counts of 600ms without a close stand still for more than the
		// 1s settle, less than five counts.
		c := &slowCounter{open: 3, takes: 600 * time.Millisecond}
		open, _, err := settleSessions(ctx, c, 0, time.Second)
		Expect(err).NotTo(HaveOccurred())
		Expect(open).To(Equal(0))
	})
	It("still gives up on sessions that never close", func(ctx SpecContext) {
		c := &slowCounter{open: 2, stuck: true}
		open, waited, err := settleSessions(ctx, c, 0, 300*time.Millisecond)
		Expect(err).NotTo(HaveOccurred())
		Expect(open).To(Equal(2))
		Expect(waited).To(BeNumerically(">=", 300*time.Millisecond))
	})
})
