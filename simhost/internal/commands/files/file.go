package files

import (
	"bytes"
	"crypto/sha1"
	"debug/elf"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/hostile-lab/hostile/simhost/shell"
)

func init() {
	shell.Register(shell.Command{Name: "file", Run: fileCmd})
}

var fileSyntax = fsSyntax{
	opts: []fsOpt{{'b', "brief", fsNoArg}, {'L', "dereference", fsNoArg}, {'h', "no-dereference", fsNoArg},
		{'N', "no-pad", fsNoArg}, {'i', "mime", fsNoArg}, {0, "mime-type", fsNoArg}, {0, "mime-encoding", fsNoArg}},
	solOpts:   "h",
	solUsage:  "usage: file [-dh] [-m mfile] [-f ffile] file ...\n       file [-dh] [-m mfile] -f ffile\n       file -i [-h] [-f ffile] file ...\n       file -i [-h] -f ffile\n       file -c [-m mfile]\n",
	solStatus: 1,
}

// fileCmd tells what kind of data files hold, as file(1) does.
func fileCmd(p *shell.Proc) int {
	parsed, code, ok := fsParse(p, p.Args(), fileSyntax)
	if !ok {
		return code
	}
	if len(parsed.operands) == 0 {
		if p.Solaris() {
			return fsSolarisUsage(p, fileSyntax)
		}
		p.Errorf("Usage: file [-bcCdEhikLlNnprsSvzZ0] [--apple] [--extension] [--mime-encoding]\n            [--mime-type] [-e <testname>] [-F <separator>]  [-f <namefile>]\n            [-m <magicfiles>] [-P <parameter=value>] [--exclude-quiet]\n            <file> ...\n       file -C [-m <magicfiles>]\n       file [--help]")
		return 1
	}
	width := 0
	for _, name := range parsed.operands {
		width = max(width, utf8.RuneCountInString(name))
	}
	mimeType, mimeEnc := parsed.has("i") || parsed.has("mime-type"), parsed.has("i") || parsed.has("mime-encoding")
	for _, name := range parsed.operands {
		desc := fileDescribe(p, name, parsed.has("L"))
		if !p.Solaris() && (mimeType || mimeEnc) {
			desc = fileMime(p, name, parsed.has("L"), desc, mimeType, mimeEnc)
		}
		switch {
		case parsed.has("b"):
			p.Printf("%s\n", desc)
		case p.Solaris():
			tab := "\t"
			if len(name)+1 < 8 {
				tab = "\t\t"
			}
			p.Printf("%s:%s%s\n", name, tab, desc)
		case parsed.has("N"):
			p.Printf("%s: %s\n", name, desc)
		default:
			p.Printf("%s:%s %s\n", name, strings.Repeat(" ", width-utf8.RuneCountInString(name)), desc)
		}
	}
	return 0
}

func fileDescribe(p *shell.Proc, name string, follow bool) string {
	abs := p.Abs(name)
	info, err := p.M.FS.Lstat(p.Cred(), abs)
	if err == nil && follow && info.Mode&fs.ModeSymlink != 0 {
		if target, terr := p.M.FS.Stat(p.Cred(), abs); terr == nil {
			info = target
		}
	}
	switch {
	case err != nil && p.Solaris():
		return "cannot open: " + p.Strerror(err)
	case err != nil:
		return fmt.Sprintf("cannot open `%s' (%s)", name, p.Strerror(err))
	case info.IsDir():
		return "directory"
	case info.Mode&fs.ModeSymlink != 0:
		target := info.Target
		if fsOldFile(p) { // file 5.11 quotes the target `so'
			target = "`" + target + "'"
		}
		if _, err := p.M.FS.Stat(p.Cred(), abs); err != nil && !p.Solaris() {
			return "broken symbolic link to " + target
		}
		return "symbolic link to " + target
	case info.Mode&fs.ModeNamedPipe != 0:
		return "fifo (named pipe)"
	case info.Mode&fs.ModeCharDevice != 0 && !p.Solaris():
		return fmt.Sprintf("character special (%d/%d)", info.Rdev[0], info.Rdev[1])
	case info.Mode&fs.ModeDevice != 0 && !p.Solaris():
		return fmt.Sprintf("block special (%d/%d)", info.Rdev[0], info.Rdev[1])
	case info.Size == 0:
		if p.Solaris() {
			return "empty file"
		}
		return "empty"
	}
	data, err := p.M.FS.ReadFile(p.Cred(), abs)
	if err != nil {
		if p.Solaris() {
			return "cannot open: " + p.Strerror(err)
		}
		return "regular file, no read permission"
	}
	if info.Mode&0o111 != 0 && p.M.FS.Omitted(abs) {
		// A program of the installed system: its bytes were not captured,
		// it is the OS's own binary, described as the emulated ones are.
		return fileClassify(p, []byte(shell.EmulatedFile(path.Base(abs))))
	}
	return fileClassify(p, data)
}

// fileClassify describes file contents: ELF (emulated commands as the
// host's own binaries), scripts, text, data.
func fileClassify(p *shell.Proc, data []byte) string {
	solaris := p.Solaris()
	name, emulated := shell.EmulatedName(data)
	switch {
	case emulated:
		if solaris {
			return "ELF 32-bit MSB executable SPARC32PLUS Version 1, V8+ Required, dynamically linked, not stripped"
		}
		id := sha1.Sum([]byte("hostile/" + name))
		return "ELF 64-bit LSB pie executable, x86-64, version 1 (SYSV), dynamically linked, interpreter /lib64/ld-linux-x86-64.so.2, BuildID[sha1]=" +
			hex.EncodeToString(id[:]) + ", for GNU/Linux 3.2.0, stripped"
	case bytes.HasPrefix(data, []byte("\x7fELF")):
		return fileELF(data, solaris)
	case bytes.HasPrefix(data, []byte{0x1f, 0x8b}):
		return "gzip compressed data"
	}
	text := fileText(p, data)
	if text == "" {
		return "data"
	}
	if bytes.HasPrefix(data, []byte("#!")) {
		return fileScript(data, text, solaris)
	}
	return text
}

// fileText names text the way file(1) does, or "" for binary data.
func fileText(p *shell.Proc, data []byte) string {
	ascii := true
	for _, b := range data {
		if b >= 0x80 {
			ascii = false
			continue
		}
		if b < 0x20 && !strings.ContainsRune("\t\n\r\f\b\x1b", rune(b)) || b == 0x7f {
			return ""
		}
	}
	var kind string
	switch {
	case p.Solaris() && ascii:
		return "ascii text"
	case p.Solaris():
		return "UTF-8 text"
	case ascii:
		kind = "ASCII text"
	case !utf8.Valid(data):
		kind = "ISO-8859 text"
	case fsFile544(p):
		kind = "Unicode text, UTF-8 text"
	default:
		kind = "UTF-8 Unicode text"
	}
	longest := 0
	for _, line := range bytes.Split(data, []byte("\n")) {
		longest = max(longest, len(line))
	}
	switch {
	case longest > 300 && fsFile544(p):
		kind += fmt.Sprintf(", with very long lines (%d)", longest)
	case longest > 300:
		kind += ", with very long lines"
	}
	switch {
	case bytes.Contains(data, []byte("\r\n")):
		kind += ", with CRLF line terminators"
	case !bytes.Contains(data, []byte("\n")):
		kind += ", with no line terminators"
	}
	return kind
}

// fileScript names a #! script by its interpreter.
func fileScript(data []byte, text string, solaris bool) string {
	line, _, _ := bytes.Cut(data[2:], []byte("\n"))
	fields := strings.Fields(string(line))
	if len(fields) == 0 {
		return text
	}
	interp := fields[0]
	if path.Base(interp) == "env" && len(fields) > 1 {
		interp = fields[1]
	}
	base := path.Base(interp)
	if solaris {
		if base == "sh" {
			return "executable shell script"
		}
		return "executable " + fields[0] + " script"
	}
	var kind string
	switch {
	case base == "sh" || base == "dash":
		kind = "POSIX shell script"
	case base == "bash":
		kind = "Bourne-Again shell script"
	case base == "ksh" || base == "ksh93":
		kind = "Korn shell script"
	case base == "zsh":
		kind = "Paul Falstad's zsh script"
	case strings.HasPrefix(base, "python"):
		kind = "Python script"
	case strings.HasPrefix(base, "perl"):
		return "Perl script text executable"
	case strings.HasPrefix(base, "ruby"):
		kind = "Ruby script"
	case base == "node" || base == "nodejs":
		kind = "Node.js script"
	default:
		kind = "a " + interp + " script"
	}
	return kind + ", " + text + " executable"
}

// fileELF describes an ELF object from its headers, notes and sections.
func fileELF(data []byte, solaris bool) string {
	f, err := elf.NewFile(bytes.NewReader(data))
	if err != nil {
		return "ELF, corrupted"
	}
	defer f.Close()
	bits := "32-bit"
	if f.Class == elf.ELFCLASS64 {
		bits = "64-bit"
	}
	order := "LSB"
	if f.Data == elf.ELFDATA2MSB {
		order = "MSB"
	}
	var interp string
	dynamic := false
	for _, prog := range f.Progs {
		switch prog.Type {
		case elf.PT_INTERP:
			b := make([]byte, prog.Filesz)
			if _, err := prog.ReadAt(b, 0); err == nil {
				interp = strings.TrimRight(string(b), "\x00")
			}
		case elf.PT_DYNAMIC:
			dynamic = true
		}
	}
	kind := map[elf.Type]string{elf.ET_EXEC: "executable", elf.ET_DYN: "shared object",
		elf.ET_REL: "relocatable", elf.ET_CORE: "core file"}[f.Type]
	if f.Type == elf.ET_DYN && interp != "" {
		kind = "pie executable"
	}
	stripped := "stripped"
	if f.Section(".symtab") != nil {
		stripped = "not stripped"
	}
	linking := "statically linked"
	if dynamic || interp != "" {
		linking = "dynamically linked"
	}
	if solaris {
		arch := map[elf.Machine]string{elf.EM_SPARC: "SPARC", elf.EM_SPARC32PLUS: "SPARC32PLUS",
			elf.EM_SPARCV9: "SPARCV9", elf.EM_386: "80386", elf.EM_X86_64: "AMD64"}[f.Machine]
		if arch == "" {
			arch = fmt.Sprintf("machine %d", f.Machine)
		}
		if f.Machine == elf.EM_SPARC32PLUS {
			arch += " Version 1, V8+ Required"
		} else {
			arch += " Version 1"
		}
		return fmt.Sprintf("ELF %s %s %s %s, %s, %s", bits, order, strings.TrimPrefix(kind, "pie "), arch, linking, stripped)
	}
	arch := map[elf.Machine]string{elf.EM_X86_64: "x86-64", elf.EM_386: "Intel 80386", elf.EM_AARCH64: "ARM aarch64",
		elf.EM_ARM: "ARM", elf.EM_SPARC: "SPARC", elf.EM_SPARC32PLUS: "SPARC32PLUS, V8+ Required",
		elf.EM_SPARCV9: "SPARC V9", elf.EM_PPC64: "64-bit PowerPC or cisco 7500", elf.EM_RISCV: "UCB RISC-V"}[f.Machine]
	if arch == "" {
		arch = fmt.Sprintf("unknown arch 0x%x", uint16(f.Machine))
	}
	abi := map[elf.OSABI]string{elf.ELFOSABI_NONE: "SYSV", elf.ELFOSABI_LINUX: "GNU/Linux",
		elf.ELFOSABI_SOLARIS: "Solaris", elf.ELFOSABI_FREEBSD: "FreeBSD"}[f.OSABI]
	if abi == "" {
		abi = "SYSV"
	}
	parts := []string{fmt.Sprintf("ELF %s %s %s", bits, order, kind), arch, fmt.Sprintf("version %d (%s)", f.Version, abi)}
	if f.Type != elf.ET_REL {
		parts = append(parts, linking)
	}
	if interp != "" {
		parts = append(parts, "interpreter "+interp)
	}
	if id := fileNote(f, ".note.gnu.build-id", 3); id != nil {
		parts = append(parts, "BuildID[sha1]="+hex.EncodeToString(id))
	}
	if tag := fileNote(f, ".note.ABI-tag", 1); len(tag) >= 16 && f.Type != elf.ET_REL {
		v := func(i int) uint32 { return f.ByteOrder.Uint32(tag[4*i:]) }
		parts = append(parts, fmt.Sprintf("for GNU/Linux %d.%d.%d", v(1), v(2), v(3)))
	}
	if f.Section(".debug_info") != nil {
		parts = append(parts, "with debug_info")
	}
	parts = append(parts, stripped)
	return strings.Join(parts, ", ")
}

// fileNote returns the descriptor of the first note of type typ in a section.
func fileNote(f *elf.File, section string, typ uint32) []byte {
	s := f.Section(section)
	if s == nil {
		return nil
	}
	b, err := s.Data()
	if err != nil || len(b) < 12 {
		return nil
	}
	order := f.ByteOrder
	if order == nil {
		order = binary.LittleEndian
	}
	namesz, descsz, t := order.Uint32(b), order.Uint32(b[4:]), order.Uint32(b[8:])
	start := 12 + (namesz+3)&^3
	if t != typ || uint32(len(b)) < start+descsz {
		return nil
	}
	return b[start : start+descsz]
}

// fileMime is file -i (--mime), --mime-type or --mime-encoding: the type and
// charset libmagic gives for what desc, the file's description, says it is.
// Errors (cannot open, no read permission) stay as they are.
func fileMime(p *shell.Proc, name string, follow bool, desc string, withType, withEnc bool) string {
	typ, enc := "", "binary"
	switch {
	case strings.HasPrefix(desc, "cannot open") || desc == "regular file, no read permission":
		return desc
	case desc == "directory":
		typ = "inode/directory"
	case strings.HasPrefix(desc, "broken symbolic link"):
		typ, enc = "inode/symlink", "" // libmagic gives it no charset
	case strings.HasPrefix(desc, "symbolic link"):
		typ = "inode/symlink"
	case desc == "fifo (named pipe)":
		typ = "inode/fifo"
	case strings.HasPrefix(desc, "character special"):
		typ = "inode/chardevice"
	case strings.HasPrefix(desc, "block special"):
		typ = "inode/blockdevice"
	case desc == "empty":
		typ = "inode/x-empty"
	case strings.HasPrefix(desc, "ELF") && strings.Contains(desc, "pie executable"):
		typ = "application/x-pie-executable"
	case strings.HasPrefix(desc, "ELF") && strings.Contains(desc, "shared object"):
		typ = "application/x-sharedlib"
	case strings.HasPrefix(desc, "ELF") && strings.Contains(desc, "relocatable"):
		typ = "application/x-object"
	case strings.HasPrefix(desc, "ELF"):
		typ = "application/x-executable"
	case strings.HasPrefix(desc, "gzip compressed data"):
		typ = "application/gzip"
	case desc == "data":
		typ = "application/octet-stream"
	default: // text
		switch {
		case strings.Contains(desc, "shell script"), strings.Contains(desc, "zsh script"):
			typ = "text/x-shellscript"
		case strings.HasPrefix(desc, "Python script"):
			typ = "text/x-script.python"
		case strings.HasPrefix(desc, "Perl script"):
			typ = "text/x-perl"
		case strings.HasPrefix(desc, "Ruby script"):
			typ = "text/x-ruby"
		case strings.HasPrefix(desc, "Node.js script"):
			typ = "application/javascript"
		default:
			typ = "text/plain"
		}
		switch {
		case strings.Contains(desc, "UTF-8"):
			enc = "utf-8"
		case strings.Contains(desc, "ISO-8859"):
			enc = "iso-8859-1"
		default:
			enc = "us-ascii"
		}
	}
	switch {
	case !withEnc:
		return typ
	case !withType:
		return enc
	case enc == "":
		return typ
	}
	return typ + "; charset=" + enc
}
