package files

import (
	"fmt"
	"io/fs"
	"strconv"
	"strings"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

func init() {
	// Solaris 10 has no stat(1).
	shell.Register(shell.Command{Name: "stat", Only: "gnu", Run: stat})
}

var statSyntax = fsSyntax{
	opts: []fsOpt{{'L', "dereference", fsNoArg}, {'c', "format", fsArg}, {0, "printf", fsArg},
		{'t', "terse", fsNoArg}, {0, "cached", fsArg}, {'f', "file-system", fsNoArg}},
}

// stat prints what stat(2) says about files.
func stat(p *shell.Proc) int {
	parsed, code, ok := fsParse(p, p.Args(), statSyntax)
	if !ok {
		return code
	}
	if len(parsed.operands) == 0 {
		return fsMissingOperand(p, "missing operand")
	}
	format, newline := "", true
	for _, f := range parsed.flags {
		switch f.key {
		case "c":
			format, newline = f.val, true
		case "printf":
			format, newline = fsExpandBackslashes(f.val), false
		case "t":
			format = "%n %s %b %f %u %g %D %i %h %t %T %X %Y %Z %W %o"
		}
	}
	if parsed.has("f") {
		custom, _ := parsed.value("c")
		if v, ok := parsed.value("printf"); ok {
			return statFS(p, parsed.operands, fsExpandBackslashes(v), parsed.has("t"), false)
		}
		return statFS(p, parsed.operands, custom, parsed.has("t"), true)
	}
	status := 0
	for _, name := range parsed.operands {
		lookup := p.M.FS.Lstat
		if parsed.has("L") {
			lookup = p.M.FS.Stat
		}
		info, err := lookup(p.Cred(), p.Abs(name))
		if err != nil {
			call := "statx" // coreutils 8.32 and later use statx(2), and say so
			if progkit.OldCoreutils(p) {
				call = "stat"
			}
			p.Errorf("cannot %s %s: %s", call, progkit.QuoteName(p, name), p.Strerror(err))
			status = 1
			continue
		}
		f, quoted := format, true
		if f == "" {
			f, quoted = statDefaultFormat(p, info), false // the report's File: line is not quoted
		}
		p.Printf("%s", statFormat(p, f, name, info, quoted))
		if newline {
			p.Printf("\n")
		}
	}
	return status
}

// statDefaultFormat is stat's multi-line report; coreutils 9 prints the
// device as major,minor, older releases in hex and decimal.
func statDefaultFormat(p *shell.Proc, info *vfs.Info) string {
	device := "Device: %Hd,%Ld\tInode: %-10i  Links: %h"
	if !fsCoreutils9(p) {
		device = "Device: %Dh/%dd\tInode: %-10i  Links: %h"
	}
	if info.Mode&fs.ModeDevice != 0 {
		// a device's own number follows its links: decimal in 9, hex before
		device = strings.Replace(device, "Links: %h", "Links: %-5h Device type: %Hr,%Lr", 1)
		if !fsCoreutils9(p) {
			device = strings.Replace(device, "%Hr,%Lr", "%t,%T", 1)
		}
	}
	return "  File: %N\n  Size: %-10s\tBlocks: %-10b IO Block: %-6o %F\n" + device + "\n" +
		"Access: (%04a/%10.10A)  Uid: (%5u/%8U)   Gid: (%5g/%8G)\n" +
		"Access: %x\nModify: %y\nChange: %z\n Birth: %w"
}

// statDevice is the device number a mount's files report: a virtio disk's
// major 254 and a minor per mount.
func statDevice(i *vfs.Info) (major, minor uint64) { return 254, i.Dev + 1 }

// statFormat expands stat's % directives, which take printf flags and widths.
func statFormat(p *shell.Proc, format, name string, info *vfs.Info, quoted bool) string {
	var b strings.Builder
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			b.WriteByte(format[i])
			continue
		}
		j := i + 1
		for j < len(format) && strings.IndexByte("-+ #0'", format[j]) >= 0 {
			j++
		}
		for j < len(format) && (format[j] >= '0' && format[j] <= '9' || format[j] == '.') {
			j++
		}
		if j >= len(format) {
			b.WriteString(format[i:])
			break
		}
		spec := format[i+1 : j]
		d := string(format[j])
		// %Hd %Ld %Hr %Lr are coreutils 9's: 8.32 prints "?" for %H and
		// the letter after it as text
		if (d == "H" || d == "L") && j+1 < len(format) && strings.IndexByte("dr", format[j+1]) >= 0 && fsCoreutils9(p) {
			j++
			d += string(format[j])
		}
		i = j
		if d == "%" {
			b.WriteByte('%')
			continue
		}
		b.WriteString(statDirective(p, d, spec, name, info, quoted))
	}
	return b.String()
}

func statDirective(p *shell.Proc, d, spec, name string, info *vfs.Info, quoted bool) string {
	spec = strings.ReplaceAll(spec, "'", "") // digit grouping: nothing to group in C locale
	num := func(n uint64) string { return fmt.Sprintf("%"+spec+"d", n) }
	str := func(s string) string { return fmt.Sprintf("%"+spec+"s", s) }
	major, minor := statDevice(info)
	dev := major<<8 | minor
	switch d {
	case "a":
		return fmt.Sprintf("%"+spec+"o", vfs.UnixMode(info.Mode))
	case "A":
		return str(progkit.ModeString(info.Mode, false))
	case "b":
		return num(uint64(fsBlocks(info)))
	case "B":
		return num(512)
	case "d":
		return num(dev)
	case "D":
		return fmt.Sprintf("%"+spec+"x", dev)
	case "Hd":
		return num(major)
	case "Ld":
		return num(minor)
	case "Hr": // a device's own major and minor number, in decimal or hex
		return num(uint64(info.Rdev[0]))
	case "Lr":
		return num(uint64(info.Rdev[1]))
	case "t":
		return fmt.Sprintf("%"+spec+"x", info.Rdev[0])
	case "T":
		return fmt.Sprintf("%"+spec+"x", info.Rdev[1])
	case "f":
		return fmt.Sprintf("%"+spec+"x", statRawMode(info.Mode))
	case "F":
		return str(fsFileType(info))
	case "g":
		return num(uint64(info.GID))
	case "G":
		return str(p.M.GroupName(info.GID))
	case "u":
		return num(uint64(info.UID))
	case "U":
		return str(p.M.UserName(info.UID))
	case "h":
		return num(uint64(info.Nlink))
	case "i":
		return num(info.Ino)
	case "m":
		return str(p.M.FS.MountOf(p.Abs(name)).Path)
	case "n":
		return str(name)
	case "N":
		// -c '%N' quotes always in coreutils 8.32 and 9.1, their report's File:
		// line not at all; 8.22 (RHEL 7) quotes both in the locale's quotes.
		quote := func(s string) string { return progkit.ShellQuote(s, true) }
		switch {
		case progkit.OldCoreutils(p):
			quote = func(s string) string { return "‘" + s + "’" }
		case !quoted:
			quote = func(s string) string { return s }
		}
		if info.Mode&fs.ModeSymlink != 0 {
			return str(quote(name) + " -> " + quote(info.Target))
		}
		return str(quote(name))
	case "o":
		return num(4096)
	case "s":
		return num(uint64(info.Size))
	case "w":
		return str("-")
	case "W":
		return num(0)
	case "x":
		return str(fsStatTime(info.AccessTime))
	case "X":
		return num(uint64(info.AccessTime.Unix()))
	case "y":
		return str(fsStatTime(info.ModTime))
	case "Y":
		return num(uint64(info.ModTime.Unix()))
	case "z":
		return str(fsStatTime(info.ChangeTime))
	case "Z":
		return num(uint64(info.ChangeTime.Unix()))
	}
	return "?"
}

// statRawMode is st_mode: the file type bits and the permission bits.
func statRawMode(m fs.FileMode) uint32 {
	t := uint32(0o100000)
	switch {
	case m.IsDir():
		t = 0o040000
	case m&fs.ModeSymlink != 0:
		t = 0o120000
	case m&fs.ModeNamedPipe != 0:
		t = 0o010000
	case m&fs.ModeSocket != 0:
		t = 0o140000
	case m&fs.ModeCharDevice != 0:
		t = 0o020000
	case m&fs.ModeDevice != 0:
		t = 0o060000
	}
	return t | vfs.UnixMode(m)
}

// fsEscapes are the one-letter escapes of stat's and find's formats.
var fsEscapes = map[byte]byte{'n': '\n', 't': '\t', 'r': '\r', 'a': '\a', 'b': '\b', 'f': '\f', 'v': '\v', '\\': '\\', '"': '"'}

// fsExpandBackslashes interprets printf-style escapes (\n, \t, \0, \\, \NNN).
func fsExpandBackslashes(s string) string {
	return progkit.ExpandEscapes(s, fsEscapes, func(s string, i int) (string, int, bool) {
		j := i
		for j < len(s) && j < i+3 && s[j] >= '0' && s[j] <= '7' {
			j++
		}
		if j == i {
			return "", i, false
		}
		n, _ := strconv.ParseUint(s[i:j], 8, 8) // out of range, it is 0377
		return string([]byte{byte(n)}), j, true
	})
}
