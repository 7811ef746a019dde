package text

import (
	"strings"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
)

func init() {
	shell.Register(shell.Command{Name: "paste", Only: "gnu", Run: pasteCmd})
}

// pasteCmd is coreutils paste: the files' lines side by side, or each file on
// one line with -s, joined by the -d delimiters in turn. Every "-" operand
// takes the next line of the one stdin.
func pasteCmd(p *shell.Proc) int {
	spec := progkit.Spec{Short: "d:sz", Long: []string{"delimiters=d", "serial=s", "zero-terminated=z"}}
	opts, operands, fail := progkit.ParseSpec(p, p.Args(), spec)
	if fail != 0 {
		return fail
	}
	delims, serial, end := []string{"\t"}, false, "\n"
	for _, o := range opts {
		switch o.Key {
		case "d":
			delims = pasteDelimiters(o.Val)
		case "s":
			serial = true
		case "z":
			end = "\x00"
		}
	}
	if len(operands) == 0 {
		operands = []string{"-"}
	}
	var stdin []string
	readStdin := false
	files := make([][]string, len(operands))
	for i, name := range operands {
		if name == "-" {
			if !readStdin {
				data, _ := progkit.ReadAll(p, "-")
				stdin, readStdin = pasteSplit(string(data), end), true
			}
			continue
		}
		data, err := progkit.ReadAll(p, name)
		if err != nil {
			return p.Fail(1, "%s: %s", progkit.QuoteNameColon(p, name), p.Strerror(err))
		}
		files[i] = pasteSplit(string(data), end)
	}
	next := func(i int) (string, bool) {
		src := &files[i]
		if operands[i] == "-" {
			src = &stdin
		}
		if len(*src) == 0 {
			return "", false
		}
		line := (*src)[0]
		*src = (*src)[1:]
		return line, true
	}
	var b strings.Builder
	if serial {
		for i := range operands {
			for n := 0; ; n++ {
				line, ok := next(i)
				if !ok {
					break
				}
				if n > 0 {
					b.WriteString(delims[(n-1)%len(delims)])
				}
				b.WriteString(line)
			}
			b.WriteString(end)
		}
	} else {
		for {
			var row strings.Builder
			more := false
			for i := range operands {
				if i > 0 {
					row.WriteString(delims[(i-1)%len(delims)])
				}
				line, ok := next(i)
				more = more || ok
				row.WriteString(line)
			}
			if !more {
				break
			}
			b.WriteString(row.String() + end)
		}
	}
	p.Printf("%s", b.String())
	return 0
}

// pasteSplit cuts text into lines; a last line without its end still counts.
func pasteSplit(text, end string) []string {
	if text == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(text, end), end)
}

// pasteDelimiters reads -d's list: one delimiter per character, with \n, \t,
// \\ and \0 (no delimiter) as escapes.
func pasteDelimiters(list string) []string {
	var out []string
	for i := 0; i < len(list); i++ {
		c := list[i]
		if c == '\\' && i+1 < len(list) {
			i++
			switch list[i] {
			case 'n':
				out = append(out, "\n")
			case 't':
				out = append(out, "\t")
			case '0':
				out = append(out, "")
			default:
				out = append(out, string(list[i]))
			}
			continue
		}
		out = append(out, string(c))
	}
	if len(out) == 0 {
		return []string{""}
	}
	return out
}
