package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"path/filepath"
	"strconv"

	"github.com/hostile-lab/hostile/harness"
	"github.com/hostile-lab/hostile/scenarios"
	"github.com/hostile-lab/hostile/simhost/machine"
)

// serveContainers serves each scenario (or the default host) as a real Debian
// container on consecutive ports from addr, until ctx ends, then removes them.
// Faults that a real OS cannot express stop the start with every reason.
func serveContainers(ctx context.Context, names []string, plain machine.Description, addr string, stdout, stderr io.Writer) int {
	ip, portText, err := net.SplitHostPort(addr)
	port, perr := strconv.Atoi(portText)
	if err != nil || perr != nil {
		fmt.Fprintf(stderr, "hostile serve: --addr %q: want host:port\n", addr)
		return 2
	}
	var loaded []*scenarios.Scenario
	for _, name := range names {
		s, err := scenarios.Open(name)
		if err != nil {
			fmt.Fprintf(stderr, "hostile serve: %v\n", err)
			return 1
		}
		loaded = append(loaded, s.WithOps())
	}
	if len(loaded) == 0 {
		loaded = []*scenarios.Scenario{{Name: plain.Hostname, Summary: "the default host: root/root, and ops/ops who may sudo", Host: plain}}
	}
	if err := harness.RequireDocker(); err != nil {
		fmt.Fprintf(stderr, "hostile serve: --target container: %v\n", err)
		return 1
	}
	id, dir, err := tempIdentity("serve")
	if err != nil {
		fmt.Fprintf(stderr, "hostile serve: %v\n", err)
		return 1
	}
	defer removeTempDir(dir)
	var started []*harness.ContainerTarget
	closeAll := func() (err error) {
		for _, t := range started {
			err = errors.Join(err, t.Close())
		}
		return err
	}
	for i, s := range loaded {
		hostAddr := addr
		if port != 0 {
			hostAddr = net.JoinHostPort(ip, strconv.Itoa(port+i))
		}
		fmt.Fprintf(stdout, "hostile: starting %s as a container...\n", s.Name)
		t, err := harness.StartContainer(ctx, s, id, harness.WithListenAddr(hostAddr), harness.WithBuildLog(stderr))
		if err != nil {
			fmt.Fprintf(stderr, "hostile serve: %v\n", err)
			closeAll()
			return 1
		}
		started = append(started, t)
		describeServed(stdout, s, nil, t.Addr())
		fmt.Fprintf(stdout, "  container %.12s from %s\n", t.ID(), t.Image)
		for _, n := range t.Notes {
			fmt.Fprintf(stdout, "  note: %s\n", n)
		}
	}
	fmt.Fprintln(stdout, "  (a real host's commands are not logged from outside; the control API serves simulated hosts only)")
	if !confine(stdout, "serve", confinement{dirs: []string{dir}, rmdirIn: []string{filepath.Dir(dir)}, readAll: true}) {
		closeAll()
		return 1
	}
	<-ctx.Done()
	fmt.Fprintln(stdout, "hostile: stopping; removing the containers")
	if err := closeAll(); err != nil {
		fmt.Fprintf(stderr, "hostile serve: %v\n", err)
		return 1
	}
	return 0
}
