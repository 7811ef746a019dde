package text

import (
	"fmt"
	"hash/fnv"
	"io/fs"
	"math"
	"math/rand/v2"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
)

func init() {
	shell.Register(shell.Command{Name: "sort", Run: sortCmd})
	shell.Register(shell.Command{Name: "uniq", Run: uniqCmd})
}

var sortSpec = progkit.Spec{
	Short: "bcCdfghik:mMno:rRsS:t:T:uVz",
	Long: []string{"ignore-leading-blanks=b", "check::", "dictionary-order=d", "ignore-case=f",
		"general-numeric-sort=g", "human-numeric-sort=h", "ignore-nonprinting=i", "key=k", "merge=m",
		"month-sort=M", "numeric-sort=n", "output=o", "reverse=r", "random-sort=R", "stable=s",
		"buffer-size=S", "field-separator=t", "temporary-directory=T", "unique=u", "version-sort=V",
		"zero-terminated=z", "parallel:", "sort:", "debug", "random-source:"},
	Code: 2,
}

// sortKey is one -k key (or the whole line), with its ordering options.
type sortKey struct {
	sword, schar, eword, echar int // fields and characters to skip; eword < 0 is the end of line
	skipStart, skipEnd         bool
	opts                       string // of "dfghiMnRV"
	reverse                    bool
}

// txtSort is a sort run's settings.
type txtSort struct {
	keys            []sortKey
	tab             byte
	hasTab          bool
	reverse, stable bool
	unique          bool
	seed            uint64
}

// sortCmd is GNU sort in the C locale.
func sortCmd(p *shell.Proc) int {
	opts, operands, fail := progkit.ParseSpec(p, p.Args(), sortSpec)
	if fail != 0 {
		return fail
	}
	s := &txtSort{seed: rand.Uint64()}
	global := sortKey{eword: -1}
	check, quietCheck := false, false
	output := ""
	sep := byte('\n')
	var rawKeys []string
	for _, o := range opts {
		switch k := o.Key; k {
		case "b":
			global.skipStart, global.skipEnd = true, true
		case "d", "f", "g", "h", "i", "M", "n", "R", "V":
			global.opts += k
		case "sort":
			word := map[string]string{"general-numeric": "g", "human-numeric": "h", "month": "M",
				"numeric": "n", "random": "R", "version": "V"}[o.Val]
			if word == "" {
				return progkit.SpecUsageError(p, sortSpec, fmt.Sprintf("invalid argument %s for '--sort'", progkit.QuoteC(o.Val)))
			}
			global.opts += word
		case "r":
			global.reverse = true
		case "c", "check":
			check = true
			quietCheck = o.Val == "quiet" || o.Val == "silent"
		case "C":
			check, quietCheck = true, true
		case "k":
			rawKeys = append(rawKeys, o.Val)
		case "o":
			output = o.Val
		case "s":
			s.stable = true
		case "u":
			s.unique = true
		case "t":
			tab := o.Val
			if tab == `\0` {
				tab = "\x00"
			}
			if len(tab) != 1 {
				if tab == "" {
					return p.Fail(2, "empty tab")
				}
				return p.Fail(2, "multi-character tab %s", progkit.QuoteC(tab))
			}
			if s.hasTab && s.tab != tab[0] {
				return p.Fail(2, "incompatible tabs")
			}
			s.tab, s.hasTab = tab[0], true
		case "z":
			sep = 0
		}
	}
	if msg := sortIncompatible(global.opts); msg != "" {
		return p.Fail(2, "%s", msg)
	}
	for _, raw := range rawKeys {
		k, msg := sortParseKey(raw)
		if msg != "" {
			return p.Fail(2, "%s", msg)
		}
		if k.opts == "" && !k.skipStart && !k.skipEnd && !k.reverse {
			k.opts, k.reverse = global.opts, global.reverse
			k.skipStart, k.skipEnd = global.skipStart, global.skipEnd
		}
		if msg := sortIncompatible(k.opts); msg != "" {
			return p.Fail(2, "%s", msg)
		}
		s.keys = append(s.keys, k)
	}
	if len(s.keys) == 0 {
		s.keys = []sortKey{global}
	}
	s.reverse = global.reverse
	if len(operands) == 0 {
		operands = []string{"-"}
	}
	if check && len(operands) > 1 {
		return progkit.SpecUsageError(p, sortSpec, fmt.Sprintf("extra operand %s not allowed with -c", progkit.QuoteC(operands[1])))
	}
	var lines []string
	spill := &txtSpill{p: p}
	defer spill.close()
	for _, f := range operands {
		data, err := spill.readAll(f)
		if code, ok := spillFailure(p, err); ok {
			return code
		}
		if err != nil {
			if err == progkit.ErrIsDir {
				return p.Fail(2, "read failed: %s: %s", progkit.QuoteNameColon(p, f), p.Strerror(err))
			}
			return p.Fail(2, "cannot read: %s: %s", progkit.QuoteNameColon(p, f), p.Strerror(err))
		}
		text := string(data)
		if text != "" {
			lines = append(lines, strings.Split(strings.TrimSuffix(text, string(sep)), string(sep))...)
		}
	}
	if check {
		for i := 1; i < len(lines); i++ {
			c := s.compare(lines[i-1], lines[i])
			if c > 0 || s.unique && c == 0 {
				if !quietCheck {
					p.Errorf("%s:%d: disorder: %s", operands[0], i+1, lines[i])
				}
				return 1
			}
		}
		return 0
	}
	sort.SliceStable(lines, func(i, j int) bool { return s.compare(lines[i], lines[j]) < 0 })
	if s.unique {
		out := lines[:0]
		for i, l := range lines {
			if i == 0 || s.keyCompare(out[len(out)-1], l) != 0 {
				out = append(out, l)
			}
		}
		lines = out
	}
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(l)
		b.WriteByte(sep)
	}
	if output == "" || output == "-" {
		p.Printf("%s", b.String())
		return 0
	}
	if err := p.M.FS.WriteFile(p.Cred(), p.Abs(output), []byte(b.String()), 0o666&^fs.FileMode(p.Umask)); err != nil {
		return p.Fail(2, "open failed: %s: %s", progkit.QuoteNameColon(p, output), p.Strerror(err))
	}
	return 0
}

// sortIncompatible names conflicting ordering options as sort does.
func sortIncompatible(opts string) string {
	var picked []byte
	for _, c := range "ghMnRV" {
		if strings.ContainsRune(opts, c) {
			picked = append(picked, byte(c))
		}
	}
	if len(picked) > 1 {
		return fmt.Sprintf("options '-%s' are incompatible", string(picked))
	}
	return ""
}

// sortParseKey reads a -k POS1[,POS2] key definition.
func sortParseKey(spec string) (sortKey, string) {
	k := sortKey{eword: -1}
	bad := func(why string) (sortKey, string) {
		return k, fmt.Sprintf("%s: invalid field specification %s", why, progkit.QuoteC(spec))
	}
	num := func(s string, what string) (int, string, string) {
		i := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == 0 {
			return 0, s, fmt.Sprintf("%s: invalid count at start of %s", what, progkit.QuoteC(s))
		}
		n, err := strconv.Atoi(s[:i])
		if err != nil {
			n = math.MaxInt32
		}
		return n, s[i:], ""
	}
	setOpts := func(s string, start bool) string {
		for _, c := range s {
			switch {
			case c == 'b':
				if start {
					k.skipStart = true
				} else {
					k.skipEnd = true
				}
			case c == 'r':
				k.reverse = true
			case strings.ContainsRune("dfghiMnRV", c):
				k.opts += string(c)
			default:
				return fmt.Sprintf("stray character in field spec: invalid field specification %s", progkit.QuoteC(spec))
			}
		}
		return ""
	}
	// position reads a POS's F[.C]; C is noChar when it is not given.
	position := func(s, fieldWhat string, noChar int) (field, char int, rest, msg string) {
		if field, s, msg = num(s, fieldWhat); msg != "" {
			return 0, 0, s, msg
		}
		if field == 0 {
			_, msg = bad("field number is zero")
			return 0, 0, s, msg
		}
		char = noChar
		if strings.HasPrefix(s, ".") {
			char, s, msg = num(s[1:], "invalid number after '.'")
		}
		return field, char, s, msg
	}
	field, char, s, msg := position(spec, "invalid number at field start", 1)
	if msg != "" {
		return k, msg
	}
	if char == 0 {
		return bad("character offset is zero")
	}
	k.sword, k.schar = field-1, char-1
	pos1, rest, hasEnd := strings.Cut(s, ",")
	if msg := setOpts(pos1, true); msg != "" {
		return k, msg
	}
	if !hasEnd {
		return k, ""
	}
	if field, k.echar, rest, msg = position(rest, "invalid number after ','", 0); msg != "" {
		return k, msg
	}
	k.eword = field - 1
	return k, setOpts(rest, false)
}

func sortBlank(c byte) bool { return c == ' ' || c == '\t' }

// field cuts the key out of a line as GNU's begfield and limfield do.
func (s *txtSort) field(line string, k sortKey) string {
	if k.sword == 0 && k.schar == 0 && k.eword < 0 && !k.skipStart {
		return line
	}
	lim := len(line)
	ptr := 0
	skip := func(p, fields int, partial bool) int {
		for ; p < lim && fields > 0; fields-- {
			if s.hasTab {
				for p < lim && line[p] != s.tab {
					p++
				}
				if p < lim && (fields > 1 || partial) {
					p++
				}
			} else {
				for p < lim && sortBlank(line[p]) {
					p++
				}
				for p < lim && !sortBlank(line[p]) {
					p++
				}
			}
		}
		return p
	}
	ptr = skip(0, k.sword, true)
	if k.skipStart {
		for ptr < lim && sortBlank(line[ptr]) {
			ptr++
		}
	}
	ptr = min(ptr+k.schar, lim)
	end := lim
	if k.eword >= 0 {
		words := k.eword
		if k.echar == 0 {
			words++
		}
		end = skip(0, words, k.echar != 0)
		if k.echar != 0 {
			if k.skipEnd {
				for end < lim && sortBlank(line[end]) {
					end++
				}
			}
			end = min(lim, end+k.echar)
		}
	}
	if end < ptr {
		return ""
	}
	return line[ptr:end]
}

// keyCompare compares two lines by their keys only.
func (s *txtSort) keyCompare(a, b string) int {
	for _, k := range s.keys {
		c := s.compareKey(s.field(a, k), s.field(b, k), k)
		if k.reverse {
			c = -c
		}
		if c != 0 {
			return c
		}
	}
	return 0
}

// compare is the full ordering: the keys, then the whole line as a last resort.
func (s *txtSort) compare(a, b string) int {
	if c := s.keyCompare(a, b); c != 0 || s.stable || s.unique {
		return c
	}
	c := strings.Compare(a, b)
	if s.reverse {
		c = -c
	}
	return c
}

func (s *txtSort) compareKey(a, b string, k sortKey) int {
	switch {
	case strings.Contains(k.opts, "n"):
		return txtNumCompare(a, b)
	case strings.Contains(k.opts, "h"):
		return sortHumanCompare(a, b)
	case strings.Contains(k.opts, "g"):
		return sortGeneralCompare(a, b)
	case strings.Contains(k.opts, "M"):
		return sortMonth(a) - sortMonth(b)
	case strings.Contains(k.opts, "V"):
		return txtVersionCompare(a, b)
	case strings.Contains(k.opts, "R"):
		ha, hb := s.hash(a), s.hash(b)
		if ha != hb {
			if ha < hb {
				return -1
			}
			return 1
		}
	}
	if strings.ContainsAny(k.opts, "dfi") {
		a, b = sortTranslate(a, k.opts), sortTranslate(b, k.opts)
	}
	return strings.Compare(a, b)
}

func (s *txtSort) hash(v string) uint64 {
	h := fnv.New64a()
	fmt.Fprint(h, s.seed, v)
	return h.Sum64()
}

// sortTranslate applies -d (dictionary), -i (printable only) and -f (fold case).
func sortTranslate(s, opts string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		alnum := c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		if strings.Contains(opts, "d") && !alnum && !sortBlank(c) {
			continue
		}
		if strings.Contains(opts, "i") && (c < ' ' || c >= 0x7f) {
			continue
		}
		if strings.Contains(opts, "f") && c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		b.WriteByte(c)
	}
	return b.String()
}

// txtNumber splits the number at the start of s (after blanks) into sign,
// integer digits without leading zeros and fraction digits without trailing
// zeros; rest is what follows it.
func txtNumber(s string) (neg bool, intPart, frac, rest string) {
	i := 0
	for i < len(s) && sortBlank(s[i]) {
		i++
	}
	if i < len(s) && s[i] == '-' {
		neg = true
		i++
	}
	j := i
	for j < len(s) && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	intPart = strings.TrimLeft(s[i:j], "0")
	if j < len(s) && s[j] == '.' {
		k := j + 1
		for k < len(s) && s[k] >= '0' && s[k] <= '9' {
			k++
		}
		frac = strings.TrimRight(s[j+1:k], "0")
		j = k
	}
	if j == i || j == i+1 && s[i] == '.' {
		return false, "", "", s
	}
	if intPart == "" && frac == "" {
		neg = false // -0 is 0
	}
	return neg, intPart, frac, s[j:]
}

// txtNumCompare compares leading numbers of any size, as sort -n does.
func txtNumCompare(a, b string) int {
	na, ia, fa, _ := txtNumber(a)
	nb, ib, fb, _ := txtNumber(b)
	c := txtMagnitude(ia, fa, ib, fb)
	switch {
	case na && nb:
		return -c
	case na:
		return -1
	case nb:
		return 1
	}
	return c
}

func txtMagnitude(ia, fa, ib, fb string) int {
	if len(ia) != len(ib) {
		if len(ia) < len(ib) {
			return -1
		}
		return 1
	}
	if c := strings.Compare(ia, ib); c != 0 {
		return c
	}
	return strings.Compare(fa, fb)
}

// sortHumanCompare orders 2K before 1M: by sign, then suffix, then number.
func sortHumanCompare(a, b string) int {
	na, ia, fa, ra := txtNumber(a)
	nb, ib, fb, rb := txtNumber(b)
	sa, sb := sortSuffix(ra), sortSuffix(rb)
	signed := func(neg bool, zero bool) int {
		switch {
		case neg:
			return -1
		case zero:
			return 0
		}
		return 1
	}
	ga, gb := signed(na, ia == "" && fa == ""), signed(nb, ib == "" && fb == "")
	if ga != gb {
		return ga - gb
	}
	c := sa - sb
	if c == 0 {
		c = txtMagnitude(ia, fa, ib, fb)
	}
	if ga < 0 {
		return -c
	}
	return c
}

func sortSuffix(rest string) int {
	if rest == "" {
		return 0
	}
	return strings.IndexByte("KMGTPEZYRQ", strings.ToUpper(rest[:1])[0]) + 1
}

// sortGeneralCompare is -g: floating point, with non-numbers first.
func sortGeneralCompare(a, b string) int {
	ta, _ := txtFloatPrefix(a)
	tb, _ := txtFloatPrefix(b)
	va, ea := strconv.ParseFloat(strings.TrimSpace(ta), 64)
	vb, eb := strconv.ParseFloat(strings.TrimSpace(tb), 64)
	okA, okB := ta != "" && (ea == nil || math.IsInf(va, 0)), tb != "" && (eb == nil || math.IsInf(vb, 0))
	switch {
	case !okA && !okB:
		return 0
	case !okA:
		return -1
	case !okB:
		return 1
	case math.IsNaN(va) && math.IsNaN(vb):
		return 0
	case math.IsNaN(va):
		return -1
	case math.IsNaN(vb):
		return 1
	case va < vb:
		return -1
	case va > vb:
		return 1
	}
	return 0
}

// sortMonth is a month name's rank, 0 for anything else.
func sortMonth(s string) int {
	s = strings.ToUpper(strings.TrimLeft(s, " \t"))
	for i, m := range []string{"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"} {
		if strings.HasPrefix(s, m) {
			return i + 1
		}
	}
	return 0
}

// txtVersionCompare is gnulib's filevercmp, as sort -V and ls -v use it.
func txtVersionCompare(a, b string) int {
	if a == b {
		return 0
	}
	switch {
	case a == "":
		return -1
	case b == "":
		return 1
	case a == ".":
		return -1
	case b == ".":
		return 1
	case a == "..":
		return -1
	case b == "..":
		return 1
	}
	if ha, hb := a[0] == '.', b[0] == '.'; ha != hb {
		if ha {
			return -1
		}
		return 1
	}
	pa := a[:txtSuffixRE.FindStringIndex(a)[0]]
	pb := b[:txtSuffixRE.FindStringIndex(b)[0]]
	if c := txtVerrevcmp(pa, pb); c != 0 {
		return c
	}
	if c := txtVerrevcmp(a, b); c != 0 {
		return c
	}
	return strings.Compare(a, b)
}

// txtSuffixRE is the file suffix filevercmp sets aside.
var txtSuffixRE = regexp.MustCompile(`(?:\.[A-Za-z~][A-Za-z0-9~]*)*$`)

// txtVerrevcmp is Debian's version comparison: digits as numbers, ~ before all.
func txtVerrevcmp(a, b string) int {
	order := func(s string, i int) int {
		if i >= len(s) {
			return 0
		}
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			return 0
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			return int(c)
		case c == '~':
			return -1
		}
		return int(c) + 256
	}
	isDigit := func(s string, i int) bool { return i < len(s) && s[i] >= '0' && s[i] <= '9' }
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		diff := 0
		for i < len(a) && !isDigit(a, i) || j < len(b) && !isDigit(b, j) {
			ac, bc := order(a, i), order(b, j)
			if ac != bc {
				return ac - bc
			}
			i++
			j++
		}
		for i < len(a) && a[i] == '0' {
			i++
		}
		for j < len(b) && b[j] == '0' {
			j++
		}
		for isDigit(a, i) && isDigit(b, j) {
			if diff == 0 {
				diff = int(a[i]) - int(b[j])
			}
			i++
			j++
		}
		if isDigit(a, i) {
			return 1
		}
		if isDigit(b, j) {
			return -1
		}
		if diff != 0 {
			return diff
		}
	}
	return 0
}

// uniqCmd is GNU uniq: [INPUT [OUTPUT]].
func uniqCmd(p *shell.Proc) int {
	spec := progkit.Spec{Short: "cdDuif:s:w:z", Long: []string{"count=c", "repeated=d", "all-repeated::",
		"unique=u", "ignore-case=i", "skip-fields=f", "skip-chars=s", "check-chars=w", "zero-terminated=z",
		"group::"}}
	opts, operands, fail := progkit.ParseSpec(p, p.Args(), spec)
	if fail != 0 {
		return fail
	}
	var count, dups, allDups, uniques, icase bool
	skipFields, skipChars, checkChars := 0, 0, -1
	for _, o := range opts {
		switch o.Key {
		case "c":
			count = true
		case "d":
			dups = true
		case "D", "all-repeated":
			allDups = true
		case "u":
			uniques = true
		case "i":
			icase = true
		case "f", "s", "w":
			n, err := strconv.Atoi(o.Val)
			if err != nil || n < 0 {
				what := map[string]string{"f": "number of fields to skip", "s": "number of bytes to skip",
					"w": "number of bytes to compare"}[o.Key]
				return p.Fail(1, "%s: invalid %s", o.Val, what)
			}
			switch o.Key {
			case "f":
				skipFields = n
			case "s":
				skipChars = n
			default:
				checkChars = n
			}
		}
	}
	if allDups && count {
		return progkit.SpecUsageError(p, spec, "printing all duplicated lines and repeat counts is meaningless")
	}
	if len(operands) > 2 {
		return progkit.SpecUsageError(p, spec, "extra operand "+progkit.QuoteC(operands[2]))
	}
	in := "-"
	if len(operands) > 0 {
		in = operands[0]
	}
	r, closeFn, err := progkit.OpenInput(p, in)
	if err != nil {
		return p.Fail(1, "%s: %s", progkit.QuoteNameColon(p, in), p.Strerror(err))
	}
	defer closeFn()
	key := func(l string) string {
		for f := 0; f < skipFields; f++ {
			l = strings.TrimLeft(l, " \t")
			if i := strings.IndexAny(l, " \t"); i >= 0 {
				l = l[i:]
			} else {
				l = ""
			}
		}
		l = l[min(skipChars, len(l)):]
		if checkChars >= 0 && checkChars < len(l) {
			l = l[:checkChars]
		}
		if icase {
			l = strings.ToLower(l)
		}
		return l
	}
	var b strings.Builder
	var group []string // the current run of equal lines (just its first unless -D)
	n := 0
	flush := func() {
		switch {
		case n == 0:
		case allDups:
			if n > 1 {
				for _, l := range group {
					b.WriteString(l + "\n")
				}
			}
		case dups && n == 1, uniques && n > 1, dups && uniques:
		case count:
			fmt.Fprintf(&b, "%7d %s\n", n, group[0])
		default:
			b.WriteString(group[0] + "\n")
		}
		group, n = group[:0], 0
	}
	toFile := len(operands) == 2 && operands[1] != "-"
	p.Lines(r, func(line string) bool {
		if len(group) > 0 && key(group[0]) != key(line) {
			flush()
			if !toFile {
				p.Printf("%s", b.String())
				b.Reset()
			}
		}
		if n == 0 || allDups {
			group = append(group, line)
		}
		n++
		return p.Ctx.Err() == nil
	})
	flush()
	if toFile {
		if err := p.M.FS.WriteFile(p.Cred(), p.Abs(operands[1]), []byte(b.String()), 0o666&^fs.FileMode(p.Umask)); err != nil {
			return p.Fail(1, "%s: %s", progkit.QuoteNameColon(p, operands[1]), p.Strerror(err))
		}
		return 0
	}
	p.Printf("%s", b.String())
	return 0
}
