package harness

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// The differential machinery: the same command run over SSH on two targets
// (a real container and the simulated host of one scenario), their bytes
// normalised for what two machines must differ in, and compared. The
// fidelity suite and `hostile fidelity` share it.

// Normalisations are everything a comparison forgives, in one place: only
// what two machines must differ in, applied to both sides alike.
var Normalisations = []Normalisation{
	{
		Why:  "a container runs the engine's kernel, whatever the personality's uname says",
		Find: func(k Kernel) string { return regexp.QuoteMeta(k.Release) },
		With: "<kernel-release>",
	},
	{
		Why:  "the kernel's build string, as above",
		Find: func(k Kernel) string { return regexp.QuoteMeta(k.Version) },
		With: "<kernel-version>",
	},
	{
		Why:  "ls -l shows a recent file's time of day: the moment the probe made it",
		Find: fixedExpr(`\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ 123]\d [ 012]\d:[0-5]\d\b`),
		With: "<mtime>",
	},
	{
		Why:  "stat's access, modify, change and birth times are the run's",
		Find: fixedExpr(`\b\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{9} [+-]\d{4}\b`),
		With: "<time>",
	},
	{
		Why:  "inode numbers are the filesystem's (with stat's padding, which follows their width)",
		Find: fixedExpr(`\bInode: \d+ +`),
		With: "Inode: <inode> ",
	},
	{
		Why:  "device numbers are the engine's (an overlay) or the simulated host's",
		Find: fixedExpr(`\bDevice: [0-9a-f]+h/\d+d|\bDevice: \d+,\d+`),
		With: "Device: <device>",
	},
	{
		Why:  "the image is built from the live Debian mirror, so a package's security revision (+deb12uN) is the mirror's of the day",
		Find: fixedExpr(`\+deb(\d+)u\d+\b`),
		With: "+deb${1}u<N>",
	},
	{
		Why:  "df's heading (blocks or -i's inodes) is spaced to the widest figure and type under it: the engine's disk (an overlay) or the simulated host's",
		Find: fixedExpr(`(?m)^Filesystem +(?:(Type) +)?(1K-blocks|1024-blocks|Size|Inodes) +(Used|IUsed) +(Avail|Available|IFree) +(Use%|Capacity|IUse%) +Mounted on$`),
		With: "Filesystem ${1} ${2} ${3} ${4} ${5} Mounted on",
	},
	{
		Why:  "dd's closing line times the copy: its seconds and rate are the run's",
		Find: fixedExpr(`\bcopied, [0-9.e+-]+ s, [0-9.]+ [kMGTP]?B/s\b`),
		With: "copied, <seconds> s, <rate>",
	},
	{
		Why:  "ldd's load addresses are randomised by the kernel (ASLR) on every run",
		Find: fixedExpr(`\(0x[0-9a-f]{16}\)`),
		With: "(<address>)",
	},
}

// Normalisation replaces what Find matches (an expression, which may depend
// on the host's kernel) with a placeholder.
type Normalisation struct {
	Why  string
	Find func(Kernel) string
	With string
}

func fixedExpr(expr string) func(Kernel) string { return func(Kernel) string { return expr } }

// Kernel is what uname says of the kernel a host runs.
type Kernel struct{ Release, Version string }

// NormaliserFor applies every normalisation, as it reads for a host with
// kernel k, to a stream of that host.
func NormaliserFor(k Kernel) func(string) string {
	type rule struct {
		re   *regexp.Regexp
		with string
	}
	var rules []rule
	for _, n := range Normalisations {
		if expr := n.Find(k); expr != "" {
			rules = append(rules, rule{regexp.MustCompile(expr), n.With})
		}
	}
	return func(s string) string {
		for _, r := range rules {
			s = r.re.ReplaceAllString(s, r.with)
		}
		return s
	}
}

// ProbeResult is what one exec session gave; Exit is -1 when the session
// ended without an exit status.
type ProbeResult struct {
	Stdout, Stderr string
	Exit           int
}

// Normalise returns r with both streams passed through n.
func (r ProbeResult) Normalise(n func(string) string) ProbeResult {
	return ProbeResult{n(r.Stdout), n(r.Stderr), r.Exit}
}

// Stream is one part of the result as a report quotes it: "stdout", "stderr"
// or the exit status.
func (r ProbeResult) Stream(name string) string {
	switch name {
	case "stdout":
		return fmt.Sprintf("%q", r.Stdout)
	case "stderr":
		return fmt.Sprintf("%q", r.Stderr)
	default:
		return fmt.Sprint(r.Exit)
	}
}

// Differences names where two results differ: "stdout", "stderr", "exit".
func Differences(a, b ProbeResult) []string {
	var out []string
	if a.Stdout != b.Stdout {
		out = append(out, "stdout")
	}
	if a.Stderr != b.Stderr {
		out = append(out, "stderr")
	}
	if a.Exit != b.Exit {
		out = append(out, "exit")
	}
	return out
}

// ProbeTimeout bounds one probe: a probe that outlives it is a hang, reported
// as a difference rather than stalling the comparison. No probe takes a
// second on a quiet machine; a minute leaves room for one at load 12, with
// other runs beside it.
const ProbeTimeout = time.Minute

// ProbeHost is one target with an SSH connection per user, logging in with
// the target's key for that user.
type ProbeHost struct {
	Kind   string
	T      Target
	Kernel Kernel

	mu      sync.Mutex
	clients map[string]*gossh.Client
}

// NewProbeHost wraps t; Close it to end its connections.
func NewProbeHost(kind string, t Target, k Kernel) *ProbeHost {
	return &ProbeHost{Kind: kind, T: t, Kernel: k, clients: map[string]*gossh.Client{}}
}

func (h *ProbeHost) client(user string) (*gossh.Client, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if c := h.clients[user]; c != nil {
		return c, nil
	}
	cred := h.T.Credentials(user)
	c, err := gossh.Dial("tcp", h.T.Addr(), &gossh.ClientConfig{
		User: user, Auth: []gossh.AuthMethod{gossh.PublicKeys(cred.Signer)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 20 * time.Second,
	})
	if err != nil {
		return nil, fmt.Errorf("%s: log in as %s: %w", h.Kind, user, err)
	}
	h.clients[user] = c
	return c, nil
}

// Close ends the host's SSH connections.
func (h *ProbeHost) Close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, c := range h.clients {
		c.Close()
	}
	h.clients = map[string]*gossh.Client{}
}

// Exec runs cmd as user in a session of its own, stdin closed unless given.
func (h *ProbeHost) Exec(ctx context.Context, user, cmd string, stdin []byte) (ProbeResult, error) {
	c, err := h.client(user)
	if err != nil {
		return ProbeResult{}, err
	}
	sess, err := c.NewSession()
	if err != nil {
		return ProbeResult{}, fmt.Errorf("%s: open a session as %s: %w", h.Kind, user, err)
	}
	defer sess.Close()
	var out, errb bytes.Buffer
	sess.Stdout, sess.Stderr = &out, &errb
	if stdin != nil {
		sess.Stdin = bytes.NewReader(stdin)
	}
	done := make(chan error, 1)
	go func() { done <- sess.Run(cmd) }()
	timer := time.NewTimer(ProbeTimeout)
	defer timer.Stop()
	var runErr error
	select {
	case runErr = <-done:
	case <-timer.C:
		sess.Close()
		<-done
		return ProbeResult{Stdout: out.String(), Stderr: errb.String() + fmt.Sprintf("<no end after %s>", ProbeTimeout), Exit: -1}, nil
	case <-ctx.Done():
		sess.Close()
		<-done
		return ProbeResult{}, ctx.Err()
	}
	r := ProbeResult{Stdout: out.String(), Stderr: errb.String()}
	var exitErr *gossh.ExitError
	var missing *gossh.ExitMissingError
	switch {
	case runErr == nil:
	case errors.As(runErr, &exitErr):
		r.Exit = exitErr.ExitStatus()
	case errors.As(runErr, &missing):
		r.Exit = -1
	default:
		return ProbeResult{}, fmt.Errorf("%s: run %q as %s: %w", h.Kind, cmd, user, runErr)
	}
	return r, nil
}

// KernelOf asks a host's uname for its kernel, over SSH as user.
func (h *ProbeHost) KernelOf(ctx context.Context, user string) (Kernel, error) {
	r, err := h.Exec(ctx, user, "uname -r; uname -v", nil)
	if err != nil {
		return Kernel{}, err
	}
	if r.Exit != 0 {
		return Kernel{}, fmt.Errorf("%s: uname exited %d: %s", h.Kind, r.Exit, r.Stderr)
	}
	lines := strings.SplitN(strings.TrimSuffix(r.Stdout, "\n"), "\n", 2)
	if len(lines) != 2 {
		return Kernel{}, fmt.Errorf("%s: uname printed %q", h.Kind, r.Stdout)
	}
	return Kernel{Release: lines[0], Version: lines[1]}, nil
}
