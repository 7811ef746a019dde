package machine

import (
	"fmt"
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
	// NICs are the network interfaces besides lo; eth0 (MTU 1500) when empty.
	NICs   []NIC
	Limits ULimits
}

// NIC is a network interface as /sys/class/net shows it.
type NIC struct {
	Name string
	MTU  int    // 1500 when zero
	MAC  string // a locally administered address derived from the name when empty
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
		if n.MAC == "" {
			n.MAC = fmt.Sprintf("02:42:ac:11:00:%02x", 2+i)
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
