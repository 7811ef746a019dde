package harness

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/moby/moby/api/pkg/stdcopy"
	"github.com/moby/moby/api/types/container"
	"github.com/testcontainers/testcontainers-go"
	"github.com/testcontainers/testcontainers-go/wait"

	"github.com/hostile-lab/hostile/docker"
	"github.com/hostile-lab/hostile/scenarios"
	"github.com/hostile-lab/hostile/simhost/events"
	"github.com/hostile-lab/hostile/simhost/faults"
)

// ContainerTarget is a scenario's host as a real Debian container: real sshd,
// bash, sudo, PAM, glibc and lvm2, configured as the scenario says, behind a
// loopback proxy that applies the scenario's transport faults.
type ContainerTarget struct {
	ctr      *testcontainers.DockerContainer
	proxy    *faultProxy
	identity *Identity
	users    map[string]string
	// Notes are the approximations the container makes of the scenario's host
	// (a Debian base for rhel7, the Solaris rm shim...).
	Notes []string
	Image string
	watch containerWatch // what Watch remembers between looks
}

// NotExpressibleError lists what in a scenario a real OS cannot carry.
type NotExpressibleError struct {
	Scenario string
	Reasons  []string
}

func (e *NotExpressibleError) Error() string {
	return fmt.Sprintf("scenario %s cannot run on a real OS target: %s", e.Scenario, strings.Join(e.Reasons, "; "))
}

// ContainerOption changes how StartContainer starts a target.
type ContainerOption func(*containerConfig)

type containerConfig struct {
	buildLog io.Writer
	addr     string
}

// WithBuildLog sends the progress of a base image build (when the image is
// missing) to w.
func WithBuildLog(w io.Writer) ContainerOption {
	return func(c *containerConfig) { c.buildLog = w }
}

// WithListenAddr puts the proxy in front of sshd on addr (default: an
// ephemeral loopback port), for `hostile serve --target container`.
func WithListenAddr(addr string) ContainerOption {
	return func(c *containerConfig) { c.addr = addr }
}

// StartContainer starts a real OS container configured as s's host, with s's
// transport faults on the proxy in front of its sshd, and waits until sshd
// listens. Every user also accepts id's key. When s holds something a real OS
// cannot express the error is a *NotExpressibleError naming all of it.
func StartContainer(ctx context.Context, s *scenarios.Scenario, id *Identity, opts ...ContainerOption) (*ContainerTarget, error) {
	cfg := containerConfig{buildLog: io.Discard, addr: "127.0.0.1:0"}
	for _, o := range opts {
		o(&cfg)
	}
	plan, err := planRealOS(s, id)
	if err != nil {
		return nil, err
	}
	if len(plan.missing) > 0 {
		return nil, &NotExpressibleError{Scenario: s.Name, Reasons: plan.missing}
	}
	image, err := docker.Ensure(ctx, plan.suite, cfg.buildLog)
	if err != nil {
		return nil, err
	}
	ctr, err := testcontainers.Run(ctx, image,
		testcontainers.WithExposedPorts("22/tcp"),
		testcontainers.WithLabels(map[string]string{docker.Label: s.Name}),
		testcontainers.WithConfigModifier(func(c *container.Config) { c.Hostname = plan.hostname }),
		// Watch reads /proc/PID/syscall and fd/0 of the users' processes from a
		// root docker exec; the kernel asks for CAP_SYS_PTRACE to read another
		// uid's. Nothing in the container uses it otherwise.
		testcontainers.WithHostConfigModifier(func(hc *container.HostConfig) { hc.CapAdd = append(hc.CapAdd, "SYS_PTRACE") }),
		testcontainers.WithFiles(
			testcontainers.ContainerFile{Reader: strings.NewReader(plan.Script()), ContainerFilePath: "/hostile/setup.sh", FileMode: 0o700},
			testcontainers.ContainerFile{Reader: bytes.NewReader(plan.archive.Bytes()), ContainerFilePath: "/hostile/files.tar", FileMode: 0o600},
		),
		testcontainers.WithWaitStrategy(wait.ForAll(
			wait.ForLog("Server listening on"),
			wait.ForListeningPort("22/tcp"),
		).WithDeadline(3*time.Minute)), // a container took up to 17 s to answer at load 20 (BENCHMARKS.md)
	)
	if err != nil {
		if ctr != nil {
			err = fmt.Errorf("%w%s", err, tailLogs(ctr))
			ctr.Terminate(context.Background())
		}
		return nil, fmt.Errorf("scenario %s: start a %s container: %w", s.Name, plan.suite, err)
	}
	t := &ContainerTarget{ctr: ctr, identity: id, users: map[string]string{}, Notes: plan.notes, Image: image}
	for _, u := range s.Host.Users {
		t.users[u.Name] = u.Password
	}
	host, err := ctr.Host(ctx)
	if err == nil {
		var port string
		port, err = mappedPort(ctx, ctr)
		if err == nil {
			t.proxy, err = startFaultProxy(cfg.addr, net.JoinHostPort(host, port))
		}
	}
	if err != nil {
		t.Close()
		return nil, fmt.Errorf("scenario %s: reach the container's sshd: %w", s.Name, err)
	}
	for _, spec := range plan.transport {
		if _, err := t.proxy.faults.Add(spec); err != nil {
			t.Close()
			return nil, fmt.Errorf("scenario %s: %w", s.Name, err)
		}
	}
	return t, nil
}

func mappedPort(ctx context.Context, ctr *testcontainers.DockerContainer) (string, error) {
	p, err := ctr.MappedPort(ctx, "22/tcp")
	if err != nil {
		return "", err
	}
	return strconv.Itoa(int(p.Num())), nil
}

// tailLogs is the end of a failed container's output, for the error.
func tailLogs(ctr *testcontainers.DockerContainer) string {
	rc, err := ctr.Logs(context.Background())
	if err != nil {
		return ""
	}
	defer rc.Close()
	b, _ := io.ReadAll(io.LimitReader(rc, 1<<20))
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) > 15 {
		lines = lines[len(lines)-15:]
	}
	return "\ncontainer output:\n  " + strings.Join(lines, "\n  ")
}

func (t *ContainerTarget) Kind() string { return "container" }

// Addr is the proxy in front of the container's sshd.
func (t *ContainerTarget) Addr() string { return t.proxy.Addr() }

func (t *ContainerTarget) Credentials(user string) Credentials {
	return Credentials{User: user, Password: t.users[user], Signer: t.identity.Signer, IdentityFile: t.identity.Path}
}

// Events is nil: a real host's commands are not seen from outside.
func (t *ContainerTarget) Events() *events.Log { return nil }

// Faults are the transport faults of the proxy in front of sshd.
func (t *ContainerTarget) Faults() *faults.Set { return t.proxy.faults }

// ID is the container's id, for docker commands.
func (t *ContainerTarget) ID() string { return t.ctr.GetContainerID() }

// Close cuts the proxy's connections and removes the container.
func (t *ContainerTarget) Close() error {
	var errs []error
	if t.proxy != nil {
		errs = append(errs, t.proxy.Close())
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	errs = append(errs, t.ctr.Terminate(ctx))
	return errors.Join(errs...)
}

// Exec runs argv in the container as root, outside any SSH session, with
// stdout and stderr apart.
func (t *ContainerTarget) Exec(ctx context.Context, argv ...string) (stdout, stderr string, exit int, err error) {
	code, r, err := t.ctr.Exec(ctx, argv)
	if err != nil {
		return "", "", 0, fmt.Errorf("docker exec %s: %w", strings.Join(argv, " "), err)
	}
	var out, errb bytes.Buffer
	if _, err := stdcopy.StdCopy(&out, &errb, r); err != nil {
		return "", "", 0, fmt.Errorf("docker exec %s: %w", strings.Join(argv, " "), err)
	}
	return out.String(), errb.String(), code, nil
}

// sessionParent is the unprivileged sshd process of a connection; each of its
// children is one open session's command, shell or subsystem.
var sessionParent = regexp.MustCompile(`^sshd: \S+@(notty|pts/\d+)$`)

// OpenSessions counts the sessions sshd has open: the children of every
// connection's `sshd: USER@notty` or `sshd: USER@pts/N` process.
func (t *ContainerTarget) OpenSessions(ctx context.Context) (int, error) {
	out, stderr, code, err := t.Exec(ctx, "ps", "-eo", "pid=,ppid=,args=")
	if err != nil || code != 0 {
		return 0, fmt.Errorf("count sessions with ps: exit %d %s %v", code, stderr, err)
	}
	parents := map[string]bool{}
	type proc struct{ ppid string }
	var procs []proc
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if len(f) < 3 {
			continue
		}
		if sessionParent.MatchString(strings.Join(f[2:], " ")) {
			parents[f[0]] = true
		}
		procs = append(procs, proc{ppid: f[1]})
	}
	n := 0
	for _, p := range procs {
		if parents[p.ppid] {
			n++
		}
	}
	return n, nil
}

// globSafe is what Glob lets into the shell: paths and glob characters only.
var globSafe = regexp.MustCompile(`^/[A-Za-z0-9_./*?\[\]{},+=:@%-]*$`)

// Glob lists the files matching pattern, expanded by the container's shell.
func (t *ContainerTarget) Glob(ctx context.Context, pattern string) ([]string, error) {
	if !globSafe.MatchString(pattern) {
		return nil, fmt.Errorf("glob %q: only absolute paths with glob characters can be matched on a container", pattern)
	}
	out, stderr, code, err := t.Exec(ctx, "sh", "-c", `for f in `+pattern+`; do if [ -e "$f" ] || [ -L "$f" ]; then printf '%s\n' "$f"; fi; done`)
	if err != nil || code != 0 {
		return nil, fmt.Errorf("glob %s: exit %d %s %v", pattern, code, stderr, err)
	}
	matches := strings.Fields(out)
	sort.Strings(matches)
	return matches, nil
}

// RequireDocker is nil when a Docker engine answers, else one line saying why
// container targets cannot run.
func RequireDocker() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := docker.Ping(ctx); err != nil {
		return fmt.Errorf("no Docker engine for container targets (%v)", err)
	}
	return nil
}

// DockerRequired is true when HOSTILE_REQUIRE_DOCKER=1: container specs then
// fail without an engine instead of being skipped, so CI cannot pass without them.
func DockerRequired() bool { return os.Getenv("HOSTILE_REQUIRE_DOCKER") == "1" }
