package events_test

import (
	"testing"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/hostile-lab/hostile/harness/hostiletest"
	"github.com/hostile-lab/hostile/simhost/events"
)

func TestEvents(t *testing.T) {
	hostiletest.RunSuite(t, "events")
}

var _ = Describe("an event log", func() {
	add := func(l *events.Log, n int) {
		for range n {
			l.Add(events.Event{Kind: events.ConnOpen})
		}
	}

	It("keeps every event by default, numbered from 1", func() {
		l := events.NewLog()
		add(l, 5000)
		Expect(l.Events()).To(HaveLen(5000))
		Expect(l.Events()[0].Seq).To(BeEquivalentTo(1))
	})

	It("keeps only the newest when told to retain N, and numbers on", func() {
		l := events.NewLog()
		l.Retain(100)
		add(l, 1000)
		got := l.Events()
		Expect(len(got)).To(BeNumerically(">=", 100))
		Expect(len(got)).To(BeNumerically("<=", 200))
		Expect(got[len(got)-1].Seq).To(BeEquivalentTo(1000))
		for i := 1; i < len(got); i++ {
			Expect(got[i].Seq).To(Equal(got[i-1].Seq+1), "consecutive")
		}
	})
})
