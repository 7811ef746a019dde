package text

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
)

// comm and join (coreutils) merge two sorted files line by line, comparing
// as the C locale does (bytes), and check the order as they go.
func init() {
	shell.Register(shell.Command{Name: "comm", Only: "gnu", Run: commCmd})
	shell.Register(shell.Command{Name: "join", Only: "gnu", Run: joinCmd})
}

// checkOrder is --check-order (enabled), --nocheck-order (disabled) or
// neither: then disorder is told only once a line has been found unpaired.
type checkOrder int

const (
	orderDefault checkOrder = iota
	orderEnabled
	orderDisabled
)

// twoInputs reads the two operands of comm and join: "missing operand" and
// "extra operand" as coreutils words them, both "-" refused, each file's
// lines split at end (a last line without one still a line).
func twoInputs(p *shell.Proc, spec progkit.Spec, operands []string, end byte) ([2][]string, int) {
	var files [2][]string
	switch {
	case len(operands) == 0:
		return files, progkit.SpecUsageError(p, spec, "missing operand")
	case len(operands) == 1:
		return files, progkit.SpecUsageError(p, spec, "missing operand after "+progkit.QuoteC(operands[0]))
	case len(operands) > 2:
		return files, progkit.SpecUsageError(p, spec, "extra operand "+progkit.QuoteC(operands[2]))
	case operands[0] == "-" && operands[1] == "-" && p.Name() == "join":
		return files, p.Fail(1, "both files cannot be standard input")
	}
	for i, name := range operands {
		data, err := progkit.ReadAll(p, name)
		if err != nil {
			return files, p.Fail(1, "%s: %s", progkit.QuoteNameColon(p, name), p.Strerror(err))
		}
		if len(data) > 0 {
			files[i] = strings.Split(strings.TrimSuffix(string(data), string(end)), string(end))
		}
	}
	return files, 0
}

func commCmd(p *shell.Proc) int {
	spec := progkit.Spec{Short: "123z", Long: []string{"check-order", "nocheck-order", "output-delimiter:", "total", "zero-terminated=z"}}
	opts, operands, fail := progkit.ParseSpec(p, p.Args(), spec)
	if fail != 0 {
		return fail
	}
	var hide [4]bool
	order, delim, total, end := orderDefault, "\t", false, byte('\n')
	delimSet := false
	for _, o := range opts {
		switch o.Key {
		case "1", "2", "3":
			hide[o.Key[0]-'0'] = true
		case "z":
			end = 0
		case "check-order":
			order = orderEnabled
		case "nocheck-order":
			order = orderDisabled
		case "total":
			total = true
		case "output-delimiter":
			if delimSet && o.Val != delim {
				return p.Fail(1, "multiple output delimiters specified")
			}
			delim, delimSet = o.Val, true
			if delim == "" {
				delim = "\x00"
			}
		}
	}
	files, code := twoInputs(p, spec, operands, end)
	if code != 0 {
		return code
	}
	var out strings.Builder
	var counts [4]int
	write := func(col int, line string) {
		counts[col]++
		if hide[col] {
			return
		}
		if col >= 2 && !hide[1] {
			out.WriteString(delim)
		}
		if col == 3 && !hide[2] {
			out.WriteString(delim)
		}
		out.WriteString(line)
		out.WriteByte(end)
	}
	var warned [2]bool
	unpaired := false
	var i [2]int
	// step moves file f on, checking the new line against the one before;
	// at the file's end the last two lines are checked again, as an
	// unpaired line may have been found since.
	step := func(f int) bool {
		i[f]++
		a, b := i[f]-1, i[f]
		if i[f] >= len(files[f]) {
			a, b = i[f]-2, i[f]-1
		}
		if a < 0 || order == orderDisabled || warned[f] || !(order == orderEnabled || unpaired) {
			return true
		}
		if files[f][a] > files[f][b] {
			p.Printf("%s", out.String())
			out.Reset()
			p.Errorf("file %d is not in sorted order", f+1)
			warned[f] = true
			return order != orderEnabled
		}
		return true
	}
	for i[0] < len(files[0]) || i[1] < len(files[1]) {
		var c int
		switch {
		case i[0] >= len(files[0]):
			c = 1
		case i[1] >= len(files[1]):
			c = -1
		default:
			c = strings.Compare(files[0][i[0]], files[1][i[1]])
		}
		switch {
		case c == 0:
			write(3, files[1][i[1]])
		case c < 0:
			unpaired = true
			write(1, files[0][i[0]])
		default:
			unpaired = true
			write(2, files[1][i[1]])
		}
		if c <= 0 && !step(0) {
			p.Printf("%s", out.String())
			return 1
		}
		if c >= 0 && !step(1) {
			p.Printf("%s", out.String())
			return 1
		}
	}
	if total {
		fmt.Fprintf(&out, "%d%s%d%s%d%s%s%c", counts[1], delim, counts[2], delim, counts[3], delim, "total", end)
	}
	p.Printf("%s", out.String())
	if warned[0] || warned[1] {
		return p.Fail(1, "input is not in sorted order")
	}
	return 0
}

// joinField is one -o field: file 0 (the join field) or 1/2, and its number.
type joinField struct{ file, field int }

// joinLine is a line of a join input cut into fields.
type joinLine struct {
	text   string
	fields []string
}

type joiner struct {
	p          *shell.Proc
	tab        string // -t's character, "" for blanks
	key        [2]int // the join fields, counted from 0
	ignoreCase bool
	empty      string
	emptySet   bool
	format     []joinField
	auto       bool
	autoCount  [2]int
	out        strings.Builder
	end        byte
}

func (j *joiner) split(text string) joinLine {
	l := joinLine{text: text}
	if j.tab != "" {
		l.fields = strings.Split(text, j.tab)
		return l
	}
	rest := strings.TrimLeft(text, " \t")
	for rest != "" {
		k := strings.IndexAny(rest, " \t")
		if k < 0 {
			l.fields = append(l.fields, rest)
			return l
		}
		l.fields = append(l.fields, rest[:k])
		rest = strings.TrimLeft(rest[k:], " \t")
		if rest == "" {
			l.fields = append(l.fields, "") // trailing blanks end an empty field
		}
	}
	return l
}

// compare is keycmp: the join fields, a missing one first, then bytes (or
// bytes without case, -i).
func (j *joiner) compare(a, b *joinLine, ka, kb int) int {
	var fa, fb string
	hasA, hasB := ka < len(a.fields), kb < len(b.fields)
	if hasA {
		fa = a.fields[ka]
	}
	if hasB {
		fb = b.fields[kb]
	}
	if fa == "" {
		if fb == "" {
			return 0
		}
		return -1
	}
	if fb == "" {
		return 1
	}
	if j.ignoreCase {
		return bytes.Compare(bytes.ToLower([]byte(fa)), bytes.ToLower([]byte(fb)))
	}
	return strings.Compare(fa, fb)
}

func (j *joiner) sep() string {
	if j.tab != "" {
		return j.tab
	}
	return " "
}

func (j *joiner) field(l *joinLine, n int) {
	switch {
	case l != nil && n < len(l.fields) && l.fields[n] != "":
		j.out.WriteString(l.fields[n])
	case l != nil && n < len(l.fields) && !j.emptySet:
	case j.emptySet:
		j.out.WriteString(j.empty)
	}
}

// print is prjoin: a paired line, or an unpaired one with nil for the other.
func (j *joiner) print(l1, l2 *joinLine) {
	if len(j.format) > 0 {
		for i, f := range j.format {
			if i > 0 {
				j.out.WriteString(j.sep())
			}
			switch {
			case f.file == 0 && l1 != nil:
				j.field(l1, j.key[0])
			case f.file == 0:
				j.field(l2, j.key[1])
			case f.file == 1:
				j.field(l1, f.field)
			default:
				j.field(l2, f.field)
			}
		}
		j.out.WriteByte(j.end)
		return
	}
	if l1 == nil {
		j.field(l2, j.key[1])
	} else {
		j.field(l1, j.key[0])
	}
	for k, l := range []*joinLine{l1, l2} {
		n := j.autoCount[k]
		if n == 0 && l != nil {
			n = len(l.fields)
		}
		for i := range n {
			if i == j.key[k] {
				continue
			}
			j.out.WriteString(j.sep())
			if l == nil {
				if j.emptySet {
					j.out.WriteString(j.empty)
				}
				continue
			}
			j.field(l, i)
		}
	}
	j.out.WriteByte(j.end)
}

func joinCmd(p *shell.Proc) int {
	spec := progkit.Spec{Short: "a:e:i1:2:j:o:t:v:z", Long: []string{"ignore-case=i", "check-order", "nocheck-order", "zero-terminated=z", "header"}}
	opts, operands, fail := progkit.ParseSpec(p, p.Args(), spec)
	if fail != 0 {
		return fail
	}
	j := &joiner{p: p, end: '\n'}
	order, header := orderDefault, false
	var unpairable [2]bool
	pairable := true
	fieldNumber := func(v string) (int, bool) {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil || n == 0 {
			p.Errorf("invalid field number: %s", progkit.QuoteC(v))
			return 0, false
		}
		return int(n) - 1, true
	}
	for _, o := range opts {
		switch o.Key {
		case "a", "v":
			if o.Val != "1" && o.Val != "2" {
				return p.Fail(1, "invalid field number: %s", progkit.QuoteC(o.Val))
			}
			unpairable[o.Val[0]-'1'] = true
			if o.Key == "v" {
				pairable = false
			}
		case "e":
			j.empty, j.emptySet = o.Val, true
		case "i":
			j.ignoreCase = true
		case "1", "2", "j":
			n, ok := fieldNumber(o.Val)
			if !ok {
				return 1
			}
			if o.Key != "2" {
				j.key[0] = n
			}
			if o.Key != "1" {
				j.key[1] = n
			}
		case "o":
			if o.Val == "auto" {
				j.auto = true
				continue
			}
			for _, spec := range strings.FieldsFunc(o.Val, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
				if spec == "0" {
					j.format = append(j.format, joinField{0, 0})
					continue
				}
				file, num, ok := strings.Cut(spec, ".")
				if !ok || (file != "1" && file != "2") {
					return p.Fail(1, "invalid file number in field spec: %s", progkit.QuoteC(spec))
				}
				n, ok := fieldNumber(num)
				if !ok {
					return 1
				}
				j.format = append(j.format, joinField{int(file[0] - '0'), n})
			}
		case "t":
			if len(o.Val) > 1 && o.Val != "\\0" {
				return p.Fail(1, "multi-character tab %s", progkit.QuoteC(o.Val))
			}
			j.tab = o.Val
			if o.Val == "\\0" {
				j.tab = "\x00"
			}
		case "z":
			j.end = 0
		case "check-order":
			order = orderEnabled
		case "nocheck-order":
			order = orderDisabled
		case "header":
			header = true
		}
	}
	files, code := twoInputs(p, spec, operands, j.end)
	if code != 0 {
		return code
	}
	lines := [2][]joinLine{}
	for f := range 2 {
		for _, t := range files[f] {
			lines[f] = append(lines[f], j.split(t))
		}
	}
	if j.auto && len(j.format) == 0 {
		for f := range 2 {
			if len(lines[f]) > 0 {
				j.autoCount[f] = len(lines[f][0].fields)
			}
		}
	}
	var pos [2]int
	var warned [2]bool
	unpaired := false
	status := 0
	// next moves file f on, telling of a line out of order once; false when
	// --check-order makes that the end.
	next := func(f int) bool {
		pos[f]++
		k := pos[f]
		if k >= len(lines[f]) || k == 1 && header || order == orderDisabled || warned[f] || !(order == orderEnabled || unpaired) {
			return true
		}
		if j.compare(&lines[f][k-1], &lines[f][k], j.key[f], j.key[f]) > 0 {
			p.Printf("%s", j.out.String())
			j.out.Reset()
			p.Errorf("%s:%d: is not sorted: %s", operands[f], k+1, lines[f][k].text)
			warned[f] = true
			return order != orderEnabled
		}
		return true
	}
	if header && (len(lines[0]) > 0 || len(lines[1]) > 0) {
		var h [2]*joinLine
		for f := range 2 {
			if len(lines[f]) > 0 {
				h[f] = &lines[f][0]
				pos[f] = 1
			}
		}
		j.print(h[0], h[1])
	}
	done := func() int {
		p.Printf("%s", j.out.String())
		return 1
	}
	// alone prints file f's line l with nothing of the other file's.
	alone := func(f int, l *joinLine) {
		if f == 0 {
			j.print(l, nil)
		} else {
			j.print(nil, l)
		}
	}
	for pos[0] < len(lines[0]) && pos[1] < len(lines[1]) {
		a, b := &lines[0][pos[0]], &lines[1][pos[1]]
		if c := j.compare(a, b, j.key[0], j.key[1]); c != 0 {
			f := 0 // the file whose line sorts first is unpaired
			if c > 0 {
				f = 1
			}
			if unpairable[f] {
				alone(f, &lines[f][pos[f]])
			}
			if !next(f) {
				return done()
			}
			unpaired = true
			continue
		}
		// the runs of lines with this key in both files, all pairs of them
		start := pos
		for {
			if !next(0) {
				return done()
			}
			if pos[0] >= len(lines[0]) || j.compare(&lines[0][pos[0]], b, j.key[0], j.key[1]) != 0 {
				break
			}
		}
		for {
			if !next(1) {
				return done()
			}
			if pos[1] >= len(lines[1]) || j.compare(a, &lines[1][pos[1]], j.key[0], j.key[1]) != 0 {
				break
			}
		}
		if pairable {
			for x := start[0]; x < pos[0]; x++ {
				for y := start[1]; y < pos[1]; y++ {
					j.print(&lines[0][x], &lines[1][y])
				}
			}
		}
	}
	// the rest of either file: unpaired, and still checked for order
	for f := range 2 {
		if pos[f] >= len(lines[f]) || !unpairable[f] && (order == orderDisabled || warned[0] && warned[1]) {
			continue
		}
		if len(lines[1-f]) > 0 {
			unpaired = true
		}
		for pos[f] < len(lines[f]) {
			if unpairable[f] {
				alone(f, &lines[f][pos[f]])
			}
			if !next(f) {
				return done()
			}
			if warned[f] && !unpairable[f] {
				break
			}
		}
	}
	p.Printf("%s", j.out.String())
	if warned[0] || warned[1] {
		return p.Fail(1, "input is not in sorted order")
	}
	return status
}
