package shell

import (
	"strconv"
	"strings"
	"sync"

	"mvdan.cc/sh/v3/syntax"
)

// badSubsts are the parameter expansions a shell parsed but must refuse when
// it expands them: bash parses `${x!y}` and fails it when the line runs
// (`${x!y}: bad substitution`, status 1, after what came before it), and
// dash so fails what it lacks (`${a[*]}`: `Bad substitution`, at the line
// that expands it). The interpreter's parser refuses them with the text, so
// the host puts a parameter of a name of its own, of the same length, in
// their place, and the interpreter fails it (interp.Dialect.BadSubstitution).
type badSubsts struct {
	mu    sync.Mutex
	texts map[string]string // name -> the text written
	next  int
}

func (b *badSubsts) lookup(name string) (string, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	text, ok := b.texts[name]
	return text, ok
}

// stand gives text, the substitution written, a name of width bytes; ""
// when none fits.
func (b *badSubsts) stand(text string, width int) string {
	b.mu.Lock()
	defer b.mu.Unlock()
	name := "_" + strconv.FormatInt(int64(b.next), 36)
	if len(name) > width {
		return ""
	}
	name += strings.Repeat("_", width-len(name))
	if b.texts == nil {
		b.texts = map[string]string{}
	}
	b.next++
	b.texts[name] = text
	return name
}

// parseKeepingBadSubsts parses text with parse; a parse error inside a ${...}
// the shell would fail only when it expands it is put off so, and the text
// parsed again. The positions stay those of text.
func (sh *shellProc) parseKeepingBadSubsts(text string, parse func(string) (*syntax.File, error)) (*syntax.File, error) {
	file, err := parse(text)
	for range 32 {
		if err == nil {
			break
		}
		pos, ok := parseErrorPos(err)
		if !ok {
			return file, err
		}
		start, end, ok := enclosingSubst(text, int(pos.Offset()))
		if !ok {
			break
		}
		name := sh.badSubst.stand(text[start:end], end-start-3)
		if name == "" {
			break
		}
		text = text[:start] + "${" + name + "}" + text[end:]
		file, err = parse(text)
	}
	return file, err
}

// parseErrorPos is where the parser found err, when it says.
func parseErrorPos(err error) (syntax.Pos, bool) {
	switch e := err.(type) {
	case syntax.ParseError:
		return e.Pos, true
	case syntax.LangError:
		return e.Pos, true
	}
	return syntax.Pos{}, false
}

// enclosingSubst is the ${...} of text that holds the offset off, on one
// line and with no quote or substitution within, as [start, end).
func enclosingSubst(text string, off int) (start, end int, ok bool) {
	if off >= len(text) {
		return 0, 0, false
	}
	for p := min(off, len(text)-2); p >= 0; p-- {
		if text[p] == '\n' {
			return 0, 0, false
		}
		if text[p] != '$' || text[p+1] != '{' {
			continue
		}
		depth := 0
		for q := p + 1; q < len(text); q++ {
			switch text[q] {
			case '{':
				depth++
			case '}':
				depth--
			case '\n', '\'', '"', '`', '(':
				if text[q] != '(' || q > 0 && text[q-1] == '$' {
					return 0, 0, false
				}
			}
			if depth == 0 {
				if q < off {
					break // this one closes before the error: look further back
				}
				return p, q + 1, true
			}
		}
	}
	return 0, 0, false
}
