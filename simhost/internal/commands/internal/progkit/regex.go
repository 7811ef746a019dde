package progkit

import (
	"regexp"
	"strconv"
	"strings"
)

// Regexp compiles a POSIX regular expression, basic (BRE) or extended (ERE),
// with GNU's extensions (\| \+ \? in BRE, \< \> \b \w \s), as grep and sed read
// it, with leftmost-longest matching. flags are Go's (i, m, s). msg is GNU
// regex's complaint when the pattern is bad. Back-references cannot be
// expressed and are refused.
func Regexp(pat string, ere bool, flags string) (re *regexp.Regexp, msg string) {
	expr, msg := TranslateRegexp(pat, ere)
	if msg != "" {
		return nil, msg
	}
	return CompileRegexp(expr, flags)
}

// CompileRegexp compiles a translated expression.
func CompileRegexp(expr, flags string) (*regexp.Regexp, string) {
	if flags != "" {
		expr = "(?" + flags + ")" + expr
	}
	re, err := regexp.Compile(expr)
	if err != nil {
		if strings.Contains(err.Error(), "repetition") {
			return nil, "Invalid preceding regular expression"
		}
		return nil, "Invalid regular expression"
	}
	re.Longest()
	return re, ""
}

// TranslateRegexp rewrites a POSIX pattern in Go's syntax.
func TranslateRegexp(pat string, ere bool) (string, string) {
	var b strings.Builder
	depth, groups := 0, 0
	// atStart is true where a * is literal and a ^ anchors in a BRE.
	atStart := true
	lastRepeat := false
	for i := 0; i < len(pat); i++ {
		c := pat[i]
		start := atStart
		atStart = false
		repeat := false
		special := func(op string) { // a GNU operator, in either syntax
			switch op {
			case "(":
				depth++
				groups++
				b.WriteString("(")
				atStart = true
			case ")":
				depth--
				b.WriteString(")")
			case "|":
				b.WriteString("|")
				atStart = true
			default: // * + ?
				if start {
					b.WriteString(regexp.QuoteMeta(op))
					return
				}
				if !lastRepeat {
					b.WriteString(op)
				}
				repeat = true
			}
		}
		switch {
		case c == '\\':
			if i+1 == len(pat) {
				return "", "Trailing backslash"
			}
			i++
			e := pat[i]
			switch {
			case !ere && strings.IndexByte("()|+?", e) >= 0:
				if e == ')' && depth == 0 {
					return "", `Unmatched ) or \)`
				}
				special(string(e))
			case !ere && e == '{':
				n, interval, msg := txtInterval(pat[i+1:], `\}`)
				if msg != "" {
					return "", msg
				}
				if start {
					return "", "Invalid preceding regular expression"
				}
				b.WriteString(interval)
				i += n
				repeat = true
			case e == '<' || e == '>':
				b.WriteString(`\b`)
			case strings.IndexByte("bBwWsS", e) >= 0:
				b.WriteString(`\` + string(e))
			case e == '`':
				b.WriteString(`\A`)
			case e == '\'':
				b.WriteString(`\z`)
			case e == 'n':
				b.WriteString(`\n`)
			case e == 't':
				b.WriteString(`\t`)
			case e >= '1' && e <= '9':
				if int(e-'0') > groups {
					return "", "Invalid back reference"
				}
				return "", "back-references are not supported"
			default:
				b.WriteString(regexp.QuoteMeta(string(e)))
			}
		case c == '[':
			n, class, msg := txtBracket(pat[i:])
			if msg != "" {
				return "", msg
			}
			b.WriteString(class)
			i += n - 1
		case c == '*':
			special("*")
		case ere && (c == '+' || c == '?'):
			special(string(c))
		case ere && c == '(':
			special("(")
		case ere && c == ')' && depth > 0:
			special(")")
		case ere && c == '|':
			special("|")
		case ere && c == '{':
			n, interval, msg := txtInterval(pat[i+1:], "}")
			if msg != "" {
				b.WriteString(`\{`) // not an interval: a literal brace
				break
			}
			b.WriteString(interval)
			i += n
			repeat = true
		case c == '^':
			if ere || start {
				b.WriteString("^")
				atStart = true
			} else {
				b.WriteString(`\^`)
			}
		case c == '$':
			rest := pat[i+1:]
			if ere || rest == "" || strings.HasPrefix(rest, `\)`) || strings.HasPrefix(rest, `\|`) {
				b.WriteString("$")
			} else {
				b.WriteString(`\$`)
			}
		case c == '.':
			b.WriteString(".")
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
		lastRepeat = repeat
	}
	if depth > 0 {
		return "", `Unmatched ( or \(`
	}
	return b.String(), ""
}

// txtInterval reads "m,n}" (closing with end) after an interval's opening
// brace; n is the bytes read.
func txtInterval(s, end string) (int, string, string) {
	k := strings.Index(s, end)
	if k < 0 {
		return 0, "", `Unmatched \{`
	}
	body := s[:k]
	lo, hi, comma := strings.Cut(body, ",")
	for _, part := range []string{lo, hi} {
		if part == "" {
			continue
		}
		v, err := strconv.Atoi(part)
		if err != nil || v < 0 {
			return 0, "", `Invalid content of \{\}`
		}
		if v > 1000 {
			return 0, "", "Regular expression too big"
		}
	}
	if lo == "" {
		lo = "0"
	}
	if comma {
		return k + len(end), "{" + lo + "," + hi + "}", ""
	}
	return k + len(end), "{" + lo + "}", ""
}

// txtBracket translates the bracket expression s starts with; n is its length.
func txtBracket(s string) (int, string, string) {
	const unmatched = "Unmatched [, [^, [:, [., or [="
	var b strings.Builder
	b.WriteByte('[')
	i := 1
	if i < len(s) && s[i] == '^' {
		b.WriteByte('^')
		i++
	}
	if i == len(s) {
		return 0, "", "Invalid regular expression" // glibc's REG_BADPAT: nothing after [ or [^
	}
	first := true
	for ; i < len(s); i++ {
		c := s[i]
		if c == ']' && !first {
			b.WriteByte(']')
			return i + 1, b.String(), ""
		}
		first = false
		if c == '[' && i+1 < len(s) && strings.IndexByte(":=.", s[i+1]) >= 0 {
			kind := s[i+1]
			end := strings.Index(s[i+2:], string(kind)+"]")
			if end < 0 {
				return 0, "", unmatched
			}
			name := s[i+2 : i+2+end]
			switch kind {
			case ':':
				if !txtClassNames[name] {
					return 0, "", "Invalid character class name"
				}
				b.WriteString("[:" + name + ":]")
			default: // [=a=] and [.a.] name one character here
				b.WriteString(regexp.QuoteMeta(name))
			}
			i += 2 + end + 1
			continue
		}
		if strings.IndexByte(`\[]^`, c) >= 0 {
			b.WriteByte('\\')
		}
		b.WriteByte(c)
	}
	return 0, "", unmatched
}

var txtClassNames = map[string]bool{
	"alpha": true, "digit": true, "alnum": true, "upper": true, "lower": true, "space": true,
	"blank": true, "punct": true, "print": true, "graph": true, "cntrl": true, "xdigit": true,
}
