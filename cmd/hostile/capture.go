package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/hostile-lab/hostile/docker"
	"github.com/hostile-lab/hostile/harness"
	"github.com/hostile-lab/hostile/simhost/basesys"
)

func init() { register(captureCommand) }

func captureCommand() *cobra.Command {
	var out string
	var check bool
	cmd := &cobra.Command{
		Use:   "capture [--out DIR] [--check] [SUITE...]",
		Short: "capture the Debian personalities' base systems from the real OS images",
		Long: fmt.Sprintf("Captures the base system (file tree, /etc texts, dpkg status, program versions)\n"+
			"of each Debian suite's image (default: %s; built first when missing)\n"+
			"into DIR/PERSONALITY.base.gz (make capture).", joinNames(docker.Names())),
		RunE: func(cmd *cobra.Command, args []string) error {
			return status(captureCmd(args, out, check, cmd.OutOrStdout(), cmd.ErrOrStderr()))
		},
	}
	cmd.Flags().StringVar(&out, "out", filepath.Join("simhost", "personality", "data"), "the directory of the personalities' data files")
	cmd.Flags().BoolVar(&check, "check", false, "write nothing; exit 1 when a stored base system differs from a new capture")
	return cmd
}

// captureCmd writes each suite's captured base system where the personality
// package embeds it (make capture), or with check says which are stale.
func captureCmd(suites []string, out string, check bool, stdout, stderr io.Writer) int {
	if len(suites) == 0 {
		suites = docker.Names()
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	if err := harness.RequireDocker(); err != nil {
		fmt.Fprintf(stderr, "hostile capture: %v: the base systems are captured from the container images\n", err)
		return 1
	}
	failed := 0
	for _, suite := range suites {
		b, err := docker.Capture(ctx, suite, stderr)
		if err != nil {
			fmt.Fprintf(stderr, "hostile capture: %v\n", err)
			return 1
		}
		var data bytes.Buffer
		if err := b.WriteGzip(&data); err != nil {
			fmt.Fprintf(stderr, "hostile capture: %v\n", err)
			return 1
		}
		file := filepath.Join(out, b.Name+".base.gz")
		if check {
			if stale := staleCapture(file, b); stale != "" {
				fmt.Fprintf(stdout, "%s: stale: %s (run make capture)\n", file, stale)
				failed = 1
				continue
			}
			fmt.Fprintf(stdout, "%s: up to date\n", file)
			continue
		}
		if err := os.WriteFile(file, data.Bytes(), 0o644); err != nil {
			fmt.Fprintf(stderr, "hostile capture: %v\n", err)
			return 1
		}
		fmt.Fprintf(stdout, "%s: %d entries, %d bytes, from %s\n", file, len(b.Entries), data.Len(), suite)
	}
	return failed
}

// staleCapture says how the base stored in file differs from fresh, or "" when
// it differs only in what two builds of one recipe always do (docker.Drift).
func staleCapture(file string, fresh *basesys.Base) string {
	f, err := os.Open(file)
	if err != nil {
		return err.Error()
	}
	defer f.Close()
	stored, err := basesys.ReadGzip(f, file)
	if err != nil {
		return err.Error()
	}
	missing, extra := docker.Drift(stored, fresh)
	if len(missing)+len(extra) == 0 {
		return ""
	}
	first := append(missing, extra...)[0]
	return fmt.Sprintf("%d lines in the image are not stored and %d stored are not in it (first: %s)", len(missing), len(extra), first)
}
