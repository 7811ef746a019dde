package text

import (
	"fmt"
	"strings"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
)

func init() {
	shell.RegisterBuiltin(shell.Builtin{Name: "printf", Takes: bashPrintfTakes, Run: bashPrintf})
}

// bashPrintfTakes leaves bash's printf -v, which sets a variable, to the
// interpreter; dash's printf has no options and is answered here.
func bashPrintfTakes(flavour string, args []string) bool {
	return flavour == "dash" || flavour == "bash" && (len(args) < 2 || args[1] != "-v")
}

const bashPrintfUsage = "printf: usage: printf [-v var] format [arguments]\n"

// bashPrintf is bash's printf builtin: coreutils' conversions with bash's
// messages ("printf: abc: invalid number"), its %q, and its usage; in dash,
// dash's printf (its escapes, its directives and its messages).
func bashPrintf(p *shell.Proc, errorf func(string, ...any)) int {
	if p.ShellFlavour() == "dash" {
		return dashPrintf(p, errorf)
	}
	args := p.Args()
	switch {
	case len(args) > 0 && args[0] == "--":
		args = args[1:]
	case len(args) > 0 && len(args[0]) > 1 && args[0][0] == '-':
		errorf("%s: invalid option", args[0][:2])
		fmt.Fprint(p.Stderr, bashPrintfUsage)
		return 2
	}
	if len(args) == 0 {
		fmt.Fprint(p.Stderr, bashPrintfUsage)
		return 2
	}
	return builtinPrintf(p, &txtPrintf{errorf: errorf, bash: true, args: args[1:], zone: progkit.Zone(p.Getenv("TZ"))}, args[0])
}

// dashPrintf is dash's printf (Debian's dash 0.5.11 and 0.5.12).
func dashPrintf(p *shell.Proc, errorf func(string, ...any)) int {
	args := p.Args()
	switch {
	case len(args) > 0 && args[0] == "--":
		args = args[1:]
	case len(args) > 0 && len(args[0]) > 1 && args[0][0] == '-':
		errorf("Illegal option %s", args[0][:2])
		return 2
	}
	if len(args) == 0 {
		errorf("usage: printf format [arg ...]")
		return 2
	}
	return builtinPrintf(p, &txtPrintf{errorf: errorf, dash: true, args: args[1:]}, args[0])
}

// builtinPrintf prints format with f's arguments, again while arguments
// remain, as both shells' builtins do (without coreutils' warning of excess
// arguments).
func builtinPrintf(p *shell.Proc, f *txtPrintf, format string) int {
	for {
		before := len(f.args)
		if !f.run(format) || len(f.args) == 0 || len(f.args) == before {
			break
		}
	}
	p.Printf("%s", f.out.String())
	if f.fatal != 0 {
		return f.fatal
	}
	return f.status
}

// bashQuote is bash's printf %q: $'...' for a string with a byte that is not
// printable in the C locale, else a backslash before each character the shell
// would take for syntax.
func bashQuote(s string) string {
	if s == "" {
		return "''"
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < ' ' || c >= 0x7f {
			return bashANSICQuote(s)
		}
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if strings.IndexByte(" !\"$&'()*,;<>?[\\]^`{|}", c) >= 0 || i == 0 && (c == '#' || c == '~') {
			b.WriteByte('\\')
		}
		b.WriteByte(c)
	}
	return b.String()
}

// bashANSICQuote is the $'...' form: C escapes for control characters, octal
// for the rest that is not printable.
func bashANSICQuote(s string) string {
	var b strings.Builder
	b.WriteString("$'")
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\'' || c == '\\':
			b.WriteString(`\` + string(c))
		case c >= ' ' && c < 0x7f:
			b.WriteByte(c)
		default:
			b.WriteString(txtCEscape(c))
		}
	}
	b.WriteString("'")
	return b.String()
}
