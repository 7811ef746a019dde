package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/hostile-lab/hostile/docker"
	"github.com/hostile-lab/hostile/harness"
)

func init() {
	commands["capture"] = command{"capture the Debian personalities' base systems from the real OS images", captureCmd}
}

// captureCmd writes each suite's captured base system where the personality
// package embeds it (make capture), or with -check says which are stale.
func captureCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("capture", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", filepath.Join("simhost", "personality", "data"), "the directory of the personalities' data files")
	check := fs.Bool("check", false, "write nothing; exit 1 when a stored base system differs from a new capture")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: hostile capture [-out DIR] [-check] [SUITE...]\n\nCaptures the base system (file tree, /etc texts, dpkg status, program versions)\nof each Debian suite's image (default: %s; built first when missing)\ninto DIR/PERSONALITY.base.gz.\n\n", joinNames(docker.Names()))
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	suites := fs.Args()
	if len(suites) == 0 {
		suites = docker.Names()
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	if err := harness.RequireDocker(); err != nil {
		fmt.Fprintf(stderr, "hostile capture: %v: the base systems are captured from the container images\n", err)
		return 1
	}
	status := 0
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
		file := filepath.Join(*out, b.Name+".base.gz")
		if *check {
			old, err := os.ReadFile(file)
			if err != nil || !bytes.Equal(old, data.Bytes()) {
				fmt.Fprintf(stdout, "%s: stale: the capture of %s differs (run make capture)\n", file, suite)
				status = 1
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
	return status
}
