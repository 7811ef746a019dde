package system

import (
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/hostile-lab/hostile/simhost/personality"
)

// terminfoEntry is one terminal of the terminfo database, as infocmp -1 -x
// writes it: its names (the last the long one) and its capabilities.
type terminfoEntry struct {
	names   []string
	flags   map[string]bool // booleans present
	numbers map[string]int
	strs    map[string]string
}

// terminfoDB is the personality's terminfo database (ncurses-base's entries,
// captured with infocmp into the base's "terminfo" text): the entries by
// each of their names, and the type of every capability any entry has.
type terminfoDB struct {
	byName map[string]*terminfoEntry
	kind   map[string]byte // '?' boolean, '#' number, '=' string
}

// has reports whether the entry has the capability, whatever its type.
func (t *terminfoEntry) has(name string) bool {
	_, num := t.numbers[name]
	_, str := t.strs[name]
	return t.flags[name] || num || str
}

var terminfoDBs sync.Map // *personality.Personality -> *terminfoDB

func terminfoOf(p *personality.Personality) *terminfoDB {
	if db, ok := terminfoDBs.Load(p); ok {
		return db.(*terminfoDB)
	}
	db, _ := terminfoDBs.LoadOrStore(p, parseTerminfo(p.Texts["terminfo"]))
	return db.(*terminfoDB)
}

func parseTerminfo(text string) *terminfoDB {
	db := &terminfoDB{byName: map[string]*terminfoEntry{}, kind: map[string]byte{}}
	// the capabilities the terminfo manual defines that no entry here has
	for _, name := range strings.Fields(knownAbsentCaps) {
		kind, name := name[len(name)-1], name[:len(name)-1]
		db.kind[name] = kind
	}
	var cur *terminfoEntry
	for _, line := range strings.Split(text, "\n") {
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case !strings.HasPrefix(line, "\t"):
			cur = &terminfoEntry{names: strings.Split(strings.TrimSuffix(line, ","), "|"),
				flags: map[string]bool{}, numbers: map[string]int{}, strs: map[string]string{}}
			for _, n := range cur.names[:max(1, len(cur.names)-1)] {
				if _, dup := db.byName[n]; !dup {
					db.byName[n] = cur
				}
			}
		case cur != nil:
			c := strings.TrimSuffix(strings.TrimPrefix(line, "\t"), ",")
			if i := strings.IndexAny(c, "=#@"); i >= 0 && c[i] == '=' {
				db.kind[c[:i]] = '='
				cur.strs[c[:i]] = terminfoUnescape(c[i+1:])
			} else if i >= 0 && c[i] == '#' {
				n, _ := strconv.ParseInt(c[i+1:], 0, 32)
				db.kind[c[:i]] = '#'
				cur.numbers[c[:i]] = int(n)
			} else if i < 0 {
				db.kind[c] = '?'
				cur.flags[c] = true
			}
		}
	}
	return db
}

// knownAbsentCaps are capability names of terminfo(5) with their type, which
// tput knows although no entry of ncurses-base has them (so it answers
// "absent", status 1, not "unknown capability").
const knownAbsentCaps = "cup= hs? blink= smcup= rmcup= it# bel= cr= " +
	"dsl= fsl= tsl= flash= smam= rmam= smir= rmir= ich1= dch1= il1= dl1= csr= sc= rc= home= ed= el1= " +
	"hpa= vpa= cub1= cuf1= cuu1= cud1= cub= cuf= cuu= cud= ind= ri= kbs= kcuu1= kcud1= kcub1= kcuf1= " +
	"sgr= sgr0= smso= rmso= smul= rmul= rev= bold= dim= invis= setaf= setab= setf= setb= op= oc= " +
	"am? bce? km? mir? msgr? xenl? xon? npc? cols# lines# colors# pairs# it# ncv# wsl#"

// terminfoUnescape reads a string capability as infocmp writes it.
func terminfoUnescape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '^' && i+1 < len(s):
			i++
			if s[i] == '?' {
				b.WriteByte(0x7f)
			} else {
				b.WriteByte(s[i] & 0x1f)
			}
		case c == '\\' && i+1 < len(s):
			i++
			switch e := s[i]; e {
			case 'E', 'e':
				b.WriteByte(0x1b)
			case 'n', 'l':
				b.WriteByte('\n')
			case 'r':
				b.WriteByte('\r')
			case 't':
				b.WriteByte('\t')
			case 'b':
				b.WriteByte('\b')
			case 'f':
				b.WriteByte('\f')
			case 's':
				b.WriteByte(' ')
			case 'a':
				b.WriteByte(0x07)
			default:
				if e >= '0' && e <= '7' {
					j := i
					for j < len(s) && j < i+3 && s[j] >= '0' && s[j] <= '7' {
						j++
					}
					n, _ := strconv.ParseUint(s[i:j], 8, 8)
					if n == 0 {
						n = 0x80 // \0 is NUL, stored as \200
					}
					b.WriteByte(byte(n))
					i = j - 1
				} else {
					b.WriteByte(e) // \\ \^ \, \:
				}
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// tparm instantiates a parametrised string as ncurses' tparm does; params
// are numbers or strings (tput passes an argument that is not a number as a
// string).
func tparm(s string, params []any) string {
	var p [9]any
	for i := range p {
		p[i] = 0
		if i < len(params) {
			p[i] = params[i]
		}
	}
	var stack []any
	push := func(v any) { stack = append(stack, v) }
	popInt := func() int {
		if len(stack) == 0 {
			return 0
		}
		v := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		switch v := v.(type) {
		case int:
			return v
		case string:
			return len(v)
		}
		return 0
	}
	popStr := func() string {
		if len(stack) == 0 {
			return ""
		}
		v := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if s, ok := v.(string); ok {
			return s
		}
		return fmt.Sprint(v)
	}
	var vars [52]any
	var out strings.Builder
	// skip moves past the rest of a branch: to the %e or %; that closes it
	// (elseToo: stop at %e), nested %? %; counted.
	skip := func(i int, elseToo bool) int {
		depth := 0
		for i < len(s) {
			if s[i] == '%' && i+1 < len(s) {
				switch s[i+1] {
				case '?':
					depth++
				case ';':
					if depth == 0 {
						return i + 2
					}
					depth--
				case 'e':
					if depth == 0 && elseToo {
						return i + 2
					}
				}
				i += 2
				continue
			}
			i++
		}
		return i
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '$' && i+1 < len(s) && s[i+1] == '<' {
			if j := strings.IndexByte(s[i:], '>'); j > 0 {
				i += j // a delay: no padding without a baud rate
				continue
			}
		}
		if c != '%' || i+1 >= len(s) {
			out.WriteByte(c)
			continue
		}
		i++
		switch d := s[i]; d {
		case '%':
			out.WriteByte('%')
		case 'c':
			out.WriteByte(byte(popInt()))
		case 's':
			out.WriteString(popStr())
		case 'd':
			out.WriteString(strconv.Itoa(popInt()))
		case 'p':
			if i+1 < len(s) && s[i+1] >= '1' && s[i+1] <= '9' {
				i++
				push(p[s[i]-'1'])
			}
		case 'P', 'g':
			if i+1 < len(s) {
				i++
				k := -1
				if v := s[i]; v >= 'a' && v <= 'z' {
					k = int(v - 'a')
				} else if v >= 'A' && v <= 'Z' {
					k = 26 + int(v-'A')
				}
				if k >= 0 && d == 'P' {
					if len(stack) > 0 {
						vars[k] = stack[len(stack)-1]
						stack = stack[:len(stack)-1]
					}
				} else if k >= 0 {
					if vars[k] == nil {
						push(0)
					} else {
						push(vars[k])
					}
				}
			}
		case '\'':
			if i+2 < len(s) {
				push(int(s[i+1]))
				i += 2
			}
		case '{':
			j := strings.IndexByte(s[i:], '}')
			if j > 0 {
				n, _ := strconv.Atoi(s[i+1 : i+j])
				push(n)
				i += j
			}
		case 'l':
			push(len(popStr()))
		case '+', '-', '*', '/', 'm', '&', '|', '^', '=', '>', '<', 'A', 'O':
			y, x := popInt(), popInt()
			r := 0
			switch d {
			case '+':
				r = x + y
			case '-':
				r = x - y
			case '*':
				r = x * y
			case '/':
				if y != 0 {
					r = x / y
				}
			case 'm':
				if y != 0 {
					r = x % y
				}
			case '&':
				r = x & y
			case '|':
				r = x | y
			case '^':
				r = x ^ y
			case '=':
				r = b2i(x == y)
			case '>':
				r = b2i(x > y)
			case '<':
				r = b2i(x < y)
			case 'A':
				r = b2i(x != 0 && y != 0)
			case 'O':
				r = b2i(x != 0 || y != 0)
			}
			push(r)
		case '!':
			push(b2i(popInt() == 0))
		case '~':
			push(^popInt())
		case 'i':
			if n, ok := p[0].(int); ok {
				p[0] = n + 1
			}
			if n, ok := p[1].(int); ok {
				p[1] = n + 1
			}
		case '?', ';':
		case 't':
			if popInt() == 0 {
				i = skip(i+1, true) - 1
			}
		case 'e':
			i = skip(i+1, false) - 1
		default:
			// %[[:]flags][width[.precision]][doxXs]
			j := i
			if s[j] == ':' {
				j++
			}
			for j < len(s) && strings.IndexByte("-+# 0123456789.", s[j]) >= 0 {
				j++
			}
			if j < len(s) && strings.IndexByte("doxXs", s[j]) >= 0 {
				format := "%" + strings.TrimPrefix(s[i:j], ":") + string(s[j])
				if s[j] == 's' {
					out.WriteString(fmt.Sprintf(format, popStr()))
				} else {
					out.WriteString(fmt.Sprintf(format, popInt()))
				}
				i = j
			}
		}
	}
	return out.String()
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
