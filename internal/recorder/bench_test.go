package recorder_test

import (
	"context"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/hostile-lab/hostile/harness"
	"github.com/hostile-lab/hostile/internal/recorder"
	"github.com/hostile-lab/hostile/scenarios"
)

// BenchmarkExec is one exec session (`echo hi`) on an open connection, straight
// to a simulated host and through the recorder in front of it: the difference
// is what recording costs a product per command.
func BenchmarkExec(b *testing.B) {
	id, err := harness.NewIdentity(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	s, err := scenarios.Get("healthy-debian12")
	if err != nil {
		b.Fatal(err)
	}
	host, err := harness.StartSim(context.Background(), s, id)
	if err != nil {
		b.Fatal(err)
	}
	defer host.Close()
	r, err := recorder.Start(context.Background(), recorder.Config{Upstream: host.Addr(), User: "app",
		Auth: []gossh.AuthMethod{gossh.PublicKeys(id.Signer)}})
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	for _, target := range []struct{ name, addr string }{{"direct", host.Addr()}, {"recorded", r.Addr()}} {
		b.Run(target.name, func(b *testing.B) {
			c, err := gossh.Dial("tcp", target.addr, &gossh.ClientConfig{User: "app", Auth: []gossh.AuthMethod{gossh.PublicKeys(id.Signer)},
				HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 5 * time.Second})
			if err != nil {
				b.Fatal(err)
			}
			defer c.Close()
			for b.Loop() {
				s, err := c.NewSession()
				if err != nil {
					b.Fatal(err)
				}
				if out, err := s.Output("echo hi"); err != nil || string(out) != "hi\n" {
					b.Fatalf("%q %v", out, err)
				}
			}
		})
	}
}
