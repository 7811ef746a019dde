package files

import (
	"fmt"
	"io"
	"strings"
)

// lsQuotingStyles are GNU ls's --quoting-style words, in its own order (the
// order its refusal lists them in).
var lsQuotingStyles = []string{"literal", "shell", "shell-always", "shell-escape", "shell-escape-always",
	"c", "c-maybe", "escape", "locale", "clocale"}

// lsQuote is a name as ls prints it in style (gnulib's quotearg in the C
// locale). hide is -q: control characters show as '?' where the style
// leaves them raw (literal and the shell styles without escapes). quoted says whether quotes were added (for the alignment
// of the shell styles).
func lsQuote(style, name string, hide bool) (out string, quoted bool) {
	raw := name
	if hide {
		raw = strings.Map(func(r rune) rune {
			if r < 0x20 || r == 0x7f {
				return '?'
			}
			return r
		}, name)
	}
	switch style {
	case "shell", "shell-always":
		if !lsShellNeeds(name) && style == "shell" {
			return raw, false
		}
		return lsShellWrap(raw), true
	case "shell-escape", "shell-escape-always":
		if !lsShellNeeds(name) && style == "shell-escape" {
			return raw, false
		}
		if !strings.ContainsFunc(name, lsControl) {
			return lsShellWrap(name), true
		}
		// the escaping styles show control characters as escapes, -q or not
		// printable runs quoted, each control character as $'\n'
		var b strings.Builder
		run := ""
		flush := func() {
			if run != "" {
				b.WriteString(lsShellWrap(run))
				run = ""
			}
		}
		for _, r := range name {
			if lsControl(r) {
				flush()
				b.WriteString("$'" + lsCEscape(r) + "'")
				continue
			}
			run += string(r)
		}
		flush()
		return b.String(), true
	case "c", "clocale":
		return `"` + lsEscapeAll(name, '"', false) + `"`, true
	case "c-maybe":
		// quoted only for what needs an escape other than a backslash's
		if strings.ContainsFunc(name, func(r rune) bool { return r == '"' || lsControl(r) || r >= 0x80 }) {
			return `"` + lsEscapeAll(name, '"', false) + `"`, true
		}
		return name, false
	case "escape":
		return lsEscapeAll(name, 0, true), false
	case "locale":
		return "'" + lsEscapeAll(name, '\'', false) + "'", true
	}
	return raw, false
}

func lsControl(r rune) bool { return r < 0x20 || r == 0x7f }

// lsShellNeeds reports whether the shell styles quote name.
func lsShellNeeds(name string) bool {
	if name == "" {
		return true
	}
	for i, c := range name {
		safe := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			strings.ContainsRune("_-+,./:=@%^", c) || i > 0 && (c == '~' || c == '#') || c >= 0x80
		if !safe {
			return true
		}
	}
	return false
}

// lsShellWrap quotes s for a shell: single quotes, or double ones for a
// quote that needs no escape, or '\” inside single ones.
func lsShellWrap(s string) string {
	switch {
	case !strings.Contains(s, "'"):
		return "'" + s + "'"
	case !strings.ContainsAny(s, "\"$`\\!"):
		return `"` + s + `"`
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// lsEscapeAll is the c and escape styles' body: C escapes for control
// characters and bytes the C locale cannot print (octal), a backslash before
// the quote character q and before a backslash, and before a space when
// space is set (escape style).
func lsEscapeAll(s string, q byte, space bool) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' || q != 0 && c == q:
			b.WriteByte('\\')
			b.WriteByte(c)
		case space && c == ' ':
			b.WriteString(`\ `)
		case c < 0x20 || c >= 0x7f:
			b.WriteString(lsCEscape(rune(c)))
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// lsCEscape is one character's C escape: a letter where C has one, three
// octal digits where it has none.
func lsCEscape(r rune) string {
	switch r {
	case '\a':
		return `\a`
	case '\b':
		return `\b`
	case '\f':
		return `\f`
	case '\n':
		return `\n`
	case '\r':
		return `\r`
	case '\t':
		return `\t`
	case '\v':
		return `\v`
	}
	return fmt.Sprintf(`\%03o`, r)
}

// lsCounter counts what ls writes, for --dired's offsets.
type lsCounter struct {
	w io.Writer
	n int
}

func (c *lsCounter) Write(b []byte) (int, error) {
	n, err := c.w.Write(b)
	c.n += n
	return n, err
}
