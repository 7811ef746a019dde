package files

import (
	"cmp"
	"fmt"
	"io"
	"io/fs"
	"math"
	"path"
	"strings"
	"syscall"
	"time"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

// Option argument kinds for fsOpt.
const (
	fsNoArg       = iota
	fsArg         // required: -n 5, -n5, --lines=5, --lines 5
	fsOptionalArg // long options only: --color, --color=never
)

// fsOpt is one option a command accepts. Its key in the parsed flags is the
// short letter when it has one, otherwise the long name.
type fsOpt struct {
	short byte
	long  string
	arg   int
}

// fsFlag is one parsed option, in command-line order (rm's -i/-f rule needs it).
type fsFlag struct{ key, val string }

// fsSyntax is what a command's option parser needs to know to complain.
type fsSyntax struct {
	opts      []fsOpt
	gnuStatus int    // exit status of a GNU usage error; 0: 1 (EXIT_FAILURE), as progkit.Getopt has it
	solOpts   string // the option letters the Solaris tool takes
	solUsage  string // Solaris usage text, newline included
	solStatus int    // exit status of a Solaris usage error; 0: 2, as progkit.Getopt has it
}

// fsArgs is a parsed command line.
type fsArgs struct {
	flags    []fsFlag
	operands []string
}

// has reports whether an option was given.
func (a *fsArgs) has(key string) bool {
	for _, f := range a.flags {
		if f.key == key {
			return true
		}
	}
	return false
}

// value is the last value given to an option.
func (a *fsArgs) value(key string) (string, bool) {
	for i := len(a.flags) - 1; i >= 0; i-- {
		if a.flags[i].key == key {
			return a.flags[i].val, true
		}
	}
	return "", false
}

// fsParse parses args with the one option parser, getopt (GNU getopt_long on
// Linux, getopt(3C) on Solaris), from the command's fsSyntax. On a bad option
// it prints the tool's complaint and returns ok false with the exit status.
func fsParse(p *shell.Proc, args []string, syn fsSyntax) (parsed fsArgs, code int, ok bool) {
	g := progkit.Getopt{Status: syn.gnuStatus, SolarisUsage: syn.solUsage, SolarisStatus: syn.solStatus,
		SolarisShort: syn.solOpts}
	var short strings.Builder
	for _, o := range syn.opts {
		if o.short != 0 {
			short.WriteByte(o.short)
			if o.arg == fsArg {
				short.WriteByte(':')
			}
		}
		if o.long == "" {
			continue
		}
		long := o.long + map[int]string{fsNoArg: "", fsArg: ":", fsOptionalArg: "::"}[o.arg]
		if o.short != 0 {
			long += "=" + string(o.short)
		}
		g.Long = append(g.Long, long)
	}
	g.Short = short.String()
	if p.Solaris() && syn.solOpts == "" {
		g.SolarisShort = "\x00" // a Solaris tool without options takes none of Short's
	}
	c, code, ok := g.Parse(p, args)
	if !ok {
		return parsed, code, false
	}
	for _, o := range c.Opts {
		parsed.flags = append(parsed.flags, fsFlag{key: o.Key, val: o.Val})
	}
	parsed.operands = c.Operands
	return parsed, 0, true
}

// fsTryHelp prints GNU's pointer to --help and returns status.
func fsTryHelp(p *shell.Proc, status int) int {
	fmt.Fprintf(p.Stderr, "Try '%s --help' for more information.\n", p.Prog())
	return status
}

// fsMissingOperand is GNU's "missing operand" complaint.
func fsMissingOperand(p *shell.Proc, what string) int {
	p.Errorf("%s", what)
	return fsTryHelp(p, 1)
}

// fsSolarisUsage prints a Solaris usage text and returns status.
func fsSolarisUsage(p *shell.Proc, syn fsSyntax) int {
	fmt.Fprint(p.Stderr, syn.solUsage)
	return cmp.Or(syn.solStatus, 2)
}

// The GNU hosts ship different releases: Debian 12 coreutils 9.1 and file
// 5.44, Debian 11 8.32 and 5.39, RHEL 7 8.22 and 5.11, as their personalities'
// versions say.

// fsCoreutils9 reports coreutils 9 (Debian 12).
func fsCoreutils9(p *shell.Proc) bool { return p.M.P.VersionAtLeast("coreutils", "9") }

// fsFile544 reports file 5.44 (Debian 12): its wording and its width limits.
func fsFile544(p *shell.Proc) bool { return p.M.P.VersionAtLeast("file", "5.44") }

// fsOldFile reports file before 5.39 (RHEL 7 ships 5.11), which quotes `so'.
func fsOldFile(p *shell.Proc) bool {
	return p.M.P.Version("file") != "" && !p.M.P.VersionAtLeast("file", "5.39")
}

// fsFileType names a file's type as stat %F and rm's prompts do.
func fsFileType(i *vfs.Info) string {
	m := i.Mode
	switch {
	case m.IsRegular() && i.Size == 0:
		return "regular empty file"
	case m.IsRegular():
		return "regular file"
	case m.IsDir():
		return "directory"
	case m&fs.ModeSymlink != 0:
		return "symbolic link"
	case m&fs.ModeNamedPipe != 0:
		return "fifo"
	case m&fs.ModeSocket != 0:
		return "socket"
	case m&fs.ModeCharDevice != 0:
		return "character special file"
	case m&fs.ModeDevice != 0:
		return "block special file"
	}
	return "weird file"
}

// fsBlocks is st_blocks, in 512-byte units, as ext4 allocates: whole 4 KiB
// blocks for data and directories, none for a short (inline) symlink.
func fsBlocks(i *vfs.Info) int64 {
	if i.Mode&fs.ModeSymlink != 0 && i.Size < 60 || i.Size == 0 {
		return 0
	}
	return (i.Size + 4095) / 4096 * 8
}

// fsHuman formats a byte count as GNU's -h does: powers of 1024, rounded up,
// one decimal below 10 ("4.0K", "13K", "1.5M").
func fsHuman(n int64) string {
	if n < 1024 {
		return fmt.Sprint(n)
	}
	x := float64(n)
	const units = "KMGTPEZY"
	u := -1
	for x >= 1024 && u < len(units)-1 {
		x /= 1024
		u++
	}
	if x < 10 {
		if v := math.Ceil(x*10) / 10; v < 10 {
			return fmt.Sprintf("%.1f%c", v, units[u])
		}
		return fmt.Sprintf("10%c", units[u])
	}
	v := math.Ceil(x)
	if v >= 1024 && u < len(units)-1 {
		return fmt.Sprintf("1.0%c", units[u+1])
	}
	return fmt.Sprintf("%.0f%c", v, units[u])
}

// fsLsTime is ls -l's date column: the time of day for files of the last six
// months, the year for older and future ones.
func fsLsTime(t time.Time, solaris bool) string {
	now := time.Now()
	t = t.UTC()
	var recent bool
	if solaris {
		recent = t.After(now.Add(-6*30*24*time.Hour)) && t.Before(now.Add(time.Minute))
	} else {
		recent = t.After(now.Add(-15778476*time.Second)) && !t.After(now)
	}
	if recent {
		return t.Format("Jan _2 15:04")
	}
	return t.Format("Jan _2  2006")
}

// fsStatTime is the timestamp form of stat and ls --full-time.
func fsStatTime(t time.Time) string {
	return t.UTC().Format("2006-01-02 15:04:05.000000000 -0700")
}

// fsExpandPercent fills a format's %[flags]X directives, as find -printf
// and stat -f --printf do. The flags, any of flagChars, pad the value as
// printf's %s would; %% is a %; a directive value does not know (ok false)
// prints as it stands. value gets the format from the directive's letter on
// and says how many bytes of it the directive used (find's %Tk uses two). A
// directive cut off by the end of the format prints as it stands if keepCut,
// else not at all.
func fsExpandPercent(format, flagChars string, keepCut bool, value func(rest string) (v string, used int, ok bool)) string {
	var b strings.Builder
	for i := 0; i < len(format); i++ {
		if format[i] != '%' || i+1 == len(format) {
			b.WriteByte(format[i])
			continue
		}
		j := i + 1
		for j < len(format) && strings.IndexByte(flagChars, format[j]) >= 0 {
			j++
		}
		if j == len(format) {
			if keepCut {
				b.WriteString(format[i:])
			}
			break
		}
		if format[j] == '%' {
			b.WriteByte('%')
			i = j
			continue
		}
		v, used, ok := value(format[j:])
		if !ok {
			b.WriteString(format[i : j+1])
			i = j
			continue
		}
		fmt.Fprintf(&b, "%"+format[i+1:j]+"s", v)
		i = j + used - 1
	}
	return b.String()
}

// fsJoin joins a directory operand and an entry name as find and ls print
// them: "dir/name", or "dir/name" without doubling a trailing slash.
func fsJoin(dir, name string) string {
	if strings.HasSuffix(dir, "/") {
		return dir + name
	}
	return dir + "/" + name
}

// fsPair is a source and where it goes, as they are named in messages.
type fsPair struct{ src, dst string }

// fsTargets resolves cp, mv and ln's operands: SOURCE DEST, SOURCE...
// DIRECTORY, -t DIRECTORY SOURCE... or -T SOURCE DEST. ok is false when a
// complaint was printed; code is then the exit status.
func fsTargets(p *shell.Proc, parsed fsArgs, syn fsSyntax, minOps int) (pairs []fsPair, code int, ok bool) {
	ops := parsed.operands
	dir, hasDir := parsed.value("t")
	solaris := p.Solaris()
	if len(ops) < minOps || !hasDir && len(ops) < 2 && minOps > 1 {
		switch {
		case solaris:
			fmt.Fprintf(p.Stderr, "%s: Insufficient arguments (%d)\n", p.Name(), len(ops))
			return nil, fsSolarisUsage(p, syn), false
		case len(ops) == 0:
			return nil, fsMissingOperand(p, "missing file operand"), false
		}
		return nil, fsMissingOperand(p, "missing destination file operand after "+progkit.QuoteName(p, ops[0])), false
	}
	if !hasDir && len(ops) == 1 { // ln TARGET: a link in the working directory
		ops = append(ops, ".")
	}
	if parsed.has("T") {
		if hasDir {
			return nil, p.Fail(1, "cannot combine --target-directory (-t) and --no-target-directory (-T)"), false
		}
		if len(ops) > 2 {
			p.Errorf("extra operand %s", progkit.QuoteName(p, ops[2]))
			return nil, fsTryHelp(p, 1), false
		}
		return []fsPair{{ops[0], ops[1]}}, 0, true
	}
	if !hasDir {
		dir, ops = ops[len(ops)-1], ops[:len(ops)-1]
		info, err := p.M.FS.Stat(p.Cred(), p.Abs(dir))
		if err != nil || !info.IsDir() {
			if len(ops) == 1 {
				return []fsPair{{ops[0], dir}}, 0, true
			}
			switch {
			case solaris && err != nil:
				return nil, p.Fail(2, "%s not found", dir), false
			case solaris:
				p.Errorf("Target %s must be a directory", dir)
				return nil, fsSolarisUsage(p, syn), false
			case fsCoreutils9(p) || p.Name() == "ln" && !progkit.OldCoreutils(p):
				// coreutils 9's cp and mv, and ln since 8.32 (seen on Debian 11)
				if err == nil {
					err = syscall.ENOTDIR
				}
				return nil, p.Fail(1, "target %s: %s", progkit.QuoteName(p, dir), p.Strerror(err)), false
			}
			return nil, p.Fail(1, "target %s is not a directory", progkit.QuoteName(p, dir)), false
		}
	} else if info, err := p.M.FS.Stat(p.Cred(), p.Abs(dir)); err != nil || !info.IsDir() {
		if err == nil {
			err = syscall.ENOTDIR
		}
		return nil, p.Fail(1, "target directory %s: %s", progkit.QuoteName(p, dir), p.Strerror(err)), false
	}
	for _, src := range ops {
		pairs = append(pairs, fsPair{src, fsJoin(dir, path.Base(strings.TrimRight(src, "/")))})
	}
	return pairs, 0, true
}

// fsEachPair applies do to each source and its destination, as cp and mv
// do, and returns the command's status; a cancelled command stops with 1.
func fsEachPair(p *shell.Proc, pairs []fsPair, do func(src, dst string) bool) int {
	failed := false
	for _, pr := range pairs {
		if p.Ctx.Err() != nil {
			return 1
		}
		if !do(pr.src, pr.dst) {
			failed = true
		}
	}
	return fsExitStatus(p, failed)
}

// fsExitStatus is the status of a command that has gone through all its
// operands: 0 when none failed, else GNU's 1 or the Solaris tools' 2.
func fsExitStatus(p *shell.Proc, failed bool) int {
	switch {
	case !failed:
		return 0
	case p.Solaris():
		return 2
	}
	return 1
}

// fsCreate opens a file for writing, creating it with perm less the umask.
func fsCreate(p *shell.Proc, name string, flag int, perm fs.FileMode) (*vfs.File, error) {
	return p.M.FS.OpenFile(p.Cred(), p.Abs(name), flag, perm&^fs.FileMode(p.Umask))
}

// fsAskSolaris asks a question the Solaris tools' way and reads the answer:
// yes only for a prefix of "yes" (the C locale's YESSTR).
func fsAskSolaris(p *shell.Proc, w io.Writer, question string) bool {
	io.WriteString(w, question)
	line, _ := p.ReadLine()
	return line != "" && strings.HasPrefix("yes", line)
}

// fsComplain prints "name: message" on stderr and returns false, for helpers
// that report a failed file and go on.
func fsComplain(p *shell.Proc, format string, args ...any) bool {
	p.Errorf(format, args...)
	return false
}
