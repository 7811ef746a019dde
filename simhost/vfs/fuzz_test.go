package vfs

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"syscall"
	"testing"
)

// fuzzPaths are few on purpose, so random ops collide.
var fuzzPaths = []string{
	"/", "/a", "/a/b", "/a/b/c", "/a/l", "/b", "/tmp", "/tmp/x", "/tmp/y/z",
	"/q", "/q/f", "/q/d", "/q/d/g", "/ro", "/ro/f", "/nfs", "/nfs/f", "/nfs/d/h",
	"/l", "/l/x", "a", "/a/../q/f", "/m", "/m/n", "/m/n/f",
}

var fuzzCreds = []Cred{Root, {UID: 1000, GID: 1000, Groups: []int{100}}, {UID: 1001, GID: 100}}

// FuzzOps runs random operation sequences and checks the tree's invariants
// after each one.
func FuzzOps(f *testing.F) {
	f.Add([]byte{0, 1, 5, 0, 1, 2, 0, 1, 4, 1, 2, 0, 6, 1, 4, 0, 2, 1, 0, 0})
	f.Add([]byte{0, 10, 40, 1, 0, 10, 40, 1, 9, 10, 0, 1, 10, 0, 99, 1, 2, 10, 0, 0, 10, 0, 99, 0, 11, 0, 200, 0})
	f.Add([]byte{5, 18, 1, 0, 5, 1, 18, 0, 13, 19, 0, 0, 3, 4, 0, 0, 4, 6, 7, 0, 4, 7, 6, 1})
	f.Add([]byte{1, 1, 0, 0, 1, 2, 0, 0, 4, 2, 11, 0, 4, 1, 3, 0, 7, 2, 0xff, 0, 8, 1, 1, 2, 3, 1, 0, 0})
	f.Add([]byte{0, 16, 30, 0, 9, 16, 0, 0, 2, 16, 0, 0, 10, 0, 10, 0, 6, 14, 10, 0, 12, 0, 0, 0})
	f.Fuzz(func(t *testing.T, prog []byte) {
		v := New()
		for _, err := range []error{
			v.Mkdir(Root, "/tmp", 0o777|fs.ModeSticky),
			v.AddMount(Mount{Path: "/q", QuotaBytes: 64}),
			v.Chmod(Root, "/q", 0o777),
			v.AddMount(Mount{Path: "/ro", ReadOnly: true}),
			v.AddMount(Mount{Path: "/m/n"}),
			v.Chmod(Root, "/m", 0o777),
			v.Mkdir(Root, "/nfs", 0o777), // before squashing makes root powerless there
			v.AddMount(Mount{Path: "/nfs", RootSquash: true}),
		} {
			if err != nil {
				t.Fatal(err)
			}
		}
		var files []*File
		for ; len(prog) >= 4; prog = prog[4:] {
			op, a, b, x := prog[0], prog[1], prog[2], prog[3]
			c := fuzzCreds[int(x)%len(fuzzCreds)]
			p, q := fuzzPaths[int(a)%len(fuzzPaths)], fuzzPaths[int(b)%len(fuzzPaths)]
			var h *File
			if len(files) > 0 {
				h = files[int(a)%len(files)]
			}
			var err error
			switch op % 16 {
			case 0:
				err = v.WriteFile(c, p, bytes.Repeat([]byte{x}, int(b)%50), fs.FileMode(x)<<1)
			case 1:
				err = v.Mkdir(c, p, fs.FileMode(b)|0o700)
			case 2:
				err = v.Unlink(c, p)
			case 3:
				err = v.Rmdir(c, p)
			case 4:
				err = v.Rename(c, p, q)
			case 5:
				err = v.Symlink(c, q, p)
			case 6:
				err = v.Link(c, p, q)
			case 7:
				err = v.Chmod(c, p, FromUnixMode(uint32(b)<<4|uint32(x)))
			case 8:
				err = v.Chown(c, p, int(b)%3-1+1000*int(b%2), int(x)%3-1)
			case 9:
				h, err = v.OpenFile(c, p, int(b)&(syscall.O_ACCMODE|syscall.O_CREAT|syscall.O_EXCL|syscall.O_TRUNC|syscall.O_APPEND), 0o644)
				if err == nil {
					files = append(files, h)
				}
			case 10:
				if h != nil {
					_, err = h.WriteAt(bytes.Repeat([]byte{1}, int(x)%40), int64(b)%80)
					if err == nil {
						_, err = h.Write([]byte{2})
					}
				}
			case 11:
				if h != nil {
					err = h.Truncate(int64(b) % 90)
				}
			case 12:
				if h != nil {
					err = h.Close()
				}
			case 13:
				_, err = v.ReadFile(c, p)
				if err == nil {
					_, err = v.ReadDir(c, p)
				}
				if h != nil {
					_, _ = h.ReadDir()
					_, _ = h.Read(make([]byte, 8))
					_, _ = h.Seek(int64(b)-100, int(x)%4)
				}
			case 14:
				err = v.MkdirAll(c, p, 0o755)
			case 15:
				_, err = v.Realpath(c, p)
				if err == nil {
					err = v.Access(c, q, uint32(x)%8)
				}
			}
			checkErr(t, err)
			checkTree(t, v)
		}
	})
}

// checkErr fails unless err is one of the documented kinds.
func checkErr(t *testing.T, err error) {
	t.Helper()
	var pe *fs.PathError
	var errno syscall.Errno
	switch {
	case err == nil, err == io.EOF:
	case !errors.As(err, &pe):
		t.Fatalf("error %v (%T) is not a *fs.PathError", err, err)
	case errors.Is(err, fs.ErrClosed), errors.As(err, &errno):
	default:
		t.Fatalf("error %v has no errno", err)
	}
}

// checkTree verifies link counts, parent pointers, devices and usage.
func checkTree(t *testing.T, v *FS) {
	t.Helper()
	v.mu.RLock()
	defer v.mu.RUnlock()
	refs := map[*node]int{}
	dirs := map[*node]bool{}
	used := make([]int64, len(v.mounts))
	var walk func(d *node, where string)
	walk = func(d *node, where string) {
		if dirs[d] {
			t.Fatalf("%s: directory reachable twice", where)
		}
		dirs[d] = true
		sub := 0
		for name, n := range d.children {
			p := where + "/" + name
			if n.dev != d.dev && !v.isMountRoot(n) {
				t.Fatalf("%s: on device %d inside device %d", p, n.dev, d.dev)
			}
			switch {
			case n.mode.IsDir():
				sub++
				if n.parent != d {
					t.Fatalf("%s: wrong parent", p)
				}
				walk(n, p)
			case n.mode&fs.ModeSymlink != 0:
				if n.target == "" || n.data.len() != 0 {
					t.Fatalf("%s: bad symlink", p)
				}
				refs[n]++
			default:
				if refs[n] == 0 {
					used[n.dev] += n.data.len()
				}
				refs[n]++
			}
		}
		if d.nlink != 2+sub {
			t.Fatalf("%s: directory nlink %d, want %d", where, d.nlink, 2+sub)
		}
	}
	walk(v.root, "")
	for n, r := range refs {
		if n.nlink != r {
			t.Fatalf("inode %d: nlink %d, but %d entries", n.ino, n.nlink, r)
		}
	}
	for dev, m := range v.mounts {
		if m.used != used[dev] {
			t.Fatalf("mount %s: used %d, files sum to %d", m.Path, m.used, used[dev])
		}
		if m.QuotaBytes > 0 && m.used > m.QuotaBytes {
			t.Fatalf("mount %s: used %d over quota %d", m.Path, m.used, m.QuotaBytes)
		}
		if !dirs[m.root] || m.root.dev != uint64(dev) || v.pathOf(m.root) != m.Path {
			t.Fatalf("mount %s: root lost", m.Path)
		}
	}
}
