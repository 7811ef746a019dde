package rsyncd

import (
	"crypto/md5"
	"errors"
	"io/fs"
	"path"
	"strings"
	"time"

	"github.com/hostile-lab/hostile/simhost/vfs"
)

// serveSender is `rsync --server --sender`: a pull. It sends the file list
// of the named paths, then each file the client's generator asks for as a
// delta against the client's block checksums.
func (s *server) serveSender(paths []string) error {
	s.who = "sender"
	s.w.muxIn = true
	if err := s.recvFilters(); err != nil {
		return err
	}
	start := time.Now()
	list := s.buildList(paths)
	sortEntries(list)
	build := time.Since(start)
	var last *entry
	for _, e := range list {
		s.sendEntry(e, last)
		last = e
		s.w.maybeFlush()
	}
	s.endList()
	s.sendIDLists(list)
	if err := s.w.flush(); err != nil {
		return err
	}
	if len(list) == 0 {
		return nil // rsync's sender exits here, and the client sees the pipe close
	}
	if err := s.sendFiles(list); err != nil {
		return err
	}
	var total int64
	for _, e := range list {
		if e.isReg() || e.isLink() {
			total += e.size
		}
	}
	w := s.w
	w.putVarlong(w.readN, 3, 8)
	w.putVarlong(w.writtenN+int64(len(w.pending)), 3, 8)
	w.putVarlong(total, 3, 8)
	w.putVarlong(max(build.Milliseconds(), 1), 3, 8)
	w.putVarlong(0, 3, 8)
	if err := w.flush(); err != nil {
		return err
	}
	return s.finalGoodbye()
}

// finalGoodbye is read_final_goodbye on the sender's side.
func (s *server) finalGoodbye() error {
	n, err := s.readNdx()
	if err != nil {
		return err
	}
	if n == ndxDone && s.protocol >= 31 {
		s.w.putNdx(ndxDone)
		if err := s.w.flush(); err != nil {
			return err
		}
		n, err = s.readNdx()
		if err != nil {
			return err
		}
	}
	if n != ndxDone {
		s.errorf(msgError, "Invalid packet at end of run (%d) [%s]\n", n, s.who)
		return fatal{code: rerrProtocol}
	}
	return nil
}

// readNdx reads an index, passing over deletion statistics.
func (s *server) readNdx() (int32, error) {
	for {
		n, err := s.w.ndx()
		if err != nil || n != ndxDelStats {
			return n, err
		}
		for range 5 {
			if _, err := s.w.varint(); err != nil {
				return 0, err
			}
		}
	}
}

func (s *server) endList() {
	if s.varintFlags {
		s.w.putVarint(0)
		s.w.putVarint(s.ioError.Load())
	} else if s.ioError.Load() != 0 {
		s.w.putShort(xmitExtended | 1<<12)
		s.w.putVarint(s.ioError.Load())
	} else {
		s.w.put(0)
	}
}

// sendIDLists sends the names of the owners and groups in the list.
func (s *server) sendIDLists(list []*entry) {
	if s.opt.numericIDs {
		return
	}
	send := func(want bool, id func(*entry) int, name func(int) string) {
		if !want {
			return
		}
		seen := map[int]bool{}
		for _, e := range list {
			if i := id(e); i != 0 && !seen[i] {
				seen[i] = true
				n := name(i)
				s.w.putVarint(int32(i))
				s.w.put(byte(len(n)))
				s.w.putBytes([]byte(n))
			}
		}
		s.w.putVarint(0)
		if s.id0Names {
			n := name(0)
			s.w.put(byte(len(n)))
			s.w.putBytes([]byte(n))
		}
	}
	send(s.opt.owner, func(e *entry) int { return e.uid }, s.h.UserName)
	send(s.opt.group, func(e *entry) int { return e.gid }, s.h.GroupName)
}

// buildList walks the paths as send_file_list does: "dir/" sends the
// directory's contents as ".", "dir" sends it under its own name.
func (s *server) buildList(paths []string) []*entry {
	var list []*entry
	fsys, c := s.h.FS, s.h.Cred
	for _, p := range paths {
		contents := strings.HasSuffix(p, "/") || strings.HasSuffix(p, "/.") || p == "."
		clean := path.Clean(p)
		abs := s.h.Abs(clean)
		if contents {
			st, err := fsys.Stat(c, abs)
			if err == nil && !st.IsDir() {
				err = &fs.PathError{Op: "chdir", Path: abs, Err: errNotDir}
			}
			if err != nil {
				s.syserr(msgErrXfer, err, "change_dir %q failed", abs)
				s.ioError.Or(ioErrGeneral)
				continue
			}
			if st.IsDir() && !s.opt.recursive && !s.opt.dirs {
				continue
			}
			top := s.entryOf(".", abs, st)
			top.topDir = true
			list = append(list, top)
			if s.opt.recursive {
				list = s.walk(list, "", abs)
			}
			continue
		}
		st, err := fsys.Lstat(c, abs)
		if err != nil {
			s.syserr(msgErrXfer, err, "link_stat %q failed", abs)
			s.ioError.Or(ioErrGeneral)
			continue
		}
		name := path.Base(clean)
		if st.IsDir() && !s.opt.recursive && !s.opt.dirs {
			s.errorf(msgInfo, "skipping directory %s\n", name)
			continue
		}
		e := s.entryOf(name, abs, st)
		e.topDir = e.isDir()
		list = append(list, e)
		if st.IsDir() && s.opt.recursive {
			list = s.walk(list, name+"/", abs)
		}
	}
	return list
}

var errNotDir = errors.New("not a directory")

func (s *server) walk(list []*entry, prefix, dir string) []*entry {
	infos, err := s.h.FS.ReadDir(s.h.Cred, dir)
	if err != nil {
		s.syserr(msgErrXfer, err, "opendir %q failed", dir)
		s.ioError.Or(ioErrGeneral)
		return list
	}
	for _, st := range infos {
		if s.excluded(st.Name) {
			continue
		}
		abs := path.Join(dir, st.Name)
		e := s.entryOf(prefix+st.Name, abs, st)
		if e.mode&sIFMT != sIFREG && e.mode&sIFMT != sIFDIR && !(e.isLink() && s.opt.links) {
			if !e.isLink() {
				continue // devices and sockets: -D is not emulated
			}
			s.errorf(msgInfo, "skipping non-regular file %q\n", prefix+st.Name)
			continue
		}
		list = append(list, e)
		if e.isDir() {
			list = s.walk(list, prefix+st.Name+"/", abs)
		}
	}
	return list
}

func (s *server) excluded(name string) bool {
	for _, pat := range s.excludes {
		if ok, _ := path.Match(strings.TrimSuffix(pat, "/"), name); ok {
			return true
		}
	}
	return false
}

func (s *server) entryOf(name, abs string, st *vfs.Info) *entry {
	mode := vfs.UnixMode(st.Mode)
	e := &entry{name: name, mode: mode, mtime: st.ModTime.Unix(), nsec: int32(st.ModTime.Nanosecond()),
		uid: st.UID, gid: st.GID, src: abs}
	switch {
	case st.Mode.IsDir():
		e.mode = sIFDIR | mode&0o7777
	case st.Mode&fs.ModeSymlink != 0:
		e.mode, e.target, e.size = sIFLNK|0o777, st.Target, int64(len(st.Target))
	case st.Mode.IsRegular():
		e.mode, e.size = sIFREG|mode&0o7777, st.Size
	}
	if e.mode&sIFMT == 0 {
		e.mode |= mode
	}
	return e
}

func (s *server) fileSum(e *entry) []byte {
	data, _ := s.h.FS.ReadFile(s.h.Cred, e.src)
	sum := md5.Sum(data)
	return sum[:]
}

// sendFiles answers the client's generator (send_files in sender.c).
func (s *server) sendFiles(list []*entry) error {
	phase, maxPhase := 0, 2
	for {
		if err := s.w.flush(); err != nil {
			return err
		}
		ndx, err := s.readNdx()
		if err != nil {
			return err
		}
		if ndx == ndxDone {
			phase++
			if phase > maxPhase {
				break
			}
			s.w.putNdx(ndxDone)
			continue
		}
		if ndx < 0 || int(ndx) >= len(list) {
			s.errorf(msgError, "Invalid file index: %d (-1 - %d) [sender]\n", ndx, len(list)-1)
			return fatal{code: rerrProtocol}
		}
		iflags, err := s.w.shortint()
		if err != nil {
			return err
		}
		var basisType byte
		if iflags&itemBasis != 0 {
			if basisType, err = s.w.byte(); err != nil {
				return err
			}
		}
		xname := ""
		if iflags&itemXname != 0 {
			if xname, err = s.w.vstring(); err != nil {
				return err
			}
		}
		echo := func() {
			s.w.putNdx(ndx)
			s.w.putShort(iflags)
			if iflags&itemBasis != 0 {
				s.w.put(basisType)
			}
			if iflags&itemXname != 0 {
				s.w.putVstring(xname)
			}
		}
		e := list[ndx]
		if iflags&itemTransfer == 0 || s.opt.dryRun {
			echo() // with -n the client asks for no data
			continue
		}
		if !e.isReg() {
			s.errorf(msgError, "received request to transfer non-regular file: %d [sender]\n", ndx)
			return fatal{code: rerrProtocol}
		}
		head, sums, err := s.recvSums()
		if err != nil {
			return err
		}
		data, err := s.h.FS.ReadFile(s.h.Cred, e.src)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				s.errorf(msgWarning, "file has vanished: %q\n", e.src)
				s.ioError.Or(ioErrVanished)
			} else {
				s.syserr(msgErrXfer, err, "send_files failed to open %q", e.src)
				s.ioError.Or(ioErrGeneral)
			}
			s.w.message(msgNoSend, le32(ndx))
			continue
		}
		echo()
		s.w.putInt32(head.count)
		s.w.putInt32(head.blength)
		s.w.putInt32(head.s2length)
		s.w.putInt32(head.remainder)
		s.matchSums(data, head, sums)
		sum := md5.Sum(data)
		s.w.putBytes(sum[:])
		if s.h.Read != nil {
			s.h.Read(e.src, int64(len(data)))
		}
	}
	s.w.putNdx(ndxDone)
	return s.w.flush()
}

func le32(v int32) []byte { return []byte{byte(v), byte(v >> 8), byte(v >> 16), byte(v >> 24)} }

type blockSum struct {
	sum1 uint32
	sum2 []byte
}

func (s *server) recvSums() (sumHead, []blockSum, error) {
	var h sumHead
	var err error
	for _, p := range []*int32{&h.count, &h.blength, &h.s2length, &h.remainder} {
		if *p, err = s.w.int32(); err != nil {
			return h, nil, err
		}
	}
	if h.count < 0 || h.blength < 0 || h.blength > maxBlockSize || h.s2length < 0 || h.s2length > 16 ||
		h.remainder < 0 || h.remainder > h.blength {
		return h, nil, fatal{code: rerrProtocol}
	}
	sums := make([]blockSum, h.count)
	for i := range sums {
		v, err := s.w.int32()
		if err != nil {
			return h, nil, err
		}
		sums[i].sum1 = uint32(v)
		sums[i].sum2 = make([]byte, h.s2length)
		if err := s.w.read(sums[i].sum2); err != nil {
			return h, nil, err
		}
	}
	return h, sums, nil
}

// matchSums sends data as literal runs and references to the client's
// blocks that it already has (match.c's hash search over a rolling sum).
func (s *server) matchSums(data []byte, h sumHead, sums []blockSum) {
	t := s.newTokenWriter()
	if len(sums) == 0 || h.blength == 0 {
		t.literal(data)
		t.end()
		return
	}
	byWeak := map[uint32][]int32{}
	for i, b := range sums {
		byWeak[b.sum1] = append(byWeak[b.sum1], int32(i))
	}
	blockLen := func(i int32) int {
		if i == h.count-1 && h.remainder != 0 {
			return int(h.remainder)
		}
		return int(h.blength)
	}
	n := min(int(h.blength), len(data))
	sum := checksum1(data[:n])
	s1, s2 := sum&0xffff, sum>>16
	lastMatch := 0
	for k := 0; k < len(data); {
		matched := int32(-1)
		if cands, ok := byWeak[s1&0xffff|s2<<16]; ok {
			var strong []byte
			for _, i := range cands {
				if blockLen(i) != n {
					continue
				}
				if strong == nil {
					strong = s.checksum2(data[k : k+n])
				}
				if string(strong[:h.s2length]) == string(sums[i].sum2) {
					matched = i
					break
				}
			}
		}
		if matched >= 0 {
			if k > lastMatch {
				t.literal(data[lastMatch:k])
			}
			t.match(matched)
			k += n
			lastMatch = k
			n = min(int(h.blength), len(data)-k)
			if n > 0 {
				sum = checksum1(data[k : k+n])
				s1, s2 = sum&0xffff, sum>>16
			}
			continue
		}
		// roll the window one byte on, shrinking it at the end
		out := uint32(int32(int8(data[k])))
		s1 -= out
		s2 -= uint32(n) * out
		if k+n < len(data) {
			s1 += uint32(int32(int8(data[k+n])))
			s2 += s1
		} else {
			n--
		}
		s1, s2 = s1&0xffff, s2&0xffff
		k++
		if k-lastMatch >= chunkSize*4 && k < len(data) {
			t.literal(data[lastMatch:k])
			lastMatch = k
		}
	}
	if lastMatch < len(data) {
		t.literal(data[lastMatch:])
	}
	t.end()
}
