// Patched for hostile (see ../PATCHES.md, "Behaviour patches"): bash's value
// attributes (declare -i, -l, -u) and its listings of variables (declare -p,
// export -p, readonly -p) in bash's own format.

package interp

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"mvdan.cc/sh/v3/expand"
	"mvdan.cc/sh/v3/syntax"
)

// attrValue is what a variable with vr's attributes holds once s is
// assigned to it, or appended to old: an integer variable adds the
// arithmetic values, a case variable converts the whole.
func (r *Runner) attrValue(vr expand.Variable, old, s string) string {
	if vr.Integer {
		n := r.arithmText(s)
		if old != "" {
			n += r.arithmText(old)
		}
		return strconv.Itoa(n)
	}
	s = old + s
	switch {
	case vr.Lower:
		return strings.ToLower(s)
	case vr.Upper:
		return strings.ToUpper(s)
	}
	return s
}

// arithmText evaluates text as an arithmetic expression, as bash does with
// what is assigned to an integer variable; empty text is 0.
func (r *Runner) arithmText(text string) int {
	if strings.TrimSpace(text) == "" {
		return 0
	}
	x, err := syntax.NewParser().Arithmetic(strings.NewReader(text))
	if err != nil {
		r.shErrf("%s: syntax error in expression\n", text)
		r.exit.code = 1
		return 0
	}
	return r.arithm(x)
}

// setDeclAttrs gives vr the value attributes of declare's flags (i, l, u);
// -l and -u each drop the other, as in bash.
func setDeclAttrs(vr *expand.Variable, attrs []byte) {
	for _, a := range attrs {
		switch a {
		case 'i':
			vr.Integer = true
		case 'l':
			vr.Lower, vr.Upper = true, false
		case 'u':
			vr.Upper, vr.Lower = true, false
		}
	}
}

// printDecl prints one variable as bash's declare -p does:
// `declare -ir UID="0"`, `declare -a a=([0]="x")`, `declare -x OLDPWD`.
func (r *Runner) printDecl(name string, vr expand.Variable) {
	flags := vr.Flags()
	if flags == "" {
		flags = "-"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "declare -%s %s", flags, name)
	switch {
	case !vr.IsSet():
	case vr.Kind == expand.Indexed:
		b.WriteString("=(")
		for i, v := range vr.List {
			if i > 0 {
				b.WriteByte(' ')
			}
			idx := i
			if vr.Indexes != nil {
				idx = vr.Indexes[i]
			}
			fmt.Fprintf(&b, "[%d]=%s", idx, r.declQuoteElem(v))
		}
		b.WriteByte(')')
	case vr.Kind == expand.Associative:
		// bash leaves a space after each element, in its hash order
		b.WriteString("=(")
		for _, k := range vr.AssocKeys() {
			fmt.Fprintf(&b, "[%s]=%s ", r.assocKey(k), r.declQuoteElem(vr.Map[k]))
		}
		b.WriteByte(')')
	default:
		b.WriteString("=" + r.declQuote(vr.Str))
	}
	b.WriteByte('\n')
	r.out(b.String())
}

// declQuote quotes a value as declare -p prints it: in double quotes with
// \ " $ ` escaped, or in bash 5.2 $'...' when it holds a control character.
func (r *Runner) declQuote(s string) string {
	return r.declQuoteAs(s, r.sandbox.dialect != nil && r.sandbox.dialect.DeclareANSIC)
}

// declQuoteElem quotes an array's element, which bash 5.1 quotes as $'...'
// too when it holds a control character (only its scalars stay in double
// quotes, captured from bullseye).
func (r *Runner) declQuoteElem(s string) string {
	return r.declQuoteAs(s, r.sandbox.dialect != nil)
}

func (r *Runner) declQuoteAs(s string, ansic bool) string {
	if ansic && strings.ContainsFunc(s, unicode.IsControl) {
		q, err := syntax.Quote(s, syntax.LangBash)
		if err == nil && strings.HasPrefix(q, "$'") {
			return q
		}
	}
	var b strings.Builder
	b.WriteByte('"')
	for _, c := range s {
		if strings.ContainsRune("\\\"$`", c) {
			b.WriteByte('\\')
		}
		b.WriteRune(c)
	}
	b.WriteByte('"')
	return b.String()
}

// assocKey is an associative array's key as declare -p prints it: bare
// when it is a plain word, else quoted.
func (r *Runner) assocKey(k string) string {
	if k != "" && !strings.ContainsFunc(k, func(c rune) bool {
		return unicode.IsSpace(c) || strings.ContainsRune("\"'\\$`[]*?()<>|&;", c)
	}) {
		return k
	}
	return r.declQuote(k)
}

// listDecl prints, sorted by name as bash does, every variable that keep
// selects (export -p: the exported ones, readonly -p: the read-only ones).
func (r *Runner) listDecl(keep func(name string, vr expand.Variable) bool) {
	vars := map[string]expand.Variable{}
	r.writeEnv.Each(func(name string, vr expand.Variable) bool {
		vars[name] = vr
		return true
	})
	if r.bashDialect() {
		// bash's PPID is a read-only integer; the runner computes it
		ppid := r.lookupVar("PPID")
		ppid.ReadOnly, ppid.Integer = true, true
		vars["PPID"] = ppid
		for _, name := range []string{"BASHOPTS", "SHELLOPTS"} {
			if vr, ok := r.optionListVar(name); ok {
				vars[name] = vr
			}
		}
	}
	if d := r.sandbox.dialect; d != nil && d.HostVars != nil {
		for _, name := range d.HostVars() {
			vr := r.lookupVar(name)
			vr.Exported = true
			vars[name] = vr
		}
	}
	for _, name := range slices.Sorted(maps.Keys(vars)) {
		if vr := vars[name]; vr.Declared() && keep(name, vr) {
			r.printDecl(name, vr)
		}
	}
}

// dashListDecl is dash's showvars for export and readonly (with -p or no
// name): "export NAME='value'", sorted by name, a variable with no value as
// "export NAME". Patched for hostile: the runner listed nothing for dash.
func (r *Runner) dashListDecl(word string, keep func(vr expand.Variable) bool) {
	vars := map[string]expand.Variable{}
	r.writeEnv.Each(func(name string, vr expand.Variable) bool {
		vars[name] = vr
		return true
	})
	if d := r.sandbox.dialect; d != nil && d.HostVars != nil {
		for _, name := range d.HostVars() {
			vr := r.lookupVar(name)
			vr.Exported = true
			vars[name] = vr
		}
	}
	for _, name := range slices.Sorted(maps.Keys(vars)) {
		vr := vars[name]
		if !vr.Declared() || !keep(vr) {
			continue
		}
		if !vr.IsSet() {
			r.outf("%s %s\n", word, name)
			continue
		}
		r.outf("%s %s=%s\n", word, name, dashSingleQuote(vr.String()))
	}
}

// dashSingleQuote is dash's single_quote: runs of other bytes in single
// quotes, runs of single quotes in double quotes ('it'"'"'s').
func dashSingleQuote(s string) string {
	var b strings.Builder
	for {
		n := strings.IndexByte(s, '\'')
		if n < 0 {
			n = len(s)
		}
		b.WriteString("'" + s[:n] + "'")
		s = s[n:]
		if s == "" {
			break
		}
		q := len(s) - len(strings.TrimLeft(s, "'"))
		b.WriteString(`"` + s[:q] + `"`)
		s = s[q:]
		if s == "" {
			break
		}
	}
	return b.String()
}
