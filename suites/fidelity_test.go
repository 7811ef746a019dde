package suites_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"go.yaml.in/yaml/v3"

	"github.com/hostile-lab/hostile/harness"
	"github.com/hostile-lab/hostile/harness/hostiletest"
	"github.com/hostile-lab/hostile/internal/syncbuf"
	"github.com/hostile-lab/hostile/scenarios"
	"github.com/hostile-lab/hostile/simhost/machine"
)

// The differential suite: every probe of each testdata/probes*.yaml (a corpus
// with its own fixtures, one file per family of products) runs over SSH on
// a real Debian container and on the simulated host serving the same scenario,
// and stdout, stderr and exit status must be the same bytes once the
// normalisations below have removed what must differ between two machines.
//
// Each spec is one scenario's corpus on a container and a simulated host of
// its own, exactly as if it ran alone; the runs overlap (fidelityRuns) because
// a run spends most of its time waiting on one SSH session at a time, and the
// specs, in their order, each take their run's report.
var _ = Describe(fidelityDescribe, Ordered, ContinueOnFailure, Label(fidelityLabels...), func() {
	files, err := filepath.Glob("testdata/probes*.yaml")
	if err != nil || len(files) == 0 {
		panic(fmt.Sprintf("no corpus testdata/probes*.yaml: %v", err))
	}
	var jobs []fidelityJob
	var runs *overlap[fidelityOutcome]
	for _, file := range files {
		corpus, err := loadCorpus(file, fidelityScenarios)
		if err != nil {
			panic(err) // a broken corpus is a broken suite: say where at once
		}
		for _, name := range fidelityScenarios {
			j := fidelityJob{scenario: name, file: file, corpus: corpus}
			jobs = append(jobs, j)
			It(j.text(), func(ctx SpecContext) {
				hostiletest.NeedDocker()
				out, log, err := runs.result(ctx, j.key(), j.run)
				fmt.Fprint(GinkgoWriter, log)
				Expect(err).NotTo(HaveOccurred())
				Expect(out.err).NotTo(HaveOccurred())
				r := out.report
				fmt.Fprint(GinkgoWriter, r.table())
				path, err := r.write()
				Expect(err).NotTo(HaveOccurred())
				fmt.Fprintf(GinkgoWriter, "report: %s\n", path)
				AddReportEntry(name+" "+filepath.Base(file)+" fidelity", fmt.Sprintf("%d/%d probes match; report %s", r.matched, len(r.rows), path))

				Expect(r.unexpected()).To(BeEmpty(), "probes that differ and are not marked as known (see %s)", path)
				Expect(r.stale()).To(BeEmpty(), "probes marked as known differences that now match: remove the mark")
			})
		}
	}

	BeforeAll(func() {
		if harness.RequireDocker() != nil {
			return // each spec skips, or fails under HOSTILE_REQUIRE_DOCKER=1
		}
		// The largest corpora first: the last to start is then a small one.
		slices.SortStableFunc(jobs, func(a, b fidelityJob) int { return len(b.corpus.Probes) - len(a.corpus.Probes) })
		var work []overlapJob[fidelityOutcome]
		for _, j := range jobs {
			work = append(work, overlapJob[fidelityOutcome]{key: j.key(), run: j.run})
		}
		runs = startOverlap(chosen(work, fidelityLabels), fidelityParallelRuns)
		DeferCleanup(runs.stop)
	})
})

const fidelityDescribe = "fidelity: the simulated host answers as a real Debian does"

var fidelityLabels = []string{"container", "fidelity"}

// fidelityParallelRuns is how many scenario/corpus runs overlap: each is a
// container and a simulated host, each mostly waiting on one SSH session at
// a time.
const fidelityParallelRuns = 4

// fidelityRunTimeout bounds one run from its start (both hosts' start and the
// whole corpus on each), as the spec's timeout did when each spec ran its
// own; a spec waits for its run however long the runs before it took.
const fidelityRunTimeout = 10 * time.Minute

// fidelityJob is one spec's work: a scenario's hosts running one corpus.
type fidelityJob struct {
	scenario, file string
	corpus         *probeCorpus
}

// fidelityOutcome is what a job came to.
type fidelityOutcome struct {
	report *fidelityReport
	err    error
}

func (j fidelityJob) text() string {
	return j.scenario + ": every probe of " + filepath.Base(j.file) + " gives the container's bytes, or is a known difference with its reason"
}

// key is the spec's full text, as Ginkgo's filters match it.
func (j fidelityJob) key() string { return fidelityDescribe + " " + j.text() }

// run starts j's two hosts, runs the corpus on both at once (each in its
// order), ends the hosts and compares what they gave. Its progress (a base
// image build) goes to log.
func (j fidelityJob) run(ctx context.Context, log *syncbuf.Buffer) fidelityOutcome {
	ctx, cancel := context.WithTimeout(ctx, fidelityRunTimeout)
	defer cancel()
	report, err := j.compare(ctx, log)
	return fidelityOutcome{report, err}
}

func (j fidelityJob) compare(ctx context.Context, log io.Writer) (report *fidelityReport, err error) {
	s, err := scenarios.Get(j.scenario)
	if err != nil {
		return nil, err
	}
	for _, u := range j.corpus.Users {
		if !slices.ContainsFunc(s.Host.Users, func(have machine.User) bool { return have.Name == u }) {
			s.Host.Users = append(s.Host.Users, machine.User{Name: u, Password: u})
		}
	}
	began := time.Now()
	ctr, sim, stop, err := startBoth(ctx, s, log)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(log, "both hosts started in %s\n", time.Since(began).Round(time.Millisecond))
	defer func() {
		if stopErr := stop(); stopErr != nil && err == nil {
			report, err = nil, stopErr
		}
	}()

	var results [2][]probeResult
	var errs [2]error
	var wg sync.WaitGroup
	for i, h := range []*probeHost{ctr, sim} {
		wg.Go(func() {
			began := time.Now()
			results[i], errs[i] = runCorpus(ctx, h, j.corpus)
			fmt.Fprintf(log, "%s: the corpus ran in %s\n", h.Kind, time.Since(began).Round(time.Millisecond))
		})
	}
	wg.Wait()
	if err := errors.Join(errs[:]...); err != nil {
		return nil, err
	}
	return compareCorpus(j.scenario, j.file, j.corpus, results[0], results[1], ctr.Kernel, sim.Kernel), nil
}

// fidelityScenarios are the scenarios whose personality a container expresses
// fully; rhel7 and solaris10 run on a Debian base in containers, so comparing
// them would measure Debian against the personality, not the simulated host.
var fidelityScenarios = []string{"healthy-debian12", "healthy-debian11"}

// probeCorpus is one testdata/probes*.yaml (probes.yaml's header says what
// each field means).
type probeCorpus struct {
	Users    []string `yaml:"users"`
	Fixtures string   `yaml:"fixtures"`
	Uploads  []struct {
		Path string `yaml:"path"`
		Arch string `yaml:"arch"`
		Libc string `yaml:"libc"`
	} `yaml:"uploads"`
	Probes []probe `yaml:"probes"`
}

type probe struct {
	Run  string
	As   string
	Note string
	// Stdin is the text the session's stdin carries before EOF: the
	// command text of a client that drives a shell by its stdin.
	Stdin string
	// Known maps a scenario to the reason its difference cannot be removed.
	Known map[string]string
	Line  int
}

func (p *probe) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("line %d: a probe is a mapping (run, stdin, as, note, known)", n.Line)
	}
	p.Line, p.As = n.Line, "app"
	for i := 0; i < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		switch k.Value {
		case "run":
			p.Run = v.Value
		case "as":
			p.As = v.Value
		case "note":
			p.Note = v.Value
		case "stdin":
			p.Stdin = v.Value
		case "known":
			switch v.Kind {
			case yaml.ScalarNode:
				p.Known = map[string]string{"*": v.Value}
			default:
				if err := v.Decode(&p.Known); err != nil {
					return fmt.Errorf("line %d: known: a reason, or a mapping of scenario to reason: %w", v.Line, err)
				}
			}
		default:
			return fmt.Errorf("line %d: unknown field %q in a probe (run, stdin, as, note, known)", k.Line, k.Value)
		}
	}
	return nil
}

// knownReason is why p may differ on scenario, or "".
func (p probe) knownReason(scenario string) string {
	if r := p.Known[scenario]; r != "" {
		return r
	}
	return p.Known["*"]
}

func loadCorpus(file string, scenarioNames []string) (*probeCorpus, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var c probeCorpus
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	users := append([]string{"app"}, c.Users...)
	var problems []string
	for _, p := range c.Probes {
		if strings.TrimSpace(p.Run) == "" {
			problems = append(problems, fmt.Sprintf("%s:%d: run: a probe needs a command", file, p.Line))
		}
		if !slices.Contains(users, p.As) {
			problems = append(problems, fmt.Sprintf("%s:%d: as: %q is none of the users %v", file, p.Line, p.As, users))
		}
		for sc, reason := range p.Known {
			if sc != "*" && !slices.Contains(scenarioNames, sc) {
				problems = append(problems, fmt.Sprintf("%s:%d: known: %q is none of the scenarios %v", file, p.Line, sc, scenarioNames))
			}
			if strings.TrimSpace(reason) == "" {
				problems = append(problems, fmt.Sprintf("%s:%d: known: a known difference needs its reason", file, p.Line))
			}
		}
	}
	if len(problems) > 0 {
		return nil, errors.New(strings.Join(problems, "\n"))
	}
	return &c, nil
}

// probeHost is one target with an SSH connection per user (harness's
// differential machinery).
type probeHost = harness.ProbeHost

// probeResult is what one exec session gave.
type probeResult = harness.ProbeResult

// startBoth starts the container and the simulated host for s; stop ends
// them (their connections, then the hosts).
func startBoth(ctx context.Context, s *scenarios.Scenario, log io.Writer) (ctr, sim *probeHost, stop func() error, err error) {
	ct, err := harness.StartContainer(ctx, s, hostiletest.Key(), harness.WithBuildLog(log))
	if err != nil {
		return nil, nil, nil, err
	}
	uname := func(flag string) (string, error) {
		out, stderr, code, err := ct.Exec(ctx, "uname", flag)
		if err == nil && code != 0 {
			err = fmt.Errorf("container: uname %s exited %d: %s", flag, code, stderr)
		}
		return strings.TrimSuffix(out, "\n"), err
	}
	release, err := uname("-r")
	if err != nil {
		ct.Close()
		return nil, nil, nil, err
	}
	version, err := uname("-v")
	if err != nil {
		ct.Close()
		return nil, nil, nil, err
	}
	ctr = harness.NewProbeHost("container", ct, harness.Kernel{Release: release, Version: version})

	// The simulated host is described as the machine the container runs on:
	// its processors, memory and limits are what two real hosts differ in.
	hw, err := ctr.Hardware(ctx)
	if err != nil {
		ct.Close()
		return nil, nil, nil, err
	}
	s.Host.Hardware = hw
	st, err := harness.StartSim(ctx, s, hostiletest.Key())
	if err != nil {
		ct.Close()
		return nil, nil, nil, err
	}
	u := st.Host.Machine().P.Uname
	sim = harness.NewProbeHost("simulated", st, harness.Kernel{Release: u.Release, Version: u.Version})
	return ctr, sim, func() error {
		sim.Close()
		ctr.Close()
		return errors.Join(st.Close(), ct.Close())
	}, nil
}

// runCorpus lays out the fixtures and uploads as root, then runs every probe
// in order.
func runCorpus(ctx context.Context, h *probeHost, c *probeCorpus) ([]probeResult, error) {
	setup, err := h.Exec(ctx, "root", c.Fixtures, nil)
	if err != nil {
		return nil, err
	}
	if setup.Exit != 0 || setup.Stderr != "" {
		return nil, fmt.Errorf("%s: the fixtures failed (exit %d): %s", h.Kind, setup.Exit, setup.Stderr)
	}
	for _, u := range c.Uploads {
		bin, err := harness.BuildBinary(scenarios.BinarySpec{Arch: u.Arch, Libc: u.Libc})
		if err != nil {
			return nil, err
		}
		r, err := h.Exec(ctx, "root", fmt.Sprintf("cat > %[1]s && chmod 755 %[1]s", u.Path), bin)
		if err != nil {
			return nil, err
		}
		if r.Exit != 0 {
			return nil, fmt.Errorf("%s: upload %s (exit %d): %s", h.Kind, u.Path, r.Exit, r.Stderr)
		}
	}
	results := make([]probeResult, len(c.Probes))
	for i, p := range c.Probes {
		var stdin []byte
		if p.Stdin != "" {
			stdin = []byte(p.Stdin)
		}
		if results[i], err = h.Exec(ctx, p.As, p.Run, stdin); err != nil {
			return nil, err
		}
	}
	return results, nil
}

// fidelityReport is the comparison of one scenario's corpus.
type fidelityReport struct {
	scenario string
	corpus   string // the file's base name
	rows     []fidelityRow
	matched  int
}

type fidelityRow struct {
	probe    probe
	ctr, sim probeResult // normalised
	differ   []string    // "stdout", "stderr", "exit"
	known    string
}

func compareCorpus(scenario, file string, c *probeCorpus, ctr, sim []probeResult, ctrK, simK harness.Kernel) *fidelityReport {
	r := &fidelityReport{scenario: scenario, corpus: filepath.Base(file)}
	ctrN, simN := harness.NormaliserFor(ctrK), harness.NormaliserFor(simK)
	for i, p := range c.Probes {
		row := fidelityRow{probe: p, known: p.knownReason(scenario)}
		row.ctr, row.sim = ctr[i].Normalise(ctrN), sim[i].Normalise(simN)
		row.differ = harness.Differences(row.ctr, row.sim)
		if len(row.differ) == 0 {
			r.matched++
		}
		r.rows = append(r.rows, row)
	}
	return r
}

// unexpected lists the probes that differ with no known reason.
func (r *fidelityReport) unexpected() []string {
	var out []string
	for _, row := range r.rows {
		if len(row.differ) > 0 && row.known == "" {
			out = append(out, r.corpus+":"+row.title())
		}
	}
	return out
}

// stale lists the probes marked as known differences that match.
func (r *fidelityReport) stale() []string {
	var out []string
	for _, row := range r.rows {
		if len(row.differ) == 0 && row.known != "" {
			out = append(out, r.corpus+":"+row.title())
		}
	}
	return out
}

func (row fidelityRow) title() string {
	return fmt.Sprintf("%d %s: %s", row.probe.Line, row.probe.As, oneLine(row.probe.Run))
}

func oneLine(s string) string {
	s = strings.ReplaceAll(strings.TrimSuffix(s, "\n"), "\n", "⏎")
	if len(s) > 70 {
		s = s[:67] + "..."
	}
	return s
}

// table is the summary and one line per probe that differs.
func (r *fidelityReport) table() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: %d/%d probes match (%.1f%%)\n", r.scenario, r.corpus, r.matched, len(r.rows), 100*float64(r.matched)/float64(len(r.rows)))
	w := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "LINE\tUSER\tPROBE\tDIFFERS IN\tKNOWN")
	for _, row := range r.rows {
		if len(row.differ) == 0 {
			continue
		}
		known := "NO"
		if row.known != "" {
			known = "yes: " + row.known
		}
		fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\n", row.probe.Line, row.probe.As, oneLine(row.probe.Run), strings.Join(row.differ, ","), known)
	}
	w.Flush()
	return b.String()
}

// write puts the table and, for each probe that differs, both hosts' bytes in
// out/fidelity/ at the repository's root (ignored by git; one file per
// scenario and corpus, replaced by each run), so a run leaves nothing in the
// machine's temp directory and the reports are where the user looks.
func (r *fidelityReport) write() (string, error) {
	var b strings.Builder
	b.WriteString(r.table())
	b.WriteString("\nnormalised on both sides:\n")
	for _, n := range harness.Normalisations {
		fmt.Fprintf(&b, "  %s -> %s\n", n.Why, n.With)
	}
	for _, row := range r.rows {
		if len(row.differ) == 0 {
			continue
		}
		fmt.Fprintf(&b, "\n=== %s:%s\n", r.corpus, row.title())
		if row.probe.Stdin != "" {
			fmt.Fprintf(&b, "stdin: %q\n", row.probe.Stdin)
		}
		if row.probe.Note != "" {
			fmt.Fprintf(&b, "note: %s\n", row.probe.Note)
		}
		if row.known != "" {
			fmt.Fprintf(&b, "known: %s\n", row.known)
		}
		for _, stream := range row.differ {
			ctr, sim := row.ctr.Stream(stream), row.sim.Stream(stream)
			fmt.Fprintf(&b, "%s\n  container: %s\n  simulated: %s\n", stream, ctr, sim)
		}
	}
	dir := filepath.Join("..", "out", "fidelity")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	path := filepath.Join(dir, r.scenario+"-"+strings.TrimSuffix(r.corpus, ".yaml")+".txt")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		return "", err
	}
	return filepath.Abs(path)
}
