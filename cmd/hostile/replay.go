package main

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"sync"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/hostile-lab/hostile/harness"
	"github.com/hostile-lab/hostile/product"
	"github.com/hostile-lab/hostile/scenarios"
	"github.com/hostile-lab/hostile/simhost"
)

func init() { register(replayCommand) }

// replayOptions are replay's flags.
type replayOptions struct {
	names, clients             []string
	asJSON                     bool
	junit, transcripts, target string
	parallel                   int
}

func replayCommand() *cobra.Command {
	var o replayOptions
	cmd := &cobra.Command{
		Use:   "replay [--scenario NAME|FILE ...] [--client legacy|hardened|FILE ...] [flags]",
		Short: "replay scenarios against product clients and give a verdict for each",
		Long: `Replay each scenario against each client, each on a host of its own, and print a
verdict for each: pass or fail, what the scenario expects of that client, and why.
Exits 1 when a verdict differs from what the scenario expects.

--target is where each scenario's host runs:
  simulated  the simulated host, in this process (the default): milliseconds to start,
             every fault available, exact events, transcripts with --transcripts
  container  a real Debian container (real sshd, bash, sudo, PAM, glibc) built from the
             hostile-os images, behind a fault proxy; needs a Docker engine. A scenario
             whose faults a real OS cannot express is reported as skipped, not failed.

--client is the product's client:
  legacy     the reference client as shipped when the escalations hit
  hardened   the reference client with the fixes
  FILE       an external client: a YAML file naming a command per operation`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return status(replay(o, cmd.OutOrStdout(), cmd.ErrOrStderr()))
		},
	}
	f := cmd.Flags()
	f.StringArrayVar(&o.names, "scenario", nil, "a built-in scenario or a scenario file (repeatable; default: the whole library)")
	f.StringArrayVar(&o.clients, "client", nil, "legacy, hardened, or an external client's YAML file (repeatable; default: legacy and hardened)")
	f.BoolVar(&o.asJSON, "json", false, "print the verdicts as JSON instead of a table")
	f.StringVar(&o.junit, "junit", "", "also write the verdicts as JUnit XML to this file")
	f.StringVar(&o.transcripts, "transcripts", "", "write an asciicast transcript of every session into this directory (simulated target)")
	f.IntVar(&o.parallel, "parallel", 8, "replays to run at once, each against its own host")
	f.StringVar(&o.target, "target", "simulated", "where each scenario's host runs: "+joinNames(harness.TargetKinds())+" (see above)")
	return cmd
}

func replay(o replayOptions, stdout, stderr io.Writer) int {
	names, clients := o.names, o.clients
	if o.parallel < 1 {
		fmt.Fprintf(stderr, "hostile replay: --parallel %d: want at least 1\n", o.parallel)
		return 2
	}
	start, err := harness.LookupTarget(o.target)
	if err != nil {
		fmt.Fprintf(stderr, "hostile replay: --target %q: want one of %s\n", o.target, joinNames(harness.TargetKinds()))
		return 2
	}
	if o.target == "container" && o.transcripts != "" {
		fmt.Fprintln(stderr, "hostile replay: --transcripts: only a simulated host records transcripts")
		return 2
	}
	if len(names) == 0 {
		names = scenarios.Names()
	}
	if len(clients) == 0 {
		clients = []string{string(product.Legacy), string(product.Hardened)}
	}
	// A scenario that does not load is a row of its own with the loader's
	// file:line:col error; the others still run and are written.
	var loaded []*scenarios.Scenario
	loadErrs := map[*scenarios.Scenario]error{}
	for _, n := range names {
		s, err := scenarios.Open(n)
		if err != nil {
			s = &scenarios.Scenario{Name: n, File: n}
			loadErrs[s] = err
		}
		loaded = append(loaded, s)
	}
	for _, c := range clients {
		if _, err := newAdapter(c); err != nil {
			fmt.Fprintf(stderr, "hostile replay: --client %s: %v\n", c, err)
			return 2
		}
	}
	id, dir, err := tempIdentity("replay")
	if err != nil {
		fmt.Fprintf(stderr, "hostile replay: %v\n", err)
		return 1
	}
	defer removeTempDir(dir)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var opts []simhost.Option
	if o.transcripts != "" {
		opts = append(opts, simhost.WithTranscripts(o.transcripts))
	}

	progress := stderr
	if o.asJSON {
		progress = io.Discard
	}
	if external := externalClient(clients); external != "" {
		fmt.Fprintf(stderr, "hostile replay: sandbox: not restricted: --client %s runs a real program\n", external)
	} else if !confine(stderr, "replay", replayConfinement(dir, o.transcripts, o.junit, o.target)) {
		return 1
	}
	// Replays run side by side, each on its own host: most of a replay's time is
	// spent waiting on a client that hangs, not computing.
	type job struct {
		s      *scenarios.Scenario
		client string
	}
	var jobs []job
	for _, s := range loaded {
		for _, c := range clients {
			jobs = append(jobs, job{s, c})
		}
	}
	verdicts := make([]harness.Verdict, len(jobs))
	var mu sync.Mutex // the progress lines
	harness.ForEach(ctx, len(jobs), o.parallel, func(i int) {
		j := jobs[i]
		err := loadErrs[j.s] // a replay that could not be done becomes its row's Error
		if err == nil {
			// Transcripts are named for the scenario and the client, each session's unique.
			jobOpts := append(slices.Clip(opts), simhost.WithTranscriptLabel(j.s.Name+"-"+clientLabel(j.client)))
			verdicts[i], err = replayOne(ctx, start, j.s, j.client, id, jobOpts)
		}
		mu.Lock()
		defer mu.Unlock()
		var ne *harness.NotExpressibleError
		if errors.As(err, &ne) {
			// Not a failure: the scenario needs what only the simulated host has.
			verdicts[i] = harness.Verdict{Scenario: j.s.Name, Client: adapterName(j.client), Target: o.target, Skipped: ne.Error()}
			fmt.Fprintf(progress, "%-28s %-10s skipped: %s\n", j.s.Name, clientLabel(j.client), strings.Join(ne.Reasons, "; "))
			return
		}
		if err != nil {
			// One row that cannot run is an errored row; the others stand.
			msg := err.Error()
			if loadErrs[j.s] == nil && !strings.HasPrefix(msg, j.s.File) {
				msg = j.s.File + ": " + msg // where the scenario came from, when the error does not say
			}
			verdicts[i] = harness.Verdict{Scenario: j.s.Name, Client: adapterName(j.client), Target: o.target, Error: msg}
		}
		if verdicts[i].Error != "" {
			fmt.Fprintf(progress, "%-28s %-10s error: %s\n", j.s.Name, clientLabel(j.client), verdicts[i].Error)
			return
		}
		fmt.Fprintf(progress, "%-28s %-10s %s in %s\n", j.s.Name, clientLabel(j.client), verdicts[i].Result(), verdicts[i].Took.Round(time.Millisecond))
	})
	if ctx.Err() != nil {
		fmt.Fprintln(stderr, "hostile replay: interrupted")
		return 130
	}
	if o.asJSON {
		printJSON(stdout, verdictsJSON(verdicts))
	} else {
		printTable(stdout, verdicts)
	}
	if o.junit != "" {
		if err := writeJUnit(o.junit, verdicts); err != nil {
			fmt.Fprintf(stderr, "hostile replay: --junit: %v\n", err)
			return 1
		}
	}
	unexpected, errored := 0, 0
	for _, v := range verdicts {
		switch {
		case v.Error != "":
			errored++
		case !v.AsExpected():
			unexpected++
		}
	}
	if errored > 0 {
		fmt.Fprintf(stderr, "hostile replay: %d replay(s) could not be done (ERROR rows)\n", errored)
	}
	if unexpected > 0 {
		fmt.Fprintf(stderr, "hostile replay: %d verdict(s) differ from what the scenarios expect of their client\n", unexpected)
	}
	if errored+unexpected > 0 {
		return 1
	}
	return 0
}

func clientLabel(c string) string {
	if c == string(product.Legacy) || c == string(product.Hardened) {
		return c
	}
	return strings.TrimSuffix(strings.TrimSuffix(c[strings.LastIndex(c, "/")+1:], ".yaml"), ".yml")
}

// newAdapter makes the client a --client value names.
func newAdapter(c string) (harness.Adapter, error) {
	switch c {
	case string(product.Legacy), string(product.Hardened):
		return harness.NewGoClient(product.Profile(c)), nil
	}
	return harness.LoadExternal(c)
}

// adapterName is how verdicts name the client a --client value names.
func adapterName(c string) string {
	a, err := newAdapter(c)
	if err != nil {
		return clientLabel(c)
	}
	defer a.Close()
	return a.Name()
}

// replayOne starts s's host on a target of its own and replays s through the
// client a --client value names.
func replayOne(ctx context.Context, start harness.Starter, s *scenarios.Scenario, client string, id *harness.Identity, opts []simhost.Option) (harness.Verdict, error) {
	t, err := start(ctx, s, id, opts...)
	if err != nil {
		return harness.Verdict{}, err
	}
	defer t.Close()
	newClient := func() harness.Adapter { a, _ := newAdapter(client); return a } // --client was loaded once already
	twin := harness.WithTwin(func(ctx context.Context, twin *scenarios.Scenario) (harness.Target, error) {
		return start(ctx, twin, id, opts...)
	}, newClient)
	return harness.Replay(ctx, s, t, newClient, twin), nil
}

// printTable is the scenario x client table with each verdict and why.
func printTable(w io.Writer, vs []harness.Verdict) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SCENARIO\tCLIENT\tVERDICT\tEXPECTED\tTIME\tWHY")
	for _, v := range vs {
		mark := ""
		if !v.AsExpected() {
			mark = "  <-- unexpected"
		}
		expected := v.Expected
		if expected == "" {
			expected = "-"
		}
		why := strings.Join(v.Why, "; ")
		switch {
		case v.Error != "":
			why = v.Error
		case v.Skipped != "":
			why = v.Skipped
		}
		// A why of several lines (a loader's error, then "Killed") keeps the
		// table: its continuation lines go under the first, indented.
		lines := strings.Split(strings.TrimRight(why, "\n"), "\n")
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s%s\n", v.Scenario, v.Client, strings.ToUpper(string(v.Result())), expected,
			v.Took.Round(time.Millisecond), lines[0], mark)
		for _, l := range lines[1:] {
			fmt.Fprintf(tw, "\t\t\t\t\t  %s\n", l)
		}
	}
	tw.Flush()
}

// firstLine is s up to its first newline.
func firstLine(s string) string {
	first, _, _ := strings.Cut(s, "\n")
	return first
}

// writeJUnit writes one test case per verdict; a verdict that differs from
// what the scenario expects of its client is a failure, a replay that could
// not be done an error.
func writeJUnit(file string, vs []harness.Verdict) error {
	type failure struct {
		Message string `xml:"message,attr"`
		Text    string `xml:",chardata"`
	}
	type testcase struct {
		Name      string   `xml:"name,attr"`
		Classname string   `xml:"classname,attr"`
		Time      float64  `xml:"time,attr"`
		Failure   *failure `xml:"failure,omitempty"`
		Error     *failure `xml:"error,omitempty"`
		Skipped   *failure `xml:"skipped,omitempty"`
		SystemOut string   `xml:"system-out,omitempty"`
	}
	type suite struct {
		XMLName  xml.Name   `xml:"testsuite"`
		Name     string     `xml:"name,attr"`
		Tests    int        `xml:"tests,attr"`
		Failures int        `xml:"failures,attr"`
		Errors   int        `xml:"errors,attr"`
		Skipped  int        `xml:"skipped,attr"`
		Cases    []testcase `xml:"testcase"`
	}
	s := suite{Name: "hostile replay", Tests: len(vs)}
	for _, v := range vs {
		tc := testcase{Name: v.Scenario + " / " + v.Client, Classname: "hostile." + v.Target, Time: v.Took.Seconds(),
			SystemOut: string(v.Result()) + ": " + strings.Join(v.Why, "; ")}
		if v.Error != "" {
			tc.SystemOut = ""
		}
		if v.Skipped != "" {
			s.Skipped++
			tc.Skipped = &failure{Message: v.Skipped}
		}
		switch {
		case v.Error != "":
			// The replay could not be done: an error, not a failure of the product.
			s.Errors++
			tc.Error = &failure{Message: firstLine(v.Error), Text: v.Error}
		case !v.AsExpected():
			s.Failures++
			tc.Failure = &failure{Message: fmt.Sprintf("expected %s, got %s", v.Expected, v.Result()), Text: strings.Join(v.Why, "\n")}
		}
		s.Cases = append(s.Cases, tc)
	}
	out, err := xml.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(file, append([]byte(xml.Header), append(out, '\n')...), 0o644)
}

// verdictJSON is a verdict as --json prints it: stable lower-case names,
// seconds as numbers, the verdict as a string ("pass", "fail", "skipped",
// "error").
type verdictJSON struct {
	Scenario    string                 `json:"scenario"`
	Client      string                 `json:"client"`
	Target      string                 `json:"target"`
	Verdict     scenarios.Result       `json:"verdict"`
	Expected    scenarios.Result       `json:"expected,omitempty"`
	AsExpected  bool                   `json:"as_expected"`
	Seconds     float64                `json:"seconds"`
	Why         []string               `json:"why"`
	Operations  int                    `json:"operations"`
	Failed      int                    `json:"failed"`
	Hung        int                    `json:"hung"`
	Skipped     string                 `json:"skipped,omitempty"`
	Error       string                 `json:"error,omitempty"`
	NotEmulated []harness.ProgramCount `json:"not_emulated,omitempty"`
}

func verdictsJSON(vs []harness.Verdict) []verdictJSON {
	out := make([]verdictJSON, len(vs))
	for i, v := range vs {
		why := v.Why
		if why == nil {
			why = []string{}
		}
		out[i] = verdictJSON{Scenario: v.Scenario, Client: v.Client, Target: v.Target, Verdict: v.Result(),
			Expected: v.Expected, AsExpected: v.AsExpected(), Seconds: v.Took.Seconds(), Why: why,
			Operations: v.Ops, Failed: v.Failed, Hung: v.Hung, Skipped: v.Skipped, Error: v.Error,
			NotEmulated: v.NotEmulated}
	}
	return out
}
