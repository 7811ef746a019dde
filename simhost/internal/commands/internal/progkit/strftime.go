package progkit

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Strftime formats t as strftime does in the C locale, with GNU date's
// flags (- _ 0 ^ #), widths, %N and %:z.
func Strftime(format string, t time.Time) string {
	var b strings.Builder
	for i := 0; i < len(format); i++ {
		if format[i] != '%' || i+1 == len(format) {
			b.WriteByte(format[i])
			continue
		}
		j := i + 1
		flags := ""
		for j < len(format) && strings.IndexByte("-_0^#", format[j]) >= 0 {
			flags += string(format[j])
			j++
		}
		width := 0
		for j < len(format) && format[j] >= '0' && format[j] <= '9' {
			width = width*10 + int(format[j]-'0')
			j++
		}
		colons := 0
		for j < len(format) && format[j] == ':' {
			colons++
			j++
		}
		if j == len(format) {
			b.WriteString(format[i:])
			break
		}
		conv := format[j]
		text, pad, defWidth, ok := sysConv(conv, colons, width, t)
		if !ok {
			b.WriteString(format[i : j+1])
			i = j
			continue
		}
		i = j
		b.WriteString(sysPadded(text, flags, pad, max(width, defWidth), conv))
	}
	return b.String()
}

// sysConv formats one conversion; pad is its default padding ('0', ' ' or 0
// for none) and defWidth the width numbers are padded to.
func sysConv(conv byte, colons, width int, t time.Time) (string, byte, int, bool) {
	num := func(n, w int) (string, byte, int, bool) { return strconv.Itoa(n), '0', w, true }
	str := func(s string) (string, byte, int, bool) { return s, ' ', 0, true }
	switch conv {
	case 'a':
		return str(t.Format("Mon"))
	case 'A':
		return str(t.Format("Monday"))
	case 'b', 'h':
		return str(t.Format("Jan"))
	case 'B':
		return str(t.Format("January"))
	case 'c':
		return str(Strftime("%a %b %e %H:%M:%S %Y", t))
	case 'C':
		return num(t.Year()/100, 2)
	case 'd':
		return num(t.Day(), 2)
	case 'D', 'x':
		return str(Strftime("%m/%d/%y", t))
	case 'e':
		return strconv.Itoa(t.Day()), ' ', 2, true
	case 'F':
		return str(Strftime("%Y-%m-%d", t))
	case 'g':
		y, _ := t.ISOWeek()
		return num(y%100, 2)
	case 'G':
		y, _ := t.ISOWeek()
		return num(y, 1)
	case 'H':
		return num(t.Hour(), 2)
	case 'I':
		return num((t.Hour()+11)%12+1, 2)
	case 'j':
		return num(t.YearDay(), 3)
	case 'k':
		return strconv.Itoa(t.Hour()), ' ', 2, true
	case 'l':
		return strconv.Itoa((t.Hour()+11)%12 + 1), ' ', 2, true
	case 'm':
		return num(int(t.Month()), 2)
	case 'M':
		return num(t.Minute(), 2)
	case 'n':
		return str("\n")
	case 'N':
		ns := fmt.Sprintf("%09d", t.Nanosecond())
		if width > 0 && width < 9 {
			ns = ns[:width]
		}
		return ns, 0, 0, true
	case 'p':
		return str(t.Format("PM"))
	case 'P':
		return str(strings.ToLower(t.Format("PM")))
	case 'r':
		return str(Strftime("%I:%M:%S %p", t))
	case 'R':
		return str(Strftime("%H:%M", t))
	case 's':
		return strconv.FormatInt(t.Unix(), 10), ' ', 0, true
	case 'S':
		return num(t.Second(), 2)
	case 't':
		return str("\t")
	case 'T', 'X':
		return str(Strftime("%H:%M:%S", t))
	case 'u':
		return num((int(t.Weekday())+6)%7+1, 1)
	case 'U':
		return num((t.YearDay()+6-int(t.Weekday()))/7, 2)
	case 'V':
		_, w := t.ISOWeek()
		return num(w, 2)
	case 'w':
		return num(int(t.Weekday()), 1)
	case 'W':
		return num((t.YearDay()+6-(int(t.Weekday())+6)%7)/7, 2)
	case 'y':
		return num(t.Year()%100, 2)
	case 'Y':
		return num(t.Year(), 1)
	case 'z':
		_, off := t.Zone()
		sign := '+'
		if off < 0 {
			sign, off = '-', -off
		}
		hh, mm, ss := off/3600, off/60%60, off%60
		switch colons {
		case 1:
			return str(fmt.Sprintf("%c%02d:%02d", sign, hh, mm))
		case 2:
			return str(fmt.Sprintf("%c%02d:%02d:%02d", sign, hh, mm, ss))
		case 3:
			if mm == 0 && ss == 0 {
				return str(fmt.Sprintf("%c%02d", sign, hh))
			}
			return str(fmt.Sprintf("%c%02d:%02d", sign, hh, mm))
		}
		return str(fmt.Sprintf("%c%02d%02d", sign, hh, mm))
	case 'Z':
		name, _ := t.Zone()
		return str(name)
	case '%':
		return str("%")
	}
	return "", 0, 0, false
}

// sysPadded applies strftime's flags and width to one conversion's text.
func sysPadded(text, flags string, pad byte, width int, conv byte) string {
	for _, f := range flags {
		switch f {
		case '-':
			pad = 0
		case '_':
			pad = ' '
		case '0':
			pad = '0'
		case '^':
			text = strings.ToUpper(text)
		case '#':
			if strings.IndexByte("aAbBhp", conv) >= 0 {
				text = strings.ToUpper(text)
			} else if conv == 'Z' {
				text = strings.ToLower(text)
			}
		}
	}
	if pad == 0 || len(text) >= width {
		return text
	}
	if pad == '0' && strings.HasPrefix(text, "-") {
		return "-" + strings.Repeat("0", width-len(text)) + text[1:]
	}
	return strings.Repeat(string(pad), width-len(text)) + text
}

// Zone reads TZ as glibc does for date and bash's printf %(fmt)T: UTC, or a POSIX zone with a fixed offset such as EST5 or
// CET-1CEST (daylight saving rules are not applied). Named zones need the
// host's zoneinfo files, which the lab does not have: glibc then uses UTC.
func Zone(tz string) *time.Location {
	tz = strings.TrimPrefix(tz, ":")
	if tz == "" {
		return time.UTC
	}
	i := 0
	for i < len(tz) && (tz[i] >= 'A' && tz[i] <= 'Z' || tz[i] >= 'a' && tz[i] <= 'z') {
		i++
	}
	name, rest := tz[:i], tz[i:]
	if len(name) < 3 {
		return time.UTC
	}
	j := 0
	for j < len(rest) && strings.IndexByte("+-0123456789:", rest[j]) >= 0 {
		j++
	}
	off := rest[:j]
	if off == "" {
		if name == "UTC" || name == "GMT" || name == "UCT" || name == "Z" {
			return time.FixedZone(name, 0)
		}
		return time.UTC
	}
	sign := -1 // POSIX offsets are west of Greenwich
	switch off[0] {
	case '-':
		sign, off = 1, off[1:]
	case '+':
		off = off[1:]
	}
	parts := strings.Split(off, ":")
	secs := 0
	for k, mult := range []int{3600, 60, 1} {
		if k < len(parts) {
			n, _ := strconv.Atoi(parts[k])
			secs += n * mult
		}
	}
	return time.FixedZone(name, sign*secs)
}
