package vfs

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"time"
)

// Image is an immutable tree that many filesystems start from: an installed
// system's base. An FS made from it copies a directory's entries the first
// time it looks into that directory, and a file's bytes the first time it
// changes them, so hosts share the base and pay only for what they touch.
type Image struct {
	root  *imageNode
	nodes uint64 // inode numbers 2 .. 2+nodes-1 are the image's
	used  int64  // bytes of its regular files
}

type imageNode struct {
	ino      uint64
	mode     fs.FileMode
	uid, gid int
	mtime    time.Time
	data     []byte // a file's content, never written to
	omitted  int64  // a file whose content is left out: its size
	target   string
	names    []string // a directory's entries, sorted
	children []*imageNode
	subdirs  int
	links    int // a file's names in the image
}

// ImageEntry is one path of an Image.
type ImageEntry struct {
	Path     string      // absolute and clean; "/" is the root
	Mode     fs.FileMode // type (directory, symlink or regular) and permission bits
	UID, GID int
	MTime    time.Time
	Data     []byte // a regular file's content; the image keeps it, unchanged
	Omitted  int64  // a regular file whose content is left out: its size (Data is then its first bytes, or nil)
	Target   string // a symlink's target
	// HardLink makes this path another name of the regular file at that path.
	HardLink string
}

// NewImage builds an image from entries; every path's directory must come
// before it, and the first entry is "/".
func NewImage(entries []ImageEntry) (*Image, error) {
	if len(entries) == 0 || entries[0].Path != "/" || !entries[0].Mode.IsDir() {
		return nil, fmt.Errorf("image: the first entry must be the directory /")
	}
	img := &Image{}
	dirs := map[string]*imageNode{}
	files := map[string]*imageNode{}
	for _, e := range entries {
		if e.HardLink != "" {
			continue // after every file exists, wherever it sorts
		}
		n := &imageNode{ino: 2 + img.nodes, mode: e.Mode & (fs.ModeType | modeBits), uid: e.UID, gid: e.GID,
			mtime: e.MTime, data: slices.Clip(e.Data), omitted: e.Omitted, target: e.Target, links: 1}
		files[e.Path] = n
		switch {
		case e.Mode.IsDir():
			dirs[e.Path] = n
		case e.Mode&fs.ModeSymlink != 0:
			if e.Target == "" {
				return nil, fmt.Errorf("image: %s: a symlink with no target", e.Path)
			}
		case e.Mode.IsRegular():
			img.used += max(int64(len(e.Data)), e.Omitted)
		default:
			return nil, fmt.Errorf("image: %s: only directories, symlinks and regular files", e.Path)
		}
		img.nodes++
		if e.Path == "/" {
			img.root = n
		}
	}
	for _, e := range entries[1:] {
		n := files[e.Path]
		if e.HardLink != "" {
			if n = files[e.HardLink]; n == nil || !n.mode.IsRegular() {
				return nil, fmt.Errorf("image: %s: a hard link to %s, which is not a regular file of the image", e.Path, e.HardLink)
			}
			n.links++
		}
		parent := dirs[path.Dir(e.Path)]
		if parent == nil || !path.IsAbs(e.Path) || path.Clean(e.Path) != e.Path {
			return nil, fmt.Errorf("image: %s: not a clean path in a directory listed before it", e.Path)
		}
		parent.names = append(parent.names, path.Base(e.Path))
		parent.children = append(parent.children, n)
		if n.mode.IsDir() {
			parent.subdirs++
		}
	}
	for p, d := range dirs {
		if !slices.IsSorted(d.names) {
			return nil, fmt.Errorf("image: %s: entries out of order (sort the paths)", p)
		}
		for i := 1; i < len(d.names); i++ {
			if d.names[i] == d.names[i-1] {
				return nil, fmt.Errorf("image: %s listed twice", path.Join(p, d.names[i]))
			}
		}
	}
	return img, nil
}

// Size is the bytes of the image's regular files.
func (img *Image) Size() int64 { return img.used }

// NewFromImage returns a filesystem holding img's tree on the root mount,
// sharing img with every other filesystem made from it.
func NewFromImage(img *Image) *FS {
	f := New()
	f.linked = map[*imageNode]*node{}
	f.nextIno = 2 + img.nodes
	f.root = f.fromImage(img.root)
	f.root.parent = f.root
	f.mounts[0].root = f.root
	f.mounts[0].used = img.used
	return f
}

// fromImage is a node of this filesystem standing for image node in; a
// directory's entries come later, in kids.
func (f *FS) fromImage(in *imageNode) *node {
	if n := f.linked[in]; n != nil {
		return n // another name of a file already copied
	}
	n := &node{ino: in.ino, mode: in.mode, uid: in.uid, gid: in.gid, nlink: in.links,
		atime: in.mtime, mtime: in.mtime, ctime: in.mtime,
		data: imageContent(in.data, in.omitted), target: in.target}
	if in.links > 1 {
		f.linked[in] = n
	}
	if in.mode.IsDir() {
		n.nlink = 2 + in.subdirs
		n.children = map[string]*node{}
		if len(in.children) > 0 {
			n.pending.Store(in)
		}
	}
	return n
}

// kids returns directory d's entries, first copying them from the image if
// d came from one and nobody has looked in it yet. Readers under the read
// lock may race to it: expandMu makes one of them do it.
func (f *FS) kids(d *node) map[string]*node {
	if d.pending.Load() == nil {
		return d.children
	}
	f.expandMu.Lock()
	defer f.expandMu.Unlock()
	if in := d.pending.Load(); in != nil {
		for i, name := range in.names {
			c := f.fromImage(in.children[i])
			c.dev = d.dev
			if c.mode.IsDir() {
				c.parent = d
			}
			d.children[name] = c
		}
		d.pending.Store(nil)
	}
	return d.children
}

// FromImage reports whether p is a regular file whose content is still the
// image's, kept or left out: not written since the filesystem was made.
func (f *FS) FromImage(p string) bool {
	f.mu.RLock()
	defer f.mu.RUnlock()
	w, err := f.existing(Root, p, true)
	return err == nil && w.n.mode.IsRegular() && (w.n.data.shared || w.n.data.omitted)
}

// Omitted reports whether p is a file whose content was left out of the
// image it came from (and not written since): it reads as zero bytes.
func (f *FS) Omitted(p string) bool {
	f.mu.RLock()
	defer f.mu.RUnlock()
	w, err := f.existing(Root, p, true)
	return err == nil && w.n.mode.IsRegular() && w.n.data.omitted
}
