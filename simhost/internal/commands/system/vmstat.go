package system

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
)

// vmstat (procps) and users (coreutils): what monitoring checks parse for
// memory, CPU and who is on. vmstat reads the host's /proc/meminfo and
// /proc/stat as procps does: the first line averages since boot, each next
// one the DELAY seconds before it. Block I/O and swap traffic are nil: an
// idle host pages nothing.
func init() {
	shell.Register(shell.Command{Name: "vmstat", Only: "gnu", ShortName: true, Run: vmstatCmd})
	shell.Register(shell.Command{Name: "users", Only: "gnu", Run: usersCmd})
}

func usersCmd(p *shell.Proc) int {
	g := progkit.Getopt{}
	c, code, ok := g.Parse(p, p.Args())
	if !ok {
		return code
	}
	if len(c.Operands) > 1 {
		p.Errorf("extra operand %s", progkit.QuoteName(p, c.Operands[1]))
		fmt.Fprintf(p.Stderr, "Try 'users --help' for more information.\n")
		return 1
	}
	if len(c.Operands) == 1 {
		return 0 // another utmp file: the host keeps none but its own
	}
	var names []string
	for _, s := range loginSessions(p) {
		names = append(names, s.user)
	}
	if len(names) > 0 {
		slices.Sort(names)
		p.Printf("%s\n", strings.Join(names, " "))
	}
	return 0
}

// vmstatSample is what one line is made of.
type vmstatSample struct {
	running, blocked                  uint64
	cpu                               [8]uint64 // user nice system idle iowait irq softirq steal
	intr, ctxt                        uint64
	swpd, free, buff, cache, act, ina uint64
}

func vmstatRead(p *shell.Proc) (s vmstatSample, ok bool) {
	mem := map[string]uint64{}
	data, err := p.M.FS.ReadFile(p.Cred(), "/proc/meminfo")
	if err != nil {
		return s, false
	}
	for _, l := range progkit.Lines(data) {
		f := strings.Fields(l)
		if len(f) >= 2 {
			mem[strings.TrimSuffix(f[0], ":")], _ = strconv.ParseUint(f[1], 10, 64)
		}
	}
	s.swpd = mem["SwapTotal"] - mem["SwapFree"]
	s.free, s.buff, s.cache = mem["MemFree"], mem["Buffers"], mem["Cached"]+mem["SReclaimable"]
	s.act, s.ina = mem["Active"], mem["Inactive"]
	data, err = p.M.FS.ReadFile(p.Cred(), "/proc/stat")
	if err != nil {
		return s, false
	}
	for _, l := range progkit.Lines(data) {
		f := strings.Fields(l)
		if len(f) < 2 {
			continue
		}
		n, _ := strconv.ParseUint(f[1], 10, 64)
		switch f[0] {
		case "cpu":
			for i := 0; i < 8 && i+1 < len(f); i++ {
				s.cpu[i], _ = strconv.ParseUint(f[i+1], 10, 64)
			}
		case "intr":
			s.intr = n
		case "ctxt":
			s.ctxt = n
		case "procs_running":
			s.running = n
		case "procs_blocked":
			s.blocked = n
		}
	}
	return s, true
}

func vmstatCmd(p *shell.Proc) int {
	g := progkit.Getopt{Short: "afmnsdDp:S:wtyhV", Long: []string{"active=a", "forks=f", "slabs=m", "one-header=n",
		"stats=s", "disk=d", "disk-sum=D", "partition:=p", "unit:=S", "wide=w", "timestamp=t", "no-first=y", "help=h", "version=V"},
		NoTry: true, NotEmulated: []string{"f", "forks", "m", "slabs", "d", "disk", "D", "disk-sum", "p",
			"partition", "S", "unit", "t", "timestamp"}}
	c, code, ok := g.Parse(p, p.Args())
	if !ok {
		return code
	}
	if c.Has("V") {
		return printProcpsVersion(p, "vmstat")
	}
	if c.Has("s") {
		return vmstatStats(p)
	}
	// DELAY (at least 1) and COUNT (0 is taken for 1)
	var nums [2]int
	for i, what := range []string{"delay", "count"} {
		if i >= len(c.Operands) {
			break
		}
		n, err := strconv.Atoi(c.Operands[i])
		if err != nil {
			return p.Fail(1, "failed to parse argument: %s", progkit.QuoteName(p, c.Operands[i]))
		}
		if n < 1-i {
			return p.Fail(1, "%s must be positive integer", what)
		}
		nums[i] = n
	}
	delay, count := nums[0], 1
	switch len(c.Operands) {
	case 1:
		count = -1 // for ever
	case 2:
		count = max(nums[1], 1)
	}
	// procps-ng 4 adds the guests' time (gu) to the wide form.
	guest := procpsNG4(p)
	wide := c.Has("w")
	switch {
	case wide && guest:
		p.Printf("--procs-- -----------------------memory---------------------- ---swap-- -----io---- -system-- ----------cpu----------\n")
	case wide:
		p.Printf("--procs-- -----------------------memory---------------------- ---swap-- -----io---- -system-- --------cpu--------\n")
	default:
		p.Printf("procs -----------memory---------- ---swap-- -----io---- -system-- ------cpu-----\n")
	}
	switch {
	case wide && c.Has("a"):
		p.Printf("   r    b         swpd         free        inact       active   si   so    bi    bo   in   cs  us  sy  id  wa  st")
	case wide:
		p.Printf("   r    b         swpd         free         buff        cache   si   so    bi    bo   in   cs  us  sy  id  wa  st")
	case c.Has("a"):
		p.Printf(" r  b   swpd   free  inact active   si   so    bi    bo   in   cs us sy id wa st")
	default:
		p.Printf(" r  b   swpd   free   buff  cache   si   so    bi    bo   in   cs us sy id wa st")
	}
	if wide && guest {
		p.Printf("  gu")
	}
	p.Printf("\n")
	prev, ok := vmstatRead(p)
	if !ok {
		return 1
	}
	var zero vmstatSample
	line := func(now, before vmstatSample) {
		var d [8]uint64
		var total uint64
		for i := range d {
			d[i] = now.cpu[i] - before.cpu[i]
			total += d[i]
		}
		total = max(total, 1)
		half := total / 2
		pct := func(x uint64) uint64 { return (100*x + half) / total }
		// procps' rates: per second of the CPUs' time, HZ 100
		rate := func(x uint64) uint64 { return (x*100 + half) / total }
		b1, b2 := now.buff, now.cache
		if c.Has("a") {
			b1, b2 = now.ina, now.act
		}
		format := "%2d %2d %6d %6d %6d %6d %4d %4d %5d %5d %4d %4d %2d %2d %2d %2d %2d"
		if wide {
			format = "%4d %4d %12d %12d %12d %12d %4d %4d %5d %5d %4d %4d %3d %3d %3d %3d %3d"
			if guest {
				format += "   0"
			}
		}
		p.Printf(format+"\n",
			now.running, now.blocked, now.swpd, now.free, b1, b2, 0, 0, 0, 0,
			rate(now.intr-before.intr), rate(now.ctxt-before.ctxt),
			pct(d[0]+d[1]), pct(d[2]+d[5]+d[6]), pct(d[3]), pct(d[4]), pct(d[7]))
	}
	if !c.Has("y") {
		line(prev, zero)
		count--
	}
	for count != 0 {
		if !p.Sleep(time.Duration(delay) * time.Second) {
			return 130
		}
		now, ok := vmstatRead(p)
		if !ok {
			return 1
		}
		line(now, prev)
		prev = now
		if count > 0 {
			count--
		}
	}
	return 0
}

// vmstatStats is vmstat -s: the memory, CPU ticks and kernel counters since
// boot, one a line, from /proc/meminfo, /proc/stat and /proc/vmstat.
// procps-ng 4 counts used memory as what is not available and adds the
// guests' ticks; 3.3 counts what is not free, buffers or cache, and pages.
func vmstatStats(p *shell.Proc) int {
	read := func(file string, sep string) map[string][]uint64 {
		out := map[string][]uint64{}
		data, _ := p.M.FS.ReadFile(p.Cred(), file)
		for _, l := range progkit.Lines(data) {
			f := strings.Fields(strings.Replace(l, sep, " ", 1))
			if len(f) < 2 {
				continue
			}
			for _, v := range f[1:] {
				n, err := strconv.ParseUint(v, 10, 64)
				if err == nil {
					out[f[0]] = append(out[f[0]], n)
				}
			}
		}
		return out
	}
	mem, stat, vm := read("/proc/meminfo", ":"), read("/proc/stat", " "), read("/proc/vmstat", " ")
	get := func(m map[string][]uint64, k string, i int) uint64 {
		if i < len(m[k]) {
			return m[k][i]
		}
		return 0
	}
	total, free := get(mem, "MemTotal", 0), get(mem, "MemFree", 0)
	buff, cache := get(mem, "Buffers", 0), get(mem, "Cached", 0)+get(mem, "SReclaimable", 0)
	v4 := procpsNG4(p)
	used := total - free - buff - cache
	if v4 {
		used = total - get(mem, "MemAvailable", 0)
	}
	swapTotal, swapFree := get(mem, "SwapTotal", 0), get(mem, "SwapFree", 0)
	line := func(n uint64, what string) { p.Printf("%13d %s\n", n, what) }
	line(total, "K total memory")
	line(used, "K used memory")
	line(get(mem, "Active", 0), "K active memory")
	line(get(mem, "Inactive", 0), "K inactive memory")
	line(free, "K free memory")
	line(buff, "K buffer memory")
	line(cache, "K swap cache")
	line(swapTotal, "K total swap")
	line(swapTotal-swapFree, "K used swap")
	line(swapFree, "K free swap")
	ticks := []string{"non-nice user cpu ticks", "nice user cpu ticks", "system cpu ticks", "idle cpu ticks",
		"IO-wait cpu ticks", "IRQ cpu ticks", "softirq cpu ticks", "stolen cpu ticks"}
	if v4 {
		ticks = append(ticks, "non-nice guest cpu ticks", "nice guest cpu ticks")
	}
	for i, what := range ticks {
		line(get(stat, "cpu", i), what)
	}
	paged := "pages paged"
	if v4 {
		paged = "K paged"
	}
	line(get(vm, "pgpgin", 0), paged+" in")
	line(get(vm, "pgpgout", 0), paged+" out")
	line(get(vm, "pswpin", 0), "pages swapped in")
	line(get(vm, "pswpout", 0), "pages swapped out")
	line(get(stat, "intr", 0), "interrupts")
	line(get(stat, "ctxt", 0), "CPU context switches")
	line(get(stat, "btime", 0), "boot time")
	line(get(stat, "processes", 0), "forks")
	return 0
}

// procpsNG4 tells whether the host's procps is 4.x (Debian 12) rather than
// 3.3 (Debian 11).
func procpsNG4(p *shell.Proc) bool {
	return progkit.CompareDebianVersions(progkit.ToolVersion(p, "procps", nil), "4") >= 0
}
