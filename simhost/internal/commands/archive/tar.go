package archive

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"strings"
	"syscall"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

// tar is GNU tar 1.34 (Debian 12; 1.34 on Debian 11 too) over archive/tar:
// create, extract and list, with -z, -C, -f -, -v, --strip-components and the
// old bundled form (tar xzf a.tgz).
func init() {
	shell.Register(shell.Command{Name: "tar", Only: "gnu", ShortName: true, Run: tarCmd})
}

const tarVersion = `tar (GNU tar) 1.34
Copyright (C) 2021 Free Software Foundation, Inc.
License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.
This is free software: you are free to change and redistribute it.
There is NO WARRANTY, to the extent permitted by law.

Written by John Gilmore and Jay Fenlason.
`

var tarOpts = progkit.Getopt{Short: "cxtf:zvC:pkohOP", Long: []string{"create=c", "extract=x", "get=x", "list=t", "file:=f", "gzip=z",
	"gunzip=z", "ungzip=z", "verbose=v", "directory:=C", "preserve-permissions=p", "same-permissions=p", "keep-old-files=k",
	"no-same-owner=o", "dereference=h", "to-stdout=O", "absolute-names=P", "strip-components:", "exclude:", "version",
	"overwrite", "no-same-permissions", "same-owner", "numeric-owner", "warning:", "wildcards", "bzip2=j", "xz=J", "append=r", "update=u"},
	Status: 2, NotEmulated: []string{"j", "J", "bzip2", "xz", "r", "u", "append", "update"}}

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
	strip                      int
	excludes                   []string
	failed                     bool
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
	for _, m := range []string{"c", "x", "t"} {
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
	t := &tarRun{p: p, c: c, dir: p.Dir, verbose: c.Has("v"), gz: c.Has("z"), abs: c.Has("P"), toStdout: c.Has("O"), excludes: c.All("exclude")}
	if v, ok := c.Value("strip-components"); ok {
		fmt.Sscanf(v, "%d", &t.strip)
	}
	archive, _ := c.Value("f")
	if archive == "" {
		archive = "-"
	}
	switch {
	case c.Has("c"):
		return t.create(archive)
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

func (t *tarRun) create(archive string) int {
	p := t.p
	if len(t.c.Operands) == 0 {
		p.Errorf("Cowardly refusing to create an empty archive")
		fmt.Fprintf(p.Stderr, "Try '%s --help' or '%s --usage' for more information.\n", p.Name(), p.Name())
		return 2
	}
	if !t.chdir() {
		return t.unrecoverable()
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
	for _, name := range t.c.Operands {
		member := name
		if !t.abs && strings.HasPrefix(member, "/") {
			member = strings.TrimLeft(member, "/")
			if !warnedAbs {
				p.Errorf("Removing leading `/' from member names")
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
		t.add(tw, abs, path.Clean(name), member, list)
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
	if archive == "-" {
		p.Stdout.Write(buf.Bytes())
	} else {
		abs := p.Abs(archive)
		if err := p.M.FS.WriteFile(p.Cred(), abs, buf.Bytes(), 0o666&^fs.FileMode(p.Umask)); err != nil {
			return t.fatal("%s: Cannot open: %s", archive, p.Strerror(err))
		}
	}
	return t.status()
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
		p.Errorf("%s: Cannot stat: %s", name, p.Strerror(err))
		t.failed = true
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
		data, err = p.M.FS.ReadFile(p.Cred(), abs)
		if err != nil {
			p.Errorf("%s: Cannot open: %s", name, p.Strerror(err))
			t.failed = true
			return
		}
		hdr.Typeflag, hdr.Size = tar.TypeReg, int64(len(data))
	default:
		p.Errorf("%s: socket ignored", name)
		return
	}
	if err := tw.WriteHeader(hdr); err == nil && data != nil {
		tw.Write(data)
	}
	if t.verbose {
		fmt.Fprintln(list, hdr.Name)
	}
	if info.Mode.IsDir() {
		entries, err := p.M.FS.ReadDir(p.Cred(), abs)
		if err != nil {
			p.Errorf("%s: Cannot open: %s", name, p.Strerror(err))
			t.failed = true
			return
		}
		for _, e := range entries {
			t.add(tw, path.Join(abs, e.Name), path.Join(name, e.Name), path.Join(member, e.Name), list)
		}
	}
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
			fmt.Fprintf(p.Stderr, "%[1]s (child): %[2]s: Cannot open: %[3]s\n%[1]s (child): Error is not recoverable: exiting now\n", p.Prog(), archive, p.Strerror(err))
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
				p.Errorf("Skipping to next header")
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
				p.Printf("%s\n", tarLongLine(hdr, name))
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
func tarLongLine(hdr *tar.Header, name string) string {
	mode := vfs.FromUnixMode(uint32(hdr.Mode))
	switch hdr.Typeflag {
	case tar.TypeDir:
		mode |= fs.ModeDir
	case tar.TypeSymlink:
		mode |= fs.ModeSymlink
	}
	owner := hdr.Uname
	if owner == "" {
		owner = fmt.Sprint(hdr.Uid)
	}
	group := hdr.Gname
	if group == "" {
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
