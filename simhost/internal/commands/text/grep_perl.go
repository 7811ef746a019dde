package text

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/dlclark/regexp2"
)

// grepMatcher is what grep needs of a compiled pattern: Go's regexp for the
// POSIX syntaxes, regexp2 (Perl-compatible: look-around, lazy quantifiers,
// \d; grep_pcre.go rewrites what .NET's dialect lacks) for -P.
type grepMatcher interface {
	FindStringIndex(s string) []int
	FindAllStringIndex(s string, n int) [][]int
	FindStringSubmatchIndex(s string) []int
}

var _ grepMatcher = (*regexp.Regexp)(nil)

// perlMatcher adapts regexp2, which counts in runes, to byte offsets.
type perlMatcher struct{ re *regexp2.Regexp }

// grepCompilePerl compiles a -P pattern; msg is PCRE2's complaint for the
// mistakes scripts make most.
func grepCompilePerl(expr string, icase, multiline bool) (grepMatcher, string) {
	opts := regexp2.RegexOptions(0)
	if icase {
		opts |= regexp2.IgnoreCase
	}
	if multiline {
		opts |= regexp2.Multiline
	}
	re, err := regexp2.Compile(expr, opts)
	if err != nil {
		msg := err.Error()
		switch {
		case strings.Contains(msg, "not enough )"), strings.Contains(msg, "missing closing )"):
			return nil, "missing closing parenthesis"
		case strings.Contains(msg, "too many )"):
			return nil, "unmatched closing parenthesis"
		case strings.Contains(msg, "unterminated [] set"):
			return nil, "missing terminating ] for character class"
		case strings.Contains(msg, "invalid repeat count"):
			return nil, "numbers out of order in {} quantifier"
		case strings.Contains(msg, "quantifier"):
			return nil, "quantifier does not follow a repeatable item"
		}
		return nil, strings.TrimPrefix(msg, "error parsing regexp: ")
	}
	// No MatchTimeout: regexp2 would keep a clock goroutine running for it.
	return perlMatcher{re}, ""
}

// byteOffsets turns the rune positions of a match's groups into byte offsets.
func (m perlMatcher) byteOffsets(s string, match *regexp2.Match) []int {
	runeToByte := func(r int) int {
		b := 0
		for i := 0; i < r && b < len(s); i++ {
			_, size := utf8.DecodeRuneInString(s[b:])
			b += size
		}
		return b
	}
	groups := match.Groups()
	out := make([]int, 0, 2*len(groups))
	for _, g := range groups {
		if len(g.Captures) == 0 {
			out = append(out, -1, -1)
			continue
		}
		out = append(out, runeToByte(g.Index), runeToByte(g.Index+g.Length))
	}
	return out
}

func (m perlMatcher) FindStringSubmatchIndex(s string) []int {
	match, err := m.re.FindStringMatch(s)
	if err != nil || match == nil {
		return nil
	}
	return m.byteOffsets(s, match)
}

func (m perlMatcher) FindStringIndex(s string) []int {
	loc := m.FindStringSubmatchIndex(s)
	if loc == nil {
		return nil
	}
	return loc[:2]
}

func (m perlMatcher) FindAllStringIndex(s string, n int) [][]int {
	var out [][]int
	match, err := m.re.FindStringMatch(s)
	for err == nil && match != nil && (n < 0 || len(out) < n) {
		loc := m.byteOffsets(s, match)
		out = append(out, loc[:2])
		match, err = m.re.FindNextMatch(match)
	}
	return out
}
