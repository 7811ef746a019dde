package text

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
)

func init() {
	shell.Register(shell.Command{Name: "cut", Run: cutCmd})
	shell.Register(shell.Command{Name: "tr", Run: trCmd})
}

var cutSpec = progkit.Spec{
	Short: "b:c:f:d:snz",
	Long: []string{"bytes=b", "characters=c", "fields=f", "delimiter=d", "only-delimited=s",
		"complement", "output-delimiter:", "zero-terminated=z"},
}

// cutRange is an inclusive range of 1-based positions; hi is MaxInt for "N-".
type cutRange struct{ lo, hi int }

// cutCmd is GNU cut.
func cutCmd(p *shell.Proc) int {
	opts, operands, fail := progkit.ParseSpec(p, p.Args(), cutSpec)
	if fail != 0 {
		return fail
	}
	var mode, list, delim, outDelim string
	var onlyDelimited, complement, hasDelim, hasOutDelim bool
	for _, o := range opts {
		switch o.Key {
		case "b", "c", "f":
			if mode != "" {
				return progkit.SpecUsageError(p, cutSpec, "only one type of list may be specified")
			}
			mode, list = o.Key, o.Val
		case "d":
			delim, hasDelim = o.Val, true
		case "s":
			onlyDelimited = true
		case "complement":
			complement = true
		case "output-delimiter":
			outDelim, hasOutDelim = o.Val, true
		}
	}
	switch {
	case mode == "":
		return progkit.SpecUsageError(p, cutSpec, "you must specify a list of bytes, characters, or fields")
	case hasDelim && mode != "f":
		return progkit.SpecUsageError(p, cutSpec, "an input delimiter may be specified only when operating on fields")
	case onlyDelimited && mode != "f":
		return progkit.SpecUsageError(p, cutSpec, "suppressing non-delimited lines makes sense\n\tonly when operating on fields")
	case hasDelim && len(delim) != 1:
		return progkit.SpecUsageError(p, cutSpec, "the delimiter must be a single character")
	}
	if !hasDelim {
		delim = "\t"
	}
	ranges, msg := cutParseList(list, mode != "f")
	if msg != "" {
		return progkit.SpecUsageError(p, cutSpec, msg)
	}
	if complement {
		ranges = cutComplement(ranges)
	}
	if !hasOutDelim {
		outDelim = delim
		if mode != "f" {
			outDelim = ""
		}
	}
	selected := func(n int) bool {
		for _, r := range ranges {
			if n >= r.lo && n <= r.hi {
				return true
			}
		}
		return false
	}
	if len(operands) == 0 {
		operands = []string{"-"}
	}
	status := 0
	for _, f := range operands {
		r, closeFn, err := progkit.OpenInput(p, f)
		if err != nil {
			p.Errorf("%s: %s", progkit.QuoteNameColon(p, f), p.Strerror(err))
			status = 1
			continue
		}
		var b strings.Builder
		p.Lines(r, func(line string) bool {
			if mode == "f" {
				if !strings.Contains(line, delim) {
					if !onlyDelimited {
						b.WriteString(line + "\n")
					}
					return true
				}
				var out []string
				for i, field := range strings.Split(line, delim) {
					if selected(i + 1) {
						out = append(out, field)
					}
				}
				b.WriteString(strings.Join(out, outDelim) + "\n")
				return true
			}
			prev := -1
			for i := 0; i < len(line); i++ {
				if !selected(i + 1) {
					continue
				}
				if prev >= 0 && i > prev+1 {
					b.WriteString(outDelim)
				}
				b.WriteByte(line[i])
				prev = i
			}
			b.WriteByte('\n')
			return true
		})
		closeFn()
		p.Printf("%s", b.String())
	}
	return status
}

// cutParseList reads a list like 1,3-5,7- as coreutils' set_fields does.
func cutParseList(list string, positions bool) ([]cutRange, string) {
	word := func(field, pos string) string {
		if positions {
			return pos
		}
		return field
	}
	var out []cutRange
	for _, item := range strings.FieldsFunc(list, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
		lo, hi, dash := strings.Cut(item, "-")
		if strings.Contains(hi, "-") {
			return nil, word("invalid field range", "invalid byte or character range")
		}
		num := func(s string) (int, string) {
			for _, c := range s {
				if c < '0' || c > '9' {
					return 0, fmt.Sprintf(word("invalid field value %s", "invalid byte/character position %s"), progkit.QuoteC(s))
				}
			}
			n, err := strconv.Atoi(s)
			if err != nil {
				return 0, fmt.Sprintf(word("field number %s is too large", "byte/character offset %s is too large"), progkit.QuoteC(s))
			}
			return n, ""
		}
		r := cutRange{1, math.MaxInt}
		var msg string
		switch {
		case !dash:
			if r.lo, msg = num(item); msg == "" {
				r.hi = r.lo
			}
		case lo == "" && hi == "":
			return nil, "invalid range with no endpoint: -"
		default:
			if lo != "" {
				r.lo, msg = num(lo)
			}
			if msg == "" && hi != "" {
				r.hi, msg = num(hi)
			}
		}
		if msg != "" {
			return nil, msg
		}
		if r.lo == 0 || r.hi == 0 {
			return nil, word("fields are numbered from 1", "byte/character positions are numbered from 1")
		}
		if r.hi < r.lo {
			return nil, "invalid decreasing range"
		}
		out = append(out, r)
	}
	if len(out) == 0 {
		return nil, word("missing list of fields", "missing list of byte/character positions")
	}
	sort.Slice(out, func(i, j int) bool { return out[i].lo < out[j].lo })
	return out, ""
}

// cutComplement selects what the ranges leave out.
func cutComplement(ranges []cutRange) []cutRange {
	var out []cutRange
	next := 1
	for _, r := range ranges {
		if r.lo > next {
			out = append(out, cutRange{next, r.lo - 1})
		}
		if r.hi == math.MaxInt {
			return out
		}
		next = max(next, r.hi+1)
	}
	return append(out, cutRange{next, math.MaxInt})
}

// trCmd is GNU tr.
func trCmd(p *shell.Proc) int {
	spec := progkit.Spec{Short: "cCdst", Long: []string{"complement=c", "delete=d", "squeeze-repeats=s", "truncate-set1=t"}}
	opts, operands, fail := progkit.ParseSpec(p, p.Args(), spec)
	if fail != 0 {
		return fail
	}
	var complement, del, squeeze, truncate bool
	for _, o := range opts {
		switch o.Key {
		case "c", "C":
			complement = true
		case "d":
			del = true
		case "s":
			squeeze = true
		case "t":
			truncate = true
		}
	}
	translating := !del && len(operands) > 1
	switch {
	case len(operands) == 0:
		return progkit.SpecUsageError(p, spec, "missing operand")
	case len(operands) == 1 && !del && !squeeze:
		return progkit.SpecUsageError(p, spec, fmt.Sprintf("missing operand after %s\nTwo strings must be given when translating.", progkit.QuoteC(operands[0])))
	case len(operands) == 2 && del && !squeeze:
		return progkit.SpecUsageError(p, spec, fmt.Sprintf("extra operand %s\nOnly one string may be given when deleting without squeezing repeated characters.", progkit.QuoteC(operands[1])))
	case len(operands) > 2:
		return progkit.SpecUsageError(p, spec, "extra operand "+progkit.QuoteC(operands[2]))
	}
	set1, msg := trExpand(operands[0], false)
	if msg != "" {
		return p.Fail(1, "%s", msg)
	}
	if complement {
		in := map[byte]bool{}
		for _, c := range set1 {
			in[c] = true
		}
		set1 = set1[:0]
		for c := 0; c < 256; c++ {
			if !in[byte(c)] {
				set1 = append(set1, byte(c))
			}
		}
	}
	var set2 []byte
	if len(operands) > 1 {
		if set2, msg = trExpand(operands[1], true); msg != "" {
			return p.Fail(1, "%s", msg)
		}
	}
	var table [256]int // -1: delete; otherwise the output byte
	for i := range table {
		table[i] = i
	}
	var squeezeSet [256]bool
	switch {
	case translating:
		if len(set2) == 0 && len(set1) > 0 {
			return p.Fail(1, "when not truncating set1, string2 must be non-empty")
		}
		if truncate && len(set1) > len(set2) {
			set1 = set1[:len(set2)]
		}
		for i, c := range set1 {
			table[c] = int(set2[min(i, len(set2)-1)])
		}
		for _, c := range set2 {
			squeezeSet[c] = squeeze
		}
	case del:
		for _, c := range set1 {
			table[c] = -1
		}
		for _, c := range set2 {
			squeezeSet[c] = true
		}
	default:
		for _, c := range set1 {
			squeezeSet[c] = true
		}
	}
	in := bufio.NewReader(p.Stdin)
	out := bufio.NewWriter(p.Stdout)
	defer out.Flush()
	last := -1
	buf := make([]byte, 32*1024)
	for {
		n, err := in.Read(buf)
		for _, c := range buf[:n] {
			t := table[c]
			if t < 0 {
				continue
			}
			if squeezeSet[t] && t == last {
				continue
			}
			out.WriteByte(byte(t))
			last = t
		}
		if err != nil {
			if err != io.EOF && p.Ctx.Err() == nil {
				return p.Fail(1, "read error: %s", p.Strerror(err))
			}
			return 0
		}
		if out.Flush() != nil {
			return 0 // its reader gone (SIGPIPE) or the disk full: the write error says which
		}
	}
}

// trClasses are the bytes of tr's character classes, in order.
var trClasses = map[string]func(c byte) bool{
	"alpha":  func(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' },
	"digit":  func(c byte) bool { return c >= '0' && c <= '9' },
	"alnum":  func(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' },
	"upper":  func(c byte) bool { return c >= 'A' && c <= 'Z' },
	"lower":  func(c byte) bool { return c >= 'a' && c <= 'z' },
	"space":  func(c byte) bool { return c == ' ' || c >= '\t' && c <= '\r' },
	"blank":  func(c byte) bool { return c == ' ' || c == '\t' },
	"punct":  func(c byte) bool { return c > ' ' && c < 0x7f && !txtWordChar(c) || c == '_' },
	"print":  func(c byte) bool { return c >= ' ' && c < 0x7f },
	"graph":  func(c byte) bool { return c > ' ' && c < 0x7f },
	"cntrl":  func(c byte) bool { return c < ' ' || c == 0x7f },
	"xdigit": func(c byte) bool { return isHex(c) },
}

// trExpand turns a tr set into its bytes: escapes, ranges, [:class:], [=c=],
// [c*n]. In set2 only the upper and lower classes are allowed.
func trExpand(s string, set2 bool) ([]byte, string) {
	// First unescape into bytes, remembering which were escaped (not syntax).
	type item struct {
		c       byte
		literal bool
	}
	var items []item
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 == len(s) {
			items = append(items, item{s[i], false})
			continue
		}
		i++
		e := s[i]
		switch {
		case e >= '0' && e <= '7':
			v, n := 0, 0
			for n < 3 && i+n < len(s) && s[i+n] >= '0' && s[i+n] <= '7' && v*8+int(s[i+n]-'0') < 256 {
				v = v*8 + int(s[i+n]-'0')
				n++
			}
			i += n - 1
			items = append(items, item{byte(v), true})
		default:
			if r, ok := progkit.SimpleEscapes[e]; ok && e != '"' && e != 'e' {
				e = r
			}
			items = append(items, item{e, true})
		}
	}
	var out []byte
	text := func(from, to int) string {
		var b strings.Builder
		for _, it := range items[from:to] {
			b.WriteByte(it.c)
		}
		return b.String()
	}
	for i := 0; i < len(items); i++ {
		it := items[i]
		if !it.literal && it.c == '[' && i+1 < len(items) {
			// [:class:], [=c=] or [c*n]
			rest := text(i+1, len(items))
			switch {
			case strings.HasPrefix(rest, ":") && strings.Contains(rest[1:], ":]"):
				name := rest[1 : strings.Index(rest[1:], ":]")+1]
				is, ok := trClasses[name]
				if !ok {
					return nil, fmt.Sprintf("invalid character class %s", progkit.QuoteC(name))
				}
				if set2 && name != "upper" && name != "lower" {
					return nil, "the only character classes that may appear in string2 are 'upper' and 'lower'"
				}
				for c := 0; c < 256; c++ {
					if is(byte(c)) {
						out = append(out, byte(c))
					}
				}
				i += len(name) + 3
				continue
			case strings.HasPrefix(rest, "=") && len(rest) >= 4 && rest[2:4] == "=]":
				out = append(out, rest[1])
				i += 4
				continue
			case len(rest) >= 3 && rest[1] == '*' && strings.Contains(rest[2:], "]"):
				count := rest[2:strings.Index(rest, "]")]
				n := 0
				if count != "" {
					v, err := strconv.ParseInt(count, 0, 32)
					if err != nil {
						return nil, fmt.Sprintf("invalid repeat count %s in [c*n] construct", progkit.QuoteC(count))
					}
					n = int(v)
				}
				if n == 0 {
					n = 1 // [c*] fills set2; once is enough here as the last byte repeats
				}
				for k := 0; k < n; k++ {
					out = append(out, rest[0])
				}
				i += 3 + len(count)
				continue
			}
		}
		if i+2 < len(items) && items[i+1].c == '-' && !items[i+1].literal {
			hi := items[i+2].c
			if hi < it.c {
				return nil, fmt.Sprintf("range-endpoints of %s are in reverse collating sequence order", progkit.QuoteC(text(i, i+3)))
			}
			for c := int(it.c); c <= int(hi); c++ {
				out = append(out, byte(c))
			}
			i += 2
			continue
		}
		out = append(out, it.c)
	}
	return out, ""
}
