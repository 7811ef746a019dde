package rsyncd

import (
	"bytes"
	"crypto/md5"
	"errors"
	"io/fs"
	"math/rand/v2"
	"os"
	"path"
	"strings"

	"github.com/hostile-lab/hostile/simhost/vfs"
)

// serveReceiver is `rsync --server` without --sender: a push. It reads the
// file list, then runs rsync's generator (asking for what differs, with
// checksums of what the host already has) beside its receiver (building
// each file from the delta the client sends).
func (s *server) serveReceiver(paths []string) error {
	s.who = "Receiver"
	if len(paths) == 0 {
		paths = []string{"."}
	}
	s.w.muxIn = true
	if s.opt.delete {
		if err := s.recvFilters(); err != nil {
			return err
		}
	}
	list, err := s.recvList()
	if err != nil {
		return err
	}
	base, single, err := s.localName(paths[0], list)
	if err != nil {
		return err
	}
	r := &receiving{s: s, list: list, base: base, single: single,
		redo: make(chan []int32, 1), finished: make(chan struct{})}
	genDone := make(chan error, 1)
	go func() { genDone <- r.generate() }()
	err = r.receive()
	close(r.finished)
	if gerr := <-genDone; err == nil {
		err = gerr
	}
	if err != nil {
		return err
	}
	s.w.putNdx(ndxDone) // the generator's goodbye
	if err := s.w.flush(); err != nil {
		return err
	}
	if n, err := s.readNdx(); err != nil || n != ndxDone {
		return err
	}
	return nil
}

func (s *server) recvList() ([]*entry, error) {
	var list []*entry
	var last *entry
	for {
		var flags int32
		var err error
		if s.varintFlags {
			if flags, err = s.w.varint(); err != nil {
				return nil, err
			}
			if flags == 0 {
				e, err := s.w.varint()
				s.ioError.Or(e)
				if err != nil {
					return nil, err
				}
				break
			}
		} else {
			b, err := s.w.byte()
			if err != nil {
				return nil, err
			}
			if b == 0 {
				break
			}
			flags = int32(b)
			if flags&xmitExtended != 0 {
				b2, err := s.w.byte()
				if err != nil {
					return nil, err
				}
				flags |= int32(b2) << 8
			}
			if flags == xmitExtended|1<<12 {
				e, err := s.w.varint()
				s.ioError.Or(e)
				if err != nil {
					return nil, err
				}
				break
			}
		}
		e, err := s.recvEntry(flags, last)
		if err != nil {
			return nil, err
		}
		if strings.HasPrefix(e.name, "/") || e.name == ".." || strings.HasPrefix(e.name, "../") || strings.Contains(e.name, "/../") || strings.HasSuffix(e.name, "/..") {
			s.errorf(msgError, "ABORTING due to unsafe pathname from sender: %s\n", e.name)
			return nil, fatal{code: rerrProtocol}
		}
		list = append(list, e)
		last = e
	}
	if s.opt.numericIDs {
		sortEntries(list)
		return list, nil
	}
	users, groups := map[int]string{}, map[int]string{}
	read := func(want bool, into map[int]string) error {
		if !want {
			return nil
		}
		for {
			id, err := s.w.varint()
			if err != nil {
				return err
			}
			if id == 0 && !s.id0Names {
				return nil
			}
			name, err := s.idName()
			if err != nil {
				return err
			}
			into[int(id)] = name
			if id == 0 {
				return nil
			}
		}
	}
	if err := read(s.opt.owner, users); err != nil {
		return nil, err
	}
	if err := read(s.opt.group, groups); err != nil {
		return nil, err
	}
	c := s.h.Cred
	for _, e := range list {
		if n, ok := users[e.uid]; ok {
			if id, ok := s.h.UserID(n); ok {
				e.uid = id
			}
		}
		if n, ok := groups[e.gid]; ok {
			if id, ok := s.h.GroupID(n); ok {
				e.gid = id
			}
		}
		e.skipGID = !c.IsRoot() && !c.InGroup(e.gid)
	}
	sortEntries(list)
	return list, nil
}

// localName is get_local_name: where the files go. single is the target
// path when one file is sent to a name that is not a directory.
func (s *server) localName(dest string, list []*entry) (base, single string, err error) {
	fsys, c := s.h.FS, s.h.Cred
	abs := s.h.Abs(dest)
	st, serr := fsys.Stat(c, abs)
	if serr == nil && st.IsDir() {
		return abs, "", nil
	}
	if len(list) == 1 && !list[0].isDir() && !strings.HasSuffix(dest, "/") {
		if serr != nil && !errors.Is(serr, fs.ErrNotExist) {
			s.syserr(msgError, serr, "ERROR: cannot stat destination %q", dest)
			return "", "", fatal{rerrFileSelect, "dest-stat"}
		}
		return path.Dir(abs), abs, nil
	}
	if serr != nil && !errors.Is(serr, fs.ErrNotExist) {
		s.syserr(msgError, serr, "ERROR: cannot stat destination %q", dest)
		return "", "", fatal{rerrFileSelect, "dest-stat"}
	}
	if serr == nil {
		s.errorf(msgError, "ERROR: destination must be a directory when copying more than 1 file\n")
		return "", "", fatal{code: rerrFileSelect}
	}
	if s.opt.dryRun {
		r := abs
		if s.opt.verbose > 0 {
			s.errorf(msgInfo, "created directory %s\n", strings.TrimSuffix(dest, "/"))
		}
		s.missingBase = true
		return r, "", nil
	}
	if err := fsys.Mkdir(c, abs, fs.FileMode(0o777&^s.h.Umask)); err != nil {
		s.syserr(msgError, err, "mkdir %q failed", strings.TrimSuffix(dest, "/"))
		return "", "", fatal{rerrFileIO, "dest-mkdir"}
	}
	if s.opt.verbose > 0 {
		s.errorf(msgInfo, "created directory %s\n", strings.TrimSuffix(dest, "/"))
	}
	return abs, "", nil
}

// receiving is one push: the generator's and the receiver's shared view.
type receiving struct {
	s        *server
	list     []*entry
	base     string
	single   string
	redo     chan []int32
	finished chan struct{}
	skip     []string // directories that could not be made
	deleted  [5]int32 // files, directories, symlinks, devices, specials deleted
}

func (r *receiving) target(e *entry) string {
	if r.single != "" {
		return r.single
	}
	if e.name == "." {
		return r.base + "/."
	}
	return path.Join(r.base, e.name)
}

// generate walks the list (generate_files): directories, links and
// attributes here, and a request with checksums for each file to send.
func (r *receiving) generate() error {
	s := r.s
	for i, e := range r.list {
		r.generateOne(int32(i), e, shortSumLen)
		if err := s.w.maybeFlush(); err != nil {
			return err
		}
	}
	s.w.putNdx(ndxDone)
	if err := s.w.flush(); err != nil {
		return err
	}
	var redo []int32
	select {
	case redo = <-r.redo: // the receiver has finished phase 0
	case <-r.finished: // or has stopped
		return nil
	}
	for _, i := range redo {
		r.generateOne(i, r.list[i], fullSumLen)
	}
	s.w.putNdx(ndxDone)
	s.w.putNdx(ndxDone)
	if s.opt.stats && s.opt.delete {
		s.w.putNdx(ndxDelStats)
		for _, n := range r.deleted {
			s.w.putVarint(n)
		}
	}
	s.w.putNdx(ndxDone)
	if err := s.w.flush(); err != nil {
		return err
	}
	<-r.finished
	r.touchUpDirs()
	return nil
}

func (r *receiving) skipped(name string) bool {
	for _, d := range r.skip {
		if strings.HasPrefix(name, d+"/") {
			return true
		}
	}
	return false
}

func (r *receiving) generateOne(ndx int32, e *entry, csumLen int) {
	s, fsys, c := r.s, r.s.h.FS, r.s.h.Cred
	if r.skipped(e.name) {
		return
	}
	dst := r.target(e)
	st, err := fsys.Lstat(c, dst)
	exists := err == nil && !s.missingBase
	if s.opt.dryRun {
		r.pretend(ndx, e, st, exists)
		return
	}
	switch {
	case e.isDir():
		if exists && !st.IsDir() {
			r.remove(dst, st)
			exists = false
		}
		if !exists {
			if err := fsys.Mkdir(c, dst, vfs.FromUnixMode(e.mode|0o700)); err != nil && !s.opt.dryRun {
				s.syserrAs("generator", msgErrXfer, err, "recv_generator: mkdir %q failed", dst)
				s.errorf(msgErrXfer, "*** Skipping any contents from this failed directory ***\n")
				s.ioError.Or(ioErrGeneral)
				r.skip = append(r.skip, e.name)
				r.itemize(ndx, e, nil, itemIsNew|itemLocal)
				return
			}
			r.itemize(ndx, e, nil, itemIsNew|itemLocal)
		} else {
			r.itemize(ndx, e, st, 0)
			r.setAttrs(dst, e, true)
		}
		if s.opt.delete && s.opt.recursive {
			r.deleteExtraneous(e, dst)
		}
	case e.isLink():
		if !s.opt.links {
			return
		}
		if exists && st.Mode&fs.ModeSymlink != 0 && st.Target == e.target {
			r.itemize(ndx, e, st, 0)
			return
		}
		if exists {
			r.remove(dst, st)
		}
		if err := fsys.Symlink(c, e.target, dst); err != nil {
			s.syserrAs("generator", msgErrXfer, err, "symlink %q -> %q failed", dst, e.target)
			s.ioError.Or(ioErrGeneral)
			return
		}
		if s.opt.times {
			fsys.Lchtimes(c, dst, e.modTime(), e.modTime())
		}
		if s.opt.owner && s.h.Cred.IsRoot() {
			fsys.Lchown(c, dst, e.uid, e.gid)
		}
		flags := itemLocal
		if !exists {
			flags |= itemIsNew
		}
		r.itemize(ndx, e, nil, flags)
	case e.isReg():
		if exists && st.IsDir() {
			r.remove(dst, st)
			exists = false
		}
		if exists && st.Mode.IsRegular() && r.upToDate(dst, e, st) {
			r.itemize(ndx, e, st, 0)
			r.setAttrs(dst, e, true)
			return
		}
		iflags := itemTransfer
		if !exists {
			iflags |= itemIsNew
		} else {
			iflags |= r.changes(e, st)
		}
		s.w.putNdx(ndx)
		s.w.putShort(iflags)
		if !exists || !st.Mode.IsRegular() || s.opt.wholeFile || st.Size == 0 {
			s.w.putInt32(0)
			s.w.putInt32(0)
			s.w.putInt32(0)
			s.w.putInt32(0)
			return
		}
		data, err := fsys.ReadFile(c, dst)
		if err != nil {
			for range 4 {
				s.w.putInt32(0)
			}
			return
		}
		h := sumSizes(int64(len(data)), csumLen)
		s.w.putInt32(h.count)
		s.w.putInt32(h.blength)
		s.w.putInt32(h.s2length)
		s.w.putInt32(h.remainder)
		for off := 0; off < len(data); off += int(h.blength) {
			block := data[off:min(off+int(h.blength), len(data))]
			s.w.putInt32(int32(checksum1(block)))
			s.w.putBytes(s.checksum2(block)[:h.s2length])
			s.w.maybeFlush()
		}
	}
}

// pretend reports what generateOne would do, changing nothing (-n).
func (r *receiving) pretend(ndx int32, e *entry, st *vfs.Info, exists bool) {
	s := r.s
	switch {
	case !exists:
		flags := itemIsNew | itemLocal
		if e.isReg() {
			flags = itemIsNew | itemTransfer
		}
		if e.isLink() && !s.opt.links {
			return
		}
		r.itemize(ndx, e, nil, flags)
	case e.isReg() && (!st.Mode.IsRegular() || !r.upToDate(r.target(e), e, st)):
		s.w.putNdx(ndx)
		s.w.putShort(itemTransfer | r.changes(e, st))
	case e.isLink() && (st.Mode&fs.ModeSymlink == 0 || st.Target != e.target):
		r.itemize(ndx, e, nil, itemLocal)
	default:
		r.itemize(ndx, e, st, 0)
	}
	if e.isDir() && exists && s.opt.delete && s.opt.recursive {
		r.deleteExtraneous(e, r.target(e))
	}
}

// upToDate is rsync's quick check: same size and time, or with -c the same
// checksum, or with --size-only the same size.
func (r *receiving) upToDate(dst string, e *entry, st *vfs.Info) bool {
	s := r.s
	switch {
	case st.Size != e.size:
		return false
	case s.opt.checksum:
		data, err := s.h.FS.ReadFile(s.h.Cred, dst)
		sum := md5.Sum(data)
		return err == nil && bytes.Equal(sum[:], e.sum)
	case s.opt.ignoreTimes:
		return false
	}
	return s.opt.sizeOnly || st.ModTime.Unix() == e.mtime
}

// changes are the itemize bits for what differs from st.
func (r *receiving) changes(e *entry, st *vfs.Info) int {
	s := r.s
	flags := 0
	if e.isReg() && st.Size != e.size {
		flags |= itemSize
	}
	if s.opt.times && !e.isLink() && st.ModTime.Unix() != e.mtime {
		flags |= itemTime
	}
	if s.opt.perms && !e.isLink() && vfs.UnixMode(st.Mode)&0o7777 != e.mode&0o7777 {
		flags |= itemPerms
	}
	if s.opt.owner && s.h.Cred.IsRoot() && st.UID != e.uid {
		flags |= itemOwner
	}
	if s.opt.group && !e.skipGID && st.GID != e.gid {
		flags |= itemGroup
	}
	return flags
}

// itemize tells the client of an entry not transferred, when it matters.
func (r *receiving) itemize(ndx int32, e *entry, st *vfs.Info, flags int) {
	if st != nil {
		flags |= r.changes(e, st)
	}
	if flags&significant == 0 && r.s.opt.verbose < 2 {
		return
	}
	r.s.w.putNdx(ndx)
	r.s.w.putShort(flags)
}

func (r *receiving) remove(p string, st *vfs.Info) {
	fsys, c := r.s.h.FS, r.s.h.Cred
	if st.IsDir() {
		infos, _ := fsys.ReadDir(c, p)
		for _, i := range infos {
			r.remove(path.Join(p, i.Name), i)
		}
		fsys.Rmdir(c, p)
		return
	}
	fsys.Unlink(c, p)
}

// deleteExtraneous removes what the directory has and the list lacks
// (delete_in_dir), telling the client of each as MSG_DELETED.
func (r *receiving) deleteExtraneous(e *entry, dir string) {
	s, fsys, c := r.s, r.s.h.FS, r.s.h.Cred
	if r.single != "" {
		return
	}
	want := map[string]bool{}
	prefix := e.name + "/"
	if e.name == "." {
		prefix = ""
	}
	for _, f := range r.list {
		if rest, ok := strings.CutPrefix(f.name, prefix); ok && rest != "" && !strings.Contains(rest, "/") {
			want[rest] = true
		}
	}
	infos, err := fsys.ReadDir(c, dir)
	if err != nil {
		return
	}
	for i := len(infos) - 1; i >= 0; i-- {
		st := infos[i]
		if want[st.Name] || s.excluded(st.Name) {
			continue
		}
		r.deleteTree(path.Join(dir, st.Name), prefix+st.Name, st)
	}
}

func (r *receiving) deleteTree(abs, name string, st *vfs.Info) {
	s, fsys, c := r.s, r.s.h.FS, r.s.h.Cred
	var err error
	if st.IsDir() {
		infos, _ := fsys.ReadDir(c, abs)
		for i := len(infos) - 1; i >= 0; i-- {
			r.deleteTree(path.Join(abs, infos[i].Name), name+"/"+infos[i].Name, infos[i])
		}
	}
	switch {
	case s.opt.dryRun:
	case st.IsDir():
		err = fsys.Rmdir(c, abs)
	default:
		err = fsys.Unlink(c, abs)
	}
	if err != nil {
		what := "delete_file: unlink"
		if st.IsDir() {
			what = "delete_file: rmdir"
		}
		s.syserrAs("generator", msgErrXfer, err, "%s(%s) failed", what, name)
		s.ioError.Or(ioErrGeneral)
		return
	}
	msg := []byte(name)
	switch {
	case st.IsDir():
		msg = append(msg, 0)
		r.deleted[1]++
	case st.Mode&fs.ModeSymlink != 0:
		r.deleted[2]++
	default:
		r.deleted[0]++
	}
	s.w.message(msgDeleted, msg)
}

// setAttrs gives a file the mode, times and owner the list says; report
// is false for a directory's touch-up after its contents, which says
// nothing a first try has not said.
func (r *receiving) setAttrs(p string, e *entry, report bool) {
	s, fsys, c := r.s, r.s.h.FS, r.s.h.Cred
	if s.opt.owner && c.IsRoot() || s.opt.group && !e.skipGID {
		uid, gid := -1, -1
		if s.opt.owner && c.IsRoot() {
			uid = e.uid
		}
		if s.opt.group && !e.skipGID {
			gid = e.gid
		}
		fsys.Lchown(c, p, uid, gid)
	}
	st, _ := fsys.Lstat(c, p)
	if s.opt.perms && (st == nil || vfs.UnixMode(st.Mode)&0o7777 != e.mode&0o7777) {
		if err := fsys.Chmod(c, p, vfs.FromUnixMode(e.mode)); err != nil && report {
			s.syserrAs("generator", msgErrXfer, err, "failed to set permissions on %q", p)
			s.ioError.Or(ioErrGeneral)
		}
	}
	if s.opt.times && (st == nil || !st.ModTime.Equal(e.modTime())) {
		if err := fsys.Chtimes(c, p, e.modTime(), e.modTime()); err != nil && report {
			s.syserrAs("generator", msgErrXfer, err, "failed to set times on %q", p)
			s.ioError.Or(ioErrGeneral)
		}
	}
}

// touchUpDirs sets directories' modes and times once their contents are in.
func (r *receiving) touchUpDirs() {
	if r.s.opt.dryRun {
		return
	}
	for i := len(r.list) - 1; i >= 0; i-- {
		if e := r.list[i]; e.isDir() && !r.skipped(e.name) {
			if st, err := r.s.h.FS.Lstat(r.s.h.Cred, r.target(e)); err == nil && st.IsDir() {
				r.setAttrs(r.target(e), e, false)
			}
		}
	}
}

// receive reads what the client's sender sends (recv_files).
func (r *receiving) receive() error {
	s := r.s
	phase := 0
	var redo []int32
	for {
		ndx, err := s.readNdx()
		if err != nil {
			return err
		}
		if ndx == ndxDone {
			phase++
			if phase == 1 {
				r.redo <- redo
				redo = nil
			}
			if phase > 2 {
				return nil
			}
			continue
		}
		if ndx < 0 || int(ndx) >= len(r.list) {
			s.errorf(msgError, "Invalid file index: %d [receiver]\n", ndx)
			return fatal{code: rerrProtocol}
		}
		iflags, err := s.w.shortint()
		if err != nil {
			return err
		}
		if iflags&itemBasis != 0 {
			if _, err := s.w.byte(); err != nil {
				return err
			}
		}
		if iflags&itemXname != 0 {
			if _, err := s.w.vstring(); err != nil {
				return err
			}
		}
		if iflags&itemTransfer == 0 || s.opt.dryRun {
			continue
		}
		ok, err := r.receiveFile(r.list[ndx], phase)
		if err != nil {
			return err
		}
		if !ok && phase == 0 {
			redo = append(redo, ndx)
		}
	}
}

// receiveFile builds one file from the delta into a temporary file beside
// it, checks the whole-file checksum and renames it into place. ok is false
// when the checksum did not match.
func (r *receiving) receiveFile(e *entry, phase int) (bool, error) {
	s, fsys, c := r.s, r.s.h.FS, r.s.h.Cred
	var h sumHead
	var err error
	for _, p := range []*int32{&h.count, &h.blength, &h.s2length, &h.remainder} {
		if *p, err = s.w.int32(); err != nil {
			return false, err
		}
	}
	dst := r.target(e)
	var basis []byte
	if h.count > 0 {
		basis, _ = fsys.ReadFile(c, dst)
	}
	tmp := path.Join(path.Dir(dst), "."+path.Base(dst)+"."+randomSuffix())
	f, ferr := fsys.OpenFile(c, tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if ferr != nil {
		s.syserrAs("receiver", msgErrXfer, ferr, "mkstemp %q failed", tmp)
		s.ioError.Or(ioErrGeneral)
	}
	var out bytes.Buffer
	var werr error
	tr := s.newTokenReader()
	for {
		data, token, done, err := tr.next()
		if err != nil {
			if f != nil {
				f.Close()
				r.abandon(tmp, dst)
			}
			return false, err
		}
		if done {
			break
		}
		if token >= 0 {
			off := int64(token) * int64(h.blength)
			n := int64(h.blength)
			if token == h.count-1 && h.remainder != 0 {
				n = int64(h.remainder)
			}
			if off+n > int64(len(basis)) || token >= h.count {
				s.errorf(msgError, "invalid token %d for %s [receiver]\n", token, e.name)
				return false, fatal{code: rerrProtocol}
			}
			data = basis[off : off+n]
		}
		out.Write(data)
		if ferr == nil && werr == nil {
			if _, werr = f.Write(data); werr != nil {
				s.syserrAs("receiver", msgErrXfer, werr, "write failed on %q", dst)
			}
		}
	}
	sum := make([]byte, 16)
	if err := s.w.read(sum); err != nil {
		return false, err
	}
	if ferr != nil {
		return true, nil
	}
	f.Close()
	if werr != nil {
		r.abandon(tmp, dst)
		return false, fatal{rerrFileIO, "write"}
	}
	got := md5.Sum(out.Bytes())
	if !bytes.Equal(got[:], sum) {
		fsys.Unlink(c, tmp)
		if phase == 0 {
			return false, nil
		}
		s.errorf(msgErrXfer, "ERROR: %s failed verification -- update discarded.\n", e.name)
		s.ioError.Or(ioErrGeneral)
		return true, nil
	}
	r.setAttrs(tmp, e, true)
	if !s.opt.perms {
		fsys.Chmod(c, tmp, fs.FileMode(e.mode&0o777&^s.h.Umask))
	}
	if err := fsys.Rename(c, tmp, dst); err != nil {
		s.syserrAs("receiver", msgErrXfer, err, "rename %q -> %q", tmp, dst)
		s.ioError.Or(ioErrGeneral)
		fsys.Unlink(c, tmp)
		return true, nil
	}
	if s.h.Wrote != nil {
		s.h.Wrote(dst, int64(out.Len()))
	}
	return true, nil
}

// abandon drops a temporary file, or with --partial keeps what came.
func (r *receiving) abandon(tmp, dst string) {
	fsys, c := r.s.h.FS, r.s.h.Cred
	if r.s.opt.partial {
		if err := fsys.Rename(c, tmp, dst); err == nil {
			return
		}
	}
	fsys.Unlink(c, tmp)
}

func randomSuffix() string {
	const letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, 6)
	for i := range b {
		b[i] = letters[rand.IntN(len(letters))]
	}
	return string(b)
}
