package machine_test

import (
	"runtime"
	"testing"

	"github.com/hostile-lab/hostile/simhost/machine"
)

// BenchmarkNew is one host's cost: every host of a personality shares the
// installed system's tree and copies only what it looks into or changes.
// It reports the heap each live host holds (retained-B/host), with 100 hosts
// alive at once.
func BenchmarkNew(b *testing.B) {
	for _, name := range []string{"debian12", "rhel7"} {
		b.Run(name, func(b *testing.B) {
			d := machine.Description{Personality: name, Users: []machine.User{{Name: "ops", Password: "ops"}}}
			if _, err := machine.New(d, nil); err != nil { // the shared base, loaded once
				b.Fatal(err)
			}
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			live := make([]*machine.Machine, 100)
			for i := range live {
				m, err := machine.New(d, nil)
				if err != nil {
					b.Fatal(err)
				}
				live[i] = m
			}
			runtime.GC()
			runtime.ReadMemStats(&after)
			runtime.KeepAlive(live)
			retained := float64(after.HeapAlloc-before.HeapAlloc) / float64(len(live))
			b.ResetTimer()
			for range b.N {
				if _, err := machine.New(d, nil); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(retained, "retained-B/host")
		})
	}
}
