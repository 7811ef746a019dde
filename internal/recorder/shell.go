package recorder

import "strings"

// stateful are the shell builtins whose effect is on the shell itself: an
// override in their place would leave the simulated shell where it was.
var stateful = map[string]bool{"exit": true, "logout": true, "cd": true, "export": true, "unset": true,
	"alias": true, "unalias": true, "source": true, ".": true, "set": true, "shopt": true, "exec": true}

// typedCommands splits an interactive shell session into the lines typed at
// its prompt and what each printed, as sessions of their own (Kind "typed").
// It works when each line's echo follows the prompt the session showed first;
// typed-ahead input, or a prompt that changes (cd), makes it give up: ok false.
func typedCommands(s Session) (typed []Session, ok bool) {
	lines := typedLines(s.Stdin)
	out := s.Stdout
	prompt, cursor := "", 0
	for i, line := range lines {
		echo := line + "\r\n"
		at := strings.Index(out[cursor:], echo)
		if at < 0 {
			return nil, false
		}
		at += cursor
		if i == 0 {
			prompt = out[strings.LastIndexByte(out[:at], '\n')+1 : at]
		}
		if prompt == "" || !strings.HasSuffix(out[:at], prompt) {
			return nil, false
		}
		cursor = at + len(echo)
		end := len(out)
		if next := strings.Index(out[cursor:], prompt); next >= 0 {
			end = cursor + next
		}
		word, _, _ := strings.Cut(strings.TrimSpace(line), " ")
		if word != "" && !stateful[word] {
			c := s
			c.Kind, c.End, c.Line, c.Stdout, c.Stderr, c.Stdin, c.PromptBefore = "typed", "typed", line, out[cursor:end], "", "", 0
			typed = append(typed, c)
		}
		cursor = end
	}
	return typed, len(lines) > 0
}

// typedLines are the lines a terminal's line discipline would hand the shell:
// split at Enter, with backspace and ^U applied.
func typedLines(stdin string) []string {
	var lines []string
	var cur []rune
	for _, r := range stdin {
		switch r {
		case '\r', '\n':
			lines = append(lines, string(cur))
			cur = cur[:0]
		case 0x7f, '\b':
			if len(cur) > 0 {
				cur = cur[:len(cur)-1]
			}
		case 0x15: // ^U
			cur = cur[:0]
		default:
			cur = append(cur, r)
		}
	}
	return lines
}
