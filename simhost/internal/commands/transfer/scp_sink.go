package transfer

import (
	"io"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/hostile-lab/hostile/simhost/events"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

// sink receives files into targ (scp -t) until E or the end of input.
func (x *scpRun) sink(targ string) error {
	fsys, c := x.p.M.FS, x.p.Cred()
	if x.dirTarget {
		st, err := fsys.Stat(c, x.p.Abs(targ))
		if err == nil && !st.IsDir() {
			err = syscall.ENOTDIR
		}
		if err != nil {
			x.runErr("%s: %s", targ, x.p.Strerror(err))
			return errScpExit
		}
	}
	x.ack()
	st, err := fsys.Stat(c, x.p.Abs(targ))
	targIsDir := err == nil && st.IsDir()
	// times, from a T record, are the atime and mtime for the next file or
	// directory; like scp we forget them once set, and only then.
	var times []time.Time
	for first := true; ; first = false {
		line, err := x.record()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch line[0] {
		case 1, 2: // the other end's error
			if line[0] == 2 {
				return errScpExit
			}
			x.errs++
			continue
		case 'E':
			x.ack()
			return nil
		}
		line = strings.TrimSuffix(line, "\n")
		switch line[0] {
		case 'T':
			if times, err = x.parseTimes(line[1:]); err != nil {
				return err
			}
			x.ack()
			continue
		case 'C', 'D':
		default:
			if first { // e.g. a shell's "No match." before scp ran
				x.runErr("%s", line)
				return errScpExit
			}
			return x.screwup("expected control record")
		}
		mode, size, name, err := x.parseRecord(line)
		if err != nil {
			return err
		}
		np := targ
		if targIsDir { // as scp joins them: "/tmp/" gives "/tmp//name"
			np = targ + "/" + name
			if targ == "/" {
				np = "/" + name
			}
		}
		if line[0] == 'D' {
			err = x.receiveDir(np, mode, &times)
		} else {
			err = x.receiveFile(np, mode, size, &times)
		}
		if err != nil {
			return err
		}
	}
}

// record reads one control record, newline included; io.EOF when the input
// ends before it.
func (x *scpRun) record() (string, error) {
	b, err := x.in.ReadByte()
	if err != nil {
		return "", io.EOF
	}
	if b == '\n' {
		return "", x.screwup("unexpected <newline>")
	}
	line := []byte{b}
	for b != '\n' && len(line) < 2047 { // scp's 2048-byte buffer
		if b, err = x.in.ReadByte(); err != nil {
			return "", x.screwup("lost connection")
		}
		line = append(line, b)
	}
	if x.verbose {
		x.p.Stderr.Write(append([]byte("Sink: "), line...))
	}
	return string(line), nil
}

// parseTimes reads "T<mtime> <usec> <atime> <usec>" after the T, giving the
// atime and mtime to set.
func (x *scpRun) parseTimes(s string) ([]time.Time, error) {
	var secs [2]uint64
	for i, what := range []string{"mtime", "atime"} {
		sec, rest, ok := scpNumber(s)
		if !ok {
			return nil, x.screwup(what + ".sec not present")
		}
		if rest, ok = strings.CutPrefix(rest, " "); !ok {
			return nil, x.screwup(what + ".sec not delimited")
		}
		usec, rest, _ := scpNumber(rest)
		if i == 0 {
			rest, ok = strings.CutPrefix(rest, " ")
		} else {
			ok = rest == ""
		}
		if !ok || usec > 999999 {
			return nil, x.screwup(what + ".usec not delimited")
		}
		secs[i], s = sec, rest
	}
	return []time.Time{time.Unix(int64(secs[1]), 0), time.Unix(int64(secs[0]), 0)}, nil
}

// scpNumber reads leading decimal digits, as strtoull does.
func scpNumber(s string) (n uint64, rest string, ok bool) {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	n, err := strconv.ParseUint(s[:i], 10, 64)
	if err != nil && i > 0 {
		n = ^uint64(0) // saturates like strtoull
	}
	return n, s[i:], i > 0
}

// parseRecord reads "C0644 <size> <name>" (or D): the mode less the umask
// unless -p, the size and a name that must stay in the target directory.
func (x *scpRun) parseRecord(line string) (mode uint32, size int64, name string, err error) {
	if len(line) < 5 {
		return 0, 0, "", x.screwup("bad mode")
	}
	for _, ch := range line[1:5] {
		if ch < '0' || ch > '7' {
			return 0, 0, "", x.screwup("bad mode")
		}
		mode = mode<<3 | uint32(ch-'0')
	}
	if !x.preserve {
		mode &^= x.p.Umask
	}
	rest, ok := strings.CutPrefix(line[5:], " ")
	if !ok {
		return 0, 0, "", x.screwup("mode not delimited")
	}
	n, rest, ok := scpNumber(rest)
	switch {
	case !ok:
		return 0, 0, "", x.screwup("size not present")
	case !strings.HasPrefix(rest, " "):
		return 0, 0, "", x.screwup("size not delimited")
	case n > 1<<63-1:
		return 0, 0, "", x.screwup("size out of range")
	}
	name = rest[1:]
	if name == "" || name == "." || name == ".." || strings.Contains(name, "/") {
		x.runErr("error: unexpected filename: %s", name)
		return 0, 0, "", errScpExit
	}
	return mode, int64(n), name, nil
}

// umask is the one scp creates with: none with -p, which sets modes exactly.
func (x *scpRun) umask() uint32 {
	if x.preserve {
		return 0
	}
	return x.p.Umask
}

// receiveDir makes or reuses directory np and receives into it.
func (x *scpRun) receiveDir(np string, mode uint32, times *[]time.Time) error {
	if !x.recursive {
		return x.screwup("received directory without -r")
	}
	fsys, c, abs := x.p.M.FS, x.p.Cred(), x.p.Abs(np)
	setMode := x.preserve
	if st, err := fsys.Stat(c, abs); err == nil {
		if !st.IsDir() {
			x.runErr("%s: %s", np, x.p.Strerror(syscall.ENOTDIR))
			return nil
		}
		if x.preserve {
			fsys.Chmod(c, abs, vfs.FromUnixMode(mode))
		}
	} else {
		setMode = true // owner rwx while filling it, the real mode after
		if err := fsys.Mkdir(c, abs, vfs.FromUnixMode((mode|0o700)&^x.umask())); err != nil {
			x.runErr("%s: %s", np, x.p.Strerror(err))
			return nil
		}
	}
	if err := x.sink(np); err != nil {
		return err
	}
	if t := *times; t != nil {
		*times = nil
		fsys.Chtimes(c, abs, t[0], t[1])
	}
	if setMode {
		fsys.Chmod(c, abs, vfs.FromUnixMode(mode))
	}
	return nil
}

// receiveFile writes the next size bytes of input to np. Errors writing are
// sent after the data, which is read whatever happens.
func (x *scpRun) receiveFile(np string, mode uint32, size int64, times *[]time.Time) error {
	fsys, c, abs := x.p.M.FS, x.p.Cred(), x.p.Abs(np)
	st, err := fsys.Stat(c, abs)
	exists := err == nil
	omode := mode
	mode |= 0o200 // scp must be able to write it
	f, err := fsys.OpenFile(c, abs, os.O_WRONLY|os.O_CREATE, vfs.FromUnixMode(mode&^x.umask()))
	if err != nil {
		x.runErr("%s: %s", np, x.p.Strerror(err))
		return nil
	}
	defer f.Close()
	x.ack()
	buf := make([]byte, scpChunk)
	wrerr := false
	for left := size; left > 0; {
		chunk := buf[:min(int64(len(buf)), left)]
		if _, err := io.ReadFull(x.in, chunk); err != nil {
			x.runErr("Broken pipe") // strerror(EPIPE), which atomicio sets at EOF
			return errScpExit
		}
		left -= int64(len(chunk))
		if _, err := f.Write(chunk); err != nil && !wrerr {
			x.note("%s: %s", np, x.p.Strerror(err))
			wrerr = true
		}
	}
	if !wrerr && (!exists || st.Mode.IsRegular()) {
		if err := f.Truncate(size); err != nil {
			x.note("%s: truncate: %s", np, x.p.Strerror(err))
		}
	}
	if set, to := x.finalMode(exists, omode, mode); set {
		if err := fsys.Chmod(c, abs, vfs.FromUnixMode(to)); err != nil {
			x.note("%s: set mode: %s", np, x.p.Strerror(err))
		}
	}
	if _, err := x.response(); err != nil {
		return err
	}
	if t := *times; t != nil && !wrerr {
		*times = nil
		if err := fsys.Chtimes(c, abs, t[0], t[1]); err != nil {
			x.note("%s: set times: %s", np, x.p.Strerror(err))
		}
	}
	x.log(events.FileWrite, abs, size)
	if !x.sendNoted() {
		x.ack()
	}
	return nil
}

// finalMode is whether, and to what, a received file's mode is set after its
// data: with -p always to the sent mode, without only for a new file that
// had to be created writable.
func (x *scpRun) finalMode(exists bool, omode, created uint32) (bool, uint32) {
	if x.preserve {
		return exists || omode != created, omode
	}
	return !exists && omode != created, omode &^ x.p.Umask
}
