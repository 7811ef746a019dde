package storage

import (
	"cmp"
	"fmt"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/shell"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

// mount, findmnt and lsblk (util-linux 2.38) over the host's mounts: what is
// mounted where, and the block devices those mounts imply.
func init() {
	shell.Register(shell.Command{Name: "mount", Only: "gnu", Run: mountCmd})
	shell.Register(shell.Command{Name: "findmnt", Only: "gnu", Run: findmntCmd})
	shell.Register(shell.Command{Name: "lsblk", Only: "gnu", Run: lsblkCmd})
	shell.Register(shell.Command{Name: "mountpoint", Only: "gnu", Run: mountpointCmd})
}

// mountpointCmd is util-linux's mountpoint: whether a directory is the
// target of a mount of the kernel's table (status 0) or not (32).
func mountpointCmd(p *shell.Proc) int {
	g := progkit.Getopt{Short: "qdxV", Long: []string{"quiet=q", "fs-devno=d", "devno=x", "version=V"},
		NotEmulated: []string{"d", "fs-devno", "x", "devno"}}
	c, code, ok := g.Parse(p, p.Args())
	if !ok {
		return code
	}
	if c.Has("V") {
		return progkit.UtilLinuxVersion(p)
	}
	if len(c.Operands) != 1 {
		p.Errorf("bad usage")
		fmt.Fprint(p.Stderr, "Try 'mountpoint --help' for more information.\n")
		return 1
	}
	name := c.Operands[0]
	real, err := p.M.FS.Realpath(p.Cred(), p.Abs(name))
	if err == nil {
		_, err = p.M.FS.Stat(p.Cred(), real)
	}
	if err != nil {
		return p.Fail(1, "%s: %s", name, p.Strerror(err))
	}
	mounted := slices.ContainsFunc(kernelMounts(p), func(m mountEntry) bool { return m.Path == real })
	if !c.Has("q") {
		if mounted {
			p.Printf("%s is a mountpoint\n", name)
		} else {
			p.Printf("%s is not a mountpoint\n", name)
		}
	}
	switch {
	case mounted:
		return 0
	case p.M.P.VersionAtLeast("util-linux", "2.37"):
		return 32 // util-linux 2.36 answered 1, 2.38 answers 32
	}
	return 1
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

// mountEntry is one line of the kernel's mount table.
type mountEntry struct {
	vfs.Mount
	options string
}

// kernelMounts are the lines of the host's /proc/mounts, the table mount and
// findmnt read (so they agree with it): the disks and the kernel's own
// filesystems alike.
func kernelMounts(p *shell.Proc) []mountEntry {
	var out []mountEntry
	text, err := p.M.FS.ReadFile(vfs.Root, "/proc/mounts")
	if err != nil {
		for _, m := range hostMounts(p) {
			out = append(out, mountEntry{m, mountOptions(m)})
		}
		return out
	}
	for _, line := range strings.Split(string(text), "\n") {
		f := strings.Fields(line)
		if len(f) < 4 {
			continue
		}
		m := vfs.Mount{Device: f[0], Path: f[1], FSType: f[2]}
		if mt := p.M.FS.MountOf(f[1]); mt.Path == f[1] {
			m = mt
		}
		m.Device, m.FSType = f[0], f[2]
		out = append(out, mountEntry{m, f[3]})
	}
	return out
}

// mountTypeFilter is -t's list: types separated by commas, "no" before the
// list (or a type) excluding them.
func mountTypeFilter(list string) func(string) bool {
	if list == "" {
		return func(string) bool { return true }
	}
	negateAll := strings.HasPrefix(list, "no")
	types := strings.Split(list, ",")
	return func(fstype string) bool {
		for _, t := range types {
			neg := negateAll || strings.HasPrefix(t, "no")
			if strings.TrimPrefix(t, "no") == fstype {
				return !neg
			}
		}
		return negateAll
	}
}

func mountCmd(p *shell.Proc) int {
	g := progkit.Getopt{Short: "lt:ahvrwo:V", Long: []string{"show-labels=l", "types:=t", "all=a", "verbose=v", "read-only=r", "rw=w",
		"read-write=w", "options:=o", "version=V"}}
	c, code, ok := g.Parse(p, p.Args())
	if !ok {
		return code
	}
	if c.Has("V") {
		v := p.M.P.Version("util-linux")
		p.Printf("mount from util-linux %s (libmount %s: selinux, smack, btrfs, verity, namespaces, assert, debug)\n", v, v)
		return 0
	}
	if len(c.Operands) > 0 || c.Has("a") {
		if p.User.UID != 0 {
			return p.Fail(32, "only root can use \"--all\" option")
		}
		p.NotEmulated("mounting a filesystem")
		return p.Fail(32, "mounting is not emulated by the simulated host")
	}
	only, _ := c.Value("t")
	keep := mountTypeFilter(only)
	for _, m := range kernelMounts(p) {
		if !keep(m.FSType) {
			continue
		}
		p.Printf("%s on %s type %s (%s)\n", m.Device, m.Path, m.FSType, m.options)
	}
	return 0
}

// findmntColumn gives a column's value for a mount.
func findmntColumn(p *shell.Proc, m mountEntry, col string) (string, bool) {
	switch col {
	case "TARGET":
		return m.Path, true
	case "SOURCE":
		return m.Device, true
	case "FSTYPE":
		return m.FSType, true
	case "OPTIONS":
		return m.options, true
	case "SIZE", "USED", "AVAIL", "USE%":
		if progkit.DummyFS[m.FSType] || m.Path == "" {
			return map[string]string{"SIZE": "0", "USED": "0", "AVAIL": "0", "USE%": "-"}[col], true
		}
		d := progkit.UsageOf(p, m.Mount)
		switch col {
		case "SIZE":
			return lsblkSize(d.Total * 1024), true
		case "USED":
			return lsblkSize(d.Used * 1024), true
		case "AVAIL":
			return lsblkSize(d.Avail * 1024), true
		}
		if d.Total == 0 {
			return "0%", true
		}
		return fmt.Sprintf("%d%%", (d.Used*100+d.Total-1)/d.Total), true
	}
	return "", false
}

func findmntCmd(p *shell.Proc) int {
	g := progkit.Getopt{Short: "no:lrDt:T:sumkFJfuVPM:A", Long: []string{"noheadings=n", "output:=o", "list=l", "raw=r", "df=D", "types:=t",
		"target:=T", "fstab=s", "mtab=m", "kernel=k", "json=J", "first-only=f", "notruncate=u", "version=V", "pairs=P",
		"mountpoint:=M", "all=A"}, NotEmulated: []string{"F"}}
	c, code, ok := g.Parse(p, p.Args())
	if !ok {
		return code
	}
	if c.Has("V") {
		return progkit.UtilLinuxVersion(p)
	}
	cols := []string{"TARGET", "SOURCE", "FSTYPE", "OPTIONS"}
	if c.Has("D") {
		cols = []string{"SOURCE", "FSTYPE", "SIZE", "USED", "AVAIL", "USE%", "TARGET"}
	}
	if v, ok := c.Value("o"); ok {
		cols = strings.Split(strings.ToUpper(v), ",")
	}
	for _, col := range cols {
		if _, ok := findmntColumn(p, mountEntry{}, col); !ok {
			return p.Fail(1, "unknown column: %s", col)
		}
	}
	mounts := kernelMounts(p)
	if c.Has("s") {
		mounts = fstabMounts(p)
	}
	only, _ := c.Value("t")
	keep := mountTypeFilter(only)
	var selected []mountEntry
	targets := c.Operands
	if m, ok := c.Value("M"); ok {
		targets = append(targets, m)
	}
	if t, ok := c.Value("T"); ok {
		real, err := p.M.FS.Realpath(p.Cred(), p.Abs(t))
		if err != nil {
			real = p.Abs(t)
		}
		targets = []string{findmntMountOf(mounts, real)}
	}
	for _, m := range mounts {
		if !keep(m.FSType) {
			continue
		}
		// --df leaves out the filesystems that hold no blocks (proc, sysfs,
		// devpts...) unless --all asks for them.
		if c.Has("D") && !c.Has("A") && (progkit.DummyFS[m.FSType] || findmntNoBlocks[m.FSType]) {
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
		if len(targets) > 0 || c.Has("s") { // an fstab with no entries is "nothing found"
			return 1
		}
		return 0 // a filter that matches nothing is no error
	}
	flat := c.Has("l") || c.Has("r") || c.Has("P") || c.Has("s") || len(targets) > 0 || only != "" || c.Has("D")
	if !flat {
		selected = findmntTreeOrder(selected)
	}
	if c.Has("J") {
		findmntJSON(p, cols, selected, flat)
		return 0
	}
	if c.Has("P") {
		for _, m := range selected {
			row := make([]string, len(cols))
			for i, col := range cols {
				row[i], _ = findmntColumn(p, m, col)
			}
			smartcolsPairs(p, cols, row)
		}
		return 0
	}
	rows := [][]string{}
	if !c.Has("n") {
		rows = append(rows, cols)
	}
	for _, m := range selected {
		var row []string
		for _, col := range cols {
			v, _ := findmntColumn(p, m, col)
			if col == "TARGET" && !flat && m.Path != "/" {
				v = findmntTree(mountsOf(selected), m.Mount) + v
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
	utilLinuxTable(p, cols, rows, findmntRightAligned, nil)
	return 0
}

// findmntRightAligned are the columns findmnt aligns right.
var findmntRightAligned = map[string]bool{"SIZE": true, "USED": true, "AVAIL": true, "USE%": true}

// utilLinuxTable prints rows as util-linux lays out its tables: a column as
// wide as its widest cell and at least its minWidths, padded on the left
// where rightAligned says, on the right elsewhere, and a row's last cell not
// padded.
func utilLinuxTable(p *shell.Proc, cols []string, rows [][]string, rightAligned map[string]bool, minWidths map[string]int) {
	widths := make([]int, len(cols))
	for i, col := range cols {
		widths[i] = minWidths[col]
	}
	for _, row := range rows {
		for i, v := range row {
			widths[i] = max(widths[i], len(v))
		}
	}
	for _, row := range rows {
		var b strings.Builder
		for i, v := range row {
			switch {
			case i == len(row)-1:
				b.WriteString(v)
			case rightAligned[cols[i]]:
				fmt.Fprintf(&b, "%*s ", widths[i], v)
			default:
				fmt.Fprintf(&b, "%-*s ", widths[i], v)
			}
		}
		p.Printf("%s\n", b.String())
	}
}

func mountsOf(entries []mountEntry) []vfs.Mount {
	out := make([]vfs.Mount, len(entries))
	for i, e := range entries {
		out[i] = e.Mount
	}
	return out
}

// findmntTreeOrder puts the table in its tree's order: the root, then each
// mount's children after it, each level in the table's order.
func findmntTreeOrder(entries []mountEntry) []mountEntry {
	parentOf := func(e mountEntry) string {
		if e.Path == "/" {
			return ""
		}
		best := ""
		for _, o := range entries {
			if o.Path != e.Path && (o.Path == "/" || strings.HasPrefix(e.Path, o.Path+"/")) && len(o.Path) > len(best) {
				best = o.Path
			}
		}
		return best
	}
	var out []mountEntry
	var visit func(parent string)
	visit = func(parent string) {
		for _, e := range entries {
			if parentOf(e) == parent && (parent != "" || e.Path == "/") {
				out = append(out, e)
				visit(e.Path)
			}
		}
	}
	visit("")
	return out
}

// findmntMountOf is the target of the mount holding p: the longest mount
// path that is p or a parent of it.
func findmntMountOf(mounts []mountEntry, p string) string {
	best := "/"
	for _, m := range mounts {
		if (p == m.Path || strings.HasPrefix(p, strings.TrimSuffix(m.Path, "/")+"/")) && len(m.Path) > len(best) {
			best = m.Path
		}
	}
	return best
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

// lsblkColumns are the columns lsblk knows (util-linux 2.38), with whether
// each is right-aligned; identity and udev columns the host has no data for
// print empty, as in a container without udev.
var lsblkColumns = map[string]bool{
	"NAME": false, "KNAME": false, "PATH": false, "MAJ:MIN": false, "RM": true, "SIZE": true, "RO": true,
	"TYPE": false, "MOUNTPOINT": false, "MOUNTPOINTS": false, "FSTYPE": false, "UUID": false, "LABEL": false,
	"PARTUUID": false, "PARTLABEL": false, "MODEL": false, "SERIAL": false, "PKNAME": false, "FSUSE%": true,
}

func lsblkCmd(p *shell.Proc) int {
	g := progkit.Getopt{Short: "ndlbpro:JfPVx:h", Long: []string{"nodeps=n", "noheadings=n", "list=l", "bytes=b", "paths=p", "raw=r",
		"output:=o", "json=J", "fs=f", "pairs=P", "version=V", "sort:=x", "help=h"}}
	c, code, ok := g.Parse(p, p.Args())
	if !ok {
		return code
	}
	if c.Has("h") {
		return utilLinuxHelp(p, "lsblk")
	}
	if c.Has("V") {
		return progkit.UtilLinuxVersion(p)
	}
	mountpoints := "MOUNTPOINTS" // 2.37's column, which lists every mount of a device
	if !p.M.P.VersionAtLeast("util-linux", "2.37") {
		mountpoints = "MOUNTPOINT"
	}
	cols := []string{"NAME", "MAJ:MIN", "RM", "SIZE", "RO", "TYPE", mountpoints}
	if c.Has("f") {
		cols = []string{"NAME", "FSTYPE", "FSVER", "LABEL", "UUID", "FSAVAIL", "FSUSE%", mountpoints}
	}
	if v, ok := c.Value("o"); ok {
		cols = strings.Split(strings.ToUpper(v), ",")
	}
	sortBy, sorted := c.Value("x")
	for _, col := range append(slices.Clone(cols), sortBy) {
		if col == "" && col == sortBy {
			continue
		}
		if _, known := lsblkColumns[col]; !known && col != "FSVER" && col != "FSAVAIL" {
			p.Errorf("unknown column: %s", col)
			if sorted && col == sortBy {
				fmt.Fprintf(p.Stderr, "Try '%s --help' for more information.\n", p.Name())
			}
			return 1
		}
	}
	devices := p.M.BlockDevices()
	status := 0
	if ops := c.Operands; len(ops) > 0 {
		var chosen []machine.BlockDevice
		for _, op := range ops {
			i := slices.IndexFunc(devices, func(d machine.BlockDevice) bool { return "/dev/"+d.Name == path.Clean(op) })
			if i < 0 {
				p.Errorf("%s: not a block device", op)
				status = 32
				continue
			}
			chosen = append(chosen, devices[i])
			for _, d := range devices {
				if d.Parent == devices[i].Name {
					chosen = append(chosen, d)
				}
			}
		}
		if len(chosen) == 0 && !c.Has("J") {
			return status
		}
		devices = chosen
	}
	if c.Has("d") {
		devices = slices.DeleteFunc(devices, func(d machine.BlockDevice) bool { return d.Type != "disk" })
	}
	if sorted {
		devices = slices.Clone(devices)
		slices.SortStableFunc(devices, func(a, b machine.BlockDevice) int {
			if sortBy == "SIZE" {
				return cmp.Compare(a.SizeBytes, b.SizeBytes)
			}
			return strings.Compare(lsblkValue(c, a, sortBy), lsblkValue(c, b, sortBy))
		})
	}
	var rows [][]string
	for _, d := range devices {
		row := make([]string, len(cols))
		for i, col := range cols {
			row[i] = lsblkValue(c, d, col)
		}
		rows = append(rows, row)
	}
	switch {
	case c.Has("J"):
		lsblkJSON(p, c, cols, devices, rows, !c.Has("l", "d") && !sorted)
		return status
	case c.Has("P"):
		for _, r := range rows {
			smartcolsPairs(p, cols, r)
		}
		return status
	case c.Has("r"):
		if !c.Has("n") {
			rows = append([][]string{cols}, rows...)
		}
		for _, r := range rows {
			p.Printf("%s\n", strings.Join(r, " "))
		}
		return status
	}
	// the tree's ASCII branches in the C locale: a partition under its disk
	if !c.Has("l") && !c.Has("d") && !sorted && len(cols) > 0 && cols[0] == "NAME" {
		for i, d := range devices {
			if d.Type != "part" {
				continue
			}
			last := i == len(devices)-1 || devices[i+1].Parent != d.Parent
			if last {
				rows[i][0] = "`-" + rows[i][0]
			} else {
				rows[i][0] = "|-" + rows[i][0]
			}
		}
	}
	if !c.Has("n") {
		rows = append([][]string{cols}, rows...)
	}
	utilLinuxTable(p, cols, rows, lsblkColumns, map[string]int{"SIZE": 5}) // util-linux keeps SIZE five wide
	return status
}

// lsblkValue is a device's cell in a column.
func lsblkValue(c progkit.Cmdline, d machine.BlockDevice, col string) string {
	switch col {
	case "NAME":
		if c.Has("p") {
			return "/dev/" + d.Name
		}
		return d.Name
	case "KNAME":
		return d.Name
	case "PATH":
		return "/dev/" + d.Name
	case "PKNAME":
		return d.Parent
	case "MAJ:MIN":
		return fmt.Sprintf("%d:%d", d.Major, d.Minor)
	case "RM", "RO":
		return "0"
	case "SIZE":
		if c.Has("b") {
			return fmt.Sprint(d.SizeBytes)
		}
		return lsblkSize(d.SizeBytes)
	case "TYPE":
		return d.Type
	case "MOUNTPOINT", "MOUNTPOINTS":
		return d.MountPoint
	case "FSTYPE":
		return d.FSType
	}
	return ""
}

// lsblkJSON prints the devices as -J does: RM and RO booleans, SIZE a
// number with -b, MOUNTPOINTS an array; as a tree (partitions in their
// disk's "children") unless the output is a list.
func lsblkJSON(p *shell.Proc, c progkit.Cmdline, cols []string, devices []machine.BlockDevice, rows [][]string, tree bool) {
	made := make([]*jsonRow, len(devices))
	for i, row := range rows {
		r := &jsonRow{}
		for j, col := range cols {
			cell := jsonCell{key: strings.ToLower(col), value: row[j]}
			switch {
			case col == "RM" || col == "RO":
				cell.kind = jsonBool
			case col == "SIZE" && c.Has("b"):
				cell.kind = jsonNumber
			case col == "MOUNTPOINTS":
				cell.kind = jsonArray
				if row[j] != "" {
					cell.list = []string{row[j]}
				}
			}
			r.cells = append(r.cells, cell)
		}
		made[i] = r
	}
	var top []*jsonRow
	for i, d := range devices {
		parent := -1
		if tree && d.Parent != "" {
			parent = slices.IndexFunc(devices, func(o machine.BlockDevice) bool { return o.Name == d.Parent })
		}
		if parent < 0 {
			top = append(top, made[i])
			continue
		}
		made[parent].children = append(made[parent].children, made[i])
	}
	smartcolsJSON(p, "blockdevices", top)
}

// findmntNoBlocks are the kernel's filesystems besides progkit.DummyFS that
// statfs finds no blocks in, which findmnt --df leaves out.
var findmntNoBlocks = map[string]bool{"devpts": true, "mqueue": true, "cgroup": true, "cgroup2": true}

// fstabMounts are the entries of the host's /etc/fstab, as findmnt --fstab
// reads them: comments and blank lines skipped, options "defaults" when left out.
func fstabMounts(p *shell.Proc) []mountEntry {
	data, err := p.M.FS.ReadFile(p.Cred(), "/etc/fstab")
	if err != nil {
		return nil
	}
	var out []mountEntry
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 || strings.HasPrefix(f[0], "#") {
			continue
		}
		e := mountEntry{Mount: vfs.Mount{Device: f[0], Path: f[1]}, options: "defaults"}
		if len(f) > 2 {
			e.FSType = f[2]
		}
		if len(f) > 3 {
			e.options = f[3]
		}
		out = append(out, e)
	}
	return out
}

// findmntJSON prints the mounts as -J does, each mount's submounts in its
// "children" unless the output is flat.
func findmntJSON(p *shell.Proc, cols []string, entries []mountEntry, flat bool) {
	made := make([]*jsonRow, len(entries))
	for i, m := range entries {
		r := &jsonRow{}
		for _, col := range cols {
			v, _ := findmntColumn(p, m, col)
			r.cells = append(r.cells, jsonCell{key: strings.ToLower(col), value: v})
		}
		made[i] = r
	}
	var top []*jsonRow
	for i, m := range entries {
		parent := -1
		if !flat && m.Path != "/" {
			best := ""
			for j, o := range entries {
				if o.Path != m.Path && (o.Path == "/" || strings.HasPrefix(m.Path, o.Path+"/")) && len(o.Path) > len(best) {
					best, parent = o.Path, j
				}
			}
		}
		if parent < 0 {
			top = append(top, made[i])
			continue
		}
		made[parent].children = append(made[parent].children, made[i])
	}
	smartcolsJSON(p, "filesystems", top)
}
