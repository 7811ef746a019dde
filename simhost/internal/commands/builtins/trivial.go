package builtins

import (
	"strings"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
)

func init() {
	shell.Register(shell.Command{Name: "true", Run: func(*shell.Proc) int { return 0 }})
	shell.Register(shell.Command{Name: "false", Run: func(*shell.Proc) int { return 1 }})
	shell.Register(shell.Command{Name: "echo", Run: echo})
}

// echo is /bin/echo: -n drops the newline, -e interprets escapes (GNU); the Solaris
// echo always interprets escapes and takes no options.
func echo(p *shell.Proc) int {
	p.Printf("%s", echoText(p.Args(), p.Solaris()))
	return 0
}

// echoText is what echo prints for args; solaris echo interprets escapes
// always and takes no options.
func echoText(args []string, solaris bool) string {
	newline, escapes := true, solaris
	for !solaris && len(args) > 0 && len(args[0]) > 1 && args[0][0] == '-' && strings.Trim(args[0][1:], "neE") == "" {
		for _, c := range args[0][1:] {
			switch c {
			case 'n':
				newline = false
			case 'e':
				escapes = true
			case 'E':
				escapes = false
			}
		}
		args = args[1:]
	}
	out := strings.Join(args, " ")
	if escapes {
		var stop bool
		out, stop = expandEscapes(out)
		newline = newline && !stop
	}
	if newline {
		out += "\n"
	}
	return out
}

// echoEscapes are echo's one-letter escapes; expandEscapes reads \c and \0NNN.
var echoEscapes = map[byte]byte{'n': '\n', 't': '\t', 'r': '\r', 'a': '\a', 'b': '\b', 'f': '\f', 'v': '\v', '\\': '\\'}

// expandEscapes interprets echo's backslash escapes; \c stops output.
func expandEscapes(s string) (string, bool) {
	stop := false
	out := progkit.ExpandEscapes(s, echoEscapes, func(s string, i int) (string, int, bool) {
		switch s[i] {
		case 'c':
			stop = true
			return "", len(s), true
		case '0': // up to three octal digits after the 0
			n, j := 0, i+1
			for ; j < len(s) && j < i+4 && s[j] >= '0' && s[j] <= '7'; j++ {
				n = n*8 + int(s[j]-'0')
			}
			return string([]byte{byte(n)}), j, true
		}
		return "", i, false
	})
	return out, stop
}
