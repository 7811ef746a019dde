package scenarios

import (
	"fmt"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"
)

// The YAML library says where parsing failed, often a line late, and in its
// own words ("did not find expected key"). explainSyntax reads the text as an
// author wrote it, line by line, and names the line, the column, the key
// around it and the likely cause: a tab in the indentation, or a line whose
// indentation lines up with no key above it.

// keyLine is one line of the text as the indentation sees it.
type keyLine struct {
	no, indent int    // line number from 1; column of its key (or dash) from 0
	keyIndent  int    // a list item's key's column, after the dash
	key        string // "" for a line that is not `key:` (a list item's value, a continuation)
	hasValue   bool   // `key: value` on the line, not a block opened below it
	dash       bool   // a list item, `- ...`
}

// label is how a message names the line: `"host:"`, or `"- name:"` for a
// list item.
func (l keyLine) label() string {
	if l.dash {
		return fmt.Sprintf("%q", strings.TrimSpace("- "+l.key+":"))
	}
	return fmt.Sprintf("%q", l.key+":")
}

var keyRE = regexp.MustCompile(`^("[^"]*"|'[^']*'|[^\s#:'"{}\[\],&*!|>%@` + "`" + `][^:#]*?)\s*:(\s|$)`)

// explainSyntax turns the YAML library's error on data into one a scenario's
// author can act on.
func explainSyntax(file string, data []byte, yamlErr error) *Error {
	reported := syntaxError(file, yamlErr)
	lines := strings.Split(string(data), "\n")
	var stack []keyLine // the keys enclosing the line being read
	path := func() string {
		var keys []string
		for _, k := range stack {
			if k.key != "" && !k.dash {
				keys = append(keys, k.key)
			}
		}
		return strings.Join(keys, ".")
	}
	for i, text := range lines {
		no := i + 1
		if no > reported.Line+1 {
			break // past where the parser stopped: what follows is not the cause
		}
		body := strings.TrimLeft(text, " \t")
		if body == "" || strings.HasPrefix(body, "#") {
			continue
		}
		lead := text[:len(text)-len(body)]
		if tab := strings.IndexByte(lead, '\t'); tab >= 0 {
			if n := len(stack); n > 0 && stack[n-1].hasValue {
				stack = stack[:n-1] // the line cannot be under a key with a value
			}
			return &Error{File: file, Line: no, Column: tab + 1, Field: path(),
				Msg: "not valid YAML: tab character used for indentation (YAML indents with spaces only)"}
		}
		l := parseKeyLine(no, len(lead), body)
		// Leave the keys this line closes; remember the deepest one left, the
		// level this line may have meant to line up with.
		var closed *keyLine
		for len(stack) > 0 && stack[len(stack)-1].indent > l.indent {
			top := stack[len(stack)-1]
			closed = &top
			stack = stack[:len(stack)-1]
		}
		if len(stack) > 0 {
			top := stack[len(stack)-1]
			switch {
			case top.indent == l.indent && l.dash && !top.dash && !top.hasValue:
				// a list written at its key's own indentation: its items
			case top.indent == l.indent:
				stack = stack[:len(stack)-1] // a sibling
			case closed != nil && closed.indent > l.indent:
				return &Error{File: file, Line: no, Column: l.indent + 1, Field: path(),
					Msg: fmt.Sprintf("not valid YAML: indentation does not line up with %s at line %d (%d spaces) nor with the keys under it (%d spaces)",
						top.label(), top.no, top.indent, closed.indent)}
			case top.hasValue && l.key != "":
				return &Error{File: file, Line: no, Column: l.indent + 1, Field: path(),
					Msg: fmt.Sprintf("not valid YAML: indentation does not line up with %s at line %d: %q is indented under it, but %q already has a value on its line",
						top.label(), top.no, l.key+":", top.key)}
			}
		} else if closed != nil && l.indent > 0 {
			return &Error{File: file, Line: no, Column: l.indent + 1,
				Msg: fmt.Sprintf("not valid YAML: indentation does not line up with %s at line %d (%d spaces) nor with the top-level keys (0 spaces)",
					closed.label(), closed.no, closed.indent)}
		}
		if col, open := unclosedFlow(body); open != 0 {
			field := path()
			if l.key != "" {
				field = joinField(field, l.key)
			}
			closer := map[byte]string{'{': "}", '[': "]"}[open]
			return &Error{File: file, Line: no, Column: len(lead) + col + 1, Field: field,
				Msg: fmt.Sprintf("not valid YAML: %q opened here is not closed by %q on its line (a flow mapping or list in a scenario fits on one line)", string(open), closer)}
		}
		if l.dash && l.key != "" { // `- name: x`: the item's keys sit after the dash
			stack = append(stack, keyLine{no: no, indent: l.indent, dash: true, key: l.key},
				keyLine{no: no, indent: l.keyIndent, key: l.key, hasValue: l.hasValue})
		} else {
			stack = append(stack, l)
		}
	}
	// No likelier cause found: the library's words, with the key around them.
	if reported.Line-1 < len(lines) {
		text := lines[reported.Line-1]
		reported.Column = len(text) - len(strings.TrimLeft(text, " ")) + 1
	}
	reported.Field = path()
	return reported
}

// unclosedFlow finds a { or [ on the line that the line does not close,
// outside quotes and comments: its offset and the bracket.
func unclosedFlow(body string) (int, byte) {
	var stack []int
	quote := byte(0)
	for i := 0; i < len(body); i++ {
		c := body[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			if i == 0 || strings.ContainsRune(" {[,:", rune(body[i-1])) {
				quote = c
			}
		case c == '#' && (i == 0 || body[i-1] == ' '):
			i = len(body)
		case c == '{' || c == '[':
			stack = append(stack, i)
		case (c == '}' || c == ']') && len(stack) > 0:
			stack = stack[:len(stack)-1]
		}
	}
	if len(stack) == 0 {
		return 0, 0
	}
	return stack[0], body[stack[0]]
}

// parseKeyLine reads one non-blank line whose indentation is indent.
func parseKeyLine(no, indent int, body string) keyLine {
	l := keyLine{no: no, indent: indent}
	if body == "-" || strings.HasPrefix(body, "- ") {
		l.dash = true
		after := strings.TrimLeft(body[1:], " ")
		l.keyIndent = indent + len(body) - len(after)
		body = after
	}
	if m := keyRE.FindStringSubmatch(body); m != nil {
		l.key = strings.Trim(m[1], `"'`)
		rest := strings.TrimSpace(body[len(m[0]):])
		l.hasValue = rest != "" && !strings.HasPrefix(rest, "#") && rest != "|" && rest != ">" &&
			!strings.HasPrefix(rest, "|") && !strings.HasPrefix(rest, ">") && !strings.HasPrefix(rest, "&")
	}
	return l
}

// duplicateKeys finds every key given twice in one mapping, anywhere in the
// document: the YAML library keeps the last silently when decoding to nodes.
func duplicateKeys(file string, n *yaml.Node, field string) Errors {
	var errs Errors
	switch n.Kind {
	case yaml.DocumentNode, yaml.SequenceNode:
		for i, c := range n.Content {
			f := field
			if n.Kind == yaml.SequenceNode {
				f = fmt.Sprintf("%s[%d]", field, i)
			}
			errs = append(errs, duplicateKeys(file, c, f)...)
		}
	case yaml.MappingNode:
		first := map[string]*yaml.Node{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			key, val := n.Content[i], n.Content[i+1]
			path := joinField(field, key.Value)
			if prev, dup := first[key.Value]; dup {
				errs = append(errs, &Error{File: file, Line: key.Line, Column: key.Column, Field: path,
					Msg: fmt.Sprintf("given twice: at %s and again at %s; keep one", where(prev, key), where(key, prev))})
				continue
			}
			first[key.Value] = key
			errs = append(errs, duplicateKeys(file, val, path)...)
		}
	}
	return errs
}

// where is "line L", or "line L column C" when the other is on that line too.
func where(n, other *yaml.Node) string {
	if n.Line == other.Line {
		return fmt.Sprintf("line %d column %d", n.Line, n.Column)
	}
	return fmt.Sprintf("line %d", n.Line)
}
