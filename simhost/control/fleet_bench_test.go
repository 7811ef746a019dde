package control_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/hostile-lab/hostile/simhost/control"
)

// BenchmarkFleet measures what one lab process gives parallel test suites:
// N suites each start a host of a scenario over the API, log in, run five
// commands and ask for a verdict, all at once. It reports the median and
// slowest suite's wall time beside N, so the point where a suite slows shows.
//
//	go test -run '^$' -bench Fleet -benchtime 3x ./simhost/control/
func BenchmarkFleet(b *testing.B) {
	for _, n := range []int{1, 8, 32, 128} {
		b.Run(fmt.Sprintf("suites=%d", n), func(b *testing.B) {
			var all []time.Duration
			for range b.N {
				all = append(all, fleetRound(b, n)...)
			}
			sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
			b.ReportMetric(float64(all[len(all)/2].Milliseconds()), "ms/suite-median")
			b.ReportMetric(float64(all[len(all)-1].Milliseconds()), "ms/suite-max")
		})
	}
}

// fleetRound runs n suites at once against one lab and returns each one's time.
func fleetRound(b *testing.B, n int) []time.Duration {
	srv := control.New("")
	api := httptest.NewServer(srv)
	defer func() { api.Close(); srv.Close() }()
	times := make([]time.Duration, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			start := time.Now()
			if err := fleetSuite(api.URL, fmt.Sprintf("suite-%d", i)); err != nil {
				b.Error(err)
			}
			times[i] = time.Since(start)
		}()
	}
	wg.Wait()
	return times
}

// fleetSuite is one product test: a fresh host, five commands, a verdict.
func fleetSuite(base, name string) error {
	post := func(path string, body any, out any) error {
		data, _ := json.Marshal(body)
		resp, err := http.Post(base+path, "application/json", bytes.NewReader(data))
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		if resp.StatusCode >= 300 {
			return fmt.Errorf("POST %s: %s", path, resp.Status)
		}
		return json.NewDecoder(resp.Body).Decode(out)
	}
	var h struct{ Addr string }
	if err := post("/hosts", map[string]string{"scenario": "healthy-debian12", "name": name}, &h); err != nil {
		return err
	}
	c, err := gossh.Dial("tcp", h.Addr, &gossh.ClientConfig{User: "ops", Auth: []gossh.AuthMethod{gossh.Password("ops")},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: time.Minute})
	if err != nil {
		return err
	}
	for range 5 {
		s, err := c.NewSession()
		if err != nil {
			c.Close()
			return err
		}
		err = s.Run("ls /etc >/dev/null; id -un")
		s.Close()
		if err != nil {
			c.Close()
			return err
		}
	}
	c.Close()
	var v struct{ Verdict string }
	return post("/hosts/"+name+"/verdict", map[string]any{}, &v)
}
