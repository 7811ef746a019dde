package product

import (
	"bytes"
	"context"
	"debug/elf"
	"fmt"
	"os"
	"path"
	"strconv"
	"strings"

	"github.com/pkg/sftp"

	"github.com/hostile-lab/hostile/internal/elfbin"
)

// Build is one build of a helper binary the product carries.
type Build struct {
	Name string // for messages: "rsync-sparc-sunw1.22"
	Data []byte
}

// PushBinary copies a helper binary to path on the host and runs it with args,
// as the 000 product pushed rsync. Legacy sends the first build unchecked.
// Hardened first asks the host what it runs (architecture, libc) and reads each
// build's ELF needs, sends the newest build that fits, and when none fits fails
// with an error that names what the binary needs and what the host has.
func (c *Client) PushBinary(ctx context.Context, builds []Build, dest string, args []string) (Result, error) {
	if len(builds) == 0 {
		return Result{}, fmt.Errorf("push %s: no build to send", dest)
	}
	build := builds[0]
	if c.hardened() {
		chosen, err := c.choose(ctx, builds)
		if err != nil {
			return Result{}, fmt.Errorf("push %s: %w", dest, err)
		}
		build = chosen
	}
	if err := c.upload(ctx, build.Data, dest); err != nil {
		return Result{}, fmt.Errorf("push %s: %w", dest, err)
	}
	cmd := shellQuote(dest)
	for _, a := range args {
		cmd += " " + shellQuote(a)
	}
	res, err := c.Run(ctx, cmd)
	if err != nil {
		return res, err
	}
	if res.Exit != 0 {
		return res, fmt.Errorf("%s exited %d: %s", dest, res.Exit, tail(res.Stderr))
	}
	return res, nil
}

// hostRuntime is what the host runs binaries with.
type hostRuntime struct {
	os      string // Linux, SunOS
	arch    string // uname -m on Linux, uname -p on SunOS
	libc    string // "GLIBC_2.31" or "SUNW_1.22": the newest version it provides
	machine []elf.Machine
}

// probeMark brackets the probe's answer, so text an rc file or a PAM module
// prints around it is not taken for the answer.
const probeMark = "--hostile-probe--"

// probe asks the host for its OS, architecture and libc version.
func (c *Client) probe(ctx context.Context) (hostRuntime, error) {
	res, err := c.Run(ctx, "echo "+probeMark+"; uname -s; uname -m; uname -p; getconf GNU_LIBC_VERSION 2>/dev/null || /usr/ccs/bin/pvs -dn /usr/lib/libc.so.1 2>/dev/null || /usr/ccs/bin/pvs -dn /lib/libc.so.1; echo "+probeMark)
	if err != nil {
		return hostRuntime{}, fmt.Errorf("ask the host what it runs: %w", err)
	}
	parts := strings.Split(res.Stdout, probeMark+"\n")
	if len(parts) < 3 {
		return hostRuntime{}, fmt.Errorf("ask the host what it runs: unexpected answer %q", tail(res.Stdout))
	}
	lines := strings.Split(strings.TrimSpace(parts[1]), "\n")
	if len(lines) < 4 {
		return hostRuntime{}, fmt.Errorf("ask the host what it runs: unexpected answer %q", tail(res.Stdout))
	}
	rt := hostRuntime{os: strings.TrimSpace(lines[0]), arch: strings.TrimSpace(lines[1])}
	if rt.os == "SunOS" {
		rt.arch = strings.TrimSpace(lines[2])
	}
	for _, l := range lines[3:] {
		l = strings.Trim(strings.TrimSpace(l), ";")
		switch {
		case strings.HasPrefix(l, "glibc "):
			rt.libc = "GLIBC_" + strings.TrimPrefix(l, "glibc ")
		case strings.HasPrefix(l, "SUNW_"):
			rt.libc = l
		}
	}
	if rt.libc == "" {
		return hostRuntime{}, fmt.Errorf("the host (%s %s) did not say which libc it has: %q", rt.os, rt.arch, tail(res.Stdout))
	}
	rt.machine = machinesFor(rt.arch)
	return rt, nil
}

func machinesFor(arch string) []elf.Machine {
	switch arch {
	case "x86_64", "amd64":
		return elfbin.X86_64.Machines()
	case "aarch64", "arm64":
		return elfbin.AArch64.Machines()
	case "sparc", "sparc64", "sun4u", "sun4v": // what uname says of a 64-bit SPARC kernel
		return elfbin.SparcV9.Machines()
	case "i386", "i686":
		return elfbin.I386.Machines()
	}
	return nil
}

// choose picks the build that fits the host, newest libc need first.
func (c *Client) choose(ctx context.Context, builds []Build) (Build, error) {
	rt, err := c.probe(ctx)
	if err != nil {
		return Build{}, err
	}
	family := strings.SplitN(rt.libc, "_", 2)[0] + "_"
	var best *Build
	bestNeed := ""
	var seen []string
	for i := range builds {
		needs, err := elfbin.Read(builds[i].Data)
		if err != nil {
			seen = append(seen, fmt.Sprintf("%s: not an ELF binary", builds[i].Name))
			continue
		}
		need := needs.Newest("", family)
		seen = append(seen, fmt.Sprintf("%s: %s, needs %s", builds[i].Name, needs.Machine, orAny(need)))
		if !containsMachine(rt.machine, needs.Machine) || versionLess(rt.libc, need) {
			continue
		}
		if best == nil || versionLess(bestNeed, need) {
			best, bestNeed = &builds[i], need
		}
	}
	if best == nil {
		return Build{}, fmt.Errorf("no build fits the host: it runs %s on %s with libc up to %s, the builds are %s",
			rt.os, rt.arch, rt.libc, strings.Join(seen, "; "))
	}
	return *best, nil
}

func orAny(need string) string {
	if need == "" {
		return "no versioned libc"
	}
	return need
}

func containsMachine(ms []elf.Machine, m elf.Machine) bool {
	for _, x := range ms {
		if x == m {
			return true
		}
	}
	return false
}

// versionLess compares GLIBC_2.31 with GLIBC_2.34 (or SUNW_1.9 with SUNW_1.22)
// number by number; an empty version is the smallest.
func versionLess(a, b string) bool {
	num := func(v string) []int {
		_, rest, _ := strings.Cut(v, "_")
		var out []int
		for _, part := range strings.Split(rest, ".") {
			n, _ := strconv.Atoi(part)
			out = append(out, n)
		}
		return out
	}
	if a == "" || b == "" {
		return a == "" && b != ""
	}
	x, y := num(a), num(b)
	for i := 0; i < len(x) && i < len(y); i++ {
		if x[i] != y[i] {
			return x[i] < y[i]
		}
	}
	return len(x) < len(y)
}

// upload writes data to dest, mode 0755. Both profiles use SFTP; hardened falls
// back to `cat` over exec when SFTP breaks (an rc file that prints corrupts it).
func (c *Client) upload(ctx context.Context, data []byte, dest string) error {
	err := c.sftpPut(ctx, data, dest)
	if err == nil || !c.hardened() {
		return err
	}
	tmp := path.Join(path.Dir(dest), "."+path.Base(dest)+".part")
	res, runErr := c.runWithStdin(ctx, fmt.Sprintf("cat > %s && chmod 0755 %s && mv -f %s %s",
		shellQuote(tmp), shellQuote(tmp), shellQuote(tmp), shellQuote(dest)), data)
	if runErr != nil {
		return fmt.Errorf("sftp failed (%v), and so did cat: %w", err, runErr)
	}
	if res.Exit != 0 {
		return fmt.Errorf("sftp failed (%v), and cat exited %d: %s", err, res.Exit, tail(res.Stderr))
	}
	return nil
}

func (c *Client) sftpPut(ctx context.Context, data []byte, dest string) error {
	conn, release, err := c.connection(ctx)
	if err != nil {
		return err
	}
	defer release(false)
	client, err := sftp.NewClient(conn)
	if err != nil {
		return fmt.Errorf("start sftp: %w", err)
	}
	defer client.Close()
	f, err := client.OpenFile(dest, os.O_WRONLY|os.O_CREATE|os.O_TRUNC)
	if err != nil {
		return fmt.Errorf("sftp open %s: %w", dest, err)
	}
	if _, err := f.ReadFrom(bytes.NewReader(data)); err != nil {
		f.Close()
		return fmt.Errorf("sftp write %s: %w", dest, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("sftp close %s: %w", dest, err)
	}
	return client.Chmod(dest, 0o755)
}

// runWithStdin runs cmd with data on its stdin, then EOF.
func (c *Client) runWithStdin(ctx context.Context, cmd string, data []byte) (Result, error) {
	conn, release, err := c.connection(ctx)
	if err != nil {
		return Result{}, err
	}
	defer release(false)
	return c.runOn(ctx, conn, cmd, data)
}
