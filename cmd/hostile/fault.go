package main

import (
	"context"
	"encoding/json"
	"errors"
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

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/hostile-lab/hostile/simhost/control"
	"github.com/hostile-lab/hostile/simhost/faults"
)

func init() { register(faultCommand) }

const faultValues = `Values of --param and --scope: a value that parses as JSON is that JSON (5, true,
["a","b"], "quoted text"); anything else is a string, in which \n is a newline, \t a
tab, \r a carriage return and \\ a backslash; any other backslash is kept as typed, so
a regexp such as '^rm\s' passes unchanged. So --param stdout='x\n' prints x and a newline,
and --param delay=10ms is the string "10ms" (a duration: 10ms, 2s, 1m30s; a bare number
of seconds also works).`

func faultCommand() *cobra.Command {
	c := &controlClient{}
	// wrap runs a subcommand against the control API named by the persistent flags.
	wrap := func(run func(c *controlClient, cmd *cobra.Command, args []string) error) func(*cobra.Command, []string) error {
		return func(cmd *cobra.Command, args []string) error {
			c.resolve()
			return run(c, cmd, args)
		}
	}
	// specCommand gives cmd a fault spec's flags, after the one more that flag
	// adds, and sends the spec's body with its argument.
	specCommand := func(cmd *cobra.Command, flag func(*pflag.FlagSet, *specFlags),
		send func(c *controlClient, body map[string]any, arg string, stdout io.Writer) error) *cobra.Command {
		var spec specFlags
		flag(cmd.Flags(), &spec)
		addSpecFlags(cmd.Flags(), &spec)
		cmd.RunE = wrap(func(c *controlClient, cmd *cobra.Command, args []string) error {
			return send(c, spec.body(cmd.Flags()), args[0], cmd.OutOrStdout())
		})
		return cmd
	}
	add := specCommand(&cobra.Command{Use: "add TYPE [--name N] [--param k=v ...] [--scope k=v ...] [--probability P]",
		Short: "install a fault", Long: "Install a fault on the host.\n\n" + faultValues,
		Args: exactlyOne("one fault TYPE (hostile fault types lists them)")},
		func(f *pflag.FlagSet, spec *specFlags) {
			f.StringVar(&spec.name, "name", "", "the fault's name on the host (default: the type)")
		}, faultAdd)
	update := specCommand(&cobra.Command{Use: "update NAME [--type T] [--param k=v ...] [--scope k=v ...] [--probability P]",
		Short: "change an installed fault", Long: "Change an installed fault: what is given replaces what it had.\n\n" + faultValues,
		Args: exactlyOne("one fault NAME (hostile fault ls lists them)")},
		func(f *pflag.FlagSet, spec *specFlags) { f.StringVar(&spec.typ, "type", "", "change the fault's type") }, faultUpdate)

	rm := &cobra.Command{Use: "rm NAME...", Short: "remove installed faults",
		Args: atLeastOne("the NAME of a fault to remove (hostile fault ls lists them)")}
	rm.RunE = wrap(func(c *controlClient, cmd *cobra.Command, args []string) error {
		return faultRm(c, args, cmd.OutOrStdout())
	})

	ls := &cobra.Command{Use: "ls [--json]", Short: "list the installed faults", Args: noArgs}
	lsJSON := ls.Flags().Bool("json", false, "print the API's JSON")
	ls.RunE = wrap(func(c *controlClient, cmd *cobra.Command, _ []string) error {
		return faultLs(c, *lsJSON, cmd.OutOrStdout())
	})

	types := &cobra.Command{Use: "types [--json]", Short: "the catalogue: every fault type, its parameters and the scope keys it honours",
		Long: "The catalogue of fault types, from this binary: no server is needed.\n\n" + faultValues, Args: noArgs}
	typesJSON := types.Flags().Bool("json", false, "print the catalogue as JSON")
	types.RunE = func(cmd *cobra.Command, _ []string) error { return faultTypes(*typesJSON, cmd.OutOrStdout()) }

	g := group("fault", "add, update, remove and list the faults of a running host; the catalogue of fault types", add, update, rm, ls, types)
	g.Long = "Change the faults of a host hostile serve runs, through its control API, while it runs.\n" +
		"The flags below go before or after the subcommand: hostile fault --control URL ls."
	pf := g.PersistentFlags()
	pf.StringVar(&c.BaseURL, "control", "http://127.0.0.1:8474", "the control API of hostile serve")
	pf.StringVar(&c.host, "host", "", "the host to act on; the only one served when not given")
	pf.StringVar(&c.Token, "token", "", "the API token (default $HOSTILE_TOKEN, read when the command runs so help never shows it)")
	return g
}

// kvFlag collects repeated k=v flags; values are JSON when they parse as JSON,
// else strings with the escapes faultValues lists.
type kvFlag map[string]any

func (f kvFlag) String() string { return "" }
func (f kvFlag) Type() string   { return "key=value" }

func (f kvFlag) Set(s string) error {
	k, v, ok := strings.Cut(s, "=")
	if !ok || k == "" {
		return fmt.Errorf("%q is not key=value", s)
	}
	var parsed any
	if err := json.Unmarshal([]byte(v), &parsed); err == nil {
		f[k] = parsed
	} else {
		f[k] = unescape(v)
	}
	return nil
}

// unescape turns \n, \t, \r and \\ into what they name and keeps any other
// backslash as typed (regexps keep their \s and \.).
func unescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 == len(s) {
			b.WriteByte(s[i])
			continue
		}
		switch s[i+1] {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case '\\':
			b.WriteByte('\\')
		default:
			b.WriteByte('\\')
			continue
		}
		i++
	}
	return b.String()
}

// specFlags are the flags that describe a spec, for add and update.
type specFlags struct {
	name, typ     string
	params, scope kvFlag
	probability   float64
}

func addSpecFlags(fs *pflag.FlagSet, s *specFlags) {
	s.params, s.scope = kvFlag{}, kvFlag{}
	fs.Var(s.params, "param", "a parameter, key=value (repeat; hostile fault types lists them)")
	fs.Var(s.scope, "scope", "narrow where it fires, key=value: user, command (regexp), channel, after_commands, after,\nconnection, path (repeat; hostile fault types says which keys each type honours)")
	fs.Float64Var(&s.probability, "probability", 0, "chance it fires where its scope matches, 0 < P <= 1")
}

// body is the spec's JSON object with only the keys the user gave.
func (s *specFlags) body(fs *pflag.FlagSet) map[string]any {
	b := map[string]any{}
	fs.Visit(func(f *pflag.Flag) {
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

func faultAdd(c *controlClient, body map[string]any, typ string, stdout io.Writer) error {
	host, err := c.hostName()
	if err != nil {
		return err
	}
	body["type"] = typ
	var f control.FaultInfo
	if err := c.call("POST", "/hosts/"+url.PathEscape(host)+"/faults", body, &f); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "added %s (%s, %s) to %s%s\n", f.Name, f.Type, f.Depth, host, describe(f))
	return nil
}

func faultUpdate(c *controlClient, body map[string]any, name string, stdout io.Writer) error {
	if len(body) == 0 {
		return usagef("nothing to change: give --param, --scope, --probability or --type")
	}
	host, err := c.hostName()
	if err != nil {
		return err
	}
	var f control.FaultInfo
	if err := c.call("POST", "/hosts/"+url.PathEscape(host)+"/faults/"+url.PathEscape(name), body, &f); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "updated %s (%s, %s) on %s%s\n", f.Name, f.Type, f.Depth, host, describe(f))
	return nil
}

func faultRm(c *controlClient, names []string, stdout io.Writer) error {
	host, err := c.hostName()
	if err != nil {
		return err
	}
	for _, name := range names {
		if err := c.call("DELETE", "/hosts/"+url.PathEscape(host)+"/faults/"+url.PathEscape(name), nil, nil); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "removed %s from %s\n", name, host)
	}
	return nil
}

func faultLs(c *controlClient, asJSON bool, stdout io.Writer) error {
	host, err := c.hostName()
	if err != nil {
		return err
	}
	var list []control.FaultInfo
	if err := c.call("GET", "/hosts/"+url.PathEscape(host)+"/faults", nil, &list); err != nil {
		return err
	}
	if asJSON {
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

// typeView is a fault type in the catalogue, as GET /types shows it too.
type typeView struct {
	Name    string         `json:"name"`
	Depth   string         `json:"depth"`
	Summary string         `json:"summary"`
	Scopes  []string       `json:"scopes"`
	Params  []faults.Param `json:"params"`
}

// faultTypes prints the catalogue compiled into this binary, which is the
// one hostile serve uses: it needs no server.
func faultTypes(asJSON bool, stdout io.Writer) error {
	var types []typeView
	for _, t := range faults.Types() {
		params := faults.ParamsOf(t.New())
		if params == nil {
			params = []faults.Param{}
		}
		types = append(types, typeView{Name: t.Name, Depth: string(t.Depth), Summary: t.Summary, Scopes: t.Scopes, Params: params})
	}
	if asJSON {
		return printJSON(stdout, types)
	}
	nameW, depthW := len("TYPE"), len("DEPTH")
	for _, t := range types {
		nameW, depthW = max(nameW, len(t.Name)), max(depthW, len(t.Depth))
	}
	fmt.Fprintf(stdout, "%-*s  %-*s  %s\n", nameW, "TYPE", depthW, "DEPTH", "SUMMARY (then the scope keys it honours, and each parameter: name, type, default, range, description)")
	for _, t := range types {
		fmt.Fprintf(stdout, "%-*s  %-*s  %s\n", nameW, t.Name, depthW, t.Depth, t.Summary)
		fmt.Fprintf(stdout, "    scope: %s\n", orDash(strings.Join(t.Scopes, ", ")))
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

// describe is ": delay=10ms; scope user=ops" for a fault, or "".
func describe(f control.FaultInfo) string {
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

// controlClient is the control API of hostile serve as the fault and verdict
// commands name it: --control, --token and the host to act on.
type controlClient struct {
	control.Client
	host string
}

// resolve completes what the flags gave: a scheme, and the token from the
// environment when no flag gave one (read here so that help never shows it).
func (c *controlClient) resolve() {
	if !strings.Contains(c.BaseURL, "://") {
		c.BaseURL = "http://" + c.BaseURL
	}
	c.BaseURL = strings.TrimSuffix(c.BaseURL, "/")
	if c.Token == "" {
		c.Token = os.Getenv("HOSTILE_TOKEN")
	}
	c.HTTP = httpClient
}

var httpClient = &http.Client{Timeout: 15 * time.Second}

// call is control.Client's Call with the CLI's messages: the API's own text,
// and a hint where nothing answered.
func (c *controlClient) call(method, path string, body, out any) error {
	err := c.Call(context.Background(), method, path, body, out)
	var apiErr *control.APIError
	var unreachable *control.UnreachableError
	switch {
	case errors.As(err, &apiErr) && apiErr.Message != "":
		return errors.New(apiErr.Message)
	case errors.As(err, &unreachable):
		return fmt.Errorf("cannot reach the control API at %s (is hostile serve running with --control?): %v", c.BaseURL, unreachable.Err)
	}
	return err
}

// hostName is --host, or the only host the API serves.
func (c *controlClient) hostName() (string, error) {
	if c.host != "" {
		return c.host, nil
	}
	var hosts []control.HostInfo
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
