package builtins

import (
	"strings"

	"github.com/hostile-lab/hostile/simhost/shell"
)

func init() {
	shell.RegisterBuiltin(shell.Builtin{Name: "echo", Takes: shEchoTakes, Run: shEcho})
}

// shEchoTakes: bash's and dash's builtin echo are the host's, so that a
// write error (a full disk under a redirection) is reported as the shell
// reports it ("bash: line 1: echo: write error: No space left on device",
// status 1), and dash's echo keeps its own rules.
func shEchoTakes(flavour string, _ []string) bool { return flavour == "bash" || flavour == "dash" }

// shEcho is bash's echo without xpg_echo (-n, -e and -E as GNU echo has
// them), or dash's: -n alone is an option, and backslash escapes are always
// interpreted (`sh -c 'echo -e x'` prints "-e x").
func shEcho(p *shell.Proc, _ func(string, ...any)) int {
	args := p.Args()
	if p.ShellFlavour() != "dash" {
		p.Printf("%s", echoText(args, false))
		return 0
	}
	newline := true
	if len(args) > 0 && args[0] == "-n" {
		newline, args = false, args[1:]
	}
	out, stopped := expandEscapes(strings.Join(args, " "))
	if newline && !stopped {
		out += "\n"
	}
	p.Printf("%s", out)
	return 0
}
