package events_test

import (
	"testing"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"go.uber.org/goleak"

	"github.com/hostile-lab/hostile/simhost/events"
)

func TestEvents(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreTopFunction("github.com/onsi/ginkgo/v2/internal/interrupt_handler.(*InterruptHandler).registerForInterrupts.func2"))
	RegisterFailHandler(Fail)
	// A busy machine takes seconds to start a process or answer: waits are for
	// behaviour, not speed (a spec that fails still fails, a minute later).
	SetDefaultEventuallyTimeout(time.Minute)
	RunSpecs(t, "events")
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
