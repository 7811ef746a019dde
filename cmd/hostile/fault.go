package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/hostile-lab/hostile/simhost/faults"
)

func init() {
	commands["fault"] = command{"add, update, remove and list the faults of a running host (hostile fault -h)", fault}
}

func fault(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		faultUsage(stdout)
		return 0
	}
	verb, ok := verbs()[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "hostile fault: unknown subcommand %q\n\n", args[0])
		faultUsage(stderr)
		return 2
	}
	fs := flag.NewFlagSet("hostile fault "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	c := &controlClient{}
	fs.StringVar(&c.base, "control", "http://127.0.0.1:8474", "the control API of hostile serve")
	fs.StringVar(&c.host, "host", "", "the host to act on; the only one served when not given")
	fs.StringVar(&c.token, "token", os.Getenv("HOSTILE_TOKEN"), "the API token (default $HOSTILE_TOKEN)")
	run := verb.flags(fs)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: hostile fault %s\n\nFlags:\n", verb.usage)
		fs.PrintDefaults()
	}
	pos, err := parseInterspersed(fs, args[1:])
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if !strings.Contains(c.base, "://") {
		c.base = "http://" + c.base
	}
	c.base = strings.TrimSuffix(c.base, "/")
	if err := run(c, pos, stdout); err != nil {
		fmt.Fprintf(stderr, "hostile fault %s: %v\n", args[0], err)
		if errors.As(err, new(usageError)) {
			fs.Usage()
			return 2
		}
		return 1
	}
	return 0
}

type verb struct {
	summary, usage string
	flags          func(fs *flag.FlagSet) func(c *controlClient, args []string, stdout io.Writer) error
}

func verbs() map[string]verb {
	return map[string]verb{
		"add":    {"install a fault", "add TYPE [--name N] [--param k=v ...] [--scope k=v ...] [--probability P]", faultAdd},
		"update": {"change an installed fault", "update NAME [--type T] [--param k=v ...] [--scope k=v ...] [--probability P]", faultUpdate},
		"rm":     {"remove installed faults", "rm NAME...", faultRm},
		"ls":     {"list the installed faults", "ls [--json]", faultLs},
		"types":  {"list every fault type and its parameters", "types [--json]", faultTypes},
	}
}

func faultUsage(w io.Writer) {
	fmt.Fprintln(w, "Usage: hostile fault SUBCOMMAND [args] [--control URL] [--host NAME] [--token T]\n\nSubcommands:")
	vs := verbs()
	names := make([]string, 0, len(vs))
	for n := range vs {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-7s %-42s hostile fault %s\n", n, vs[n].summary, vs[n].usage)
	}
	fmt.Fprintln(w, "\nParameter and scope values are JSON when they parse as JSON (5, true, [\"a\"]), else strings (10ms).")
}

// usageError is a mistake on the command line, answered with the usage.
type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

// parseInterspersed parses flags placed before, between or after the
// positional arguments, which it returns in order.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		consumed := len(args) - len(rest)
		if consumed > 0 && args[consumed-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// kvFlag collects repeated k=v flags; values are JSON when they parse as JSON.
type kvFlag map[string]any

func (f kvFlag) String() string { return "" }

func (f kvFlag) Set(s string) error {
	k, v, ok := strings.Cut(s, "=")
	if !ok || k == "" {
		return fmt.Errorf("%q is not key=value", s)
	}
	var parsed any
	if err := json.Unmarshal([]byte(v), &parsed); err == nil {
		f[k] = parsed
	} else {
		f[k] = v
	}
	return nil
}

// specFlags are the flags that describe a spec, for add and update.
type specFlags struct {
	name, typ     string
	params, scope kvFlag
	probability   float64
}

func addSpecFlags(fs *flag.FlagSet, s *specFlags) {
	s.params, s.scope = kvFlag{}, kvFlag{}
	fs.Var(s.params, "param", "a parameter, `key=value` (repeat; hostile fault types lists them)")
	fs.Var(s.scope, "scope", "narrow where it fires, `key=value`: user, command (regexp), channel, after_commands, after, connection, path (repeat)")
	fs.Float64Var(&s.probability, "probability", 0, "chance it fires where its scope matches, 0 < P <= 1")
}

// body is the spec's JSON object with only the keys the user gave.
func (s *specFlags) body(fs *flag.FlagSet) map[string]any {
	b := map[string]any{}
	fs.Visit(func(f *flag.Flag) {
		switch f.Name {
		case "name":
			b["name"] = s.name
		case "type":
			b["type"] = s.typ
		case "param":
			b["params"] = map[string]any(s.params)
		case "scope":
			b["scope"] = map[string]any(s.scope)
		case "probability":
			b["probability"] = s.probability
		}
	})
	return b
}

func faultAdd(fs *flag.FlagSet) func(*controlClient, []string, io.Writer) error {
	var s specFlags
	fs.StringVar(&s.name, "name", "", "the fault's name on the host (default: the type)")
	addSpecFlags(fs, &s)
	return func(c *controlClient, args []string, stdout io.Writer) error {
		if len(args) != 1 {
			return usageError{"want one fault TYPE (hostile fault types lists them)"}
		}
		host, err := c.hostName()
		if err != nil {
			return err
		}
		body := s.body(fs)
		body["type"] = args[0]
		var f faultView
		if err := c.call("POST", "/hosts/"+url.PathEscape(host)+"/faults", body, &f); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "added %s (%s, %s) to %s%s\n", f.Name, f.Type, f.Depth, host, describe(f))
		return nil
	}
}

func faultUpdate(fs *flag.FlagSet) func(*controlClient, []string, io.Writer) error {
	var s specFlags
	fs.StringVar(&s.typ, "type", "", "change the fault's type")
	addSpecFlags(fs, &s)
	return func(c *controlClient, args []string, stdout io.Writer) error {
		if len(args) != 1 {
			return usageError{"want one fault NAME (hostile fault ls lists them)"}
		}
		body := s.body(fs)
		if len(body) == 0 {
			return usageError{"nothing to change: give --param, --scope, --probability or --type"}
		}
		host, err := c.hostName()
		if err != nil {
			return err
		}
		var f faultView
		if err := c.call("POST", "/hosts/"+url.PathEscape(host)+"/faults/"+url.PathEscape(args[0]), body, &f); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "updated %s (%s, %s) on %s%s\n", f.Name, f.Type, f.Depth, host, describe(f))
		return nil
	}
}

func faultRm(*flag.FlagSet) func(*controlClient, []string, io.Writer) error {
	return func(c *controlClient, args []string, stdout io.Writer) error {
		if len(args) == 0 {
			return usageError{"want the NAME of a fault to remove (hostile fault ls lists them)"}
		}
		host, err := c.hostName()
		if err != nil {
			return err
		}
		for _, name := range args {
			if err := c.call("DELETE", "/hosts/"+url.PathEscape(host)+"/faults/"+url.PathEscape(name), nil, nil); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "removed %s from %s\n", name, host)
		}
		return nil
	}
}

func faultLs(fs *flag.FlagSet) func(*controlClient, []string, io.Writer) error {
	asJSON := fs.Bool("json", false, "print the API's JSON")
	return func(c *controlClient, args []string, stdout io.Writer) error {
		if len(args) != 0 {
			return usageError{fmt.Sprintf("unexpected argument %q", args[0])}
		}
		host, err := c.hostName()
		if err != nil {
			return err
		}
		var list []faultView
		if err := c.call("GET", "/hosts/"+url.PathEscape(host)+"/faults", nil, &list); err != nil {
			return err
		}
		if *asJSON {
			return printJSON(stdout, list)
		}
		if len(list) == 0 {
			fmt.Fprintf(stdout, "no faults on %s\n", host)
			return nil
		}
		tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "NAME\tTYPE\tDEPTH\tFIRED\tPROBABILITY\tSCOPE\tPARAMS")
		for _, f := range list {
			p := "1"
			if f.Probability > 0 {
				p = fmt.Sprint(f.Probability)
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\t%s\n", f.Name, f.Type, f.Depth, f.Fired, p,
				orDash(keyValues(scopeMap(f.Scope))), orDash(keyValues(f.Params)))
		}
		return tw.Flush()
	}
}

func faultTypes(fs *flag.FlagSet) func(*controlClient, []string, io.Writer) error {
	asJSON := fs.Bool("json", false, "print the API's JSON")
	return func(c *controlClient, args []string, stdout io.Writer) error {
		if len(args) != 0 {
			return usageError{fmt.Sprintf("unexpected argument %q", args[0])}
		}
		var types []struct {
			Name    string         `json:"name"`
			Depth   string         `json:"depth"`
			Summary string         `json:"summary"`
			Params  []faults.Param `json:"params"`
		}
		if err := c.call("GET", "/types", nil, &types); err != nil {
			return err
		}
		if *asJSON {
			return printJSON(stdout, types)
		}
		nameW, depthW := len("TYPE"), len("DEPTH")
		for _, t := range types {
			nameW, depthW = max(nameW, len(t.Name)), max(depthW, len(t.Depth))
		}
		fmt.Fprintf(stdout, "%-*s  %-*s  %s\n", nameW, "TYPE", depthW, "DEPTH", "SUMMARY (then each parameter: name, type, default, range, description)")
		for _, t := range types {
			fmt.Fprintf(stdout, "%-*s  %-*s  %s\n", nameW, t.Name, depthW, t.Depth, t.Summary)
			tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
			for _, p := range t.Params {
				fmt.Fprintf(tw, "    %s\t%s\tdefault %s\t%s\t%s\n", p.Name, p.Type, defaultOf(p), orDash(p.Range), p.Help)
			}
			if err := tw.Flush(); err != nil {
				return err
			}
		}
		return nil
	}
}

// defaultOf shows a string's default quoted, so "" and newlines are seen.
func defaultOf(p faults.Param) string {
	if p.Type == "string" {
		return strconv.Quote(p.Default)
	}
	return p.Default
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// faultView is an installed fault as the API returns it.
type faultView struct {
	faults.Spec
	Depth string `json:"depth"`
	Fired int64  `json:"fired"`
}

// describe is ": delay=10ms; scope user=ops" for a fault, or "".
func describe(f faultView) string {
	var parts []string
	if p := keyValues(f.Params); p != "" {
		parts = append(parts, p)
	}
	if s := keyValues(scopeMap(f.Scope)); s != "" {
		parts = append(parts, "scope "+s)
	}
	if f.Probability > 0 && f.Probability < 1 {
		parts = append(parts, fmt.Sprintf("probability %v", f.Probability))
	}
	if len(parts) == 0 {
		return ""
	}
	return ": " + strings.Join(parts, "; ")
}

// keyValues prints a map as "k=v k=v", sorted by key.
func keyValues(m map[string]any) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for i, k := range keys {
		if i > 0 {
			b.WriteByte(' ')
		}
		v := m[k]
		if s, ok := v.(string); ok {
			fmt.Fprintf(&b, "%s=%s", k, s)
		} else {
			j, _ := json.Marshal(v)
			fmt.Fprintf(&b, "%s=%s", k, j)
		}
	}
	return b.String()
}

// scopeMap is the scope's non-empty fields by their JSON names.
func scopeMap(s faults.Scope) map[string]any {
	var m map[string]any
	b, _ := json.Marshal(s)
	json.Unmarshal(b, &m)
	return m
}

func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// controlClient talks to the control API of hostile serve.
type controlClient struct {
	base, host, token string
}

var httpClient = &http.Client{Timeout: 15 * time.Second}

// call sends body as JSON and decodes the answer into out; an answer of 400 or
// more becomes an error with the API's message.
func (c *controlClient) call(method, path string, body, out any) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, c.base+path, rd)
	if err != nil {
		return fmt.Errorf("--control %s: %v", c.base, err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := httpClient.Do(req)
	if err != nil {
		return fmt.Errorf("cannot reach the control API at %s (is hostile serve running with --control?): %v", c.base, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if err != nil {
		return fmt.Errorf("%s %s: %v", method, path, err)
	}
	if resp.StatusCode >= 400 {
		var e struct {
			Error string `json:"error"`
		}
		if json.Unmarshal(data, &e) == nil && e.Error != "" {
			return errors.New(e.Error)
		}
		return fmt.Errorf("%s %s: %s", method, path, resp.Status)
	}
	if out == nil || resp.StatusCode == http.StatusNoContent {
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("%s %s: unreadable answer: %v", method, path, err)
	}
	return nil
}

// hostName is --host, or the only host the API serves.
func (c *controlClient) hostName() (string, error) {
	if c.host != "" {
		return c.host, nil
	}
	var hosts []struct {
		Name string `json:"name"`
	}
	if err := c.call("GET", "/hosts", nil, &hosts); err != nil {
		return "", err
	}
	switch len(hosts) {
	case 1:
		return hosts[0].Name, nil
	case 0:
		return "", errors.New("the control API serves no host")
	}
	names := make([]string, len(hosts))
	for i, h := range hosts {
		names[i] = h.Name
	}
	return "", fmt.Errorf("several hosts are served, choose one with --host (%s)", strings.Join(names, ", "))
}
