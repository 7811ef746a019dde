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

// txtParse parses args per spec with the one option parser, getopt. On a
// usage error it prints the tool's message and returns a non-zero status in fail.
func txtParse(p *shell.Proc, args []string, spec txtSpec) (opts []txtOpt, operands []string, fail int) {
	g := getopt{Short: spec.short, Long: spec.long, Status: spec.code, SolarisUsage: spec.usage}
	if spec.inOrder {
		g.Short = "+" + g.Short
	}
	if spec.usage != "" {
		g.Usage = spec.usage + "\n"
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
