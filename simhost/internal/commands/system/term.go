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

func tputCmd(p *shell.Proc) int {
	args := p.Args()
	term := p.Getenv("TERM")
	noE3 := false
	for len(args) > 0 && strings.HasPrefix(args[0], "-") {
		a := args[0]
		args = args[1:]
		switch {
		case a == "-T" && len(args) > 0:
			term, args = args[0], args[1:]
		case strings.HasPrefix(a, "-T"):
			term = a[2:]
		case a == "-x":
			noE3 = true
		case a == "-S":
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
	db := terminfoOf(p.M.P)
	ti, ok := db.byName[term]
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
	capname := args[0]
	switch capname {
	case "cols", "columns":
		p.Printf("%d\n", number("COLUMNS", cols, ti.numbers["cols"]))
		return 0
	case "lines":
		p.Printf("%d\n", number("LINES", rows, ti.numbers["lines"]))
		return 0
	case "longname":
		p.Printf("%s", ti.names[len(ti.names)-1])
		return 0
	case "init", "reset":
		return 0
	case "clear":
		// as the clear program: the screen, then its scrollback (E3) unless -x
		str, ok := ti.strs["clear"]
		if !ok {
			return 2 // ncurses' clear_cmd with no clear_screen
		}
		if e3, ok := ti.strs["E3"]; ok && !noE3 {
			str += e3
		}
		p.Printf("%s", tparm(str, nil))
		return 0
	}
	kind := db.kind[capname]
	if strings.ToLower(capname) != capname && !ti.has(capname) {
		kind = 0 // a user-defined (extended) capability is known only to the entries that have it
	}
	switch kind {
	case '?':
		if ti.flags[capname] {
			return 0
		}
		return 1
	case '#':
		n, ok := ti.numbers[capname]
		if !ok {
			n = -1
		}
		p.Printf("%d\n", n)
		return 0
	case '=':
		str, ok := ti.strs[capname]
		if !ok {
			return 1
		}
		var params []any
		for _, a := range args[1:] {
			if n, err := strconv.ParseInt(a, 0, 32); err == nil {
				params = append(params, int(n))
			} else {
				params = append(params, a)
			}
		}
		p.Printf("%s", tparm(str, params))
		return 0
	}
	return p.Fail(4, "unknown terminfo capability '%s'", capname)
}
