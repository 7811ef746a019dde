package system

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
)

// stty is GNU coreutils' stty over the session's terminal: the flags scripts
// change (echo, icanon, isig, opost..., the raw, cooked, cbreak and sane
// combinations, min and time, a saved -g string), the window size, and the
// reports (size, -g, -a, the settings that differ from sane). The line
// discipline honours them. Any other setting is refused as stty refuses one
// it does not know, so a script never silently gets a no-op.
func init() {
	shell.Register(shell.Command{Name: "stty", Run: stty})
}

// sttyMode is one flag of coreutils' mode table, in its display order.
type sttyMode struct {
	name string
	word byte   // 'c' control, 'i' input, 'o' output, 'l' local
	bits uint32 // the value the name sets
	mask uint32 // the field it sets them in (bits alone when zero)
	// saneSet and saneUnset are what `stty sane` does with it; rev is true for
	// a flag that "-name" clears (coreutils' REV).
	saneSet, saneUnset, rev bool
}

var sttyModes = []sttyMode{
	{name: "parenb", word: 'c', bits: 0x100, rev: true},
	{name: "parodd", word: 'c', bits: 0x200, rev: true},
	{name: "cmspar", word: 'c', bits: 0x40000000, rev: true},
	{name: "cs5", word: 'c', bits: 0x00, mask: 0x30},
	{name: "cs6", word: 'c', bits: 0x10, mask: 0x30},
	{name: "cs7", word: 'c', bits: 0x20, mask: 0x30},
	{name: "cs8", word: 'c', bits: 0x30, mask: 0x30},
	{name: "hupcl", word: 'c', bits: 0x400, rev: true},
	{name: "cstopb", word: 'c', bits: 0x40, rev: true},
	{name: "cread", word: 'c', bits: 0x80, saneSet: true, rev: true},
	{name: "clocal", word: 'c', bits: 0x800, rev: true},
	{name: "crtscts", word: 'c', bits: 0x80000000, rev: true},

	{name: "ignbrk", word: 'i', bits: shell.IGNBRK, saneUnset: true, rev: true},
	{name: "brkint", word: 'i', bits: shell.BRKINT, saneSet: true, rev: true},
	{name: "ignpar", word: 'i', bits: shell.IGNPAR, rev: true},
	{name: "parmrk", word: 'i', bits: shell.PARMRK, rev: true},
	{name: "inpck", word: 'i', bits: shell.INPCK, rev: true},
	{name: "istrip", word: 'i', bits: shell.ISTRIP, rev: true},
	{name: "inlcr", word: 'i', bits: shell.INLCR, saneUnset: true, rev: true},
	{name: "igncr", word: 'i', bits: shell.IGNCR, saneUnset: true, rev: true},
	{name: "icrnl", word: 'i', bits: shell.ICRNL, saneSet: true, rev: true},
	{name: "ixon", word: 'i', bits: shell.IXON, rev: true},
	{name: "ixoff", word: 'i', bits: shell.IXOFF, saneUnset: true, rev: true},
	{name: "iuclc", word: 'i', bits: shell.IUCLC, saneUnset: true, rev: true},
	{name: "ixany", word: 'i', bits: shell.IXANY, saneUnset: true, rev: true},
	{name: "imaxbel", word: 'i', bits: shell.IMAXBEL, saneSet: true, rev: true},
	{name: "iutf8", word: 'i', bits: shell.IUTF8, saneUnset: true, rev: true},

	{name: "opost", word: 'o', bits: shell.OPOST, saneSet: true, rev: true},
	{name: "olcuc", word: 'o', bits: shell.OLCUC, saneUnset: true, rev: true},
	{name: "ocrnl", word: 'o', bits: shell.OCRNL, saneUnset: true, rev: true},
	{name: "onlcr", word: 'o', bits: shell.ONLCR, saneSet: true, rev: true},
	{name: "onocr", word: 'o', bits: shell.ONOCR, saneUnset: true, rev: true},
	{name: "onlret", word: 'o', bits: shell.ONLRET, saneUnset: true, rev: true},
	{name: "ofill", word: 'o', bits: shell.OFILL, saneUnset: true, rev: true},
	{name: "ofdel", word: 'o', bits: shell.OFDEL, saneUnset: true, rev: true},
	{name: "nl0", word: 'o', mask: 0x100, saneSet: true},
	{name: "cr0", word: 'o', mask: 0x600, saneSet: true},
	{name: "tab0", word: 'o', mask: 0x1800, saneSet: true},
	{name: "bs0", word: 'o', mask: 0x2000, saneSet: true},
	{name: "vt0", word: 'o', mask: 0x4000, saneSet: true},
	{name: "ff0", word: 'o', mask: 0x8000, saneSet: true},

	{name: "isig", word: 'l', bits: shell.ISIG, saneSet: true, rev: true},
	{name: "icanon", word: 'l', bits: shell.ICANON, saneSet: true, rev: true},
	{name: "iexten", word: 'l', bits: shell.IEXTEN, saneSet: true, rev: true},
	{name: "echo", word: 'l', bits: shell.ECHO, saneSet: true, rev: true},
	{name: "echoe", word: 'l', bits: shell.ECHOE, saneSet: true, rev: true},
	{name: "echok", word: 'l', bits: shell.ECHOK, saneSet: true, rev: true},
	{name: "echonl", word: 'l', bits: shell.ECHONL, saneUnset: true, rev: true},
	{name: "noflsh", word: 'l', bits: shell.NOFLSH, saneUnset: true, rev: true},
	{name: "xcase", word: 'l', bits: shell.XCASE, saneUnset: true, rev: true},
	{name: "tostop", word: 'l', bits: shell.TOSTOP, saneUnset: true, rev: true},
	{name: "echoprt", word: 'l', bits: shell.ECHOPRT, saneUnset: true, rev: true},
	{name: "echoctl", word: 'l', bits: shell.ECHOCTL, saneSet: true, rev: true},
	{name: "echoke", word: 'l', bits: shell.ECHOKE, saneSet: true, rev: true},
	{name: "flusho", word: 'l', bits: shell.FLUSHO, saneUnset: true, rev: true},
	{name: "extproc", word: 'l', bits: shell.EXTPROC, saneUnset: true, rev: true},
}

// sttyControls are the control characters in display order, with their
// termios slot and `stty sane`'s value.
var sttyControls = []struct {
	name      string
	slot      int
	saneValue byte
}{
	{"intr", 0, 0x3}, {"quit", 1, 0x1c}, {"erase", 2, 0x7f}, {"kill", 3, 0x15}, {"eof", 4, 0x4},
	{"eol", 11, 0}, {"eol2", 16, 0}, {"swtch", 7, 0}, {"start", 8, 0x11}, {"stop", 9, 0x13},
	{"susp", 10, 0x1a}, {"rprnt", 12, 0x12}, {"werase", 14, 0x17}, {"lnext", 15, 0x16}, {"discard", 13, 0xf},
}

// word is the flag word a mode lives in.
func (m sttyMode) word32(t *shell.Termios) *uint32 {
	switch m.word {
	case 'c':
		return &t.Cflag
	case 'i':
		return &t.Iflag
	case 'o':
		return &t.Oflag
	}
	return &t.Lflag
}

func (m sttyMode) field() uint32 {
	if m.mask != 0 {
		return m.mask
	}
	return m.bits
}

// set applies "name" (on) or "-name" (off).
func (m sttyMode) set(t *shell.Termios, on bool) {
	w := m.word32(t)
	*w &^= m.field()
	if on {
		*w |= m.bits
	}
}

// sttyChange applies one setting word, as coreutils' combinations define them.
func sttyChange(t *shell.Termios, arg string) bool {
	bits := func(word *uint32, on bool, b uint32) {
		if on {
			*word |= b
		} else {
			*word &^= b
		}
	}
	switch arg {
	case "raw", "-cooked":
		bits(&t.Iflag, false, shell.IGNBRK|shell.BRKINT|shell.IGNPAR|shell.PARMRK|shell.INPCK|shell.ISTRIP|shell.INLCR|
			shell.IGNCR|shell.ICRNL|shell.IXON|shell.IXOFF|shell.IUCLC|shell.IXANY|shell.IMAXBEL)
		bits(&t.Oflag, false, shell.OPOST)
		bits(&t.Lflag, false, shell.ISIG|shell.ICANON|shell.XCASE)
		t.CC[shell.VMIN], t.CC[shell.VTIME] = 1, 0
	case "-raw", "cooked":
		bits(&t.Iflag, true, shell.BRKINT|shell.IGNPAR|shell.ISTRIP|shell.ICRNL|shell.IXON)
		bits(&t.Oflag, true, shell.OPOST)
		bits(&t.Lflag, true, shell.ISIG|shell.ICANON)
	case "cbreak":
		bits(&t.Lflag, false, shell.ICANON)
	case "-cbreak":
		bits(&t.Lflag, true, shell.ICANON)
	case "sane":
		for _, m := range sttyModes {
			switch {
			case m.saneSet:
				m.set(t, true)
			case m.saneUnset:
				m.set(t, false)
			}
		}
		for _, c := range sttyControls {
			t.CC[c.slot] = c.saneValue
		}
		t.CC[shell.VMIN], t.CC[shell.VTIME] = 1, 0
	default:
		name, off := strings.CutPrefix(arg, "-")
		for _, m := range sttyModes {
			if m.name == name && (!off || m.rev) {
				m.set(t, !off)
				return true
			}
		}
		return false
	}
	return true
}

// sttyParseSaved reads a `stty -g` string: four flag words and the control
// characters, in hex.
func sttyParseSaved(s string) (shell.Termios, bool) {
	var t shell.Termios
	f := strings.Split(s, ":")
	if len(f) != 4+len(t.CC) {
		return t, false
	}
	var words [4]uint32
	for i, w := range f {
		n, err := strconv.ParseUint(w, 16, 32)
		if err != nil || i >= 4 && n > 0xff {
			return t, false
		}
		if i < 4 {
			words[i] = uint32(n)
		} else {
			t.CC[i-4] = byte(n)
		}
	}
	t.Iflag, t.Oflag, t.Cflag, t.Lflag = words[0], words[1], words[2], words[3]
	return t, true
}

func stty(p *shell.Proc) int {
	args := p.Args()
	type change func(*shell.Termios, shell.Terminal)
	var changes []change
	report := ""
	usage := func(format string, a ...any) int {
		p.Errorf(format, a...)
		fmt.Fprintf(p.Stderr, "Try '%s --help' for more information.\n", p.Name())
		return 1
	}
	number := func(i int, name string, limit int) (int, bool) {
		if i+1 >= len(args) {
			usage("missing argument to %s", progkit.QuoteC(name))
			return 0, false
		}
		n, err := strconv.Atoi(args[i+1])
		if err != nil || n < 0 || n > limit {
			usage("invalid integer argument: %s", progkit.QuoteC(args[i+1]))
			return 0, false
		}
		return n, true
	}
	for i := 0; i < len(args); i++ {
		switch a := args[i]; a {
		case "size", "-g", "-a", "--all", "--save":
			report = a
		case "rows", "cols", "columns":
			n, ok := number(i, a, 1<<16-1)
			if !ok {
				return 1
			}
			i++
			changes = append(changes, func(_ *shell.Termios, t shell.Terminal) {
				r, c := t.Size()
				if a == "rows" {
					r = n
				} else {
					c = n
				}
				t.SetSize(r, c)
			})
		case "min", "time":
			n, ok := number(i, a, 255)
			if !ok {
				return 1
			}
			i++
			slot := map[string]int{"min": shell.VMIN, "time": shell.VTIME}[a]
			changes = append(changes, func(t *shell.Termios, _ shell.Terminal) { t.CC[slot] = byte(n) })
		default:
			if slot, ok := sttyControlSlot(a); ok {
				if i+1 >= len(args) {
					return usage("missing argument to %s", progkit.QuoteC(a))
				}
				i++
				c, ok := sttyCC(args[i])
				if !ok {
					p.Errorf("invalid integer argument: %s", progkit.QuoteC(args[i]))
					return 1
				}
				changes = append(changes, func(t *shell.Termios, _ shell.Terminal) { t.CC[slot] = c })
				continue
			}
			if saved, ok := sttyParseSaved(a); ok {
				changes = append(changes, func(t *shell.Termios, _ shell.Terminal) { *t = saved })
				continue
			}
			var probe shell.Termios
			if !sttyChange(&probe, a) {
				return usage("invalid argument %s", progkit.QuoteC(a))
			}
			changes = append(changes, func(t *shell.Termios, _ shell.Terminal) { sttyChange(t, a) })
		}
	}
	t := p.Terminal()
	if t == nil {
		return p.Fail(1, "'standard input': Inappropriate ioctl for device")
	}
	tio := t.Termios()
	for _, c := range changes {
		c(&tio, t)
	}
	t.SetTermios(tio)
	rows, cols := t.Size()
	switch report {
	case "size":
		p.Printf("%d %d\n", rows, cols)
	case "-g", "--save":
		parts := []string{fmt.Sprintf("%x:%x:%x:%x", tio.Iflag, tio.Oflag, tio.Cflag, tio.Lflag)}
		for _, c := range tio.CC {
			parts = append(parts, fmt.Sprintf("%x", c))
		}
		p.Printf("%s\n", strings.Join(parts, ":"))
	case "-a", "--all":
		p.Printf("%s", sttyDisplay(tio, rows, cols, true, p.Getenv("COLUMNS")))
	case "":
		if len(changes) == 0 {
			p.Printf("%s", sttyDisplay(tio, rows, cols, false, p.Getenv("COLUMNS")))
		}
	}
	return 0
}

// sttyVisible is a control character as stty shows it: ^C, ^?, <undef>.
func sttyVisible(c byte) string {
	switch {
	case c == 0:
		return "<undef>"
	case c == 0x7f:
		return "^?"
	case c < 0x20:
		return "^" + string(rune(c+'@'))
	}
	return string(rune(c))
}

// sttyDisplay is coreutils' display_all (all) or display_changed: items
// wrapped to the window's width (COLUMNS, else 80, when it has none).
func sttyDisplay(t shell.Termios, rows, cols int, all bool, columnsVar string) string {
	width := cols
	if width <= 0 {
		width = 80
		if n, err := strconv.Atoi(columnsVar); err == nil && n > 0 {
			width = n
		}
	}
	w := lineWrapper{full: func(col int, item string) bool { return width-col <= len(item) }}
	w.add("speed 38400 baud;")
	if all {
		w.add(fmt.Sprintf("rows %d; columns %d;", rows, cols))
	}
	w.add("line = 0;")
	w.endLine() // always: the line holds at least "line = 0;"
	for _, c := range sttyControls {
		if all || t.CC[c.slot] != c.saneValue {
			w.add(fmt.Sprintf("%s = %s;", c.name, sttyVisible(t.CC[c.slot])))
		}
	}
	if all || t.Lflag&shell.ICANON == 0 {
		w.add(fmt.Sprintf("min = %d; time = %d;", t.CC[shell.VMIN], t.CC[shell.VTIME]))
	}
	w.endLine()
	word := byte('c')
	for _, m := range sttyModes {
		if m.word != word {
			w.endLine()
			word = m.word
		}
		set := *m.word32(&t)&m.field() == m.bits
		switch {
		case set && (all || m.saneUnset):
			w.add(m.name)
		case !set && m.rev && (all || m.saneSet):
			w.add("-" + m.name)
		}
	}
	w.endLine()
	return w.b.String()
}

// lineWrapper writes items separated by blanks, and starts a new line before
// an item that full says does not fit on the one so far (col bytes long).
type lineWrapper struct {
	b    strings.Builder
	col  int
	full func(col int, item string) bool
}

func (w *lineWrapper) add(item string) {
	if w.col > 0 {
		if w.full(w.col, item) {
			w.b.WriteByte('\n')
			w.col = 0
		} else {
			w.b.WriteByte(' ')
			w.col++
		}
	}
	w.b.WriteString(item)
	w.col += len(item)
}

// endLine ends the line if anything is on it.
func (w *lineWrapper) endLine() {
	if w.col > 0 {
		w.b.WriteByte('\n')
	}
	w.col = 0
}

// sttyControlSlot is the termios slot of a control character's name (intr,
// kill, erase...).
func sttyControlSlot(name string) (int, bool) {
	for _, c := range sttyControls {
		if c.name == name {
			return c.slot, true
		}
	}
	return 0, false
}

// sttyCC is coreutils' string_to_cc: one character is itself, ^- and undef
// disable the slot, ^? is DEL, ^X a control character, and anything else an
// integer (decimal, 0x hex or 0 octal) up to 255. ^X clears X's 0140 bits,
// as coreutils does.
func sttyCC(arg string) (byte, bool) {
	switch {
	case len(arg) == 1:
		return arg[0], true
	case arg == "^-" || arg == "undef":
		return 0, true
	case len(arg) >= 2 && arg[0] == '^' && arg[1] == '?':
		return 0x7f, true
	case len(arg) >= 2 && arg[0] == '^':
		return arg[1] &^ 0o140, true
	case strings.ContainsAny(arg, "_") || strings.HasPrefix(arg, "0b") || strings.HasPrefix(arg, "0o"):
		return 0, false // forms C's strtoul does not read
	}
	n, err := strconv.ParseUint(arg, 0, 8)
	if err != nil {
		return 0, false
	}
	return byte(n), true
}
