package system

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

// lscpu, which vdsm and inventory agents read for the architecture and the
// processors: from the host's /proc/cpuinfo and the kernel's
// /sys/devices/system/cpu/vulnerabilities, in the order of the host's
// util-linux (2.37 rewrote lscpu: 2.36's rows, JSON and -p comment differ
// from 2.38's), the names' column as wide as the longest name. The host has
// one NUMA node, and no cache or hypervisor the files say: those rows are
// not printed. -e and -p print the topology's columns.
func init() {
	shell.Register(shell.Command{Name: "lscpu", Only: "gnu", ShortName: true, Run: lscpuCmd})
}

// lscpuRow is a line of lscpu's summary.
type lscpuRow struct{ name, data string }

// lscpuInfo is what lscpu reads of the host.
type lscpuInfo struct {
	first   map[string]string // the first processor's cpuinfo fields
	cpus    int
	online  string // "0,1", or the mask with -x
	vulns   []lscpuRow
	rewrite bool // util-linux 2.37 or newer
}

func lscpuCmd(p *shell.Proc) int {
	g := progkit.Getopt{Short: "abcC::e::Jp::s:xyBhV", Long: []string{"all=a", "bytes=B", "json=J", "hex=x", "physical=y",
		"version=V", "help=h", "extended::=e", "parse::=p", "sysroot:=s", "caches::=C", "online=b", "offline=c", "output-all"}}
	c, code, ok := g.Parse(p, p.Args())
	if !ok {
		return code
	}
	switch {
	case c.Has("h"):
		if v := p.M.P.Version("util-linux"); !strings.HasPrefix(v, "2.36.") && !strings.HasPrefix(v, "2.38.") {
			p.NotEmulated("lscpu --help of util-linux " + v) // only 2.36's and 2.38's were captured
			return 0
		}
		p.Printf("%s", lscpuHelp(p.M.P.VersionAtLeast("util-linux", "2.37")))
		return 0
	case c.Has("V"):
		return progkit.UtilLinuxVersion(p)
	case c.Has("a", "b", "c") && !c.Has("e", "p"):
		return p.Fail(1, "options --all, --online and --offline may only be used with options --extended or --parse.")
	case c.Has("s", "output-all"):
		p.NotEmulated("lscpu's sysroot and --output-all")
		return 0
	case c.Has("C"):
		return 0 // no cache the host's files describe
	}
	info := lscpuRead(p, c.Has("x"))
	if c.Has("e") || c.Has("p") {
		return lscpuTable(p, c, info)
	}
	rows := lscpuSummary(p, info)
	if c.Has("J") {
		var items []string
		for _, r := range rows {
			f, d := lscpuJSON(r.name), lscpuJSON(r.data)
			if info.rewrite {
				items = append(items, fmt.Sprintf("{\n         \"field\": %s,\n         \"data\": %s\n      }", f, d))
			} else {
				items = append(items, fmt.Sprintf("      {\"field\":%s, \"data\":%s}", f, d))
			}
		}
		sep := ",\n"
		if info.rewrite {
			sep = ","
			items[0] = "      " + items[0]
		}
		p.Printf("{\n   \"lscpu\": [\n%s\n   ]\n}\n", strings.Join(items, sep))
		return 0
	}
	width := 0
	for _, r := range rows {
		width = max(width, len(r.name))
	}
	for _, r := range rows {
		p.Printf("%-*s %s\n", width, r.name, r.data)
	}
	return 0
}

// lscpuJSON quotes s as util-linux's JSON writer does (no HTML escapes).
func lscpuJSON(s string) string {
	var b bytes.Buffer
	e := json.NewEncoder(&b)
	e.SetEscapeHTML(false)
	e.Encode(s)
	return strings.TrimSuffix(b.String(), "\n")
}

// lscpuRead reads the host's processors; hex gives the CPU lists as masks.
func lscpuRead(p *shell.Proc, hex bool) lscpuInfo {
	info := lscpuInfo{first: map[string]string{}, rewrite: p.M.P.VersionAtLeast("util-linux", "2.37")}
	text, _ := readProc(p, "/proc/cpuinfo")
	for _, line := range strings.Split(text, "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if k == "processor" {
			info.cpus++
		}
		if _, seen := info.first[k]; !seen {
			info.first[k] = v
		}
	}
	switch {
	case hex:
		info.online = fmt.Sprintf("%x", uint64(1)<<info.cpus-1)
	case info.cpus == 1:
		info.online = "0"
	case info.cpus == 2:
		info.online = "0,1"
	default:
		info.online = fmt.Sprintf("0-%d", info.cpus-1)
	}
	const vulns = "/sys/devices/system/cpu/vulnerabilities"
	if list, err := p.M.FS.ReadDir(vfs.Root, vulns); err == nil {
		sort.Slice(list, func(i, j int) bool { return list[i].Name < list[j].Name })
		for _, v := range list {
			text, _ := readProc(p, vulns+"/"+v.Name)
			name := strings.ReplaceAll(v.Name, "_", " ")
			info.vulns = append(info.vulns, lscpuRow{"Vulnerability " + strings.ToUpper(name[:1]) + name[1:] + ":", strings.TrimSpace(text)})
		}
	}
	return info
}

// lscpuSummary is lscpu's summary in the host's util-linux's order.
func lscpuSummary(p *shell.Proc, info lscpuInfo) []lscpuRow {
	f := info.first
	onlineName := "On-line CPU(s) list:"
	if info.online != "" && !strings.ContainsAny(info.online, ",-") && info.cpus > 1 {
		onlineName = "On-line CPU(s) mask:"
	}
	arch := []lscpuRow{{"Architecture:", p.M.P.Uname.Machine}, {"CPU op-mode(s):", "32-bit, 64-bit"}}
	order, size := lscpuRow{"Byte Order:", "Little Endian"}, lscpuRow{"Address sizes:", f["address sizes"]}
	count := []lscpuRow{{"CPU(s):", fmt.Sprint(info.cpus)}, {onlineName, info.online}}
	topology := []lscpuRow{{"Thread(s) per core:", "1"}, {"Core(s) per socket:", f["cpu cores"]}, {"Socket(s):", "1"}}
	nodes, node0 := lscpuRow{"NUMA node(s):", "1"}, lscpuRow{"NUMA node0 CPU(s):", info.online}
	var rows []lscpuRow
	if info.rewrite {
		rows = append(append(arch, size, order), count...)
		rows = append(rows, lscpuRow{"Vendor ID:", f["vendor_id"]}, lscpuRow{"Model name:", f["model name"]},
			lscpuRow{"CPU family:", f["cpu family"]}, lscpuRow{"Model:", f["model"]})
		rows = append(rows, topology...)
		rows = append(rows, lscpuRow{"Stepping:", f["stepping"]}, lscpuRow{"BogoMIPS:", f["bogomips"]}, lscpuRow{"Flags:", f["flags"]}, nodes, node0)
		return append(rows, info.vulns...)
	}
	rows = append(append(arch, order, size), count...)
	rows = append(append(rows, topology...), nodes)
	rows = append(rows, lscpuRow{"Vendor ID:", f["vendor_id"]}, lscpuRow{"CPU family:", f["cpu family"]}, lscpuRow{"Model:", f["model"]},
		lscpuRow{"Model name:", f["model name"]}, lscpuRow{"Stepping:", f["stepping"]})
	if mhz, ok := f["cpu MHz"]; ok {
		rows = append(rows, lscpuRow{"CPU MHz:", mhz})
	}
	rows = append(rows, lscpuRow{"BogoMIPS:", f["bogomips"]}, node0)
	return append(append(rows, info.vulns...), lscpuRow{"Flags:", f["flags"]})
}

// lscpuColumns are the -e and -p columns lscpu can fill from the host: each
// processor's value, in -p's form when parse.
var lscpuColumns = map[string]func(cpu int, parse bool) string{
	"CPU": func(cpu int, _ bool) string { return fmt.Sprint(cpu) }, "CORE": func(cpu int, _ bool) string { return fmt.Sprint(cpu) },
	"SOCKET": func(int, bool) string { return "0" }, "NODE": func(int, bool) string { return "0" },
	"ONLINE": func(_ int, parse bool) string {
		if parse {
			return "Y"
		}
		return "yes"
	},
}

// lscpuTable is -e (a table) or -p (comma-separated, after a comment), over
// the columns given or lscpu's default ones.
func lscpuTable(p *shell.Proc, c progkit.Cmdline, info lscpuInfo) int {
	parse := c.Has("p")
	list, _ := c.Value("e")
	list = strings.TrimPrefix(list, "=")
	defaults := []string{"CPU", "NODE", "SOCKET", "CORE", "ONLINE"}
	if parse {
		list, _ = c.Value("p")
		list = strings.TrimPrefix(list, "=")
		defaults = []string{"CPU", "CORE", "SOCKET", "NODE"}
	}
	cols := defaults
	if list != "" {
		cols = nil
		for _, name := range strings.Split(list, ",") {
			upper := strings.ToUpper(name)
			if _, ok := lscpuColumns[upper]; !ok {
				if lscpuKnownColumn(upper, info.rewrite) {
					p.NotEmulated("lscpu's " + upper + " column")
					return 0
				}
				return p.Fail(1, "unknown column: %s", name)
			}
			cols = append(cols, upper)
		}
	}
	if parse {
		p.Printf("# The following is the parsable format, which can be fed to other\n# programs. Each different item in every column has an unique ID\n")
		if info.rewrite {
			p.Printf("# starting usually from zero.\n")
		} else {
			p.Printf("# starting from zero.\n")
		}
		names := make([]string, len(cols))
		for i, col := range cols {
			names[i] = strings.ToUpper(col[:1]) + strings.ToLower(col[1:]) // "Core", "Online"
			if col == "CPU" {
				names[i] = col
			}
		}
		p.Printf("# %s\n", strings.Join(names, ","))
		for cpu := 0; cpu < info.cpus; cpu++ {
			values := make([]string, len(cols))
			for i, col := range cols {
				values[i] = lscpuColumns[col](cpu, true)
			}
			p.Printf("%s\n", strings.Join(values, ","))
		}
		return 0
	}
	if c.Has("J") {
		p.NotEmulated("lscpu's JSON extended form")
		return 0
	}
	widths := make([]int, len(cols))
	for i, col := range cols {
		widths[i] = len(col)
		for cpu := 0; cpu < info.cpus; cpu++ {
			widths[i] = max(widths[i], len(lscpuColumns[col](cpu, false)))
		}
	}
	line := func(cell func(i int) string) {
		parts := make([]string, len(cols))
		for i := range cols {
			parts[i] = fmt.Sprintf("%*s", widths[i], cell(i))
		}
		p.Printf("%s\n", strings.Join(parts, " "))
	}
	parts := make([]string, len(cols))
	for i, col := range cols {
		parts[i] = fmt.Sprintf("%-*s", widths[i], col)
	}
	p.Printf("%s\n", strings.TrimRight(strings.Join(parts, " "), " "))
	for cpu := 0; cpu < info.cpus; cpu++ {
		line(func(i int) string { return lscpuColumns[cols[i]](cpu, false) })
	}
	return 0
}

// lscpuKnownColumn is whether the host's lscpu has column name, one the
// host's files cannot fill (2.37 added BOGOMIPS, CLUSTER, MHZ, SCALMHZ%).
func lscpuKnownColumn(name string, rewrite bool) bool {
	switch name {
	case "BOOK", "DRAWER", "CACHE", "POLARIZATION", "ADDRESS", "CONFIGURED", "MAXMHZ", "MINMHZ":
		return true
	case "BOGOMIPS", "CLUSTER", "MHZ", "SCALMHZ%":
		return rewrite
	}
	return false
}
