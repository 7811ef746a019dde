package system

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/shell"
)

func init() {
	shell.Register(shell.Command{Name: "id", Run: idCmd})
	shell.Register(shell.Command{Name: "whoami", Only: "gnu", Run: whoamiCmd}) // Solaris keeps it in /usr/ucb
	shell.Register(shell.Command{Name: "groups", Run: groupsCmd})
	shell.Register(shell.Command{Name: "logname", Run: lognameCmd})
	shell.Register(shell.Command{Name: "tty", Run: ttyCmd})
}

// sysGroups are an account's group ids as getgrouplist gives them: the
// primary group, then the others in /etc/group order.
func sysGroups(a *machine.Account) []int {
	rest := make([]int, 0, len(a.GIDs))
	for _, g := range a.GIDs {
		if g != a.GID {
			rest = append(rest, g)
		}
	}
	sort.Ints(rest)
	return append([]int{a.GID}, rest...)
}

// sysIDName is "1000(ops)", or the bare number when the id has no name.
func sysIDName(id int, name string) string {
	if name == strconv.Itoa(id) {
		return name
	}
	return fmt.Sprintf("%d(%s)", id, name)
}

// sysLookupUser resolves a user operand: a name, or a uid as GNU id allows.
func sysLookupUser(p *shell.Proc, name string) *machine.Account {
	if a := p.M.User(name); a != nil {
		return a
	}
	if uid, err := strconv.Atoi(strings.TrimPrefix(name, "+")); err == nil && !p.Solaris() {
		return p.M.UserByUID(uid)
	}
	return nil
}

// idCmd is GNU id, or Solaris /usr/bin/id (-a adds the groups).
func idCmd(p *shell.Proc) int {
	spec := progkit.Spec{Short: "agGnruzZ", Long: []string{"group=g", "groups=G", "name=n", "real=r", "user=u",
		"zero=z", "context=Z"}}
	if p.Solaris() {
		spec = progkit.Spec{Short: "ap", Usage: "Usage: id [-ap] [user]"}
	}
	opts, operands, fail := progkit.ParseSpec(p, p.Args(), spec)
	if fail != 0 {
		return fail
	}
	flags := map[string]bool{}
	for _, o := range opts {
		flags[o.Key] = true
	}
	if p.Solaris() && len(operands) > 1 {
		fmt.Fprintln(p.Stderr, spec.Usage)
		return 2
	}
	only := 0
	for _, k := range []string{"u", "g", "G"} {
		if flags[k] {
			only++
		}
	}
	switch {
	case only > 1:
		return p.Fail(1, "cannot print \"only\" of more than one choice")
	case only == 0 && (flags["n"] || flags["r"]):
		return p.Fail(1, "cannot print only names or real IDs in default format")
	}
	accounts := []*machine.Account{p.User}
	if len(operands) > 0 {
		accounts = accounts[:0]
		for _, name := range operands {
			a := sysLookupUser(p, name)
			if a == nil {
				if p.Solaris() {
					return p.Fail(1, "invalid user name: \"%s\"", name)
				}
				if progkit.LegacyGNU(p) {
					return p.Fail(1, "%s: no such user", name)
				}
				return p.Fail(1, "%s: no such user", progkit.QuoteC(name))
			}
			accounts = append(accounts, a)
		}
	}
	sep := " "
	if flags["z"] {
		sep = "\x00"
	}
	for _, a := range accounts {
		user := p.M.UserName(a.UID)
		switch {
		case flags["u"] && flags["n"]:
			p.Printf("%s\n", user)
		case flags["u"]:
			p.Printf("%d\n", a.UID)
		case flags["g"] && flags["n"]:
			p.Printf("%s\n", p.M.GroupName(a.GID))
		case flags["g"]:
			p.Printf("%d\n", a.GID)
		case flags["G"]:
			var out []string
			for _, g := range sysGroups(a) {
				if flags["n"] {
					out = append(out, p.M.GroupName(g))
				} else {
					out = append(out, strconv.Itoa(g))
				}
			}
			p.Printf("%s\n", strings.Join(out, sep))
		default:
			line := fmt.Sprintf("uid=%s gid=%s", sysIDName(a.UID, user), sysIDName(a.GID, p.M.GroupName(a.GID)))
			if !p.Solaris() || flags["a"] {
				var gs []string
				for _, g := range sysGroups(a) {
					gs = append(gs, sysIDName(g, p.M.GroupName(g)))
				}
				line += " groups=" + strings.Join(gs, ",")
			}
			p.Printf("%s\n", line)
		}
	}
	return 0
}

// sysNoArguments reads the command line of a GNU program that takes no
// options and no operands; ok false with the status of its complaint.
func sysNoArguments(p *shell.Proc) (status int, ok bool) {
	_, operands, fail := progkit.ParseSpec(p, p.Args(), progkit.Spec{})
	if fail != 0 {
		return fail, false
	}
	if len(operands) > 0 {
		return progkit.SpecUsageError(p, progkit.Spec{}, "extra operand "+progkit.QuoteC(operands[0])), false
	}
	return 0, true
}

// whoamiCmd prints the effective user's name.
func whoamiCmd(p *shell.Proc) int {
	if status, ok := sysNoArguments(p); !ok {
		return status
	}
	p.Printf("%s\n", p.M.UserName(p.User.UID))
	return 0
}

// groupsCmd prints group names: the caller's, or "user : groups" for each
// named user (Solaris prints just the groups).
func groupsCmd(p *shell.Proc) int {
	_, operands, fail := progkit.ParseSpec(p, p.Args(), progkit.Spec{})
	if fail != 0 {
		return fail
	}
	names := func(a *machine.Account) string {
		var out []string
		for _, g := range sysGroups(a) {
			out = append(out, p.M.GroupName(g))
		}
		return strings.Join(out, " ")
	}
	if len(operands) == 0 {
		p.Printf("%s\n", names(p.User))
		return 0
	}
	status := 0
	for _, name := range operands {
		a := sysLookupUser(p, name)
		switch {
		case a == nil && p.Solaris():
			p.Errorf("%s : No such user", name)
			status = 1
		case a == nil:
			p.Errorf("%s: no such user", progkit.QuoteC(name))
			status = 1
		case p.Solaris():
			p.Printf("%s\n", names(a))
		default:
			p.Printf("%s : %s\n", name, names(a))
		}
	}
	return status
}

// lognameCmd prints the name the session logged in with.
func lognameCmd(p *shell.Proc) int {
	if status, ok := sysNoArguments(p); !ok {
		return status
	}
	// glibc's getlogin reads the loginuid pam_loginuid set at login, with or
	// without a terminal; Solaris's looks the terminal up in utmpx.
	if p.Solaris() && !p.TTY() {
		return p.Fail(1, "no login name")
	}
	p.Printf("%s\n", p.LoginUser().Name)
	return 0
}

// ttyCmd names the session's terminal, or says there is none and exits 1, as
// for `ssh host tty`; -s answers with the status alone.
func ttyCmd(p *shell.Proc) int {
	spec := progkit.Spec{Short: "s", Long: []string{"silent=s", "quiet=s"}, Code: 2}
	opts, operands, fail := progkit.ParseSpec(p, p.Args(), spec)
	if fail != 0 {
		return fail
	}
	if len(operands) > 0 {
		return progkit.SpecUsageError(p, spec, "extra operand "+progkit.QuoteC(operands[0]))
	}
	name, code := "/dev/pts/0", 0
	if !p.TTY() {
		name, code = "not a tty", 1
	}
	if len(opts) == 0 {
		p.Printf("%s\n", name)
	}
	return code
}
