package bench

import (
	"context"
	"errors"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"github.com/hostile-lab/hostile/harness"
)

// startContainer serves the library's healthy-debian12 as a real Debian
// container (harness.StartContainer), reached through the lab's fault proxy,
// or straight at its sshd when direct (to show what the proxy costs). The
// container's processes are measured from this machine's /proc, below the
// container's first process.
func startContainer(ctx context.Context, dir string, direct bool) (*target, error) {
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
	if direct {
		t.name = "container, no proxy"
		if t.addr, err = c.SSHDAddr(ctx); err != nil {
			c.Close()
			return nil, err
		}
	}
	out, err := exec.CommandContext(ctx, "docker", "inspect", "--format", "{{.State.Pid}}", c.ID()).Output()
	if err == nil {
		t.pid, _ = strconv.Atoi(strings.TrimSpace(string(out)))
	}
	return t, nil
}

// readyContainer is the time from StartContainer to a first `exit 0` answered.
func readyContainer(ctx context.Context, dir string, n int) (spread, error) {
	if err := harness.RequireDocker(); err != nil {
		return spread{}, notMeasured{err.Error()}
	}
	// Untimed: the first start may build the base image.
	if t, err := startContainer(ctx, dir, false); err != nil {
		return spread{}, err
	} else if err := t.close(); err != nil {
		return spread{}, err
	}
	return sample(n, func() (time.Duration, error) {
		return timeToAnswer(func() (*target, error) { return startContainer(ctx, dir, false) })
	})
}
