package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/hostile-lab/hostile/harness"
	"github.com/hostile-lab/hostile/scenarios"
)

func init() { register(verdictCommand) }

func verdictCommand() *cobra.Command {
	c := &controlClient{}
	var reportFile string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "verdict [--control URL] [--client-report FILE] [--json] [HOST]",
		Short: "judge a product driven from outside against a served scenario's expectations",
		Long: `Judges the scenario a host serves over what the host observed of the product
(sessions left open and blocked reading input, files left or missing, commands
run), and over the product's own report where given: a JSON file with any of
operations, failed, errors, outcome, volumes, stdout, exit_status, took_seconds,
twin_took_seconds. Exits 0 on pass, 1 on fail. HOST may be left out when the
lab serves one host.`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) > 1 {
				return usagef("one host at a time, got %s", strings.Join(args, " "))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			c.resolve()
			if len(args) == 1 {
				c.host = args[0]
			}
			return status(verdict(c, reportFile, asJSON, cmd.OutOrStdout(), cmd.ErrOrStderr()))
		},
	}
	f := cmd.Flags()
	f.StringVar(&c.BaseURL, "control", "http://127.0.0.1:8474", "the control API of hostile serve")
	f.StringVar(&c.Token, "token", "", "the API token (default $HOSTILE_TOKEN, read when the command runs so help never shows it)")
	f.StringVar(&reportFile, "client-report", "", "a JSON file of what the product saw, for the expectations only it knows")
	f.BoolVar(&asJSON, "json", false, "print the verdict as the API gives it")
	return cmd
}

// verdict asks a running lab to judge what a product did to one of its hosts:
// how a product's own test suite, in any language, gets the lab's verdict.
func verdict(c *controlClient, reportFile string, asJSON bool, stdout, stderr io.Writer) int {
	var body map[string]any
	if reportFile != "" {
		data, err := os.ReadFile(reportFile)
		if err != nil {
			fmt.Fprintf(stderr, "hostile verdict: --client-report: %v\n", err)
			return 2
		}
		var report harness.ClientReport
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&report); err != nil {
			fmt.Fprintf(stderr, "hostile verdict: --client-report %s: %v\n", reportFile, err)
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
	if asJSON {
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
	if v.Verdict != scenarios.Pass {
		return 1
	}
	return 0
}
