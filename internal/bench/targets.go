package bench

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/hostile-lab/hostile/harness"
	"github.com/hostile-lab/hostile/internal/syncbuf"
)

// target is a server under measurement, reached by the same x/crypto client.
type target struct {
	name   string
	addr   string
	config *gossh.ClientConfig
	// pid is the process serving it, whose tree's memory is measured; 0 when
	// the server is not a process of its own here.
	pid int
	// pprof is the server's net/http/pprof base URL, "" when it has none.
	pprof string
	// identity is the benchmark's private key as a file, for the OpenSSH client.
	identity string
	close    func() error
}

func (t *target) dial() (*gossh.Client, error) { return gossh.Dial("tcp", t.addr, t.config) }

// clientConfig is the one client configuration of every target: publickey auth,
// ed25519 host keys, as a product would pin them.
func clientConfig(user string, signer gossh.Signer) *gossh.ClientConfig {
	return &gossh.ClientConfig{
		User:              user,
		Auth:              []gossh.AuthMethod{gossh.PublicKeys(signer)},
		HostKeyCallback:   gossh.InsecureIgnoreHostKey(),
		HostKeyAlgorithms: []string{gossh.KeyAlgoED25519},
		Timeout:           30 * time.Second,
	}
}

// benchScenario is the healthy Debian 12 host, its user admitting the benchmark's key.
const benchScenario = `name: bench
extends: healthy-debian12
summary: the healthy Debian 12 host, admitting hostile bench's key
host:
  limits:
    max_startups: "10000" # as the sshd measured beside it
  users:
    - name: app
      authorized_keys: [%q]
`

// startSim serves the simulated host from a child `hostile serve`, so its memory
// is the server's alone, with its profiles on a pprof address.
func startSim(hostile, dir string, signer gossh.Signer) (*target, error) {
	scenario := filepath.Join(dir, "bench.yaml")
	key := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(signer.PublicKey())))
	if err := os.WriteFile(scenario, fmt.Appendf(nil, benchScenario, key), 0o600); err != nil {
		return nil, err
	}
	out := &syncbuf.Buffer{}
	cmd := exec.Command(hostile, "serve", "--scenario", scenario, "--addr", "127.0.0.1:0",
		"--quiet", "--control", "", "--pprof", "127.0.0.1:0")
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("hostile serve: %w", err)
	}
	stop := func() error { return stopProcess(cmd, 10*time.Second) }
	served := regexp.MustCompile(`serving scenario bench \S+ on (127\.0\.0\.1:\d+)`)
	profiles := regexp.MustCompile(`pprof on (http://\S+)/debug/pprof/`)
	var addr, pprofURL string
	for deadline := time.Now().Add(30 * time.Second); addr == "" || pprofURL == ""; {
		if time.Now().After(deadline) || exited(cmd) {
			stop()
			return nil, fmt.Errorf("hostile serve did not start: %s", out.String())
		}
		time.Sleep(5 * time.Millisecond)
		if m := served.FindStringSubmatch(out.String()); m != nil {
			addr = m[1]
		}
		if m := profiles.FindStringSubmatch(out.String()); m != nil {
			pprofURL = m[1]
		}
	}
	return &target{name: "simulated host", addr: addr, config: clientConfig("app", signer),
		pid: cmd.Process.Pid, pprof: pprofURL, close: stop}, nil
}

// errNoSSHD says why sshd is not measured.
var errNoSSHD = errors.New("sshd is not installed (make bench installs openssh-server)")

// startSSHD runs OpenSSH's sshd on a free loopback port as Debian ships it:
// Debian's own sshd_config (UsePAM yes and the rest), with only the port, the
// host key, the pid file and where the authorized keys are put in front (the
// first value of a keyword wins). Its user is a dedicated one with Debian's
// skeleton home (benchUser), so a command's cost is sshd, PAM and bash with
// Debian's rc files, not the rc files of whoever runs the benchmark.
func startSSHD(dir string, signer gossh.Signer) (*target, error) {
	path, err := exec.LookPath("sshd")
	if err != nil {
		if _, statErr := os.Stat("/usr/sbin/sshd"); statErr != nil {
			return nil, errNoSSHD
		}
		path = "/usr/sbin/sshd"
	}
	if path, err = filepath.Abs(path); err != nil { // sshd re-executes itself by absolute path
		return nil, err
	}
	debian, err := os.ReadFile(debianSSHDConfig)
	if err != nil {
		return nil, notMeasured{fmt.Sprintf("Debian's sshd_config (%s) is not here: %v", debianSSHDConfig, err)}
	}
	u, err := benchAccount(signer)
	if err != nil {
		return nil, err
	}
	keyFile := filepath.Join(dir, "ssh_host_ed25519_key")
	if _, err := harness.WriteKey(keyFile, "hostile bench sshd"); err != nil {
		return nil, err
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	config := filepath.Join(dir, "sshd_config")
	if err := os.WriteFile(config, []byte(sshdConfig(port, keyFile, u.authorizedKeys)+string(debian)), 0o600); err != nil {
		return nil, err
	}
	if os.Geteuid() == 0 {
		// Debian's service makes sshd's privilege separation directory at boot.
		if err := os.MkdirAll("/run/sshd", 0o755); err != nil {
			return nil, err
		}
	}
	log := &syncbuf.Buffer{}
	cmd := exec.Command(path, "-D", "-e", "-f", config)
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("sshd: %w", err)
	}
	t := &target{name: "OpenSSH sshd", addr: net.JoinHostPort("127.0.0.1", strconv.Itoa(port)),
		config: clientConfig(u.name, signer), pid: cmd.Process.Pid}
	t.close = func() error {
		// Each connection is a process of its own that outlives the listener:
		// end them by id, then the listener.
		for _, pid := range descendants(cmd.Process.Pid) {
			syscall.Kill(pid, syscall.SIGKILL)
		}
		return stopProcess(cmd, 10*time.Second)
	}
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if c, err := net.DialTimeout("tcp", t.addr, time.Second); err == nil {
			c.Close()
			return t, nil
		}
		if time.Now().After(deadline) || exited(cmd) {
			t.close()
			return nil, fmt.Errorf("sshd did not start: %s", strings.TrimSpace(log.String()))
		}
	}
}

// debianSSHDConfig is the sshd_config Debian's openssh-server package ships,
// as shipped (/etc/ssh/sshd_config may carry this machine's changes).
const debianSSHDConfig = "/usr/share/openssh/sshd_config"

// sshdConfig is what the benchmark puts before Debian's configuration: where
// to listen, its host key, no pid file, where the user's key is. Nothing else
// changes: PAM, MaxStartups (10:30:100) and MaxSessions (10) are Debian's.
func sshdConfig(port int, hostKey, authorizedKeys string) string {
	return fmt.Sprintf(`# hostile bench: the port, keys and paths; Debian's sshd_config follows.
ListenAddress 127.0.0.1:%d
HostKey %s
PidFile none
AuthorizedKeysFile %s
LogLevel ERROR

`, port, hostKey, authorizedKeys)
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// exited reports whether cmd's process has ended, without reaping it.
func exited(cmd *exec.Cmd) bool {
	return cmd.Process.Signal(syscall.Signal(0)) != nil
}

// stopProcess asks cmd to stop with SIGTERM and kills it after grace.
func stopProcess(cmd *exec.Cmd, grace time.Duration) error {
	cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		var exit *exec.ExitError
		if errors.As(err, &exit) && exit.Sys().(syscall.WaitStatus).Signal() == syscall.SIGTERM {
			return nil
		}
		return err
	case <-time.After(grace):
		cmd.Process.Kill()
		<-done
		return fmt.Errorf("%s did not stop within %s of SIGTERM", filepath.Base(cmd.Path), grace)
	}
}

// descendants lists the processes below pid, from /proc.
func descendants(pid int) []int {
	entries, _ := os.ReadDir("/proc")
	children := map[int][]int{}
	for _, e := range entries {
		p, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...: comm may hold spaces, so cut at the last ')'.
		fields := strings.Fields(string(stat[bytes.LastIndexByte(stat, ')')+1:]))
		if len(fields) < 2 {
			continue
		}
		ppid, _ := strconv.Atoi(fields[1])
		children[ppid] = append(children[ppid], p)
	}
	var out []int
	for queue := children[pid]; len(queue) > 0; queue = queue[1:] {
		out = append(out, queue[0])
		queue = append(queue, children[queue[0]]...)
	}
	return out
}

// memory is what a server holds now.
type memory struct {
	// PSS is the proportional set size of the server's processes, in bytes:
	// each process's own pages plus its share of those it shares.
	PSS int64
	// Processes counts them.
	Processes int
	// Heap is the Go heap and stacks in use after a GC, -1 when not known.
	Heap int64
}

// memoryOf measures t's processes and, when it serves pprof, its Go heap.
func memoryOf(ctx context.Context, t *target) (memory, error) {
	m := memory{Heap: -1}
	if t.pid == 0 {
		return m, errors.New("the server is not a process of its own")
	}
	for _, pid := range append([]int{t.pid}, descendants(t.pid)...) {
		pss, err := pssOf(pid)
		if err != nil {
			continue // ended since it was listed
		}
		m.PSS += pss
		m.Processes++
	}
	if t.pprof != "" {
		heap, err := goHeap(ctx, t.pprof)
		if err != nil {
			return m, err
		}
		m.Heap = heap
	}
	return m, nil
}

// pssOf reads a process's Pss from /proc/PID/smaps_rollup, in bytes.
func pssOf(pid int) (int64, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/smaps_rollup", pid))
	if err != nil {
		return 0, err
	}
	for line := range strings.Lines(string(data)) {
		if rest, ok := strings.CutPrefix(line, "Pss:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb * 1024, err
		}
	}
	return 0, fmt.Errorf("no Pss in /proc/%d/smaps_rollup", pid)
}

// goHeap is HeapInuse + StackInuse of a Go server after a GC, from the
// runtime.MemStats its pprof heap page lists.
func goHeap(ctx context.Context, base string) (int64, error) {
	body, err := httpGet(ctx, base+"/debug/pprof/heap?debug=1&gc=1")
	if err != nil {
		return 0, err
	}
	var heap, stack int64
	for line := range strings.Lines(string(body)) {
		if v, ok := strings.CutPrefix(line, "# HeapInuse = "); ok {
			heap, _ = strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		}
		if v, ok := strings.CutPrefix(line, "# Stack = "); ok { // "# Stack = inuse / sys"
			stack, _ = strconv.ParseInt(strings.Fields(v)[0], 10, 64)
		}
	}
	if heap == 0 {
		return 0, errors.New("the pprof heap page has no MemStats")
	}
	return heap + stack, nil
}

func httpGet(ctx context.Context, url string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, "GET", url, nil)
	if err != nil {
		return nil, err
	}
	// No keep-alive: the benchmark leaves no connection behind.
	resp, err := (&http.Client{Transport: &http.Transport{DisableKeepAlives: true}}).Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	if _, err := b.ReadFrom(resp.Body); err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	return b.Bytes(), nil
}
