package text

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
)

func init() {
	shell.Register(shell.Command{Name: "printf", Run: printfCmd})
}

// printfCmd is coreutils printf: the format is reused while arguments remain.
func printfCmd(p *shell.Proc) int {
	args := p.Args()
	if len(args) > 0 && args[0] == "--" {
		args = args[1:]
	}
	if len(args) == 0 {
		return progkit.SpecUsageError(p, progkit.Spec{}, "missing operand")
	}
	f := &txtPrintf{errorf: p.Errorf, args: args[1:]}
	for {
		before := len(f.args)
		if !f.run(args[0]) {
			break
		}
		if len(f.args) == 0 || len(f.args) == before {
			break
		}
	}
	if f.fatal == 0 && !f.stopped && len(f.args) > 0 {
		p.Errorf("warning: ignoring excess arguments, starting with %s", progkit.QuoteC(f.args[0]))
	}
	p.Printf("%s", f.out.String())
	switch {
	case f.fatal != 0:
		return f.fatal
	case f.stopped:
		return 0 // \c exits at once with success
	}
	return f.status
}

// txtPrintf is one printf run: its output, remaining arguments and status.
type txtPrintf struct {
	errorf func(format string, args ...any)
	// bash is bash's builtin printf: its messages, its %q, and no fatal
	// errors for bad escapes.
	bash bool
	// dash is dash's builtin printf: no \x or \u escapes, no length
	// modifiers or %q, its messages, and status 2 for a bad format.
	dash    bool
	args    []string
	out     strings.Builder
	status  int
	fatal   int  // set when the format itself is bad: stop at once
	stopped bool // \c was seen: stop all output
	// zone is where bash's %(fmt)T writes a time: TZ's (nil: UTC)
	zone *time.Location
}

// next takes the next argument; missing ones read as "".
func (f *txtPrintf) next() (string, bool) {
	if len(f.args) == 0 {
		return "", false
	}
	a := f.args[0]
	f.args = f.args[1:]
	return a, true
}

// run prints format once; false means stop everything.
func (f *txtPrintf) run(format string) bool {
	for i := 0; i < len(format); i++ {
		c := format[i]
		switch c {
		case '\\':
			n, ok := f.escape(format[i+1:], false)
			if !ok {
				return false
			}
			i += n
		case '%':
			n, ok := f.directive(format[i:])
			if !ok {
				return false
			}
			i += n - 1
		default:
			f.out.WriteByte(c)
		}
	}
	return true
}

// escape writes the escape that s (after its backslash) starts and returns how
// many bytes it used. octal0 is %b's form, where octal escapes start with \0.
func (f *txtPrintf) escape(s string, octal0 bool) (int, bool) {
	if s == "" {
		f.out.WriteByte('\\')
		return 0, true
	}
	switch c := s[0]; {
	case f.dash && (c == 'x' || c == 'u' || c == 'U'):
		f.out.WriteString("\\" + string(c)) // dash knows no hex or unicode escapes
		return 1, true
	case c == 'x':
		n, v := 0, 0
		for n < 2 && n+1 < len(s) && isHex(s[n+1]) {
			v = v*16 + hexVal(s[n+1])
			n++
		}
		if n == 0 && f.bash {
			f.errorf("missing hex digit for \\x")
			f.out.WriteString("\\x")
			return 1, true
		}
		if n == 0 {
			f.errorf("missing hexadecimal number in escape")
			f.fatal = 1
			return 0, false
		}
		f.out.WriteByte(byte(v))
		return n + 1, true
	case c >= '0' && c <= '7':
		start := 0
		if octal0 && c == '0' {
			start = 1
		}
		n, v := start, 0
		for n < start+3 && n < len(s) && s[n] >= '0' && s[n] <= '7' {
			v = v*8 + int(s[n]-'0')
			n++
		}
		f.out.WriteByte(byte(v))
		return n, true
	case c == 'c':
		f.stopped = true
		return 1, false
	case c == 'u' || c == 'U':
		digits := 4
		if c == 'U' {
			digits = 8
		}
		if len(s) < digits+1 {
			f.errorf("missing hexadecimal number in escape")
			f.fatal = 1
			return 0, false
		}
		v, err := strconv.ParseUint(s[1:digits+1], 16, 32)
		if err != nil {
			f.errorf("missing hexadecimal number in escape")
			f.fatal = 1
			return 0, false
		}
		f.out.WriteRune(rune(v))
		return digits + 1, true
	default:
		if r, ok := progkit.SimpleEscapes[c]; ok {
			f.out.WriteByte(r)
			return 1, true
		}
		f.out.WriteByte('\\')
		f.out.WriteByte(c)
		return 1, true
	}
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func hexVal(c byte) int {
	switch {
	case c >= 'a':
		return int(c-'a') + 10
	case c >= 'A':
		return int(c-'A') + 10
	}
	return int(c - '0')
}

// directive prints the conversion s starts with and returns its length.
func (f *txtPrintf) directive(s string) (int, bool) {
	if len(s) > 1 && s[1] == '%' {
		f.out.WriteByte('%')
		return 2, true
	}
	flagChars := "-+ #0'"
	if f.dash {
		flagChars = "-+ #0"
	}
	i := 1
	for i < len(s) && strings.IndexByte(flagChars, s[i]) >= 0 {
		i++
	}
	flags := strings.ReplaceAll(s[1:i], "'", "")
	width, i := f.count(s, i, "field width")
	prec, hasPrec := "", false
	if i < len(s) && s[i] == '.' {
		hasPrec = true
		prec, i = f.count(s, i+1, "precision")
	}
	if f.fatal != 0 {
		return 0, false
	}
	for i < len(s) && !f.dash && strings.IndexByte("hlLjzt", s[i]) >= 0 {
		i++
	}
	if f.bash && i < len(s) && s[i] == '(' {
		if end := strings.Index(s[i:], ")T"); end > 0 {
			f.out.WriteString(txtPad(txtPrec(f.timeConv(s[i+1:i+end]), prec, hasPrec), flags, width))
			return i + end + 2, true
		}
	}
	switch {
	case f.dash && i == len(s):
		f.errorf("missing format character")
		f.fatal = 2
		return 0, false
	case f.dash && strings.IndexByte("diouxXfFeEgGaAcsb", s[i]) < 0:
		f.errorf("%s: invalid directive", s[:i+1])
		f.fatal = 2
		return 0, false
	case f.bash && i == len(s):
		f.errorf("`%s': missing format character", s)
		f.fatal = 1
		return 0, false
	case f.bash && strings.IndexByte("diouxXfFeEgGaAcsbq", s[i]) < 0:
		f.errorf("`%c': invalid format character", s[i])
		f.fatal = 1
		return 0, false
	}
	if i == len(s) || strings.IndexByte("diouxXfFeEgGaAcsbq", s[i]) < 0 {
		end := min(i+1, len(s))
		f.errorf("%s: invalid conversion specification", s[:end])
		f.fatal = 1
		return 0, false
	}
	conv := s[i]
	spec := "%" + flags + width
	if hasPrec {
		spec += "." + prec
	}
	arg, _ := f.next()
	switch conv {
	case 'd', 'i':
		f.out.WriteString(fmt.Sprintf(spec+"d", f.signed(arg)))
	case 'u', 'o', 'x', 'X':
		v := f.unsigned(arg)
		verb := string(conv)
		if conv == 'u' {
			verb = "d"
		}
		if v == 0 {
			spec = strings.Replace(spec, "#", "", 1) // C prints a bare 0
		}
		spec = strings.NewReplacer("+", "", " ", "").Replace(spec) // no sign for unsigned
		f.out.WriteString(fmt.Sprintf(spec+verb, v))
	case 'f', 'F', 'e', 'E', 'g', 'G', 'a', 'A':
		f.out.WriteString(txtFormatFloat(flags, width, prec, hasPrec, conv, f.float(arg)))
	case 'c':
		c := "\x00" // C's %c of an empty string's first byte, its NUL
		if arg != "" {
			c = arg[:1]
		}
		f.out.WriteString(txtPad(c, flags, width))
	case 's':
		f.out.WriteString(txtPad(txtPrec(arg, prec, hasPrec), flags, width))
	case 'q':
		quote := txtShellQuote
		if f.bash {
			quote = bashQuote
		}
		f.out.WriteString(txtPad(quote(arg), flags, width))
	case 'b':
		sub := &txtPrintf{errorf: f.errorf, bash: f.bash, dash: f.dash}
		ok := true
		for j := 0; j < len(arg) && ok; j++ {
			if arg[j] != '\\' {
				sub.out.WriteByte(arg[j])
				continue
			}
			var n int
			n, ok = sub.escape(arg[j+1:], true)
			j += n
		}
		f.out.WriteString(txtPad(txtPrec(sub.out.String(), prec, hasPrec), flags, width))
		if sub.stopped || sub.fatal != 0 {
			f.stopped, f.fatal = sub.stopped, sub.fatal
			return 0, false
		}
	}
	return i + 1, true
}

// timeConv is bash's %(fmt)T: the next argument, seconds since the epoch
// (-1 or none: now, -2: when the shell started, which is taken as now),
// written by strftime; an empty format is %X.
func (f *txtPrintf) timeConv(format string) string {
	arg, ok := f.next()
	secs := int64(-1)
	if ok {
		secs = f.signed(arg)
	}
	t := time.Unix(secs, 0)
	if secs == -1 || secs == -2 {
		t = time.Now()
	}
	if format == "" {
		format = "%X"
	}
	zone := f.zone
	if zone == nil {
		zone = time.UTC
	}
	return progkit.Strftime(format, t.In(zone))
}

// count reads the field width or precision at s[i], digits or a '*' that
// takes it from the next argument, and returns it with the index past it.
func (f *txtPrintf) count(s string, i int, what string) (string, int) {
	if i < len(s) && s[i] == '*' {
		return f.starArg(what), i + 1
	}
	j := i
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return s[j:i], i
}

// starArg takes a * width or precision from the arguments.
func (f *txtPrintf) starArg(what string) string {
	a, _ := f.next()
	if f.dash { // read as a %d argument, with its complaints
		v := f.signed(a)
		if v < 0 && what == "precision" {
			return ""
		}
		return strconv.FormatInt(v, 10)
	}
	v, err := strconv.ParseInt(strings.TrimSpace(a), 0, 32)
	if a == "" {
		v, err = 0, nil
	}
	if err != nil {
		f.errorf("invalid %s: %s", what, progkit.QuoteC(a))
		f.fatal = 1
		return ""
	}
	if v < 0 && what == "precision" {
		return ""
	}
	return strconv.FormatInt(v, 10)
}

// txtPrec cuts s to a %s precision, counted in bytes as C does.
func txtPrec(s, prec string, hasPrec bool) string {
	if !hasPrec {
		return s
	}
	n, _ := strconv.Atoi(prec)
	if n < len(s) {
		return s[:n]
	}
	return s
}

// txtPad pads s to width in bytes, left-justified with the - flag.
func txtPad(s, flags, width string) string {
	w, _ := strconv.Atoi(width)
	if strings.HasPrefix(width, "-") {
		w, flags = -w, flags+"-"
	}
	if len(s) >= w {
		return s
	}
	pad := strings.Repeat(" ", w-len(s))
	if strings.Contains(flags, "-") {
		return s + pad
	}
	return pad + s
}

// check reports a numeric argument that strtoimax or strtold read only in part
// (used bytes of it) or that overflowed.
func (f *txtPrintf) check(arg string, used int, rangeErr bool) {
	switch {
	case f.dash && used < len(arg) && used == 0:
		f.errorf("%s: expected numeric value", arg)
		f.status = 1
	case f.dash && used < len(arg):
		f.errorf("%s: not completely converted", arg)
		f.status = 1
	case f.dash && rangeErr:
		f.errorf("%s: Numerical result out of range", arg)
		f.status = 1
	case f.dash:
	case f.bash && rangeErr:
		f.errorf("warning: %s: Numerical result out of range", arg)
	case f.bash && used < len(arg):
		f.errorf("%s: invalid number", arg)
		f.status = 1
	case rangeErr:
		f.errorf("%s: Numerical result out of range", progkit.QuoteC(arg))
		f.status = 1
	case used < len(arg) && used == 0:
		f.errorf("%s: expected a numeric value", progkit.QuoteC(arg))
		f.status = 1
	case used < len(arg):
		f.errorf("%s: value not completely converted", progkit.QuoteC(arg))
		f.status = 1
	}
}

// charConst reads 'x and "x arguments as the character's code.
func (f *txtPrintf) charConst(arg string) (int64, bool) {
	if f.dash && arg != "" && (arg[0] == '\'' || arg[0] == '"') {
		if len(arg) == 1 {
			return 0, true // dash reads the string's NUL
		}
		return int64(arg[1]), true // a byte, and no word of what follows
	}
	if len(arg) < 2 || arg[0] != '\'' && arg[0] != '"' {
		return 0, false
	}
	r, n := utf8.DecodeRuneInString(arg[1:])
	if r == utf8.RuneError {
		r = rune(arg[1])
	}
	if 1+n < len(arg) && !f.bash {
		f.errorf("warning: %s: character(s) following character constant have been ignored", arg[1+n:])
	}
	return int64(r), true
}

func (f *txtPrintf) signed(arg string) int64 {
	if v, ok := f.charConst(arg); ok {
		return v
	}
	text, used := txtIntPrefix(arg)
	v, err := strconv.ParseInt(text, 0, 64)
	if text == "" || text == "-" || text == "+" {
		v, err = 0, nil
	}
	f.check(arg, used, err != nil)
	return v
}

func (f *txtPrintf) unsigned(arg string) uint64 {
	if v, ok := f.charConst(arg); ok {
		return uint64(v)
	}
	text, used := txtIntPrefix(arg)
	neg := strings.HasPrefix(text, "-")
	v, err := strconv.ParseUint(strings.TrimLeft(text, "+-"), 0, 64)
	if strings.TrimLeft(text, "+-") == "" {
		v, err = 0, nil
	}
	if neg {
		v = -v // strtoumax wraps negative values
	}
	f.check(arg, used, err != nil)
	if err != nil {
		return math.MaxUint64
	}
	return v
}

func (f *txtPrintf) float(arg string) float64 {
	if v, ok := f.charConst(arg); ok {
		return float64(v)
	}
	text, used := txtFloatPrefix(arg)
	v, err := strconv.ParseFloat(strings.TrimSpace(text), 64)
	if text == "" {
		v, err = 0, nil
	}
	f.check(arg, used, err != nil && !math.IsInf(v, 0))
	return v
}

// txtNumberStart is where the strto* functions find a number in s: start
// past the leading blanks they skip, digits past its sign, if any.
func txtNumberStart(s string) (start, digits int) {
	for start < len(s) && strings.IndexByte(" \t\n\v\f\r", s[start]) >= 0 {
		start++
	}
	digits = start
	if digits < len(s) && (s[digits] == '-' || s[digits] == '+') {
		digits++
	}
	return start, digits
}

// txtIntPrefix is the part of s strtoimax(s, 0) reads: blanks, sign, and
// decimal, 0x hex or 0 octal digits; used counts the bytes read (0 if none).
func txtIntPrefix(s string) (string, int) {
	start, digits := txtNumberStart(s)
	i := digits
	isDigit := func(c byte) bool { return c >= '0' && c <= '9' }
	if i+1 < len(s) && s[i] == '0' && (s[i+1] == 'x' || s[i+1] == 'X') && i+2 < len(s) && isHex(s[i+2]) {
		i += 2
		isDigit = isHex
	} else if i < len(s) && s[i] == '0' {
		isDigit = func(c byte) bool { return c >= '0' && c <= '7' }
	}
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	if i == digits {
		return "", 0
	}
	return s[start:i], i
}

// txtFloatPrefix is the part of s strtold reads.
func txtFloatPrefix(s string) (string, int) {
	start, i := txtNumberStart(s)
	lower := strings.ToLower(s[i:])
	for _, word := range []string{"infinity", "inf", "nan"} {
		if strings.HasPrefix(lower, word) {
			return s[start : i+len(word)], i + len(word)
		}
	}
	if strings.HasPrefix(lower, "0x") {
		if text, used := txtIntPrefix(s[start:]); used > 0 {
			return text, start + used
		}
	}
	mant := i
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
	}
	if i == mant || i == mant+1 && s[mant] == '.' {
		return "", 0
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		j := i + 1
		if j < len(s) && (s[j] == '-' || s[j] == '+') {
			j++
		}
		if j < len(s) && s[j] >= '0' && s[j] <= '9' {
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			i = j
		}
	}
	return s[start:i], i
}

// txtFormatFloat formats v as C's printf does for a floating conversion.
func txtFormatFloat(flags, width, prec string, hasPrec bool, conv byte, v float64) string {
	if math.IsInf(v, 0) || math.IsNaN(v) {
		s := "inf"
		if math.IsNaN(v) {
			s = "nan"
		}
		if conv >= 'A' && conv <= 'Z' {
			s = strings.ToUpper(s)
		}
		switch {
		case math.Signbit(v):
			s = "-" + s
		case strings.Contains(flags, "+"):
			s = "+" + s
		case strings.Contains(flags, " "):
			s = " " + s
		}
		return txtPad(s, strings.ReplaceAll(flags, "0", ""), width)
	}
	if conv == 'a' || conv == 'A' {
		s := txtHexFloat(v)
		if conv == 'A' {
			s = strings.ToUpper(s)
		}
		return txtPad(s, flags, width)
	}
	if !hasPrec {
		prec = "6"
	}
	if prec == "" {
		prec = "0"
	}
	return fmt.Sprintf("%"+flags+width+"."+prec+string(conv), v)
}

// txtHexFloat is %a as glibc prints a long double on x86: the leading hex
// digit holds the top four bits (0x8p-3 for 1).
func txtHexFloat(v float64) string {
	sign := ""
	if math.Signbit(v) {
		sign, v = "-", -v
	}
	if v == 0 {
		return sign + "0x0p+0"
	}
	frac, exp := math.Frexp(v) // v = frac * 2^exp, frac in [0.5, 1)
	m := frac * 16
	exp -= 4
	lead := int(m)
	m -= float64(lead)
	var digits strings.Builder
	for m != 0 {
		m *= 16
		d := int(m)
		digits.WriteByte("0123456789abcdef"[d])
		m -= float64(d)
	}
	s := fmt.Sprintf("%s0x%x", sign, lead)
	if digits.Len() > 0 {
		s += "." + digits.String()
	}
	return fmt.Sprintf("%sp%+d", s, exp)
}

// txtShellQuote is printf %q: coreutils' shell-escape quoting.
func txtShellQuote(s string) string {
	if s == "" {
		return "''"
	}
	safe, printable := true, true
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c < ' ' || c == 0x7f:
			printable, safe = false, false
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', strings.IndexByte("%+,-./:=@_^", c) >= 0:
		case (c == '~' || c == '#') && i > 0:
		default:
			safe = false
		}
	}
	switch {
	case safe:
		return s
	case !printable:
		var b strings.Builder
		run := ""
		flush := func() {
			if run != "" {
				b.WriteString("'" + strings.ReplaceAll(run, "'", `'\''`) + "'")
				run = ""
			}
		}
		for i := 0; i < len(s); i++ {
			c := s[i]
			if c >= ' ' && c != 0x7f {
				run += string(c)
				continue
			}
			flush()
			b.WriteString("$'" + txtCEscape(c) + "'")
		}
		flush()
		return b.String()
	case strings.Contains(s, "'") && !strings.ContainsAny(s, "\"$`\\!"):
		return `"` + s + `"`
	default:
		return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
	}
}

// txtCEscape is a control character as C writes it: \n, \t, or \ooo.
func txtCEscape(c byte) string {
	for k, v := range progkit.SimpleEscapes {
		if v == c && k != '"' && k != '\\' && k != 'e' {
			return `\` + string(k)
		}
	}
	return fmt.Sprintf(`\%03o`, c)
}
