package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/hostile-lab/hostile/internal/bench"
)

func init() { register(benchCommand) }

func benchCommand() *cobra.Command {
	var out, source, profiles string
	var quick bool
	cmd := &cobra.Command{
		Use:   "bench [flags]",
		Short: "measure the lab side by side with OpenSSH's sshd and a container; write BENCHMARKS.md",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return status(runBench(out, quick, source, profiles, cmd.OutOrStdout(), cmd.ErrOrStderr()))
		},
	}
	f := cmd.Flags()
	f.StringVar(&out, "out", "BENCHMARKS.md", `write the figures, the machine and the date here; "" writes nothing`)
	f.BoolVar(&quick, "quick", false, "a few iterations of each figure, to check that the benchmark works")
	f.StringVar(&source, "source", ".", `the hostile source tree, whose escalation suite is timed; "" leaves it out`)
	f.StringVar(&profiles, "profiles", "", "write pprof CPU and heap profiles of the simulated host into this directory")
	return cmd
}

func runBench(out string, quick bool, source, profiles string, stdout, stderr io.Writer) int {
	self, err := os.Executable()
	if err != nil {
		fmt.Fprintf(stderr, "hostile bench: %v\n", err)
		return 1
	}
	if profiles != "" {
		if err := os.MkdirAll(profiles, 0o755); err != nil {
			fmt.Fprintf(stderr, "hostile bench: --profiles: %v\n", err)
			return 1
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	report, err := bench.Run(ctx, bench.Config{Hostile: self, Quick: quick, Source: source, Profiles: profiles, Log: stderr})
	if err != nil {
		fmt.Fprintf(stderr, "hostile bench: %v\n", err)
		return 1
	}
	report.Table(stdout)
	if out != "" {
		if err := os.WriteFile(out, []byte(report.Markdown()), 0o644); err != nil {
			fmt.Fprintf(stderr, "hostile bench: --out: %v\n", err)
			return 1
		}
		fmt.Fprintf(stdout, "\nwritten to %s\n", out)
	}
	return 0
}
