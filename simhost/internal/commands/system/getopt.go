package system

import (
	"fmt"
	"strings"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
)

// getopt (util-linux's enhanced one) normalises a command line for a shell
// script's `eval set -- "$(getopt ...)"`, as installers parse their options;
// setsid runs a program in a session of its own.
func init() {
	shell.Register(shell.Command{Name: "getopt", Only: "gnu", ShortName: true, Run: getoptCmd})
	shell.Register(shell.Command{Name: "setsid", Only: "gnu", ShortName: true, Run: setsidCmd})
}

func setsidCmd(p *shell.Proc) int {
	g := progkit.Getopt{Short: "+cfw", Long: []string{"ctty=c", "fork=f", "wait=w"}}
	c, code, ok := g.Parse(p, p.Args())
	if !ok {
		return code
	}
	if len(c.Operands) == 0 {
		p.Errorf("no command specified")
		fmt.Fprintf(p.Stderr, "Try 'setsid --help' for more information.\n")
		return 1
	}
	// setsid forks when the caller leads a process group (a shell's
	// command does) and returns at once unless -w: here the program runs
	// to its end, its status kept only with -w.
	status, err := sysExec(p, p.Env, c.Operands, p.Stdin)
	if err != nil {
		p.Errorf("failed to execute %s: %s", c.Operands[0], p.Strerror(sysExecErrno(err)))
		return 127
	}
	if c.Has("w") {
		return status
	}
	return 0
}

// getoptQuote quotes a word for the shell as getopt does: in single quotes,
// a single quote inside closing them, escaped with a backslash, and opening
// them again.
func getoptQuote(s string, quote bool) string {
	if !quote {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func getoptCmd(p *shell.Proc) int {
	args := p.Args()
	name, short, quote, quiet := "getopt", "", true, false
	var longs []string
	var params []string
	haveShort := false
	switch {
	case len(args) == 0:
		p.Errorf("missing optstring argument")
		fmt.Fprintf(p.Stderr, "Try 'getopt --help' for more information.\n")
		return 2
	case !strings.HasPrefix(args[0], "-"):
		// the old form: getopt OPTSTRING PARAMETERS, unquoted output
		short, params, quote, haveShort = args[0], args[1:], false, true
	default:
		g := progkit.Getopt{Short: "+ao:l:n:qQs:TuV", Long: []string{"alternative=a", "options:=o", "longoptions:=l",
			"name:=n", "quiet=q", "quiet-output=Q", "shell:=s", "test=T", "unquoted=u", "version=V"}, Status: 2,
			NotEmulated: []string{"a", "alternative", "Q", "quiet-output", "s", "shell"}}
		c, code, ok := g.Parse(p, args)
		if !ok {
			return code
		}
		switch {
		case c.Has("T"):
			return 4 // the enhanced getopt
		case c.Has("V"):
			return progkit.UtilLinuxVersion(p)
		}
		for _, l := range c.All("l") {
			longs = append(longs, strings.FieldsFunc(l, func(r rune) bool { return r == ',' || r == ' ' })...)
		}
		short, haveShort = c.Value("o")
		if v, ok := c.Value("n"); ok {
			name = v
		}
		quote, quiet, params = !c.Has("u"), c.Has("q"), c.Operands
		if !haveShort {
			if len(params) == 0 {
				p.Errorf("missing optstring argument")
				fmt.Fprintf(p.Stderr, "Try 'getopt --help' for more information.\n")
				return 2
			}
			short, params = params[0], params[1:]
		}
	}
	inOrder := strings.HasPrefix(short, "+") || p.Getenv("POSIXLY_CORRECT") != ""
	short = strings.TrimLeft(short, "+-")
	var out, rest []string
	status := 0
	complain := func(format string, a ...any) {
		status = 1
		if !quiet {
			fmt.Fprintf(p.Stderr, "%s: %s\n", name, fmt.Sprintf(format, a...))
		}
	}
	// kind is "", ":" or "::" for a short letter, ok false when unknown.
	kind := func(c byte) (string, bool) {
		i := strings.IndexByte(short, c)
		if i < 0 || c == ':' {
			return "", false
		}
		k := short[i+1:]
		switch {
		case strings.HasPrefix(k, "::"):
			return "::", true
		case strings.HasPrefix(k, ":"):
			return ":", true
		}
		return "", true
	}
	// long finds a long option by its name or an unambiguous prefix.
	long := func(n string) (full, kind string, ok bool, ambiguous []string) {
		var found []string
		for _, l := range longs {
			base := strings.TrimRight(l, ":")
			if base == n {
				return base, l[len(base):], true, nil
			}
			if strings.HasPrefix(base, n) {
				found = append(found, l)
			}
		}
		if len(found) == 1 {
			base := strings.TrimRight(found[0], ":")
			return base, found[0][len(base):], true, nil
		}
		if len(found) > 1 {
			for i, f := range found {
				found[i] = "'--" + strings.TrimRight(f, ":") + "'"
			}
			return "", "", false, found
		}
		return "", "", false, nil
	}
	for i := 0; i < len(params); i++ {
		a := params[i]
		switch {
		case a == "--":
			rest = append(rest, params[i+1:]...)
			i = len(params)
		case strings.HasPrefix(a, "--"):
			n, val, hasVal := strings.Cut(a[2:], "=")
			full, k, ok, ambiguous := long(n)
			switch {
			case ambiguous != nil:
				complain("option '%s' is ambiguous; possibilities: %s", a, strings.Join(ambiguous, " "))
				continue
			case !ok:
				complain("unrecognized option '%s'", a)
				continue
			case k == "" && hasVal:
				complain("option '--%s' doesn't allow an argument", full)
				continue
			case k == ":" && !hasVal:
				if i+1 == len(params) {
					complain("option '--%s' requires an argument", full)
					continue
				}
				i++
				val, hasVal = params[i], true
			}
			out = append(out, "--"+full)
			if k != "" {
				out = append(out, getoptQuote(val, quote))
			}
		case len(a) > 1 && a[0] == '-':
			for j := 1; j < len(a); j++ {
				k, ok := kind(a[j])
				if !ok {
					complain("invalid option -- '%c'", a[j])
					continue
				}
				out = append(out, "-"+string(a[j]))
				if k == "" {
					continue
				}
				val := a[j+1:]
				if val == "" && k == ":" {
					if i+1 == len(params) {
						complain("option requires an argument -- '%c'", a[j])
						out = out[:len(out)-1]
						break
					}
					i++
					val = params[i]
				}
				if val != "" || k == ":" || quote {
					out = append(out, getoptQuote(val, quote))
				}
				break
			}
		case inOrder:
			rest = append(rest, params[i:]...)
			i = len(params)
		default:
			rest = append(rest, a)
		}
	}
	var b strings.Builder
	for _, w := range out {
		b.WriteString(" " + w)
	}
	b.WriteString(" --")
	for _, w := range rest {
		b.WriteString(" " + getoptQuote(w, quote))
	}
	p.Printf("%s\n", b.String())
	return status
}
