package privilege

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hostile-lab/hostile/simhost/machine"
)

// ownRules authenticates for -v and -l and returns the user's rules on this
// host. The password is skipped when all of them (verifypw=all, for -v) or
// any of them (listpw=any, for -l) are NOPASSWD. Without rules, sudo says so
// and code is 1: at once for -v, after the password for -l.
func (sd *privSudo) ownRules(all bool) (specs []privUserSpec, code int) {
	p := sd.p
	sd.s = sd.pol.settings(sd.req, sd.v, false)
	specs = slices.DeleteFunc(sd.pol.userSpecs(p.M, p.User), func(s privUserSpec) bool { return !s.onHost })
	if all && len(specs) == 0 && p.User.UID != 0 {
		fmt.Fprintf(p.Stderr, "Sorry, user %s may not run sudo on %s.\n", p.User.Name, p.M.Hostname)
		return nil, 1
	}
	nopasswd := all && len(specs) > 0
	for _, sp := range specs {
		for _, c := range sp.cmnds {
			if all {
				nopasswd = nopasswd && c.tags.has("NOPASSWD")
			} else {
				nopasswd = nopasswd || c.tags.has("NOPASSWD")
			}
		}
	}
	if code := sd.authorize(nopasswd, len(specs) > 0); code != 0 {
		return nil, code
	}
	if len(specs) == 0 && p.User.UID != 0 {
		fmt.Fprintf(p.Stderr, "Sorry, user %s may not run sudo on %s.\n", p.User.Name, p.M.Hostname)
		return nil, 1
	}
	return specs, 0
}

// validate is sudo -v: authenticate and refresh the timestamp.
func (sd *privSudo) validate() int {
	_, code := sd.ownRules(true)
	return code
}

// list is sudo -l: the matching Defaults and the user's rules, or with a
// command, its full path when allowed.
func (sd *privSudo) list() int {
	p := sd.p
	specs, code := sd.ownRules(false)
	if code != 0 {
		return code
	}
	account := p.User
	if name := sd.o.otherUser; name != "" {
		other := p.M.User(name)
		if other == nil {
			return p.Fail(1, "unknown user %s", name)
		}
		// Listing another user's rules is the "list" command, which only
		// root and a user who may run ALL may run.
		if p.User.UID != 0 && !slices.ContainsFunc(specs, func(sp privUserSpec) bool {
			return slices.ContainsFunc(sp.cmnds, func(c privCmnd) bool { return c.cmnd == "ALL" && !c.negated })
		}) {
			fmt.Fprintf(p.Stderr, "Sorry, user %s is not allowed to execute 'list' as %s on %s.\n", p.User.Name, name, p.M.Hostname)
			return 1
		}
		specs = slices.DeleteFunc(sd.pol.userSpecs(p.M, other), func(s privUserSpec) bool { return !s.onHost })
		account = other
		if len(specs) == 0 {
			p.Printf("User %s is not allowed to run sudo on %s.\n", account.Name, p.M.Hostname)
			return 0
		}
	}
	if len(sd.o.argv) > 0 {
		found := sd.resolve(sd.o.argv)
		if !found || !sd.pol.lookup(sd.req).allowed {
			return 1
		}
		p.Printf("%s\n", strings.Join(append([]string{sd.req.cmnd}, sd.req.args...), " "))
		return 0
	}
	sd.printPrivileges(account, specs)
	return 0
}

// printPrivileges is sudo -l's listing (display_privs): the Defaults that
// apply to the user, the runas and command bound ones, then the user's rules
// on this host, short or with -ll long. It wraps at the terminal's width as
// sudo does, unless its output is a pipe.
func (sd *privSudo) printPrivileges(account *machine.Account, specs []privUserSpec) {
	p, pol := sd.p, sd.pol
	cols := ttyCols(p)
	if p.IsFIFO(p.Stdout) {
		cols = 0
	}
	defs := privLbuf{indent: 4, cols: cols}
	var matching []string
	for _, d := range pol.defaults {
		switch d.kind {
		case ':':
			if pol.matchList("User_Alias", d.binding, privUserMatch(p.M, account), 0) != 1 {
				continue
			}
		case '@':
			if pol.matchList("Host_Alias", d.binding, privHostMatch(p.M), 0) != 1 {
				continue
			}
		case '>', '!':
			continue
		}
		matching = append(matching, d.format())
	}
	if len(matching) > 0 {
		fmt.Fprintf(&defs, "Matching Defaults entries for %s on %s:\n    %s\n\n", account.Name, p.M.Hostname, strings.Join(matching, ", "))
	}
	if bound := sd.boundDefaults(); bound != "" {
		fmt.Fprintf(&defs, "Runas and Command-specific defaults for %s:\n%s\n\n", account.Name, bound)
	}
	rules := privLbuf{indent: 8, cols: cols}
	fmt.Fprintf(&rules, "User %s may run the following commands on %s:\n", account.Name, p.M.Hostname)
	for _, sp := range specs {
		if sd.o.longList {
			sd.writeLongRule(&rules, account, sp.cmnds)
		} else {
			sd.writeShortRule(&rules, account, sp.cmnds)
		}
	}
	defs.print(p.Stdout)
	rules.print(p.Stdout)
}

// boundDefaults are the Defaults bound to runas users, then to commands, all
// of them whoever lists (display_bound_defaults): each line's binding once,
// aliases expanded, the two kinds run together on one line as sudo prints
// them. 1.9.5 separates a binding's members with "," after a blank.
func (sd *privSudo) boundDefaults() string {
	var b strings.Builder
	for _, kind := range []byte{'>', '!'} {
		alias := map[byte]string{'>': "Runas_Alias", '!': "Cmnd_Alias"}[kind]
		statement, found := 0, 0
		for _, d := range sd.pol.defaults {
			if d.kind != kind {
				continue
			}
			found++
			if d.statement == statement {
				b.WriteString(", ")
			} else {
				statement = d.statement
				if found != 1 {
					b.WriteString("\n")
				}
				b.WriteString("    Defaults" + string(kind))
				if sd.v.tagsPerLine {
					b.WriteString(strings.Join(sd.pol.expand(alias, d.binding, 0), ", ") + " ")
				} else {
					for i, m := range d.binding {
						if i > 0 {
							b.WriteString(",")
						}
						b.WriteString(strings.Join(sd.pol.expand(alias, []string{m}, 0), ", ") + " ")
					}
				}
			}
			b.WriteString(d.format())
		}
	}
	return b.String()
}

// writeShortRule is one host section of a rule as sudo -l lists it: a line
// for each runas list, its tags where they change.
func (sd *privSudo) writeShortRule(b *privLbuf, account *machine.Account, cmnds []privCmnd) {
	for i := range cmnds {
		c, prev := &cmnds[i], (*privCmnd)(nil)
		if i > 0 {
			prev = &cmnds[i-1]
		}
		if prev == nil || c.runas != prev.runas {
			if prev != nil {
				b.WriteString("\n")
			}
			b.WriteString("    (" + sd.pol.runasUsers(c.runas, account))
			if c.runas != nil && len(c.runas.groups) > 0 {
				b.WriteString(" : " + strings.Join(sd.pol.expand("Runas_Alias", c.runas.groups, 0), ", "))
			}
			b.WriteString(") ")
			if sd.v.tagsPerLine {
				prev = nil
			}
		} else {
			b.WriteString(", ")
		}
		for _, family := range privTagOrder {
			if t := c.tags.of(family); t != "" && (prev == nil || prev.tags.of(family) != t) {
				b.WriteString(t + ": ")
			}
		}
		b.WriteString(strings.Join(sd.pol.commands(*c), ", "))
	}
	b.WriteString("\n")
}

// writeLongRule is one host section of a rule as sudo -ll lists it: an entry
// for each change of runas list or tags, its commands a line each.
func (sd *privSudo) writeLongRule(b *privLbuf, account *machine.Account, cmnds []privCmnd) {
	for i, c := range cmnds {
		if i == 0 || c.runas != cmnds[i-1].runas || c.tags.changedFrom(cmnds[i-1].tags) {
			b.WriteString("\nSudoers entry:\n    RunAsUsers: " + sd.pol.runasUsers(c.runas, account) + "\n")
			if c.runas != nil && len(c.runas.groups) > 0 {
				b.WriteString("    RunAsGroups: " + strings.Join(sd.pol.expand("Runas_Alias", c.runas.groups, 0), ", ") + "\n")
			}
			var options []string
			for _, o := range privLongOptions {
				switch c.tags.of(o.family) {
				case o.family:
					options = append(options, o.set)
				case "NO" + o.family:
					options = append(options, o.unset)
				}
			}
			if len(options) > 0 {
				b.WriteString("    Options: " + strings.Join(options, ", ") + "\n")
			}
			b.WriteString("    Commands:\n")
		}
		b.WriteString("\t" + strings.Join(sd.pol.commands(c), "\n\t") + "\n")
	}
}

// privTagOrder is the order sudo -l names tags in, whatever order the rule
// wrote them: by family, each family's tag as the rule set it.
var privTagOrder = []string{"SETENV", "INTERCEPT", "EXEC", "PASSWD", "LOG_INPUT", "LOG_OUTPUT", "MAIL", "FOLLOW"}

// privLongOptions are the tags sudo -ll shows as Options, in its order, with
// the word for the tag and for its NO form.
var privLongOptions = []struct{ family, set, unset string }{
	{"SETENV", "setenv", "!setenv"}, {"EXEC", "!noexec", "noexec"}, {"INTERCEPT", "intercept", "!intercept"},
	{"PASSWD", "authenticate", "!authenticate"}, {"LOG_INPUT", "log_input", "!log_input"},
	{"LOG_OUTPUT", "log_output", "!log_output"},
}

// runasUsers is a command's runas users as sudo -l prints them: the
// default, root, when the rule names none; the listed user when it names
// only groups.
func (pol *privSudoers) runasUsers(r *privRunas, account *machine.Account) string {
	switch {
	case r == nil || len(r.users) == 0 && len(r.groups) == 0:
		return "root"
	case len(r.users) == 0:
		return account.Name
	}
	return strings.Join(pol.expand("Runas_Alias", r.users, 0), ", ")
}

// commands are a command entry as sudo -l prints it: an alias's members,
// each negated when the alias is.
func (pol *privSudoers) commands(c privCmnd) []string {
	cmnd := c.cmnd
	if c.negated {
		cmnd = "!" + cmnd
	}
	return pol.expand("Cmnd_Alias", []string{cmnd}, 0)
}

// expand is items with each alias of kind replaced by its members, a
// negated alias negating each of them, as sudo -l prints aliases.
func (pol *privSudoers) expand(kind string, items []string, depth int) []string {
	var out []string
	for _, item := range items {
		name, negated := strings.CutPrefix(item, "!")
		members, ok := pol.aliases[kind+" "+name]
		if !ok || depth > 64 {
			out = append(out, item)
			continue
		}
		for _, m := range pol.expand(kind, members, depth+1) {
			if negated {
				if inner, ok := strings.CutPrefix(m, "!"); ok {
					m = inner
				} else {
					m = "!" + m
				}
			}
			out = append(out, m)
		}
	}
	return out
}
