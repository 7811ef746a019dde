package bench

import (
	"context"
	"errors"
	"time"

	"github.com/hostile-lab/hostile/harness"
)

// startContainer serves the library's healthy-debian12 as a real Debian
// container (harness.StartContainer), reached through the lab's fault proxy.
func startContainer(ctx context.Context, dir string) (*target, error) {
	if err := harness.RequireDocker(); err != nil {
		return nil, notMeasured{err.Error()}
	}
	s, id, err := readyInputs(dir)
	if err != nil {
		return nil, err
	}
	c, err := harness.StartContainer(ctx, s, id)
	if err != nil {
		var ne *harness.NotExpressibleError
		if errors.As(err, &ne) {
			return nil, notMeasured{err.Error()}
		}
		return nil, err
	}
	t := harnessTarget(c)
	t.name = "container"
	t.close = c.Close
	return t, nil
}

// readyContainer is the time from StartContainer to a first `exit 0` answered.
func readyContainer(ctx context.Context, dir string, n int) (spread, error) {
	if err := harness.RequireDocker(); err != nil {
		return spread{}, notMeasured{err.Error()}
	}
	// Untimed: the first start may build the base image.
	if t, err := startContainer(ctx, dir); err != nil {
		return spread{}, err
	} else if err := t.close(); err != nil {
		return spread{}, err
	}
	return sample(n, func() (time.Duration, error) {
		begin := time.Now()
		t, err := startContainer(ctx, dir)
		if err != nil {
			return 0, err
		}
		defer t.close()
		if err := connectExit(t); err != nil {
			return 0, err
		}
		return time.Since(begin), nil
	})
}
