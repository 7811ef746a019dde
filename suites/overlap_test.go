package suites_test

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"

	. "github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/types"

	"github.com/hostile-lab/hostile/internal/syncbuf"
)

// Specs that mostly wait on a container (one SSH session, one container start
// at a time) overlap: an Ordered container starts their work in the
// background, a few at a time, each on its own hosts exactly as if its spec ran
// alone, and each spec, in its turn, takes its work's result and judges it.
// Work whose verdict compares durations (a scenario's within_factor) runs
// alone, with nothing else of the container's going on.

// overlapJob is one spec's work: key is the spec's full text.
type overlapJob[R any] struct {
	key   string
	alone bool
	run   func(ctx context.Context, log *syncbuf.Buffer) R
}

// overlap runs jobs in the background and keeps their results.
type overlap[R any] struct {
	cancel context.CancelFunc
	wg     sync.WaitGroup
	// quiet is held shared by any work under way and exclusively by work that
	// must run alone.
	quiet sync.RWMutex
	runs  map[string]*overlapRun[R]
}

// overlapRun is one job's outcome, ready when done is closed.
type overlapRun[R any] struct {
	done   chan struct{}
	log    syncbuf.Buffer
	result R
}

// startOverlap runs jobs, parallel at a time, in their order.
func startOverlap[R any](jobs []overlapJob[R], parallel int) *overlap[R] {
	ctx, cancel := context.WithCancel(context.Background())
	o := &overlap[R]{cancel: cancel, runs: map[string]*overlapRun[R]{}}
	queue := make(chan overlapJob[R], len(jobs))
	for _, j := range jobs {
		o.runs[j.key] = &overlapRun[R]{done: make(chan struct{})}
		queue <- j
	}
	close(queue)
	for range min(parallel, len(jobs)) {
		o.wg.Go(func() {
			for j := range queue {
				r := o.runs[j.key]
				o.hold(j.alone, func() { r.result = j.run(ctx, &r.log) })
				close(r.done)
			}
		})
	}
	return o
}

// hold runs f alone when asked, else beside other work (f alone when there
// is no background work).
func (o *overlap[R]) hold(alone bool, f func()) {
	if o == nil {
		f()
		return
	}
	if alone {
		o.quiet.Lock()
		defer o.quiet.Unlock()
	} else {
		o.quiet.RLock()
		defer o.quiet.RUnlock()
	}
	f()
}

// result waits for the job of key, or runs fallback now when it was not
// started ahead (a filter willRun does not foresee); the log is the job's.
func (o *overlap[R]) result(ctx context.Context, key string, fallback func(ctx context.Context, log *syncbuf.Buffer) R) (R, string, error) {
	var r *overlapRun[R]
	if o != nil {
		r = o.runs[key]
	}
	if r == nil {
		var log syncbuf.Buffer
		res := fallback(ctx, &log)
		return res, log.String(), nil
	}
	select {
	case <-r.done:
		return r.result, r.log.String(), nil
	case <-ctx.Done():
		var zero R
		return zero, r.log.String(), fmt.Errorf("waiting for the work of %q: %w", key, context.Cause(ctx))
	}
}

// stop ends the work still going and waits for its hosts to close.
func (o *overlap[R]) stop() {
	o.cancel()
	o.wg.Wait()
}

// willRun says whether Ginkgo's filters (label filter, -focus and -skip) let
// a spec of this full text (its containers' texts and its own, joined by
// spaces) and these labels run, as Ginkgo matches them.
func willRun(specText string, labels []string) bool {
	cfg, _ := GinkgoConfiguration()
	text := suiteDescription + " " + specText
	if cfg.LabelFilter != "" {
		filter, err := types.ParseLabelFilter(cfg.LabelFilter)
		if err == nil && !filter(labels) {
			return false
		}
	}
	if len(cfg.FocusStrings) > 0 && !regexp.MustCompile(strings.Join(cfg.FocusStrings, "|")).MatchString(text) {
		return false
	}
	if len(cfg.SkipStrings) > 0 && regexp.MustCompile(strings.Join(cfg.SkipStrings, "|")).MatchString(text) {
		return false
	}
	return true
}

// chosen keeps the jobs whose spec will run, all of them with these labels.
func chosen[R any](jobs []overlapJob[R], labels []string) []overlapJob[R] {
	return slices.DeleteFunc(slices.Clone(jobs), func(j overlapJob[R]) bool { return !willRun(j.key, labels) })
}
