package progkit

import (
	"fmt"
	"strings"

	"github.com/hostile-lab/hostile/simhost/shell"
)

// Spec describes a command line the way getopt_long sees it.
type Spec struct {
	// Short is a getopt string: a letter, ':' after it when it takes an argument,
	// '::' when the argument is optional and must be attached (-i.bak).
	Short string
	// Long lists long options: "name" is its own key, "name=x" is the same as -x;
	// a ':' or '::' suffix on the name works as in short.
	Long []string
	// InOrder stops at the first operand, as POSIX getopt (env, xargs, sh) and
	// every Solaris tool do; GNU tools otherwise take options after operands.
	InOrder bool
	// Usage is printed before GNU's "Try" line (grep prints one), and alone on
	// Solaris after "illegal option".
	Usage string
	// Code is the exit status of a usage error on GNU (1 unless set).
	Code int
}

// txtOpt is one parsed option: key is the short letter or the long name.
type txtOpt struct {
	Key, Val string
	hasVal   bool
}

// ParseSpec parses args per spec with the one option parser, getopt. On a
// Usage error it prints the tool's message and returns a non-zero status in fail.
func ParseSpec(p *shell.Proc, args []string, spec Spec) (opts []txtOpt, operands []string, fail int) {
	g := Getopt{Short: spec.Short, Long: spec.Long, Status: spec.Code, SolarisUsage: spec.Usage}
	if spec.InOrder {
		g.Short = "+" + g.Short
	}
	if spec.Usage != "" {
		g.Usage = spec.Usage + "\n"
		g.SolarisUsage = g.Usage
	}
	c, code, ok := g.Parse(p, args)
	if !ok {
		return nil, nil, code
	}
	for _, o := range c.Opts {
		opts = append(opts, txtOpt{o.Key, o.Val, o.HasVal})
	}
	return opts, c.Operands, 0
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

// SpecUsageError prints "name: msg" then GNU's pointer to --help, as coreutils'
// Usage(EXIT_FAILURE) does, and returns the usage status.
func SpecUsageError(p *shell.Proc, spec Spec, msg string) int {
	if msg != "" {
		p.Errorf("%s", msg)
	}
	if spec.Usage != "" && !p.Solaris() {
		fmt.Fprintln(p.Stderr, spec.Usage)
	}
	fmt.Fprintf(p.Stderr, "Try '%s --help' for more information.\n", p.Prog())
	if spec.Code != 0 {
		return spec.Code
	}
	return 1
}

// ReadAll reads a file operand ("-" is stdin) whole.
func ReadAll(p *shell.Proc, name string) ([]byte, error) {
	r, closeFn, err := OpenInput(p, name)
	if err != nil {
		return nil, err
	}
	defer closeFn()
	return p.ReadAll(r)
}

// ReadEach reads every operand whole ("-", and no operand at all, is stdin)
// and hands it to fn, in order. One that cannot be read is reported by fail,
// or as "NAME: error" when fail is nil (the name quoted as coreutils quotes
// it), and makes the status 1.
func ReadEach(p *shell.Proc, names []string, fail func(name string, err error), fn func(name string, data []byte)) int {
	if len(names) == 0 {
		names = []string{"-"}
	}
	status := 0
	for _, name := range names {
		data, err := ReadAll(p, name)
		if err != nil {
			if fail != nil {
				fail(name, err)
			} else {
				p.Errorf("%s: %s", QuoteNameColon(p, name), p.Strerror(err))
			}
			status = 1
			continue
		}
		fn(name, data)
	}
	return status
}

// Lines splits text into lines without their newlines; a last line without
// one still counts.
func Lines(data []byte) []string {
	s := string(data)
	if s == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}

// QuoteC is coreutils' quote() in the C locale: 'x', with \ and ' escaped.
func QuoteC(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, "'", `\'`).Replace(s) + "'"
}
