package system

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/shell"
)

// lastlog (shadow's login package) prints each account's most recent login
// from /var/log/lastlog, which compliance audits read (lastlog -b 90 for
// dormant accounts). sshd records a login there only for a session with a
// terminal; the simulated host keeps no such history, so every account shows
// as never logged in, as on a fresh container, and a terminal login seen on
// the host is said to be not emulated.
func init() {
	shell.Register(shell.Command{Name: "lastlog", Only: "gnu", ShortName: true, Run: lastlogCmd})
}

const lastlogUsage = `Usage: lastlog [options]

Options:
  -b, --before DAYS             print only lastlog records older than DAYS
  -C, --clear                   clear lastlog record of an user (usable only with -u)
  -h, --help                    display this help message and exit
  -R, --root CHROOT_DIR         directory to chroot into
  -S, --set                     set lastlog record to current time (usable only with -u)
  -t, --time DAYS               print only lastlog records more recent than DAYS
  -u, --user LOGIN              print lastlog record of the specified LOGIN

`

func lastlogCmd(p *shell.Proc) int {
	g := progkit.Getopt{Short: "b:ChR:St:u:", Long: []string{"before:=b", "clear=C", "help=h", "root:=R", "set=S", "time:=t", "user:=u"},
		NoTry: true, NotEmulated: []string{"C", "R", "S"}}
	c, _, ok := g.Parse(p, p.Args())
	if !ok {
		fmt.Fprint(p.Stderr, lastlogUsage)
		return 1
	}
	if c.Has("h") {
		fmt.Fprint(p.Stdout, lastlogUsage)
		return 0
	}
	for _, key := range []string{"b", "t"} {
		if v, ok := c.Value(key); ok {
			if n, err := strconv.ParseUint(v, 10, 32); err != nil || n > 1<<31 {
				fmt.Fprintf(p.Stderr, "lastlog: invalid numeric argument '%s'\n", v)
				return 1
			}
		}
	}
	if len(c.Operands) > 0 {
		fmt.Fprintf(p.Stderr, "lastlog: unexpected argument: %s\n%s", c.Operands[0], lastlogUsage)
		return 1
	}
	users := p.M.Users()
	if v, ok := c.Value("u"); ok {
		users = lastlogSelect(p.M, users, v)
		if users == nil {
			fmt.Fprintf(p.Stderr, "lastlog: Unknown user or range: %s\n", v)
			return 1
		}
	}
	if c.Has("t") {
		return 0 // no account logged in within the last DAYS: none is printed
	}
	if len(loginSessions(p)) > 0 {
		p.NotEmulated("lastlog after a terminal login (the host keeps no login records)")
	}
	// The header and the width of From as the release's lastlog has them
	// (shadow 4.13 widened From to an IPv6 address's length), captured.
	header, root, _ := strings.Cut(p.M.P.Texts["lastlog"], "\n")
	// A line is "%-16s %-8.8s %-*s **Never logged in**": From's width is
	// where that text starts, less the 27 columns before and after From.
	from := strings.Index(root, "**Never logged in**") - 27
	if len(users) > 0 {
		fmt.Fprintln(p.Stdout, header) // before the first record printed
	}
	for _, a := range users {
		fmt.Fprintf(p.Stdout, "%-16s %-8.8s %-*s **Never logged in**\n", a.Name, "", max(from, 0), "")
	}
	return 0
}

// lastlogSelect is -u's argument: a login name, a uid, or a range of uids
// (N-M, N-, -M); nil when it names no one.
func lastlogSelect(m *machine.Machine, users []*machine.Account, arg string) []*machine.Account {
	if a := m.User(arg); a != nil {
		return []*machine.Account{a}
	}
	lo, hi, isRange := strings.Cut(arg, "-")
	if !isRange {
		hi = lo
	}
	min, max := 0, int(^uint32(0)>>1)
	var err error
	if lo != "" {
		if min, err = strconv.Atoi(lo); err != nil {
			return nil
		}
	}
	if hi != "" {
		if max, err = strconv.Atoi(hi); err != nil {
			return nil
		}
	}
	var out []*machine.Account
	for _, a := range users {
		if a.UID >= min && a.UID <= max {
			out = append(out, a)
		}
	}
	return append([]*machine.Account{}, out...) // a uid or range of no one: none printed
}
