package files

import (
	"fmt"
	"io/fs"
	"math"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

func init() {
	shell.Register(shell.Command{Name: "du", Run: du})
	shell.Register(shell.Command{Name: "df", Run: df})
}

var duSyntax = fsSyntax{
	opts: []fsOpt{
		{'s', "summarize", fsNoArg}, {'h', "human-readable", fsNoArg}, {'k', "", fsNoArg}, {'m', "", fsNoArg},
		{'a', "all", fsNoArg}, {'c', "total", fsNoArg}, {'b', "bytes", fsNoArg}, {0, "apparent-size", fsNoArg},
		{'d', "max-depth", fsArg}, {'x', "one-file-system", fsNoArg}, {'L', "dereference", fsNoArg},
		{'P', "no-dereference", fsNoArg}, {'S', "separate-dirs", fsNoArg}, {'H', "", fsNoArg},
		{'o', "", fsNoArg}, {'r', "", fsNoArg}, {'B', "block-size", fsArg},
	},
	solOpts:  "adhkrosHL",
	solUsage: "usage: du [-a] [-d] [-h|-k] [-r] [-o|-s] [-H|-L] [file...]\n",
}

// du sums the disk space files take: whole 4 KiB blocks per file, as ext4
// allocates, each hard-linked file once.
func du(p *shell.Proc) int {
	parsed, code, ok := fsParse(p, p.Args(), duSyntax)
	if !ok {
		return code
	}
	d := &duRun{p: p, seen: map[uint64]bool{}, maxDepth: math.MaxInt, unit: blockSize{unit: 1024}}
	if p.Solaris() {
		d.unit = blockSize{unit: 512}
	}
	for _, f := range parsed.flags {
		switch f.key {
		case "s":
			d.summarize = true
		case "a":
			d.all = true
		case "h":
			d.human = true
		case "k":
			d.unit, d.human = blockSize{unit: 1024}, false
		case "m":
			d.unit, d.human = blockSize{unit: 1 << 20}, false
		case "b":
			d.unit, d.apparent, d.human = blockSize{unit: 1}, true, false
		case "B":
			b, ok := blockSizeOption(p, f.val)
			if !ok {
				return 1
			}
			d.unit, d.human = b, false
		case "apparent-size":
			d.apparent = true
		case "x":
			d.xdev = true
		case "L":
			d.deref = true
		case "S":
			d.separate = true
		case "d":
			if p.Solaris() {
				d.xdev = true
				continue
			}
			n, err := strconv.Atoi(f.val)
			if err != nil || n < 0 {
				return p.Fail(1, "invalid maximum depth %s", progkit.QuoteName(p, f.val))
			}
			d.maxDepth = n
		}
	}
	if d.summarize && d.all && !p.Solaris() {
		p.Errorf("cannot both summarize and show all entries")
		return fsTryHelp(p, 1)
	}
	if d.summarize {
		d.maxDepth = 0
	}
	ops := parsed.operands
	if len(ops) == 0 {
		ops = []string{"."}
	}
	var total int64
	for _, op := range ops {
		if op == "" && !p.Solaris() {
			p.Errorf("invalid zero-length file name") // fts refuses it before any stat
			d.failed = true
			continue
		}
		abs := p.Abs(op)
		info, err := p.M.FS.Lstat(p.Cred(), abs)
		if err == nil && (d.deref || parsed.has("H")) && info.Mode&fs.ModeSymlink != 0 {
			info, err = p.M.FS.Stat(p.Cred(), abs)
		}
		if err != nil {
			if p.Solaris() {
				p.Errorf("cannot access %s", op)
			} else {
				p.Errorf("cannot access %s: %s", progkit.QuoteName(p, op), p.Strerror(err))
			}
			d.failed = true
			continue
		}
		total += d.walk(op, abs, info, 0, info.Dev)
	}
	if parsed.has("c") {
		d.print(total, "total")
	}
	return fsExitStatus(p, d.failed)
}

type duRun struct {
	p                               *shell.Proc
	summarize, all, human, apparent bool
	xdev, deref, separate           bool
	maxDepth                        int
	unit                            blockSize
	seen                            map[uint64]bool
	failed                          bool // some operand or directory could not be read
}

// size is what one file adds, in bytes.
func (d *duRun) size(info *vfs.Info) int64 {
	if info.Nlink > 1 && !info.IsDir() {
		if d.seen[info.Ino] {
			return 0
		}
		d.seen[info.Ino] = true
	}
	if d.apparent {
		return info.Size
	}
	return fsBlocks(info) * 512
}

// walk sums a file or tree, printing directories (and files with -a) on
// the way back up, and returns its size.
func (d *duRun) walk(name, abs string, info *vfs.Info, depth int, dev uint64) int64 {
	p := d.p
	if info.IsDir() {
		// A directory counted already (an operand inside another) is not
		// counted or shown again, as GNU du's hash of what it saw does.
		if d.seen[info.Ino] {
			return 0
		}
		d.seen[info.Ino] = true
	}
	size := d.size(info)
	var own int64
	if info.IsDir() && !(d.xdev && info.Dev != dev) {
		list, err := p.M.FS.ReadDir(p.Cred(), abs)
		if err != nil {
			if p.Solaris() {
				p.Errorf("cannot read directory %s: %s", name, p.Strerror(err))
			} else {
				p.Errorf("cannot read directory %s: %s", progkit.QuoteName(p, name), p.Strerror(err))
			}
			d.failed = true
		}
		own = size
		for _, e := range list {
			if p.Ctx.Err() != nil {
				return size
			}
			child := e
			if d.deref && e.Mode&fs.ModeSymlink != 0 {
				if t, err := p.M.FS.Stat(p.Cred(), path.Join(abs, e.Name)); err == nil {
					child = t
				}
			}
			size += d.walk(fsJoin(name, e.Name), path.Join(abs, e.Name), child, depth+1, dev)
		}
	}
	if depth <= d.maxDepth && (info.IsDir() || d.all || depth == 0) {
		shown := size
		if d.separate && info.IsDir() {
			shown = own
		}
		d.print(shown, name)
	}
	if d.separate && info.IsDir() && depth > 0 {
		return 0
	}
	return size
}

func (d *duRun) print(bytes int64, name string) {
	var n string
	switch {
	case d.human && d.p.Solaris():
		n = strings.TrimSpace(fsSolarisScaled(bytes))
	case d.human:
		n = fsHuman(bytes)
	default:
		n = d.unit.figure(bytes)
	}
	d.p.Printf("%s\t%s\n", n, name)
}

// fsSolarisScaled is Solaris df and du's -h form: K, M, G with one decimal
// below 10, rounded to nearest ("  20G", " 1.5M", "   4K").
func fsSolarisScaled(bytes int64) string {
	n := uint64(bytes) / 1024
	const units = "KMGTPE"
	u := 0
	var save uint64
	for n >= 1024 && u < len(units)-1 {
		u++
		save = n
		n = (n + 512) / 1024
	}
	if save != 0 && save/1024 < 10 {
		return fmt.Sprintf("%2.1f%c", float64(save)/1024, units[u])
	}
	return fmt.Sprintf("%4d%c", n, units[u])
}

var dfSyntax = fsSyntax{
	opts: []fsOpt{
		{'h', "human-readable", fsNoArg}, {'H', "si", fsNoArg}, {'k', "", fsNoArg}, {'P', "portability", fsNoArg},
		{'T', "print-type", fsNoArg}, {'a', "all", fsNoArg}, {'l', "local", fsNoArg}, {'t', "type", fsArg},
		{'x', "exclude-type", fsArg}, {0, "total", fsNoArg}, {'i', "inodes", fsNoArg}, {0, "output", fsOptionalArg},
		{'B', "block-size", fsArg},
	},
}

// dfSelect is the mounts df reports: all of them, or those holding the
// operands, in operand order.
func dfSelect(p *shell.Proc, ops []string, missing func(string, error)) []progkit.MountUsage {
	var out []progkit.MountUsage
	if len(ops) == 0 {
		for _, m := range p.M.FS.Mounts() {
			if progkit.DummyFS[m.FSType] {
				continue // no blocks: df leaves them out unless -a
			}
			out = append(out, progkit.UsageOf(p, m))
		}
		return out
	}
	for _, op := range ops {
		real, err := p.M.FS.Realpath(p.Cred(), p.Abs(op))
		if err != nil {
			missing(op, err)
			continue
		}
		m := progkit.UsageOf(p, p.M.FS.MountOf(real))
		m.File = op
		out = append(out, m)
	}
	return out
}

// dfFields are df's --output fields in its default order, with their
// headings; the text fields are left-aligned, the figures right.
var dfFields = []struct{ name, heading string }{
	{"source", "Filesystem"}, {"fstype", "Type"}, {"itotal", "Inodes"}, {"iused", "IUsed"}, {"iavail", "IFree"},
	{"ipcent", "IUse%"}, {"size", "1K-blocks"}, {"used", "Used"}, {"avail", "Avail"}, {"pcent", "Use%"},
	{"file", "File"}, {"target", "Mounted on"},
}

var dfTextField = map[string]bool{"source": true, "fstype": true, "file": true, "target": true}

// df reports filesystem usage from the host's mounts.
func df(p *shell.Proc) int {
	if p.Solaris() {
		return dfSolaris(p)
	}
	parsed, code, ok := fsParse(p, p.Args(), dfSyntax)
	if !ok {
		return code
	}
	human, posix, typed, inodes := false, parsed.has("P"), parsed.has("T"), parsed.has("i")
	var blocks *blockSize // -B's, when it came after -h and -k
	for _, f := range parsed.flags {
		switch f.key {
		case "h", "H":
			human, blocks = true, nil
		case "k":
			human, blocks = false, nil
		case "B":
			b, ok := blockSizeOption(p, f.val)
			if !ok {
				return 1
			}
			human, blocks = false, &b
		}
	}
	output, custom := parsed.value("output")
	cols := []string{"source", "size", "used", "avail", "pcent", "target"}
	switch {
	case custom:
		for _, clash := range []string{"i", "P", "T"} {
			if parsed.has(clash) {
				p.Errorf("options -%s and --output are mutually exclusive", clash)
				fmt.Fprint(p.Stderr, "Try 'df --help' for more information.\n")
				return 1
			}
		}
		cols = nil
		for _, f := range dfFields {
			cols = append(cols, f.name)
		}
		if output != "" {
			cols = strings.Split(output, ",")
		}
		for _, c := range cols {
			if !slices.ContainsFunc(dfFields, func(f struct{ name, heading string }) bool { return f.name == c }) {
				p.Errorf("option --output: field %s unknown", progkit.QuoteName(p, c))
				fmt.Fprint(p.Stderr, "Try 'df --help' for more information.\n")
				return 1
			}
		}
	case inodes:
		cols = []string{"source", "itotal", "iused", "iavail", "ipcent", "target"}
	}
	if typed {
		cols = slices.Insert(cols, 1, "fstype")
	}
	status := 0
	mounts := dfSelect(p, parsed.operands, func(op string, err error) {
		p.Errorf("%s: %s", progkit.QuoteNameColon(p, op), p.Strerror(err))
		status = 1
	})
	headings := map[string]string{}
	for _, f := range dfFields {
		headings[f.name] = f.heading
	}
	switch {
	case human:
		headings["size"] = "Size"
	case posix && blocks != nil:
		headings["size"] = strconv.FormatInt(blocks.unit, 10) + "-blocks"
	case posix:
		headings["size"] = "1024-blocks"
	case blocks != nil:
		headings["size"] = blocks.heading()
	}
	if !custom && !inodes && !human {
		headings["avail"] = "Available"
		if posix {
			headings["pcent"] = "Capacity"
		}
	}
	only, onlySet := parsed.value("t")
	exclude, _ := parsed.value("x")
	var header []string
	for _, c := range cols {
		header = append(header, headings[c])
	}
	rows := [][]string{header}
	var sum progkit.MountUsage
	for _, m := range mounts {
		if onlySet && m.FSType != only || m.FSType == exclude ||
			parsed.has("l") && (m.FSType == "nfs" || m.FSType == "nfs4" || m.FSType == "cifs") {
			continue
		}
		if inodes || slices.ContainsFunc(cols, func(c string) bool { return c[0] == 'i' }) {
			m.ITotal, m.IUsed = dfInodes(p, m)
		}
		rows = append(rows, dfRow(m, cols, human, blocks))
		sum.Total, sum.Used, sum.Avail = sum.Total+m.Total, sum.Used+m.Used, sum.Avail+m.Avail
		sum.ITotal, sum.IUsed = sum.ITotal+m.ITotal, sum.IUsed+m.IUsed
	}
	if len(rows) == 1 && len(parsed.operands) == 0 {
		return p.Fail(1, "no file systems processed")
	}
	if parsed.has("total") {
		sum.Device, sum.FSType, sum.Path, sum.File = "total", "-", "-", "-"
		rows = append(rows, dfRow(sum, cols, human, blocks))
	}
	if len(rows) > 1 {
		p.Printf("%s", dfTable(rows, cols))
	}
	return status
}

// dfInodes are a filesystem's inodes and those in use, as statfs gives them:
// mke2fs's one inode per 16 KiB, and the files the host holds on it (or the
// host's inode bound, where it has one).
func dfInodes(p *shell.Proc, m progkit.MountUsage) (total, used int64) {
	if progkit.DummyFS[m.FSType] {
		return 0, 0
	}
	total, free, bounded := p.M.FS.Inodes(m.Path)
	if !bounded {
		return total, min(total, int64(statfsCountNodes(p, m.Path)))
	}
	return total, total - free
}

func dfRow(m progkit.MountUsage, cols []string, human bool, blocks *blockSize) []string {
	num := func(k int64, scale int64) string {
		switch {
		case human:
			return fsHuman(k * scale)
		case blocks != nil && scale == 1024:
			return blocks.figure(k * 1024)
		}
		return strconv.FormatInt(k, 10)
	}
	pct := func(used, avail int64) string {
		if used+avail <= 0 {
			return "-"
		}
		return strconv.FormatInt((used*100+used+avail-1)/(used+avail), 10) + "%"
	}
	file := m.File
	if file == "" {
		file = "-"
	}
	var row []string
	for _, c := range cols {
		row = append(row, map[string]func() string{
			"source": func() string { return m.Device }, "fstype": func() string { return m.FSType },
			"itotal": func() string { return num(m.ITotal, 1) }, "iused": func() string { return num(m.IUsed, 1) },
			"iavail": func() string { return num(m.ITotal-m.IUsed, 1) }, "ipcent": func() string { return pct(m.IUsed, m.ITotal-m.IUsed) },
			"size": func() string { return num(m.Total, 1024) }, "used": func() string { return num(m.Used, 1024) },
			"avail": func() string { return num(m.Avail, 1024) }, "pcent": func() string { return pct(m.Used, m.Avail) },
			"file": func() string { return file }, "target": func() string { return m.Path },
		}[c]())
	}
	return row
}

// dfTable lays rows out as GNU df does: each column as wide as its widest
// cell (Filesystem at least 14), text left, figures right, single spaces,
// the last column unpadded.
func dfTable(rows [][]string, cols []string) string {
	widths := make([]int, len(cols))
	for _, r := range rows {
		for i, c := range r {
			widths[i] = max(widths[i], len(c))
		}
	}
	for i, c := range cols {
		switch c {
		case "source":
			widths[i] = max(widths[i], 14)
		case "size", "used", "avail":
			widths[i] = max(widths[i], 5)
		}
	}
	var b strings.Builder
	for _, r := range rows {
		var cells []string
		for i, c := range r {
			switch {
			case i == len(r)-1 && dfTextField[cols[i]]:
				cells = append(cells, c)
			case dfTextField[cols[i]]:
				cells = append(cells, fmt.Sprintf("%-*s", widths[i], c))
			default:
				cells = append(cells, fmt.Sprintf("%*s", widths[i], c))
			}
		}
		b.WriteString(strings.Join(cells, " ") + "\n")
	}
	return b.String()
}

// dfSolaris is Solaris 10's /usr/bin/df: without options one line of free
// 512-byte blocks and files per mount, -k the BSD table, -h scaled sizes.
func dfSolaris(p *shell.Proc) int {
	const usage = "Usage: df [-F FSType] [-abeghklntVvZ] [-o FSType-specific_options] [directory | block_device | resource]\n"
	var opts string
	var ops []string
	for i, a := range p.Args() {
		if a == "--" || len(a) < 2 || a[0] != '-' {
			if a == "--" {
				i++
			}
			ops = p.Args()[i:]
			break
		}
		for _, c := range a[1:] {
			if !strings.ContainsRune("ahkln", c) {
				p.Errorf("unknown option: %c", c)
				fmt.Fprint(p.Stderr, usage)
				return 1
			}
			opts += string(c)
		}
	}
	errors := 0
	mounts := dfSelect(p, ops, func(op string, _ error) {
		p.Errorf("(%-10s) not a block device, directory or mounted resource", op)
		errors++
	})
	capacity := func(m progkit.MountUsage) string {
		pct := 0.0
		if m.Total > 0 {
			pct = float64(m.Used)/float64(m.Total)*100 + 0.5
		}
		return fmt.Sprintf("%5.0f%%", pct)
	}
	switch {
	case strings.Contains(opts, "n"):
		for _, m := range mounts {
			p.Printf("%-19s: %-8s\n", m.Path, m.FSType)
		}
	case strings.Contains(opts, "h"):
		if len(mounts) > 0 {
			p.Printf("%-20s %6s %6s %6s %-9s %s\n", "Filesystem", "size", "used", "avail", "capacity", "Mounted on")
		}
		for _, m := range mounts {
			p.Printf("%-20s %6s %6s %6s %-9s %s\n", m.Device, fsSolarisScaled(m.Total*1024),
				fsSolarisScaled(m.Used*1024), fsSolarisScaled(m.Avail*1024), capacity(m), m.Path)
		}
	case strings.Contains(opts, "k"):
		if len(mounts) > 0 {
			p.Printf("%-20s %7s %7s %7s %-9s %s\n", "Filesystem", "kbytes", "used", "avail", "capacity", "Mounted on")
		}
		for _, m := range mounts {
			p.Printf("%-20s %7d %7d %7d %-9s %s\n", m.Device, m.Total, m.Used, m.Avail, capacity(m), m.Path)
		}
	default:
		for _, m := range mounts {
			files := max(0, m.SizeBytes/16384-m.Used/16)
			p.Printf("%-19s(%-18s):%8d blocks %8d files\n", m.Path, m.Device, m.Avail*2, files)
		}
	}
	return errors
}
