package storage

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/shell"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

func init() {
	for _, name := range []string{"pvs", "vgs", "lvs"} {
		shell.Register(shell.Command{Name: name, Sbin: true, Only: "gnu", Run: lvmReport})
	}
	shell.Register(shell.Command{Name: "lvm", Sbin: true, Only: "gnu", Run: lvm})
}

// lvm is the multi-call binary pvs, vgs and lvs link to; vdsm runs
// `lvm pvs ...` through sudo.
func lvm(p *shell.Proc) int {
	args := p.Args()
	if len(args) == 0 {
		fmt.Fprintln(p.Stderr, "  No command given.  Try 'help'.")
		return 3
	}
	switch args[0] {
	case "pvs", "vgs", "lvs":
		sub := *p
		sub.Argv = args
		return lvmReport(&sub)
	case "version":
		p.Printf("%s", lvmVersion(p))
		return 0
	}
	fmt.Fprintf(p.Stderr, "  No such command '%s'.  Try 'help'.\n", args[0])
	return 3
}

// lvmExtent is the extent size lvm2 uses by default; a PV's metadata area
// is 1020 KiB, about half of it free.
const (
	lvmExtent  = 4 << 20
	lvmMdaSize = 1020 << 10
	lvmMdaFree = 509 << 10
)

// lvmRow is one object of a report with the objects it belongs to.
type lvmRow struct {
	pv *machine.PV
	vg *lvmVG
	lv *machine.LV
}

// lvmVG is a volume group with the totals of its PVs and LVs.
type lvmVG struct {
	machine.VG
	size, free       int64
	pvCount, lvCount int
}

// lvmField is a report column as lvm2's columns.h defines it: id, heading,
// minimum width (0: the heading's), right alignment for numbers and sizes.
type lvmField struct {
	kind        string // the object it reports on: "pv", "vg", "lv"
	id, heading string
	width       int
	right       bool
	size        func(r lvmRow) int64 // set for size columns, printed in --units
	text        func(r lvmRow) string
}

func lvmConst(s string) func(lvmRow) string { return func(lvmRow) string { return s } }

func lvmNum(f func(lvmRow) int64) func(lvmRow) string {
	return func(r lvmRow) string { return strconv.FormatInt(f(r), 10) }
}

// lvmFields are the columns each report knows, by report type.
var lvmFields = map[string][]lvmField{
	"pv": {
		{id: "pv_name", heading: "PV", width: 10, text: func(r lvmRow) string { return r.pv.Name }},
		{id: "pv_fmt", heading: "Fmt", text: lvmConst("lvm2")},
		{id: "pv_uuid", heading: "PV UUID", width: 38, text: func(r lvmRow) string { return r.pv.UUID }},
		{id: "dev_size", heading: "DevSize", right: true, size: func(r lvmRow) int64 { return r.pv.Size }},
		{id: "pv_size", heading: "PSize", right: true, size: func(r lvmRow) int64 { return r.pv.Size }},
		{id: "pv_free", heading: "PFree", right: true, size: func(r lvmRow) int64 { return r.pv.Free }},
		{id: "pv_used", heading: "Used", right: true, size: func(r lvmRow) int64 { return r.pv.Size - r.pv.Free }},
		{id: "pv_attr", heading: "Attr", text: func(r lvmRow) string {
			if r.pv.VG == "" {
				return "---"
			}
			return "a--"
		}},
		{id: "pv_pe_count", heading: "PE", width: 3, right: true, text: lvmNum(func(r lvmRow) int64 { return r.pv.Size / lvmExtent })},
		{id: "pv_pe_alloc_count", heading: "Alloc", right: true, text: lvmNum(func(r lvmRow) int64 { return (r.pv.Size - r.pv.Free) / lvmExtent })},
		{id: "pv_tags", heading: "PV Tags", text: lvmConst("")},
		{id: "pv_mda_count", heading: "#PMda", right: true, text: lvmConst("1")},
		{id: "pv_mda_used_count", heading: "#PMdaUse", right: true, text: lvmConst("1")},
		{id: "pv_mda_size", heading: "PMdaSize", width: 9, right: true, size: func(lvmRow) int64 { return lvmMdaSize }},
		{id: "pv_mda_free", heading: "PMdaFree", width: 9, right: true, size: func(lvmRow) int64 { return lvmMdaFree }},
		{id: "pe_start", heading: "1st PE", width: 7, right: true, size: func(lvmRow) int64 { return 1 << 20 }},
	},
	"vg": {
		{id: "vg_name", heading: "VG", text: func(r lvmRow) string { return r.vg.Name }},
		{id: "vg_fmt", heading: "Fmt", text: lvmConst("lvm2")},
		{id: "vg_uuid", heading: "VG UUID", width: 38, text: func(r lvmRow) string { return r.vg.UUID }},
		{id: "vg_attr", heading: "Attr", width: 5, text: lvmConst("wz--n-")},
		{id: "vg_size", heading: "VSize", right: true, size: func(r lvmRow) int64 { return r.vg.size }},
		{id: "vg_free", heading: "VFree", right: true, size: func(r lvmRow) int64 { return r.vg.free }},
		{id: "vg_extent_size", heading: "Ext", right: true, size: func(lvmRow) int64 { return lvmExtent }},
		{id: "vg_extent_count", heading: "#Ext", right: true, text: lvmNum(func(r lvmRow) int64 { return r.vg.size / lvmExtent })},
		{id: "vg_free_count", heading: "Free", right: true, text: lvmNum(func(r lvmRow) int64 { return r.vg.free / lvmExtent })},
		{id: "pv_count", heading: "#PV", right: true, text: lvmNum(func(r lvmRow) int64 { return int64(r.vg.pvCount) })},
		{id: "lv_count", heading: "#LV", right: true, text: lvmNum(func(r lvmRow) int64 { return int64(r.vg.lvCount) })},
		{id: "snap_count", heading: "#SN", right: true, text: lvmConst("0")},
		{id: "vg_tags", heading: "VG Tags", text: lvmConst("")},
		{id: "vg_mda_count", heading: "#VMda", right: true, text: lvmConst("1")},
		{id: "vg_mda_size", heading: "VMdaSize", width: 9, right: true, size: func(lvmRow) int64 { return lvmMdaSize }},
		{id: "vg_mda_free", heading: "VMdaFree", width: 9, right: true, size: func(lvmRow) int64 { return lvmMdaFree }},
	},
	"lv": {
		{id: "lv_name", heading: "LV", width: 4, text: func(r lvmRow) string { return r.lv.Name }},
		{id: "lv_full_name", heading: "LV", width: 4, text: func(r lvmRow) string { return r.lv.VG + "/" + r.lv.Name }},
		{id: "lv_path", heading: "Path", text: func(r lvmRow) string { return "/dev/" + r.lv.VG + "/" + r.lv.Name }},
		{id: "lv_dm_path", heading: "DMPath", text: func(r lvmRow) string {
			esc := func(s string) string { return strings.ReplaceAll(s, "-", "--") }
			return "/dev/mapper/" + esc(r.lv.VG) + "-" + esc(r.lv.Name)
		}},
		{id: "lv_uuid", heading: "LV UUID", width: 38, text: func(r lvmRow) string { return r.lv.UUID }},
		{id: "lv_attr", heading: "Attr", text: func(r lvmRow) string {
			if r.lv.Attr == "" {
				return "-wi-ao----"
			}
			return r.lv.Attr
		}},
		{id: "lv_size", heading: "LSize", right: true, size: func(r lvmRow) int64 { return r.lv.Size }},
		{id: "pool_lv", heading: "Pool", text: lvmConst("")},
		{id: "origin", heading: "Origin", text: lvmConst("")},
		{id: "data_percent", heading: "Data%", width: 6, right: true, text: lvmConst("")},
		{id: "metadata_percent", heading: "Meta%", width: 6, right: true, text: lvmConst("")},
		{id: "move_pv", heading: "Move", text: lvmConst("")},
		{id: "mirror_log", heading: "Log", text: lvmConst("")},
		{id: "copy_percent", heading: "Cpy%Sync", right: true, text: lvmConst("")},
		{id: "sync_percent", heading: "Cpy%Sync", right: true, text: lvmConst("")},
		{id: "convert_lv", heading: "Convert", text: lvmConst("")},
		{id: "lv_tags", heading: "LV Tags", text: lvmConst("")},
		{id: "segtype", heading: "Type", text: lvmConst("linear")},
		{id: "seg_count", heading: "#Seg", right: true, text: lvmConst("1")},
		{id: "lv_active", heading: "Active", text: lvmConst("active")},
	},
}

// lvmReports are what each command reports, its default columns and the
// field types it may show.
var lvmReports = map[string]struct {
	kind, columns string
	types         []string
}{
	"pvs": {"pv", "pv_name,vg_name,pv_fmt,pv_attr,pv_size,pv_free", []string{"pv", "vg"}},
	"vgs": {"vg", "vg_name,pv_count,lv_count,snap_count,vg_attr,vg_size,vg_free", []string{"vg"}},
	"lvs": {"lv", "lv_name,vg_name,lv_attr,lv_size,pool_lv,origin,data_percent,metadata_percent,move_pv,mirror_log,copy_percent,convert_lv", []string{"lv", "vg"}},
}

// lvmOpts are the reporting options of pvs, vgs and lvs.
type lvmOpts struct {
	columns                             []string
	units                               byte
	suffix, headings, aligned, prefixes bool
	quoted, json, separatorSet          bool
	separator                           string
	names                               []string
}

// lvmReport is pvs, vgs and lvs (lvm2 2.03.16) over the host's LVM data:
// root only, aligned columns, human sizes with lvm's "<" for a value rounded
// up, --units, --nosuffix, --noheadings, --separator, -o, --nameprefixes and
// --reportformat json. A host without LVM data prints nothing.
func lvmReport(p *shell.Proc) int {
	rep := lvmReports[p.Name()]
	o, code := lvmParse(p, rep.columns)
	if code >= 0 {
		return code
	}
	if p.User.UID != 0 {
		fmt.Fprint(p.Stderr, "  WARNING: Running as a non-root user. Functionality may be unavailable.\n  /run/lock/lvm/P_global:aux: open failed: Permission denied\n")
		return 5
	}
	var fields []lvmField
	for _, c := range o.columns {
		f, ok := lvmLookupField(c, rep.kind, rep.types)
		if !ok {
			fmt.Fprintf(p.Stderr, "  Unrecognised field: %s\n", c)
			return 3
		}
		fields = append(fields, f)
	}
	var rows []lvmRow
	if info, err := p.M.FS.Stat(vfs.Root, "/sys"); err != nil || !info.Mode.IsDir() {
		// without sysfs lvm2 sees no devices at all (FACTS: a bare container)
		fmt.Fprintln(p.Stderr, "  Failed to find sysfs mount point")
	} else if rows, code = lvmRows(p, rep.kind, o.names); code != 0 {
		return code
	}
	table := make([][]string, len(rows))
	for i, r := range rows {
		for _, f := range fields {
			v := ""
			switch {
			case f.kind == "vg" && r.vg.Name == "": // an orphan PV has no VG
			case f.size != nil:
				v = lvmSize(f.size(r), o.units, o.suffix)
			default:
				v = f.text(r)
			}
			table[i] = append(table[i], v)
		}
	}
	if o.json {
		lvmPrintJSON(p, rep.kind, fields, table)
	} else {
		lvmPrintTable(p, o, fields, table)
	}
	return 0
}

// lvmParse reads the options; it returns -1, or the exit status after an
// error or --version.
func lvmParse(p *shell.Proc, defaults string) (lvmOpts, int) {
	o := lvmOpts{units: 'r', suffix: true, headings: true, quoted: true, separator: " "}
	o.columns = strings.Split(defaults, ",")
	replaced, alignedSet := false, false
	args := p.Args()
	withArg := map[string]bool{"-o": true, "--options": true, "--units": true, "--separator": true,
		"--reportformat": true, "-O": true, "--sort": true, "-S": true, "--select": true, "--config": true}
	for i := 0; i < len(args); i++ {
		a := args[i]
		name, val, hasVal := strings.Cut(a, "=")
		if !strings.HasPrefix(a, "--") {
			name, hasVal = a, false
			if len(a) > 2 && a[0] == '-' && withArg[a[:2]] {
				name, val, hasVal = a[:2], a[2:], true
			}
		}
		if withArg[name] && !hasVal {
			if i+1 == len(args) {
				fmt.Fprintf(p.Stderr, "%s: option '%s' requires an argument\n  Error during parsing of command line.\n", p.Prog(), name)
				return o, 3
			}
			i++
			val = args[i]
		}
		switch name {
		case "-o", "--options":
			cols := strings.Split(strings.TrimPrefix(val, "+"), ",")
			if !strings.HasPrefix(val, "+") && !replaced {
				o.columns, replaced = nil, true
			}
			o.columns = append(o.columns, cols...)
		case "--units":
			if len(val) != 1 || !strings.Contains("hHrRbBsSkKmMgGtTpPeE", val) {
				fmt.Fprintln(p.Stderr, "  Invalid units specification")
				return o, 3
			}
			o.units = val[0]
		case "--separator":
			o.separator, o.separatorSet = val, true
		case "--reportformat":
			switch val {
			case "json":
				o.json = true
			case "basic":
			default:
				fmt.Fprintf(p.Stderr, "  Unknown report format %s.\n", val)
				return o, 3
			}
		case "--nosuffix":
			o.suffix = false
		case "--noheadings":
			o.headings = false
		case "--aligned":
			alignedSet = true
		case "--nameprefixes":
			o.prefixes = true
		case "--unquoted":
			o.quoted = false
		case "--version":
			p.Printf("%s", lvmVersion(p))
			return o, 0
		case "-a", "--all", "--readonly", "-v", "-q", "--binary", "--rows", "-P", "--partial",
			"--ignorelockingfailure", "--ignoreskippedcluster", "--nolocking", "-O", "--sort", "-S", "--select", "--config", "--foreign", "--shared":
		default:
			if strings.HasPrefix(a, "-") {
				if strings.HasPrefix(a, "--") {
					fmt.Fprintf(p.Stderr, "%s: unrecognized option '%s'\n", p.Prog(), a)
				} else {
					fmt.Fprintf(p.Stderr, "%s: invalid option -- '%s'\n", p.Prog(), a[1:2])
				}
				fmt.Fprintln(p.Stderr, "  Error during parsing of command line.")
				return o, 3
			}
			o.names = append(o.names, a)
		}
	}
	o.aligned = alignedSet || !o.separatorSet && !o.prefixes
	return o, -1
}

// lvmVersion is `lvm version` as the personality's lvm2 prints it, with the
// kernel's device-mapper driver after the library.
func lvmVersion(p *shell.Proc) string {
	var out strings.Builder
	for _, line := range strings.SplitAfter(p.M.P.Texts["lvm-version"], "\n") {
		out.WriteString(line)
		if strings.HasPrefix(line, "  Library version:") {
			fmt.Fprintf(&out, "  Driver version:  %s\n", p.M.P.Version("dm-driver"))
		}
	}
	return out.String()
}

// lvmLookupField finds a column by id, case-insensitively, allowing the
// report's prefix to be left out ("name" is pv_name in pvs).
func lvmLookupField(name, kind string, types []string) (lvmField, bool) {
	name = strings.ToLower(name)
	for _, cand := range []string{name, kind + "_" + name, "vg_" + name} {
		for _, t := range types {
			for _, f := range lvmFields[t] {
				if f.id == cand {
					f.kind = t
					return f, true
				}
			}
		}
	}
	return lvmField{}, false
}

// lvmRows are the report's objects, sorted as lvm2 sorts them, restricted to
// the names given on the command line.
func lvmRows(p *shell.Proc, kind string, names []string) ([]lvmRow, int) {
	d := p.M.Desc.LVM
	vgs := map[string]*lvmVG{}
	for _, vg := range d.VGs {
		v := &lvmVG{VG: vg}
		for _, pv := range d.PVs {
			if pv.VG == vg.Name {
				v.size, v.free, v.pvCount = v.size+pv.Size, v.free+pv.Free, v.pvCount+1
			}
		}
		for _, lv := range d.LVs {
			if lv.VG == vg.Name {
				v.lvCount++
			}
		}
		vgs[vg.Name] = v
	}
	var rows []lvmRow
	switch kind {
	case "pv":
		for i := range d.PVs {
			vg := vgs[d.PVs[i].VG]
			if vg == nil {
				vg = &lvmVG{}
			}
			rows = append(rows, lvmRow{pv: &d.PVs[i], vg: vg})
		}
	case "vg":
		for _, vg := range d.VGs {
			rows = append(rows, lvmRow{vg: vgs[vg.Name]})
		}
	case "lv":
		for i := range d.LVs {
			rows = append(rows, lvmRow{lv: &d.LVs[i], vg: vgs[d.LVs[i].VG]})
		}
	}
	key := func(r lvmRow) string {
		switch kind {
		case "pv":
			return r.pv.Name
		case "vg":
			return r.vg.Name
		}
		return r.lv.VG + "\x00" + r.lv.Name
	}
	if len(names) == 0 {
		return lvmSorted(rows, key), 0
	}
	var out []lvmRow
	for _, n := range names {
		n = strings.TrimPrefix(n, "/dev/")
		matched := false
		for _, r := range rows {
			var hit bool
			switch kind {
			case "pv":
				hit = r.pv.Name == "/dev/"+n
			case "vg":
				hit = r.vg.Name == n
			case "lv":
				vg, lv, one := strings.Cut(n, "/")
				hit = r.lv.VG == vg && (!one || r.lv.Name == lv)
			}
			if hit && !slices.ContainsFunc(out, func(x lvmRow) bool { return key(x) == key(r) }) {
				out = append(out, r)
			}
			matched = matched || hit
		}
		if !matched {
			return nil, lvmNotFound(p, kind, n, vgs)
		}
	}
	return lvmSorted(out, key), 0
}

func lvmSorted(rows []lvmRow, key func(lvmRow) string) []lvmRow {
	slices.SortStableFunc(rows, func(a, b lvmRow) int { return strings.Compare(key(a), key(b)) })
	return rows
}

func lvmNotFound(p *shell.Proc, kind, name string, vgs map[string]*lvmVG) int {
	vg, lv, one := strings.Cut(name, "/")
	switch {
	case kind == "pv":
		fmt.Fprintf(p.Stderr, "  Failed to find physical volume \"/dev/%s\".\n", name)
	case kind == "lv" && one && vgs[vg] != nil:
		fmt.Fprintf(p.Stderr, "  Failed to find logical volume \"%s/%s\"\n", vg, lv)
	default:
		fmt.Fprintf(p.Stderr, "  Volume group \"%s\" not found\n  Cannot process volume group %s\n", vg, vg)
	}
	return 5
}

// lvmSize is libdevmapper's dm_size_to_string for a report: human units
// (h, r; H, R in powers of 1000) pick the largest unit and, for r, mark a
// value that %.2f rounds up with "<"; other units divide by their factor,
// lower case in powers of 1024, upper case in powers of 1000, b and s whole.
func lvmSize(size int64, unit byte, suffix bool) string {
	human := strings.IndexByte("hHrR", unit) >= 0
	if size == 0 {
		switch {
		case !suffix:
			return "0"
		case human:
			return "0 "
		case unit == 'b' || unit == 'B':
			return "0B"
		case unit == 's' || unit == 'S':
			return "0S"
		}
		return "0" + string(unit)
	}
	var factor float64
	char, prefix := string(unit), ""
	if human {
		base, chars := 1024.0, "eptgmkb"
		if unit == 'H' || unit == 'R' {
			base, chars = 1000, "EPTGMKB"
		}
		factor = math.Pow(base, 6)
		s := 0
		for s < 6 && float64(size) < factor {
			factor /= base
			s++
		}
		char, suffix = chars[s:s+1], true
		if s < 6 && (unit == 'r' || unit == 'R') {
			if d := 100 * float64(size) / factor; math.Floor(d) != math.RoundToEven(d) {
				prefix = "<"
			}
		}
	} else {
		powers := map[byte]float64{'b': 0, 'k': 1, 'm': 2, 'g': 3, 't': 4, 'p': 5, 'e': 6}
		lower := unit | 0x20
		base := 1024.0
		if unit != lower {
			base = 1000
		}
		factor = math.Pow(base, powers[lower])
		switch lower {
		case 'b':
			factor, char = 1, "B"
		case 's':
			factor, char = 512, "S"
		}
	}
	precision := 2
	if char == "B" || char == "b" || char == "S" {
		precision = 0
	}
	out := prefix + strconv.FormatFloat(float64(size)/factor, 'f', precision, 64)
	if suffix {
		out += char
	}
	return out
}

// lvmPrintTable prints the rows as lvm2's log_print does, two spaces first:
// aligned columns (names left, numbers right, headings left), or fields
// joined by the separator, optionally as LVM2_FIELD='value'.
func lvmPrintTable(p *shell.Proc, o lvmOpts, fields []lvmField, table [][]string) {
	if len(table) == 0 {
		return
	}
	widths := make([]int, len(fields))
	for j, f := range fields {
		widths[j] = max(f.width, len(f.heading))
		for _, row := range table {
			widths[j] = max(widths[j], len(row[j]))
		}
	}
	cell := func(j int, s string, right bool) string {
		if !o.aligned {
			return s
		}
		if right {
			return fmt.Sprintf("%*s", widths[j], s)
		}
		return fmt.Sprintf("%-*s", widths[j], s)
	}
	if o.headings {
		var hs []string
		for j, f := range fields {
			hs = append(hs, cell(j, f.heading, false))
		}
		p.Printf("  %s\n", strings.Join(hs, o.separator))
	}
	for _, row := range table {
		var cs []string
		for j, f := range fields {
			v := cell(j, row[j], f.right)
			if o.prefixes {
				q := "'"
				if !o.quoted {
					q = ""
				}
				v = "LVM2_" + strings.ToUpper(f.id) + "=" + q + v + q
			}
			cs = append(cs, v)
		}
		p.Printf("  %s\n", strings.Join(cs, o.separator))
	}
}

// lvmPrintJSON prints --reportformat json exactly as lvm2 2.03 lays it out.
func lvmPrintJSON(p *shell.Proc, kind string, fields []lvmField, table [][]string) {
	esc := strings.NewReplacer(`\`, `\\`, `"`, `\"`)
	var rows []string
	for _, row := range table {
		var kv []string
		for j, f := range fields {
			kv = append(kv, fmt.Sprintf(`"%s":"%s"`, f.id, esc.Replace(row[j])))
		}
		rows = append(rows, "                  {"+strings.Join(kv, ", ")+"}")
	}
	body := ""
	if len(rows) > 0 {
		body = strings.Join(rows, ",\n") + "\n"
	}
	p.Printf("  {\n      \"report\": [\n          {\n              \"%s\": [\n%s              ]\n          }\n      ]\n  }\n", kind, body)
}
