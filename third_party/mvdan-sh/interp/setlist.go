// Patched for hostile (see ../PATCHES.md, "Behaviour patches"): bash's set
// with no arguments lists every variable, then every function, as scripts
// read it (`set | grep ^NAME=` to test a variable, diffs of the state).

package interp

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"mvdan.cc/sh/v3/expand"
)

// listSet is bash's `set`: each variable with a value as name=value (sorted
// by name), arrays as declare -p writes their elements, then the functions.
func (r *Runner) listSet() {
	vars := map[string]expand.Variable{}
	r.writeEnv.Each(func(name string, vr expand.Variable) bool {
		vars[name] = vr
		return true
	})
	for _, name := range []string{"PPID", "BASHOPTS", "SHELLOPTS", "BASH_SOURCE", "BASH_LINENO", "FUNCNAME",
		"BASH_EXECUTION_STRING", "PIPESTATUS", "_"} {
		if vr := r.lookupVar(name); vr.IsSet() {
			vars[name] = vr
		}
	}
	var b strings.Builder
	for _, name := range slices.Sorted(maps.Keys(vars)) {
		vr := vars[name]
		if !vr.IsSet() || invisibleToSet[name] {
			continue
		}
		switch vr.Kind {
		case expand.Indexed:
			b.WriteString(name + "=(")
			for i, v := range vr.List {
				if i > 0 {
					b.WriteByte(' ')
				}
				idx := i
				if vr.Indexes != nil {
					idx = vr.Indexes[i]
				}
				fmt.Fprintf(&b, "[%d]=%s", idx, r.declQuote(v))
			}
			b.WriteString(")\n")
		case expand.Associative:
			b.WriteString(name + "=(")
			for _, k := range vr.AssocKeys() {
				fmt.Fprintf(&b, "[%s]=%s ", r.assocKey(k), r.declQuote(vr.Map[k]))
			}
			b.WriteString(")\n")
		default:
			b.WriteString(name + "=" + setQuote(vr.String()) + "\n")
		}
	}
	for _, name := range slices.Sorted(maps.Keys(r.Funcs)) {
		b.WriteString(BashFunction(name, r.Funcs[name]) + "\n")
	}
	r.out(b.String())
}

// invisibleToSet are bash's variables that have a value but that set does
// not list until a script assigns them (bash's att_invisible).
var invisibleToSet = map[string]bool{"COMP_WORDBREAKS": true}

// setQuote quotes a value as bash's set does: bare when no character is
// special to the shell, in $'...' when one is not printable (in the C
// locale, every byte past ASCII), else in single quotes.
func setQuote(s string) string {
	unprintable := func(c byte) bool { return c < 0x20 || c >= 0x7f }
	if strings.IndexFunc(s, func(rn rune) bool { return rn < 0x20 || rn >= 0x7f }) >= 0 {
		var b strings.Builder
		b.WriteString("$'")
		for i := 0; i < len(s); i++ {
			c := s[i]
			switch {
			case c == '\a':
				b.WriteString(`\a`)
			case c == '\b':
				b.WriteString(`\b`)
			case c == 0x1b:
				b.WriteString(`\E`)
			case c == '\f':
				b.WriteString(`\f`)
			case c == '\n':
				b.WriteString(`\n`)
			case c == '\r':
				b.WriteString(`\r`)
			case c == '\t':
				b.WriteString(`\t`)
			case c == '\v':
				b.WriteString(`\v`)
			case c == '\\' || c == '\'':
				b.WriteString(`\` + string(c))
			case unprintable(c):
				fmt.Fprintf(&b, `\%03o`, c)
			default:
				b.WriteByte(c)
			}
		}
		b.WriteString("'")
		return b.String()
	}
	if hasShellMetas(s) {
		return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
	}
	return s
}

// hasShellMetas is bash's sh_contains_shell_metas: a character the shell
// would take as syntax, ~ where it would expand, # where it starts a comment.
func hasShellMetas(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case ' ', '\t', '\n', '\'', '"', '\\', '|', '&', ';', '(', ')', '<', '>', '!', '{', '}', '*', '[', '?', ']', '^', '$', '`':
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
