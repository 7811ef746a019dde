package harness

import (
	"context"
	"debug/elf"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hostile-lab/hostile/internal/elfbin"
	"github.com/hostile-lab/hostile/product"
	"github.com/hostile-lab/hostile/scenarios"
)

// Adapter drives a product's client: one operation of a stimulus at a time.
type Adapter interface {
	// Name is how verdicts name the client: "legacy", "hardened", a file.
	Name() string
	// Do runs repetition n (from 1) of the stimulus against the target.
	Do(ctx context.Context, t Target, st scenarios.Stimulus, n int) OpResult
	// Close releases the client, ending whatever it left hanging.
	Close() error
}

// OpResult is what one operation returned, as the verdict compares it.
type OpResult struct {
	Err      error
	Stdout   string
	Stderr   string
	Exit     int
	Volumes  []scenarios.Volume
	Warnings []string
	Took     time.Duration
}

// LabDeadline is the hardened client's deadline on every command, and on the
// host's first bytes, in the lab: a product would use tens of seconds, but a
// replay only needs the deadline to exist, and a short one keeps the library's
// replays in seconds.
const LabDeadline = 3 * time.Second

// ProfileLimits are the reference client's limits in the lab, per profile
// (README: "The reference client's profiles"). Zero means the product's
// default; the legacy profile has no deadline at all, whatever is set.
var ProfileLimits = map[product.Profile]product.Config{
	product.Legacy: {KeepAlive: time.Second},
	// A host that says nothing is dropped after LabDeadline, a command after
	// LabDeadline; a login that is slow but working (PAM, LDAP: 8s and more)
	// has 20s once the host has spoken.
	product.Hardened: {CommandTimeout: LabDeadline, BannerTimeout: LabDeadline, DialTimeout: 20 * time.Second, KeepAlive: time.Second},
}

// GoClient adapts the reference product client in one profile. One client is
// shared by every operation of a replay, as a product keeps one per host.
type GoClient struct {
	Profile product.Profile

	mu     sync.Mutex // the operations of a replay run at once
	client *product.Client
}

// NewGoClient is the reference product client in a profile.
func NewGoClient(p product.Profile) *GoClient { return &GoClient{Profile: p} }

// GoClients makes a new reference client in profile p each time it is
// called: what Replay and WithTwin take, so that each closes its own.
func GoClients(p product.Profile) func() Adapter {
	return func() Adapter { return NewGoClient(p) }
}

func (g *GoClient) Name() string { return string(g.Profile) }

func (g *GoClient) Close() error {
	g.mu.Lock()
	c := g.client
	g.mu.Unlock()
	if c == nil {
		return nil
	}
	return c.Close()
}

// Client is the product client in use, for checks of its own state.
func (g *GoClient) Client() *product.Client {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.client
}

// Connect makes the product client for t and user; Do calls it on first use.
func (g *GoClient) Connect(t Target, user string) *product.Client {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.client == nil {
		cred := t.Credentials(user)
		cfg := ProfileLimits[g.Profile]
		cfg.Addr, cfg.User, cfg.Password, cfg.Signer, cfg.Profile = t.Addr(), cred.User, cred.Password, cred.Signer, g.Profile
		g.client = product.New(cfg)
	}
	return g.client
}

func (g *GoClient) Do(ctx context.Context, t Target, st scenarios.Stimulus, n int) OpResult {
	c := g.Connect(t, st.User)
	start := time.Now()
	var r OpResult
	switch st.Operation {
	case scenarios.OpRun:
		res, err := c.Run(ctx, st.Command)
		r = OpResult{Err: err, Stdout: res.Stdout, Stderr: res.Stderr, Exit: res.Exit}
	case scenarios.OpRemoveFile:
		r.Err = c.RemoveFile(ctx, Expand(st.Path, n))
	case scenarios.OpListPVs:
		pvs, warnings, err := c.ListPhysicalVolumes(ctx)
		r = OpResult{Err: err, Warnings: warnings}
		for _, pv := range pvs {
			r.Volumes = append(r.Volumes, scenarios.Volume{Name: pv.Name, VG: pv.VG})
		}
	case scenarios.OpPushBinary:
		builds, err := Builds(st)
		if err != nil {
			r.Err = err
			break
		}
		res, err := c.PushBinary(ctx, builds, Expand(st.Path, n), st.Args)
		r = OpResult{Err: err, Stdout: res.Stdout, Stderr: res.Stderr, Exit: res.Exit}
	case scenarios.OpConnectCheck:
		res, err := c.Run(ctx, "true")
		r = OpResult{Err: err, Exit: res.Exit}
	default:
		r.Err = fmt.Errorf("operation %q is not supported by the reference client", st.Operation)
	}
	r.Took = time.Since(start)
	return r
}

// Expand puts the repetition number in place of {n}.
func Expand(s string, n int) string { return strings.ReplaceAll(s, "{n}", strconv.Itoa(n)) }

// Builds makes the helper binaries a push-binary stimulus describes: the
// binary first, then the other builds the product carries.
func Builds(st scenarios.Stimulus) ([]product.Build, error) {
	var out []product.Build
	for _, b := range append([]scenarios.BinarySpec{st.Binary}, st.Builds...) {
		data, err := BuildBinary(b)
		if err != nil {
			return nil, err
		}
		out = append(out, product.Build{Name: fmt.Sprintf("%s-%s", b.Arch, strings.ToLower(b.Libc)), Data: data})
	}
	return out, nil
}

// BuildBinary writes the ELF executable a BinarySpec describes.
func BuildBinary(b scenarios.BinarySpec) ([]byte, error) {
	var spec elfbin.Spec
	switch elfbin.Arch(b.Arch) {
	case elfbin.X86_64:
		spec = elfbin.LinuxAmd64(b.Libc)
	case elfbin.AArch64:
		spec = elfbin.LinuxAmd64(b.Libc)
		spec.Machine, spec.Interp = elf.EM_AARCH64, "/lib/ld-linux-aarch64.so.1"
	case elfbin.Sparc:
		spec = elfbin.SolarisSparc(b.Libc)
	case elfbin.SparcV9:
		spec = elfbin.SolarisSparc(b.Libc)
		spec.Machine, spec.Class, spec.Interp = elf.EM_SPARCV9, elf.ELFCLASS64, ""
	default:
		return nil, fmt.Errorf("no way to build a binary for %q", b.Arch)
	}
	if b.Static {
		spec = elfbin.Spec{Machine: spec.Machine, Class: spec.Class, Order: spec.Order, Static: true}
	}
	return elfbin.Write(spec)
}
