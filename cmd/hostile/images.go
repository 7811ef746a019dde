package main

import (
	"context"
	"fmt"
	"io"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/hostile-lab/hostile/docker"
	"github.com/hostile-lab/hostile/harness"
)

func init() { register(imagesCommand) }

func imagesCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "images [SUITE...]",
		Short: "build the real OS targets' base images (debootstrap, no registry)",
		Long: fmt.Sprintf("Builds the base image of each Debian suite (default: %s)\nthat the Docker engine does not have yet, tagged %s:SUITE-RECIPEHASH.\nNeeds root and debootstrap.",
			joinNames(docker.Names()), docker.Repository),
		RunE: func(cmd *cobra.Command, args []string) error {
			return status(imagesCmd(args, cmd.OutOrStdout(), cmd.ErrOrStderr()))
		},
	}
}

// imagesCmd builds every suite's base image the engine lacks; one that exists
// for the current recipe is skipped, so a second run takes a second.
func imagesCmd(suites []string, stdout, stderr io.Writer) int {
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
