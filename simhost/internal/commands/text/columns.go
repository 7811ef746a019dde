package text

import (
	"math/big"
	"strconv"
	"strings"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
)

// The coreutils that scripts use to compare lists and shape lines: comm
// (which lines two sorted lists share), fold (wrap), expand and unexpand
// (tabs), factor.
func init() {
	shell.Register(shell.Command{Name: "fold", Only: "gnu", Run: foldCmd})
	shell.Register(shell.Command{Name: "expand", Only: "gnu", Run: expandCmd})
	shell.Register(shell.Command{Name: "unexpand", Only: "gnu", Run: unexpandCmd})
	shell.Register(shell.Command{Name: "factor", Only: "gnu", Run: factorCmd})
}

// columnsArg reads a width or tab stop as coreutils does, naming it in its
// complaint.
func columnsArg(p *shell.Proc, what, s string) (int, bool) {
	n, err := strconv.Atoi(s)
	switch {
	case err != nil && strings.Trim(s, "0123456789") == "" && s != "":
		p.Errorf("%s: %s: Value too large for defined data type", what, progkit.QuoteName(p, s))
	case err != nil || n < 0:
		p.Errorf("%s: %s", what, progkit.QuoteName(p, s))
	case n == 0:
		p.Errorf("%s: %s: Numerical result out of range", what, progkit.QuoteName(p, s))
	default:
		return n, true
	}
	return 0, false
}

// eachInput runs fn over the lines of every operand (stdin for none or
// "-"), a missing file reported and the status 1.
func eachInput(p *shell.Proc, names []string, fn func(line string, newline bool)) int {
	if len(names) == 0 {
		names = []string{"-"}
	}
	status := 0
	for _, name := range names {
		data, err := progkit.ReadAll(p, name)
		if err != nil {
			p.Errorf("%s: %s", progkit.QuoteNameColon(p, name), p.Strerror(err))
			status = 1
			continue
		}
		for len(data) > 0 {
			i := strings.IndexByte(string(data), '\n')
			if i < 0 {
				fn(string(data), false)
				break
			}
			fn(string(data[:i]), true)
			data = data[i+1:]
		}
	}
	return status
}

// foldCmd is GNU fold: lines broken at WIDTH columns (bytes with -b; at
// the last blank with -s), a tab advancing to the next multiple of 8 and a
// backspace going back one.
func foldCmd(p *shell.Proc) int {
	g := progkit.Getopt{Short: "bsw:", Long: []string{"bytes=b", "spaces=s", "width:=w"}}
	args := p.Args()
	// fold -80 is fold -w 80
	for i, a := range args {
		if len(a) > 1 && a[0] == '-' && a[1] >= '0' && a[1] <= '9' {
			args = append(append(append([]string{}, args[:i]...), "-w", a[1:]), args[i+1:]...)
			break
		}
	}
	c, code, ok := g.Parse(p, args)
	if !ok {
		return code
	}
	width := 80
	if w, ok := c.Value("w"); ok {
		if width, ok = columnsArg(p, "invalid number of columns", w); !ok {
			return 1
		}
	}
	bytesMode, spaces := c.Has("b"), c.Has("s")
	advance := func(col int, ch byte) int {
		switch {
		case bytesMode:
			return col + 1
		case ch == '\t':
			return col + 8 - col%8
		case ch == '\b':
			return max(col-1, 0)
		case ch == '\r':
			return 0
		}
		return col + 1
	}
	return eachInput(p, c.Operands, func(line string, newline bool) {
		var b strings.Builder
		col, start := 0, 0
		for i := 0; i < len(line); i++ {
			if next := advance(col, line[i]); next > width && i > start {
				cut := i
				if spaces {
					if k := strings.LastIndexAny(line[start:i], " \t"); k >= 0 {
						cut = start + k + 1
					}
				}
				b.WriteString(line[start:cut])
				b.WriteByte('\n')
				start, col = cut, 0
				for k := cut; k < i; k++ {
					col = advance(col, line[k])
				}
			}
			col = advance(col, line[i])
		}
		b.WriteString(line[start:])
		if newline {
			b.WriteByte('\n')
		}
		p.Printf("%s", b.String())
	})
}

// tabStops reads -t: one width, or a list of stops.
func tabStops(p *shell.Proc, c progkit.Cmdline) (next func(col int) int, ok bool) {
	stops := []int{}
	for _, v := range c.All("t") {
		for _, f := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' }) {
			n, err := strconv.Atoi(f)
			if err != nil || n <= 0 || len(stops) > 0 && n <= stops[len(stops)-1] {
				p.Errorf("tab size contains invalid character(s): %s", progkit.QuoteName(p, f))
				return nil, false
			}
			stops = append(stops, n)
		}
	}
	switch len(stops) {
	case 0:
		return func(col int) int { return col + 8 - col%8 }, true
	case 1:
		w := stops[0]
		return func(col int) int { return col + w - col%w }, true
	}
	return func(col int) int {
		for _, s := range stops {
			if s > col {
				return s
			}
		}
		return col + 1
	}, true
}

// tabCommand reads expand's or unexpand's command line and its tab stops;
// ok is false, with the status, on a usage error.
func tabCommand(p *shell.Proc, g progkit.Getopt) (c progkit.Cmdline, next func(int) int, code int, ok bool) {
	if c, code, ok = g.Parse(p, p.Args()); !ok {
		return c, nil, code, false
	}
	if next, ok = tabStops(p, c); !ok {
		return c, nil, 1, false
	}
	return c, next, 0, true
}

// expandCmd is GNU expand: tabs to spaces up to the next stop (-i: only
// those before the first non-blank).
func expandCmd(p *shell.Proc) int {
	c, next, code, ok := tabCommand(p, progkit.Getopt{Short: "it:", Long: []string{"initial=i", "tabs:=t"}})
	if !ok {
		return code
	}
	return eachInput(p, c.Operands, func(line string, newline bool) {
		var b strings.Builder
		col, leading := 0, true
		for i := 0; i < len(line); i++ {
			ch := line[i]
			switch {
			case ch == '\t' && (leading || !c.Has("i")):
				n := next(col)
				b.WriteString(strings.Repeat(" ", n-col))
				col = n
				continue
			case ch == '\b':
				col = max(col-1, 0)
			default:
				col++
			}
			if ch != ' ' && ch != '\t' {
				leading = false
			}
			b.WriteByte(ch)
		}
		if newline {
			b.WriteByte('\n')
		}
		p.Printf("%s", b.String())
	})
}

// unexpandCmd is GNU unexpand: runs of blanks that reach a tab stop become
// tabs, leading ones only unless -a (or -t).
func unexpandCmd(p *shell.Proc) int {
	c, next, code, ok := tabCommand(p, progkit.Getopt{Short: "at:", Long: []string{"all=a", "first-only", "tabs:=t"}})
	if !ok {
		return code
	}
	all := (c.Has("a") || c.Has("t")) && !c.Has("first-only")
	return eachInput(p, c.Operands, func(line string, newline bool) {
		var b strings.Builder
		col, blanks, leading := 0, 0, true
		pending := func() {
			b.WriteString(strings.Repeat(" ", blanks))
			blanks = 0
		}
		for i := 0; i < len(line); i++ {
			ch := line[i]
			convert := leading || all
			switch {
			case ch == ' ' && convert:
				col++
				blanks++
				if col == next(col-1) && blanks > 1 {
					b.WriteByte('\t')
					blanks = 0
				} else if col == next(col-1) {
					pending()
				}
				continue
			case ch == '\t' && convert:
				blanks = 0
				col = next(col)
				b.WriteByte('\t')
				continue
			}
			pending()
			leading = false
			col++
			b.WriteByte(ch)
		}
		pending()
		if newline {
			b.WriteByte('\n')
		}
		p.Printf("%s", b.String())
	})
}

// factorCmd is GNU factor: each number's prime factors, from the operands
// or stdin's words.
func factorCmd(p *shell.Proc) int {
	// (-h, --exponents came with coreutils 9.2, after Debian 12's)
	g := progkit.Getopt{}
	c, code, ok := g.Parse(p, p.Args())
	if !ok {
		return code
	}
	words := c.Operands
	if len(words) == 0 {
		data, _ := p.ReadAll(p.Stdin)
		words = strings.Fields(string(data))
	}
	status := 0
	for _, w := range words {
		n, ok := new(big.Int).SetString(strings.TrimPrefix(w, "+"), 10)
		if !ok || n.Sign() < 0 {
			p.Errorf("%s is not a valid positive integer", progkit.QuoteName(p, w))
			status = 1
			continue
		}
		var b strings.Builder
		b.WriteString(n.String() + ":")
		exps := map[string]int{}
		var order []string
		d := big.NewInt(2)
		zero, one := big.NewInt(0), big.NewInt(1)
		m, r := new(big.Int), new(big.Int)
		rest := new(big.Int).Set(n)
		// trial division, stopping when what is left is prime (a large
		// prime would otherwise take for ever)
		for rest.Cmp(one) > 0 && !rest.ProbablyPrime(20) && new(big.Int).Mul(d, d).Cmp(rest) <= 0 {
			if m.DivMod(rest, d, r); r.Cmp(zero) == 0 {
				rest.Set(m)
				if exps[d.String()] == 0 {
					order = append(order, d.String())
				}
				exps[d.String()]++
				continue
			}
			d.Add(d, one)
		}
		if rest.Cmp(one) > 0 {
			if exps[rest.String()] == 0 {
				order = append(order, rest.String())
			}
			exps[rest.String()]++
		}
		for _, f := range order {
			b.WriteString(strings.Repeat(" "+f, exps[f]))
		}
		p.Printf("%s\n", b.String())
	}
	return status
}
