package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"

	"github.com/hostile-lab/hostile/harness"
)

func init() {
	commands["verdict"] = command{"judge a product driven from outside against a served scenario's expectations (hostile verdict -h)", verdict}
}

// verdict asks a running lab (hostile serve) to judge what a product did to
// one of its hosts: the way a product's own test suite, in any language, gets
// the lab's verdict after driving the real product.
func verdict(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("hostile verdict", flag.ContinueOnError)
	fs.SetOutput(stderr)
	c := &controlClient{}
	fs.StringVar(&c.base, "control", "http://127.0.0.1:8474", "the control API of hostile serve")
	fs.StringVar(&c.token, "token", os.Getenv("HOSTILE_TOKEN"), "the API token (default $HOSTILE_TOKEN)")
	asJSON := fs.Bool("json", false, "print the verdict as the API gives it")
	reportFile := fs.String("client-report", "", "a JSON file of what the product saw (outcome, errors, volumes, stdout, exit_status, took_seconds), for the expectations only it knows")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: hostile verdict [--control URL] [--client-report FILE] [--json] [HOST]\n\n"+
			"Judges the scenario a host serves over what the host observed of the product\n"+
			"(sessions left open and stuck at a prompt, files left or missing, commands run),\n"+
			"and over the product's own report where given. Exits 0 on pass, 1 on fail.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if len(pos) > 1 {
		fmt.Fprintf(stderr, "hostile verdict: one host at a time, got %s\n", strings.Join(pos, " "))
		return 2
	}
	if !strings.Contains(c.base, "://") {
		c.base = "http://" + c.base
	}
	c.base = strings.TrimSuffix(c.base, "/")
	if len(pos) == 1 {
		c.host = pos[0]
	}
	var body map[string]any
	if *reportFile != "" {
		data, err := os.ReadFile(*reportFile)
		if err != nil {
			fmt.Fprintf(stderr, "hostile verdict: --client-report: %v\n", err)
			return 2
		}
		var report harness.ClientReport
		dec := json.NewDecoder(strings.NewReader(string(data)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&report); err != nil {
			fmt.Fprintf(stderr, "hostile verdict: --client-report %s: %v\n", *reportFile, err)
			return 2
		}
		body = map[string]any{"client": report}
	}
	host, err := c.hostName()
	if err != nil {
		fmt.Fprintf(stderr, "hostile verdict: %v\n", err)
		return 1
	}
	var v harness.HostVerdict
	if err := c.call("POST", "/hosts/"+url.PathEscape(host)+"/verdict", body, &v); err != nil {
		fmt.Fprintf(stderr, "hostile verdict: %v\n", err)
		return 1
	}
	if *asJSON {
		if err := printJSON(stdout, v); err != nil {
			return 1
		}
	} else {
		fmt.Fprintf(stdout, "%s: %s (scenario %s)\n", v.Host, v.Verdict, v.Scenario)
		for _, line := range v.Why {
			fmt.Fprintf(stdout, "  %s\n", line)
		}
		for _, line := range v.NotJudged {
			fmt.Fprintf(stdout, "  not judged: %s\n", line)
		}
		for _, line := range v.Notes {
			fmt.Fprintf(stdout, "  note: %s\n", line)
		}
	}
	if v.Verdict != "pass" {
		return 1
	}
	return 0
}
