package progkit

import "strings"

// SimpleEscapes are the one-letter escapes of printf (and of tr).
var SimpleEscapes = map[byte]byte{
	'"': '"', '\\': '\\', 'a': '\a', 'b': '\b', 'e': 0x1b, 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t', 'v': '\v',
}

// ExpandEscapes makes the backslash escapes of s: a byte that simple maps
// stands for its value, and other, when not nil, reads any other escape at
// s[i], the byte after the backslash, returning the text it stands for and
// the index past it, or ok false when it is none. A backslash that starts no
// escape, and one that ends s, stays as typed.
func ExpandEscapes(s string, simple map[byte]byte, other func(s string, i int) (text string, next int, ok bool)) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 == len(s) {
			b.WriteByte(s[i])
			continue
		}
		i++
		if c, ok := simple[s[i]]; ok {
			b.WriteByte(c)
			continue
		}
		if other != nil {
			if text, next, ok := other(s, i); ok {
				b.WriteString(text)
				i = next - 1
				continue
			}
		}
		b.WriteByte('\\')
		b.WriteByte(s[i])
	}
	return b.String()
}
