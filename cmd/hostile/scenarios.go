package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/hostile-lab/hostile/scenarios"
	"github.com/hostile-lab/hostile/simhost"
	"github.com/hostile-lab/hostile/simhost/faults"
	"github.com/hostile-lab/hostile/simhost/personality"
)

func init() { register(scenariosCommand) }

func scenariosCommand() *cobra.Command {
	list := &cobra.Command{Use: "list", Short: "the built-in library: name, personality, faults, summary", Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return status(scenariosList(cmd.OutOrStdout(), cmd.ErrOrStderr()))
		}}
	show := &cobra.Command{Use: "show NAME|FILE", Short: "the scenario as loaded (bases merged, defaults filled in), as YAML",
		Args: exactlyOne("a scenario NAME or FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return status(scenariosShow(args[0], cmd.OutOrStdout(), cmd.ErrOrStderr()))
		}}
	validate := &cobra.Command{Use: "validate FILE...",
		Short: `check files as serve would load them, building each host; prints "ok FILE" or every error as file:line:col: field: message`,
		Args:  atLeastOne("a scenario FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return status(scenariosValidate(args, cmd.OutOrStdout()))
		}}
	schema := &cobra.Command{Use: "schema", Short: "the JSON Schema of the format, for editors", Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := cmd.OutOrStdout().Write(scenarios.Schema())
			return err
		}}
	return group("scenarios", "list, show and validate scenarios; print their JSON Schema", list, show, validate, schema)
}

func exactlyOne(what string) cobra.PositionalArgs {
	return func(_ *cobra.Command, args []string) error {
		if len(args) != 1 {
			return usagef("want %s, got %d arguments", what, len(args))
		}
		return nil
	}
}

func atLeastOne(what string) cobra.PositionalArgs {
	return func(_ *cobra.Command, args []string) error {
		if len(args) == 0 {
			return usagef("want at least %s", what)
		}
		return nil
	}
}

func scenariosShow(name string, stdout, stderr io.Writer) int {
	s, err := scenarios.Open(name)
	if err != nil {
		fmt.Fprintf(stderr, "hostile scenarios show: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "# %s", s.File)
	if s.Extends != "" {
		fmt.Fprintf(stdout, ", extends %s (merged in below)", s.Extends)
	}
	fmt.Fprintln(stdout)
	stdout.Write(s.YAML())
	return 0
}

func scenariosValidate(files []string, stdout io.Writer) int {
	code := 0
	for _, file := range files {
		if _, err := scenarios.Open(file); err != nil {
			fmt.Fprintln(stdout, scenarioError(file, err))
			code = 1
			continue
		}
		fmt.Fprintf(stdout, "ok %s\n", file)
	}
	return code
}

// scenarioError words a load failure: the loader's errors already carry
// file:line:col; anything else (a file that cannot be read) gets the file name.
func scenarioError(file string, err error) string {
	var es scenarios.Errors
	if errors.As(err, &es) || strings.HasPrefix(err.Error(), file+":") {
		return err.Error()
	}
	return file + ": " + err.Error()
}

func scenariosList(stdout, stderr io.Writer) int {
	all, err := scenarios.Library()
	w := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "NAME\tPERSONALITY\tFAULTS\tSUMMARY")
	for _, s := range all {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", s.Name, s.Host.Personality, orDash(scenarioFaults(s)), s.Summary)
	}
	w.Flush()
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	return 0
}

// scenarioFaults lists a scenario's fault types for the table.
func scenarioFaults(s *scenarios.Scenario) string {
	var names []string
	for _, f := range s.Faults {
		names = append(names, f.Type)
	}
	return strings.Join(names, ",")
}

// servedHost is one host hostile serve runs, with the name the control API
// and the event lines know it by.
type servedHost struct {
	name     string
	h        *simhost.Host
	scenario *scenarios.Scenario // nil for the default host
}

// serveScenarios starts one host per scenario on consecutive ports from addr's
// (each on its own ephemeral port when addr's port is 0), with its faults and
// the user ops, and prints what each injects.
func serveScenarios(ctx context.Context, names []string, addr string, opts []simhost.Option, stdout io.Writer) ([]servedHost, error) {
	ip, portText, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	port, err := strconv.Atoi(portText)
	if err != nil {
		return nil, fmt.Errorf("--addr %q: the port is not a number", addr)
	}
	// Every scenario loads before any host starts: a typo in the last one
	// stops nothing half-way.
	var loaded []*scenarios.Scenario
	for _, name := range names {
		s, err := scenarios.Open(name)
		if err != nil {
			return nil, err
		}
		loaded = append(loaded, s)
	}
	var served []servedHost
	stop := func() {
		for _, s := range served {
			s.h.Close()
		}
	}
	for i, plain := range loaded {
		s := plain.WithOps()
		hostAddr := addr
		if port != 0 {
			hostAddr = net.JoinHostPort(ip, strconv.Itoa(port+i))
		}
		h, err := simhost.Start(ctx, s.Host, append(opts, simhost.WithAddr(hostAddr), simhost.WithTranscriptLabel(s.Name))...)
		if err != nil {
			stop()
			return nil, fmt.Errorf("scenario %s: %w", s.Name, err)
		}
		served = append(served, servedHost{s.Name, h, s})
		for _, f := range s.Faults {
			if _, err := h.Faults().Add(f); err != nil {
				stop()
				return nil, fmt.Errorf("scenario %s: %w", s.Name, err)
			}
		}
		describeServed(stdout, s, hostTraits(plain), h.Addr())
	}
	return served, nil
}

// describeServed tells an engineer what the host is, how to log in and what
// misbehaves there.
func describeServed(w io.Writer, s *scenarios.Scenario, traits []string, addr string) {
	fmt.Fprintf(w, "hostile: serving scenario %s (%s) on %s\n", s.Name, s.Host.Personality, addr)
	fmt.Fprintf(w, "  %s\n", s.Summary)
	if s.Story != "" {
		fmt.Fprintf(w, "  story: %s\n", strings.TrimSpace(s.Story))
	}
	twin := ""
	if s.Stimulus.User != "" {
		twin = fmt.Sprintf(" (a twin of %s: same shell, rc files, groups, sudo rights, faults)", s.Stimulus.User)
	}
	fmt.Fprintf(w, "  ssh -p %s ops@%s          password: ops%s\n", portOf(addr), hostOf(addr), twin)
	for _, f := range s.Faults {
		fmt.Fprintf(w, "  fault %s\n", faultLine(f))
	}
	for _, t := range traits {
		fmt.Fprintf(w, "  host: %s\n", t)
	}
	fmt.Fprintf(w, "  the product is asked to: %s\n", stimulusLine(s.Stimulus))
}

func faultLine(f faults.Spec) string {
	name := f.Type
	if f.Name != "" && f.Name != f.Type {
		name = f.Name + " (" + f.Type + ")"
	}
	var parts []string
	for k, v := range f.Params {
		parts = append(parts, fmt.Sprintf("%s=%q", k, fmt.Sprint(v)))
	}
	sort.Strings(parts)
	sc := f.Scope
	for _, p := range []struct{ k, v string }{{"user", sc.User}, {"command", sc.Command}, {"channel", sc.Channel}, {"path", sc.Path}} {
		if p.v != "" {
			parts = append(parts, fmt.Sprintf("only %s %s", p.k, p.v))
		}
	}
	if sc.AfterCommands > 0 {
		parts = append(parts, fmt.Sprintf("after %d commands", sc.AfterCommands))
	}
	if sc.After > 0 {
		parts = append(parts, "after "+sc.After.String())
	}
	if sc.Connection > 0 {
		parts = append(parts, fmt.Sprintf("only connection #%d", sc.Connection))
	}
	if f.Probability > 0 && f.Probability < 1 {
		parts = append(parts, fmt.Sprintf("probability %g", f.Probability))
	}
	if len(parts) == 0 {
		return name
	}
	return name + ": " + strings.Join(parts, ", ")
}

// hostTraits are what makes the host itself misbehave, fault or not: its OS,
// rc files, sudoers lines, mounts, generated files.
func hostTraits(s *scenarios.Scenario) []string {
	var out []string
	if p, err := personality.Lookup(s.Host.Personality); err == nil {
		out = append(out, p.Description)
	}
	for _, u := range s.Host.Users {
		names := make([]string, 0, len(u.RC))
		for n := range u.RC {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			out = append(out, fmt.Sprintf("%s's ~/%s: %s", u.Name, n, oneLine(u.RC[n])))
		}
	}
	for _, l := range s.Host.Sudoers {
		out = append(out, "sudoers: "+l)
	}
	for _, m := range s.Host.Mounts {
		t := fmt.Sprintf("mount %s: %s %s", m.Path, m.FSType, m.Device)
		if m.RootSquash {
			t += ", root_squash"
		}
		if m.ReadOnly {
			t += ", read-only"
		}
		if m.QuotaBytes > 0 {
			t += fmt.Sprintf(", quota %d bytes", m.QuotaBytes)
		}
		out = append(out, t)
	}
	for _, g := range s.Generate {
		out = append(out, fmt.Sprintf("%d files %s", g.Count, g.Path))
	}
	if n := len(s.Host.LVM.PVs); n > 0 {
		out = append(out, fmt.Sprintf("LVM: %d physical volumes, %d volume groups", n, len(s.Host.LVM.VGs)))
	}
	return out
}

// oneLine shows an rc file's commands on one line.
func oneLine(text string) string {
	var cmds []string
	for _, l := range strings.Split(text, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			cmds = append(cmds, l)
		}
	}
	out := strings.Join(cmds, "; ")
	if len(out) > 160 {
		out = out[:157] + "..."
	}
	return out
}

func stimulusLine(st scenarios.Stimulus) string {
	var what string
	switch st.Operation {
	case scenarios.OpRun:
		what = fmt.Sprintf("run %q", st.Command)
	case scenarios.OpRemoveFile:
		what = "remove " + st.Path
	case scenarios.OpPushBinary:
		what = fmt.Sprintf("push a %s binary needing %s to %s and run it", st.Binary.Arch, orDash(st.Binary.Libc), st.Path)
		for _, b := range st.Builds {
			what += fmt.Sprintf(" (it also carries a %s build needing %s)", b.Arch, orDash(b.Libc))
		}
	default:
		what = st.Operation
	}
	what += " as " + st.User
	if st.Count > 1 {
		what += fmt.Sprintf(", %d times, %d at once", st.Count, st.Concurrency)
	}
	return what
}
