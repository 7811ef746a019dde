package text

import (
	"bytes"
	"fmt"
	"io"
	"maps"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

// diff is GNU diffutils' diff for two files, a file and a directory, or two
// directories (entry by entry, -r recursing): the normal, unified (-u, -U N)
// and brief (-q) forms, over a Myers shortest edit script. Exit 0 same, 1
// differ, 2 trouble.
func init() {
	shell.Register(shell.Command{Name: "diff", Only: "gnu", Run: diffCmd})
}

func diffCmd(p *shell.Proc) int {
	g := progkit.Getopt{Short: "qsuU:aBwibrN", Long: []string{"brief=q", "report-identical-files=s", "unified::", "text=a",
		"ignore-all-space=w", "ignore-case=i", "ignore-space-change=b", "ignore-blank-lines=B", "label:", "recursive=r", "new-file=N", "normal"},
		Status: 2, TryPrefixed: true, NotEmulated: []string{"N", "B"}}
	c, code, ok := g.Parse(p, p.Args())
	if !ok {
		return code
	}
	switch len(c.Operands) {
	case 0:
		p.Errorf("missing operand after '%s'", p.Prog())
		return g.Fail(p, "")
	case 1:
		p.Errorf("missing operand after %s", progkit.QuoteC(c.Operands[0]))
		return g.Fail(p, "")
	case 2:
	default:
		p.Errorf("extra operand %s", progkit.QuoteC(c.Operands[2]))
		return g.Fail(p, "")
	}
	context := -1
	if c.Has("u") {
		context = 3
	}
	if v, ok := c.Value("unified"); ok {
		context = 3
		if v != "" {
			fmt.Sscanf(v, "%d", &context)
		}
	}
	if v, ok := c.Value("U"); ok {
		if _, err := fmt.Sscanf(v, "%d", &context); err != nil || context < 0 {
			return g.Fail(p, fmt.Sprintf("invalid context length %s", progkit.QuoteC(v)))
		}
	}
	d := &diffRun{p: p, c: c, context: context, switches: diffSwitches(p.Args())}
	return d.compare(c.Operands[0], c.Operands[1], true, false)
}

// diffRun is one invocation: its options, and for directories the "diff
// SWITCHES A B" line it prints before each pair of files that differ.
type diffRun struct {
	p        *shell.Proc
	c        progkit.Cmdline
	context  int
	switches string
}

// diffSwitches are the options as given, as GNU diff repeats them ("-r -u").
func diffSwitches(args []string) string {
	var b strings.Builder
	for _, a := range args {
		if a == "--" {
			break
		}
		if len(a) > 1 && a[0] == '-' {
			b.WriteString(" " + a)
		}
	}
	return b.String()
}

// compare diffs two operands: files, a directory and the file of the same
// name in it, or two directories entry by entry (recursing with -r); inDir
// says a directory's walk reached them.
func (d *diffRun) compare(n0, n1 string, top, inDir bool) int {
	p := d.p
	var infos [2]*vfs.Info
	for i, name := range []string{n0, n1} {
		if name == "-" {
			continue
		}
		info, err := p.M.FS.Stat(p.Cred(), p.Abs(name))
		if err != nil {
			p.Errorf("%s: %s", name, p.Strerror(err))
			return 2
		}
		infos[i] = info
	}
	dir0, dir1 := infos[0] != nil && infos[0].IsDir(), infos[1] != nil && infos[1].IsDir()
	switch {
	case dir0 && dir1:
		return d.dirs(n0, n1)
	case dir0 && top:
		return d.compare(path.Join(n0, path.Base(n1)), n1, false, false)
	case dir1 && top:
		return d.compare(n0, path.Join(n1, path.Base(n0)), false, false)
	}
	return d.files(n0, n1, inDir)
}

// dirs compares two directories' entries in name order.
func (d *diffRun) dirs(n0, n1 string) int {
	p := d.p
	var lists [2]map[string]*vfs.Info
	names := map[string]bool{}
	for i, name := range []string{n0, n1} {
		entries, err := p.M.FS.ReadDir(p.Cred(), p.Abs(name))
		if err != nil {
			p.Errorf("%s: %s", name, p.Strerror(err))
			return 2
		}
		lists[i] = map[string]*vfs.Info{}
		for _, e := range entries {
			lists[i][e.Name] = e
			names[e.Name] = true
		}
	}
	status := 0
	worse := func(code int) { status = max(status, code) }
	for _, name := range slices.Sorted(maps.Keys(names)) {
		e0, e1 := lists[0][name], lists[1][name]
		p0, p1 := path.Join(n0, name), path.Join(n1, name)
		switch {
		case e1 == nil:
			p.Printf("Only in %s: %s\n", n0, name)
			worse(1)
		case e0 == nil:
			p.Printf("Only in %s: %s\n", n1, name)
			worse(1)
		case e0.IsDir() && e1.IsDir():
			if d.c.Has("r") {
				worse(d.compare(p0, p1, false, true))
			} else {
				p.Printf("Common subdirectories: %s and %s\n", p0, p1)
			}
		case e0.IsDir() != e1.IsDir():
			kind := func(e *vfs.Info) string {
				if e.IsDir() {
					return "directory"
				}
				return "regular file"
			}
			p.Printf("File %s is a %s while file %s is a %s\n", p0, kind(e0), p1, kind(e1))
			worse(1)
		default:
			worse(d.files(p0, p1, true))
		}
	}
	return status
}

// files diffs two files; in a directory's walk a pair that differs is
// announced by the command line that would diff it alone.
func (d *diffRun) files(n0, n1 string, inDir bool) int {
	p, c, context := d.p, d.c, d.context
	names := []string{n0, n1}
	var texts [2][]byte
	var mtimes [2]time.Time
	for i, name := range names {
		data, mtime, err := diffRead(p, name)
		if err != nil {
			p.Errorf("%s: %s", name, p.Strerror(err))
			return 2
		}
		texts[i], mtimes[i] = data, mtime
	}
	if bytes.Equal(texts[0], texts[1]) {
		if c.Has("s") {
			p.Printf("Files %s and %s are identical\n", names[0], names[1])
		}
		return 0
	}
	norm := func(s string) string {
		if c.Has("i") {
			s = strings.ToLower(s)
		}
		if c.Has("w") {
			s = strings.Join(strings.Fields(s), "")
		} else if c.Has("b") {
			s = strings.Join(strings.Fields(s), " ")
		}
		return s
	}
	a, b := diffSplit(texts[0]), diffSplit(texts[1])
	edits := diffMyers(a, b, norm)
	if len(edits) == 0 {
		return 0 // equal once spaces or case were ignored
	}
	if c.Has("q") {
		p.Printf("Files %s and %s differ\n", names[0], names[1])
		return 1
	}
	if inDir {
		p.Printf("diff%s %s %s\n", d.switches, names[0], names[1])
	}
	if context >= 0 {
		labels := c.All("label")
		for i := range 2 {
			label := names[i] + "\t" + mtimes[i].Format("2006-01-02 15:04:05.000000000 -0700")
			if i < len(labels) {
				label = labels[i]
			}
			p.Printf("%s %s\n", []string{"---", "+++"}[i], label)
		}
		diffUnified(p.Stdout, a, b, edits, context)
	} else {
		diffNormal(p.Stdout, a, b, edits)
	}
	return 1
}

// diffRead reads a file operand ("-" is stdin) and its modification time.
func diffRead(p *shell.Proc, name string) ([]byte, time.Time, error) {
	if name == "-" {
		data, err := p.ReadAll(p.Stdin)
		return data, time.Now(), err
	}
	info, err := p.M.FS.Stat(p.Cred(), p.Abs(name))
	if err != nil {
		return nil, time.Time{}, err
	}
	data, err := progkit.ReadAll(p, name)
	return data, info.ModTime, err
}

// diffLine is a line with whether it ended in a newline.
type diffLine struct {
	text    string
	newline bool
}

func diffSplit(data []byte) []diffLine {
	var out []diffLine
	for len(data) > 0 {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			out = append(out, diffLine{text: string(data)})
			break
		}
		out = append(out, diffLine{text: string(data[:i]), newline: true})
		data = data[i+1:]
	}
	return out
}

// diffHunk is a change: a[A0:A1] replaced by b[B0:B1].
type diffHunk struct{ A0, A1, B0, B1 int }

// diffMyers finds a shortest edit script from a to b (Myers 1986, the greedy
// O(ND) forward search with the trace kept for the walk back), as hunks.
func diffMyers(a, b []diffLine, norm func(string) string) []diffHunk {
	eq := func(i, j int) bool {
		return norm(a[i].text) == norm(b[j].text) && a[i].newline == b[j].newline
	}
	n, m := len(a), len(b)
	maxD := n + m
	offset := maxD + 1
	v := make([]int, 2*maxD+3)
	var trace [][]int
	found := false
	for d := 0; d <= maxD && !found; d++ {
		trace = append(trace, append([]int(nil), v...))
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || k != d && v[offset+k-1] < v[offset+k+1] {
				x = v[offset+k+1]
			} else {
				x = v[offset+k-1] + 1
			}
			y := x - k
			for x < n && y < m && eq(x, y) {
				x, y = x+1, y+1
			}
			v[offset+k] = x
			if x >= n && y >= m {
				found = true
				break
			}
		}
	}
	// Walk back from (n, m) to mark which lines are kept.
	keepA, keepB := make([]bool, n), make([]bool, m)
	x, y := n, m
	for d := len(trace) - 1; d >= 0 && (x > 0 || y > 0); d-- {
		vd := trace[d]
		k := x - y
		var prevK int
		if k == -d || k != d && vd[offset+k-1] < vd[offset+k+1] {
			prevK = k + 1
		} else {
			prevK = k - 1
		}
		prevX := vd[offset+prevK]
		prevY := prevX - prevK
		for x > prevX && y > prevY {
			x, y = x-1, y-1
			keepA[x], keepB[y] = true, true
		}
		if d > 0 {
			x, y = prevX, prevY
		}
	}
	var hunks []diffHunk
	i, j := 0, 0
	for i < n || j < m {
		if i < n && j < m && keepA[i] && keepB[j] {
			i, j = i+1, j+1
			continue
		}
		h := diffHunk{A0: i, B0: j}
		for i < n && !keepA[i] {
			i++
		}
		for j < m && !keepB[j] {
			j++
		}
		h.A1, h.B1 = i, j
		hunks = append(hunks, h)
	}
	return hunks
}

// diffRange is the normal form's line range: "3" or "3,5" (1-based), or the
// line before an empty range.
func diffRange(lo, hi int) string {
	if hi-lo <= 1 {
		if hi == lo {
			return fmt.Sprint(lo)
		}
		return fmt.Sprint(hi)
	}
	return fmt.Sprintf("%d,%d", lo+1, hi)
}

func diffNormal(w io.Writer, a, b []diffLine, hunks []diffHunk) {
	for _, h := range hunks {
		op := "c"
		switch {
		case h.A0 == h.A1:
			op = "a"
		case h.B0 == h.B1:
			op = "d"
		}
		fmt.Fprintf(w, "%s%s%s\n", diffRange(h.A0, h.A1), op, diffRange(h.B0, h.B1))
		for _, l := range a[h.A0:h.A1] {
			diffPrint(w, "< ", l)
		}
		if op == "c" {
			fmt.Fprintln(w, "---")
		}
		for _, l := range b[h.B0:h.B1] {
			diffPrint(w, "> ", l)
		}
	}
}

func diffPrint(w io.Writer, prefix string, l diffLine) {
	fmt.Fprintf(w, "%s%s\n", prefix, l.text)
	if !l.newline {
		fmt.Fprintln(w, `\ No newline at end of file`)
	}
}

// diffUnified prints hunks with context lines, merging changes whose contexts
// touch, as diff -u does.
func diffUnified(w io.Writer, a, b []diffLine, hunks []diffHunk, context int) {
	for start := 0; start < len(hunks); {
		end := start
		for end+1 < len(hunks) && hunks[end+1].A0-hunks[end].A1 <= 2*context {
			end++
		}
		first, last := hunks[start], hunks[end]
		a0 := max(first.A0-context, 0)
		b0 := first.B0 - (first.A0 - a0)
		a1 := min(last.A1+context, len(a))
		b1 := last.B1 + (a1 - last.A1)
		fmt.Fprintf(w, "@@ -%s +%s @@\n", diffUniRange(a0, a1), diffUniRange(b0, b1))
		i := a0
		for _, h := range hunks[start : end+1] {
			for ; i < h.A0; i++ {
				diffPrint(w, " ", a[i])
			}
			for _, l := range a[h.A0:h.A1] {
				diffPrint(w, "-", l)
			}
			for _, l := range b[h.B0:h.B1] {
				diffPrint(w, "+", l)
			}
			i = h.A1
		}
		for ; i < a1; i++ {
			diffPrint(w, " ", a[i])
		}
		start = end + 1
	}
}

// diffUniRange is "start,count", with count 1 left out and an empty range
// starting at the line before it.
func diffUniRange(lo, hi int) string {
	switch hi - lo {
	case 0:
		return fmt.Sprintf("%d,0", lo)
	case 1:
		return fmt.Sprint(lo + 1)
	}
	return fmt.Sprintf("%d,%d", lo+1, hi-lo)
}
