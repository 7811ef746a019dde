package rsyncd

import (
	"sort"
	"strings"
	"time"
)

// Transmission flags of a file-list entry (rsync.h).
const (
	xmitTopDir        = 1 << 0
	xmitSameMode      = 1 << 1
	xmitExtended      = 1 << 2
	xmitSameUID       = 1 << 3
	xmitSameGID       = 1 << 4
	xmitSameName      = 1 << 5
	xmitLongName      = 1 << 6
	xmitSameTime      = 1 << 7
	xmitSameRdevMajor = 1 << 8
	xmitNoContentDir  = 1 << 8
	xmitHlinked       = 1 << 9
	xmitUserFollows   = 1 << 10
	xmitGroupFollows  = 1 << 11
	xmitHlinkFirst    = 1 << 12
	xmitModNsec       = 1 << 13
)

// Unix file types as they travel (to_wire_mode keeps Linux's values).
const (
	sIFMT  = 0o170000
	sIFDIR = 0o040000
	sIFREG = 0o100000
	sIFLNK = 0o120000
)

// entry is one file of the list: its path relative to the transfer's
// directory, with what -a preserves.
type entry struct {
	name     string // "." for the top directory
	mode     uint32 // Unix mode, type included
	size     int64
	mtime    int64
	nsec     int32
	uid, gid int
	target   string // symlink target
	topDir   bool
	skipGID  bool   // a group the receiving user is not in: left alone (FLAG_SKIP_GROUP)
	sum      []byte // the file's md5, with -c
	src      string // sender: absolute path on the host
}

func (e *entry) isDir() bool  { return e.mode&sIFMT == sIFDIR }
func (e *entry) isReg() bool  { return e.mode&sIFMT == sIFREG }
func (e *entry) isLink() bool { return e.mode&sIFMT == sIFLNK }

func (e *entry) modTime() time.Time { return time.Unix(e.mtime, int64(e.nsec)) }

// sortKey gives f_name_cmp's order (protocol 29+): path components compared
// in turn, a file before a directory at the same level, a directory's name
// compared with a trailing slash, and "." first of all.
func lessEntry(a, b *entry) bool { return cmpEntry(a, b) < 0 }

func cmpEntry(a, b *entry) int {
	ca, cb := components(a), components(b)
	for i := 0; i < len(ca) && i < len(cb); i++ {
		if ca[i].dir != cb[i].dir {
			if ca[i].dir {
				return 1
			}
			return -1
		}
		if c := strings.Compare(ca[i].name, cb[i].name); c != 0 {
			return c
		}
	}
	return len(ca) - len(cb)
}

type component struct {
	name string
	dir  bool
}

func components(e *entry) []component {
	if e.name == "." {
		return []component{{"", false}}
	}
	parts := strings.Split(e.name, "/")
	out := make([]component, len(parts))
	for i, p := range parts {
		isDir := i < len(parts)-1 || e.isDir()
		if isDir {
			p += "/"
		}
		out[i] = component{p, isDir}
	}
	return out
}

func sortEntries(list []*entry) {
	sort.SliceStable(list, func(i, j int) bool { return lessEntry(list[i], list[j]) })
}

// sendEntry writes one entry as send_file_entry does; last is the previous
// entry sent (nil for the first), for the same-as-before shortcuts.
func (s *server) sendEntry(e, last *entry) {
	w := s.w
	var xflags int32
	if e.isDir() {
		if e.topDir {
			xflags = xmitTopDir
		} else {
			xflags = 0
		}
	}
	if last != nil && e.mode == last.mode {
		xflags |= xmitSameMode
	}
	if !s.opt.owner || (last != nil && e.uid == last.uid) {
		xflags |= xmitSameUID
	}
	if !s.opt.group || (last != nil && e.gid == last.gid) {
		xflags |= xmitSameGID
	}
	if last != nil && e.mtime == last.mtime {
		xflags |= xmitSameTime
	}
	if e.nsec != 0 && s.protocol >= 31 {
		xflags |= xmitModNsec
	}
	lastName := ""
	if last != nil {
		lastName = last.name
	}
	l1 := 0
	for l1 < len(lastName) && l1 < len(e.name) && l1 < 255 && e.name[l1] == lastName[l1] {
		l1++
	}
	rest := e.name[l1:]
	if l1 > 0 {
		xflags |= xmitSameName
	}
	if len(rest) > 255 {
		xflags |= xmitLongName
	}
	if s.varintFlags {
		if xflags == 0 {
			xflags = xmitExtended
		}
		w.putVarint(xflags)
	} else {
		if xflags == 0 && !e.isDir() {
			xflags |= xmitTopDir
		}
		if xflags&0xff00 != 0 || xflags == 0 {
			xflags |= xmitExtended
			w.putShort(int(xflags))
		} else {
			w.put(byte(xflags))
		}
	}
	if xflags&xmitSameName != 0 {
		w.put(byte(l1))
	}
	if xflags&xmitLongName != 0 {
		w.putVarint(int32(len(rest)))
	} else {
		w.put(byte(len(rest)))
	}
	w.putBytes([]byte(rest))
	w.putVarlong(e.size, 3, 8)
	if xflags&xmitSameTime == 0 {
		w.putVarlong(e.mtime, 4, 8)
	}
	if xflags&xmitModNsec != 0 {
		w.putVarint(e.nsec)
	}
	if xflags&xmitSameMode == 0 {
		w.putInt32(int32(e.mode))
	}
	if s.opt.owner && xflags&xmitSameUID == 0 {
		w.putVarint(int32(e.uid))
	}
	if s.opt.group && xflags&xmitSameGID == 0 {
		w.putVarint(int32(e.gid))
	}
	if s.opt.links && e.isLink() {
		w.putVarint(int32(len(e.target)))
		w.putBytes([]byte(e.target))
	}
	if s.opt.checksum && e.isReg() {
		w.putBytes(s.fileSum(e))
	}
}

// recvEntry reads one entry after its flags, as recv_file_entry does.
func (s *server) recvEntry(flags int32, last *entry) (*entry, error) {
	w := s.w
	e := &entry{}
	l1 := 0
	if flags&xmitSameName != 0 {
		b, err := w.byte()
		if err != nil {
			return nil, err
		}
		l1 = int(b)
	}
	var l2 int
	if flags&xmitLongName != 0 {
		n, err := w.varint()
		if err != nil {
			return nil, err
		}
		l2 = int(n)
	} else {
		b, err := w.byte()
		if err != nil {
			return nil, err
		}
		l2 = int(b)
	}
	lastName := ""
	if last != nil {
		lastName = last.name
	}
	if l1 > len(lastName) || l2 > 4096 {
		return nil, errProtocol
	}
	name := make([]byte, l2)
	if err := w.read(name); err != nil {
		return nil, err
	}
	e.name = lastName[:l1] + string(name)
	if flags&xmitHlinked != 0 && flags&xmitHlinkFirst == 0 {
		return nil, errUnsupported("hard links (-H)")
	}
	var err error
	if e.size, err = w.varlong(3); err != nil {
		return nil, err
	}
	if flags&xmitSameTime != 0 && last != nil {
		e.mtime = last.mtime
	} else if e.mtime, err = w.varlong(4); err != nil {
		return nil, err
	}
	if flags&xmitModNsec != 0 {
		if e.nsec, err = w.varint(); err != nil {
			return nil, err
		}
	}
	if flags&xmitSameMode != 0 && last != nil {
		e.mode = last.mode
	} else {
		m, err := w.int32()
		if err != nil {
			return nil, err
		}
		e.mode = uint32(m)
	}
	if last != nil {
		e.uid, e.gid = last.uid, last.gid
	}
	if s.opt.owner && flags&xmitSameUID == 0 {
		v, err := w.varint()
		if err != nil {
			return nil, err
		}
		e.uid = int(v)
		if flags&xmitUserFollows != 0 {
			if _, err := s.idName(); err != nil {
				return nil, err
			}
		}
	}
	if s.opt.group && flags&xmitSameGID == 0 {
		v, err := w.varint()
		if err != nil {
			return nil, err
		}
		e.gid = int(v)
		if flags&xmitGroupFollows != 0 {
			if _, err := s.idName(); err != nil {
				return nil, err
			}
		}
	}
	if s.opt.devices && (e.mode&sIFMT == 0o020000 || e.mode&sIFMT == 0o060000) {
		if flags&xmitSameRdevMajor == 0 {
			if _, err := w.varint(); err != nil {
				return nil, err
			}
		}
		if _, err := w.varint(); err != nil {
			return nil, err
		}
	}
	if s.opt.links && e.isLink() {
		n, err := w.varint()
		if err != nil {
			return nil, err
		}
		t := make([]byte, n)
		if err := w.read(t); err != nil {
			return nil, err
		}
		e.target = string(t)
	}
	if s.opt.checksum && e.isReg() {
		e.sum = make([]byte, 16)
		if err := w.read(e.sum); err != nil {
			return nil, err
		}
	}
	e.topDir = e.isDir() && flags&xmitTopDir != 0
	return e, nil
}

// idName reads a length-prefixed user or group name.
func (s *server) idName() (string, error) {
	n, err := s.w.byte()
	if err != nil {
		return "", err
	}
	b := make([]byte, n)
	err = s.w.read(b)
	return string(b), err
}
