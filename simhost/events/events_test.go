package events_test

import (
	"encoding/json"
	"sync"
	"testing"
	"time"

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

	It("gives a follower the events before it came, then each one added, each once and in order", func() {
		l := events.NewLog()
		add(l, 3) // a client that connected before the printer started
		var mu sync.Mutex
		var seen []uint64
		cancel := l.Follow(func(e events.Event) {
			mu.Lock()
			seen = append(seen, e.Seq)
			mu.Unlock()
		})
		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() { add(l, 25) })
		}
		wg.Wait()
		cancel()
		add(l, 1)
		Expect(seen).To(HaveLen(103))
		Expect(seen[:3]).To(Equal([]uint64{1, 2, 3}))
		Expect(seen).To(ConsistOf(func() (all []uint64) {
			for i := range uint64(103) {
				all = append(all, i+1)
			}
			return all
		}()))
	})

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

var _ = Describe("an event's JSON", func() {
	It("has the control API's snake_case names, leaves zero fields out, and reads back the same", func() {
		e := events.Event{Seq: 7, Time: time.Date(2026, 12, 6, 4, 0, 0, 0, time.UTC), Kind: events.SessionClose, Conn: 2, Session: 3,
			User: "ops", FaultType: "latency", Exit: 1, Duration: 1500 * time.Millisecond, BytesIn: 4, BytesOut: 5, BytesErr: 6}
		data, err := json.Marshal(e)
		Expect(err).NotTo(HaveOccurred())
		Expect(string(data)).To(MatchJSON(`{"seq": 7, "time": "2026-12-06T04:00:00Z", "kind": "session.close", "conn": 2, "session": 3,
			"user": "ops", "fault_type": "latency", "exit": 1, "duration": "1.5s", "bytes_in": 4, "bytes_out": 5, "bytes_err": 6}`))
		var back events.Event
		Expect(json.Unmarshal(data, &back)).To(Succeed())
		Expect(back).To(Equal(e))
	})

	It("names the event whose duration is not one", func() {
		var e events.Event
		Expect(json.Unmarshal([]byte(`{"seq": 9, "duration": "soon"}`), &e)).To(MatchError(`event 9: duration: time: invalid duration "soon"`))
	})
})
