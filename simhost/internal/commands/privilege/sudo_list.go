package privilege

import (
	"fmt"
	"slices"
	"strings"
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
	who := p.User.Name
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
		who = other.Name
		if len(specs) == 0 {
			p.Printf("User %s is not allowed to run sudo on %s.\n", who, p.M.Hostname)
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
	var defs []string
	for _, d := range sd.pol.defaults {
		if (d.kind == 0 || d.kind == ':' || d.kind == '@') && sd.pol.bound(d, sd.req) {
			defs = append(defs, d.format())
		}
	}
	if len(defs) > 0 {
		p.Printf("Matching Defaults entries for %s on %s:\n    %s\n\n", who, p.M.Hostname, strings.Join(defs, ", "))
	}
	p.Printf("User %s may run the following commands on %s:\n", who, p.M.Hostname)
	for _, sp := range specs {
		p.Printf("    %s\n", privFormatCmnds(sp.cmnds))
	}
	return 0
}

// privFormatCmnds prints a rule's commands as sudo -l does: the runas list
// and tags only where they change.
func privFormatCmnds(cmnds []privCmnd) string {
	var b strings.Builder
	for i, c := range cmnds {
		if i > 0 {
			b.WriteString(", ")
		}
		if i == 0 || c.runas != cmnds[i-1].runas {
			b.WriteString("(")
			switch {
			case c.runas == nil:
				b.WriteString("root")
			default:
				b.WriteString(strings.Join(c.runas.users, ", "))
				if len(c.runas.groups) > 0 {
					b.WriteString(" : " + strings.Join(c.runas.groups, ", "))
				}
			}
			b.WriteString(") ")
		}
		for _, t := range c.tags {
			if i == 0 || !cmnds[i-1].tags.has(t) {
				b.WriteString(t + ": ")
			}
		}
		if c.negated {
			b.WriteString("!")
		}
		b.WriteString(c.cmnd)
	}
	return b.String()
}
