package archive

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"math"
	"os"
	"path"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

// tar is GNU tar 1.34 (Debian 12; 1.34 on Debian 11 too) over archive/tar:
// create, extract, list and compare (-d), with -z, -C, -f -, -v/-vv,
// --strip-components, the old bundled form (tar xzf a.tgz) and what backup
// tools drive it with: --totals, -T/--null, -X, --ignore-failed-read,
// -g/--listed-incremental, -N/--newer/--after-date/--newer-mtime,
// --numeric-owner, and the options a single filesystem makes moot
// (--one-file-system, --sparse, --sort).
func init() {
	// Its messages start with argv[0] as given ("/bin/tar: ..."); argp's "Try"
	// line and the gzip child's "tar (child)" use the short name.
	shell.Register(shell.Command{Name: "tar", Only: "gnu", Run: tarCmd})
}

const tarVersion = `tar (GNU tar) 1.34
Copyright (C) 2021 Free Software Foundation, Inc.
License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.
This is free software: you are free to change and redistribute it.
There is NO WARRANTY, to the extent permitted by law.

Written by John Gilmore and Jay Fenlason.
`

var tarOpts = progkit.Getopt{Short: "cxtdf:zvC:pkohOPT:X:g:N:S", Long: []string{"create=c", "extract=x", "get=x", "list=t", "file:=f", "gzip=z",
	"gunzip=z", "ungzip=z", "verbose=v", "directory:=C", "preserve-permissions=p", "same-permissions=p", "keep-old-files=k",
	"no-same-owner=o", "dereference=h", "to-stdout=O", "absolute-names=P", "strip-components:", "exclude:", "version",
	"overwrite", "no-same-permissions", "same-owner", "numeric-owner", "warning:", "wildcards", "bzip2=j", "xz=J", "append=r", "update=u",
	"diff=d", "compare=d", "files-from:=T", "exclude-from:=X", "null", "listed-incremental:=g", "newer:=N", "after-date:=N",
	"newer-mtime:", "totals", "ignore-failed-read", "one-file-system", "sparse=S", "sort:"},
	Argp: true, NotEmulated: []string{"j", "J", "bzip2", "xz", "r", "u", "append", "update"}}

// tarExpandOld turns tar's old form (first word without a dash, its letters'
// arguments taken from the words after it) into getopt's.
func tarExpandOld(args []string) []string {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return args
	}
	letters, rest := args[0], args[1:]
	var out []string
	for i := 0; i < len(letters); i++ {
		l := letters[i]
		if (l == 'f' || l == 'C') && len(rest) > 0 {
			out = append(out, "-"+string(l), rest[0])
			rest = rest[1:]
			continue
		}
		out = append(out, "-"+string(l))
	}
	return append(out, rest...)
}

// tarRun is one invocation.
type tarRun struct {
	p                          *shell.Proc
	c                          progkit.Cmdline
	dir                        string
	verbose, gz, abs, toStdout bool
	verbosity                  int // -v given twice lists as -tv does
	strip                      int
	excludes                   []string
	failed                     bool
	ignoreFailed               bool      // --ignore-failed-read: unreadable files are warnings
	devNull                    bool      // the archive is /dev/null: tar reads no file's data
	newer                      time.Time // -N/--newer-mtime: older files are not dumped
	newerCtime                 bool      // -N compares the change time too
	snar                       *tarSnapshot
	dumpdirs                   map[string]string // -g: each directory's dumpdir
}

func tarCmd(p *shell.Proc) int {
	c, code, ok := tarOpts.Parse(p, tarExpandOld(p.Args()))
	if !ok {
		return code
	}
	if c.Has("version") {
		p.Printf("%s", tarVersion)
		return 0
	}
	modes := 0
	for _, m := range []string{"c", "x", "t", "d"} {
		if c.Has(m) {
			modes++
		}
	}
	if modes != 1 {
		if modes == 0 {
			p.Errorf("You must specify one of the '-Acdtrux', '--delete' or '--test-label' options")
		} else {
			p.Errorf("You may not specify more than one '-Acdtrux', '--delete' or  '--test-label' option")
		}
		fmt.Fprintf(p.Stderr, "Try '%s --help' or '%s --usage' for more information.\n", p.Name(), p.Name())
		return 2
	}
	t := &tarRun{p: p, c: c, dir: p.Dir, verbose: c.Has("v"), verbosity: len(c.All("v")), gz: c.Has("z"), abs: c.Has("P"),
		toStdout: c.Has("O"), excludes: c.All("exclude"), ignoreFailed: c.Has("ignore-failed-read")}
	if v, ok := c.Value("strip-components"); ok {
		fmt.Sscanf(v, "%d", &t.strip)
	}
	for _, f := range c.All("X") {
		data, err := p.M.FS.ReadFile(p.Cred(), p.Abs(f))
		if err != nil {
			return t.fatal("%s: %s", f, p.Strerror(err))
		}
		for _, l := range strings.Split(string(data), "\n") {
			if l != "" {
				t.excludes = append(t.excludes, l)
			}
		}
	}
	if !t.dates() {
		return 2
	}
	archive, _ := c.Value("f")
	if archive == "" {
		archive = "-"
	}
	switch {
	case c.Has("c"):
		return t.create(archive)
	case c.Has("d"):
		return t.compare(archive)
	default:
		return t.read(archive, c.Has("x"))
	}
}

// fatal prints a message and tar's "not recoverable" line, status 2.
func (t *tarRun) fatal(format string, args ...any) int {
	t.p.Errorf(format, args...)
	t.p.Errorf("Error is not recoverable: exiting now")
	return 2
}

// unrecoverable ends tar after an error already printed.
func (t *tarRun) unrecoverable() int {
	t.p.Errorf("Error is not recoverable: exiting now")
	return 2
}

func (t *tarRun) status() int {
	if t.failed {
		t.p.Errorf("Exiting with failure status due to previous errors")
		return 2
	}
	return 0
}

// chdir applies -C, which takes effect for the names after it; tar here
// applies the last -C to every name, which is what scripts use it for.
func (t *tarRun) chdir() bool {
	if d, ok := t.c.Value("C"); ok {
		abs := t.p.Abs(d)
		info, err := t.p.M.FS.Stat(t.p.Cred(), abs)
		if err == nil && !info.Mode.IsDir() {
			err = syscall.ENOTDIR
		}
		if err != nil {
			t.p.Errorf("%s: Cannot open: %s", d, t.p.Strerror(err))
			return false
		}
		t.dir = abs
	}
	return true
}

func (t *tarRun) excluded(name string) bool {
	for _, pat := range t.excludes {
		if ok, _ := path.Match(pat, path.Base(name)); ok {
			return true
		}
		if ok, _ := path.Match(pat, name); ok {
			return true
		}
	}
	return false
}

// names are the operands, then -T's list (lines, or NUL-separated with --null).
func (t *tarRun) names() ([]string, bool) {
	p := t.p
	names := slices.Clone(t.c.Operands)
	for _, f := range t.c.All("T") {
		var data []byte
		var err error
		if f == "-" {
			data, err = p.ReadAll(p.Stdin)
		} else {
			data, err = p.M.FS.ReadFile(p.Cred(), p.Abs(f))
		}
		if err != nil {
			t.fatal("%s: Cannot stat: %s", f, p.Strerror(err))
			return nil, false
		}
		sep := "\n"
		if t.c.Has("null") {
			sep = "\x00"
		}
		for _, n := range strings.Split(string(data), sep) {
			if n != "" {
				names = append(names, n)
			}
		}
	}
	return names, true
}

func (t *tarRun) create(archive string) int {
	p := t.p
	names, ok := t.names()
	if !ok {
		return 2
	}
	if len(names) == 0 {
		p.Errorf("Cowardly refusing to create an empty archive")
		fmt.Fprintf(p.Stderr, "Try '%s --help' or '%s --usage' for more information.\n", p.Name(), p.Name())
		return 2
	}
	if !t.chdir() {
		return t.unrecoverable()
	}
	t.devNull = archive == "-" && p.IsDevNull(p.Stdout) || archive != "-" && p.Abs(archive) == "/dev/null"
	if g, ok := t.c.Value("g"); ok {
		t.snar = readSnapshot(p, g)
		t.dumpdirs = map[string]string{}
	}
	var buf bytes.Buffer
	var out io.Writer = &buf
	var zw *gzip.Writer
	if t.gz {
		zw = gzip.NewWriter(&buf)
		zw.OS = 3
		out = zw
	}
	written := &countingWriter{w: out}
	tw := tar.NewWriter(written)
	warnedAbs := false
	var list io.Writer = p.Stdout
	if archive == "-" {
		list = p.Stderr // the archive has stdout
	}
	for _, name := range names {
		member := name
		if !t.abs && strings.HasPrefix(member, "/") {
			member = strings.TrimLeft(member, "/")
			if !warnedAbs {
				p.Errorf("Removing leading `/' from member names")
				// GNU tar 1.34 says it of hard link targets too when it
				// reads its names from a list or is given several.
				if len(names) > 1 || t.c.Has("T") {
					p.Errorf("Removing leading `/' from hard link targets")
				}
				warnedAbs = true
			}
			if member == "" {
				member = "."
			}
		}
		abs := name
		if !path.IsAbs(abs) {
			abs = path.Join(t.dir, name)
		}
		t.add(tw, abs, name, member, list)
	}
	tw.Close()
	// GNU tar writes whole records of 20 blocks (10240 bytes), zeros after
	// the end-of-archive blocks.
	if rest := written.n % tarRecordSize; rest != 0 {
		written.Write(make([]byte, tarRecordSize-rest))
	}
	if zw != nil {
		zw.Close()
	}
	if t.snar != nil {
		t.snar.write(p, t.dumpdirs)
	}
	if archive == "-" {
		p.Stdout.Write(buf.Bytes())
	} else if !t.devNull {
		abs := p.Abs(archive)
		if err := p.M.FS.WriteFile(p.Cred(), abs, buf.Bytes(), 0o666&^fs.FileMode(p.Umask)); err != nil {
			return t.fatal("%s: Cannot open: %s", archive, p.Strerror(err))
		}
	}
	if t.c.Has("totals") {
		n := int64(buf.Len())
		// The rate is tar's own clock's; the host does not time the copy,
		// so it shows the bytes over a nominal millisecond.
		fmt.Fprintf(p.Stderr, "Total bytes written: %d (%s, %s/s)\n", n, tarHuman(n), tarHuman(n*1000))
	}
	return t.status()
}

// tarHuman is the size as tar's --totals shows it (human_readable with
// powers of 1024 and one decimal under 10).
func tarHuman(n int64) string {
	units := []string{"B", "KiB", "MiB", "GiB", "TiB"}
	v := float64(n)
	i := 0
	for v >= 1024 && i < len(units)-1 {
		v /= 1024
		i++
	}
	if i > 0 && v < 10 {
		return fmt.Sprintf("%.1f%s", math.Ceil(v*10)/10, units[i])
	}
	return fmt.Sprintf("%.0f%s", math.Ceil(v), units[i])
}

// tarJoin is the member name of a directory's entry: GNU tar keeps the name
// it was given ("./d" stays "./d", "." lists as "./a").
func tarJoin(dir, name string) string {
	if dir == "." || dir == "./" {
		return "./" + name
	}
	return strings.TrimSuffix(dir, "/") + "/" + name
}

// failRead reports a file tar cannot read: an error, or with
// --ignore-failed-read a warning that leaves the status alone.
func (t *tarRun) failRead(name, what string, err error) {
	if t.ignoreFailed {
		t.p.Errorf("%s: Warning: %s: %s", name, what, t.p.Strerror(err))
		return
	}
	t.p.Errorf("%s: %s: %s", name, what, t.p.Strerror(err))
	t.failed = true
}

// add writes abs (shown as name) and, for a directory, what is under it.
func (t *tarRun) add(tw *tar.Writer, abs, name, member string, list io.Writer) {
	p := t.p
	if t.excluded(member) {
		return
	}
	var info *vfs.Info
	var err error
	if t.c.Has("h") {
		info, err = p.M.FS.Stat(p.Cred(), abs)
	} else {
		info, err = p.M.FS.Lstat(p.Cred(), abs)
	}
	if err != nil {
		t.failRead(name, "Cannot stat", err)
		return
	}
	hdr := &tar.Header{
		Name: member, Mode: int64(vfs.UnixMode(info.Mode)), Uid: info.UID, Gid: info.GID,
		Uname: p.M.UserName(info.UID), Gname: p.M.GroupName(info.GID), ModTime: info.ModTime.Truncate(1e9), Format: tar.FormatGNU,
	}
	var data []byte
	switch {
	case info.Mode.IsDir():
		hdr.Typeflag = tar.TypeDir
		if !strings.HasSuffix(hdr.Name, "/") {
			hdr.Name += "/"
		}
	case info.Mode&fs.ModeSymlink != 0:
		hdr.Typeflag, hdr.Linkname = tar.TypeSymlink, info.Target
	case info.Mode.IsRegular():
		// GNU tar opens the file before it looks at the dates, and opens
		// nothing it would write to /dev/null.
		if t.devNull {
			data = make([]byte, info.Size)
		} else if data, err = p.M.FS.ReadFile(p.Cred(), abs); err != nil {
			t.failRead(name, "Cannot open", err)
			return
		}
		if t.unchanged(info) {
			if t.verbose && t.snar == nil {
				p.Errorf("%s: file is unchanged; not dumped", name)
			}
			return
		}
		hdr.Typeflag, hdr.Size = tar.TypeReg, int64(len(data))
	default:
		p.Errorf("%s: socket ignored", name)
		return
	}
	var entries []*vfs.Info
	if info.Mode.IsDir() {
		entries, err = p.M.FS.ReadDir(p.Cred(), abs)
		if err != nil {
			t.failRead(name, "Cannot open", err)
			return
		}
	}
	if t.snar != nil && info.Mode.IsDir() {
		if t.verbose && !t.snar.known[strings.TrimSuffix(name, "/")] {
			p.Errorf("%s: Directory is new", strings.TrimSuffix(name, "/"))
		}
		var dd strings.Builder
		for _, e := range entries {
			flag := "N"
			if e.Mode.IsDir() {
				flag = "D"
			} else if !t.unchanged(e) {
				flag = "Y"
			}
			dd.WriteString(flag + e.Name + "\x00")
		}
		dd.WriteString("\x00")
		t.dumpdirs[strings.TrimSuffix(name, "/")] = dd.String()
		hdr.Typeflag, hdr.Size, data = 'D', int64(dd.Len()), []byte(dd.String())
	}
	if err := tw.WriteHeader(hdr); err == nil && data != nil {
		tw.Write(data)
	}
	switch {
	case t.verbosity > 1:
		shown := *hdr
		if shown.Typeflag == 'D' {
			shown.Size = 0
		}
		fmt.Fprintln(list, tarLongLine(&shown, hdr.Name, t.c.Has("numeric-owner")))
	case t.verbose:
		fmt.Fprintln(list, hdr.Name)
	}
	for _, e := range entries {
		t.add(tw, path.Join(abs, e.Name), tarJoin(name, e.Name), tarJoin(member, e.Name), list)
	}
}

// unchanged reports a file older than -N's date (or -g's last dump), which
// tar leaves out.
func (t *tarRun) unchanged(info *vfs.Info) bool {
	since, ctime := t.newer, t.newerCtime
	if t.snar != nil && !t.snar.time.IsZero() {
		since, ctime = t.snar.time, true
	}
	if since.IsZero() {
		return false
	}
	if !info.ModTime.Before(since) {
		return false
	}
	return !ctime || info.ChangeTime.Before(since)
}

// dates reads -N/--newer/--after-date and --newer-mtime: a date, or a file
// (a name starting with / or .) whose modification time is the date.
func (t *tarRun) dates() bool {
	p := t.p
	for _, o := range []struct{ key, option string }{{"N", "--after-date"}, {"newer-mtime", "--newer-mtime"}} {
		v, ok := t.c.Value(o.key)
		if !ok {
			continue
		}
		t.newerCtime = o.key == "N"
		if strings.HasPrefix(v, "/") || strings.HasPrefix(v, ".") {
			info, err := p.M.FS.Stat(p.Cred(), p.Abs(v))
			if err != nil {
				t.fatal("%s: Cannot stat: %s", v, p.Strerror(err))
				return false
			}
			t.newer = info.ModTime
			continue
		}
		when, ok := tarParseDate(v)
		if !ok {
			p.Errorf("Substituting -9223372036854775807 for unknown date format '%s'", v)
			t.newer = time.Unix(-9223372036, 0)
			continue
		}
		t.newer = when
		if full := when.UTC().Format("2006-01-02 15:04:05"); t.verbose && full != v {
			p.Errorf("Option %s: Treating date '%s' as %s", o.option, v, full)
		}
	}
	return true
}

// tarParseDate reads the date forms scripts give tar: ISO dates with or
// without a time, and @seconds.
func tarParseDate(v string) (time.Time, bool) {
	if secs, ok := strings.CutPrefix(v, "@"); ok {
		n, err := strconv.ParseInt(secs, 10, 64)
		return time.Unix(n, 0).UTC(), err == nil
	}
	for _, layout := range []string{"2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02T15:04:05", "2006-01-02", "2006/01/02"} {
		if when, err := time.ParseInLocation(layout, v, time.UTC); err == nil {
			return when, true
		}
	}
	return time.Time{}, false
}

// tarSnapshot is a --listed-incremental file: GNU tar 1.34's format 2, its
// time of dump and the directories it has seen.
type tarSnapshot struct {
	file  string
	time  time.Time
	known map[string]bool
}

func readSnapshot(p *shell.Proc, file string) *tarSnapshot {
	s := &tarSnapshot{file: file, known: map[string]bool{}}
	data, err := p.M.FS.ReadFile(p.Cred(), p.Abs(file))
	if err != nil {
		return s // level 0
	}
	_, rest, _ := strings.Cut(string(data), "\n")
	fields := strings.Split(rest, "\x00")
	if len(fields) >= 2 {
		secs, _ := strconv.ParseInt(fields[0], 10, 64)
		nsecs, _ := strconv.ParseInt(fields[1], 10, 64)
		s.time = time.Unix(secs, nsecs)
	}
	// Each directory record: nfs, mtime s, mtime ns, dev, ino, name, then its dumpdir.
	for i := 2; i+5 < len(fields); {
		s.known[fields[i+5]] = true
		i += 6
		for i < len(fields) && fields[i] != "" {
			i++
		}
		i++
	}
	return s
}

func (s *tarSnapshot) write(p *shell.Proc, dumpdirs map[string]string) {
	now := time.Now()
	var b strings.Builder
	fmt.Fprintf(&b, "GNU tar-1.34-2\n%d\x00%d\x00", now.Unix(), now.Nanosecond())
	for _, dir := range slices.Sorted(maps.Keys(dumpdirs)) {
		var mtime time.Time
		var dev, ino uint64
		if info, err := p.M.FS.Stat(p.Cred(), p.Abs(dir)); err == nil {
			mtime, dev, ino = info.ModTime, info.Dev, info.Ino
		}
		fmt.Fprintf(&b, "0\x00%d\x00%d\x00%d\x00%d\x00%s\x00%s", mtime.Unix(), mtime.Nanosecond(), dev, ino, dir, dumpdirs[dir])
	}
	p.M.FS.WriteFile(p.Cred(), p.Abs(s.file), []byte(b.String()), 0o666&^fs.FileMode(p.Umask))
}

// compare is -d: each member against the file on disk, as GNU tar's diff.c
// reports them, status 1 when any differs.
func (t *tarRun) compare(archive string) int {
	p := t.p
	data, err := p.M.FS.ReadFile(p.Cred(), p.Abs(archive))
	if archive == "-" {
		data, err = p.ReadAll(p.Stdin)
	}
	if err != nil {
		return t.fatal("%s: Cannot open: %s", archive, p.Strerror(err))
	}
	if !t.chdir() {
		return t.unrecoverable()
	}
	var in io.Reader = bytes.NewReader(data)
	if len(data) >= 2 && data[0] == 0x1f && data[1] == 0x8b {
		zr, err := gzip.NewReader(in)
		if err != nil {
			return t.fatal("Child returned status 1")
		}
		in = zr
	}
	differs := false
	say := func(name, what string) {
		p.Printf("%s: %s\n", name, what)
		differs = true
	}
	tr := tar.NewReader(in)
	for {
		hdr, err := tr.Next()
		if err != nil {
			break
		}
		name := strings.TrimSuffix(hdr.Name, "/")
		if t.verbose {
			p.Printf("%s\n", hdr.Name)
		}
		info, err := p.M.FS.Lstat(p.Cred(), path.Join(t.dir, name))
		if err != nil {
			p.Errorf("%s: Warning: Cannot stat: %s", name, p.Strerror(err))
			differs = true
			continue
		}
		switch hdr.Typeflag {
		case tar.TypeDir, 'D':
			if !info.Mode.IsDir() {
				say(name, "File type differs")
				continue
			}
			if uint32(hdr.Mode)&0o7777 != vfs.UnixMode(info.Mode)&0o7777 {
				say(name, "Mode differs")
			}
		case tar.TypeSymlink:
			if info.Mode&fs.ModeSymlink == 0 || info.Target != hdr.Linkname {
				say(name, "Symlink differs")
			}
		case tar.TypeReg, 0:
			if !info.Mode.IsRegular() {
				say(name, "File type differs")
				continue
			}
			if uint32(hdr.Mode)&0o7777 != vfs.UnixMode(info.Mode)&0o7777 {
				say(name, "Mode differs")
			}
			if hdr.Uid != info.UID {
				say(name, "Uid differs")
			}
			if hdr.Gid != info.GID {
				say(name, "Gid differs")
			}
			if !hdr.ModTime.Equal(info.ModTime.Truncate(1e9)) {
				say(name, "Mod time differs")
			}
			if hdr.Size != info.Size {
				say(name, "Size differs")
				continue
			}
			want, _ := p.ReadAll(tr)
			got, err := p.M.FS.ReadFile(p.Cred(), path.Join(t.dir, name))
			if err != nil {
				t.failRead(name, "Cannot open", err)
				continue
			}
			if !bytes.Equal(want, got) {
				say(name, "Contents differ")
			}
		}
	}
	if t.failed {
		return t.status()
	}
	if differs {
		return 1
	}
	return 0
}

// read lists or extracts the archive.
func (t *tarRun) read(archive string, extract bool) int {
	p := t.p
	var data []byte
	if archive == "-" {
		data, _ = p.ReadAll(p.Stdin)
	} else {
		var err error
		data, err = p.M.FS.ReadFile(p.Cred(), p.Abs(archive))
		if err != nil && t.gz {
			// With -z the archive is opened by the gzip child tar forks.
			fmt.Fprintf(p.Stderr, "%[1]s (child): %[2]s: Cannot open: %[3]s\n%[1]s (child): Error is not recoverable: exiting now\n", p.Name(), archive, p.Strerror(err))
			p.Errorf("Child returned status 2")
			return t.unrecoverable()
		}
		if err != nil {
			return t.fatal("%s: Cannot open: %s", archive, p.Strerror(err))
		}
	}
	var in io.Reader = bytes.NewReader(data)
	gz := t.gz || len(data) >= 2 && data[0] == 0x1f && data[1] == 0x8b // tar recognises compression when reading
	if gz {
		zr, err := gzip.NewReader(in)
		if err != nil {
			fmt.Fprintf(p.Stderr, "\ngzip: stdin: not in gzip format\n")
			return t.fatal("Child returned status 1")
		}
		in = zr
	}
	if extract && !t.chdir() {
		return t.unrecoverable()
	}
	wanted := map[string]bool{}
	for _, n := range t.c.Operands {
		wanted[strings.TrimSuffix(n, "/")] = false
	}
	tr := tar.NewReader(in)
	first := true
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			if first && len(data) > 0 && !gz {
				p.Errorf("This does not look like a tar archive")
				t.failed = true
			}
			break
		}
		if err != nil {
			if first {
				p.Errorf("This does not look like a tar archive")
				if len(data) >= 512 { // a shorter file has no header to skip
					p.Errorf("Skipping to next header")
				}
			} else {
				p.Errorf("Unexpected EOF in archive")
			}
			t.failed = true
			break
		}
		first = false
		if len(wanted) > 0 && !tarWanted(wanted, hdr.Name) {
			continue
		}
		if t.excluded(hdr.Name) {
			continue
		}
		name := hdr.Name
		if t.strip > 0 {
			parts := strings.Split(strings.TrimSuffix(name, "/"), "/")
			if len(parts) <= t.strip {
				continue
			}
			name = strings.Join(parts[t.strip:], "/")
			if hdr.Typeflag == tar.TypeDir {
				name += "/"
			}
		}
		if !extract {
			if t.verbose {
				p.Printf("%s\n", tarLongLine(hdr, name, t.c.Has("numeric-owner")))
			} else {
				p.Printf("%s\n", name)
			}
			continue
		}
		if t.verbose {
			p.Printf("%s\n", name)
		}
		if t.toStdout {
			if hdr.Typeflag == tar.TypeReg {
				io.Copy(p.Stdout, tr)
			}
			continue
		}
		t.extractOne(hdr, name, tr)
	}
	for n, seen := range wanted {
		if !seen {
			p.Errorf("%s: Not found in archive", n)
			t.failed = true
		}
	}
	return t.status()
}

func tarWanted(wanted map[string]bool, name string) bool {
	clean := strings.TrimSuffix(name, "/")
	for w := range wanted {
		if clean == w || strings.HasPrefix(clean, w+"/") {
			wanted[w] = true
			return true
		}
	}
	return false
}

// tarLongLine is tar -tv's line: mode, owner/group and size in 19 columns,
// date, name (and a symlink's target).
func tarLongLine(hdr *tar.Header, name string, numeric bool) string {
	mode := vfs.FromUnixMode(uint32(hdr.Mode))
	switch hdr.Typeflag {
	case tar.TypeDir, 'D':
		mode |= fs.ModeDir
	case tar.TypeSymlink:
		mode |= fs.ModeSymlink
	}
	owner, group := hdr.Uname, hdr.Gname
	if owner == "" || numeric {
		owner = fmt.Sprint(hdr.Uid)
	}
	if group == "" || numeric {
		group = fmt.Sprint(hdr.Gid)
	}
	ug := owner + "/" + group
	size := fmt.Sprint(hdr.Size)
	pad := max(19-len(ug)-len(size), 1)
	line := fmt.Sprintf("%s %s%s%s %s %s", progkit.ModeString(mode, false), ug, strings.Repeat(" ", pad), size, hdr.ModTime.Local().Format("2006-01-02 15:04"), name)
	if hdr.Typeflag == tar.TypeSymlink {
		line += " -> " + hdr.Linkname
	}
	return line
}

func (t *tarRun) extractOne(hdr *tar.Header, name string, r io.Reader) {
	p := t.p
	clean := strings.TrimSuffix(name, "/")
	if strings.HasPrefix(clean, "/") && !t.abs {
		clean = strings.TrimLeft(clean, "/")
	}
	if slices := strings.Split(clean, "/"); !t.abs && containsDotDot(slices) {
		p.Errorf("%s: Member name contains '..'", name)
		t.failed = true
		return
	}
	abs := path.Join(t.dir, clean)
	root := p.User.UID == 0
	perm := fs.FileMode(hdr.Mode & 0o777)
	if !root && !t.c.Has("p") {
		perm &^= fs.FileMode(p.Umask)
	}
	cred := p.Cred()
	fsys := p.M.FS
	// tar makes missing parent directories as it goes.
	if err := fsys.MkdirAll(cred, path.Dir(abs), 0o755&^fs.FileMode(p.Umask)); err != nil {
		p.Errorf("%s: Cannot mkdir: %s", name, p.Strerror(err))
		t.failed = true
		return
	}
	var err error
	switch hdr.Typeflag {
	case tar.TypeDir:
		err = fsys.Mkdir(cred, abs, perm)
		if errors.Is(err, fs.ErrExist) {
			err = nil
		}
		if err == nil {
			err = fsys.Chmod(cred, abs, perm)
		}
	case tar.TypeSymlink:
		fsys.Unlink(cred, abs)
		err = fsys.Symlink(cred, hdr.Linkname, abs)
	case tar.TypeReg, 0: // 0: the old form of a regular file (tar.TypeRegA)
		if t.c.Has("k") {
			if _, serr := fsys.Lstat(cred, abs); serr == nil {
				p.Errorf("%s: Cannot open: File exists", name)
				t.failed = true
				return
			}
		}
		data, _ := p.ReadAll(r)
		fsys.Unlink(cred, abs) // tar replaces, so a read-only file is no obstacle
		f, oerr := fsys.OpenFile(cred, abs, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
		if oerr != nil {
			err = oerr
			break
		}
		_, err = f.Write(data)
		f.Close()
		if err == nil {
			err = fsys.Chmod(cred, abs, perm)
		}
	default:
		p.NotEmulated(fmt.Sprintf("tar member type %q", hdr.Typeflag))
		return
	}
	if err != nil {
		p.Errorf("%s: Cannot open: %s", name, p.Strerror(err))
		t.failed = true
		return
	}
	if root && !t.c.Has("o") {
		fsys.Lchown(cred, abs, hdr.Uid, hdr.Gid)
	}
	if hdr.Typeflag != tar.TypeSymlink {
		fsys.Chtimes(cred, abs, hdr.ModTime, hdr.ModTime)
	}
}

func containsDotDot(parts []string) bool {
	for _, s := range parts {
		if s == ".." {
			return true
		}
	}
	return false
}

// tarRecordSize is GNU tar's default record: 20 blocks of 512 bytes.
const tarRecordSize = 20 * 512

// countingWriter counts what passes through it.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(b []byte) (int, error) {
	n, err := c.w.Write(b)
	c.n += int64(n)
	return n, err
}
