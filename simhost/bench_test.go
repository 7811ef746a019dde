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
	"github.com/hostile-lab/hostile/simhost/shell"
)

// The benchmarks of the host's pieces, in-process: client and server share the
// heap, so memory figures here include the client's share. `hostile bench`
// serves the host from a child process to measure the server alone.

// benchDescription is a small host: root and ops, ops accepting key. Its
// MaxStartups is raised, as `hostile bench` raises it for the hosts it
// measures: sshd's 10:30:100 drops some of 16 handshakes at once, and a
// dropped handshake would end the benchmark.
func benchDescription(key gossh.PublicKey) machine.Description {
	return machine.Description{Hostname: "bench", Limits: machine.Limits{MaxStartups: "10000"}, Users: []machine.User{
		{Name: "root", Password: "root"},
		{Name: "ops", Password: "ops", AuthorizedKeys: []string{string(gossh.MarshalAuthorizedKey(key))}},
	}}
}

// benchHost starts a host whose ops account accepts a fresh key.
func benchHost(b *testing.B) (*simhost.Host, *gossh.ClientConfig) {
	signer := benchSigner(b)
	h, err := simhost.Start(context.Background(), benchDescription(signer.PublicKey()))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { h.Close() })
	return h, benchClientConfig(signer)
}

func benchSigner(b *testing.B) gossh.Signer {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		b.Fatal(err)
	}
	signer, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		b.Fatal(err)
	}
	return signer
}

func benchClientConfig(signer gossh.Signer) *gossh.ClientConfig {
	return &gossh.ClientConfig{User: "ops", Auth: []gossh.AuthMethod{gossh.PublicKeys(signer)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), HostKeyAlgorithms: []string{gossh.KeyAlgoED25519}, Timeout: 5 * time.Second}
}

// connectExit is one full use of the host: handshake, auth, `exit 0`, close.
func connectExit(b *testing.B, addr string, cfg *gossh.ClientConfig) {
	c, err := gossh.Dial("tcp", addr, cfg)
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	s, err := c.NewSession()
	if err != nil {
		b.Fatal(err)
	}
	if err := s.Run("exit 0"); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkStart is the time from nothing to a host listening, and back.
func BenchmarkStart(b *testing.B) {
	d := benchDescription(benchSigner(b).PublicKey())
	for b.Loop() {
		h, err := simhost.Start(context.Background(), d)
		if err != nil {
			b.Fatal(err)
		}
		h.Close()
	}
}

// BenchmarkReady is the time from nothing to a first `exit 0` answered.
func BenchmarkReady(b *testing.B) {
	signer := benchSigner(b)
	d, cfg := benchDescription(signer.PublicKey()), benchClientConfig(signer)
	for b.Loop() {
		h, err := simhost.Start(context.Background(), d)
		if err != nil {
			b.Fatal(err)
		}
		connectExit(b, h.Addr(), cfg)
		h.Close()
	}
}

// BenchmarkConnectExit measures connections per second, one at a time and 16
// at once.
func BenchmarkConnectExit(b *testing.B) {
	h, cfg := benchHost(b)
	b.Run("serial", func(b *testing.B) {
		for b.Loop() {
			connectExit(b, h.Addr(), cfg)
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "conn/s")
	})
	b.Run("parallel16", func(b *testing.B) {
		b.SetParallelism((16 + runtime.GOMAXPROCS(0) - 1) / runtime.GOMAXPROCS(0))
		start := time.Now()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				connectExit(b, h.Addr(), cfg)
			}
		})
		b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "conn/s")
	})
}

// BenchmarkHungSessions holds 1,000 sessions whose `cat` waits on a stdin the
// client keeps open, 10 per connection as a pooled product opens them, and
// reports the heap and goroutines each costs (server and client together).
func BenchmarkHungSessions(b *testing.B) {
	h, cfg := benchHost(b)
	const conns, perConn = 100, 10
	for b.Loop() {
		before, goroutines := heapInUse(), runtime.NumGoroutine()
		clients := make([]*gossh.Client, 0, conns)
		for range conns {
			c, err := gossh.Dial("tcp", h.Addr(), cfg)
			if err != nil {
				b.Fatal(err)
			}
			clients = append(clients, c)
			for range perConn {
				s, err := c.NewSession()
				if err != nil {
					b.Fatal(err)
				}
				if _, err := s.StdinPipe(); err != nil {
					b.Fatal(err)
				}
				if err := s.Start("cat"); err != nil {
					b.Fatal(err)
				}
			}
		}
		for procsRunning(h, "cat")() < conns*perConn {
			time.Sleep(time.Millisecond)
		}
		n := float64(conns * perConn)
		b.ReportMetric(float64(heapInUse()-before)/n, "heapB/session")
		b.ReportMetric(float64(runtime.NumGoroutine()-goroutines)/n, "goroutines/session")
		for _, c := range clients {
			c.Close()
		}
		for h.OpenSessions() > 0 {
			time.Sleep(time.Millisecond)
		}
	}
}

func heapInUse() int64 {
	var m runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m)
	return int64(m.HeapInuse + m.StackInuse)
}

// BenchmarkShellCommand is the emulated shell alone: one simple command typed
// at a session's shell, without SSH.
func BenchmarkShellCommand(b *testing.B) {
	m, err := machine.New(benchDescription(benchSigner(b).PublicKey()), nil)
	if err != nil {
		b.Fatal(err)
	}
	if err := shell.Install(m); err != nil {
		b.Fatal(err)
	}
	sh, err := shell.NewSession(m, shell.Options{User: m.User("ops"), Channel: "shell"})
	if err != nil {
		b.Fatal(err)
	}
	defer sh.Close()
	ctx := context.Background()
	for b.Loop() {
		if code := sh.RunInteractive(ctx, "uname -n"); code != 0 {
			b.Fatalf("uname -n: exit %d", code)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "commands/s")
}
