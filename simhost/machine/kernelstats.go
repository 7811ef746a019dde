package machine

import (
	"fmt"
	"strconv"
	"strings"
)

// The kernel's counters monitoring agents read besides /proc/stat (Checkmk's
// linux agent, Munin's plugins, node_exporter, Netdata, Zabbix's
// UserParameters): /proc/net/dev, /proc/net/tcp{,6}, /proc/vmstat,
// /proc/devices, /proc/pressure, /proc/PID/sched and /sys's per-CPU and
// per-interface files. The layouts are those a Debian container shows (docker
// run of the hostile-os images); the figures are an idle server's.

// nicCounters are an interface's counters since boot: none on lo (nothing
// on the host talks to itself), a few packets on the others.
type nicCounters struct {
	rxBytes, rxPackets, txBytes, txPackets uint64
}

func (m *Machine) counters(n NIC) nicCounters {
	if n.Name == "lo" {
		return nicCounters{}
	}
	return nicCounters{rxBytes: 1482716, rxPackets: 10547, txBytes: 2093814, txPackets: 8842}
}

// procNetDev is /proc/net/dev: the kernel's two heading lines, then one line
// per interface in dev_seq_printf_stats' widths.
func (m *Machine) procNetDev(nics []NIC) string {
	var b strings.Builder
	b.WriteString("Inter-|   Receive                                                |  Transmit\n")
	b.WriteString(" face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n")
	for _, n := range nics {
		c := m.counters(n)
		fmt.Fprintf(&b, "%6s:%8d %7d %4d %4d %4d %5d %10d %9d %8d %7d %4d %4d %4d %5d %7d %10d\n",
			n.Name, c.rxBytes, c.rxPackets, 0, 0, 0, 0, 0, 0, c.txBytes, c.txPackets, 0, 0, 0, 0, 0, 0)
	}
	return b.String()
}

// netStatistics are /sys/class/net/NAME/statistics/*, the same counters.
func (m *Machine) netStatistics(n NIC) map[string]uint64 {
	c := m.counters(n)
	stats := map[string]uint64{"rx_bytes": c.rxBytes, "rx_packets": c.rxPackets, "tx_bytes": c.txBytes, "tx_packets": c.txPackets}
	for _, k := range []string{"collisions", "multicast", "rx_compressed", "rx_crc_errors", "rx_dropped", "rx_errors",
		"rx_fifo_errors", "rx_frame_errors", "rx_length_errors", "rx_missed_errors", "rx_nohandler", "rx_over_errors",
		"tx_aborted_errors", "tx_carrier_errors", "tx_compressed", "tx_dropped", "tx_errors", "tx_fifo_errors",
		"tx_heartbeat_errors", "tx_window_errors"} {
		stats[k] = 0
	}
	return stats
}

// procNetTCPHeading and procNetTCP6Heading are /proc/net/tcp's and tcp6's
// first lines (tcp4_seq_show pads its heading to the width of a line).
const (
	procNetTCPHeading  = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode                                                     \n"
	procNetTCP6Heading = "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
)

// vmstatKeys are /proc/vmstat's counters, in the kernel's order.
var vmstatKeys = strings.Fields(`nr_free_pages nr_free_pages_blocks nr_zone_inactive_anon nr_zone_active_anon
nr_zone_inactive_file nr_zone_active_file nr_zone_unevictable nr_zone_write_pending nr_mlock nr_zspages
nr_free_cma numa_hit numa_miss numa_foreign numa_interleave numa_local numa_other nr_inactive_anon
nr_active_anon nr_inactive_file nr_active_file nr_unevictable nr_slab_reclaimable nr_slab_unreclaimable
nr_isolated_anon nr_isolated_file workingset_nodes workingset_refault_anon workingset_refault_file
workingset_activate_anon workingset_activate_file workingset_restore_anon workingset_restore_file
workingset_nodereclaim nr_anon_pages nr_mapped nr_file_pages nr_dirty nr_writeback nr_shmem
nr_shmem_hugepages nr_shmem_pmdmapped nr_file_hugepages nr_file_pmdmapped nr_anon_transparent_hugepages
nr_vmscan_write nr_vmscan_immediate_reclaim nr_dirtied nr_written nr_throttled_written
nr_kernel_misc_reclaimable nr_foll_pin_acquired nr_foll_pin_released nr_kernel_stack nr_page_table_pages
nr_sec_page_table_pages nr_iommu_pages nr_swapcached pgpromote_success pgpromote_candidate
pgpromote_candidate_nrl pgdemote_kswapd pgdemote_direct pgdemote_khugepaged pgdemote_proactive nr_hugetlb
nr_balloon_pages nr_kernel_file_pages nr_dirty_threshold nr_dirty_background_threshold nr_memmap_pages
nr_memmap_boot_pages pgpgin pgpgout pswpin pswpout pgalloc_dma pgalloc_dma32 pgalloc_normal pgalloc_movable
pgalloc_device allocstall_dma allocstall_dma32 allocstall_normal allocstall_movable allocstall_device
pgskip_dma pgskip_dma32 pgskip_normal pgskip_movable pgskip_device pgfree pgactivate pgdeactivate pglazyfree
pgfault pgmajfault pglazyfreed pgrefill pgreuse pgsteal_kswapd pgsteal_direct pgsteal_khugepaged
pgsteal_proactive pgscan_kswapd pgscan_direct pgscan_khugepaged pgscan_proactive pgscan_direct_throttle
pgscan_anon pgscan_file pgsteal_anon pgsteal_file zone_reclaim_success zone_reclaim_failed pginodesteal
slabs_scanned kswapd_inodesteal kswapd_low_wmark_hit_quickly kswapd_high_wmark_hit_quickly pageoutrun
pgrotated drop_pagecache drop_slab oom_kill numa_pte_updates numa_huge_pte_updates numa_hint_faults
numa_hint_faults_local numa_pages_migrated pgmigrate_success pgmigrate_fail thp_migration_success
thp_migration_fail thp_migration_split compact_migrate_scanned compact_free_scanned compact_isolated
compact_stall compact_fail compact_success compact_daemon_wake compact_daemon_migrate_scanned
compact_daemon_free_scanned htlb_buddy_alloc_success htlb_buddy_alloc_fail unevictable_pgs_culled
unevictable_pgs_scanned unevictable_pgs_rescued unevictable_pgs_mlocked unevictable_pgs_munlocked
unevictable_pgs_cleared unevictable_pgs_stranded thp_fault_alloc thp_fault_fallback thp_fault_fallback_charge
thp_collapse_alloc thp_collapse_alloc_failed thp_file_alloc thp_file_fallback thp_file_fallback_charge
thp_file_mapped thp_split_page thp_split_page_failed thp_deferred_split_page thp_underused_split_page
thp_split_pmd thp_scan_exceed_none_pte thp_scan_exceed_swap_pte thp_scan_exceed_share_pte thp_split_pud
thp_zero_page_alloc thp_zero_page_alloc_failed thp_swpout thp_swpout_fallback balloon_inflate balloon_deflate
balloon_migrate swap_ra swap_ra_hit swpin_zero swpout_zero ksm_swpin_copy cow_ksm zswpin zswpout zswpwb
direct_map_level2_splits direct_map_level3_splits direct_map_level2_collapses direct_map_level3_collapses
nr_unstable`)

// procVMStat is /proc/vmstat: the page counts /proc/meminfo gives (in 4 KiB
// pages), an idle server's paging, the rest zero.
func procVMStat(hw Hardware) string {
	pages := func(pct int64) uint64 { return uint64(hw.Memory >> 12 * pct / 1000) }
	known := map[string]uint64{
		"nr_free_pages": pages(849), "nr_zone_inactive_anon": pages(21), "nr_zone_active_file": pages(51),
		"nr_zone_inactive_file": pages(59), "nr_inactive_anon": pages(21), "nr_active_file": pages(51),
		"nr_inactive_file": pages(59), "nr_anon_pages": pages(21), "nr_mapped": pages(8), "nr_file_pages": pages(110),
		"nr_slab_reclaimable": pages(10), "nr_slab_unreclaimable": pages(2), "pgpgin": 524288, "pgpgout": 262144,
		"pgfault": 4194304, "pgmajfault": 2048, "pgfree": 8388608, "pgalloc_normal": 8388608,
	}
	var b strings.Builder
	for _, k := range vmstatKeys {
		fmt.Fprintf(&b, "%s %d\n", k, known[k])
	}
	return b.String()
}

// procDevices is /proc/devices: the character devices the kernel registers
// (as the container's), and the block drivers of the host's disks.
func (m *Machine) procDevices() string {
	var b strings.Builder
	b.WriteString("Character devices:\n  1 mem\n  4 /dev/vc/0\n  4 tty\n  4 ttyS\n  5 /dev/tty\n  5 /dev/console\n  5 /dev/ptmx\n" +
		"  7 vcs\n 10 misc\n 13 input\n128 ptm\n136 pts\n203 cpu/cpuid\n245 hidraw\n246 macvtap\n247 mei\n248 bsg\n" +
		"249 watchdog\n250 ptp\n251 pps\n252 dax\n253 dimmctl\n254 ndctl\n\nBlock devices:\n  7 loop\n")
	for _, d := range m.BlockDevices() {
		if strings.HasPrefix(d.Name, "sd") {
			b.WriteString("  8 sd\n")
			break
		}
	}
	b.WriteString("253 device-mapper\n254 virtblk\n259 blkext\n")
	return b.String()
}

// procPressure is /proc/pressure/RESOURCE (PSI) of a host with nothing
// waiting.
const procPressure = "some avg10=0.00 avg60=0.00 avg300=0.00 total=0\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n"

// procSched is /proc/PID/sched: the heading system-info.sh-like scripts
// read (name, pid, threads), then the scheduler's figures of a process that
// has barely run.
func procSched(p *Proc, comm string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%d, #threads: 1)\n%s\n", comm, p.PID, strings.Repeat("-", 67))
	for _, f := range []struct {
		k string
		v string
	}{
		{"se.exec_start", "0.000000"}, {"se.vruntime", "0.000000"}, {"se.sum_exec_runtime", "1.000000"},
		{"se.nr_migrations", "0"}, {"nr_switches", "10"}, {"nr_voluntary_switches", "10"},
		{"nr_involuntary_switches", "0"}, {"se.load.weight", "1048576"}, {"policy", "0"},
		{"prio", strconv.Itoa(120 + p.Nice)}, {"clock-delta", "30"},
	} {
		fmt.Fprintf(&b, "%-45s:%21s\n", f.k, f.v)
	}
	return b.String()
}

// cpuRange is a CPU list as /sys/devices/system/cpu/online shows it.
func cpuRange(n int) string {
	if n <= 1 {
		return "0"
	}
	return "0-" + strconv.Itoa(n-1)
}

// seedCounters writes the files above that do not change while the host
// runs, and /sys's CPU directories.
func (m *Machine) seedCounters(nics []NIC) error {
	hw := m.hw
	files := map[string]string{
		"/proc/net/dev":                          m.procNetDev(nics),
		"/proc/net/tcp":                          procNetTCPHeading,
		"/proc/net/tcp6":                         procNetTCP6Heading,
		"/proc/vmstat":                           procVMStat(hw),
		"/proc/devices":                          m.procDevices(),
		"/proc/pressure/cpu":                     procPressure,
		"/proc/pressure/memory":                  procPressure,
		"/proc/pressure/io":                      procPressure,
		"/sys/devices/system/cpu/online":         cpuRange(hw.CPUs) + "\n",
		"/sys/devices/system/cpu/possible":       cpuRange(hw.CPUs) + "\n",
		"/sys/devices/system/cpu/present":        cpuRange(hw.CPUs) + "\n",
		"/sys/devices/system/cpu/offline":        "\n",
		"/sys/devices/system/cpu/kernel_max":     "255\n",
		"/sys/devices/system/cpu/cpu0/uevent":    "",
		"/sys/devices/system/cpu/cpuidle/uevent": "",
	}
	for i := 1; i < hw.CPUs; i++ {
		files["/sys/devices/system/cpu/cpu"+strconv.Itoa(i)+"/online"] = "1\n"
	}
	for i := 0; i < hw.CPUs; i++ {
		files["/sys/devices/system/cpu/cpu"+strconv.Itoa(i)+"/topology/core_id"] = strconv.Itoa(i) + "\n"
		files["/sys/devices/system/cpu/cpu"+strconv.Itoa(i)+"/topology/physical_package_id"] = "0\n"
	}
	for _, n := range nics {
		for k, v := range m.netStatistics(n) {
			files["/sys/devices/virtual/net/"+n.Name+"/statistics/"+k] = strconv.FormatUint(v, 10) + "\n"
		}
		if n.Name != "lo" {
			// A veth's (and a virtio NIC's) speed as the kernel reports it.
			files["/sys/devices/virtual/net/"+n.Name+"/speed"] = "10000\n"
			files["/sys/devices/virtual/net/"+n.Name+"/duplex"] = "full\n"
		}
	}
	// Each disk under /sys/block (its partitions are inside it on a real
	// host), with what inventory scripts read: size in sectors, dev, removable.
	var disks []string
	for _, d := range m.BlockDevices() {
		if d.Type != "disk" {
			continue
		}
		dir := "/sys/devices/virtual/block/" + d.Name
		files[dir+"/size"] = strconv.FormatInt(d.SizeBytes/512, 10) + "\n"
		files[dir+"/dev"] = fmt.Sprintf("%d:%d\n", d.Major, d.Minor)
		files[dir+"/removable"] = "0\n"
		files[dir+"/ro"] = "0\n"
		disks = append(disks, d.Name)
	}
	for p, text := range files {
		if err := m.kernelFile(p, []byte(text)); err != nil {
			return err
		}
	}
	for _, name := range disks {
		if err := m.FS.KernelSymlink("/sys/block/"+name, "../devices/virtual/block/"+name); err != nil {
			return err
		}
	}
	// /sys/block with no disk is there, empty; so is the control groups'
	// mount point, which the host does not fill (it keeps no cgroups).
	for _, d := range []string{"/sys/block", "/sys/fs/cgroup"} {
		if err := m.FS.KernelDir(d); err != nil {
			return err
		}
	}
	return nil
}
