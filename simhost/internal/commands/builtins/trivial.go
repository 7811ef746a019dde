package builtins

import (
	"strings"

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

// expandEscapes interprets echo's backslash escapes; \c stops output.
func expandEscapes(s string) (string, bool) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 == len(s) {
			b.WriteByte(s[i])
			continue
		}
		i++
		switch s[i] {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case 'a':
			b.WriteByte('\a')
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'v':
			b.WriteByte('\v')
		case '\\':
			b.WriteByte('\\')
		case 'c':
			return b.String(), true
		case '0':
			n, j := 0, i+1
			for ; j < len(s) && j < i+4 && s[j] >= '0' && s[j] <= '7'; j++ {
				n = n*8 + int(s[j]-'0')
			}
			b.WriteByte(byte(n))
			i = j - 1
		default:
			b.WriteByte('\\')
			b.WriteByte(s[i])
		}
	}
	return b.String(), false
}
