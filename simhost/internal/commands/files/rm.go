package files

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"
	"syscall"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

func init() {
	shell.Register(shell.Command{Name: "rm", Run: rm})
}

var rmSyntax = fsSyntax{
	opts: []fsOpt{
		{'f', "force", fsNoArg}, {'i', "", fsNoArg}, {'I', "", fsNoArg}, {0, "interactive", fsOptionalArg},
		{'r', "recursive", fsNoArg}, {'R', "", fsNoArg}, {'d', "dir", fsNoArg}, {'v', "verbose", fsNoArg},
		{0, "preserve-root", fsOptionalArg}, {0, "no-preserve-root", fsNoArg}, {0, "one-file-system", fsNoArg},
	},
}

var rmSolarisSyntax = fsSyntax{
	opts:     []fsOpt{{'f', "", fsNoArg}, {'i', "", fsNoArg}, {'r', "", fsNoArg}, {'R', "", fsNoArg}},
	solOpts:  "fiRr",
	solUsage: "usage: rm [-fiRr] file ...\n",
}

// rm's prompting modes, as coreutils names them.
const (
	rmSometimes = iota // the default: ask a terminal about write-protected files
	rmNever            // -f, --interactive=never
	rmAlways           // -i: a question per file
)

// rm removes files; GNU and Solaris differ in messages, prompts and in how
// -i and -f combine (the personality's InteractiveBeatsForce).
func rm(p *shell.Proc) int {
	if p.Solaris() {
		return rmSolaris(p)
	}
	parsed, code, ok := fsParse(p, p.Args(), rmSyntax)
	if !ok {
		return code
	}
	r := &rmGNU{p: p, preserveRoot: true}
	// Where -i beats -f (a shim in front of GNU rm), -f is dropped when any
	// -i is given; otherwise the last of them wins.
	dropForce := false
	if p.M.P.InteractiveBeatsForce {
		dropForce = parsed.has("i") || parsed.has("I") || parsed.has("interactive")
	}
	for _, f := range parsed.flags {
		switch f.key {
		case "f":
			if !dropForce {
				r.mode, r.force, r.once = rmNever, true, false
			}
		case "i":
			r.mode, r.force, r.once = rmAlways, false, false
		case "I":
			r.mode, r.force, r.once = rmSometimes, false, true
		case "interactive":
			switch f.val {
			case "", "always", "yes":
				r.mode, r.force, r.once = rmAlways, false, false
			case "once":
				r.mode, r.force, r.once = rmSometimes, false, true
			case "never", "no", "none":
				r.mode, r.once = rmNever, false
			default:
				p.Errorf("invalid argument %s for %s", progkit.QuoteName(p, f.val), progkit.QuoteName(p, "--interactive"))
				fmt.Fprint(p.Stderr, "Valid arguments are:\n  - 'never', 'no', 'none'\n  - 'once'\n  - 'always', 'yes'\n")
				return fsTryHelp(p, 1)
			}
		case "r", "R":
			r.recursive = true
		case "d":
			r.dirs = true
		case "v":
			r.verbose = true
		case "no-preserve-root":
			r.preserveRoot = false
		case "preserve-root":
			r.preserveRoot = true
		}
	}
	ops := parsed.operands
	if len(ops) == 0 {
		if r.force {
			return 0
		}
		return fsMissingOperand(p, "missing operand")
	}
	if r.once && (r.recursive || len(ops) > 3) {
		plural := "s"
		if len(ops) == 1 {
			plural = ""
		}
		how := ""
		if r.recursive {
			how = " recursively"
		}
		if !p.Confirm(fmt.Sprintf("%s: remove %d argument%s%s? ", p.Prog(), len(ops), plural, how)) {
			return 0
		}
	}
	status := 0
	for _, op := range ops {
		if p.Ctx.Err() != nil {
			return 1
		}
		if ok, _ := r.operand(op); !ok {
			status = 1
		}
	}
	return status
}

type rmGNU struct {
	p                                     *shell.Proc
	mode                                  int
	force, once, recursive, dirs, verbose bool
	preserveRoot                          bool
}

// rmAnswer is the outcome of a prompt.
type rmAnswer int

const (
	rmYes rmAnswer = iota
	rmDeclined
	rmFailed // already reported
)

func (r *rmGNU) fail(name string, err error) bool {
	if r.force && errors.Is(err, syscall.ENOENT) {
		return true
	}
	r.p.Errorf("cannot remove %s: %s", progkit.QuoteName(r.p, name), r.p.Strerror(err))
	return false
}

func (r *rmGNU) operand(name string) (ok, removed bool) {
	p := r.p
	abs := p.Abs(name)
	info, err := p.M.FS.Lstat(p.Cred(), abs)
	if err != nil {
		return r.fail(name, err), false
	}
	if info.IsDir() && r.recursive {
		if base := path.Base(name); base == "." || base == ".." {
			p.Errorf("refusing to remove %s or %s directory: skipping %s", progkit.QuoteName(p, "."), progkit.QuoteName(p, ".."), progkit.QuoteName(p, name))
			return false, false
		}
		if real, err := p.M.FS.Realpath(p.Cred(), abs); err == nil && real == "/" && r.preserveRoot {
			if name == "/" {
				p.Errorf("it is dangerous to operate recursively on %s", progkit.QuoteName(p, name))
			} else {
				p.Errorf("it is dangerous to operate recursively on %s (same as %s)", progkit.QuoteName(p, name), progkit.QuoteName(p, "/"))
			}
			p.Errorf("use --no-preserve-root to override this failsafe")
			return false, false
		}
	}
	return r.remove(name, abs, info)
}

// remove removes one file or tree. removed is false when something was
// kept, which leaves the directories above it alone without a word.
func (r *rmGNU) remove(name, abs string, info *vfs.Info) (ok, removed bool) {
	p := r.p
	if !info.IsDir() {
		switch r.prompt(name, abs, info, false, false) {
		case rmDeclined:
			return true, false
		case rmFailed:
			return false, false
		}
		return r.excise(name, abs, false, nil)
	}
	list, readErr := p.M.FS.ReadDir(p.Cred(), abs)
	empty := readErr == nil && len(list) == 0
	if !r.recursive && !(r.dirs && empty) {
		err := syscall.EISDIR
		if r.dirs {
			err = syscall.ENOTEMPTY
		}
		return r.fail(name, err), false
	}
	switch r.prompt(name, abs, info, true, empty) {
	case rmDeclined:
		return true, false
	case rmFailed:
		return false, false
	}
	if empty {
		return r.excise(name, abs, true, nil)
	}
	ok, removed = true, true
	for _, c := range list {
		if p.Ctx.Err() != nil {
			return false, false
		}
		cok, cremoved := r.remove(fsJoin(name, c.Name), path.Join(abs, c.Name), c)
		ok, removed = ok && cok, removed && cremoved
	}
	if !removed {
		return ok, false
	}
	switch r.prompt(name, abs, info, false, false) {
	case rmDeclined:
		return ok, false
	case rmFailed:
		return false, false
	}
	eok, eremoved := r.excise(name, abs, true, readErr)
	return ok && eok, eremoved
}

// prompt asks before removing (or, descend set, entering) a file, when -i
// says so or, with stdin a terminal, when the file is write-protected.
func (r *rmGNU) prompt(name, abs string, info *vfs.Info, descend, empty bool) rmAnswer {
	p := r.p
	if r.mode == rmNever {
		return rmYes
	}
	symlink := info.Mode&fs.ModeSymlink != 0
	protected := ""
	if !r.force && (r.mode == rmAlways || p.TTY()) && !symlink {
		if err := p.M.FS.Access(p.Cred(), abs, vfs.AccessWrite); err != nil {
			if !errors.Is(err, syscall.EACCES) {
				r.fail(name, err)
				return rmFailed
			}
			protected = "write-protected "
		}
	}
	if protected == "" && r.mode != rmAlways {
		return rmYes
	}
	var q string
	if info.IsDir() && descend && !empty {
		q = fmt.Sprintf("%s: descend into %sdirectory %s? ", p.Prog(), protected, progkit.QuoteName(p, name))
	} else {
		q = fmt.Sprintf("%s: remove %s%s %s? ", p.Prog(), protected, fsFileType(info), progkit.QuoteName(p, name))
	}
	if p.Confirm(q) {
		return rmYes
	}
	return rmDeclined
}

// excise unlinks a file or removes a directory; readErr is why the
// directory could not be listed, which GNU reports instead of "not empty".
func (r *rmGNU) excise(name, abs string, dir bool, readErr error) (ok, removed bool) {
	p := r.p
	var err error
	if dir {
		err = p.M.FS.Rmdir(p.Cred(), abs)
	} else {
		err = p.M.FS.Unlink(p.Cred(), abs)
	}
	if err != nil {
		if readErr != nil && errors.Is(err, syscall.ENOTEMPTY) {
			err = readErr
		}
		return r.fail(name, err), false
	}
	if r.verbose {
		switch {
		case !dir:
			p.Printf("removed %s\n", progkit.QuoteName(p, name))
		case progkit.OldCoreutils(p):
			p.Printf("removed directory: %s\n", progkit.QuoteName(p, name))
		default:
			p.Printf("removed directory %s\n", progkit.QuoteName(p, name))
		}
	}
	return true, true
}

// rmSol is Solaris 10's /usr/bin/rm.
type rmSol struct {
	p                              *shell.Proc
	interactive, silent, recursive bool
	errors                         int
}

func rmSolaris(p *shell.Proc) int {
	parsed, code, ok := fsParse(p, p.Args(), rmSolarisSyntax)
	if !ok {
		return code
	}
	r := &rmSol{p: p}
	beats := p.M.P.InteractiveBeatsForce
	for _, f := range parsed.flags {
		switch f.key {
		case "f":
			r.silent = true
			if !beats {
				r.interactive = false
			}
		case "i":
			r.interactive = true
			if !beats {
				r.silent = false
			}
		case "r", "R":
			r.recursive = true
		}
	}
	ops := parsed.operands
	if len(ops) == 0 && !r.silent {
		return fsSolarisUsage(p, rmSolarisSyntax)
	}
	for _, op := range ops {
		if p.Ctx.Err() != nil {
			return 2
		}
		r.rm(op, p.Abs(op))
	}
	if r.errors > 0 {
		return 2
	}
	return 0
}

func (r *rmSol) yes(w io.Writer, question string) bool { return fsAskSolaris(r.p, w, question) }

func (r *rmSol) perror(format string, args ...any) {
	fmt.Fprintf(r.p.Stderr, format+"\n", args...)
	r.errors++
}

func (r *rmSol) rm(name, abs string) {
	p := r.p
	info, err := p.M.FS.Lstat(p.Cred(), abs)
	if err != nil {
		if !r.silent {
			r.perror("%s: %s", name, p.Strerror(err))
		}
		return
	}
	symlink := info.Mode&fs.ModeSymlink != 0
	if real, err := p.M.FS.Realpath(p.Cred(), abs); err == nil && real == "/" && !symlink {
		r.perror("rm of / is not allowed")
		return
	}
	if base := path.Base(name); base == "." || base == ".." {
		r.perror("rm of %s is not allowed", name)
		return
	}
	if info.IsDir() {
		if !r.recursive {
			r.perror("rm: %s is a directory", name)
			return
		}
		r.undir(name, abs)
		return
	}
	if r.interactive {
		if !r.yes(p.Stderr, fmt.Sprintf("rm: remove %s (yes/no)? ", name)) {
			return
		}
	} else if !r.silent && !symlink && p.TTY() && p.M.FS.Access(p.Cred(), abs, vfs.AccessWrite) != nil {
		if !r.yes(p.Stdout, fmt.Sprintf("rm: %s: override protection %o (yes/no)? ", name, info.Mode.Perm())) {
			return
		}
	}
	if err := p.M.FS.Unlink(p.Cred(), abs); err != nil {
		if errors.Is(err, syscall.ENOENT) {
			return
		}
		if !r.silent || r.interactive {
			fmt.Fprintf(p.Stderr, "rm: %s not removed: %s\n", name, p.Strerror(err))
		}
		r.errors++
	}
}

func (r *rmSol) undir(name, abs string) {
	p := r.p
	if r.interactive && !r.yes(p.Stderr, fmt.Sprintf("rm: examine files in directory %s (yes/no)? ", name)) {
		return
	}
	list, readErr := p.M.FS.ReadDir(p.Cred(), abs)
	if readErr != nil {
		if r.interactive {
			fmt.Fprintf(p.Stderr, "rm: cannot read directory %s: %s\n", name, p.Strerror(readErr))
			if !r.yes(p.Stderr, fmt.Sprintf("rm: remove %s: (yes/no)? ", name)) {
				r.errors++
				return
			}
		}
		if err := p.M.FS.Rmdir(p.Cred(), abs); err != nil {
			if r.interactive {
				r.perror("rm: Unable to remove directory %s: %s", name, p.Strerror(err))
			} else {
				r.perror("rm: cannot read directory %s: %s", name, p.Strerror(readErr))
			}
		}
		return
	}
	for _, c := range list {
		if p.Ctx.Err() != nil {
			return
		}
		r.rm(fsJoin(name, c.Name), path.Join(abs, c.Name))
	}
	// rm never removes the working directory or one above it.
	switch {
	case abs == p.Dir:
		r.perror("rm: Cannot remove any directory in the path of the current working directory\n%s", name)
		return
	case strings.HasPrefix(p.Dir, strings.TrimSuffix(abs, "/")+"/"):
		return
	}
	if r.interactive && !r.yes(p.Stderr, fmt.Sprintf("rm: remove %s: (yes/no)? ", name)) {
		return
	}
	if err := p.M.FS.Rmdir(p.Cred(), abs); err != nil {
		r.perror("rm: Unable to remove directory %s: %s", name, p.Strerror(err))
	}
}
