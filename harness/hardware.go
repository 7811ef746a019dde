package harness

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/hostile-lab/hostile/simhost/machine"
)

// Hardware reads what /proc, /sys and ulimit say of the machine a real host
// runs on, in a session as root, as a host description gives it: two real
// hosts differ in these, so a simulated host compared with a container is
// described as the machine the container runs on.
func (h *ProbeHost) Hardware(ctx context.Context) (machine.Hardware, error) {
	const script = `grep -c ^processor /proc/cpuinfo
grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | cut -c2-
grep -m1 '^flags' /proc/cpuinfo | cut -d: -f2- | cut -c2-
grep ^MemTotal: /proc/meminfo | tr -s ' ' | cut -d' ' -f2
grep ^SwapTotal: /proc/meminfo | tr -s ' ' | cut -d' ' -f2
cat /proc/sys/fs/file-max
cat /sys/class/net/eth0/mtu
ulimit -n; ulimit -Hn; ulimit -u; ulimit -s
cat /sys/class/net/eth0/address /sys/class/net/eth0/ifindex /sys/class/net/eth0/iflink
ip -o -4 addr show eth0 | awk '{print $4}'
ip route show default | awk '{print $3}'`
	r, err := h.Exec(ctx, "root", script, nil)
	if err != nil {
		return machine.Hardware{}, err
	}
	if r.Exit != 0 {
		return machine.Hardware{}, fmt.Errorf("%s: reading its hardware exited %d: %s", h.Kind, r.Exit, r.Stderr)
	}
	f := strings.Split(strings.TrimSuffix(r.Stdout, "\n"), "\n")
	if len(f) != 16 {
		return machine.Hardware{}, fmt.Errorf("%s: its hardware facts are %d lines, want 16: %q", h.Kind, len(f), r.Stdout)
	}
	var bad error
	num := func(s string) int64 {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil && bad == nil {
			bad = fmt.Errorf("%s: %q in its hardware facts is not a number: %q", h.Kind, s, r.Stdout)
		}
		return n
	}
	// iflink names the other end of a veth pair, or the interface itself.
	peer := func(index, link int64) int {
		if link == index {
			return 0
		}
		return int(link)
	}
	hw := machine.Hardware{
		CPUs: int(num(f[0])), CPUModel: f[1], CPUFlags: f[2], Memory: num(f[3]) << 10, Swap: num(f[4]) << 10, FileMax: num(f[5]),
		// The engine gives each container its own address, MAC and veth
		// pair, so the simulated host takes this one's.
		NICs: []machine.NIC{{Name: "eth0", MTU: int(num(f[6])), MAC: f[11], Index: int(num(f[12])),
			Peer: peer(num(f[12]), num(f[13])), Address: f[14], Gateway: f[15]}},
		Limits: machine.ULimits{OpenFiles: int(num(f[7])), OpenFilesHard: int(num(f[8])), Processes: int(num(f[9])), StackKiB: int(num(f[10]))},
	}
	if bad != nil {
		return hw, bad
	}
	hw.Sysctl, bad = h.sysctls(ctx)
	return hw, bad
}

// sysctls reads the kernel parameters a simulated host shows by default
// (machine.SysctlNames) as this host has them; those it lacks stay out.
func (h *ProbeHost) sysctls(ctx context.Context) (map[string]string, error) {
	var script strings.Builder
	script.WriteString("for n in")
	for _, n := range machine.SysctlNames() {
		script.WriteString(" " + n)
	}
	// bash builtins only: a fork per parameter (142 of them, each forking
	// tr and cat) took over a minute in a container on a loaded machine.
	// mapfile, as bash 5.1's read -d '' stops after a byte of a /proc file.
	script.WriteString("; do f=/proc/sys/${n//.//}; [ -e $f ] || continue; a=(); mapfile a 2>/dev/null <$f; printf -v v %s \"${a[@]}\"; " +
		"v=${v//$'\\t'/$'\\001'}; printf '%s=%s\\n' $n \"${v//$'\\n'/$'\\002'}\"; done; true")
	r, err := h.Exec(ctx, "root", script.String(), nil)
	if err != nil {
		return nil, err
	}
	if r.Exit != 0 {
		return nil, fmt.Errorf("%s: reading its kernel parameters exited %d: %s", h.Kind, r.Exit, r.Stderr)
	}
	params := map[string]string{}
	for _, line := range strings.Split(strings.TrimSuffix(r.Stdout, "\n"), "\n") {
		name, value, ok := strings.Cut(line, "=")
		if !ok {
			return nil, fmt.Errorf("%s: a kernel parameter line reads %q", h.Kind, line)
		}
		value = strings.TrimSuffix(strings.ReplaceAll(value, "\x01", "\t"), "\x02")
		params[name] = strings.ReplaceAll(value, "\x02", "\n")
	}
	return params, nil
}
