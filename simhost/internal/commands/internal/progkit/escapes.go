package progkit

// SimpleEscapes are the one-letter escapes of printf (and of tr).
var SimpleEscapes = map[byte]byte{
	'"': '"', '\\': '\\', 'a': '\a', 'b': '\b', 'e': 0x1b, 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t', 'v': '\v',
}
