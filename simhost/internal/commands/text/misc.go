package text

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"path"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
)

func init() {
	shell.Register(shell.Command{Name: "sleep", Run: sleepCmd})
	shell.Register(shell.Command{Name: "yes", Run: yesCmd})
	shell.Register(shell.Command{Name: "seq", Only: "gnu", Run: seqCmd})
	shell.Register(shell.Command{Name: "basename", Run: basenameCmd})
	shell.Register(shell.Command{Name: "dirname", Run: dirnameCmd})
	shell.Register(shell.Command{Name: "readlink", Only: "gnu", Run: readlinkCmd})
	shell.Register(shell.Command{Name: "realpath", Only: "gnu", Run: realpathCmd})
	shell.Register(shell.Command{Name: "tac", Only: "gnu", Run: tacCmd})
	shell.Register(shell.Command{Name: "rev", Only: "gnu", ShortName: true, Run: revCmd})
	shell.Register(shell.Command{Name: "nl", Run: nlCmd})
}

// sleepCmd is GNU sleep: the intervals (with s, m, h, d suffixes, fractions and
// "infinity") add up; a kill or the session's end stops it.
func sleepCmd(p *shell.Proc) int {
	spec := progkit.Spec{}
	_, operands, fail := progkit.ParseSpec(p, sleepOperands(p.Args()), spec)
	if fail != 0 {
		return fail
	}
	if len(operands) == 0 {
		return progkit.SpecUsageError(p, spec, "missing operand")
	}
	total, ok := 0.0, true
	for _, a := range operands {
		num, unit := a, 1.0
		if n := len(a); n > 0 {
			if mult, has := map[byte]float64{'s': 1, 'm': 60, 'h': 3600, 'd': 86400}[a[n-1]]; has {
				num, unit = a[:n-1], mult
			}
		}
		v, err := strconv.ParseFloat(num, 64)
		if err != nil && !math.IsInf(v, 1) || v < 0 || math.IsNaN(v) {
			p.Errorf("invalid time interval %s", progkit.QuoteC(a))
			ok = false
			continue
		}
		total += v * unit
	}
	if !ok {
		return progkit.SpecUsageError(p, spec, "")
	}
	d := time.Duration(math.MaxInt64)
	if total*float64(time.Second) < float64(math.MaxInt64) {
		d = time.Duration(total * float64(time.Second))
	}
	if !p.Sleep(d) {
		return 130
	}
	return 0
}

// sleepOperands lets "-1"-like words through as operands (GNU sleep reports
// them as invalid intervals, not options).
func sleepOperands(args []string) []string {
	for i, a := range args {
		if len(a) > 1 && a[0] == '-' && (a[1] >= '0' && a[1] <= '9' || a[1] == '.') {
			return append(append(args[:i:i], "--"), args[i:]...)
		}
	}
	return args
}

// yesCmd repeats its arguments (or y) until its output fails or it is stopped.
func yesCmd(p *shell.Proc) int {
	word := "y"
	if args := p.Args(); len(args) > 0 {
		word = strings.Join(args, " ")
	}
	chunk := strings.Repeat(word+"\n", max(1, 8192/(len(word)+1)))
	for p.Ctx.Err() == nil {
		if _, err := io.WriteString(p.Stdout, chunk); err != nil {
			if !errors.Is(err, syscall.EPIPE) && !errors.Is(err, io.ErrClosedPipe) {
				p.Errorf("standard output: %s", p.Strerror(err)) // a full disk; a closed pipe is SIGPIPE, silent
			}
			return 1
		}
	}
	return 1
}

// seqCmd is GNU seq.
func seqCmd(p *shell.Proc) int {
	spec := progkit.Spec{Short: "f:s:w", Long: []string{"format=f", "separator=s", "equal-width=w"}, InOrder: true}
	args := p.Args()
	split := len(args)
	for i, a := range args {
		if len(a) > 1 && a[0] == '-' && (a[1] >= '0' && a[1] <= '9' || a[1] == '.') {
			split = i // a negative number: options end here
			break
		}
	}
	opts, operands, fail := progkit.ParseSpec(p, args[:split], spec)
	if fail != 0 {
		return fail
	}
	operands = append(operands, args[split:]...)
	format, sep, equal := "", "\n", false
	for _, o := range opts {
		switch o.Key {
		case "f":
			format = o.Val
		case "s":
			sep = o.Val
		case "w":
			equal = true
		}
	}
	switch {
	case len(operands) == 0:
		return progkit.SpecUsageError(p, spec, "missing operand")
	case len(operands) > 3:
		return progkit.SpecUsageError(p, spec, "extra operand "+progkit.QuoteC(operands[3]))
	case format != "" && equal:
		return progkit.SpecUsageError(p, spec, "format string may not be specified when printing equal width strings")
	}
	nums := make([]float64, len(operands))
	precs := make([]int, len(operands))
	for i, a := range operands {
		text, used := txtFloatPrefix(a)
		v, err := strconv.ParseFloat(strings.TrimSpace(text), 64)
		if used != len(a) || err != nil || math.IsNaN(v) {
			return progkit.SpecUsageError(p, spec, fmt.Sprintf("invalid floating point argument: %s", progkit.QuoteC(a)))
		}
		nums[i] = v
		precs[i] = seqPrecision(a)
	}
	first, step, last := 1.0, 1.0, nums[len(nums)-1]
	firstPrec, stepPrec := 0, 0
	if len(nums) > 1 {
		first, firstPrec = nums[0], precs[0]
	}
	if len(nums) == 3 {
		step, stepPrec = nums[1], precs[1]
		if step == 0 {
			return progkit.SpecUsageError(p, spec, fmt.Sprintf("invalid Zero increment value: %s", progkit.QuoteC(operands[1])))
		}
	}
	render := func(v float64) string {
		if format != "" {
			f := &txtPrintf{errorf: p.Errorf, args: []string{strconv.FormatFloat(v, 'g', -1, 64)}}
			f.run(format)
			return f.out.String()
		}
		prec := max(firstPrec, stepPrec)
		if prec < 0 || precs[len(precs)-1] < 0 {
			return strconv.FormatFloat(v, 'g', 6, 64)
		}
		return strconv.FormatFloat(v, 'f', prec, 64)
	}
	if format != "" && !strings.Contains(strings.ReplaceAll(format, "%%", ""), "%") {
		return p.Fail(1, "format %s has no %% directive", progkit.QuoteC(format))
	}
	width := 0
	if equal {
		width = max(len(render(first)), len(render(last)))
	}
	var b strings.Builder
	printed := 0
	for i := 0; ; i++ {
		v := first + float64(i)*step
		if step > 0 && v > last || step < 0 && v < last {
			break
		}
		printed++
		if i > 0 {
			b.WriteString(sep)
		}
		s := render(v)
		if equal && len(s) < width {
			neg := strings.HasPrefix(s, "-")
			s = strings.TrimPrefix(s, "-")
			s = strings.Repeat("0", width-len(s)-btoi(neg)) + s
			if neg {
				s = "-" + s
			}
		}
		b.WriteString(s)
		if b.Len() > 64*1024 {
			p.Printf("%s", b.String())
			b.Reset()
			if p.Ctx.Err() != nil {
				return 1
			}
		}
	}
	if printed > 0 {
		b.WriteString("\n")
	}
	p.Printf("%s", b.String())
	return 0
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// seqPrecision is the number of digits after the point, -1 for exponent forms.
func seqPrecision(s string) int {
	if strings.ContainsAny(s, "eExXpP") {
		return -1
	}
	if _, frac, ok := strings.Cut(s, "."); ok {
		return len(frac)
	}
	return 0
}

// basenameCmd is GNU basename (basename NAME [SUFFIX], -a, -s).
func basenameCmd(p *shell.Proc) int {
	spec := progkit.Spec{Short: "as:z", Long: []string{"multiple=a", "suffix=s", "zero=z"}}
	opts, operands, fail := progkit.ParseSpec(p, p.Args(), spec)
	if fail != 0 {
		return fail
	}
	multiple, suffix, end := false, "", "\n"
	for _, o := range opts {
		switch o.Key {
		case "a":
			multiple = true
		case "s":
			multiple, suffix = true, o.Val
		case "z":
			end = "\x00"
		}
	}
	switch {
	case len(operands) == 0:
		return progkit.SpecUsageError(p, spec, "missing operand")
	case !multiple && len(operands) > 2:
		return progkit.SpecUsageError(p, spec, "extra operand "+progkit.QuoteC(operands[2]))
	case !multiple && len(operands) == 2:
		suffix, operands = operands[1], operands[:1]
	}
	for _, name := range operands {
		base := txtBase(name)
		if suffix != "" && base != suffix && strings.HasSuffix(base, suffix) {
			base = strings.TrimSuffix(base, suffix)
		}
		p.Printf("%s%s", base, end)
	}
	return 0
}

// txtBase is the last component of name, "/" for the root, "" for "".
func txtBase(name string) string {
	if name == "" {
		return ""
	}
	trimmed := strings.TrimRight(name, "/")
	if trimmed == "" {
		return "/"
	}
	return trimmed[strings.LastIndex(trimmed, "/")+1:]
}

// dirnameCmd is GNU dirname.
func dirnameCmd(p *shell.Proc) int {
	spec := progkit.Spec{Short: "z", Long: []string{"zero=z"}}
	opts, operands, fail := progkit.ParseSpec(p, p.Args(), spec)
	if fail != 0 {
		return fail
	}
	if len(operands) == 0 {
		return progkit.SpecUsageError(p, spec, "missing operand")
	}
	end := "\n"
	if len(opts) > 0 {
		end = "\x00"
	}
	for _, name := range operands {
		p.Printf("%s%s", txtDir(name), end)
	}
	return 0
}

// txtDir is dirname's answer for name.
func txtDir(name string) string {
	trimmed := strings.TrimRight(name, "/")
	if trimmed == "" {
		if strings.HasPrefix(name, "/") {
			return "/"
		}
		return "."
	}
	i := strings.LastIndex(trimmed, "/")
	if i < 0 {
		return "."
	}
	dir := strings.TrimRight(trimmed[:i], "/")
	if dir == "" {
		return "/"
	}
	return dir
}

// txtCanonicalize resolves name as readlink -f/-e/-m and realpath do: mode 'e'
// needs every component, 'f' all but the last, 'm' none. links false only
// cleans the path lexically (realpath -s).
func txtCanonicalize(p *shell.Proc, name string, mode byte, links bool) (string, error) {
	if name == "" {
		return "", syscall.ENOENT
	}
	fsys, cred := p.M.FS, p.Cred()
	rest := strings.Split(name, "/")
	cur := p.Dir
	if strings.HasPrefix(name, "/") {
		cur = "/"
	}
	for hops := 0; len(rest) > 0; {
		comp := rest[0]
		rest = rest[1:]
		switch comp {
		case "", ".":
			continue
		case "..":
			cur = path.Dir(cur)
			continue
		}
		next := path.Join(cur, comp)
		if !links {
			cur = next
			continue
		}
		info, err := fsys.Lstat(cred, next)
		if err != nil {
			last := strings.Trim(strings.Join(rest, "/"), "/") == ""
			if errors.Is(err, fs.ErrNotExist) && (mode == 'm' || mode == 'f' && last) {
				cur = next
				if mode == 'm' {
					continue
				}
				return cur, nil
			}
			return "", err
		}
		if info.Mode&fs.ModeSymlink != 0 {
			if hops++; hops > 40 {
				return "", syscall.ELOOP
			}
			target, err := fsys.Readlink(cred, next)
			if err != nil {
				return "", err
			}
			if strings.HasPrefix(target, "/") {
				cur = "/"
			}
			rest = append(strings.Split(target, "/"), rest...)
			continue
		}
		if !info.Mode.IsDir() && strings.Trim(strings.Join(rest, "/"), "/") != "" && mode != 'm' {
			return "", syscall.ENOTDIR
		}
		cur = next
	}
	return cur, nil
}

// readlinkCmd is GNU readlink.
func readlinkCmd(p *shell.Proc) int {
	spec := progkit.Spec{Short: "femnqsvz", Long: []string{"canonicalize=f", "canonicalize-existing=e",
		"canonicalize-missing=m", "no-newline=n", "quiet=q", "silent=s", "verbose=v", "zero=z"}}
	opts, operands, fail := progkit.ParseSpec(p, p.Args(), spec)
	if fail != 0 {
		return fail
	}
	var mode byte
	noNewline, verbose, end := false, false, "\n"
	for _, o := range opts {
		switch o.Key {
		case "f", "e", "m":
			mode = o.Key[0]
		case "n":
			noNewline = true
		case "q", "s":
			verbose = false
		case "v":
			verbose = true
		case "z":
			end = "\x00"
		}
	}
	if len(operands) == 0 {
		return progkit.SpecUsageError(p, spec, "missing operand")
	}
	if noNewline && len(operands) > 1 {
		p.Errorf("ignoring --no-newline with multiple arguments")
		noNewline = false
	}
	if noNewline {
		end = ""
	}
	status := 0
	for _, name := range operands {
		var out string
		var err error
		if mode == 0 {
			out, err = p.M.FS.Readlink(p.Cred(), p.Abs(name))
		} else {
			out, err = txtCanonicalize(p, name, mode, true)
		}
		if err != nil {
			if verbose {
				p.Errorf("%s: %s", progkit.QuoteNameColon(p, name), p.Strerror(err))
			}
			status = 1
			continue
		}
		p.Printf("%s%s", out, end)
	}
	return status
}

// realpathCmd is GNU realpath.
func realpathCmd(p *shell.Proc) int {
	spec := progkit.Spec{Short: "eEmLPqsz", Long: []string{"canonicalize-existing=e", "canonicalize-missing=m",
		"logical=L", "physical=P", "quiet=q", "strip=s", "no-symlinks=s", "zero=z", "relative-to:", "relative-base:"}}
	opts, operands, fail := progkit.ParseSpec(p, p.Args(), spec)
	if fail != 0 {
		return fail
	}
	mode, links, quiet, end, relTo := byte('f'), true, false, "\n", ""
	for _, o := range opts {
		switch o.Key {
		case "e", "m":
			mode = o.Key[0]
		case "E":
			mode = 'f'
		case "s":
			links = false
		case "q":
			quiet = true
		case "z":
			end = "\x00"
		case "relative-to":
			relTo = o.Val
		}
	}
	if len(operands) == 0 {
		return progkit.SpecUsageError(p, spec, "missing operand")
	}
	base := ""
	if relTo != "" {
		var err error
		if base, err = txtCanonicalize(p, relTo, mode, links); err != nil {
			return p.Fail(1, "%s: %s", relTo, p.Strerror(err))
		}
	}
	status := 0
	for _, name := range operands {
		out, err := txtCanonicalize(p, name, mode, links)
		if err != nil {
			if !quiet {
				p.Errorf("%s: %s", progkit.QuoteNameColon(p, name), p.Strerror(err))
			}
			status = 1
			continue
		}
		if base != "" {
			out = txtRelative(base, out)
		}
		p.Printf("%s%s", out, end)
	}
	return status
}

// txtRelative expresses target relative to the directory base.
func txtRelative(base, target string) string {
	bs, ts := strings.Split(strings.Trim(base, "/"), "/"), strings.Split(strings.Trim(target, "/"), "/")
	if base == "/" {
		bs = nil
	}
	if target == "/" {
		ts = nil
	}
	i := 0
	for i < len(bs) && i < len(ts) && bs[i] == ts[i] {
		i++
	}
	var out []string
	for j := 0; j < len(bs)-i; j++ {
		out = append(out, "..")
	}
	out = append(out, ts[i:]...)
	if len(out) == 0 {
		return "."
	}
	return strings.Join(out, "/")
}

// tacCmd prints files last line first.
func tacCmd(p *shell.Proc) int {
	_, operands, fail := progkit.ParseSpec(p, p.Args(), progkit.Spec{Short: "brs:", Long: []string{"before=b", "regex=r", "separator=s"}})
	if fail != 0 {
		return fail
	}
	failed := func(f string, err error) {
		p.Errorf("failed to open %s for reading: %s", progkit.QuoteC(f), p.Strerror(err))
	}
	return progkit.ReadEach(p, operands, failed, func(_ string, data []byte) {
		records := strings.SplitAfter(string(data), "\n")
		var b strings.Builder
		for i := len(records) - 1; i >= 0; i-- {
			b.WriteString(records[i])
		}
		p.Printf("%s", b.String())
	})
}

// revCmd is util-linux rev: each line's characters reversed.
func revCmd(p *shell.Proc) int {
	_, operands, fail := progkit.ParseSpec(p, p.Args(), progkit.Spec{Short: "0", Long: []string{"zero=0"}})
	if fail != 0 {
		return fail
	}
	utf := progkit.UTF8Locale(p)
	failed := func(f string, err error) { p.Errorf("cannot open %s: %s", f, p.Strerror(err)) }
	return progkit.ReadEach(p, operands, failed, func(_ string, data []byte) {
		var b strings.Builder
		for _, rec := range strings.SplitAfter(string(data), "\n") {
			line, nl := strings.CutSuffix(rec, "\n")
			if utf {
				r := []rune(line)
				for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
					r[i], r[j] = r[j], r[i]
				}
				b.WriteString(string(r))
			} else {
				for i := len(line) - 1; i >= 0; i-- {
					b.WriteByte(line[i])
				}
			}
			if nl {
				b.WriteByte('\n')
			}
		}
		p.Printf("%s", b.String())
	})
}

// nlCmd is GNU nl for the body section: -b a|t|n, -w, -s, -v, -i, -n.
func nlCmd(p *shell.Proc) int {
	spec := progkit.Spec{Short: "b:w:s:v:i:n:", Long: []string{"body-numbering=b", "number-width=w",
		"number-separator=s", "starting-line-number=v", "line-increment=i", "number-format=n"}}
	opts, operands, fail := progkit.ParseSpec(p, p.Args(), spec)
	if fail != 0 {
		return fail
	}
	style, width, sep, start, incr, format := "t", 6, "\t", 1, 1, "rn"
	for _, o := range opts {
		switch o.Key {
		case "b":
			if o.Val != "a" && o.Val != "t" && o.Val != "n" {
				return progkit.SpecUsageError(p, spec, "invalid body numbering style: "+progkit.QuoteC(o.Val))
			}
			style = o.Val
		case "s":
			sep = o.Val
		case "n":
			format = o.Val
		case "w", "v", "i":
			n, err := strconv.Atoi(o.Val)
			if err != nil {
				what := map[string]string{"w": "line number field width", "v": "starting line number", "i": "line number increment"}[o.Key]
				return progkit.SpecUsageError(p, spec, fmt.Sprintf("invalid %s: %s", what, progkit.QuoteC(o.Val)))
			}
			switch o.Key {
			case "w":
				width = n
			case "v":
				start = n
			default:
				incr = n
			}
		}
	}
	num := start
	return progkit.ReadEach(p, operands, nil, func(_ string, data []byte) {
		var b strings.Builder
		for _, line := range progkit.Lines(data) {
			if style == "a" || style == "t" && line != "" {
				n := strconv.Itoa(num)
				switch format {
				case "ln":
					n += strings.Repeat(" ", max(0, width-len(n)))
				case "rz":
					n = strings.Repeat("0", max(0, width-len(n))) + n
				default:
					n = progkit.PadLeft(n, width)
				}
				b.WriteString(n + sep + line + "\n")
				num += incr
				continue
			}
			b.WriteString(strings.Repeat(" ", width+len(sep)) + line + "\n")
		}
		p.Printf("%s", b.String())
	})
}
