package machine

import (
	"fmt"
	"net/netip"
	"regexp"
)

// Hardware is what the host's kernel reports of the machine in /proc, /sys,
// getconf and ulimit. Zero fields take the defaults below, a small server's.
type Hardware struct {
	CPUs     int    // processors in /proc/cpuinfo; 2 when zero
	CPUModel string // cpuinfo's "model name"; the other cpuinfo fields are those of the AMD EPYC the format was captured from
	// CPUFlags is cpuinfo's "flags" line, the EPYC's when empty; the kernel
	// shows 1 GiB pages in meminfo (DirectMap1G) only with pdpe1gb among them.
	CPUFlags string
	Memory   int64 // bytes of RAM, /proc/meminfo's MemTotal; 4 GiB when zero
	Swap     int64 // bytes of swap
	// FileMax is /proc/sys/fs/file-max; the kernel's default for the memory
	// (a tenth of it in KiB) when zero.
	FileMax int64
	// Sysctl are the kernel's parameters by sysctl name ("vm.swappiness")
	// with their values as /proc/sys shows them: exactly these when set (a
	// harness reads them from the real host it describes), else sysctl.tsv's.
	// Hostname, kernel release, file-max and threads-max come from the rest
	// of the description either way.
	Sysctl map[string]string
	// NICs are the network interfaces besides lo; eth0 (MTU 1500) when empty.
	NICs   []NIC
	Limits ULimits
}

// NIC is a network interface as /sys/class/net and iproute2 show it.
type NIC struct {
	Name string
	MTU  int    // 1500 when zero
	MAC  string // derived from the address as Docker derives it (02:42 and the IPv4 bytes) when empty
	// Address is the interface's IPv4 address and prefix, "172.17.0.2/16";
	// 172.17.0.(2+n)/16 for the n-th interface when empty.
	Address string
	// Gateway is the default route's next hop through this interface; the
	// first interface routes through its network's first address when empty.
	Gateway string
	// Index is the interface's ifindex (lo is 1); 2+n for the n-th when zero.
	Index int
	// Peer is the ifindex of the other end when the interface is one end of
	// a veth pair (a container's eth0 shows as eth0@ifPEER); zero for a NIC.
	Peer int
}

// Prefix is the interface's address and prefix length.
func (n NIC) Prefix() netip.Prefix { p, _ := netip.ParsePrefix(n.Address); return p }

// GatewayAddr is the default route's next hop through n, if it has one.
func (n NIC) GatewayAddr() (netip.Addr, bool) {
	a, err := netip.ParseAddr(n.Gateway)
	return a, err == nil
}

// ULimits are the resource limits a session starts with (ulimit). Zero fields
// take Debian 12's under systemd and sshd.
type ULimits struct {
	OpenFiles     int // soft RLIMIT_NOFILE; 1024
	OpenFilesHard int // hard RLIMIT_NOFILE; 524288
	// Processes is RLIMIT_NPROC (and pending signals, which the kernel sizes
	// alike); the kernel's default for the memory when zero.
	Processes int
	StackKiB  int // 8192
}

var macRE = regexp.MustCompile(`^[0-9a-f]{2}(:[0-9a-f]{2}){5}$`)

func (h *Hardware) validate() error {
	bad := func(field, format string, args ...any) error {
		return &FieldError{Field: "hardware." + field, Msg: fmt.Sprintf(format, args...)}
	}
	switch {
	case h.CPUs < 0 || h.CPUs > 1024:
		return bad("cpus", "%d is not a number of processors (1-1024)", h.CPUs)
	case h.Memory < 0:
		return bad("memory", "cannot be negative")
	case h.Swap < 0:
		return bad("swap", "cannot be negative")
	case h.FileMax < 0:
		return bad("file_max", "cannot be negative")
	case h.Limits.OpenFiles < 0 || h.Limits.OpenFilesHard < 0 || h.Limits.Processes < 0 || h.Limits.StackKiB < 0:
		return bad("limits", "limits cannot be negative")
	case h.Limits.OpenFiles > 0 && h.Limits.OpenFilesHard > 0 && h.Limits.OpenFiles > h.Limits.OpenFilesHard:
		return bad("limits.open_files", "%d is above the hard limit %d", h.Limits.OpenFiles, h.Limits.OpenFilesHard)
	}
	names := map[string]bool{"lo": true}
	for i, n := range h.NICs {
		f := fmt.Sprintf("nics[%d]", i)
		if !nameRE.MatchString(n.Name) || len(n.Name) > 15 {
			return bad(f+".name", "%q is not an interface name (up to 15 of a-z 0-9 _ . -)", n.Name)
		}
		if names[n.Name] {
			return bad(f+".name", "interface %q is given twice (lo is always there)", n.Name)
		}
		names[n.Name] = true
		if n.MTU < 0 || n.MTU > 65536 {
			return bad(f+".mtu", "%d is not an MTU (68-65536)", n.MTU)
		}
		if n.MAC != "" && !macRE.MatchString(n.MAC) {
			return bad(f+".mac", "%q is not a MAC address (six lower-case hex pairs joined by colons)", n.MAC)
		}
		if p, err := netip.ParsePrefix(n.Address); n.Address != "" && (err != nil || !p.Addr().Is4()) {
			return bad(f+".address", "%q is not an IPv4 address with its prefix length, such as 192.168.1.10/24", n.Address)
		}
		if a, err := netip.ParseAddr(n.Gateway); n.Gateway != "" && (err != nil || !a.Is4()) {
			return bad(f+".gateway", "%q is not an IPv4 address", n.Gateway)
		}
		if n.Index < 0 || n.Index == 1 || n.Peer < 0 {
			return bad(f+".index", "%d (peer %d) is not an ifindex of an interface besides lo (2 and up)", n.Index, n.Peer)
		}
	}
	return nil
}

// withDefaults fills the zero fields.
func (h Hardware) withDefaults() Hardware {
	if h.CPUs == 0 {
		h.CPUs = 2
	}
	if h.CPUModel == "" {
		h.CPUModel = "AMD EPYC"
	}
	if h.CPUFlags == "" {
		h.CPUFlags = epycFlags
	}
	if h.Memory == 0 {
		h.Memory = 4 << 30
	}
	memKiB := h.Memory >> 10
	if h.FileMax == 0 {
		h.FileMax = memKiB / 10
	}
	if len(h.NICs) == 0 {
		h.NICs = []NIC{{Name: "eth0"}}
	}
	h.NICs = append([]NIC(nil), h.NICs...)
	for i := range h.NICs {
		n := &h.NICs[i]
		if n.MTU == 0 {
			n.MTU = 1500
		}
		if n.Address == "" {
			n.Address = fmt.Sprintf("172.17.0.%d/16", 2+i)
		}
		a := n.Prefix().Addr().As4()
		if n.MAC == "" {
			n.MAC = fmt.Sprintf("02:42:%02x:%02x:%02x:%02x", a[0], a[1], a[2], a[3])
		}
		if n.Gateway == "" && i == 0 {
			n.Gateway = n.Prefix().Masked().Addr().Next().String()
		}
		if n.Index == 0 {
			n.Index = 2 + i
		}
	}
	l := &h.Limits
	if l.OpenFiles == 0 {
		l.OpenFiles = 1024
	}
	if l.OpenFilesHard == 0 {
		l.OpenFilesHard = 524288
	}
	if l.Processes == 0 {
		l.Processes = int(memKiB / 256) // the kernel's max_threads/2
	}
	if l.StackKiB == 0 {
		l.StackKiB = 8192
	}
	return h
}
