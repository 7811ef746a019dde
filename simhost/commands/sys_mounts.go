package commands

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/hostile-lab/hostile/simhost/shell"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

// mount, findmnt and lsblk (util-linux 2.38) over the host's mounts: what is
// mounted where, and the block devices those mounts imply.
func init() {
	shell.Register(shell.Command{Name: "mount", Only: "gnu", Run: mountCmd})
	shell.Register(shell.Command{Name: "findmnt", Only: "gnu", Run: findmntCmd})
	shell.Register(shell.Command{Name: "lsblk", Only: "gnu", Run: lsblkCmd})
}

// mountOptions is the option string the kernel reports for a mount.
func mountOptions(m vfs.Mount) string {
	opts := "rw"
	if m.ReadOnly {
		opts = "ro"
	}
	switch m.FSType {
	case "nfs", "nfs4":
		return opts + ",relatime,vers=4.2,rsize=1048576,wsize=1048576,namlen=255,hard,proto=tcp,timeo=600,retrans=2,sec=sys"
	case "tmpfs":
		return opts + ",nosuid,nodev"
	}
	return opts + ",relatime"
}

// hostMounts are the host's disk mounts in mount order (parents first): the
// kernel's /proc and /sys, mounts of the simulated host's own, are left out,
// as /proc/mounts' own lines for them are not made from these.
func hostMounts(p *shell.Proc) []vfs.Mount {
	ms := slices.DeleteFunc(p.M.FS.Mounts(), func(m vfs.Mount) bool { return m.FSType == "proc" || m.FSType == "sysfs" })
	sort.SliceStable(ms, func(i, j int) bool { return len(ms[i].Path) < len(ms[j].Path) })
	return ms
}

func mountCmd(p *shell.Proc) int {
	g := getopt{Short: "lt:ahvrwo:", Long: []string{"show-labels=l", "types:=t", "all=a", "verbose=v", "read-only=r", "rw=w", "read-write=w", "options:=o"}}
	c, code, ok := g.Parse(p, p.Args())
	if !ok {
		return code
	}
	if len(c.Operands) > 0 || c.Has("a") {
		if p.User.UID != 0 {
			return p.Fail(32, "only root can use \"--all\" option")
		}
		p.NotEmulated("mounting a filesystem")
		return p.Fail(32, "mounting is not emulated by the simulated host")
	}
	only, _ := c.Value("t")
	for _, m := range hostMounts(p) {
		if only != "" && m.FSType != only {
			continue
		}
		p.Printf("%s on %s type %s (%s)\n", m.Device, m.Path, m.FSType, mountOptions(m))
	}
	return 0
}

// findmntColumn gives a column's value for a mount.
func findmntColumn(p *shell.Proc, m vfs.Mount, col string) (string, bool) {
	switch col {
	case "TARGET":
		return m.Path, true
	case "SOURCE":
		return m.Device, true
	case "FSTYPE":
		return m.FSType, true
	case "OPTIONS":
		return mountOptions(m), true
	case "SIZE", "USED", "AVAIL", "USE%":
		d := dfUsage(p, m)
		switch col {
		case "SIZE":
			return lsblkSize(d.total * 1024), true
		case "USED":
			return lsblkSize(d.used * 1024), true
		case "AVAIL":
			return lsblkSize(d.avail * 1024), true
		}
		if d.total == 0 {
			return "0%", true
		}
		return fmt.Sprintf("%d%%", (d.used*100+d.total-1)/d.total), true
	}
	return "", false
}

func findmntCmd(p *shell.Proc) int {
	g := getopt{Short: "no:lrDt:TsumkFJV", Long: []string{"noheadings=n", "output:=o", "list=l", "raw=r", "df=D", "types:=t",
		"target:=T", "fstab=s", "mtab=m", "kernel=k", "json=J", "first-only=f", "notruncate=u", "version=V"},
		NotEmulated: []string{"s", "fstab", "J", "json", "F"}}
	c, code, ok := g.Parse(p, p.Args())
	if !ok {
		return code
	}
	if c.Has("V") {
		return utilLinuxVersion(p)
	}
	cols := []string{"TARGET", "SOURCE", "FSTYPE", "OPTIONS"}
	if c.Has("D") {
		cols = []string{"SOURCE", "FSTYPE", "SIZE", "USED", "AVAIL", "USE%", "TARGET"}
	}
	if v, ok := c.Value("o"); ok {
		cols = strings.Split(strings.ToUpper(v), ",")
	}
	for _, col := range cols {
		if _, ok := findmntColumn(p, vfs.Mount{}, col); !ok {
			return p.Fail(1, "unknown column: %s", col)
		}
	}
	mounts := hostMounts(p)
	only, _ := c.Value("t")
	var selected []vfs.Mount
	targets := c.Operands
	if t, ok := c.Value("T"); ok {
		real, err := p.M.FS.Realpath(p.Cred(), p.Abs(t))
		if err != nil {
			real = p.Abs(t)
		}
		targets = []string{p.M.FS.MountOf(real).Path}
	}
	for _, m := range mounts {
		if only != "" && m.FSType != only {
			continue
		}
		if len(targets) > 0 {
			match := false
			for _, t := range targets {
				if t == m.Path || t == m.Device || path.Clean(t) == m.Path {
					match = true
				}
			}
			if !match {
				continue
			}
		}
		selected = append(selected, m)
	}
	if len(selected) == 0 {
		return 1
	}
	flat := c.Has("l") || c.Has("r") || len(targets) > 0 || only != "" || c.Has("D")
	rows := [][]string{}
	if !c.Has("n") {
		rows = append(rows, cols)
	}
	for _, m := range selected {
		var row []string
		for _, col := range cols {
			v, _ := findmntColumn(p, m, col)
			if col == "TARGET" && !flat && m.Path != "/" {
				v = findmntTree(selected, m) + v
			}
			row = append(row, v)
		}
		rows = append(rows, row)
	}
	if c.Has("r") {
		for _, row := range rows {
			p.Printf("%s\n", strings.Join(row, " "))
		}
		return 0
	}
	widths := make([]int, len(cols))
	for _, row := range rows {
		for i, v := range row {
			widths[i] = max(widths[i], len(v))
		}
	}
	for _, row := range rows {
		var b strings.Builder
		for i, v := range row {
			if i == len(row)-1 {
				b.WriteString(v)
				break
			}
			if cols[i] == "SIZE" || cols[i] == "USED" || cols[i] == "AVAIL" || cols[i] == "USE%" {
				fmt.Fprintf(&b, "%*s ", widths[i], v)
			} else {
				fmt.Fprintf(&b, "%-*s ", widths[i], v)
			}
		}
		p.Printf("%s\n", b.String())
	}
	return 0
}

// findmntTree is the ASCII tree prefix findmnt draws in the C locale: "|-" for
// a mount with a later sibling, "`-" for the last.
func findmntTree(all []vfs.Mount, m vfs.Mount) string {
	parent := func(x vfs.Mount) string {
		best := ""
		for _, o := range all {
			if o.Path != x.Path && (o.Path == "/" || strings.HasPrefix(x.Path, o.Path+"/")) && len(o.Path) > len(best) {
				best = o.Path
			}
		}
		return best
	}
	var prefix string
	for cur := m; parent(cur) != ""; {
		par := parent(cur)
		last := true
		seen := false
		for _, o := range all {
			if o.Path == cur.Path {
				seen = true
				continue
			}
			if seen && parent(o) == par {
				last = false
			}
		}
		if cur.Path == m.Path {
			if last {
				prefix = "`-"
			} else {
				prefix = "|-"
			}
		} else if last {
			prefix = "  " + prefix
		} else {
			prefix = "| " + prefix
		}
		for _, o := range all {
			if o.Path == par {
				cur = o
			}
		}
		if cur.Path == "/" {
			break
		}
	}
	return prefix
}

// lsblkSize is lsblk's size: powers of 1024 with one decimal below ten.
func lsblkSize(b int64) string {
	units := []string{"B", "K", "M", "G", "T", "P"}
	v, i := float64(b), 0
	for v >= 1024 && i < len(units)-1 {
		v /= 1024
		i++
	}
	if v == float64(int64(v)) || v >= 10 {
		return fmt.Sprintf("%.0f%s", v, units[i])
	}
	return fmt.Sprintf("%.1f%s", v, units[i])
}

var lsblkPart = regexp.MustCompile(`^(/dev/)((?:nvme\d+n\d+|mmcblk\d+)p|[a-z]+)(\d+)$`)

// lsblkMajor are the Linux block majors of the device names virtual and
// physical machines have.
var lsblkMajor = map[string]int{"sd": 8, "vd": 254, "xvd": 202, "hd": 3, "nvme": 259, "mmcblk": 179}

func lsblkCmd(p *shell.Proc) int {
	g := getopt{Short: "ndlbpro:JfV", Long: []string{"nodeps=n", "noheadings=n", "list=l", "bytes=b", "paths=p", "raw=r", "output:=o", "json=J", "fs=f", "version=V"},
		NotEmulated: []string{"J", "json", "f", "fs", "o", "output"}}
	c, code, ok := g.Parse(p, p.Args())
	if !ok {
		return code
	}
	if c.Has("V") {
		return utilLinuxVersion(p)
	}
	type part struct {
		name, mountpoint string
		size             int64
		minor            int
	}
	type disk struct {
		name  string
		major int
		parts []part
		size  int64
	}
	disks := map[string]*disk{}
	var order []string
	for _, m := range hostMounts(p) {
		sub := lsblkPart.FindStringSubmatch(m.Device)
		if sub == nil {
			continue
		}
		diskName := sub[2]
		if strings.HasPrefix(diskName, "nvme") || strings.HasPrefix(diskName, "mmcblk") {
			diskName = strings.TrimSuffix(diskName, "p") // nvme0n1p1 is a part of nvme0n1
		}
		d, ok := disks[diskName]
		if !ok {
			major := 8
			for prefix, mj := range lsblkMajor {
				if strings.HasPrefix(diskName, prefix) {
					major = mj
				}
			}
			d = &disk{name: diskName, major: major}
			disks[diskName] = d
			order = append(order, diskName)
		}
		var minor int
		fmt.Sscanf(sub[3], "%d", &minor)
		size := m.SizeBytes
		if size == 0 {
			size = 10 << 30
		}
		d.parts = append(d.parts, part{name: path.Base(m.Device), mountpoint: m.Path, size: size, minor: minor})
		d.size += size
	}
	sizeOf := func(b int64) string {
		if c.Has("b") {
			return fmt.Sprint(b)
		}
		return lsblkSize(b)
	}
	rows := [][]string{}
	if !c.Has("n") {
		rows = append(rows, []string{"NAME", "MAJ:MIN", "RM", "SIZE", "RO", "TYPE", "MOUNTPOINTS"})
	}
	diskIndex := 0
	for _, name := range order {
		d := disks[name]
		dn := d.name
		if c.Has("p") {
			dn = "/dev/" + dn
		}
		rows = append(rows, []string{dn, fmt.Sprintf("%d:%d", d.major, diskIndex*16), "0", sizeOf(d.size), "0", "disk", ""})
		if c.Has("d") {
			continue
		}
		for i, pt := range d.parts {
			prefix := "|-"
			if i == len(d.parts)-1 {
				prefix = "`-"
			}
			if c.Has("l") || c.Has("r") {
				prefix = ""
			}
			pn := pt.name
			if c.Has("p") {
				pn = "/dev/" + pn
			}
			rows = append(rows, []string{prefix + pn, fmt.Sprintf("%d:%d", d.major, diskIndex*16+pt.minor), "0", sizeOf(pt.size), "0", "part", pt.mountpoint})
		}
		diskIndex++
	}
	if c.Has("r") {
		for _, r := range rows {
			p.Printf("%s\n", strings.Join(r, " "))
		}
		return 0
	}
	widths := []int{0, 0, 0, 5, 0, 0, 0} // util-linux keeps SIZE five wide
	for _, r := range rows {
		for i, v := range r {
			widths[i] = max(widths[i], len(v))
		}
	}
	for _, r := range rows {
		p.Printf("%-*s %-*s %*s %*s %*s %-*s %s\n", widths[0], r[0], widths[1], r[1], widths[2], r[2], widths[3], r[3], widths[4], r[4], widths[5], r[5], r[6])
	}
	return 0
}

// utilLinuxVersion is --version of a util-linux program: "findmnt from
// util-linux 2.38.1".
func utilLinuxVersion(p *shell.Proc) int {
	p.Printf("%s from util-linux %s\n", p.Name(), p.M.P.Version("util-linux"))
	return 0
}
