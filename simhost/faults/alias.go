package faults

import (
	"encoding/json"
	"regexp"
	"sort"
	"strings"
)

// Alias defines shell aliases as if the user's rc file held them: the 001
// escalation, where the customer's `alias rm='rm -i'` turned the product's
// `rm -f` into `rm -i -f`, which on Solaris prompts and waits for ever. For bash
// (and dash) it also turns on expand_aliases, as that customer's rc did, so
// the aliases expand in a non-interactive `ssh host cmd`; ksh expands them
// anyway. The Bourne shell (Solaris /bin/sh) has no aliases: there the fault
// does nothing, as the same rc line would. `\rm` and `/bin/rm` bypass it.
type Alias struct {
	Aliases aliasMap `json:"aliases" help:"name to replacement, e.g. {\"rm\": \"rm -i\"}"`
	// RHELRoot adds the aliases Red Hat ships in root's ~/.bashrc.
	RHELRoot bool `json:"rhel-root" help:"also alias cp and mv to cp -i and mv -i, as RHEL's root .bashrc does"`
}

func init() {
	Register(Type{Name: "alias", Depth: Shell,
		Summary: "shell aliases from the user's rc file, expanded in non-interactive sessions (rm='rm -i')",
		New:     func() Fault { return &Alias{Aliases: aliasMap{"rm": "rm -i"}} }})
}

// aliasMap replaces the default aliases when given, instead of merging into them.
type aliasMap map[string]string

func (m *aliasMap) UnmarshalJSON(b []byte) error {
	var v map[string]string
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*m = v
	return nil
}

var aliasName = regexp.MustCompile(`^[A-Za-z0-9_.:+%@,-]+$`)

// Validate checks the alias names and values.
func (a *Alias) Validate() error {
	if err := Check(len(a.Aliases) == 0 && !a.RHELRoot, "aliases", "no alias given"); err != nil {
		return err
	}
	for _, name := range a.names() {
		if err := Check(!aliasName.MatchString(name), "aliases", "%q is not an alias name (letters, digits, _ . : + %% @ , -)", name); err != nil {
			return err
		}
		if err := Check(strings.TrimSpace(a.all()[name]) == "", "aliases", "alias %q has an empty value", name); err != nil {
			return err
		}
	}
	return nil
}

// all is the aliases the fault defines, RHEL's root set included.
func (a *Alias) all() map[string]string {
	out := map[string]string{}
	if a.RHELRoot {
		out["rm"], out["cp"], out["mv"] = "rm -i", "cp -i", "mv -i"
	}
	for k, v := range a.Aliases {
		out[k] = v
	}
	return out
}

func (a *Alias) names() []string {
	all := a.all()
	names := make([]string, 0, len(all))
	for k := range all {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// RC is the rc file's text for this shell.
func (a *Alias) RC(flavour string, _ bool) string {
	if flavour == "sh" {
		return "" // the Bourne shell has no alias builtin
	}
	var b strings.Builder
	if flavour != "ksh" {
		b.WriteString("shopt -s expand_aliases\n")
	}
	all := a.all()
	for _, name := range a.names() {
		b.WriteString("alias " + name + "=" + rcQuote(all[name]) + "\n")
	}
	return b.String()
}
