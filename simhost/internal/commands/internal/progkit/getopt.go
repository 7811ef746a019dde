package progkit

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/hostile-lab/hostile/simhost/shell"
)

// Getopt is a command line as glibc's getopt_long sees it: one parser for the
// emulated programs (the files' fsParse and ParseSpec, the older tables, read into it).
//
//   - Short is a getopt string: a letter, ':' after it when it takes an argument,
//     '::' when the argument is optional and must be attached (-i.bak). A leading
//     '+' stops at the first operand, as POSIX getopt does (timeout, nice, nohup).
//   - Long lists long options: "name" is its own key, "name:" takes an argument,
//     "name::" an optional one (only as --name=value), and "name=x" is the same as
//     the short option x.
//
// Options may follow operands unless Short starts with '+' or POSIXLY_CORRECT is
// set; "--" ends them; "-" alone is an operand; -abc bundles; --opt=v and
// unambiguous abbreviations of long options work.
//
// On a Solaris host it is getopt(3C): options stop at the first operand, there
// are no long options, and a usage error is "NAME: illegal option -- x" then
// the usage text.
type Getopt struct {
	Short string
	Long  []string
	// Usage is printed after the complaint, before GNU's "Try" line.
	Usage string
	// Status is the exit status of a usage error (1 when zero).
	Status int
	// NoTry leaves out the "Try '... --help'" line (tools that print their usage instead).
	NoTry bool
	// TryPrefixed starts the "Try" line with the program's name, as diffutils does.
	TryPrefixed bool
	// Argp is a program parsing with glibc's argp (GNU tar): its "Try" line
	// names --usage too, and a usage error exits 64 (EX_USAGE) unless Status says.
	Argp bool
	// NotEmulated lists options the real tool knows that the host does not emulate
	// (the short letter or the long name): using one is a not-emulated event.
	NotEmulated []string
	// The Solaris tool's own: the letters it takes (all of Short when empty),
	// its usage text (Usage when empty) and the status of a usage error (2
	// when zero).
	SolarisShort, SolarisUsage string
	SolarisStatus              int
}

// option is one parsed option: Key is the short letter or the long name.
type option struct {
	Key, Val string
	HasVal   bool
}

// Cmdline is a parsed command line.
type Cmdline struct {
	Opts     []option
	Operands []string
}

// Has reports whether any of the keys was given.
func (c Cmdline) Has(keys ...string) bool {
	for _, o := range c.Opts {
		for _, k := range keys {
			if o.Key == k {
				return true
			}
		}
	}
	return false
}

// Value is the last value given to any of the keys.
func (c Cmdline) Value(keys ...string) (string, bool) {
	for i := len(c.Opts) - 1; i >= 0; i-- {
		for _, k := range keys {
			if c.Opts[i].Key == k {
				return c.Opts[i].Val, true
			}
		}
	}
	return "", false
}

// All lists every value given to the keys, in order.
func (c Cmdline) All(keys ...string) []string {
	var vals []string
	for _, o := range c.Opts {
		for _, k := range keys {
			if o.Key == k {
				vals = append(vals, o.Val)
			}
		}
	}
	return vals
}

// Parse parses args. On a usage error it prints the tool's complaint and
// returns ok false with the exit status.
func (g Getopt) Parse(p *shell.Proc, args []string) (c Cmdline, code int, ok bool) {
	short := strings.TrimPrefix(g.Short, "+")
	solaris := p.Solaris()
	inOrder := len(g.Short) > 0 && g.Short[0] == '+' || p.Getenv("POSIXLY_CORRECT") != "" || solaris
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			c.Operands = append(c.Operands, args[i+1:]...)
			return c, 0, true
		case strings.HasPrefix(a, "--") && !solaris:
			name, val, hasVal := strings.Cut(a[2:], "=")
			long, msg := g.long(name, a)
			if msg != "" {
				if long == "" && strings.HasPrefix(msg, "unrecognized") {
					unknownOption(p, a)
				}
				return c, g.Fail(p, msg), false
			}
			key, kind := g.longKey(long)
			full := strings.TrimRight(strings.SplitN(long, "=", 2)[0], ":")
			switch {
			case kind == "" && hasVal:
				return c, g.Fail(p, fmt.Sprintf("option '--%s' doesn't allow an argument", full)), false
			case kind == ":" && !hasVal:
				if i+1 == len(args) {
					return c, g.Fail(p, fmt.Sprintf("option '--%s' requires an argument", full)), false
				}
				i++
				val, hasVal = args[i], true
			}
			if g.notEmulated(p, full, key) {
				return c, g.Fail(p, fmt.Sprintf("option '--%s' is not emulated by the simulated host", full)), false
			}
			c.Opts = append(c.Opts, option{key, val, hasVal})
		case len(a) > 1 && a[0] == '-':
			for j := 1; j < len(a); j++ {
				k := strings.IndexByte(short, a[j])
				if solaris && g.SolarisShort != "" && strings.IndexByte(g.SolarisShort, a[j]) < 0 {
					k = -1
				}
				if k < 0 || a[j] == ':' {
					unknownOption(p, "-"+string(a[j]))
					if solaris {
						return c, g.Fail(p, "illegal option -- "+string(a[j])), false
					}
					return c, g.Fail(p, fmt.Sprintf("invalid option -- '%c'", a[j])), false
				}
				key := string(a[j])
				if g.notEmulated(p, key, key) {
					return c, g.Fail(p, fmt.Sprintf("option '-%s' is not emulated by the simulated host", key)), false
				}
				kind := txtArgKind(short[k+1:])
				if kind == "" {
					c.Opts = append(c.Opts, option{Key: key})
					continue
				}
				val, hasVal := a[j+1:], j+1 < len(a)
				if kind == ":" && !hasVal {
					if i+1 == len(args) {
						if solaris {
							return c, g.Fail(p, "option requires an argument -- "+string(a[j])), false
						}
						return c, g.Fail(p, fmt.Sprintf("option requires an argument -- '%c'", a[j])), false
					}
					i++
					val, hasVal = args[i], true
				}
				c.Opts = append(c.Opts, option{key, val, hasVal})
				break
			}
		case inOrder:
			c.Operands = append(c.Operands, args[i:]...)
			return c, 0, true
		default:
			c.Operands = append(c.Operands, a)
		}
	}
	return c, 0, true
}

// Long finds the long option name abbreviates: an exact match wins, then a
// unique prefix (several prefixes of one option are not ambiguous).
func (g Getopt) long(name, arg string) (string, string) {
	var found []string
	keys := map[string]bool{}
	for _, l := range g.Long {
		full := strings.TrimRight(strings.SplitN(l, "=", 2)[0], ":")
		if full == name {
			return l, ""
		}
		if strings.HasPrefix(full, name) {
			found = append(found, l)
			k, _ := g.longKey(l)
			keys[k] = true
		}
	}
	switch {
	case len(found) == 0:
		return "", fmt.Sprintf("unrecognized option '%s'", arg)
	case len(keys) == 1:
		return found[0], ""
	}
	var names []string
	for _, l := range found {
		names = append(names, "'--"+strings.TrimRight(strings.SplitN(l, "=", 2)[0], ":")+"'")
	}
	return "", fmt.Sprintf("option '%s' is ambiguous; possibilities: %s", arg, strings.Join(names, " "))
}

// longKey is the key and argument kind of a Long entry: an alias takes its
// own ':' or '::' when it has one ("follow::=f": -f takes none, --follow=x
// may), else its short option's.
func (g Getopt) longKey(l string) (key, kind string) {
	full, alias, isAlias := strings.Cut(l, "=")
	if own := txtArgKind(full[len(strings.TrimRight(full, ":")):]); isAlias && alias != "" && own != "" {
		return alias[:1], own
	}
	if isAlias && alias != "" {
		short := strings.TrimPrefix(g.Short, "+")
		k := strings.IndexByte(short, alias[0])
		if k < 0 {
			return alias[:1], ""
		}
		return alias[:1], txtArgKind(short[k+1:])
	}
	trimmed := strings.TrimRight(full, ":")
	return trimmed, txtArgKind(full[len(trimmed):])
}

// notEmulated records a not-emulated event when the option is one the real
// tool has and the host does not.
func (g Getopt) notEmulated(p *shell.Proc, name, key string) bool {
	for _, n := range g.NotEmulated {
		if n == name || n == key {
			p.NotEmulated("option " + name)
			return true
		}
	}
	return false
}

// Fail prints "prog: msg", the usage text and GNU's "Try" line, and returns
// the usage status. On Solaris it is getopt(3C)'s "NAME: msg" and the usage
// text, status 2 unless the tool gives its own.
func (g Getopt) Fail(p *shell.Proc, msg string) int {
	if p.Solaris() {
		if msg != "" {
			fmt.Fprintf(p.Stderr, "%s: %s\n", p.Name(), msg)
		}
		fmt.Fprint(p.Stderr, cmp.Or(g.SolarisUsage, g.Usage))
		return cmp.Or(g.SolarisStatus, 2)
	}
	if msg != "" {
		p.Errorf("%s", msg)
	}
	if g.Usage != "" {
		fmt.Fprint(p.Stderr, g.Usage)
	}
	if !g.NoTry {
		if g.TryPrefixed {
			fmt.Fprintf(p.Stderr, "%s: ", p.Prog())
		}
		if g.Argp { // argp names program_invocation_short_name
			fmt.Fprintf(p.Stderr, "Try '%[1]s --help' or '%[1]s --usage' for more information.\n", p.Name())
		} else {
			fmt.Fprintf(p.Stderr, "Try '%s --help' for more information.\n", p.Prog())
		}
	}
	if g.Status != 0 {
		return g.Status
	}
	if g.Argp {
		return 64
	}
	return 1
}

// unknownOption records an option the emulated program does not know: the
// real tool may have it, so what follows may not hold on a real host.
func unknownOption(p *shell.Proc, opt string) {
	p.NotEmulated("option " + opt + " unknown to the emulated " + p.Name())
}
