package text

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"strconv"
	"strings"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
)

// Byte-level programs: od (coreutils), cmp (diffutils), cksum (coreutils).
func init() {
	shell.Register(shell.Command{Name: "od", Only: "gnu", Run: odCmd})
	shell.Register(shell.Command{Name: "cmp", Only: "gnu", Run: cmpCmd})
	shell.Register(shell.Command{Name: "cksum", Only: "gnu", Run: cksumCmd})
}

// odType is one -t output type: a (named char), c (char), o/x/d/u with a size.
type odType struct {
	kind  byte
	size  int
	dump  bool // the z suffix: the bytes as text after the line
	width int  // characters per field, with its leading space
}

func odParseType(spec string) ([]odType, bool) {
	var out []odType
	for spec != "" {
		t := odType{kind: spec[0], size: 1}
		spec = spec[1:]
		switch t.kind {
		case 'a', 'c':
		case 'o', 'x', 'd', 'u':
			t.size = 4
			if spec != "" {
				switch spec[0] {
				case 'C':
					t.size, spec = 1, spec[1:]
				case 'S':
					t.size, spec = 2, spec[1:]
				case 'I':
					t.size, spec = 4, spec[1:]
				case 'L':
					t.size, spec = 8, spec[1:]
				default:
					n := 0
					for n < len(spec) && spec[n] >= '0' && spec[n] <= '9' {
						n++
					}
					if n > 0 {
						size, _ := strconv.Atoi(spec[:n])
						if size != 1 && size != 2 && size != 4 && size != 8 {
							return nil, false
						}
						t.size, spec = size, spec[n:]
					}
				}
			}
		default:
			return nil, false
		}
		if spec != "" && spec[0] == 'z' {
			t.dump, spec = true, spec[1:]
		}
		max := uint64(1)<<(8*t.size) - 1
		if t.size == 8 {
			max = ^uint64(0)
		}
		switch t.kind {
		case 'a', 'c':
			t.width = 4
		case 'o':
			t.width = len(strconv.FormatUint(max, 8)) + 1
		case 'x':
			t.width = 2*t.size + 1
		case 'u':
			t.width = len(strconv.FormatUint(max, 10)) + 1
		case 'd':
			t.width = len(strconv.FormatUint(max/2+1, 10)) + 2
		}
		out = append(out, t)
	}
	return out, true
}

var odNamed = []string{"nul", "soh", "stx", "etx", "eot", "enq", "ack", "bel", "bs", "ht", "nl", "vt", "ff", "cr", "so", "si",
	"dle", "dc1", "dc2", "dc3", "dc4", "nak", "syn", "etb", "can", "em", "sub", "esc", "fs", "gs", "rs", "us", "sp"}

func (t odType) field(b []byte) string {
	var s string
	switch t.kind {
	case 'c':
		switch c := b[0]; {
		case c == 0:
			s = `\0`
		case strings.IndexByte("\a\b\f\n\r\t\v", c) >= 0:
			s = `\` + string("abfnrtv"[strings.IndexByte("\a\b\f\n\r\t\v", c)])
		case c >= 0x20 && c < 0x7f:
			s = string(c)
		default:
			s = fmt.Sprintf("%03o", c)
		}
	case 'a':
		switch c := b[0] & 0x7f; {
		case int(c) < len(odNamed):
			s = odNamed[c]
		case c == 0x7f:
			s = "del"
		default:
			s = string(c)
		}
	default:
		var buf [8]byte
		copy(buf[:], b)
		v := binary.LittleEndian.Uint64(buf[:])
		switch t.kind {
		case 'o':
			s = fmt.Sprintf("%0*o", t.width-1, v)
		case 'x':
			s = fmt.Sprintf("%0*x", t.width-1, v)
		case 'u':
			s = strconv.FormatUint(v, 10)
		case 'd':
			shift := 64 - 8*t.size
			s = strconv.FormatInt(int64(v<<shift)>>shift, 10)
		}
	}
	return fmt.Sprintf("%*s", t.width, s)
}

func odCmd(p *shell.Proc) int {
	g := progkit.Getopt{Short: "A:j:N:t:vw::bcdiloxs", Long: []string{"address-radix:=A", "skip-bytes:=j", "read-bytes:=N",
		"format:=t", "output-duplicates=v", "width::=w", "traditional"}, NotEmulated: []string{"traditional"}}
	c, code, ok := g.Parse(p, p.Args())
	if !ok {
		return code
	}
	radix := "o"
	if v, ok := c.Value("A"); ok {
		if len(v) != 1 || strings.IndexByte("doxn", v[0]) < 0 {
			return g.Fail(p, fmt.Sprintf("invalid output address radix '%s'; it must be one character from [doxn]", v))
		}
		radix = v
	}
	var types []odType
	for _, o := range c.Opts {
		spec := map[string]string{"b": "o1", "c": "c", "d": "u2", "i": "d4", "l": "d8", "o": "o2", "x": "x2", "s": "d2", "t": o.Val}[o.Key]
		if spec == "" {
			continue
		}
		ts, ok := odParseType(spec)
		if !ok {
			return p.Fail(1, "invalid type string %s", progkit.QuoteC(spec))
		}
		types = append(types, ts...)
	}
	if len(types) == 0 {
		types, _ = odParseType("o2")
	}
	width := 16
	if v, ok := c.Value("w"); ok {
		width = 32
		if v != "" {
			width, _ = strconv.Atoi(v)
		}
	}
	var data []byte
	opened := false
	status := progkit.ReadEach(p, c.Operands, nil, func(_ string, b []byte) { opened = true; data = append(data, b...) })
	if !opened {
		return status // no input at all: not even the closing offset
	}
	last := "-" // the operand a skip past the end names
	if n := len(c.Operands); n > 0 {
		last = c.Operands[n-1]
	}
	offset := 0
	if v, ok := c.Value("j"); ok {
		offset, _ = strconv.Atoi(v)
		if offset > len(data) {
			p.Errorf("%s: cannot skip past end of combined input", last)
			return 1
		}
		data = data[offset:]
	}
	if v, ok := c.Value("N"); ok {
		if n, _ := strconv.Atoi(v); n < len(data) {
			data = data[:n]
		}
	}
	addr := func(n int) string {
		switch radix {
		case "d":
			return fmt.Sprintf("%07d", n)
		case "x":
			return fmt.Sprintf("%06x", n)
		case "n":
			return ""
		}
		return fmt.Sprintf("%07o", n)
	}
	var prev []byte
	starred := false
	for i := 0; i < len(data); i += width {
		line := data[i:min(i+width, len(data))]
		if !c.Has("v") && prev != nil && len(line) == width && bytes.Equal(line, prev) {
			if !starred {
				p.Printf("*\n")
				starred = true
			}
			continue
		}
		prev, starred = line, false
		for ti, t := range types {
			var b strings.Builder
			if ti == 0 {
				b.WriteString(addr(offset + i))
			} else if radix != "n" {
				b.WriteString(strings.Repeat(" ", len(addr(0))))
			}
			for j := 0; j < len(line); j += t.size {
				chunk := line[j:min(j+t.size, len(line))]
				b.WriteString(t.field(chunk))
			}
			if t.dump {
				fields := (width + t.size - 1) / t.size
				have := (len(line) + t.size - 1) / t.size
				b.WriteString(strings.Repeat(" ", (fields-have)*t.width))
				b.WriteString("  >")
				for _, ch := range line {
					if ch < 0x20 || ch >= 0x7f {
						ch = '.'
					}
					b.WriteByte(ch)
				}
				b.WriteString("<")
			}
			p.Printf("%s\n", b.String())
		}
	}
	if radix != "n" {
		p.Printf("%s\n", addr(offset+len(data)))
	}
	return status
}

func cmpCmd(p *shell.Proc) int {
	g := progkit.Getopt{Short: "blsn:i:", Long: []string{"print-bytes=b", "verbose=l", "quiet=s", "silent=s", "bytes:=n", "ignore-initial:=i"}, Status: 2, TryPrefixed: true}
	c, code, ok := g.Parse(p, p.Args())
	if !ok {
		return code
	}
	names := c.Operands
	switch {
	case len(names) == 0:
		p.Errorf("missing operand after '%s'", p.Prog())
		return g.Fail(p, "")
	case len(names) == 1:
		names = append(names, "-")
	case len(names) > 2:
		p.Errorf("invalid --ignore-initial value %s", progkit.QuoteC(names[2]))
		return g.Fail(p, "")
	}
	var data [2][]byte
	for i, name := range names {
		b, err := progkit.ReadAll(p, name)
		if err != nil {
			p.Errorf("%s: %s", name, p.Strerror(err))
			return 2
		}
		data[i] = b
	}
	a, b := data[0], data[1]
	if v, ok := c.Value("n"); ok {
		n, _ := strconv.Atoi(v)
		a, b = a[:min(n, len(a))], b[:min(n, len(b))]
	}
	silent, verbose := c.Has("s"), c.Has("l")
	differ := false
	line := 1
	width := len(strconv.Itoa(max(len(a), len(b))))
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			differ = true
			switch {
			case silent:
				return 1
			case verbose:
				p.Printf("%*d %3o %3o\n", width, i+1, a[i], b[i])
				continue
			}
			p.Printf("%s %s differ: char %d, line %d\n", names[0], names[1], i+1, line)
			return 1
		}
		if a[i] == '\n' {
			line++
		}
	}
	if len(a) != len(b) {
		short, n := names[0], len(a)
		if len(b) < len(a) {
			short, n = names[1], len(b)
		}
		if !silent {
			if n == 0 {
				p.Errorf("EOF on %s which is empty", short)
			} else if verbose {
				p.Errorf("EOF on %s after byte %d", short, n)
			} else {
				p.Errorf("EOF on %s after byte %d, in line %d", short, n, line)
			}
		}
		return 1
	}
	if differ {
		return 1
	}
	return 0
}

// cksumSum is POSIX's checksum: the CRC of the data followed by its length in
// as few bytes as it takes, least significant first, complemented.
func cksumSum(data []byte) uint32 {
	var crc uint32
	feed := func(c byte) {
		crc = crc<<8 ^ cksumMSB[byte(crc>>24)^c]
	}
	for _, c := range data {
		feed(c)
	}
	for n := len(data); n > 0; n >>= 8 {
		feed(byte(n))
	}
	return ^crc
}

// cksumMSB is the table of POSIX cksum's CRC-32 (polynomial 0x04C11DB7, most
// significant bit first, unlike hash/crc32's IEEE form).
var cksumMSB = func() (t [256]uint32) {
	for i := range t {
		c := uint32(i) << 24
		for range 8 {
			if c&0x80000000 != 0 {
				c = c<<1 ^ 0x04C11DB7
			} else {
				c <<= 1
			}
		}
		t[i] = c
	}
	return t
}()

func cksumCmd(p *shell.Proc) int {
	g := progkit.Getopt{Short: "a:", Long: []string{"algorithm:=a"}, NotEmulated: []string{"a", "algorithm"}}
	c, code, ok := g.Parse(p, p.Args())
	if !ok {
		return code
	}
	names := c.Operands
	if len(names) == 0 {
		data, _ := p.ReadAll(p.Stdin)
		p.Printf("%d %d\n", cksumSum(data), len(data))
		return 0
	}
	return progkit.ReadEach(p, names, nil, func(name string, data []byte) {
		p.Printf("%d %d %s\n", cksumSum(data), len(data), name)
	})
}
