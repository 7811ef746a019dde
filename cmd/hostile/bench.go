package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/hostile-lab/hostile/bench"
)

func init() {
	commands["bench"] = command{"measure the lab side by side with OpenSSH's sshd and a container; write BENCHMARKS.md", runBench}
}

func runBench(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("hostile bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "BENCHMARKS.md", `write the figures, the machine and the date here; "" writes nothing`)
	quick := fs.Bool("quick", false, "a few iterations of each figure, to check that the benchmark works")
	source := fs.String("source", ".", `the hostile source tree, whose escalation suite is timed; "" leaves it out`)
	profiles := fs.String("profiles", "", "write pprof CPU and heap profiles of the simulated host into this directory")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "hostile bench: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	self, err := os.Executable()
	if err != nil {
		fmt.Fprintf(stderr, "hostile bench: %v\n", err)
		return 1
	}
	if *profiles != "" {
		if err := os.MkdirAll(*profiles, 0o755); err != nil {
			fmt.Fprintf(stderr, "hostile bench: --profiles: %v\n", err)
			return 1
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	report, err := bench.Run(ctx, bench.Config{Hostile: self, Quick: *quick, Source: *source, Profiles: *profiles, Log: stderr})
	if err != nil {
		fmt.Fprintf(stderr, "hostile bench: %v\n", err)
		return 1
	}
	report.Table(stdout)
	if *out != "" {
		if err := os.WriteFile(*out, []byte(report.Markdown()), 0o644); err != nil {
			fmt.Fprintf(stderr, "hostile bench: --out: %v\n", err)
			return 1
		}
		fmt.Fprintf(stdout, "\nwritten to %s\n", *out)
	}
	return 0
}
