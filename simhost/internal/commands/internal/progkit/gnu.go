package progkit

import (
	"io/fs"
	"strings"

	"github.com/hostile-lab/hostile/simhost/shell"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

// OldCoreutils reports coreutils before 8.25 (RHEL 7 ships 8.22): file
// names in messages are in the locale's quotes, ‘x’ in the UTF-8 locale RHEL
// sessions run with, and some messages leave them unquoted.
func OldCoreutils(p *shell.Proc) bool {
	return p.M.P.Version("coreutils") != "" && !p.M.P.VersionAtLeast("coreutils", "8.25")
}

// QuoteName quotes a file name in a diagnostic as coreutils' quoteaf does:
// always, in shell style ('x') since 8.25.
func QuoteName(p *shell.Proc, s string) string {
	if OldCoreutils(p) {
		return "‘" + s + "’"
	}
	return ShellQuote(s, true)
}

// QuoteNameColon is coreutils' quotef, for "name: error" messages: shell style
// only when the name needs it since 8.25, plain before and on Solaris.
func QuoteNameColon(p *shell.Proc, s string) string {
	if OldCoreutils(p) || p.Solaris() {
		return s
	}
	return ShellQuote(s, false)
}

// ShellQuote quotes s the way gnulib's shell-escape style does.
func ShellQuote(s string, always bool) string {
	needs := s == ""
	for i, c := range s {
		safe := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			strings.ContainsRune("_-+,./:=@%^", c) || i > 0 && (c == '~' || c == '#') || c >= 0x80
		if !safe {
			needs = true
		}
	}
	switch {
	case !needs && !always:
		return s
	case !strings.Contains(s, "'"):
		return "'" + s + "'"
	case !strings.ContainsAny(s, "\"$`\\!"):
		return `"` + s + `"`
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// ModeString is the ten-character mode ls -l and stat %A print (vfs.ModeString).
func ModeString(m fs.FileMode, solaris bool) string { return vfs.ModeString(m, solaris) }

// LegacyGNU is true where the GNU tools predate some message changes (RHEL 7's
// grep 2.20 and coreutils 8.22), as the personality's versions say.
func LegacyGNU(p *shell.Proc) bool { return OldCoreutils(p) }

// UTF8Locale reports whether the locale is a UTF-8 one, where characters are
// counted as runes rather than bytes.
func UTF8Locale(p *shell.Proc) bool {
	for _, k := range []string{"LC_ALL", "LC_CTYPE", "LANG"} {
		if v := p.Getenv(k); v != "" {
			v = strings.ToLower(v)
			return strings.Contains(v, "utf-8") || strings.Contains(v, "utf8")
		}
	}
	return false
}

// PadLeft right-aligns s in width columns.
func PadLeft(s string, width int) string {
	if len(s) >= width {
		return s
	}
	return strings.Repeat(" ", width-len(s)) + s
}
