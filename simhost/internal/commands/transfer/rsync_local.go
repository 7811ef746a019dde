package transfer

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"syscall"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

// A local rsync (every path on this host), as rsnapshot and backup wrappers
// run it: the archive options, --delete, --relative, --exclude, --dry-run,
// -v and -i's itemized lines. The order is rsync's incremental recursion:
// a directory's entries by name, then each subdirectory's in turn.

// rsyncLocalOpts are the options a local copy takes; the bundled letters
// are rsync's own (-a is -rlptgoD).
var rsyncLocalOpts = progkit.Getopt{Short: "arlptgoDvinzhqxHScuWR", Long: []string{"archive=a", "recursive=r", "links=l",
	"perms=p", "times=t", "group=g", "owner=o", "devices=D", "specials=D", "verbose=v", "itemize-changes=i", "dry-run=n",
	"compress=z", "human-readable=h", "quiet=q", "one-file-system=x", "hard-links=H", "sparse=S", "checksum=c",
	"update=u", "whole-file=W", "delete", "delete-during=delete", "delete-after=delete", "delete-before=delete",
	"delete-excluded", "numeric-ids", "relative=R", "exclude:", "partial", "inplace", "stats", "no-inc-recursive"},
	NoTry: true}

// rsyncLocal is one local copy.
type rsyncLocal struct {
	p                             *shell.Proc
	c                             progkit.Cmdline
	version                       string
	recursive, links, perms       bool
	times, owner, group           bool
	verbose, itemize, dry, delete bool
	relative                      bool
	excludes                      []string
	failed                        bool
}

// isLocalRsync reports whether no operand names another host.
func isLocalRsync(operands []string) bool {
	for _, o := range operands {
		if i := strings.IndexByte(o, ':'); i >= 0 && !strings.Contains(o[:i], "/") {
			return false
		}
	}
	return len(operands) >= 2
}

func runLocalRsync(p *shell.Proc, c progkit.Cmdline, version string) int {
	archive := c.Has("a")
	r := &rsyncLocal{p: p, c: c, version: version,
		recursive: archive || c.Has("r"), links: archive || c.Has("l"), perms: archive || c.Has("p"),
		times: archive || c.Has("t"), owner: archive || c.Has("o"), group: archive || c.Has("g"),
		verbose: c.Has("v"), itemize: c.Has("i"), dry: c.Has("n"), delete: c.Has("delete"), relative: c.Has("R"),
		excludes: c.All("exclude")}
	srcs, dest := c.Operands[:len(c.Operands)-1], c.Operands[len(c.Operands)-1]
	if r.verbose {
		p.Printf("sending incremental file list\n")
	}
	destAbs := p.Abs(dest)
	dinfo, derr := p.M.FS.Stat(p.Cred(), destAbs)
	single := len(srcs) == 1 && !strings.HasSuffix(srcs[0], "/") && !strings.HasSuffix(dest, "/")
	if single {
		if info, err := p.M.FS.Stat(p.Cred(), p.Abs(srcs[0])); err == nil && !info.IsDir() && (derr != nil || !dinfo.IsDir()) {
			// one file to a name that is not a directory: the copy is that name
			r.entry(p.Abs(srcs[0]), destAbs, path.Base(srcs[0]), info)
			return r.finish()
		}
	}
	if derr != nil {
		if !r.dry {
			if err := p.M.FS.MkdirAll(p.Cred(), destAbs, 0o777&^fs.FileMode(p.Umask)); err != nil {
				p.Errorf("mkdir %s failed: %s (%d)", strconvQuote(destAbs), p.Strerror(err), rsyncErrno(err))
				return 11
			}
		}
		if r.verbose || r.itemize && p.M.P.VersionAtLeast("rsync", "3.2.7") {
			p.Printf("created directory %s\n", strings.TrimSuffix(dest, "/"))
		}
	}
	for _, src := range srcs {
		r.source(src, destAbs)
	}
	return r.finish()
}

// strconvQuote is rsync's "%s" in double quotes.
func strconvQuote(s string) string { return `"` + s + `"` }

// source copies one source operand into dest: its contents with a trailing
// slash, else itself (with --relative, under its whole path).
func (r *rsyncLocal) source(src, destAbs string) {
	p := r.p
	abs := p.Abs(src)
	info, err := p.M.FS.Lstat(p.Cred(), abs)
	if err == nil && strings.HasSuffix(src, "/") && !info.IsDir() {
		err = fmt.Errorf("not a directory")
	}
	if err != nil {
		if strings.HasSuffix(src, "/") {
			r.senderError("change_dir %s failed: %s (%d)", strconvQuote(strings.TrimSuffix(abs, "/")), p.Strerror(err), rsyncErrno(err))
		} else {
			r.senderError("link_stat %s failed: %s (%d)", strconvQuote(abs), p.Strerror(err), rsyncErrno(err))
		}
		return
	}
	switch {
	case strings.HasSuffix(src, "/"):
		r.entry(abs, destAbs, ".", info)
	case r.relative:
		rel := strings.TrimPrefix(path.Clean(src), "/")
		parts := strings.Split(rel, "/")
		for i := 1; i < len(parts); i++ { // the implied directories
			implied := strings.Join(parts[:i], "/")
			if dinfo, err := p.M.FS.Stat(p.Cred(), "/"+implied); err == nil {
				r.item(path.Join("/", implied), path.Join(destAbs, implied), implied, dinfo)
			}
		}
		r.entry(abs, path.Join(destAbs, rel), rel, info)
	default:
		r.entry(abs, path.Join(destAbs, path.Base(abs)), path.Base(abs), info)
	}
}

// entry copies one file or tree: the directory's own line, its entries in
// name order, then each subdirectory's.
func (r *rsyncLocal) entry(abs, dst, name string, info *vfs.Info) {
	if !r.item(abs, dst, name, info) || !info.IsDir() || !r.recursive {
		return
	}
	r.tree(abs, dst, name)
}

func (r *rsyncLocal) tree(abs, dst, name string) {
	p := r.p
	entries, err := p.M.FS.ReadDir(p.Cred(), abs)
	if err != nil {
		r.senderError("opendir %s failed: %s (%d)", strconvQuote(abs), p.Strerror(err), rsyncErrno(err))
		return
	}
	var subdirs []*vfs.Info
	for _, e := range entries {
		if r.excluded(e.Name) {
			continue
		}
		child := rsyncJoin(name, e.Name)
		if r.item(path.Join(abs, e.Name), path.Join(dst, e.Name), child, e) && e.IsDir() {
			subdirs = append(subdirs, e)
		}
	}
	for _, e := range subdirs {
		r.tree(path.Join(abs, e.Name), path.Join(dst, e.Name), rsyncJoin(name, e.Name))
	}
	if r.times && !r.dry {
		if info, err := p.M.FS.Stat(p.Cred(), abs); err == nil {
			p.M.FS.Chtimes(p.Cred(), dst, info.ModTime, info.ModTime)
		}
	}
}

func rsyncJoin(dir, name string) string {
	if dir == "." {
		return name
	}
	return dir + "/" + name
}

func (r *rsyncLocal) excluded(name string) bool {
	for _, pat := range r.excludes {
		if ok, _ := path.Match(strings.TrimSuffix(pat, "/"), name); ok {
			return true
		}
	}
	return false
}

// item brings one entry up to date and reports it; false when it could not.
func (r *rsyncLocal) item(abs, dst, name string, info *vfs.Info) bool {
	p := r.p
	fsys, cred := p.M.FS, p.Cred()
	shown := name
	if info.IsDir() {
		shown = strings.TrimSuffix(name, "/") + "/"
		if name == "." {
			shown = "./"
		}
	}
	dinfo, derr := fsys.Lstat(cred, dst)
	if r.delete && info.IsDir() && derr == nil && dinfo.IsDir() {
		r.deleteExtraneous(abs, dst, name)
	}
	switch {
	case info.IsDir():
		if !r.recursive && name != "." {
			p.Printf("skipping directory %s\n", name)
			return false
		}
		if derr != nil {
			r.report("cd+++++++++", shown, "")
			if !r.dry {
				fsys.Mkdir(cred, dst, r.mode(info))
			}
			return true
		}
		if flags := r.changes(info, dinfo, false); flags != "" {
			r.report(".d"+flags, shown, "")
			if !r.dry && r.perms {
				fsys.Chmod(cred, dst, info.Mode.Perm())
			}
		}
		return true
	case info.Mode&fs.ModeSymlink != 0:
		if !r.links {
			p.Printf("skipping non-regular file %s\n", strconvQuote(name))
			return false
		}
		if derr == nil && dinfo.Mode&fs.ModeSymlink != 0 && dinfo.Target == info.Target {
			return true
		}
		r.report("cL+++++++++", shown, " -> "+info.Target)
		if !r.dry {
			fsys.Unlink(cred, dst)
			fsys.Symlink(cred, info.Target, dst)
		}
		return true
	case !info.Mode.IsRegular():
		p.Printf("skipping non-regular file %s\n", strconvQuote(name))
		return false
	}
	data, err := fsys.ReadFile(cred, abs)
	if err != nil {
		r.senderError("send_files failed to open %s: %s (%d)", strconvQuote(abs), p.Strerror(err), rsyncErrno(err))
		return false
	}
	if derr == nil && dinfo.Mode.IsRegular() {
		flags := r.changes(info, dinfo, true)
		if flags == "" {
			return true // the quick check finds it up to date
		}
		r.report(">f"+flags, shown, "")
	} else {
		r.report(">f+++++++++", shown, "")
	}
	if r.dry {
		return true
	}
	fsys.Unlink(cred, dst)
	if err := fsys.WriteFile(cred, dst, data, r.mode(info)); err != nil {
		p.Errorf("mkstemp %s failed: %s (%d)", strconvQuote(dst), p.Strerror(err), rsyncErrno(err))
		r.failed = true
		return false
	}
	fsys.Chmod(cred, dst, r.mode(info))
	if r.times {
		fsys.Chtimes(cred, dst, info.ModTime, info.ModTime)
	}
	if cred.IsRoot() && (r.owner || r.group) {
		fsys.Lchown(cred, dst, info.UID, info.GID)
	}
	return true
}

// mode is what a new file gets: the source's with -p, else its less the umask.
func (r *rsyncLocal) mode(info *vfs.Info) fs.FileMode {
	if r.perms {
		return info.Mode.Perm()
	}
	return info.Mode.Perm() &^ fs.FileMode(r.p.Umask)
}

// changes is the itemized attribute string (cstpoguax) of an existing
// entry, empty when nothing would change; a file is transferred when its
// size or (with -t) its time differ.
func (r *rsyncLocal) changes(info, dinfo *vfs.Info, file bool) string {
	flags := []byte(".........")
	if file && info.Size != dinfo.Size {
		flags[1] = 's'
	}
	if r.times && !info.ModTime.Truncate(1e9).Equal(dinfo.ModTime.Truncate(1e9)) {
		flags[2] = 't'
	}
	if file && flags[1] == '.' && flags[2] == '.' {
		return ""
	}
	if r.perms && info.Mode.Perm() != dinfo.Mode.Perm() {
		flags[3] = 'p'
	}
	if r.p.Cred().IsRoot() && r.owner && info.UID != dinfo.UID {
		flags[4] = 'o'
	}
	if r.p.Cred().IsRoot() && r.group && info.GID != dinfo.GID {
		flags[5] = 'g'
	}
	if string(flags) == "........." {
		return ""
	}
	return string(flags)
}

// deleteExtraneous removes what dst holds that the source does not (--delete).
func (r *rsyncLocal) deleteExtraneous(abs, dst, name string) {
	p := r.p
	fsys, cred := p.M.FS, p.Cred()
	have, err := fsys.ReadDir(cred, dst)
	if err != nil {
		return
	}
	src, _ := fsys.ReadDir(cred, abs)
	keep := map[string]bool{}
	for _, e := range src {
		if !r.excluded(e.Name) || !r.c.Has("delete-excluded") {
			keep[e.Name] = true
		}
	}
	for _, e := range slices.Backward(have) {
		if keep[e.Name] {
			continue
		}
		shown := rsyncJoin(name, e.Name)
		if e.IsDir() {
			shown += "/"
		}
		if r.itemize {
			p.Printf("*deleting   %s\n", shown)
		} else if r.verbose {
			p.Printf("deleting %s\n", shown)
		}
		if !r.dry {
			r.remove(path.Join(dst, e.Name))
		}
	}
}

// remove deletes a file or a tree, depth first.
func (r *rsyncLocal) remove(abs string) {
	fsys, cred := r.p.M.FS, r.p.Cred()
	info, err := fsys.Lstat(cred, abs)
	if err != nil {
		return
	}
	if !info.IsDir() {
		fsys.Unlink(cred, abs)
		return
	}
	entries, _ := fsys.ReadDir(cred, abs)
	for _, e := range entries {
		r.remove(path.Join(abs, e.Name))
	}
	fsys.Rmdir(cred, abs)
}

// report prints an entry as -i itemizes it or -v names it.
func (r *rsyncLocal) report(flags, name, extra string) {
	switch {
	case r.itemize:
		r.p.Printf("%s %s%s\n", flags, name, extra)
	case r.verbose:
		r.p.Printf("%s%s\n", name, extra)
	}
}

// senderError is a file the sender could not read: said, and the copy ends 23.
func (r *rsyncLocal) senderError(format string, args ...any) {
	fmt.Fprintf(r.p.Stderr, "rsync: [sender] "+format+"\n", args...)
	r.failed = true
}

// rsyncPartialLine is where each version's main.c reports a partial transfer.
var rsyncPartialLine = map[string]int{"3.2.7": 1347, "3.2.3": 1333}

func (r *rsyncLocal) finish() int {
	if r.verbose {
		// rsync's own byte counts and rate are its protocol's; the host
		// moves no bytes, so it shows the form with zeros.
		r.p.Printf("\nsent 0 bytes  received 0 bytes  0.00 bytes/sec\ntotal size is 0  speedup is 0.00\n")
	}
	if r.failed {
		fmt.Fprintf(r.p.Stderr, "rsync error: some files/attrs were not transferred (see previous errors) (code 23) at main.c(%d) [sender=%s]\n",
			rsyncPartialLine[r.version], r.version)
		return 23
	}
	return 0
}

// rsyncErrno is the errno rsync prints in parentheses after its message.
func rsyncErrno(err error) int {
	var e syscall.Errno
	if errors.As(err, &e) {
		return int(e)
	}
	return 0
}
