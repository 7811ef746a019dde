// Package docker builds the base images of the real OS targets with no container
// registry: a debootstrap rootfs of a Debian suite, cleaned up and imported, tagged
// by a hash of its recipe so a second build of the same recipe is skipped.
package docker

import (
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"

	cerrdefs "github.com/containerd/errdefs"
	"github.com/moby/moby/client"
	"github.com/testcontainers/testcontainers-go"
	tclog "github.com/testcontainers/testcontainers-go/log"
)

//go:embed rootfs.sh
var rootfsScript []byte

//go:embed start.sh
var startScript []byte

// Suite is a Debian release a target can be built from.
type Suite struct {
	Name string // debootstrap's name: "bookworm"
	// Libc is the glibc it ships, which decides what binaries load on it.
	Libc string // "GLIBC_2.36"
	// Personality is the simulated host's personality whose base system is
	// captured from this suite's image.
	Personality string
}

// Suites are the releases the lab builds, newest first.
var Suites = []Suite{
	{Name: "bookworm", Libc: "GLIBC_2.36", Personality: "debian12"},
	{Name: "bullseye", Libc: "GLIBC_2.31", Personality: "debian11"},
}

//go:embed packages.txt
var packagesList string

// Packages are what every Debian target installs beyond minbase, from
// packages.txt: the image recipe and the captured base system both read it.
func Packages() []string {
	var out []string
	for _, line := range strings.Split(packagesList, "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			out = append(out, line)
		}
	}
	return out
}

// Repository is the name every base image is tagged under.
const Repository = "hostile-os"

// Label marks every container the lab starts, with the scenario's name as its
// value, so a stray one (a killed test run) can be found and removed.
const Label = "dev.hostile.scenario"

func init() {
	// No registry: testcontainers' reaper (Ryuk) cannot be pulled. The lab
	// removes what it starts itself. The variable is read once, so set it first.
	if _, set := os.LookupEnv("TESTCONTAINERS_RYUK_DISABLED"); !set {
		os.Setenv("TESTCONTAINERS_RYUK_DISABLED", "true")
	}
	// A local engine publishes ports on this machine's loopback. testcontainers
	// guesses a gateway instead when it finds /.dockerenv (a CI runner that is
	// itself a container, sharing the engine's network), which is unreachable.
	if _, set := os.LookupEnv("TESTCONTAINERS_HOST_OVERRIDE"); !set && localEngine() {
		os.Setenv("TESTCONTAINERS_HOST_OVERRIDE", "127.0.0.1")
	}
	if os.Getenv("HOSTILE_DOCKER_DEBUG") == "" {
		tclog.SetDefault(tclog.NewNoopLogger())
	}
}

// localEngine is true when the engine is reached through a local socket.
func localEngine() bool {
	h := os.Getenv("DOCKER_HOST")
	return h == "" || strings.HasPrefix(h, "unix://")
}

// Ping is nil when the Docker engine (DOCKER_HOST, or the local socket) answers.
func Ping(ctx context.Context) error {
	cli, err := testcontainers.NewDockerClientWithOpts(ctx)
	if err != nil {
		return err
	}
	defer cli.Close()
	_, err = cli.Ping(ctx, client.PingOptions{})
	return err
}

// Image is the tag of suite's base image for the current recipe.
func Image(suite string) string {
	h := sha256.New()
	for _, part := range [][]byte{rootfsScript, startScript, []byte(suite), []byte(strings.Join(Packages(), ","))} {
		h.Write(part)
		h.Write([]byte{0})
	}
	return fmt.Sprintf("%s:%s-%s", Repository, suite, hex.EncodeToString(h.Sum(nil))[:12])
}

// Lookup is the suite called name.
func Lookup(name string) (Suite, error) {
	for _, s := range Suites {
		if s.Name == name {
			return s, nil
		}
	}
	return Suite{}, fmt.Errorf("no base image for Debian %q: the lab builds %s", name, strings.Join(Names(), ", "))
}

// Ensure returns suite's image, building it first when the engine does not have
// it. Building needs root and debootstrap (~30 s and ~250 MB a suite); progress
// goes to log. Builds are serialised across processes by a lock file, so parallel
// test processes build each image once.
func Ensure(ctx context.Context, suite string, log io.Writer) (string, error) {
	if _, err := Lookup(suite); err != nil {
		return "", err
	}
	tag := Image(suite)
	cli, err := testcontainers.NewDockerClientWithOpts(ctx)
	if err != nil {
		return "", fmt.Errorf("docker engine: %w", err)
	}
	defer cli.Close()
	if ok, err := exists(ctx, cli, tag); err != nil || ok {
		return tag, err
	}
	unlock, err := lockBuilds()
	if err != nil {
		return "", err
	}
	defer unlock()
	if ok, err := exists(ctx, cli, tag); err != nil || ok {
		return tag, err // another process built it while this one waited
	}
	fmt.Fprintf(log, "building %s from Debian %s (debootstrap, ~30 s)\n", tag, suite)
	if err := build(ctx, cli, suite, tag, log); err != nil {
		return "", fmt.Errorf("build %s: %w", tag, err)
	}
	return tag, nil
}

func exists(ctx context.Context, cli client.APIClient, tag string) (bool, error) {
	_, err := cli.ImageInspect(ctx, tag)
	switch {
	case err == nil:
		return true, nil
	case cerrdefs.IsNotFound(err):
		return false, nil
	default:
		return false, fmt.Errorf("docker engine: %w", err)
	}
}

func build(ctx context.Context, cli client.APIClient, suite, tag string, log io.Writer) error {
	if _, err := exec.LookPath("debootstrap"); err != nil {
		return errors.New("debootstrap is not installed (apt-get install debootstrap; `make images` does it)")
	}
	work, err := os.MkdirTemp("", "hostile-rootfs-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	for name, data := range map[string][]byte{"rootfs.sh": rootfsScript, "start.sh": startScript} {
		if err := os.WriteFile(filepath.Join(work, name), data, 0o755); err != nil {
			return err
		}
	}
	root := filepath.Join(work, "rootfs")
	cmd := exec.CommandContext(ctx, "bash", filepath.Join(work, "rootfs.sh"), suite, root, strings.Join(Packages(), ","))
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("debootstrap %s: %w", suite, err)
	}
	tarball := exec.CommandContext(ctx, "tar", "-C", root, "--numeric-owner", "-c", ".")
	tarball.Stderr = log
	stream, err := tarball.StdoutPipe()
	if err != nil {
		return err
	}
	if err := tarball.Start(); err != nil {
		return err
	}
	resp, err := cli.ImageImport(ctx, client.ImageImportSource{Source: stream, SourceName: "-"}, tag, client.ImageImportOptions{
		Changes: []string{`CMD ["/usr/local/sbin/hostile-start"]`, "EXPOSE 22"},
	})
	if err == nil {
		_, err = io.Copy(io.Discard, resp)
		resp.Close()
	}
	if werr := tarball.Wait(); err == nil {
		err = werr
	}
	return err
}

// lockBuilds takes the lab's build lock, waiting for it. It lives in the user's
// cache directory, where it may stay between runs.
func lockBuilds() (func(), error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		dir = os.TempDir()
	}
	dir = filepath.Join(dir, "hostile")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(filepath.Join(dir, "images.lock"), os.O_CREATE|os.O_RDWR, 0o666)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, err
	}
	return func() { syscall.Flock(int(f.Fd()), syscall.LOCK_UN); f.Close() }, nil
}

// Names lists the suites' names, for flags and messages.
func Names() []string {
	var out []string
	for _, s := range Suites {
		out = append(out, s.Name)
	}
	return out
}
