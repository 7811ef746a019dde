package system

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/hostile-lab/hostile/simhost/shell"
)

// tput reads the session's terminal: its window size as the client gave it,
// its type from TERM (stty, which also changes the terminal, is stty.go).
func init() {
	shell.Register(shell.Command{Name: "tput", Only: "gnu", ShortName: true, Run: tputCmd})
}

// terminfo holds what tput answers for the terminal types Debian's
// ncurses-base carries.
type terminfo struct {
	cols, lines, colors int
	caps                map[string]string
}

// terminfoCapNames are the capabilities tput answers, in the order of the
// strings in terminfos.
var terminfoCapNames = []string{"clear", "sgr0", "bold", "smul", "rmul", "rev", "civis", "cnorm", "el", "dim", "smso", "rmso"}

// terminfos were captured with tput -T on Debian 12 (ncurses 6.4); "" is a
// capability the terminal lacks.
var terminfos = map[string]terminfo{
	"xterm":           terminfoOf(80, 24, 8, "\x1b[H\x1b[2J\x1b[3J", "\x1b(B\x1b[m", "\x1b[1m", "\x1b[4m", "\x1b[24m", "\x1b[7m", "\x1b[?25l", "\x1b[?12l\x1b[?25h", "\x1b[K", "\x1b[2m", "\x1b[7m", "\x1b[27m"),
	"xterm-256color":  terminfoOf(80, 24, 256, "\x1b[H\x1b[2J\x1b[3J", "\x1b(B\x1b[m", "\x1b[1m", "\x1b[4m", "\x1b[24m", "\x1b[7m", "\x1b[?25l", "\x1b[?12l\x1b[?25h", "\x1b[K", "\x1b[2m", "\x1b[7m", "\x1b[27m"),
	"xterm-color":     terminfoOf(80, 24, 8, "\x1b[H\x1b[2J", "\x1b[m", "\x1b[1m", "\x1b[4m", "\x1b[m", "\x1b[7m", "", "", "\x1b[K", "", "\x1b[7m", "\x1b[m"),
	"screen":          terminfoOf(80, 24, 8, "\x1b[H\x1b[J", "\x1b[m\x0f", "\x1b[1m", "\x1b[4m", "\x1b[24m", "\x1b[7m", "\x1b[?25l", "\x1b[34h\x1b[?25h", "\x1b[K", "\x1b[2m", "\x1b[3m", "\x1b[23m"),
	"screen-256color": terminfoOf(80, 24, 256, "\x1b[H\x1b[J", "\x1b[m\x0f", "\x1b[1m", "\x1b[4m", "\x1b[24m", "\x1b[7m", "\x1b[?25l", "\x1b[34h\x1b[?25h", "\x1b[K", "\x1b[2m", "\x1b[3m", "\x1b[23m"),
	"tmux-256color":   terminfoOf(80, 24, 256, "\x1b[H\x1b[J\x1b[3J", "\x1b[m\x0f", "\x1b[1m", "\x1b[4m", "\x1b[24m", "\x1b[7m", "\x1b[?25l", "\x1b[34h\x1b[?25h", "\x1b[K", "\x1b[2m", "\x1b[7m", "\x1b[27m"),
	"linux":           terminfoOf(80, 24, 8, "\x1b[H\x1b[J\x1b[3J", "\x1b[m\x0f", "\x1b[1m", "\x1b[4m", "\x1b[24m", "\x1b[7m", "\x1b[?25l\x1b[?1c", "\x1b[?25h\x1b[?0c", "\x1b[K", "\x1b[2m", "\x1b[7m", "\x1b[27m"),
	"vt100":           terminfoOf(80, 24, -1, "\x1b[H\x1b[J", "\x1b[m\x0f", "\x1b[1m", "\x1b[4m", "\x1b[m", "\x1b[7m", "", "", "\x1b[K", "", "\x1b[7m", "\x1b[m"),
	"vt220":           terminfoOf(80, 24, -1, "\x1b[H\x1b[J", "\x1b[m\x1b(B", "\x1b[1m", "\x1b[4m", "\x1b[24m", "\x1b[7m", "\x1b[?25l", "\x1b[?25h", "\x1b[K", "", "\x1b[7m", "\x1b[27m"),
	"dumb":            terminfoOf(80, 24, -1, "", "", "", "", "", "", "", "", "", "", "", ""),
}

func terminfoOf(cols, lines, colors int, caps ...string) terminfo {
	t := terminfo{cols: cols, lines: lines, colors: colors, caps: map[string]string{}}
	for i, c := range caps {
		if c != "" {
			t.caps[terminfoCapNames[i]] = c
		}
	}
	return t
}

func tputCmd(p *shell.Proc) int {
	args := p.Args()
	term := p.Getenv("TERM")
	for len(args) > 0 && strings.HasPrefix(args[0], "-") {
		a := args[0]
		args = args[1:]
		switch {
		case a == "-T" && len(args) > 0:
			term, args = args[0], args[1:]
		case strings.HasPrefix(a, "-T"):
			term = a[2:]
		case a == "-S", a == "-x":
		case a == "-V":
			p.Printf("ncurses 6.4.20221231\n")
			return 0
		default:
			fmt.Fprintf(p.Stderr, "%s: unknown option -- %s\nusage: tput [-V] [-S] [-T term] capname\n", p.Name(), strings.TrimPrefix(a, "-"))
			return 2
		}
	}
	if term == "" {
		return p.Fail(2, "No value for $TERM and no -T specified")
	}
	ti, ok := terminfos[term]
	if !ok {
		return p.Fail(3, "unknown terminal \"%s\"", term)
	}
	if len(args) == 0 {
		fmt.Fprintf(p.Stderr, "usage: tput [-V] [-S] [-T term] capname\n")
		return 2
	}
	cols, rows, hasWindow := p.Window()
	if !p.IsTerminal(p.Stdout) && !p.IsTerminal(p.Stderr) && !p.IsTerminal(p.Stdin) {
		hasWindow = false
	}
	number := func(fromEnv string, window, fallback int) int {
		if v, err := strconv.Atoi(p.Getenv(fromEnv)); err == nil && v > 0 {
			return v
		}
		if hasWindow && window > 0 {
			return window
		}
		return fallback
	}
	switch capname := args[0]; capname {
	case "cols", "columns":
		p.Printf("%d\n", number("COLUMNS", cols, ti.cols))
	case "lines":
		p.Printf("%d\n", number("LINES", rows, ti.lines))
	case "colors":
		p.Printf("%d\n", ti.colors)
	case "longname":
		p.Printf("%s", term)
	case "setaf", "setab":
		if ti.colors <= 0 {
			return 1
		}
		n := 0
		if len(args) > 1 {
			n, _ = strconv.Atoi(args[1])
		}
		base := 3
		if capname == "setab" {
			base = 4
		}
		switch {
		case n < 8:
			p.Printf("\x1b[%d%dm", base, n)
		case n < 16 && ti.colors >= 16:
			bright := map[int]int{3: 9, 4: 10}[base] // 9x for foreground, 10x for background
			p.Printf("\x1b[%d%dm", bright, n-8)
		default:
			p.Printf("\x1b[%d8;5;%dm", base, n)
		}
	case "init", "reset":
	default:
		s, ok := ti.caps[capname]
		if !ok {
			if knownTerminfoCap[capname] {
				return 1 // a capability this terminal lacks
			}
			return p.Fail(4, "unknown terminfo capability '%s'", capname)
		}
		p.Printf("%s", s)
	}
	return 0
}

// knownTerminfoCap are capability names terminfo defines, which a terminal may lack.
var knownTerminfoCap = map[string]bool{"clear": true, "sgr0": true, "bold": true, "smul": true, "rmul": true, "rev": true,
	"civis": true, "cnorm": true, "el": true, "cr": true, "bel": true, "smso": true, "rmso": true, "dim": true, "cup": true,
	"smcup": true, "rmcup": true, "blink": true, "it": true, "hs": true, "am": true}
