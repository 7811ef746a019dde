// Package bench measures the lab side by side with OpenSSH's sshd and a real OS
// container on one machine, checks the figures against the lab's goals, and
// writes them as BENCHMARKS.md.
package bench

import (
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/hostile-lab/hostile/harness"
	"github.com/hostile-lab/hostile/scenarios"
)

// Config says what to measure and how long.
type Config struct {
	// Hostile is the hostile binary: the simulated host is served by its
	// `hostile serve` in a child process, so the server's memory is its own.
	Hostile string
	// Quick measures a few of each, to prove the benchmark works.
	Quick bool
	// Source is the module's root, where the escalation suite lives; "" leaves
	// the suite out.
	Source string
	// Profiles, when set, receives pprof profiles of the simulated host: CPU
	// while it serves connections and hung sessions, heap at the most sessions.
	Profiles string
	// Log receives a line per step.
	Log io.Writer
}

// sizes are the counts and budgets of one run.
type sizes struct {
	// connBudget is how long one run of a connection figure may measure;
	// the run ends sooner when it reaches its count.
	connBudget          time.Duration
	connSerial, connPar int
	// runs is how many runs each connection figure is the median of.
	runs          int
	readySamples  int
	hungSteps     []int
	shellCommands int
}

func (c Config) sizes() sizes {
	if c.Quick {
		// A few of each, counted, with no time bound: on a busy machine a
		// quick run is slower, not different.
		return sizes{connBudget: time.Hour, connSerial: 3, connPar: 16, runs: 1, readySamples: 1, hungSteps: []int{20}, shellCommands: 20}
	}
	return sizes{connBudget: 10 * time.Second, connSerial: 5000, connPar: 10000, runs: 3, readySamples: 10,
		hungSteps: []int{100, 1000, 10000}, shellCommands: 5000}
}

// Run measures everything it can and reports what it could not, and why.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	log := func(format string, args ...any) { fmt.Fprintf(cfg.Log, format+"\n", args...) }
	size := cfg.sizes()
	dir, err := os.MkdirTemp("", "hostile-bench-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	identity := filepath.Join(dir, "bench-client-key") // not id_ed25519: harness.NewIdentity writes that name into dir
	signer, err := harness.WriteKey(identity, "hostile bench")
	if err != nil {
		return nil, err
	}
	defer releaseAccount()
	r := &Report{Machine: describeMachine(), Started: time.Now(), Quick: cfg.Quick, Sizes: size}

	log("time to a ready target (%d each)", size.readySamples)
	r.Ready[sim] = result(readySim(ctx, dir, size.readySamples))
	r.Ready[sshd] = result(readySSHD(dir, signer, size.readySamples))
	r.Ready[container] = result(readyContainer(ctx, dir, size.readySamples))

	servers := []struct {
		column column
		start  func(dir string) (*target, error)
	}{
		{sim, func(dir string) (*target, error) { return startSim(cfg.Hostile, dir, signer) }},
		{sshd, func(dir string) (*target, error) { return startSSHD(dir, signer) }},
		{container, func(dir string) (*target, error) { return startContainer(ctx, dir, false) }},
		{containerDirect, func(dir string) (*target, error) { return startContainer(ctx, dir, true) }},
	}
	for _, s := range servers {
		// A fresh server for each measurement: memory freed by one run and kept
		// by the process would hide the next run's growth.
		fresh := func(what string) (*target, func(), error) {
			d, err := os.MkdirTemp(dir, what)
			if err != nil {
				return nil, nil, err
			}
			t, err := s.start(d)
			if err != nil {
				return nil, nil, err
			}
			if t.identity == "" {
				t.identity = identity
			}
			return t, func() {
				if err := t.close(); err != nil {
					log("  %s: %v", t.name, err)
				}
			}, nil
		}
		func() {
			t, stop, err := fresh("connections")
			if err != nil {
				for c := range clients {
					r.skip(s.column, err, &r.ConnSerial[c], &r.ConnParallel[c])
				}
				r.skip(s.column, err, &r.Shell)
				return
			}
			defer stop()
			for c := range clients {
				r.sampleLoad()
				log("connections/s against %s, %s: serial (median of %d)", t.name, clientNames[c], size.runs)
				r.ConnSerial[c][s.column] = result(medianRate(size.runs, func() (rate, error) {
					return connectionRate(ctx, t, c, 1, size.connSerial, size.connBudget)
				}))
				log("connections/s against %s, %s: 16 in parallel (median of %d)", t.name, clientNames[c], size.runs)
				r.ConnParallel[c][s.column] = result(medianRate(size.runs, func() (rate, error) {
					return connectionRate(ctx, t, c, 16, size.connPar, size.connBudget)
				}))
			}
			if s.column == containerDirect {
				return // the row that shows the proxy's cost: connections only
			}
			log("shell commands/s against %s", t.name)
			r.Shell[s.column] = result(shellThroughput(t, size.shellCommands))
			cfg.cpuProfile(ctx, t, "connections", func(ctx context.Context) error {
				_, err := connectionRate(ctx, t, goClient, 16, math.MaxInt, time.Hour)
				return err
			})
			cfg.commandProfile(ctx, t, size.shellCommands)
		}()
		if s.column == containerDirect {
			continue
		}
		func() {
			t, stop, err := fresh("hung")
			if err != nil {
				r.Hung[s.column] = result[[]hungStep](nil, err)
				return
			}
			defer stop()
			steps := size.hungSteps
			if s.column == container && !cfg.Quick {
				steps = []int{100, 1000} // a real sshd's processes: 10,000 would take the machine's memory
			}
			log("hung sessions against %s: %v", t.name, steps)
			steps2, err := hungSessions(ctx, t, steps, 10, log, func() { cfg.heapProfile(ctx, t, "hung") })
			r.Hung[s.column] = result(steps2, err)
			cfg.cpuProfile(ctx, t, "hung", func(ctx context.Context) error {
				opened, err := openHung(ctx, t, 10, 10)
				for _, c := range opened.clients {
					c.Close()
				}
				return err
			})
		}()
	}

	if cfg.Quick {
		r.Suite = map[string]measured[time.Duration]{}
		for _, k := range suiteKeys {
			r.Suite[k] = measured[time.Duration]{Reason: "not measured: --quick"}
		}
	} else {
		r.Suite = escalationSuite(ctx, cfg.Source, dir, log)
	}
	r.Finished = time.Now()
	r.Machine.LoadAtEnd = loadAverage()
	return r, nil
}

// cpuProfile saves a CPU profile of t taken while work runs again and again,
// when Profiles is set and t serves pprof. It runs apart from the measured
// runs, which profiling would slow.
func (c Config) cpuProfile(ctx context.Context, t *target, what string, work func(context.Context) error) {
	if c.Profiles == "" || t.pprof == "" {
		return
	}
	length := 5
	if c.Quick {
		length = 1
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type answer struct {
		body []byte
		err  error
	}
	got := make(chan answer, 1)
	go func() {
		body, err := httpGet(ctx, fmt.Sprintf("%s/debug/pprof/profile?seconds=%d", t.pprof, length))
		cancel() // the profile is taken: stop the work
		got <- answer{body, err}
	}()
	for ctx.Err() == nil {
		if err := work(ctx); err != nil && ctx.Err() == nil {
			fmt.Fprintf(c.Log, "  cpu profile of %s: %v\n", what, err)
			cancel()
		}
	}
	a := <-got
	c.saveProfile(fmt.Sprintf("sim-%s.cpu.pprof", what), a.body, a.err)
}

// heapProfile saves t's heap profile, when Profiles is set and t serves pprof.
func (c Config) heapProfile(ctx context.Context, t *target, what string) {
	if c.Profiles == "" || t.pprof == "" {
		return
	}
	body, err := httpGet(ctx, t.pprof+"/debug/pprof/heap?gc=1")
	c.saveProfile(fmt.Sprintf("sim-%s.heap.pprof", what), body, err)
}

func (c Config) saveProfile(name string, body []byte, err error) {
	if err == nil {
		err = os.WriteFile(filepath.Join(c.Profiles, name), body, 0o644)
	}
	if err != nil {
		fmt.Fprintf(c.Log, "  profile %s: %v\n", name, err)
	}
}

// readySim is the time from StartSim to a first `exit 0` answered, for the
// library's healthy Debian 12 host, served in this process as tests serve it.
func readySim(ctx context.Context, dir string, n int) (spread, error) {
	s, id, err := readyInputs(dir)
	if err != nil {
		return spread{}, err
	}
	return sample(n, func() (time.Duration, error) {
		return timeToAnswer(func() (*target, error) {
			sim, err := harness.StartSim(ctx, s, id)
			if err != nil {
				return nil, err
			}
			t := harnessTarget(sim)
			t.close = sim.Close
			return t, nil
		})
	})
}

// readySSHD is the time from starting sshd to a first `exit 0` answered.
func readySSHD(dir string, signer gossh.Signer, n int) (spread, error) {
	return sample(n, func() (time.Duration, error) {
		d, err := os.MkdirTemp(dir, "ready-sshd")
		if err != nil {
			return 0, err
		}
		return timeToAnswer(func() (*target, error) { return startSSHD(d, signer) })
	})
}

func readyInputs(dir string) (*scenarios.Scenario, *harness.Identity, error) {
	s, err := scenarios.Open("healthy-debian12")
	if err != nil {
		return nil, nil, err
	}
	id, err := harness.NewIdentity(dir)
	return s, id, err
}

// harnessTarget reaches a harness target as the scenario's user, by key.
func harnessTarget(t harness.Target) *target {
	cred := t.Credentials("app")
	return &target{name: t.Kind(), addr: t.Addr(), config: clientConfig(cred.User, cred.Signer), identity: cred.IdentityFile}
}

// commandProfile saves a CPU profile of the simulated host while it runs
// shell commands, when Profiles is set: what a command costs, apart from what
// a connection costs.
func (c Config) commandProfile(ctx context.Context, t *target, n int) {
	c.cpuProfile(ctx, t, "commands", func(ctx context.Context) error {
		_, err := shellThroughput(t, n)
		return err
	})
}
