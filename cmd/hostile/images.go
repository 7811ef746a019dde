package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os/signal"
	"syscall"

	"github.com/hostile-lab/hostile/docker"
	"github.com/hostile-lab/hostile/harness"
)

func init() {
	commands["images"] = command{"build the real OS targets' base images (debootstrap, no registry)", imagesCmd}
}

// imagesCmd builds every suite's base image the engine lacks; one that exists
// for the current recipe is skipped, so a second run takes a second.
func imagesCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("images", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: hostile images [SUITE...]\n\nBuilds the base image of each Debian suite (default: %s)\nthat the Docker engine does not have yet, tagged %s:SUITE-RECIPEHASH.\nNeeds root and debootstrap.\n", joinNames(docker.Names()), docker.Repository)
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
		// Nothing to build for; container specs will skip, or fail when required.
		fmt.Fprintf(stderr, "hostile images: %v: container targets are not built\n", err)
		if harness.DockerRequired() {
			return 1
		}
		return 0
	}
	for _, suite := range suites {
		tag, err := docker.Ensure(ctx, suite, stderr)
		if err != nil {
			fmt.Fprintf(stderr, "hostile images: %v\n", err)
			return 1
		}
		fmt.Fprintln(stdout, tag)
	}
	return 0
}
