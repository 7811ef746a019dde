// Package hostilecontainer runs the lab itself as a container, in the shape
// of a testcontainers-go module: Run(ctx, image, opts...) returns a typed
// container with what a product's test needs (the SSH address and
// credentials of the simulated host, the control API, faults, the verdict).
// What it does over HTTP is what a test in any language repeats with a
// generic container: see README, "The lab as a service".
package hostilecontainer

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"time"

	"github.com/testcontainers/testcontainers-go"
	"github.com/testcontainers/testcontainers-go/wait"

	"github.com/hostile-lab/hostile/harness"
	"github.com/hostile-lab/hostile/simhost/control"
	"github.com/hostile-lab/hostile/simhost/events"
	"github.com/hostile-lab/hostile/simhost/faults"
)

// DefaultImage is what `make image` builds.
const DefaultImage = "hostile:latest"

// The ports the image serves on (its ENTRYPOINT says them).
const (
	sshPort     = "2222/tcp"
	controlPort = "8474/tcp"
)

// Container is a running lab serving one scenario's simulated host.
type Container struct {
	testcontainers.Container
	token    string
	host     string // the scenario's host name in the control API
	client   *http.Client
	scenario string
}

// Option configures Run.
type Option func(*config)

type config struct {
	scenario     string // a built-in name
	scenarioFile string // or a file of this machine, copied in
	token        string
}

// WithScenario serves a built-in scenario (hostile scenarios list).
func WithScenario(name string) Option { return func(c *config) { c.scenario = name } }

// WithScenarioFile serves the scenario in a file of this machine; it may
// extend built-in scenarios only, as no other file is copied in.
func WithScenarioFile(path string) Option { return func(c *config) { c.scenarioFile = path } }

// WithToken sets the control API's token; a random one is made otherwise.
func WithToken(token string) Option { return func(c *config) { c.token = token } }

// Run starts image (DefaultImage when empty) serving the scenario the options
// name (healthy-debian12 when none), and waits until its host and control API
// listen. Terminate it when done.
func Run(ctx context.Context, image string, opts ...Option) (*Container, error) {
	cfg := config{scenario: "healthy-debian12"}
	for _, o := range opts {
		o(&cfg)
	}
	if image == "" {
		image = DefaultImage
	}
	if cfg.token == "" {
		b := make([]byte, 16)
		rand.Read(b)
		cfg.token = hex.EncodeToString(b)
	}
	args := []string{"--scenario", cfg.scenario}
	customizers := []testcontainers.ContainerCustomizer{
		testcontainers.WithExposedPorts(sshPort, controlPort),
		testcontainers.WithEnv(map[string]string{"HOSTILE_TOKEN": cfg.token}),
		testcontainers.WithLabels(map[string]string{"dev.hostile.lab": "true"}),
		testcontainers.WithWaitStrategy(wait.ForAll(
			wait.ForLog("hostile: control API on"),
			wait.ForListeningPort(sshPort),
			wait.ForListeningPort(controlPort),
		).WithDeadline(60 * time.Second)),
	}
	if cfg.scenarioFile != "" {
		data, err := os.ReadFile(cfg.scenarioFile)
		if err != nil {
			return nil, fmt.Errorf("hostilecontainer: WithScenarioFile: %w", err)
		}
		args = []string{"--scenario", "/tmp/scenario.yaml"}
		customizers = append(customizers, testcontainers.WithFiles(testcontainers.ContainerFile{
			Reader: bytes.NewReader(data), ContainerFilePath: "/tmp/scenario.yaml", FileMode: 0o644,
		}))
	}
	customizers = append(customizers, testcontainers.WithCmdArgs(args...))
	ctr, err := testcontainers.Run(ctx, image, customizers...)
	if err != nil {
		if ctr != nil {
			ctr.Terminate(context.WithoutCancel(ctx))
		}
		return nil, fmt.Errorf("hostilecontainer: start %s: %w", image, err)
	}
	c := &Container{Container: ctr, token: cfg.token, client: &http.Client{Timeout: 60 * time.Second}}
	var hosts []control.HostInfo
	if err := c.call(ctx, "GET", "/hosts", nil, &hosts); err != nil || len(hosts) != 1 {
		ctr.Terminate(context.WithoutCancel(ctx))
		return nil, fmt.Errorf("hostilecontainer: the lab serves %d hosts, want 1: %v", len(hosts), err)
	}
	c.host, c.scenario = hosts[0].Name, hosts[0].Name
	return c, nil
}

// SSHAddr is host:port where the simulated host answers SSH.
func (c *Container) SSHAddr(ctx context.Context) (string, error) { return c.endpoint(ctx, sshPort) }

// Credentials are the user and password every served scenario has: ops, the
// twin of its story user (same shell, rc files, groups, sudo rights, faults).
func (c *Container) Credentials() (user, password string) { return "ops", "ops" }

// Token is the control API's token.
func (c *Container) Token() string { return c.token }

// ControlURL is the control API's base URL.
func (c *Container) ControlURL(ctx context.Context) (string, error) {
	addr, err := c.endpoint(ctx, controlPort)
	if err != nil {
		return "", err
	}
	return "http://" + addr, nil
}

// AddFault installs a fault on the host while it runs.
func (c *Container) AddFault(ctx context.Context, spec faults.Spec) error {
	return c.call(ctx, "POST", "/hosts/"+url.PathEscape(c.host)+"/faults", spec, nil)
}

// Verdict judges the scenario over what the host observed of the product,
// and over report (what the product's test saw) where it is not nil.
func (c *Container) Verdict(ctx context.Context, report *harness.ClientReport) (harness.HostVerdict, error) {
	var v harness.HostVerdict
	var body any
	if report != nil {
		body = map[string]any{"client": report}
	}
	err := c.call(ctx, "POST", "/hosts/"+url.PathEscape(c.host)+"/verdict", body, &v)
	return v, err
}

// Events are what the host recorded, oldest first.
func (c *Container) Events(ctx context.Context) ([]events.Event, error) {
	var evs []events.Event
	if err := c.call(ctx, "GET", "/hosts/"+url.PathEscape(c.host)+"/events", nil, &evs); err != nil {
		return nil, err
	}
	return evs, nil
}

// Reset brings the host back to its scenario's start between tests.
func (c *Container) Reset(ctx context.Context) error {
	return c.call(ctx, "POST", "/hosts/"+url.PathEscape(c.host)+"/reset", nil, nil)
}

func (c *Container) endpoint(ctx context.Context, port string) (string, error) {
	host, err := c.Host(ctx)
	if err != nil {
		return "", err
	}
	p, err := c.MappedPort(ctx, port)
	if err != nil {
		return "", err
	}
	return net.JoinHostPort(host, strconv.Itoa(int(p.Num()))), nil
}

// call is control.Client's Call at the container's control API.
func (c *Container) call(ctx context.Context, method, path string, body, out any) error {
	base, err := c.ControlURL(ctx)
	if err != nil {
		return err
	}
	api := control.Client{BaseURL: base, Token: c.token, HTTP: c.client}
	if err := api.Call(ctx, method, path, body, out); err != nil {
		return fmt.Errorf("hostilecontainer: %w", err)
	}
	return nil
}
