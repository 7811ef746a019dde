// Patched for hostile (see ../PATCHES.md, "Behaviour patches"): set -x's
// lines as bash 5.1/5.2 and dash 0.5.11/0.5.12 print them.

package interp

import (
	"strings"
)

// prefix is PS4 as the shell prints it: dash as it is; bash repeats its
// first character once more per level of command substitution or eval.
func (t *tracer) prefix() string {
	if t.dash || t.ps4 == "" {
		return t.ps4
	}
	return strings.Repeat(t.ps4[:1], t.depth) + t.ps4
}

// ps4 is $PS4 when it holds no expansion (the shells expand it; a literal
// value is what scripts set), else the shells' default "+ ".
func (r *Runner) ps4() string {
	if vr := r.lookupVar("PS4"); vr.IsSet() && !strings.ContainsAny(vr.String(), "$`\\") {
		return vr.String()
	}
	return "+ "
}

// bashTraceWord is a word as bash's xtrace_print_word_list writes it: two
// single quotes for an empty word, else quoted as bashTraceQuote.
func bashTraceWord(s string) string {
	if s == "" {
		return "''"
	}
	return bashTraceQuote(s)
}

// bashTraceQuote single-quotes a string holding a shell metacharacter
// (sh_contains_shell_metas, sh_single_quote), writes one with a byte that is
// not printable in the C locale as $'...' (ansic_quote), else leaves it.
func bashTraceQuote(s string) string {
	if shellMetas(s) {
		if s == "'" {
			return `\'`
		}
		return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return ansicQuote(s)
		}
	}
	return s
}

// shellMetas is bash's sh_contains_shell_metas.
func shellMetas(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', '\t', '\n', '\'', '"', '\\', '|', '&', ';', '(', ')', '<', '>',
			'!', '{', '}', '*', '[', '?', ']', '^', '$', '`':
			return true
		case '~':
			if i == 0 || s[i-1] == '=' || s[i-1] == ':' {
				return true
			}
		case '#':
			if i == 0 {
				return true
			}
		}
	}
	return false
}

// ansicQuote is bash's ansic_quote in the C locale.
func ansicQuote(s string) string {
	var b strings.Builder
	b.WriteString("$'")
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case 0x1b:
			b.WriteString(`\E`)
		case '\a':
			b.WriteString(`\a`)
		case '\v':
			b.WriteString(`\v`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case '\\', '\'':
			b.WriteByte('\\')
			b.WriteByte(c)
		default:
			if c < 0x20 || c >= 0x7f {
				b.WriteByte('\\')
				b.WriteByte('0' + c>>6&7)
				b.WriteByte('0' + c>>3&7)
				b.WriteByte('0' + c&7)
			} else {
				b.WriteByte(c)
			}
		}
	}
	b.WriteByte('\'')
	return b.String()
}
