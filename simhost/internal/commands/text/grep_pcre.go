package text

import (
	"regexp"
	"strings"
)

// regexp2 speaks .NET's dialect, which lacks syntax that grep -P (PCRE2)
// scripts use most: \K (`grep -oP 'NAME="\K[^"]+'`), \h and \v for
// horizontal and vertical white space, \N, \R, \Q...\E, POSIX classes inside
// brackets (`[[:digit:]]`) and possessive quantifiers. pcreToNET rewrites
// them into .NET forms that match the same text, before regexp2 compiles it.
//
// \K at the top of the pattern (not inside a group or an alternative) keeps
// what came before out of the match: .NET's look-behind takes any pattern, so
// A\KB becomes (?<=A)B. A possessive quantifier (a++) becomes greedy: it
// differs only where backtracking into it would have found another match.
// msg is PCRE2's complaint for what cannot be rewritten, or what the host
// cannot do after pcreNotEmulated.
func pcreToNET(pat string) (expr, msg string) {
	var b strings.Builder
	depth, inClass, classStart := 0, false, 0
	keep := -1 // where b stood at a top-level \K
	topAlternative := false
	for i := 0; i < len(pat); i++ {
		c := pat[i]
		switch {
		case c == '\\' && i+1 < len(pat):
			e := pat[i+1]
			i++
			switch e {
			case 'Q':
				end := strings.Index(pat[i+1:], `\E`)
				lit := pat[i+1:]
				if end >= 0 {
					lit = pat[i+1 : i+1+end]
					i += end + 2
				} else {
					i = len(pat)
				}
				b.WriteString(regexp.QuoteMeta(lit))
			case 'E': // a lone \E is ignored
			case 'K':
				if inClass {
					b.WriteString(`K`)
					continue
				}
				if depth > 0 {
					return "", pcreNotEmulated + `\K inside a group`
				}
				keep = b.Len()
			case 'h', 'H', 'v', 'V', 'N', 'R':
				b.WriteString(pcreClassEscape(e, inClass))
			default:
				b.WriteByte('\\')
				b.WriteByte(e)
			}
		case inClass:
			if c == '[' && i+1 < len(pat) && pat[i+1] == ':' {
				if end := strings.Index(pat[i:], ":]"); end > 0 {
					if set, ok := posixClasses[pat[i+2:i+end]]; ok {
						b.WriteString(set)
						i += end + 1
						continue
					}
					return "", "unknown POSIX class name"
				}
			}
			if c == ']' && i > classStart {
				inClass = false
			}
			b.WriteByte(c)
		case c == '[':
			inClass = true
			b.WriteByte(c)
			classStart = i + 1
			if classStart < len(pat) && pat[classStart] == '^' {
				b.WriteByte('^')
				i++
				classStart++
			}
			if classStart < len(pat) && pat[classStart] == ']' {
				b.WriteByte(']') // a ] first in a class is a member
				i++
				classStart++
			}
		case c == '(':
			depth++
			b.WriteByte(c)
		case c == ')':
			depth--
			b.WriteByte(c)
		case c == '|' && depth == 0:
			topAlternative = true
			b.WriteByte(c)
		case c == '+' && i > 0 && strings.IndexByte("*+?}", pat[i-1]) >= 0 && !(i > 1 && pat[i-2] == '\\'):
			// possessive: taken as greedy
		default:
			b.WriteByte(c)
		}
	}
	expr = b.String()
	if keep >= 0 {
		if topAlternative {
			return "", pcreNotEmulated + `\K in one of several alternatives`
		}
		expr = "(?<=" + expr[:keep] + ")" + expr[keep:]
	}
	return expr, ""
}

// pcreNotEmulated starts a msg for PCRE2 syntax the host does not rewrite.
const pcreNotEmulated = "not emulated by the simulated host: "

// pcreClassEscape is PCRE2's \h, \H, \v, \V, \N or \R in .NET's terms (the C
// locale's bytes, as grep over ssh runs without LANG); within brackets only
// the members, outside a class of its own.
func pcreClassEscape(e byte, inClass bool) string {
	const h, v = `\t \xA0`, `\n\x0B\f\r\x85`
	switch {
	case e == 'R':
		return `(?:\r\n|[` + v + `])`
	case inClass && e == 'h':
		return h
	case inClass && e == 'v':
		return v
	case e == 'h':
		return "[" + h + "]"
	case e == 'H':
		return "[^" + h + "]"
	case e == 'v':
		return "[" + v + "]"
	case e == 'V':
		return "[^" + v + "]"
	}
	return `[^\n]` // \N
}

// posixClasses are [:name:] inside brackets, in the C locale.
var posixClasses = map[string]string{
	"alpha": "a-zA-Z", "digit": "0-9", "alnum": "a-zA-Z0-9", "upper": "A-Z", "lower": "a-z",
	"space": `\t\n\x0B\f\r `, "blank": `\t `, "xdigit": "0-9A-Fa-f", "word": `\w`,
	"punct": `!-/:-@\[-` + "`" + `{-~`, "cntrl": `\x00-\x1F\x7F`, "print": `\x20-\x7E`, "graph": `\x21-\x7E`,
}
