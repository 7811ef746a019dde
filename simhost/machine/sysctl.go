package machine

import (
	"cmp"
	"crypto/rand"
	_ "embed"
	"fmt"
	"io/fs"
	"maps"
	"strconv"
	"strings"
	"sync"
)

// sysctlTable is the kernel parameters a host shows in /proc/sys by default,
// as a Debian container showed them (docker/sysctl.sh writes it).
//
//go:embed sysctl.tsv
var sysctlTable string

// Sysctl is one kernel parameter: its sysctl name, its /proc/sys file's mode
// and its value as that file reads without the newline.
type Sysctl struct {
	Name  string
	Mode  fs.FileMode
	Value string
}

// Path is the parameter's file: kernel.pid_max is /proc/sys/kernel/pid_max.
func (s Sysctl) Path() string { return "/proc/sys/" + strings.ReplaceAll(s.Name, ".", "/") }

var sysctlDefaults = sync.OnceValue(func() []Sysctl {
	var out []Sysctl
	for _, line := range strings.Split(sysctlTable, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.SplitN(line, "\t", 3)
		mode, err := strconv.ParseUint(f[1], 8, 32)
		if len(f) != 3 || err != nil {
			panic("machine: sysctl.tsv: bad line " + strconv.Quote(line))
		}
		out = append(out, Sysctl{Name: f[0], Mode: fs.FileMode(mode), Value: strings.ReplaceAll(f[2], `\t`, "\t")})
	}
	return out
})

// SysctlNames are the parameters a host shows unless its description says
// otherwise: what a harness reads from a real host to describe it.
func SysctlNames() []string {
	var names []string
	for _, s := range sysctlDefaults() {
		names = append(names, s.Name)
	}
	return names
}

// sysctlBooted are the defaults that the capture's container had from its
// engine, not from the kernel: Docker turns forwarding on and IPv6 off in a
// container's network namespace, where a booted server has neither.
var sysctlBooted = map[string]string{
	"net.ipv4.ip_forward": "0", "net.ipv4.conf.all.forwarding": "0", "net.ipv4.conf.default.forwarding": "0",
	"net.ipv6.conf.all.disable_ipv6": "0", "net.ipv6.conf.default.disable_ipv6": "0", "net.ipv6.conf.lo.disable_ipv6": "0",
}

// sysctls are the kernel parameters of the host: the description's set (the
// real host's, read by the harness) or the defaults, as on a booted server,
// with the ones that follow from the description computed from it.
func (m *Machine) sysctls(hw Hardware) []Sysctl {
	params := sysctlDefaults()
	computed := map[string]string{}
	if hw.Sysctl == nil {
		computed = maps.Clone(sysctlBooted)
	}
	if hw.Sysctl != nil {
		modes := map[string]fs.FileMode{}
		for _, s := range params {
			modes[s.Name] = s.Mode
		}
		params = nil
		for name, value := range hw.Sysctl {
			params = append(params, Sysctl{Name: name, Mode: cmp.Or(modes[name], 0o644), Value: value})
		}
	}
	maps.Copy(computed, map[string]string{
		"kernel.hostname": m.Hostname, "kernel.ostype": m.P.Uname.Sysname,
		"kernel.osrelease": m.P.Uname.Release, "kernel.version": m.P.Uname.Version,
		"fs.file-max":           strconv.FormatInt(hw.FileMax, 10),
		"kernel.threads-max":    strconv.Itoa(2 * hw.Limits.Processes),
		"kernel.random.boot_id": m.bootID,
	})
	out := make([]Sysctl, len(params))
	for i, s := range params {
		if v, ok := computed[s.Name]; ok {
			s.Value = v
		}
		out[i] = s
	}
	return out
}

// newBootID is a random UUID, as the kernel makes one at each boot.
func newBootID() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}
