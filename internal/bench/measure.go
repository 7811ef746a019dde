package bench

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// connectExit is one use of a host as a product's probe makes it: handshake,
// auth, `exit 0`, close.
func connectExit(t *target) error {
	c, err := t.dial()
	if err != nil {
		return err
	}
	defer c.Close()
	s, err := c.NewSession()
	if err != nil {
		return err
	}
	return s.Run("exit 0")
}

// timeToAnswer is the time from calling start to a first `exit 0` answered by
// the target it starts, which is closed after.
func timeToAnswer(start func() (*target, error)) (time.Duration, error) {
	begin := time.Now()
	t, err := start()
	if err != nil {
		return 0, err
	}
	defer t.close()
	if err := connectExit(t); err != nil {
		return 0, err
	}
	return time.Since(begin), nil
}

// rate is a count over the time it took.
type rate struct {
	N    int
	Took time.Duration
	// Refused counts the connections the server dropped (sshd's MaxStartups
	// drops handshakes beyond its limit), and FirstRefusal says how.
	Refused      int
	FirstRefusal string
	// ServerCPU is the CPU the server's processes used meanwhile (user and
	// system, with their reaped children's); CPUKnown when it was read.
	ServerCPU time.Duration
	CPUKnown  bool
	// Runs is how many runs this one is the median of.
	Runs int
}

func (r rate) PerSecond() float64 { return float64(r.N) / r.Took.Seconds() }

// CPUPer is the server's CPU per counted operation.
func (r rate) CPUPer() time.Duration {
	if r.N == 0 {
		return 0
	}
	return r.ServerCPU / time.Duration(r.N)
}

// medianRate runs measure runs times and returns the run with the median
// rate, counting the runs.
func medianRate(runs int, measure func() (rate, error)) (rate, error) {
	var got []rate
	var lastErr error
	for range runs {
		r, err := measure()
		if err != nil {
			lastErr = err
			continue
		}
		got = append(got, r)
	}
	if len(got) == 0 {
		return rate{}, lastErr
	}
	slices.SortFunc(got, func(a, b rate) int {
		switch {
		case a.PerSecond() < b.PerSecond():
			return -1
		case a.PerSecond() > b.PerSecond():
			return 1
		}
		return 0
	})
	r := got[(len(got)-1)/2]
	r.Runs = len(got)
	return r, nil
}

// connectionRate runs connectExit (or an `ssh` process, for the OpenSSH
// client) from workers goroutines at once until budget has passed or max
// connections are done, and reads the server's CPU around it. A connection
// the server refuses is counted apart; only when none succeeds is it an error.
func connectionRate(ctx context.Context, t *target, c client, workers, max int, budget time.Duration) (rate, error) {
	ctx, cancel := context.WithTimeout(ctx, budget)
	defer cancel()
	var started, done, refused atomic.Int64
	var first error
	var once sync.Once
	var wg sync.WaitGroup
	cpuBefore := cpuTime(t.pid)
	begin := time.Now()
	for range workers {
		wg.Go(func() {
			for ctx.Err() == nil && started.Add(1) <= int64(max) {
				if err := connectWith(t, c); err != nil {
					refused.Add(1)
					once.Do(func() { first = err })
					continue
				}
				done.Add(1)
			}
		})
	}
	wg.Wait()
	r := rate{N: int(done.Load()), Took: time.Since(begin), Refused: int(refused.Load()),
		ServerCPU: cpuTime(t.pid) - cpuBefore, CPUKnown: t.pid != 0}
	if first != nil {
		r.FirstRefusal = first.Error()
	}
	var nm notMeasured
	if errors.As(first, &nm) {
		return r, first
	}
	if r.N == 0 && first != nil {
		return r, fmt.Errorf("no connection succeeded: %w", first)
	}
	return r, nil
}

// hungCommand prints a line once the session's shell runs, then waits on stdin
// as a prompt does (rm -i's, in the 001 escalation); the line proves the
// session is held, not just opened.
const hungCommand = "echo ready; cat"

// hungStep is one step of the hung sessions run.
type hungStep struct {
	Want, Held int
	Memory     memory // the server's, with Held sessions open
	// PerSession is the server's memory growth over its baseline per session.
	PerSession memory
	// Stopped says why fewer than Want were held.
	Stopped string
}

// hungSessions opens sessions that wait on stdin, perConn per connection as a
// pooled product opens them, up to each of steps in turn, and measures the
// server at each; it stops at the first step it cannot reach. atPeak runs while
// the most sessions are held.
func hungSessions(ctx context.Context, t *target, steps []int, perConn int, log func(string, ...any), atPeak func()) ([]hungStep, error) {
	settle(ctx, t)
	base, err := memoryOf(ctx, t)
	if err != nil {
		return nil, err
	}
	var clients []*gossh.Client
	defer func() {
		for _, c := range clients {
			c.Close()
		}
	}()
	var out []hungStep
	held := 0
	for _, want := range steps {
		if len(out) > 0 {
			// Other work shares this machine: a step that would take more than
			// half of the memory left is not tried.
			need := out[len(out)-1].PerSession.PSS * int64(want-held)
			if avail := memAvailable(); avail > 0 && need > avail/2 {
				out = append(out, hungStep{Want: want, Held: held, Stopped: fmt.Sprintf(
					"not tried: %s more sessions would take about %s, more than half of the %s available",
					count(want-held), mib(need), mib(avail))})
				break
			}
		}
		conns := (want - held + perConn - 1) / perConn
		opened, err := openHung(ctx, t, conns, perConn)
		clients = append(clients, opened.clients...)
		held += opened.sessions
		step := hungStep{Want: want, Held: held}
		if err != nil {
			step.Stopped = err.Error()
		}
		settle(ctx, t)
		if step.Memory, err = memoryOf(ctx, t); err != nil {
			return out, err
		}
		n := int64(max(held, 1))
		step.PerSession = memory{PSS: (step.Memory.PSS - base.PSS) / n, Heap: -1,
			Processes: step.Memory.Processes - base.Processes}
		if base.Heap >= 0 && step.Memory.Heap >= 0 {
			step.PerSession.Heap = (step.Memory.Heap - base.Heap) / n
		}
		log("  %s: %d of %d sessions held, %s per session", t.name, held, want, kib(step.PerSession.PSS))
		out = append(out, step)
		if step.Stopped != "" {
			break
		}
	}
	atPeak()
	return out, nil
}

// memAvailable is the machine's MemAvailable, in bytes, 0 when unknown.
func memAvailable() int64 {
	data, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(data)) {
		if v, ok := strings.CutPrefix(line, "MemAvailable:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb * 1024
		}
	}
	return 0
}

// settle lets a server's memory come to rest before it is measured: a Go
// server collects a few times (halving stacks that shrank, freeing what the
// sessions' start left), and every server gets a moment.
func settle(ctx context.Context, t *target) {
	for range 3 {
		if t.pprof != "" {
			goHeap(ctx, t.pprof)
		}
		time.Sleep(300 * time.Millisecond)
	}
}

type openedHung struct {
	clients  []*gossh.Client
	sessions int
}

// openHung opens conns connections of perConn hung sessions each, 16 at once.
func openHung(ctx context.Context, t *target, conns, perConn int) (openedHung, error) {
	var mu sync.Mutex
	var out openedHung
	var firstErr error
	next := atomic.Int64{}
	var wg sync.WaitGroup
	for range min(16, conns) {
		wg.Go(func() {
			for int(next.Add(1)) <= conns && ctx.Err() == nil {
				c, n, err := openHungConn(t, perConn)
				mu.Lock()
				if c != nil {
					out.clients = append(out.clients, c)
				}
				out.sessions += n
				if err != nil && firstErr == nil {
					firstErr = err
				}
				stop := firstErr != nil
				mu.Unlock()
				if stop {
					return
				}
			}
		})
	}
	wg.Wait()
	if firstErr == nil {
		firstErr = ctx.Err()
	}
	return out, firstErr
}

// openHungConn opens one connection with up to n hung sessions; it returns the
// client (nil when even the connection failed) and how many sessions it holds.
func openHungConn(t *target, n int) (*gossh.Client, int, error) {
	c, err := t.dial()
	// Debian's sshd drops some handshakes beyond MaxStartups 10:30:100, as it
	// ships; a client tries again, as a product's would.
	for retry := 0; err != nil && retry < 10; retry++ {
		time.Sleep(time.Duration(retry+1) * 50 * time.Millisecond)
		c, err = t.dial()
	}
	if err != nil {
		return nil, 0, fmt.Errorf("connect: %w", err)
	}
	// A server that stops answering must not hang the benchmark.
	timer := time.AfterFunc(60*time.Second, func() { c.Close() })
	defer timer.Stop()
	for i := range n {
		if err := startHung(c); err != nil {
			return c, i, err
		}
	}
	return c, n, nil
}

func startHung(c *gossh.Client) error {
	s, err := c.NewSession()
	if err != nil {
		return fmt.Errorf("open session: %w", err)
	}
	// Pipes, not writers: x/crypto starts no goroutine for them.
	if _, err := s.StdinPipe(); err != nil {
		return err
	}
	stdout, err := s.StdoutPipe()
	if err != nil {
		return err
	}
	if _, err := s.StderrPipe(); err != nil {
		return err
	}
	if err := s.Start(hungCommand); err != nil {
		return fmt.Errorf("start %q: %w", hungCommand, err)
	}
	line := make([]byte, len("ready\n"))
	if _, err := io.ReadFull(stdout, line); err != nil || string(line) != "ready\n" {
		return fmt.Errorf("%q did not start: %q %v", hungCommand, line, err)
	}
	return nil
}

// shellCommand is the simple command whose throughput is measured.
const shellCommand = "uname -n"

// shellStart marks where the commands' answers begin, after whatever the login
// printed (a real sshd's motd, say).
const shellStart = "hostile-bench-start"

// shellThroughput types n simple commands into one shell session, without a
// terminal, and counts their answers.
func shellThroughput(t *target, n int) (rate, error) {
	c, err := t.dial()
	if err != nil {
		return rate{}, err
	}
	defer c.Close()
	s, err := c.NewSession()
	if err != nil {
		return rate{}, err
	}
	out := &answerCounter{start: []byte(shellStart + "\n")}
	var stderr strings.Builder
	s.Stdin = strings.NewReader("echo " + shellStart + "\n" + strings.Repeat(shellCommand+"\n", n) + "exit 0\n")
	s.Stdout, s.Stderr = out, &stderr
	begin := time.Now()
	if err := s.Shell(); err != nil {
		return rate{}, err
	}
	if err := s.Wait(); err != nil {
		return rate{}, fmt.Errorf("shell: %w: %s", err, stderr.String())
	}
	r := rate{N: n, Took: time.Since(begin)}
	if got := out.answers(); got != n {
		return r, fmt.Errorf("%d commands answered %d lines: %s", n, got, stderr.String())
	}
	return r, nil
}

// answerCounter counts the lines written after start.
type answerCounter struct {
	mu    sync.Mutex
	start []byte
	seen  []byte // what came before start, until it is found
	lines int
	began bool
}

func (a *answerCounter) Write(b []byte) (int, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	rest := b
	if !a.began {
		a.seen = append(a.seen, b...)
		i := bytes.Index(a.seen, a.start)
		if i < 0 {
			return len(b), nil
		}
		a.began = true
		rest = a.seen[i+len(a.start):]
		a.seen = nil
	}
	a.lines += bytes.Count(rest, []byte("\n"))
	return len(b), nil
}

func (a *answerCounter) answers() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.lines
}

// spread is a median with the lowest and highest of its samples.
type spread struct {
	Median, Min, Max time.Duration
	N                int
}

// sample runs f n times and returns the spread of what it measured.
func sample(n int, f func() (time.Duration, error)) (spread, error) {
	var ds []time.Duration
	for range n {
		d, err := f()
		if err != nil {
			return spread{}, err
		}
		ds = append(ds, d)
	}
	if len(ds) == 0 {
		return spread{}, errors.New("no samples")
	}
	slices.Sort(ds)
	median := (ds[(len(ds)-1)/2] + ds[len(ds)/2]) / 2
	return spread{Median: median, Min: ds[0], Max: ds[len(ds)-1], N: len(ds)}, nil
}
