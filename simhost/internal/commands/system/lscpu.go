package system

import (
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
// /sys/devices/system/cpu/vulnerabilities, in util-linux 2.38's order, the
// names' column as wide as the longest name. Caches and the -e/-p forms are
// not emulated.
func init() {
	shell.Register(shell.Command{Name: "lscpu", Only: "gnu", ShortName: true, Run: lscpuCmd})
}

func lscpuCmd(p *shell.Proc) int {
	g := progkit.Getopt{Short: "abcdeJp::sxyBChV", Long: []string{"all=a", "bytes=B", "json=J", "hex=x", "physical=y",
		"version=V", "help=h", "extended::=e", "parse::=p", "sysroot:=s", "caches::=C", "online=b", "offline=c", "output-all"}}
	c, code, ok := g.Parse(p, p.Args())
	if !ok {
		return code
	}
	if c.Has("e", "p", "C", "s") {
		p.NotEmulated("lscpu's extended, parse, caches and sysroot forms")
		return 0
	}
	info, _ := readProc(p, "/proc/cpuinfo")
	first := map[string]string{}
	cpus := 0
	for _, line := range strings.Split(info, "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if k == "processor" {
			cpus++
		}
		if _, seen := first[k]; !seen {
			first[k] = v
		}
	}
	online := "0"
	switch {
	case cpus == 2:
		online = "0,1"
	case cpus > 2:
		online = fmt.Sprintf("0-%d", cpus-1)
	}
	type row struct{ name, data string }
	rows := []row{{"Architecture:", p.M.P.Uname.Machine}, {"CPU op-mode(s):", "32-bit, 64-bit"},
		{"Address sizes:", first["address sizes"]}, {"Byte Order:", "Little Endian"},
		{"CPU(s):", fmt.Sprint(cpus)}, {"On-line CPU(s) list:", online}, {"Vendor ID:", first["vendor_id"]},
		{"Model name:", first["model name"]}, {"CPU family:", first["cpu family"]}, {"Model:", first["model"]},
		{"Thread(s) per core:", "1"}, {"Core(s) per socket:", first["cpu cores"]}, {"Socket(s):", "1"},
		{"Stepping:", first["stepping"]}, {"BogoMIPS:", first["bogomips"]}, {"Flags:", first["flags"]},
		{"NUMA node(s):", "1"}, {"NUMA node0 CPU(s):", online}}
	const vulns = "/sys/devices/system/cpu/vulnerabilities"
	if list, err := p.M.FS.ReadDir(vfs.Root, vulns); err == nil {
		sort.Slice(list, func(i, j int) bool { return list[i].Name < list[j].Name })
		for _, v := range list {
			text, _ := readProc(p, vulns+"/"+v.Name)
			name := strings.ReplaceAll(v.Name, "_", " ")
			rows = append(rows, row{"Vulnerability " + strings.ToUpper(name[:1]) + name[1:] + ":", strings.TrimSpace(text)})
		}
	}
	if c.Has("J") {
		var items []string
		for _, r := range rows {
			f, _ := json.Marshal(r.name)
			d, _ := json.Marshal(r.data)
			items = append(items, fmt.Sprintf("      {\n         \"field\": %s,\n         \"data\": %s\n      }", f, d))
		}
		p.Printf("{\n   \"lscpu\": [\n%s\n   ]\n}\n", strings.Join(items, ","))
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
