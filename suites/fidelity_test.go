package suites_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"go.yaml.in/yaml/v3"
	gossh "golang.org/x/crypto/ssh"

	"github.com/hostile-lab/hostile/harness"
	"github.com/hostile-lab/hostile/scenarios"
	"github.com/hostile-lab/hostile/simhost/machine"
)

// The differential suite: every probe of testdata/probes.yaml runs over SSH on
// a real Debian container and on the simulated host serving the same scenario,
// and stdout, stderr and exit status must be the same bytes once the
// normalisations below have removed what must differ between two machines.
var _ = Describe("fidelity: the simulated host answers as a real Debian does", Label("container", "fidelity"), func() {
	const corpusFile = "testdata/probes.yaml"
	corpus, err := loadCorpus(corpusFile, fidelityScenarios)
	if err != nil {
		panic(err) // a broken corpus is a broken suite: say where at once
	}

	for _, name := range fidelityScenarios {
		It(name+": every probe of the corpus gives the container's bytes, or is a known difference with its reason", func(ctx SpecContext) {
			harness.NeedDocker()
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
					results[i], errs[i] = h.runCorpus(ctx, corpus)
				}()
			}
			wg.Wait()
			Expect(errors.Join(errs[:]...)).NotTo(HaveOccurred())

			r := compareCorpus(name, corpus, results[0], results[1], ctr.kernel, sim.kernel)
			fmt.Fprint(GinkgoWriter, r.table())
			path, err := r.write()
			Expect(err).NotTo(HaveOccurred())
			fmt.Fprintf(GinkgoWriter, "report: %s\n", path)
			AddReportEntry(name+" fidelity", fmt.Sprintf("%d/%d probes match; report %s", r.matched, len(r.rows), path))

			Expect(r.unexpected()).To(BeEmpty(), "probes that differ and are not marked as known (see %s)", path)
			Expect(r.stale()).To(BeEmpty(), "probes marked as known differences that now match: remove the mark")
		}, SpecTimeout(10*time.Minute))
	}
})

// fidelityScenarios are the scenarios whose personality a container expresses
// fully; rhel7 and solaris10 run on a Debian base in containers, so comparing
// them would measure Debian against the personality, not the simulated host.
var fidelityScenarios = []string{"healthy-debian12", "healthy-debian11"}

// normalisations are everything the comparison forgives, in one place: only
// what two machines must differ in, applied to both sides alike.
var normalisations = []normalisation{
	{
		why:  "a container runs the engine's kernel, whatever the personality's uname says",
		find: func(k kernel) string { return regexp.QuoteMeta(k.release) },
		with: "<kernel-release>",
	},
	{
		why:  "the kernel's build string, as above",
		find: func(k kernel) string { return regexp.QuoteMeta(k.version) },
		with: "<kernel-version>",
	},
	{
		why:  "ls -l shows a recent file's time of day: the moment the probe made it",
		find: fixed(`\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ 123]\d [ 012]\d:[0-5]\d\b`),
		with: "<mtime>",
	},
	{
		why:  "stat's access, modify, change and birth times are the run's",
		find: fixed(`\b\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{9} [+-]\d{4}\b`),
		with: "<time>",
	},
	{
		why:  "inode numbers are the filesystem's (with stat's padding, which follows their width)",
		find: fixed(`\bInode: \d+ +`),
		with: "Inode: <inode> ",
	},
	{
		why:  "device numbers are the engine's (an overlay) or the simulated host's",
		find: fixed(`\bDevice: [0-9a-f]+h/\d+d|\bDevice: \d+,\d+`),
		with: "Device: <device>",
	},
	{
		why:  "the image is built from the live Debian mirror, so a package's security revision (+deb12uN) is the mirror's of the day",
		find: fixed(`\+deb(\d+)u\d+\b`),
		with: "+deb${1}u<N>",
	},
	{
		why:  "ldd's load addresses are randomised by the kernel (ASLR) on every run",
		find: fixed(`\(0x[0-9a-f]{16}\)`),
		with: "(<address>)",
	},
}

// normalisation replaces what find matches (an expression, which may depend
// on the host's kernel) with a placeholder.
type normalisation struct {
	why  string
	find func(kernel) string
	with string
}

func fixed(expr string) func(kernel) string { return func(kernel) string { return expr } }

// kernel is what uname says of the kernel a host runs.
type kernel struct{ release, version string }

// normaliserFor applies every normalisation, as it reads for a host with
// kernel k, to a stream of that host.
func normaliserFor(k kernel) func(string) string {
	type rule struct {
		re   *regexp.Regexp
		with string
	}
	var rules []rule
	for _, n := range normalisations {
		if expr := n.find(k); expr != "" {
			rules = append(rules, rule{regexp.MustCompile(expr), n.with})
		}
	}
	return func(s string) string {
		for _, r := range rules {
			s = r.re.ReplaceAllString(s, r.with)
		}
		return s
	}
}

// probeCorpus is testdata/probes.yaml (its header says what each field means).
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

// probeHost is one target with an SSH connection per user.
type probeHost struct {
	kind    string
	t       harness.Target
	kernel  kernel
	mu      sync.Mutex
	clients map[string]*gossh.Client
}

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
	ctr = &probeHost{kind: "container", t: ct, kernel: kernel{uname("-r"), uname("-v")}, clients: map[string]*gossh.Client{}}

	// The simulated host is described as the machine the container runs on:
	// its processors, memory and limits are what two real hosts differ in.
	s.Host.Hardware = ctr.hardware(ctx)
	st := simulated(s)
	u := st.Host.Machine().P.Uname
	sim = &probeHost{kind: "simulated", t: st, kernel: kernel{u.Release, u.Version}, clients: map[string]*gossh.Client{}}
	for _, h := range []*probeHost{ctr, sim} {
		DeferCleanup(h.close)
	}
	return ctr, sim
}

// hardware reads what /proc, /sys and ulimit say of the engine's machine in
// a session of the container, as a host description gives it.
func (h *probeHost) hardware(ctx context.Context) machine.Hardware {
	GinkgoHelper()
	const script = `grep -c ^processor /proc/cpuinfo
grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | cut -c2-
grep ^MemTotal: /proc/meminfo | tr -s ' ' | cut -d' ' -f2
grep ^SwapTotal: /proc/meminfo | tr -s ' ' | cut -d' ' -f2
cat /proc/sys/fs/file-max
cat /sys/class/net/eth0/mtu
ulimit -n; ulimit -Hn; ulimit -u; ulimit -s`
	r, err := h.exec(ctx, "root", script, nil)
	Expect(err).NotTo(HaveOccurred())
	Expect(r.Exit).To(Equal(0), r.Stderr)
	out := r.Stdout
	f := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	Expect(f).To(HaveLen(10), "the container's hardware facts: %q", out)
	num := func(s string) int64 {
		n, err := strconv.ParseInt(s, 10, 64)
		Expect(err).NotTo(HaveOccurred(), "a number in the container's hardware facts %q", out)
		return n
	}
	return machine.Hardware{
		CPUs: int(num(f[0])), CPUModel: f[1], Memory: num(f[2]) << 10, Swap: num(f[3]) << 10, FileMax: num(f[4]),
		NICs:   []machine.NIC{{Name: "eth0", MTU: int(num(f[5]))}},
		Limits: machine.Limits{OpenFiles: int(num(f[6])), OpenFilesHard: int(num(f[7])), Processes: int(num(f[8])), StackKiB: int(num(f[9]))},
	}
}

func (h *probeHost) client(user string) (*gossh.Client, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if c := h.clients[user]; c != nil {
		return c, nil
	}
	cred := h.t.Credentials(user)
	c, err := gossh.Dial("tcp", h.t.Addr(), &gossh.ClientConfig{
		User: user, Auth: []gossh.AuthMethod{gossh.PublicKeys(cred.Signer)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 20 * time.Second,
	})
	if err != nil {
		return nil, fmt.Errorf("%s: log in as %s: %w", h.kind, user, err)
	}
	h.clients[user] = c
	return c, nil
}

func (h *probeHost) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, c := range h.clients {
		c.Close()
	}
}

// probeResult is what one exec session gave; Exit is -1 when the session
// ended without an exit status.
type probeResult struct {
	Stdout, Stderr string
	Exit           int
}

// probeTimeout bounds one probe: a probe that outlives it is a hang, reported
// as a difference rather than stalling the suite.
const probeTimeout = 20 * time.Second

// exec runs cmd as user in a session of its own, stdin closed unless given.
func (h *probeHost) exec(ctx context.Context, user, cmd string, stdin []byte) (probeResult, error) {
	c, err := h.client(user)
	if err != nil {
		return probeResult{}, err
	}
	sess, err := c.NewSession()
	if err != nil {
		return probeResult{}, fmt.Errorf("%s: open a session as %s: %w", h.kind, user, err)
	}
	defer sess.Close()
	var out, errb bytes.Buffer
	sess.Stdout, sess.Stderr = &out, &errb
	if stdin != nil {
		sess.Stdin = bytes.NewReader(stdin)
	}
	done := make(chan error, 1)
	go func() { done <- sess.Run(cmd) }()
	var runErr error
	select {
	case runErr = <-done:
	case <-time.After(probeTimeout):
		sess.Close()
		<-done
		return probeResult{Stdout: out.String(), Stderr: errb.String() + fmt.Sprintf("<no end after %s>", probeTimeout), Exit: -1}, nil
	case <-ctx.Done():
		sess.Close()
		<-done
		return probeResult{}, ctx.Err()
	}
	r := probeResult{Stdout: out.String(), Stderr: errb.String()}
	var exitErr *gossh.ExitError
	var missing *gossh.ExitMissingError
	switch {
	case runErr == nil:
	case errors.As(runErr, &exitErr):
		r.Exit = exitErr.ExitStatus()
	case errors.As(runErr, &missing):
		r.Exit = -1
	default:
		return probeResult{}, fmt.Errorf("%s: run %q as %s: %w", h.kind, cmd, user, runErr)
	}
	return r, nil
}

// runCorpus lays out the fixtures and uploads as root, then runs every probe
// in order.
func (h *probeHost) runCorpus(ctx context.Context, c *probeCorpus) ([]probeResult, error) {
	setup, err := h.exec(ctx, "root", c.Fixtures, nil)
	if err != nil {
		return nil, err
	}
	if setup.Exit != 0 || setup.Stderr != "" {
		return nil, fmt.Errorf("%s: the fixtures failed (exit %d): %s", h.kind, setup.Exit, setup.Stderr)
	}
	for _, u := range c.Uploads {
		bin, err := harness.BuildBinary(scenarios.BinarySpec{Arch: u.Arch, Libc: u.Libc})
		if err != nil {
			return nil, err
		}
		r, err := h.exec(ctx, "root", fmt.Sprintf("cat > %[1]s && chmod 755 %[1]s", u.Path), bin)
		if err != nil {
			return nil, err
		}
		if r.Exit != 0 {
			return nil, fmt.Errorf("%s: upload %s (exit %d): %s", h.kind, u.Path, r.Exit, r.Stderr)
		}
	}
	results := make([]probeResult, len(c.Probes))
	for i, p := range c.Probes {
		if results[i], err = h.exec(ctx, p.As, p.Run, nil); err != nil {
			return nil, err
		}
	}
	return results, nil
}

// fidelityReport is the comparison of one scenario's corpus.
type fidelityReport struct {
	scenario string
	rows     []fidelityRow
	matched  int
}

type fidelityRow struct {
	probe    probe
	ctr, sim probeResult // normalised
	differ   []string    // "stdout", "stderr", "exit"
	known    string
}

func compareCorpus(scenario string, c *probeCorpus, ctr, sim []probeResult, ctrK, simK kernel) *fidelityReport {
	r := &fidelityReport{scenario: scenario}
	ctrN, simN := normaliserFor(ctrK), normaliserFor(simK)
	for i, p := range c.Probes {
		row := fidelityRow{probe: p, known: p.knownReason(scenario)}
		row.ctr = probeResult{ctrN(ctr[i].Stdout), ctrN(ctr[i].Stderr), ctr[i].Exit}
		row.sim = probeResult{simN(sim[i].Stdout), simN(sim[i].Stderr), sim[i].Exit}
		if row.ctr.Stdout != row.sim.Stdout {
			row.differ = append(row.differ, "stdout")
		}
		if row.ctr.Stderr != row.sim.Stderr {
			row.differ = append(row.differ, "stderr")
		}
		if row.ctr.Exit != row.sim.Exit {
			row.differ = append(row.differ, "exit")
		}
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
			out = append(out, row.title())
		}
	}
	return out
}

// stale lists the probes marked as known differences that match.
func (r *fidelityReport) stale() []string {
	var out []string
	for _, row := range r.rows {
		if len(row.differ) == 0 && row.known != "" {
			out = append(out, row.title())
		}
	}
	return out
}

func (row fidelityRow) title() string {
	return fmt.Sprintf("probes.yaml:%d %s: %s", row.probe.Line, row.probe.As, oneLine(row.probe.Run))
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
	fmt.Fprintf(&b, "%s: %d/%d probes match (%.1f%%)\n", r.scenario, r.matched, len(r.rows), 100*float64(r.matched)/float64(len(r.rows)))
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
	for _, n := range normalisations {
		fmt.Fprintf(&b, "  %s -> %s\n", n.why, n.with)
	}
	for _, row := range r.rows {
		if len(row.differ) == 0 {
			continue
		}
		fmt.Fprintf(&b, "\n=== %s\n", row.title())
		if row.probe.Note != "" {
			fmt.Fprintf(&b, "note: %s\n", row.probe.Note)
		}
		if row.known != "" {
			fmt.Fprintf(&b, "known: %s\n", row.known)
		}
		for _, stream := range row.differ {
			ctr, sim := row.ctr.stream(stream), row.sim.stream(stream)
			fmt.Fprintf(&b, "%s\n  container: %s\n  simulated: %s\n", stream, ctr, sim)
		}
	}
	path := filepath.Join(os.TempDir(), "hostile-fidelity-"+r.scenario+".txt")
	return path, os.WriteFile(path, []byte(b.String()), 0o644)
}

func (p probeResult) stream(name string) string {
	switch name {
	case "stdout":
		return fmt.Sprintf("%q", p.Stdout)
	case "stderr":
		return fmt.Sprintf("%q", p.Stderr)
	default:
		return fmt.Sprint(p.Exit)
	}
}
