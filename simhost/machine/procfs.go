package machine

import (
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hostile-lab/hostile/simhost/vfs"
)

// The host's /proc and /sys, made from its description and kept in step with
// its process table. Formats are Linux 6.1's as a Debian 12 container shows
// them (captured with docker run of the hostile-os images); the numbers are
// the description's.

// seedKernel writes what the kernel shows of the machine, and registers for
// the process table's changes.
func (m *Machine) seedKernel() error {
	if m.P.IsSolaris() {
		return nil // Solaris' /proc is binary structures no tool here reads
	}
	hw := m.Desc.Hardware.withDefaults()
	m.hw = hw
	m.described = map[string]bool{}
	for _, f := range m.Desc.Files {
		m.described[path.Clean(f.Path)] = true
	}
	// The kernel's trees are mounts of their own, which no process may
	// change (rm -rf / leaves them) and which use no disk.
	for _, mt := range []vfs.Mount{{Path: "/proc", Device: "proc", FSType: "proc", ReadOnly: true},
		{Path: "/sys", Device: "sysfs", FSType: "sysfs", ReadOnly: true}} {
		if err := m.FS.AddMount(mt); err != nil {
			return err
		}
	}
	files := map[string]string{
		"/proc/cpuinfo":    cpuinfo(hw),
		"/proc/meminfo":    meminfo(hw),
		"/proc/version":    m.procVersion(),
		"/proc/mounts":     m.procMounts(),
		"/proc/partitions": m.procPartitions(),
		"/proc/diskstats":  m.procDiskstats(),
		"/proc/swaps":      procSwaps(hw),
	}
	for p, text := range files {
		if err := m.kernelFile(p, []byte(text)); err != nil {
			return err
		}
	}
	if m.bootID == "" {
		m.bootID = newBootID()
	}
	for _, s := range m.sysctls(hw) {
		if m.described[s.Path()] {
			continue
		}
		if err := m.FS.KernelFile(s.Path(), []byte(s.Value+"\n"), s.Mode); err != nil {
			return err
		}
	}
	nics := append([]NIC{{Name: "lo", MTU: 65536, MAC: "00:00:00:00:00:00", Index: 1}}, hw.NICs...)
	for _, n := range nics {
		dev := "/sys/devices/virtual/net/" + n.Name
		operstate, typ := "up", "1"
		if n.Name == "lo" {
			operstate, typ = "unknown", "772"
		}
		attrs := map[string]string{
			"mtu": strconv.Itoa(n.MTU), "address": n.MAC, "operstate": operstate, "type": typ,
			"ifindex": strconv.Itoa(n.Index), "iflink": strconv.Itoa(max(n.Peer, n.Index)), "carrier": "1", "addr_len": "6", "tx_queue_len": "1000",
			"flags": "0x1003", "broadcast": "ff:ff:ff:ff:ff:ff",
		}
		if n.Name == "lo" {
			attrs["flags"], attrs["broadcast"], attrs["tx_queue_len"] = "0x9", "00:00:00:00:00:00", "1000"
		}
		if n.Peer > 0 {
			attrs["tx_queue_len"] = "0" // a veth has no queue of its own
		}
		for name, v := range attrs {
			if err := m.kernelFile(dev+"/"+name, []byte(v+"\n")); err != nil {
				return err
			}
		}
		if err := m.FS.KernelSymlink("/sys/class/net/"+n.Name, "../../devices/virtual/net/"+n.Name); err != nil {
			return err
		}
	}
	if err := m.seedCounters(nics); err != nil {
		return err
	}
	// Each process reads these as its own /proc/PID (vfs.Cred.PID).
	if err := m.FS.KernelSelfLink("/proc/self", "{pid}"); err != nil {
		return err
	}
	if err := m.FS.KernelSelfLink("/proc/thread-self", "{pid}/task/{pid}"); err != nil {
		return err
	}
	m.procStale = map[int]bool{}
	m.FS.OnKernelRead("proc", m.flushProc)
	m.Procs.mu.Lock()
	m.Procs.changed = m.procChanged
	procs := make([]Proc, 0, len(m.Procs.procs))
	for _, p := range m.Procs.procs {
		procs = append(procs, *p)
	}
	m.Procs.mu.Unlock()
	for i := range procs {
		m.procChanged(&procs[i], 0)
	}
	return nil
}

// procChanged notes a change of the process table for /proc, which is
// written when someone reads it (flushProc): most commands never do, and
// writing a process's directory on each change cost more than the command.
// The table tells it after releasing its lock.
func (m *Machine) procChanged(started *Proc, exited int) {
	m.procfsMu.Lock()
	defer m.procfsMu.Unlock()
	if exited != 0 {
		m.procStale[exited] = true
	}
	if started != nil {
		m.procStale[started.PID] = true
	}
	m.FS.KernelChanged()
}

// flushProc writes /proc as the host is now, before a read reaches it (see
// vfs.FS.OnKernelRead): the directories of the processes changed since the
// last read, as they are now or gone, and uptime and loadavg.
func (m *Machine) flushProc() {
	m.procfsMu.Lock()
	defer m.procfsMu.Unlock()
	for pid := range m.procStale {
		if now, running := m.Procs.Get(pid); running {
			m.writeProcDir(&now)
		} else {
			m.FS.KernelRemove("/proc/" + strconv.Itoa(pid))
		}
	}
	clear(m.procStale)
	up := time.Since(m.Booted).Seconds()
	_ = m.kernelFile("/proc/uptime", fmt.Appendf(nil, "%.2f %.2f\n", up, up*float64(m.hw.CPUs)*0.97))
	_ = m.kernelFile("/proc/loadavg", fmt.Appendf(nil, "0.00 0.00 0.00 1/%d %d\n", m.Procs.Len(), m.Procs.Last()))
	_ = m.kernelFile("/proc/stat", m.kernelStat(up))
}

// kernelStat is /proc/stat: the time each CPU spent, in USER_HZ (100) ticks,
// idle as /proc/uptime says (97%), the rest shared by user and system time;
// then the counters monitoring agents read (telegraf's cpu and kernel
// inputs, netdata, top).
func (m *Machine) kernelStat(up float64) []byte {
	ticks := up * 100
	user, system, idle := uint64(ticks*0.02), uint64(ticks*0.01), uint64(ticks*0.97)
	n := uint64(m.hw.CPUs)
	var b strings.Builder
	fmt.Fprintf(&b, "cpu  %d 0 %d %d 0 0 0 0 0 0\n", user*n, system*n, idle*n)
	for i := 0; i < m.hw.CPUs; i++ {
		fmt.Fprintf(&b, "cpu%d %d 0 %d %d 0 0 0 0 0 0\n", i, user, system, idle)
	}
	forks := m.Procs.Last()
	fmt.Fprintf(&b, "intr %d\nctxt %d\nbtime %d\nprocesses %d\nprocs_running 1\nprocs_blocked 0\nsoftirq 0 0 0 0 0 0 0 0 0 0 0\n",
		uint64(ticks)*n, uint64(ticks)*10*n, m.Booted.Unix(), forks)
	return []byte(b.String())
}

// kernelFile writes one of the kernel's own files, unless the description
// gives that file: a description's /proc/meminfo or /proc/loadavg (captured
// from a real host, say) is what this host's kernel reports, and stays.
func (m *Machine) kernelFile(p string, data []byte) error {
	if m.described[p] {
		return nil
	}
	return m.FS.KernelFile(p, data, 0o444)
}

func (m *Machine) writeProcDir(p *Proc) {
	dir := "/proc/" + strconv.Itoa(p.PID)
	comm := procComm(p.Argv)
	cmdline := strings.Join(p.Argv, "\x00") + "\x00"
	if len(p.Argv) == 1 && strings.Contains(p.Argv[0], " ") {
		cmdline = p.Argv[0] // a title set by the program (sshd's), which has no NULs
	}
	// The process's one thread shows the same under task/PID, which
	// /proc/thread-self names.
	for _, d := range []string{dir, dir + "/task/" + strconv.Itoa(p.PID)} {
		_ = m.FS.KernelFile(d+"/comm", []byte(comm+"\n"), 0o644)
		_ = m.FS.KernelFile(d+"/cmdline", []byte(cmdline), 0o444)
		_ = m.FS.KernelFile(d+"/status", []byte(m.procStatus(p, comm)), 0o444)
		_ = m.FS.KernelFile(d+"/stat", []byte(m.procStat(p, comm)), 0o444)
		_ = m.FS.KernelFile(d+"/sched", []byte(procSched(p, comm)), 0o644)
		if p.Exe != "" {
			_ = m.FS.KernelProcessLink(d+"/exe", p.Exe, p.UID)
		}
		if p.Cwd != "" {
			_ = m.FS.KernelProcessLink(d+"/cwd", p.Cwd, p.UID)
		}
		// Its standard streams: the session's terminal, or the pipes sshd
		// gives a command without one.
		for fd := range 3 {
			target := "/dev/" + p.TTY
			if p.TTY == "?" || p.TTY == "" {
				target = fmt.Sprintf("pipe:[%d]", 20000+3*p.PID+fd)
			}
			_ = m.FS.KernelSymlink(d+"/fd/"+strconv.Itoa(fd), target)
		}
	}
}

// procStat is /proc/PID/stat as Linux 6.1 writes it: 52 fields, of which
// the pid, name, state, parent, group, session, terminal, niceness, thread
// count and start time (clock ticks after boot) are the process's; the
// memory and address fields are those of a small process.
func (m *Machine) procStat(p *Proc, comm string) string {
	ttyNr := 0
	if n, ok := strings.CutPrefix(p.TTY, "pts/"); ok {
		minor, _ := strconv.Atoi(n)
		ttyNr = 136<<8 | minor
	}
	ticks := max(p.Start.Sub(m.Booted).Milliseconds()/10, 0)
	return fmt.Sprintf("%d (%s) S %d %d %d %d -1 4194304 54 0 0 0 0 0 0 0 %d %d 1 0 %d 2703360 255 18446744073709551615 "+
		"94411372675072 94411372694953 140732779579344 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0 "+
		"94411372710960 94411372712576 94411694489600 140732779581294 140732779581314 140732779581314 140732779581419 0\n",
		p.PID, comm, p.PPID, p.PID, p.PID, ttyNr, 20+p.Nice, p.Nice, ticks)
}

// procComm is the kernel's name of a process: its program's base name, at
// most 15 bytes; sshd's titles keep the name sshd.
func procComm(argv []string) string {
	if len(argv) == 0 {
		return ""
	}
	first, _, _ := strings.Cut(argv[0], " ")
	name := strings.TrimSuffix(strings.TrimPrefix(path.Base(first), "-"), ":")
	if len(name) > 15 {
		name = name[:15]
	}
	return name
}

func (m *Machine) procStatus(p *Proc, comm string) string {
	gid, groups := 0, "0"
	if a := m.UserByUID(p.UID); a != nil {
		gid = a.GID
		ids := []string{strconv.Itoa(a.GID)}
		for _, g := range a.GIDs {
			if g != a.GID {
				ids = append(ids, strconv.Itoa(g))
			}
		}
		groups = strings.Join(ids, " ")
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Name:\t%s\nUmask:\t%04o\nState:\t%s\nTgid:\t%d\nNgid:\t0\nPid:\t%d\nPPid:\t%d\nTracerPid:\t0\n",
		comm, p.Umask, "S (sleeping)", p.PID, p.PID, p.PPID)
	fmt.Fprintf(&b, "Uid:\t%[1]d\t%[1]d\t%[1]d\t%[1]d\nGid:\t%[2]d\t%[2]d\t%[2]d\t%[2]d\nFDSize:\t64\nGroups:\t%[3]s \n", p.UID, gid, groups)
	fmt.Fprintf(&b, "NStgid:\t%[1]d\nNSpid:\t%[1]d\nNSpgid:\t%[1]d\nNSsid:\t%[1]d\n", p.PID)
	b.WriteString(procStatusTail)
	fmt.Fprintf(&b, "SigQ:\t0/%d\n", m.hw.Limits.Processes)
	fmt.Fprintf(&b, procStatusSignals, p.Ignored)
	fmt.Fprintf(&b, "Cpus_allowed:\t%x\nCpus_allowed_list:\t0-%d\n", uint64(1)<<m.hw.CPUs-1, m.hw.CPUs-1)
	b.WriteString("Mems_allowed:\t00000000,00000001\nMems_allowed_list:\t0\nvoluntary_ctxt_switches:\t11\nnonvoluntary_ctxt_switches:\t0\n")
	return b.String()
}

// procStatusTail is the middle of /proc/PID/status, which no tool reads for
// its values: memory, signals and capabilities of a small process.
const procStatusTail = "Kthread:\t0\nVmPeak:\t    2640 kB\nVmSize:\t    2640 kB\nVmLck:\t       0 kB\nVmPin:\t       0 kB\n" +
	"VmHWM:\t    1384 kB\nVmRSS:\t    1384 kB\nRssAnon:\t      96 kB\nRssFile:\t    1288 kB\nRssShmem:\t       0 kB\n" +
	"VmData:\t     360 kB\nVmStk:\t     132 kB\nVmExe:\t      20 kB\nVmLib:\t    1528 kB\nVmPTE:\t      52 kB\n" +
	"VmSwap:\t       0 kB\nHugetlbPages:\t       0 kB\nCoreDumping:\t0\nTHP_enabled:\t1\nThreads:\t1\n"

// procStatusSignals follows SigQ in /proc/PID/status: a format of the
// process's ignored signals.
const procStatusSignals = "SigPnd:\t0000000000000000\nShdPnd:\t0000000000000000\nSigBlk:\t0000000000000000\n" +
	"SigIgn:\t%016x\nSigCgt:\t0000000000000000\nCapInh:\t0000000000000000\nCapPrm:\t0000000000000000\n" +
	"CapEff:\t0000000000000000\nCapBnd:\t000001ffffffffff\nCapAmb:\t0000000000000000\nNoNewPrivs:\t0\nSeccomp:\t0\n" +
	"Seccomp_filters:\t0\nSpeculation_Store_Bypass:\tthread vulnerable\nSpeculationIndirectBranch:\tconditional enabled\n"

// procVersion is /proc/version: uname's release and version with the
// builder and compiler of the personality's kernel.
func (m *Machine) procVersion() string {
	build := "(debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40)"
	if strings.HasPrefix(m.P.Uname.Release, "5.10.") {
		build = "(debian-kernel@lists.debian.org) (gcc-10 (Debian 10.2.1-6) 10.2.1 20210110, GNU ld (GNU Binutils for Debian) 2.35.2)"
	} else if strings.Contains(m.P.Uname.Release, ".el7") {
		build = "(mockbuild@kbuilder.bsys.centos.org) (gcc version 4.8.5 20150623 (Red Hat 4.8.5-44) (GCC) )"
	}
	return fmt.Sprintf("Linux version %s %s %s\n", m.P.Uname.Release, build, m.P.Uname.Version)
}

// procMounts is a server's /proc/mounts: its root disk, the kernel's
// filesystems, and the description's mounts.
func (m *Machine) procMounts() string {
	var b strings.Builder
	root := m.FS.MountOf("/")
	fmt.Fprintf(&b, "sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0\n")
	fmt.Fprintf(&b, "proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0\n")
	fmt.Fprintf(&b, "udev /dev devtmpfs rw,nosuid,relatime,size=%dk,nr_inodes=%d,mode=755,inode64 0 0\n", m.hw.Memory>>11, m.hw.Memory>>14)
	fmt.Fprintf(&b, "devpts /dev/pts devpts rw,nosuid,noexec,relatime,gid=5,mode=620,ptmxmode=000 0 0\n")
	fmt.Fprintf(&b, "tmpfs /run tmpfs rw,nosuid,nodev,noexec,relatime,size=%dk,mode=755,inode64 0 0\n", m.hw.Memory>>10/10)
	fmt.Fprintf(&b, "%s / %s rw,relatime,errors=remount-ro 0 0\n", root.Device, root.FSType)
	fmt.Fprintf(&b, "tmpfs /dev/shm tmpfs rw,nosuid,nodev,inode64 0 0\n")
	for _, mt := range m.FS.Mounts() {
		if mt.Path == "/" || mt.FSType == "proc" || mt.FSType == "sysfs" {
			continue
		}
		opts := "rw,relatime"
		if mt.ReadOnly {
			opts = "ro,relatime"
		}
		fmt.Fprintf(&b, "%s %s %s %s 0 0\n", mt.Device, mt.Path, mt.FSType, opts)
	}
	return b.String()
}

// procSwaps is /proc/swaps: its heading, and a swap partition when the
// machine has swap.
func procSwaps(hw Hardware) string {
	s := "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n"
	if hw.Swap > 0 {
		// swap_show's layout: the path padded to 40, tabs doubled after short figures
		size, tab := hw.Swap>>10, ""
		if size < 10000000 {
			tab = "\t"
		}
		s += fmt.Sprintf("%-40spartition\t%d\t%s0\t\t-2\n", "/dev/dm-1", size, tab)
	}
	return s
}

// cpuinfo is /proc/cpuinfo: one block per processor, as an x86-64 kernel
// prints it.
func cpuinfo(hw Hardware) string {
	var b strings.Builder
	for i := 0; i < hw.CPUs; i++ {
		fmt.Fprintf(&b, "processor\t: %d\nvendor_id\t: AuthenticAMD\ncpu family\t: 25\nmodel\t\t: 17\nmodel name\t: %s\n", i, hw.CPUModel)
		fmt.Fprintf(&b, "stepping\t: 1\nmicrocode\t: 0x1000065\ncpu MHz\t\t: 2596.144\ncache size\t: 1024 KB\nphysical id\t: 0\n")
		fmt.Fprintf(&b, "siblings\t: %d\ncore id\t\t: %d\ncpu cores\t: %d\napicid\t\t: %d\ninitial apicid\t: %d\n", hw.CPUs, i, hw.CPUs, i, i)
		b.WriteString("fpu\t\t: yes\nfpu_exception\t: yes\ncpuid level\t: 28\nwp\t\t: yes\nflags\t\t: " + hw.CPUFlags + "\n")
		b.WriteString("bugs\t\t: sysret_ss_attrs null_seg spectre_v1 spectre_v2 spec_store_bypass srso\nbogomips\t: 5192.28\n")
		b.WriteString("TLB size\t: 3584 4K pages\nclflush size\t: 64\ncache_alignment\t: 64\naddress sizes\t: 48 bits physical, 48 bits virtual\npower management:\n\n")
	}
	return b.String()
}

const epycFlags = "fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ht " +
	"syscall nx mmxext fxsr_opt pdpe1gb rdtscp lm constant_tsc rep_good nopl xtopology nonstop_tsc cpuid extd_apicid " +
	"tsc_known_freq pni pclmulqdq ssse3 fma cx16 pcid sse4_1 sse4_2 x2apic movbe popcnt tsc_deadline_timer aes xsave " +
	"avx f16c rdrand hypervisor lahf_lm cmp_legacy cr8_legacy abm sse4a misalignsse 3dnowprefetch osvw topoext " +
	"cpuid_fault vmmcall fsgsbase tsc_adjust bmi1 avx2 smep bmi2 erms invpcid avx512f avx512dq rdseed adx smap " +
	"avx512ifma clflushopt clwb avx512cd sha_ni avx512bw avx512vl xsaveopt xsavec xgetbv1 xsaves avx512_bf16 clzero " +
	"xsaveerptr arat avx512vbmi umip avx512_vbmi2 gfni vaes vpclmulqdq avx512_vnni avx512_bitalg avx512_vpopcntdq rdpid fsrm"

// meminfo is /proc/meminfo for the memory and swap, the other lines in the
// proportions of an idle server.
func meminfo(hw Hardware) string {
	total, swap := hw.Memory>>10, hw.Swap>>10
	pct := func(n int64) int64 { return total * n / 1000 }
	lines := []struct {
		key string
		kb  int64
	}{
		{"MemTotal", total}, {"MemFree", pct(849)}, {"MemAvailable", pct(956)}, {"Buffers", pct(3)},
		{"Cached", pct(107)}, {"SwapCached", 0}, {"Active", pct(51)}, {"Inactive", pct(79)},
		{"Active(anon)", 0}, {"Inactive(anon)", pct(21)}, {"Active(file)", pct(51)}, {"Inactive(file)", pct(59)},
		{"Unevictable", pct(1)}, {"Mlocked", pct(1)}, {"SwapTotal", swap}, {"SwapFree", swap},
		{"Zswap", 0}, {"Zswapped", 0}, {"Dirty", 0}, {"Writeback", 0}, {"AnonPages", pct(21)},
		{"Mapped", pct(8)}, {"Shmem", 0}, {"KReclaimable", pct(10)}, {"Slab", pct(11)},
		{"SReclaimable", pct(10)}, {"SUnreclaim", pct(2)}, {"KernelStack", 4852}, {"PageTables", 8144},
		{"SecPageTables", 0}, {"NFS_Unstable", 0}, {"Bounce", 0}, {"WritebackTmp", 0},
		{"CommitLimit", total/2 + swap}, {"Committed_AS", pct(92)}, {"VmallocTotal", 34359738367},
		{"VmallocUsed", 17836}, {"VmallocChunk", 0}, {"Percpu", 920}, {"AnonHugePages", 0},
		{"ShmemHugePages", 0}, {"ShmemPmdMapped", 0}, {"FileHugePages", 0}, {"FilePmdMapped", 0},
		{"Balloon", 0},
	}
	var b strings.Builder
	for _, l := range lines {
		fmt.Fprintf(&b, "%-16s%8d kB\n", l.key+":", l.kb)
	}
	for _, k := range []string{"HugePages_Total", "HugePages_Free", "HugePages_Rsvd", "HugePages_Surp"} {
		fmt.Fprintf(&b, "%-16s%8d\n", k+":", 0)
	}
	fmt.Fprintf(&b, "%-16s%8d kB\n%-16s%8d kB\n", "Hugepagesize:", 2048, "Hugetlb:", 0)
	fmt.Fprintf(&b, "%-16s%8d kB\n%-16s%8d kB\n", "DirectMap4k:", 30720, "DirectMap2M:", 2066432)
	if slices.Contains(strings.Fields(hw.CPUFlags), "pdpe1gb") {
		fmt.Fprintf(&b, "%-16s%8d kB\n", "DirectMap1G:", max(0, total-2097152))
	}
	return b.String()
}
