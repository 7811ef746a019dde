package system

import (
	"fmt"
	"strconv"
	"strings"
	"syscall"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
)

func init() {
	shell.Register(shell.Command{Name: "xargs", Run: xargsCmd})
}

var xargsSpec = progkit.Spec{
	Short: "0a:d:E:e::I:i::L:l::n:oP:prs:tx",
	Long: []string{"null=0", "arg-file=a", "delimiter=d", "eof::", "replace::", "max-lines::", "max-args=n",
		"open-tty=o", "max-procs=P", "interactive=p", "no-run-if-empty=r", "max-chars=s", "verbose=t",
		"exit=x", "show-limits", "process-slot-var:"},
	InOrder: true,
}

// xargsCmd is GNU xargs: it builds command lines from its input and runs them
// with execvp (no shell), the command's stdin being /dev/null.
func xargsCmd(p *shell.Proc) int {
	opts, operands, fail := progkit.ParseSpec(p, p.Args(), xargsSpec)
	if fail != 0 {
		return fail
	}
	var delim *byte
	var replace, eof string
	maxArgs, maxLines, maxChars := 0, 0, 128*1024
	noRun, verbose := false, false
	input := p.Stdin
	for _, o := range opts {
		switch o.Key {
		case "0":
			zero := byte(0)
			delim = &zero
		case "d":
			d, ok := xargsDelim(o.Val)
			if !ok {
				return p.Fail(1, "invalid input delimiter specification %s: the delimiter must be either a single character or an escape sequence starting with \\.", o.Val)
			}
			delim = &d
		case "a":
			data, err := progkit.ReadAll(p, o.Val)
			if err != nil {
				return p.Fail(1, "Cannot open input file %s: %s", progkit.QuoteC(o.Val), p.Strerror(err))
			}
			input = strings.NewReader(string(data))
		case "E", "e", "eof":
			eof = o.Val
		case "I", "i", "replace":
			replace = o.Val
			if replace == "" && o.Key != "I" {
				replace = "{}"
			}
			maxLines = 1
		case "L", "l", "max-lines":
			n := 1
			if o.Val != "" {
				v, err := strconv.Atoi(o.Val)
				if err != nil || v < 1 {
					return p.Fail(1, "invalid number %s for -L option", progkit.QuoteC(o.Val))
				}
				n = v
			}
			maxLines = n
		case "n":
			v, err := strconv.Atoi(o.Val)
			if err != nil || v < 1 {
				return p.Fail(1, "invalid number %s for -n option", progkit.QuoteC(o.Val))
			}
			maxArgs = v
		case "s":
			v, err := strconv.Atoi(o.Val)
			if err != nil || v < 1 {
				return p.Fail(1, "invalid number %s for -s option", progkit.QuoteC(o.Val))
			}
			maxChars = v
		case "r":
			noRun = true
		case "t", "p":
			verbose = true
		}
	}
	command := operands
	if len(command) == 0 {
		command = []string{"echo"}
	}
	data, err := p.ReadAll(input)
	if err != nil && p.Ctx.Err() != nil {
		return 1
	}
	items, msg := xargsItems(string(data), delim, replace != "", eof)
	if msg != "" {
		return p.Fail(1, "%s", msg)
	}
	status := 0
	runOne := func(args []string) bool {
		argv := append(append([]string(nil), command...), args...)
		if replace != "" {
			argv = append([]string(nil), command...)
			for i, a := range argv {
				argv[i] = strings.ReplaceAll(a, replace, args[0])
			}
		}
		if verbose {
			fmt.Fprintln(p.Stderr, strings.Join(argv, " "))
		}
		code, execErr := sysExec(p, p.Env, argv, nil)
		switch {
		case execErr != nil:
			p.Errorf("%s: %s", argv[0], p.Strerror(sysExecErrno(execErr)))
			if execErr.Errno == syscall.ENOENT {
				status = 127
			} else {
				status = 126
			}
			return false
		case code == 255:
			p.Errorf("%s: exited with status 255; aborting", argv[0])
			status = 124
			return false
		case code != 0:
			status = 123
		}
		return p.Ctx.Err() == nil
	}
	if len(items) == 0 {
		if !noRun && replace == "" {
			runOne(nil)
		}
		return status
	}
	// Group the items: per line for -L/-I, at most -n per command, and within
	// the command-line size.
	var batch []string
	lines, size := 0, len(strings.Join(command, " "))+1
	for _, it := range items {
		if len(batch) > 0 && (maxArgs > 0 && len(batch) >= maxArgs || size+len(it.text)+1 > maxChars ||
			maxLines > 0 && lines >= maxLines) {
			if !runOne(batch) {
				return status
			}
			batch, lines, size = nil, 0, len(strings.Join(command, " "))+1
		}
		batch = append(batch, it.text)
		size += len(it.text) + 1
		if it.endsLine {
			lines++
		}
	}
	if len(batch) > 0 {
		runOne(batch)
	}
	return status
}

// xargsItem is one input argument; endsLine marks the last one on a line (for -L).
type xargsItem struct {
	text     string
	endsLine bool
}

// xargsItems splits input into arguments: by a delimiter, or by blanks and
// newlines with quotes and backslashes as xargs reads them; in line mode (-I)
// only newlines separate and leading blanks are dropped. Each line's last
// argument is marked, for -L.
func xargsItems(data string, delim *byte, lineMode bool, eof string) ([]xargsItem, string) {
	var out []xargsItem
	if delim != nil {
		parts := strings.Split(data, string(*delim))
		if parts[len(parts)-1] == "" {
			parts = parts[:len(parts)-1]
		}
		for _, part := range parts {
			out = append(out, xargsItem{part, true})
		}
		return out, ""
	}
	unmatched := func(q byte) string {
		kind := "single"
		if q == '"' {
			kind = "double"
		}
		return fmt.Sprintf("unmatched %s quote; by default quotes are special to xargs unless you use the -0 option", kind)
	}
	var cur strings.Builder
	inWord := false
	var quote byte
	for i := 0; i < len(data); i++ {
		c := data[i]
		blank := c == ' ' || c == '\t'
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
				continue
			}
			if c == '\n' {
				return nil, unmatched(quote)
			}
			cur.WriteByte(c)
		case c == '\'' || c == '"':
			quote, inWord = c, true
		case c == '\\' && i+1 < len(data):
			i++
			cur.WriteByte(data[i])
			inWord = true
		case c == '\n' || blank && !lineMode:
			if inWord {
				if eof != "" && cur.String() == eof {
					return out, ""
				}
				out = append(out, xargsItem{cur.String(), c == '\n'})
				cur.Reset()
				inWord = false
			} else if c == '\n' && len(out) > 0 {
				out[len(out)-1].endsLine = true
			}
		case blank && !inWord:
		default:
			cur.WriteByte(c)
			inWord = true
		}
	}
	if quote != 0 {
		return nil, unmatched(quote)
	}
	if inWord && (eof == "" || cur.String() != eof) {
		out = append(out, xargsItem{cur.String(), true})
	}
	return out, ""
}

// xargsDelim reads -d's argument: one character or a C escape.
func xargsDelim(s string) (byte, bool) {
	if len(s) == 1 {
		return s[0], true
	}
	if len(s) == 2 && s[0] == '\\' {
		if r, ok := progkit.SimpleEscapes[s[1]]; ok {
			return r, true
		}
		if s[1] == '0' {
			return 0, true
		}
	}
	if len(s) > 2 && s[0] == '\\' {
		base := 8
		digits := s[1:]
		if s[1] == 'x' {
			base, digits = 16, s[2:]
		}
		if v, err := strconv.ParseUint(digits, base, 8); err == nil {
			return byte(v), true
		}
	}
	return 0, false
}
