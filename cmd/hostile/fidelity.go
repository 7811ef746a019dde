package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/hostile-lab/hostile/harness"
	"github.com/hostile-lab/hostile/scenarios"
)

func init() { register(fidelityCommand) }

func fidelityCommand() *cobra.Command {
	var name, probesFile, user string
	cmd := &cobra.Command{
		Use:   "fidelity --probes FILE [--scenario NAME|FILE] [--user USER]",
		Short: "run your commands on the simulated host and on a real container, and show where they differ",
		Long: `Runs each command of FILE (one per line; blank lines and # comments skipped) on a
real container of the scenario and on its simulated host, described as the machine the
container runs on, and prints for each command identical, or the streams that differ
(stdout, stderr, exit status) with both sides' bytes, after the normalisations of the
differential suite. Exits 1 when any command differs. Needs a Docker engine.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return status(fidelity(name, probesFile, user, cmd.OutOrStdout(), cmd.ErrOrStderr()))
		},
	}
	f := cmd.Flags()
	f.StringVar(&name, "scenario", "healthy-debian12", "a built-in scenario or a scenario file: its host is started on both targets")
	f.StringVar(&probesFile, "probes", "", "a file of commands, one per line (# comments), each run on both hosts")
	f.StringVar(&user, "user", "", "the user the commands run as (default: the scenario's stimulus user)")
	return cmd
}

// fidelityProbe is one command of a probes file, with where it came from.
type fidelityProbe struct {
	line int
	run  string
}

// readProbes reads a probes file: one command per line; blank lines and
// lines starting with # are skipped.
func readProbes(file string) ([]fidelityProbe, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var probes []fidelityProbe
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		probes = append(probes, fidelityProbe{n, line})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	if len(probes) == 0 {
		return nil, fmt.Errorf("%s: no commands (one per line; # starts a comment)", file)
	}
	return probes, nil
}

func fidelity(name, probesFile, user string, stdout, stderr io.Writer) int {
	if probesFile == "" {
		fmt.Fprintln(stderr, "hostile fidelity: --probes: a file of commands is needed")
		return 2
	}
	probes, err := readProbes(probesFile)
	if err != nil {
		fmt.Fprintf(stderr, "hostile fidelity: --probes: %v\n", err)
		return 2
	}
	s, err := scenarios.Open(name)
	if err != nil {
		fmt.Fprintf(stderr, "hostile fidelity: %v\n", err)
		return 2
	}
	as := user
	if as == "" {
		as = s.Stimulus.User
	}
	if as == "" && len(s.Host.Users) > 0 {
		as = s.Host.Users[0].Name
	}
	id, dir, err := tempIdentity("fidelity")
	if err != nil {
		fmt.Fprintf(stderr, "hostile fidelity: %v\n", err)
		return 1
	}
	defer removeTempDir(dir)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	var hosts [2]*harness.ProbeHost
	for i, kind := range []string{"container", "simulated"} {
		fmt.Fprintf(stderr, "hostile fidelity: starting %s %s...\n", kind, s.Name)
		if kind == "simulated" {
			// Described as the machine the container runs on: its processors,
			// memory and limits are what two real hosts differ in.
			hw, err := hosts[0].Hardware(ctx)
			if err != nil {
				fmt.Fprintf(stderr, "hostile fidelity: %v\n", err)
				return 1
			}
			described := *s
			described.Host.Hardware = hw
			s = &described
		}
		t, err := harness.StartTarget(ctx, kind, s, id)
		if err != nil {
			fmt.Fprintf(stderr, "hostile fidelity: %s: %v\n", kind, err)
			return 1
		}
		defer t.Close()
		h := harness.NewProbeHost(kind, t, harness.Kernel{})
		defer h.Close()
		if h.Kernel, err = h.KernelOf(ctx, as); err != nil {
			fmt.Fprintf(stderr, "hostile fidelity: %v\n", err)
			return 1
		}
		hosts[i] = h
	}
	// Both hosts run the probes at once, each in its order.
	var results [2][]harness.ProbeResult
	var errs [2]error
	var wg sync.WaitGroup
	for i, h := range hosts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, p := range probes {
				r, err := h.Exec(ctx, as, p.run, nil)
				if err != nil {
					errs[i] = err
					return
				}
				results[i] = append(results[i], r.Normalise(harness.NormaliserFor(h.Kernel)))
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs[:]...); err != nil {
		fmt.Fprintf(stderr, "hostile fidelity: %v\n", err)
		return 1
	}
	identical := 0
	for i, p := range probes {
		ctr, sim := results[0][i], results[1][i]
		differ := harness.Differences(ctr, sim)
		if len(differ) == 0 {
			identical++
			fmt.Fprintf(stdout, "%s:%d: identical: %s\n", probesFile, p.line, p.run)
			continue
		}
		fmt.Fprintf(stdout, "%s:%d: differs in %s: %s\n", probesFile, p.line, strings.Join(differ, ", "), p.run)
		for _, stream := range differ {
			fmt.Fprintf(stdout, "  %s\n    container: %s\n    simulated: %s\n", stream, ctr.Stream(stream), sim.Stream(stream))
		}
	}
	if sim, ok := hosts[1].T.(*harness.SimTarget); ok {
		if note := harness.NotEmulatedNote(harness.NotEmulated(sim.Events())); note != "" {
			fmt.Fprintf(stdout, "%s\n", strings.Replace(note, "this verdict", "these results", 1))
		}
	}
	fmt.Fprintf(stdout, "%d of %d commands identical on %s (container and simulated host, as %s)\n", identical, len(probes), s.Name, as)
	if identical != len(probes) {
		return 1
	}
	return 0
}
