// Package basesys is an installed operating system's base as data: its file
// tree (owners, modes, sizes, times, symlinks), the text of the files products
// read, and the versions of the programs it ships. Debian's are captured from
// the lab's container images by `hostile capture`; others are written from
// documented facts in the same format.
//
// The format is text, one entry a line, gzipped in the repository (diff it
// with `git config diff.gzip.textconv 'gzip -dc'`, set up by .gitattributes):
//
//	# comment
//	name debian12
//	source hostile-os:bookworm-4e2a7b41172e
//	version sudo 1.9.13p3                    (one line: program and version)
//	text lvm-version 90                      (then 90 bytes and a newline)
//	d 0755 0 0 0 1700000000 /usr             (type mode uid gid size mtime path)
//	l 0777 0 0 7 1700000000 /bin usr/bin     (a symlink and its target)
//	f 0644 0 0 12 1700000000 /etc/hostname   (a file whose 12 bytes follow, then a newline)
//	s 0755 0 0 1234 1700000000 /usr/bin/ls   (a file whose content is left out, size kept)
//	x 0755 0 0 1234 1700000000 /usr/bin/ls 7f454c46...  (the same, its first bytes kept, in hex: an ELF header)
//	h 0755 0 0 39232 1700000000 /usr/bin/bzip2 /usr/bin/bzcat  (a hard link to an entry before it)
//
// Modes are octal with setuid (4000), setgid (2000) and sticky (1000). A path or
// target with a space, quote, backslash or control character is Go-quoted.
package basesys

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/hostile-lab/hostile/simhost/vfs"
)

// Type is what kind of entry a path is.
type Type byte

const (
	Dir     Type = 'd'
	File    Type = 'f' // a regular file whose content is kept
	Sized   Type = 's' // a regular file whose content is left out, size kept
	Symlink Type = 'l'
	// Hardlink is another name of the file at Target, listed before it.
	Hardlink Type = 'h'
)

// Entry is one path of the tree.
type Entry struct {
	Type     Type
	Path     string      // absolute and clean; "/" is the root
	Mode     fs.FileMode // permission, setuid, setgid and sticky bits
	UID, GID int
	Size     int64 // a file's size (the content's length for File); 0 for directories
	MTime    int64 // seconds since the epoch
	Target   string
	Content  []byte // File only
	// Head is a Sized file's first bytes, kept where programs read them
	// (the ELF header, which installers read to tell the architecture).
	Head []byte
}

// Base is one installed system.
type Base struct {
	Name   string // the personality it is the base of: "debian12"
	Source string // where it came from: an image tag, or the documents it was written from
	// Versions are the programs' versions, one line each ("sudo": "1.9.13p3").
	Versions map[string]string
	// Texts are multi-line answers programs give verbatim ("rsync-version").
	Texts map[string]string
	// Entries are sorted by path, "/" first.
	Entries []Entry
}

// Lookup returns the entry at p, or nil.
func (b *Base) Lookup(p string) *Entry {
	i, ok := slices.BinarySearchFunc(b.Entries, p, func(e Entry, p string) int { return strings.Compare(e.Path, p) })
	if !ok {
		return nil
	}
	return &b.Entries[i]
}

// Text is the content of the kept file at p, following symlinks in its final
// component; ok is false when p is not a kept file.
func (b *Base) Text(p string) (string, bool) {
	for range 40 {
		e := b.Lookup(p)
		switch {
		case e == nil:
			return "", false
		case e.Type == Symlink:
			if path.IsAbs(e.Target) {
				p = e.Target
			} else {
				p = path.Join(path.Dir(p), e.Target)
			}
			continue
		case e.Type == File:
			return string(e.Content), true
		}
		return "", false
	}
	return "", false
}

// Sort orders the entries by path, as Write and Lookup need.
func (b *Base) Sort() {
	slices.SortFunc(b.Entries, func(x, y Entry) int { return strings.Compare(x.Path, y.Path) })
}

func quote(s string) string {
	if s == "" || strings.ContainsFunc(s, func(r rune) bool { return r <= ' ' || r == '"' || r == '\\' || r == 0x7f }) {
		return strconv.Quote(s)
	}
	return s
}

// Encode writes b as text (not compressed).
func (b *Base) Encode(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "# hostile base system; generated or written as documented in the package basesys\n")
	fmt.Fprintf(bw, "name %s\nsource %s\n", b.Name, b.Source)
	for _, k := range sortedKeys(b.Versions) {
		fmt.Fprintf(bw, "version %s %s\n", k, b.Versions[k])
	}
	for _, k := range sortedKeys(b.Texts) {
		fmt.Fprintf(bw, "text %s %d\n%s\n", k, len(b.Texts[k]), b.Texts[k])
	}
	for _, e := range b.Entries {
		t := byte(e.Type)
		if e.Type == Sized && len(e.Head) > 0 {
			t = 'x'
		}
		fmt.Fprintf(bw, "%c %04o %d %d %d %d %s", t, vfs.UnixMode(e.Mode), e.UID, e.GID, e.Size, e.MTime, quote(e.Path))
		switch {
		case t == 'x':
			fmt.Fprintf(bw, " %x\n", e.Head)
		case e.Type == Symlink || e.Type == Hardlink:
			fmt.Fprintf(bw, " %s\n", quote(e.Target))
		case e.Type == File:
			fmt.Fprintf(bw, "\n%s\n", e.Content)
		default:
			bw.WriteByte('\n')
		}
	}
	return bw.Flush()
}

// WriteGzip writes b gzipped, byte for byte the same for the same b.
func (b *Base) WriteGzip(w io.Writer) error {
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	if err := b.Encode(zw); err != nil {
		return err
	}
	return zw.Close()
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// ReadGzip reads a gzipped base; name is the file's name for errors.
func ReadGzip(r io.Reader, name string) (*Base, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	defer zr.Close()
	return Decode(zr, name)
}

// Decode reads a base in the text format; an error names the file and line.
func Decode(r io.Reader, name string) (*Base, error) {
	br := bufio.NewReader(r)
	b := &Base{Versions: map[string]string{}, Texts: map[string]string{}}
	line := 0
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%s:%d: %s", name, line, fmt.Sprintf(format, args...))
	}
	// block reads n bytes and the newline after them.
	block := func(n int64) ([]byte, error) {
		data := make([]byte, n+1)
		if _, err := io.ReadFull(br, data); err != nil || data[n] != '\n' {
			return nil, bad("expected %d bytes of content and a newline", n)
		}
		line += bytes.Count(data, []byte("\n"))
		return data[:n], nil
	}
	seen := map[string]bool{}
	for {
		text, err := br.ReadString('\n')
		if err == io.EOF && text == "" {
			break
		}
		line++
		if err != nil {
			return nil, bad("the last line has no newline")
		}
		text = strings.TrimSuffix(text, "\n")
		if text == "" || text[0] == '#' {
			continue
		}
		word, rest, _ := strings.Cut(text, " ")
		switch word {
		case "name":
			b.Name = rest
		case "source":
			b.Source = rest
		case "version":
			k, v, ok := strings.Cut(rest, " ")
			if !ok || k == "" || v == "" {
				return nil, bad("version: expected a program and its version")
			}
			b.Versions[k] = v
		case "text":
			k, n, ok := strings.Cut(rest, " ")
			size, err := strconv.ParseInt(n, 10, 64)
			if !ok || err != nil || size < 0 {
				return nil, bad("text: expected a name and a byte count")
			}
			data, err := block(size)
			if err != nil {
				return nil, err
			}
			b.Texts[k] = string(data)
		case "d", "f", "s", "x", "l", "h":
			e, err := parseEntry(word[0], rest)
			if err != nil {
				return nil, bad("%v", err)
			}
			if seen[e.Path] {
				return nil, bad("%s is listed twice", e.Path)
			}
			seen[e.Path] = true
			if e.Type == File {
				if e.Content, err = block(e.Size); err != nil {
					return nil, err
				}
			}
			b.Entries = append(b.Entries, e)
		default:
			return nil, bad("unknown entry %q (expected name, source, version, text, d, f, s, x, l or h)", word)
		}
	}
	if b.Name == "" {
		return nil, fmt.Errorf("%s: no name line", name)
	}
	b.Sort()
	if len(b.Entries) == 0 || b.Entries[0].Path != "/" || b.Entries[0].Type != Dir {
		return nil, fmt.Errorf("%s: the tree has no root directory", name)
	}
	for _, e := range b.Entries[1:] {
		if parent := b.Lookup(path.Dir(e.Path)); parent == nil || parent.Type != Dir {
			return nil, fmt.Errorf("%s: %s: its directory %s is not listed", name, e.Path, path.Dir(e.Path))
		}
		if e.Type == Hardlink {
			if t := b.Lookup(e.Target); t == nil || t.Type != File && t.Type != Sized {
				return nil, fmt.Errorf("%s: %s: a hard link to %s, which is not a listed file", name, e.Path, e.Target)
			}
		}
	}
	return b, nil
}

// parseEntry reads "MODE UID GID SIZE MTIME PATH [TARGET|HEAD]".
func parseEntry(t byte, rest string) (Entry, error) {
	e := Entry{Type: Type(t)}
	if t == 'x' {
		e.Type = Sized
	}
	fields := strings.SplitN(rest, " ", 6)
	if len(fields) != 6 {
		return e, fmt.Errorf("expected: mode uid gid size mtime path")
	}
	mode, err := strconv.ParseUint(fields[0], 8, 32)
	if err != nil || mode > 0o7777 {
		return e, fmt.Errorf("mode %q is not an octal mode", fields[0])
	}
	e.Mode = vfs.FromUnixMode(uint32(mode))
	nums := []*int64{nil, nil, &e.Size, &e.MTime}
	var uid, gid int64
	nums[0], nums[1] = &uid, &gid
	for i, dst := range nums {
		if *dst, err = strconv.ParseInt(fields[1+i], 10, 64); err != nil || *dst < 0 && i < 3 {
			return e, fmt.Errorf("%q is not a number (field %d)", fields[1+i], i+2)
		}
	}
	e.UID, e.GID = int(uid), int(gid)
	e.Path, rest, err = token(fields[5])
	if err != nil {
		return e, err
	}
	if !path.IsAbs(e.Path) || path.Clean(e.Path) != e.Path {
		return e, fmt.Errorf("path %q is not absolute and clean", e.Path)
	}
	if e.Type == Symlink || e.Type == Hardlink {
		if e.Target, rest, err = token(strings.TrimPrefix(rest, " ")); err != nil || e.Target == "" {
			return e, fmt.Errorf("link %s: no target", e.Path)
		}
	}
	if t == 'x' {
		head, err := hex.DecodeString(strings.TrimPrefix(rest, " "))
		if err != nil || len(head) == 0 || int64(len(head)) > e.Size {
			return e, fmt.Errorf("%s: expected the file's first bytes in hex after the path", e.Path)
		}
		e.Head, rest = head, ""
	}
	if rest != "" {
		return e, fmt.Errorf("unexpected %q after the path", rest)
	}
	return e, nil
}

// token reads a word, Go-quoted or up to the next space.
func token(s string) (tok, rest string, err error) {
	if strings.HasPrefix(s, `"`) {
		q, err := strconv.QuotedPrefix(s)
		if err != nil {
			return "", "", fmt.Errorf("bad quoted path %s", s)
		}
		tok, _ = strconv.Unquote(q)
		return tok, s[len(q):], nil
	}
	tok, rest, _ = strings.Cut(s, " ")
	if rest != "" {
		rest = " " + rest
	}
	return tok, rest, nil
}
