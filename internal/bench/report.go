package bench

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// column is a kind of target, a column of the report.
type column int

const (
	sim column = iota
	sshd
	container
	containerDirect
	columns
)

var columnNames = [columns]string{"simulated host", "OpenSSH sshd", "container", "container, no proxy"}

// measured is a figure, or why there is none.
type measured[T any] struct {
	Value T
	// Reason is "not measured: why" or "failed: what", empty when Value holds.
	Reason string
}

func (m measured[T]) ok() bool { return m.Reason == "" }

// notMeasured marks errors that mean a figure cannot be taken here, as opposed
// to a measurement that failed.
type notMeasured struct{ why string }

func (n notMeasured) Error() string { return n.why }

func result[T any](v T, err error) measured[T] {
	var nm notMeasured
	switch {
	case err == nil:
		return measured[T]{Value: v}
	case errors.As(err, &nm), errors.Is(err, errNoSSHD):
		return measured[T]{Reason: "not measured: " + err.Error()}
	default:
		return measured[T]{Value: v, Reason: "failed: " + err.Error()}
	}
}

// Report is one run's figures.
type Report struct {
	Machine           Machine
	Started, Finished time.Time
	Quick             bool
	Sizes             sizes

	Ready                    [columns]measured[spread]
	ConnSerial, ConnParallel [clients][columns]measured[rate]
	Shell                    [columns]measured[rate]
	Hung                     [columns]measured[[]hungStep]
	Suite                    map[string]measured[time.Duration]
	// Loads are the 1-minute load averages read before each connection figure.
	Loads []float64
}

// sampleLoad notes the load average now.
func (r *Report) sampleLoad() {
	if f := strings.Fields(loadAverage()); len(f) > 0 {
		if v, err := strconv.ParseFloat(f[0], 64); err == nil {
			r.Loads = append(r.Loads, v)
		}
	}
}

// skip records err for c in each row: its server could not start.
func (r *Report) skip(c column, err error, rows ...*[columns]measured[rate]) {
	for _, row := range rows {
		row[c] = result(rate{}, err)
	}
}

// Machine is where the figures were taken.
type Machine struct {
	Cores                  int
	Model, Memory, Kernel  string
	Go, OpenSSH, Docker    string
	LoadAtStart, LoadAtEnd string
}

func describeMachine() Machine {
	m := Machine{Cores: runtime.NumCPU(), Go: runtime.Version(), LoadAtStart: loadAverage(),
		Model: "unknown", Memory: "unknown", Kernel: "unknown", OpenSSH: "not installed", Docker: "not available"}
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for line := range strings.Lines(string(data)) {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				m.Model = strings.TrimSpace(v)
				break
			}
		}
	}
	if data, err := os.ReadFile("/proc/meminfo"); err == nil {
		for line := range strings.Lines(string(data)) {
			if v, ok := strings.CutPrefix(line, "MemTotal:"); ok {
				kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
				m.Memory = fmt.Sprintf("%.1f GiB", kb/(1<<20))
			}
		}
	}
	if data, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.Kernel = "Linux " + strings.TrimSpace(string(data))
	}
	if out, err := exec.Command("sshd", "-V").CombinedOutput(); len(out) > 0 {
		m.OpenSSH = strings.TrimSpace(strings.SplitN(string(out), "\n", 2)[0])
	} else if err != nil {
		if out, err := exec.Command("/usr/sbin/sshd", "-V").CombinedOutput(); err == nil || len(out) > 0 {
			m.OpenSSH = strings.TrimSpace(strings.SplitN(string(out), "\n", 2)[0])
		}
	}
	if out, err := exec.Command("docker", "version", "--format", "{{.Server.Version}}").Output(); err == nil {
		m.Docker = "Docker engine " + strings.TrimSpace(string(out))
	}
	return m
}

// loadAverage is the 1, 5 and 15 minute load average: other work on the machine
// while the figures were taken.
func loadAverage() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(data))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

// Goal is one of the lab's goals and whether this run met it.
type Goal struct {
	Name, Figure string
	Met          bool
}

// Goals are the lab's goals, as ratios: connections/s at least 10x sshd's,
// 10,000 hung sessions held at under 64 KiB each, a host ready in under 5 ms.
func (r *Report) Goals() []Goal {
	var goals []Goal
	conn := Goal{Name: "connections/s at least 10x sshd's, serial and 16 in parallel, with the Go and the OpenSSH client"}
	conn.Met = true
	var figures []string
	for c := range clients {
		s, p := ratio(r.ConnSerial[c]), ratio(r.ConnParallel[c])
		if s > 0 && p > 0 {
			figures = append(figures, fmt.Sprintf("%s: %.1fx serial, %.1fx in parallel", clientNames[c], s, p))
			conn.Met = conn.Met && s >= 10 && p >= 10
		} else {
			figures = append(figures, clientNames[c]+": no ratio: "+firstReason(r.ConnSerial[c][sim].Reason, r.ConnSerial[c][sshd].Reason,
				r.ConnParallel[c][sim].Reason, r.ConnParallel[c][sshd].Reason))
			conn.Met = false
		}
	}
	conn.Figure = strings.Join(figures, "; ")
	goals = append(goals, conn)

	hung := Goal{Name: "10,000 concurrent hung sessions, each under 64 KiB of server memory"}
	if h := r.Hung[sim]; len(h.Value) > 0 {
		last := h.Value[len(h.Value)-1]
		hung.Figure = fmt.Sprintf("%s held at %s PSS each", count(last.Held), kib(last.PerSession.PSS))
		hung.Met = last.Held >= 10000 && last.PerSession.PSS < 64<<10
	} else {
		hung.Figure = h.Reason
	}
	goals = append(goals, hung)

	ready := Goal{Name: "a simulated host ready in under 5 ms"}
	if rd := r.Ready[sim]; rd.ok() {
		ready.Figure = "median " + ms(rd.Value.Median)
		ready.Met = rd.Value.Median < 5*time.Millisecond
	} else {
		ready.Figure = rd.Reason
	}
	return append(goals, ready)
}

func ratio(row [columns]measured[rate]) float64 {
	if !row[sim].ok() || !row[sshd].ok() || row[sshd].Value.N == 0 {
		return 0
	}
	return row[sim].Value.PerSecond() / row[sshd].Value.PerSecond()
}

func firstReason(reasons ...string) string {
	for _, r := range reasons {
		if r != "" {
			return r
		}
	}
	return ""
}

// suiteKeys are the escalation suite's runs, in the report's order.
var suiteKeys = []string{"simulated host, serial", "simulated host, ginkgo -p", "container, serial", "container, ginkgo -p"}

// rows are the figures as the table shows them: a name, a cell per column,
// and how the figure is taken.
func (r *Report) rows() [][]string {
	z := r.Sizes
	rateCells := func(row [columns]measured[rate], unit string) []string {
		var out []string
		for c := range columns {
			out = append(out, cell(row[c], func(v rate) string {
				text := fmt.Sprintf("%s %s (%s in %s)", perSecond(v.PerSecond()), unit, count(v.N), secs(v.Took))
				switch {
				case v.CPUKnown && v.ServerCPU > 0:
					text += fmt.Sprintf(", server CPU %s each", ms(v.CPUPer()))
				case v.CPUKnown && v.N > 0:
					// Below /proc's resolution of one clock tick for the whole run.
					text += fmt.Sprintf(", server CPU under %s each", ms(time.Second/clockTicks/time.Duration(v.N)))
				}
				if v.Runs > 1 {
					text += fmt.Sprintf(", median of %d runs", v.Runs)
				}
				if v.Refused > 0 {
					text += fmt.Sprintf("; %s refused, the first: %s", count(v.Refused), v.FirstRefusal)
				}
				return text
			}))
		}
		return out
	}
	var rows [][]string
	for c := range clients {
		how := "the Go client (golang.org/x/crypto/ssh) in this process"
		if c == opensshClient {
			how = "one `ssh` process per connection (-F /dev/null, ControlMaster=no)"
		}
		rows = append(rows,
			append(append([]string{"connections/s, serial, " + clientNames[c]}, rateCells(r.ConnSerial[c], "/s")...),
				fmt.Sprintf("handshake + `exit 0` + close, one at a time, %s; %s", z.upTo(z.connSerial), how)),
			append(append([]string{"connections/s, 16 in parallel, " + clientNames[c]}, rateCells(r.ConnParallel[c], "/s")...),
				fmt.Sprintf("the same, 16 at once, %s; %s", z.upTo(z.connPar), how)))
	}
	ready := []string{"time to a ready target"}
	for c := range columns {
		if c == containerDirect {
			ready = append(ready, notApplicable)
			continue
		}
		ready = append(ready, cell(r.Ready[c], func(v spread) string {
			return fmt.Sprintf("median %s (%s–%s, n=%d)", ms(v.Median), ms(v.Min), ms(v.Max), v.N)
		}))
	}
	rows = append(rows, append(ready, "from starting the library's healthy-debian12 (sshd: from starting sshd) until a first `exit 0` is answered; the simulated host in-process, as tests start it"))
	r.Shell[containerDirect] = measured[rate]{Reason: notApplicable}
	shell := append([]string{"shell, commands/s"}, rateCells(r.Shell, "/s")...)
	rows = append(rows, append(shell, fmt.Sprintf("%s `%s` typed into one shell session (no PTY), until its `exit 0`", count(z.shellCommands), shellCommand)))
	for _, want := range z.hungSteps {
		row := []string{fmt.Sprintf("hung sessions: %s", count(want))}
		for c := range columns {
			row = append(row, hungCell(r.Hung[c], want, c))
		}
		rows = append(rows, append(row, "`"+hungCommand+"` with stdin held open, 10 sessions per connection; server memory growth per session (PSS of its processes; Go heap+stacks)"))
	}
	for _, how := range []string{"serial", "ginkgo -p"} {
		row := []string{"escalation suite wall time, " + how}
		for c := range columns {
			key := columnNames[c] + ", " + how
			if c == containerDirect {
				row = append(row, notApplicable)
				continue
			}
			if _, ok := suiteLabels[columnNames[c]]; !ok {
				row = append(row, "n/a: the suite's targets are the simulated host and the container")
				continue
			}
			row = append(row, cell(r.Suite[key], func(v time.Duration) string { return secs(v) }))
		}
		rows = append(rows, append(row, fmt.Sprintf("`ginkgo %s` (and `%s`) over a suites.test compiled once",
			suiteFlags(columnNames[sim]+", "+how), suiteLabels[columnNames[container]])))
	}
	return rows
}

// notApplicable fills the cells of the container without its proxy: it is
// there to show what the proxy costs a connection.
const notApplicable = "n/a: this column shows the proxy's cost on connections"

func hungCell(m measured[[]hungStep], want int, c column) string {
	if c == containerDirect {
		return notApplicable
	}
	if len(m.Value) == 0 {
		return orNotMeasured(m.Reason)
	}
	for _, s := range m.Value {
		if s.Want != want {
			continue
		}
		text := fmt.Sprintf("%s held, %s/session", count(s.Held), kib(s.PerSession.PSS))
		if s.PerSession.Heap >= 0 {
			text += fmt.Sprintf(" (heap+stacks %s)", kib(s.PerSession.Heap))
		}
		if s.PerSession.Processes > 0 {
			text += fmt.Sprintf(", %s processes", count(s.PerSession.Processes))
		}
		if s.Stopped != "" {
			text += "; stopped: " + s.Stopped
		}
		return text
	}
	if c == container && len(m.Value) > 0 && m.Value[len(m.Value)-1].Stopped == "" {
		return "not tried: a real sshd's processes for every session would take gigabytes; the smaller steps show the slope"
	}
	return "not reached: stopped at a lower step"
}

func cell[T any](m measured[T], format func(T) string) string {
	if m.ok() {
		return format(m.Value)
	}
	return orNotMeasured(m.Reason)
}

func orNotMeasured(reason string) string {
	if reason == "" {
		return "not measured"
	}
	return reason
}

// Table writes the figures for a terminal.
func (r *Report) Table(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "figure\t%s\n", strings.Join(columnNames[:], "\t"))
	for _, row := range r.rows() {
		fmt.Fprintln(tw, strings.Join(row[:len(row)-1], "\t"))
	}
	fmt.Fprintln(tw)
	for _, g := range r.Goals() {
		fmt.Fprintf(tw, "goal: %s\t%s\t%s\n", g.Name, g.Figure, metText(g.Met))
	}
	return tw.Flush()
}

func metText(met bool) string {
	if met {
		return "met"
	}
	return "not met"
}

// Markdown is BENCHMARKS.md.
func (r *Report) Markdown() string {
	var b strings.Builder
	m := r.Machine
	fmt.Fprintf(&b, "# Benchmarks\n\n")
	command := "`hostile bench --out BENCHMARKS.md` (run by `make bench`)"
	if r.Quick {
		command = "`hostile bench --quick`, a few of each: not figures to quote"
	}
	fmt.Fprintf(&b, "Written by %s on %s, in %s.\n", command, r.Started.UTC().Format("2006-01-02 15:04 MST"), secs(r.Finished.Sub(r.Started)))
	fmt.Fprintf(&b, "Every figure below comes from that one run, side by side on this machine, with the same\n"+
		"clients for every target: the Go client (golang.org/x/crypto/ssh) and the OpenSSH client, publickey auth,\n"+
		"ed25519 host keys. Each connection figure is the median of %d run(s); the server's CPU per connection is\n"+
		"its processes' user+system time (with their reaped children's) from /proc/PID/stat, apart from the client's.\n\n", r.Sizes.runs)
	fmt.Fprintf(&b, "**Load**: %s\n\n", r.loadLine())
	fmt.Fprintf(&b, "| machine | |\n|---|---|\n")
	fmt.Fprintf(&b, "| CPU | %d × %s |\n| memory | %s |\n| kernel | %s |\n| Go | %s |\n| OpenSSH | %s |\n| Docker | %s |\n",
		m.Cores, m.Model, m.Memory, m.Kernel, m.Go, m.OpenSSH, m.Docker)
	fmt.Fprintf(&b, "| load average (1, 5, 15 min) | %s at the start, %s at the end |\n\n", m.LoadAtStart, m.LoadAtEnd)

	fmt.Fprintf(&b, "## Goals\n\n| goal | this run | |\n|---|---|---|\n")
	for _, g := range r.Goals() {
		fmt.Fprintf(&b, "| %s | %s | %s |\n", g.Name, g.Figure, metText(g.Met))
	}
	fmt.Fprintf(&b, "\n## Figures\n\n| figure | %s | how |\n|---|---|---|---|---|---|\n", strings.Join(columnNames[:], " | "))
	for _, row := range r.rows() {
		for i := range row {
			row[i] = strings.ReplaceAll(row[i], "|", `\|`)
		}
		fmt.Fprintf(&b, "| %s |\n", strings.Join(row, " | "))
	}
	fmt.Fprintf(&b, "\n%s\n", howNotes)
	return b.String()
}

// howNotes say what each figure's server is.
const howNotes = `How each target is served:
- **simulated host**: ` + "`hostile serve --scenario bench.yaml --quiet --control \"\" --pprof 127.0.0.1:0`" + ` in a child
  process, the library's healthy-debian12 with the benchmark's key; its Go heap is read from its pprof page.
- **OpenSSH sshd**: Debian's ` + "`/usr/sbin/sshd -D -e -f sshd_config`" + ` on a free loopback port, with Debian's own
  sshd_config (` + "`/usr/share/openssh/sshd_config`" + `: UsePAM yes, and Debian's MaxStartups 10:30:100 and MaxSessions 10)
  behind only ListenAddress, HostKey, PidFile, AuthorizedKeysFile and LogLevel; for the dedicated user ` + "`hostilebench`" + `,
  made by useradd from Debian's /etc/skel (removed after), so bash reads Debian's rc files, not the benchmark runner's.
  Each connection and command is a real process; the handshakes MaxStartups drops are counted as refused.
- **container**: ` + "`harness.StartContainer`" + ` of healthy-debian12, a real Debian with its sshd behind the lab's proxy
  (in this process); **container, no proxy** is the same container's sshd reached at its own port, so the two columns
  show what the proxy costs. Its CPU and memory are those of the container's processes, read from this machine's /proc.
- **clients**: the Go client (golang.org/x/crypto/ssh) in this process, and the OpenSSH client, one ` + "`ssh`" + ` process per
  connection (` + "`-F /dev/null -o ControlMaster=no -o ControlPath=none`" + `): the second is what a script or Ansible
  without multiplexing pays, and the client's own start-up is part of its wall time, not of the server's CPU.
- Memory is the server's proportional set size (` + "`/proc/PID/smaps_rollup`" + ` Pss, summed over its processes),
  growth over the server's own baseline divided by the sessions held, measured after the server collects and rests.
  A simulated session waits in ` + "`cat`" + ` with a 16 KiB stack; one whose shell itself waits, in the ` + "`read`" + ` builtin or
  ` + "`exec cat`" + `, keeps 32 KiB (the interpreter's builtin frame is 5.6 KiB), about 16 KiB more per session.
- The Go benchmarks of the pieces (in-process, client and server sharing a heap):
  ` + "`go test -run '^$' -bench . -benchmem ./simhost/`" + `.`

func count(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func perSecond(v float64) string {
	switch {
	case v >= 100:
		return count(int(v + 0.5))
	case v >= 10:
		return fmt.Sprintf("%.1f", v)
	default:
		return fmt.Sprintf("%.2f", v)
	}
}

func kib(b int64) string { return fmt.Sprintf("%.1f KiB", float64(b)/1024) }

func mib(b int64) string { return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20)) }

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond)) }

func secs(d time.Duration) string { return fmt.Sprintf("%.1f s", d.Seconds()) }

// loadLine says how loaded the machine was: the load average at the start and
// the end, and the range read before each connection figure.
func (r *Report) loadLine() string {
	line := fmt.Sprintf("load average %s at the start, %s at the end (1, 5, 15 min) on %d cores",
		r.Machine.LoadAtStart, r.Machine.LoadAtEnd, r.Machine.Cores)
	if len(r.Loads) > 0 {
		lo, hi := slices.Min(r.Loads), slices.Max(r.Loads)
		line += fmt.Sprintf("; the 1-minute load read before each connection figure ranged %.2f–%.2f", lo, hi)
	}
	return line + ". Other work shared the machine; ratios taken in the same run are the figures to compare."
}

// upTo says how long a connection figure measures.
func (z sizes) upTo(n int) string {
	if z.connBudget >= time.Hour {
		return fmt.Sprintf("%s connections", count(n))
	}
	return fmt.Sprintf("for %s or %s connections", z.connBudget, count(n))
}
