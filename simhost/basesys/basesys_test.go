package basesys

import (
	"bytes"
	"io/fs"
	"reflect"
	"testing"
)

// A base survives writing and reading, quoted paths, hard links and contents
// without a final newline included, and writes the same bytes twice.
func TestRoundTrip(t *testing.T) {
	b := &Base{Name: "x", Source: "a test", Versions: map[string]string{"sudo": "1.9.13p3"},
		Texts: map[string]string{"rsync-version": "rsync  version 3.2.7\n\nwarranty\n"},
		Entries: []Entry{
			{Type: Dir, Path: "/", Mode: 0o755, MTime: 1},
			{Type: Symlink, Path: "/bin", Mode: fs.ModePerm, Target: "usr/bin", Size: 7},
			{Type: Dir, Path: "/etc", Mode: 0o755},
			{Type: File, Path: "/etc/motd", Mode: 0o644, Size: 5, Content: []byte("no\nnl")},
			{Type: Sized, Path: "/etc/odd name\t\"q\"", Mode: fs.ModeSetuid | 0o755, UID: 3, GID: 42, Size: 99},
			{Type: Dir, Path: "/tmp", Mode: 0o777 | fs.ModeSticky},
			{Type: Sized, Path: "/tmp/elf x", Mode: 0o755, Size: 4096, Head: []byte("\x7fELF\x02\x01\x01\x00")},
			{Type: Hardlink, Path: "/tmp/link", Target: "/etc/odd name\t\"q\"", Size: 99},
		}}
	var one, two bytes.Buffer
	if err := b.WriteGzip(&one); err != nil {
		t.Fatal(err)
	}
	if err := b.WriteGzip(&two); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(one.Bytes(), two.Bytes()) {
		t.Fatal("two writes of the same base differ")
	}
	back, err := ReadGzip(&one, "x.base.gz")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, b) {
		t.Fatalf("read back:\n%+v\nwant:\n%+v", back, b)
	}
	if text, ok := back.Text("/etc/motd"); !ok || text != "no\nnl" {
		t.Fatalf("Text(/etc/motd) = %q, %v", text, ok)
	}
}

// A file's kept first bytes are hex after its path, no longer than the file.
func TestHead(t *testing.T) {
	b, err := Decode(bytes.NewReader([]byte("name x\nd 0755 0 0 0 0 /\nx 0755 0 0 8 0 /ls 7f454c46\n")), "x.base")
	if err != nil || string(b.Lookup("/ls").Head) != "\x7fELF" || b.Lookup("/ls").Type != Sized {
		t.Fatalf("b = %+v, err = %v", b, err)
	}
	_, err = Decode(bytes.NewReader([]byte("name x\nd 0755 0 0 0 0 /\nx 0755 0 0 2 0 /ls 7f454c46\n")), "x.base")
	if err == nil || err.Error() != "x.base:3: /ls: expected the file's first bytes in hex after the path" {
		t.Fatalf("err = %v", err)
	}
}

func TestDecodeRefusesAnOrphan(t *testing.T) {
	_, err := Decode(bytes.NewReader([]byte("name x\nd 0755 0 0 0 0 /\nf 0644 0 0 0 0 /a/b\n\n")), "x.base")
	if err == nil || err.Error() != "x.base: /a/b: its directory /a is not listed" {
		t.Fatalf("err = %v", err)
	}
}
