package commands

import (
	"github.com/hostile-lab/hostile/simhost/shell"
)

func init() {
	shell.RegisterBuiltin(shell.Builtin{Name: "echo", Takes: bashEchoTakes, Run: bashEcho})
}

// bashEchoTakes: bash's builtin echo is the host's, so that a write error (a
// full disk under a redirection) is reported as bash reports it:
// "bash: line 1: echo: write error: No space left on device", status 1.
func bashEchoTakes(flavour string, _ []string) bool { return flavour == "bash" }

// bashEcho is bash's echo without xpg_echo: -n, -e and -E as GNU echo has them.
func bashEcho(p *shell.Proc, _ func(string, ...any)) int {
	p.Printf("%s", echoText(p.Args(), false))
	return 0
}
