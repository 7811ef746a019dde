package suites_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
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
	"github.com/hostile-lab/hostile/scenarios"
	"github.com/hostile-lab/hostile/simhost/machine"
)

// The differential suite: every probe of each testdata/probes*.yaml (a corpus
// with its own fixtures, one file per family of products) runs over SSH on
// a real Debian container and on the simulated host serving the same scenario,
// and stdout, stderr and exit status must be the same bytes once the
// normalisations below have removed what must differ between two machines.
var _ = Describe("fidelity: the simulated host answers as a real Debian does", Label("container", "fidelity"), func() {
	files, err := filepath.Glob("testdata/probes*.yaml")
	if err != nil || len(files) == 0 {
		panic(fmt.Sprintf("no corpus testdata/probes*.yaml: %v", err))
	}
	for _, file := range files {
		corpus, err := loadCorpus(file, fidelityScenarios)
		if err != nil {
			panic(err) // a broken corpus is a broken suite: say where at once
		}
		for _, name := range fidelityScenarios {
			It(name+": every probe of "+filepath.Base(file)+" gives the container's bytes, or is a known difference with its reason", func(ctx SpecContext) {
				hostiletest.NeedDocker()
				s := scenario(name)
				for _, u := range corpus.Users {
					if !slices.ContainsFunc(s.Host.Users, func(have machine.User) bool { return have.Name == u }) {
						s.Host.Users = append(s.Host.Users, machine.User{Name: u, Password: u})
					}
				}
				ctr, sim := startBoth(ctx, s)

				// Both hosts run the corpus at once, each in its order.
				var results [2][]probeResult
				var errs [2]error
				var wg sync.WaitGroup
				for i, h := range []*probeHost{ctr, sim} {
					wg.Add(1)
					go func() {
						defer wg.Done()
						results[i], errs[i] = runCorpus(ctx, h, corpus)
					}()
				}
				wg.Wait()
				Expect(errors.Join(errs[:]...)).NotTo(HaveOccurred())

				r := compareCorpus(name, file, corpus, results[0], results[1], ctr.Kernel, sim.Kernel)
				fmt.Fprint(GinkgoWriter, r.table())
				path, err := r.write()
				Expect(err).NotTo(HaveOccurred())
				fmt.Fprintf(GinkgoWriter, "report: %s\n", path)
				AddReportEntry(name+" "+filepath.Base(file)+" fidelity", fmt.Sprintf("%d/%d probes match; report %s", r.matched, len(r.rows), path))

				Expect(r.unexpected()).To(BeEmpty(), "probes that differ and are not marked as known (see %s)", path)
				Expect(r.stale()).To(BeEmpty(), "probes marked as known differences that now match: remove the mark")
			}, SpecTimeout(10*time.Minute))
		}
	}
})

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
	// Known maps a scenario to the reason its difference cannot be removed.
	Known map[string]string
	Line  int
}

func (p *probe) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("line %d: a probe is a mapping (run, as, note, known)", n.Line)
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
			return fmt.Errorf("line %d: unknown field %q in a probe (run, as, note, known)", k.Line, k.Value)
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

// startBoth starts the container and the simulated host for s; both close
// when the spec ends.
func startBoth(ctx context.Context, s *scenarios.Scenario) (ctr, sim *probeHost) {
	GinkgoHelper()
	ct, err := harness.StartContainer(ctx, s, identity, harness.WithBuildLog(GinkgoWriter))
	Expect(err).NotTo(HaveOccurred())
	DeferCleanup(ct.Close)
	uname := func(flag string) string {
		out, stderr, code, err := ct.Exec(ctx, "uname", flag)
		Expect(err).NotTo(HaveOccurred())
		Expect(code).To(Equal(0), stderr)
		return strings.TrimSuffix(out, "\n")
	}
	ctr = harness.NewProbeHost("container", ct, harness.Kernel{Release: uname("-r"), Version: uname("-v")})

	// The simulated host is described as the machine the container runs on:
	// its processors, memory and limits are what two real hosts differ in.
	hw, err := ctr.Hardware(ctx)
	Expect(err).NotTo(HaveOccurred())
	s.Host.Hardware = hw
	st := simulated(s)
	u := st.Host.Machine().P.Uname
	sim = harness.NewProbeHost("simulated", st, harness.Kernel{Release: u.Release, Version: u.Version})
	for _, h := range []*probeHost{ctr, sim} {
		DeferCleanup(h.Close)
	}
	return ctr, sim
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
		if results[i], err = h.Exec(ctx, p.As, p.Run, nil); err != nil {
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
// a file under $TMPDIR (one per scenario, replaced by each run).
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
	path := filepath.Join(os.TempDir(), "hostile-fidelity-"+r.scenario+"-"+strings.TrimSuffix(r.corpus, ".yaml")+".txt")
	return path, os.WriteFile(path, []byte(b.String()), 0o644)
}
