package commands

import (
	"fmt"
	"strings"

	"github.com/hostile-lab/hostile/simhost/shell"
)

// txtSpec describes a command line the way getopt_long sees it.
type txtSpec struct {
	// short is a getopt string: a letter, ':' after it when it takes an argument,
	// '::' when the argument is optional and must be attached (-i.bak).
	short string
	// long lists long options: "name" is its own key, "name=x" is the same as -x;
	// a ':' or '::' suffix on the name works as in short.
	long []string
	// inOrder stops at the first operand, as POSIX getopt (env, xargs, sh) and
	// every Solaris tool do; GNU tools otherwise take options after operands.
	inOrder bool
	// usage is printed before GNU's "Try" line (grep prints one), and alone on
	// Solaris after "illegal option".
	usage string
	// code is the exit status of a usage error on GNU (1 unless set).
	code int
}

// txtOpt is one parsed option: key is the short letter or the long name.
type txtOpt struct {
	key, val string
	hasVal   bool
}

// txtParse parses args per spec. On a usage error it prints the tool's message
// and returns a non-zero status in fail.
func txtParse(p *shell.Proc, args []string, spec txtSpec) (opts []txtOpt, operands []string, fail int) {
	inOrder := spec.inOrder || p.Solaris()
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			return opts, append(operands, args[i+1:]...), 0
		case strings.HasPrefix(a, "--") && !p.Solaris():
			name, val, hasVal := strings.Cut(a[2:], "=")
			key, kind, err := txtLongOpt(spec, name)
			if strings.HasPrefix(err, "unrecognized") {
				unknownOption(p, a)
			}
			if err != "" {
				return nil, nil, txtUsage(p, spec, fmt.Sprintf(err, a))
			}
			switch {
			case kind == "" && hasVal:
				return nil, nil, txtUsage(p, spec, fmt.Sprintf("option '--%s' doesn't allow an argument", txtLongName(spec, name)))
			case kind == ":" && !hasVal:
				if i+1 == len(args) {
					return nil, nil, txtUsage(p, spec, fmt.Sprintf("option '--%s' requires an argument", txtLongName(spec, name)))
				}
				i++
				val, hasVal = args[i], true
			}
			opts = append(opts, txtOpt{key, val, hasVal})
		case len(a) > 1 && a[0] == '-':
			for j := 1; j < len(a); j++ {
				k := strings.IndexByte(spec.short, a[j])
				if k < 0 || a[j] == ':' {
					unknownOption(p, "-"+string(a[j]))
					if p.Solaris() {
						return nil, nil, txtUsage(p, spec, "illegal option -- "+string(a[j]))
					}
					return nil, nil, txtUsage(p, spec, fmt.Sprintf("invalid option -- '%c'", a[j]))
				}
				kind := txtArgKind(spec.short[k+1:])
				if kind == "" {
					opts = append(opts, txtOpt{key: string(a[j])})
					continue
				}
				val, hasVal := a[j+1:], j+1 < len(a)
				if kind == ":" && !hasVal {
					if i+1 == len(args) {
						if p.Solaris() {
							return nil, nil, txtUsage(p, spec, "option requires an argument -- "+string(a[j]))
						}
						return nil, nil, txtUsage(p, spec, fmt.Sprintf("option requires an argument -- '%c'", a[j]))
					}
					i++
					val, hasVal = args[i], true
				}
				opts = append(opts, txtOpt{string(a[j]), val, hasVal})
				break
			}
		case inOrder:
			return opts, append(operands, args[i:]...), 0
		default:
			operands = append(operands, a)
		}
	}
	return opts, operands, 0
}

// txtArgKind reads the ':' or '::' that follows an option letter or name.
func txtArgKind(rest string) string {
	switch {
	case strings.HasPrefix(rest, "::"):
		return "::"
	case strings.HasPrefix(rest, ":"):
		return ":"
	}
	return ""
}

// txtLongOpt resolves a long option name, or an unambiguous prefix of one, to its
// key and argument kind; err is a format for the whole argument when it fails.
func txtLongOpt(spec txtSpec, name string) (key, kind, err string) {
	var found []string
	for _, l := range spec.long {
		full, _, _ := strings.Cut(strings.TrimRight(l, ":"), "=")
		if full == name {
			found = []string{l}
			break
		}
		if strings.HasPrefix(full, name) {
			found = append(found, l)
		}
	}
	switch len(found) {
	case 0:
		return "", "", "unrecognized option '%s'"
	case 1:
	default:
		var names []string
		for _, l := range found {
			full, _, _ := strings.Cut(strings.TrimRight(l, ":"), "=")
			names = append(names, "'--"+full+"'")
		}
		return "", "", "option '%s' is ambiguous; possibilities: " + strings.Join(names, " ")
	}
	full, short, alias := strings.Cut(found[0], "=")
	if alias {
		k := strings.IndexByte(spec.short, short[0])
		return short[:1], txtArgKind(spec.short[k+1:]), ""
	}
	trimmed := strings.TrimRight(full, ":")
	return trimmed, txtArgKind(full[len(trimmed):]), ""
}

// txtLongName is the full name of the long option name abbreviates.
func txtLongName(spec txtSpec, name string) string {
	for _, l := range spec.long {
		full, _, _ := strings.Cut(strings.TrimRight(l, ":"), "=")
		if strings.HasPrefix(full, name) {
			return full
		}
	}
	return name
}

// txtUsage prints a usage error and the hint that follows it, and returns the
// tool's usage status.
func txtUsage(p *shell.Proc, spec txtSpec, msg string) int {
	if p.Solaris() {
		fmt.Fprintf(p.Stderr, "%s: %s\n", p.Name(), msg)
		if spec.usage != "" {
			fmt.Fprintln(p.Stderr, spec.usage)
		}
		return 2
	}
	return txtFail(p, spec, msg)
}

// txtFail prints "name: msg" then GNU's pointer to --help, as coreutils'
// usage(EXIT_FAILURE) does, and returns the usage status.
func txtFail(p *shell.Proc, spec txtSpec, msg string) int {
	if msg != "" {
		p.Errorf("%s", msg)
	}
	if spec.usage != "" && !p.Solaris() {
		fmt.Fprintln(p.Stderr, spec.usage)
	}
	fmt.Fprintf(p.Stderr, "Try '%s --help' for more information.\n", p.Prog())
	if spec.code != 0 {
		return spec.code
	}
	return 1
}

// txtReadAll reads a file operand ("-" is stdin) whole.
func txtReadAll(p *shell.Proc, name string) ([]byte, error) {
	r, closeFn, err := openInput(p, name)
	if err != nil {
		return nil, err
	}
	defer closeFn()
	return p.ReadAll(r)
}

// txtLines splits text into lines without their newlines; a last line without
// one still counts.
func txtLines(data []byte) []string {
	s := string(data)
	if s == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}

// txtQuote is coreutils' quote() in the C locale: 'x', with \ and ' escaped.
func txtQuote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, "'", `\'`).Replace(s) + "'"
}
