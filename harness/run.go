package harness

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/hostile-lab/hostile/scenarios"
)

// How a replay decides that the product is stuck, not slow. Neither is a budget
// for the operations: a busy machine runs them slower, but it still runs them.
const (
	// DefaultStall is how long the host and the client may both show no
	// progress before the harness gives up on the product, when the scenario's
	// stimulus.timeout does not say.
	DefaultStall = 10 * time.Second
	// inputGrace is how long every operation still running must have been
	// blocked reading its stdin, with none finishing and the host otherwise
	// still, before the harness calls it a prompt nobody answers. A program that is only waiting for input the
	// client is about to send is not blocked that long with nothing else moving.
	inputGrace = 2 * time.Second
)

// stimulusRun is what running a stimulus came to.
type stimulusRun struct {
	results  []*OpResult // nil where the operation had not finished when the run ended
	finished []*OpResult
	took     time.Duration
	// stuck says, when the run ended with operations unfinished, what the
	// host showed: blocked on input, or no progress.
	stuck string
	// done is closed once every operation has returned, after the client closed.
	done <-chan struct{}
}

// opPool runs a stimulus's operations, at most Concurrency at once.
type opPool struct {
	mu      sync.Mutex // results and started: operations still write after the run ended
	results []*OpResult
	started int
}

// progress is how many operations finished and how many are running.
func (p *opPool) progress() (finished, running int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, r := range p.results {
		if r != nil {
			finished++
		}
	}
	return finished, p.started - finished
}

// start runs every operation of st through a, the next as soon as a slot is
// free, until ctx ends; done is closed once every operation has returned.
func (p *opPool) start(ctx context.Context, st scenarios.Stimulus, t Target, a Adapter) (done <-chan struct{}) {
	p.results = make([]*OpResult, st.Count)
	closed := make(chan struct{})
	go func() {
		defer close(closed)
		ForEach(ctx, st.Count, st.Concurrency, func(i int) {
			p.mu.Lock()
			p.started++
			p.mu.Unlock()
			r := a.Do(ctx, t, st, i+1)
			p.mu.Lock()
			p.results[i] = &r
			p.mu.Unlock()
		})
	}()
	return closed
}

// ForEach calls do(i) for i from 0 to n-1, at most limit (1 or more) at once,
// each as soon as a slot is free, calling no more once ctx ends; it returns
// when every call has. It runs a stimulus's operations, and hostile replay's
// replays side by side.
func ForEach(ctx context.Context, n, limit int, do func(i int)) {
	var g errgroup.Group
	g.SetLimit(limit)
	for i := 0; i < n && ctx.Err() == nil; i++ {
		g.Go(func() error {
			if ctx.Err() == nil { // it may have ended while this one waited for a slot
				do(i)
			}
			return nil
		})
	}
	g.Wait()
}

// runStimulus runs st through a against t until every operation finished, or
// until the evidence says the rest never will: every operation still running is
// blocked on input, or neither the client nor the host made progress for the
// stall window. It does not close a; the caller does, which ends what hangs.
func runStimulus(ctx context.Context, st scenarios.Stimulus, t Target, a Adapter) stimulusRun {
	runCtx, cancel := context.WithCancel(ctx)
	var pool opPool
	start := time.Now()
	done := pool.start(runCtx, st, t, a)
	stuck := watchStuck(ctx, st, t, &pool, done)
	took := time.Since(start)
	cancel()
	pool.mu.Lock()
	run := stimulusRun{results: append([]*OpResult(nil), pool.results...), took: took, stuck: stuck, done: done}
	pool.mu.Unlock()
	for _, r := range run.results {
		if r != nil {
			run.finished = append(run.finished, r)
		}
	}
	return run
}

// watchStuck watches the pool and the host until every operation returned
// (""), or says why the rest never will.
func watchStuck(ctx context.Context, st scenarios.Stimulus, t Target, pool *opPool, done <-chan struct{}) string {
	stall := st.Timeout.D()
	if stall == 0 {
		stall = DefaultStall
	}
	poll := 200 * time.Millisecond
	if t.Kind() == "container" {
		poll = 500 * time.Millisecond // each look is a docker exec
	}
	watcher, _ := t.(Watcher)
	ticker := time.NewTicker(poll)
	defer ticker.Stop()
	var (
		lastFinished = 0
		lastActivity uint64
		lastProgress = time.Now() // when an operation finished or the host last did work
	)
	for {
		select {
		case <-done:
			return ""
		case <-ctx.Done():
			return "the replay was interrupted"
		case <-ticker.C:
		}
		finished, running := pool.progress()
		now := time.Now()
		if finished != lastFinished {
			lastFinished, lastProgress = finished, now
		}
		var obs Observation
		if watcher != nil {
			if o, err := watcher.Watch(ctx); err == nil {
				obs = o
				if obs.Activity != lastActivity {
					lastActivity, lastProgress = obs.Activity, now
				}
			}
		}
		var blocked []InputWait
		for _, w := range obs.Waits {
			if w.For >= inputGrace {
				blocked = append(blocked, w)
			}
		}
		// Every operation still running waits on a prompt, and for as long
		// none has finished and the host has done nothing else: nothing the
		// client does will end them. (Sessions a finished operation left
		// blocked count too; the host's stillness keeps a slow operation that
		// is still working from being taken for one of them.)
		if running > 0 && len(blocked) >= running && now.Sub(lastProgress) >= inputGrace {
			return describeBlocked(blocked, running, st.Count-finished-running)
		}
		if running > 0 && now.Sub(lastProgress) >= stall {
			return fmt.Sprintf("no progress for %s: %d operation(s) running and %d not started, and in that time no operation finished and the host did no work (no command, session or process started or ended)",
				stall, running, st.Count-finished-running)
		}
	}
}

// describeBlocked says which commands wait on input, from the host's evidence.
func describeBlocked(blocked []InputWait, running, notStarted int) string {
	longest := blocked[0]
	for _, w := range blocked {
		if w.For > longest.For {
			longest = w
		}
	}
	cmd := strings.TrimSpace(longest.Command)
	if cmd == "" {
		cmd = "a session's command"
	} else {
		cmd = fmt.Sprintf("%q", cmd)
	}
	what := fmt.Sprintf("blocked on input: the host shows %d session command(s) waiting in a read of their stdin that the client never answers or closes (the longest, %s, for %s)",
		len(blocked), cmd, longest.For.Round(100*time.Millisecond))
	if notStarted > 0 {
		what += fmt.Sprintf("; %d operation(s) never started behind them", notStarted)
	}
	return fmt.Sprintf("%d operation(s) %s", running, what)
}
