package files

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

func init() {
	shell.Register(shell.Command{Name: "ls", Run: ls})
}

var lsSyntax = fsSyntax{
	opts: []fsOpt{
		{'a', "all", fsNoArg}, {'A', "almost-all", fsNoArg}, {'d', "directory", fsNoArg},
		{'l', "", fsNoArg}, {'1', "", fsNoArg}, {'C', "", fsNoArg}, {'x', "", fsNoArg}, {'i', "inode", fsNoArg},
		{'n', "numeric-uid-gid", fsNoArg}, {'h', "human-readable", fsNoArg}, {'t', "", fsNoArg},
		{'S', "", fsNoArg}, {'U', "", fsNoArg}, {'r', "reverse", fsNoArg}, {'R', "recursive", fsNoArg},
		{'F', "classify", fsOptionalArg}, {'p', "", fsNoArg}, {'L', "dereference", fsNoArg},
		{'H', "dereference-command-line", fsNoArg}, {'s', "size", fsNoArg}, {'g', "", fsNoArg},
		{'o', "", fsNoArg}, {0, "color", fsOptionalArg}, {0, "colour", fsOptionalArg},
		{0, "full-time", fsNoArg}, {'q', "hide-control-chars", fsNoArg}, {'b', "escape", fsNoArg},
		{'N', "literal", fsNoArg}, {0, "group-directories-first", fsNoArg}, {0, "time-style", fsArg},
		{'Q', "quote-name", fsNoArg}, {0, "quoting-style", fsArg}, {0, "show-control-chars", fsNoArg},
		{'D', "dired", fsNoArg}, {'w', "width", fsArg},
	},
	solOpts:   "aAbcCdeEfFghHilLmnopqrRsStuxvV1@",
	gnuStatus: 2,
	solUsage:  "usage: ls -aAbcCdeEfFghHilLmnopqrRsStuxvV1@ [files]\n",
}

// lsOpts is how one ls run lists.
type lsOpts struct {
	p                                        *shell.Proc
	unreadLink                               bool // a link's target could not be read: exit 1
	all, almostAll, dirs, long, inode        bool
	numeric, human, reverse, recursive, blks bool
	classify, slash, deref, derefArgs, owner bool
	group, fullTime, columns, solaris        bool
	timeStyle                                string // --time-style: "", full-iso, long-iso, iso or +FORMAT
	quoting                                  string // the quoting style (lsQuotingStyles)
	hide                                     bool   // -q: control characters as '?'
	lineWidth                                int    // -w: the width columns fill; 0 for the terminal's
	dired                                    *lsCounter
	diredNames, diredDirs                    []int // --dired's offsets: of names, of directory headings
	across                                   bool  // -x: columns filled across, not down
	sortBy                                   byte  // 'n' name, 't' time, 'S' size, 'U' none
	printed                                  bool  // something was listed: a blank line precedes the next directory
}

// lsFile is one line of a listing.
type lsFile struct {
	name, abs string
	info      *vfs.Info
	target    *vfs.Info // what a symlink points to, when it resolves
	unknown   bool      // -L could not follow it: its line is question marks
}

// ls lists files and directories, in GNU or Solaris long format.
func ls(p *shell.Proc) int {
	parsed, code, ok := fsParse(p, p.Args(), lsSyntax)
	if !ok {
		return code
	}
	o := &lsOpts{p: p, solaris: p.Solaris(), sortBy: 'n', owner: true, group: true, columns: p.TTY(), hide: p.TTY()}
	// GNU's default quoting is literal off a terminal and shell-escape on one,
	// unless QUOTING_STYLE names a style
	o.quoting = "literal"
	if p.TTY() {
		o.quoting = "shell-escape"
	}
	if env, set := p.LookupEnv("QUOTING_STYLE"); set && slices.Contains(lsQuotingStyles, env) {
		o.quoting = env
	} else if set {
		p.Errorf("ignoring invalid value of environment variable QUOTING_STYLE: %s", progkit.QuoteC(env))
	}
	dired := false
	for _, f := range parsed.flags {
		switch f.key {
		case "a":
			o.all = true
		case "A":
			o.almostAll = true
		case "d":
			o.dirs = true
		case "l":
			o.long = true
		case "n":
			o.long, o.numeric = true, true
		case "g":
			o.long, o.owner = true, false
		case "o":
			o.long, o.group = true, false
		case "full-time":
			o.long, o.fullTime = true, true
		case "time-style":
			style, valid := lsTimeStyle(f.val)
			if !valid {
				p.Errorf("invalid argument %s for 'time style'", progkit.QuoteName(p, f.val))
				fmt.Fprint(p.Stderr, "Valid arguments are:\n  - [posix-]full-iso\n  - [posix-]long-iso\n  - [posix-]iso\n"+
					"  - [posix-]locale\n  - +FORMAT (e.g., +%H:%M) for a 'date'-style format\nTry 'ls --help' for more information.\n")
				return 2
			}
			o.timeStyle = style
		case "1":
			o.columns = false
		case "C":
			o.columns, o.across = true, false
		case "x":
			o.columns, o.across = true, true
		case "i":
			o.inode = true
		case "h":
			o.human = true
		case "t", "S", "U":
			o.sortBy = f.key[0]
		case "r":
			o.reverse = true
		case "R":
			o.recursive = true
		case "F":
			o.classify = f.val == "" || f.val == "always" || f.val == "yes" || f.val == "force" ||
				(f.val == "auto" || f.val == "tty" || f.val == "if-tty") && p.TTY()
		case "p":
			o.slash = true
		case "L":
			o.deref = true
		case "H":
			o.derefArgs = true
		case "s":
			o.blks = true
		case "Q":
			o.quoting = "c"
		case "N":
			o.quoting = "literal"
		case "b":
			o.quoting = "escape"
		case "q":
			o.hide = true
		case "show-control-chars":
			o.hide = false
		case "quoting-style":
			if !slices.Contains(lsQuotingStyles, f.val) {
				p.Errorf("invalid argument %s for %s", progkit.QuoteC(f.val), progkit.QuoteC("--quoting-style"))
				fmt.Fprint(p.Stderr, "Valid arguments are:\n")
				for _, st := range lsQuotingStyles {
					fmt.Fprintf(p.Stderr, "  - %s\n", progkit.QuoteC(st))
				}
				fmt.Fprint(p.Stderr, "Try 'ls --help' for more information.\n")
				return 1 // argmatch's failure, not ls's usage status
			}
			o.quoting = f.val
		case "D":
			dired = true
		case "w":
			n, err := strconv.ParseUint(f.val, 10, 63)
			if err != nil {
				return p.Fail(2, "invalid line width: %s", progkit.QuoteC(f.val))
			}
			o.lineWidth = int(n)
			if n == 0 {
				o.lineWidth = 1 << 30 // no limit
			}
		}
	}
	if dired && o.long && !o.solaris {
		// Emacs' dired reads where each name is in the listing
		o.dired = &lsCounter{w: p.Stdout}
		stdout := p.Stdout
		p.Stdout = o.dired
		defer func() {
			p.Stdout = stdout
			o.printDired()
		}()
	}
	// GNU follows a command-line symlink to a directory unless the listing is
	// about the links themselves.
	o.derefArgs = o.derefArgs || !o.dirs && !o.long && !o.classify

	operands := parsed.operands
	if len(operands) == 0 {
		operands = []string{"."}
	}
	status := 0
	var files, dirs []lsFile
	for _, op := range operands {
		f, err := o.stat(op, p.Abs(op), true)
		if err != nil {
			if o.solaris {
				fmt.Fprintf(p.Stderr, "%s: %s\n", op, p.Strerror(err))
			} else if progkit.OldCoreutils(p) {
				p.Errorf("cannot access %s: %s", op, p.Strerror(err))
			} else {
				p.Errorf("cannot access %s: %s", progkit.QuoteName(p, op), p.Strerror(err))
			}
			status = 2
			continue
		}
		if f.info.IsDir() && !o.dirs {
			dirs = append(dirs, f)
		} else {
			files = append(files, f)
		}
	}
	o.sort(files)
	o.sort(dirs)
	if len(files) > 0 {
		o.print(files)
		o.printed = true
	}
	header := len(operands) > 1 || o.recursive
	for _, d := range dirs {
		if s := o.listDir(d, header, 2); s > status {
			status = s
		}
	}
	if o.unreadLink && status == 0 {
		status = 1
	}
	return status
}

// stat describes a file; arg marks a command-line operand, which -H and
// GNU's default follow when it is a symlink to a directory.
func (o *lsOpts) stat(name, abs string, arg bool) (lsFile, error) {
	fsys, cred := o.p.M.FS, o.p.Cred()
	info, err := fsys.Lstat(cred, abs)
	if err != nil {
		return lsFile{}, err
	}
	f := lsFile{name: name, abs: abs, info: info}
	if info.Mode&fs.ModeSymlink == 0 {
		return f, nil
	}
	target, terr := fsys.Stat(cred, abs)
	switch {
	case terr != nil && (o.deref || arg && strings.HasSuffix(name, "/")):
		// "link/" is resolved by the kernel: a dangling or forbidden link fails
		return lsFile{}, terr
	case terr != nil:
	case o.deref || arg && (o.derefArgs || strings.HasSuffix(name, "/")) && target.IsDir():
		// "link/" names the directory the link points to, as the kernel resolves it
		f.info = target
	default:
		f.target = target
	}
	return f, nil
}

func (o *lsOpts) sort(files []lsFile) {
	less := func(a, b lsFile) bool {
		switch o.sortBy {
		case 't':
			if !a.info.ModTime.Equal(b.info.ModTime) {
				return a.info.ModTime.After(b.info.ModTime)
			}
		case 'S':
			if a.info.Size != b.info.Size {
				return a.info.Size > b.info.Size
			}
		case 'U':
			return false
		}
		return a.name < b.name
	}
	sort.SliceStable(files, func(i, j int) bool {
		if o.reverse {
			return less(files[j], files[i])
		}
		return less(files[i], files[j])
	})
}

// listDir lists a directory and, with -R, those under it. failStatus is the
// exit status when it cannot be read: 2 for an operand, 1 below one.
func (o *lsOpts) listDir(d lsFile, header bool, failStatus int) int {
	p := o.p
	list, err := p.M.FS.ReadDir(p.Cred(), d.abs)
	if err != nil {
		switch {
		case o.solaris:
			fmt.Fprintf(p.Stderr, "%s: %s\n", d.name, p.Strerror(err))
		case progkit.OldCoreutils(p):
			p.Errorf("cannot open directory %s: %s", d.name, p.Strerror(err))
		default:
			p.Errorf("cannot open directory %s: %s", progkit.QuoteName(p, d.name), p.Strerror(err))
		}
		return failStatus
	}
	if o.printed {
		p.Printf("\n")
	}
	if header {
		name, _ := lsQuote(o.quoting, d.name, o.hide)
		if o.dired != nil {
			p.Printf("  ")
			o.diredDirs = append(o.diredDirs, o.dired.n, o.dired.n+len(name))
		}
		p.Printf("%s:\n", name)
	}
	o.printed = true
	status := 0
	var entries []lsFile
	if o.all {
		// ".." is the physical parent, as the kernel resolves it: of the
		// directory a link leads to, not of the link
		physical := d.abs
		if real, err := p.M.FS.Realpath(p.Cred(), d.abs); err == nil {
			physical = real
		}
		for _, dot := range []string{".", ".."} {
			if info, err := p.M.FS.Stat(p.Cred(), path.Join(physical, dot)); err == nil {
				info.Name = dot
				entries = append(entries, lsFile{name: dot, abs: path.Join(d.abs, dot), info: info})
			}
		}
	}
	for _, info := range list {
		if strings.HasPrefix(info.Name, ".") && !o.all && !o.almostAll {
			continue
		}
		f := lsFile{name: info.Name, abs: path.Join(d.abs, info.Name), info: info}
		if info.Mode&fs.ModeSymlink != 0 {
			if sf, err := o.stat(f.name, f.abs, false); err == nil {
				f = sf
			} else if o.deref {
				p.Errorf("cannot access %s: %s", progkit.QuoteName(p, fsJoin(d.name, info.Name)), p.Strerror(err))
				f.unknown = true // listed with question marks, a minor problem
				status = 1
			}
		}
		entries = append(entries, f)
	}
	o.sort(entries)
	if o.long || o.blks {
		var total int64
		for _, f := range entries {
			total += fsBlocks(f.info)
		}
		if o.dired != nil {
			p.Printf("  ")
		}
		p.Printf("total %s\n", o.blockCount(total))
	}
	o.print(entries)
	if !o.recursive {
		return status
	}
	for _, f := range entries {
		if f.info.IsDir() && f.target == nil && f.name != "." && f.name != ".." && p.Ctx.Err() == nil {
			sub := lsFile{name: fsJoin(d.name, f.name), abs: f.abs, info: f.info}
			if s := o.listDir(sub, true, 1); s > status {
				status = s
			}
		}
	}
	return status
}

// blockCount shows 512-byte blocks as the listing counts them: 1K units on
// GNU (or human-readable), 512-byte ones on Solaris.
func (o *lsOpts) blockCount(blocks int64) string {
	switch {
	case o.solaris:
		return strconv.FormatInt(blocks, 10)
	case o.human:
		return fsHuman(blocks * 512)
	}
	return strconv.FormatInt((blocks+1)/2, 10)
}

// indicator is the -F/-p mark after a name.
func (o *lsOpts) indicator(m fs.FileMode) string {
	switch {
	case m.IsDir() && (o.classify || o.slash):
		return "/"
	case !o.classify:
		return ""
	case m&fs.ModeSymlink != 0:
		return "@"
	case m&fs.ModeNamedPipe != 0:
		return "|"
	case m&fs.ModeSocket != 0:
		return "="
	case m.IsRegular() && m&0o111 != 0:
		return "*"
	}
	return ""
}

// print lists files as lines (long format, -1, no terminal) or in columns.
func (o *lsOpts) print(files []lsFile) {
	if o.long {
		o.printLong(files)
		return
	}
	var inodeW, blockW int
	for _, f := range files {
		inodeW = max(inodeW, len(strconv.FormatUint(f.info.Ino, 10)))
		blockW = max(blockW, len(o.blockCount(fsBlocks(f.info))))
	}
	cells := make([]string, len(files))
	for i, f := range files {
		var b strings.Builder
		if o.inode {
			if o.solaris {
				fmt.Fprintf(&b, "%10d ", f.info.Ino)
			} else {
				fmt.Fprintf(&b, "%*d ", inodeW, f.info.Ino)
			}
		}
		if o.blks {
			if o.solaris {
				fmt.Fprintf(&b, "%4d ", fsBlocks(f.info))
			} else {
				fmt.Fprintf(&b, "%*s ", blockW, o.blockCount(fsBlocks(f.info)))
			}
		}
		name, _ := lsQuote(o.quoting, f.name, o.hide)
		b.WriteString(name + o.indicator(f.info.Mode))
		cells[i] = b.String()
	}
	if !o.columns {
		for _, c := range cells {
			o.p.Printf("%s\n", c)
		}
		return
	}
	o.p.Printf("%s", lsColumns(cells, o.width(), o.across))
}

// width is the terminal width the columns fill.
func (o *lsOpts) width() int {
	if o.lineWidth != 0 {
		return o.lineWidth
	}
	if n, err := strconv.Atoi(o.p.Getenv("COLUMNS")); err == nil && n > 0 {
		return n
	}
	return 80
}

// lsColumns lays cells out down the columns as GNU ls -C does (across the
// rows for -x): as many columns as fit, each as wide as its longest cell plus
// two spaces.
func lsColumns(cells []string, width int, across bool) string {
	n := len(cells)
	if n == 0 {
		return ""
	}
	cols := 1
	var widths []int
	for try := min(n, max(1, width/3)); try >= 1; try-- {
		rows := (n + try - 1) / try
		w := make([]int, try)
		total := 0
		for i, c := range cells {
			col := i / rows
			if across {
				col = i % try
			}
			cw := utf8.RuneCountInString(c)
			if col < try-1 {
				cw += 2
			}
			w[col] = max(w[col], cw)
		}
		for _, x := range w {
			total += x
		}
		if total < width || try == 1 {
			cols, widths = try, w
			break
		}
	}
	rows := (n + cols - 1) / cols
	at := func(r, c int) int { return c*rows + r }
	if across {
		at = func(r, c int) int { return r*cols + c }
	}
	var b strings.Builder
	for r := 0; r < rows; r++ {
		pos := 0
		for c := 0; c < cols; c++ {
			i := at(r, c)
			if i >= n {
				break
			}
			b.WriteString(cells[i])
			if next := at(r, c+1); c+1 < cols && next < n {
				lsIndent(&b, pos+utf8.RuneCountInString(cells[i]), pos+widths[c])
			}
			pos += widths[c]
		}
		b.WriteString("\n")
	}
	return b.String()
}

// lsIndent pads from column from to column to as GNU ls does with its default
// tab size of 8: a tab wherever one reaches a tab stop not past to, spaces
// for the rest.
func lsIndent(b *strings.Builder, from, to int) {
	const tabsize = 8
	for from < to {
		if to/tabsize > (from+1)/tabsize {
			b.WriteByte('\t')
			from += tabsize - from%tabsize
		} else {
			b.WriteByte(' ')
			from++
		}
	}
}

// printLong prints the -l format, GNU with columns sized to the listing,
// Solaris with its fixed widths.
func (o *lsOpts) printLong(files []lsFile) {
	p := o.p
	type row struct{ inode, blocks, mode, nlink, owner, group, size, date, name, rest string }
	rows := make([]row, len(files))
	numOwner, numGroup := make([]bool, len(files)), make([]bool, len(files)) // numbers align right
	// a device shows "major, minor" where a file shows its size, each
	// number right-aligned in the widest of its kind
	var majorW, minorW int
	for _, f := range files {
		if f.info.Mode&fs.ModeDevice != 0 && !f.unknown && !o.solaris {
			majorW = max(majorW, len(strconv.FormatUint(uint64(f.info.Rdev[0]), 10)))
			minorW = max(minorW, len(strconv.FormatUint(uint64(f.info.Rdev[1]), 10)))
		}
	}
	anyQuoted := false
	var w row
	width := func(cur *string, s string) {
		if len(s) > len(*cur) {
			*cur = strings.Repeat(" ", len(s))
		}
	}
	for i, f := range files {
		info := f.info
		r := row{
			inode:  strconv.FormatUint(info.Ino, 10),
			blocks: o.blockCount(fsBlocks(info)),
			mode:   progkit.ModeString(info.Mode, o.solaris),
			nlink:  strconv.Itoa(info.Nlink),
			owner:  strconv.Itoa(info.UID),
			group:  strconv.Itoa(info.GID),
			size:   strconv.FormatInt(info.Size, 10),
			date:   fsLsTime(info.ModTime, o.solaris),
			name:   f.name,
		}
		numOwner[i], numGroup[i] = true, true
		if !o.numeric {
			r.owner, r.group = p.M.UserName(info.UID), p.M.GroupName(info.GID)
			numOwner[i], numGroup[i] = r.owner == strconv.Itoa(info.UID), r.group == strconv.Itoa(info.GID)
		}
		if o.human {
			r.size = fsHuman(info.Size)
		}
		if info.Mode&fs.ModeDevice != 0 && !o.solaris {
			r.size = fmt.Sprintf("%*d, %*d", majorW, info.Rdev[0], minorW, info.Rdev[1])
		}
		if o.fullTime {
			r.date = fsStatTime(info.ModTime)
		} else if o.timeStyle != "" {
			r.date = lsStyledTime(o.timeStyle, info.ModTime)
		}
		name, quoted := lsQuote(o.quoting, f.name, o.hide)
		anyQuoted = anyQuoted || quoted
		r.name = name
		switch {
		case f.unknown:
			// what GNU prints of a file it could not stat: its type, from
			// the directory, and question marks
			r.mode = r.mode[:1] + "?????????"
			r.inode, r.blocks, r.nlink, r.owner, r.group, r.size = "?", "?", "?", "?", "?", "?"
			numOwner[i], numGroup[i] = false, false
			width := len(fsLsTime(time.Unix(0, 0), false))
			if o.fullTime {
				width = len(fsStatTime(time.Unix(0, 0)))
			} else if o.timeStyle != "" {
				width = len(lsStyledTime(o.timeStyle, time.Unix(0, 0)))
			}
			r.date = fmt.Sprintf("%*s", width, "?")
		case info.Mode&fs.ModeSymlink != 0 && info.Target == "" && !o.solaris:
			// a link no one may read but its process's owner (/proc/PID/exe)
			if _, err := p.M.FS.Readlink(p.Cred(), f.abs); err != nil {
				p.Errorf("cannot read symbolic link %s: %s", progkit.QuoteName(p, f.abs), p.Strerror(err))
				o.unreadLink = true
			}
		case info.Mode&fs.ModeSymlink != 0:
			target, _ := lsQuote(o.quoting, info.Target, o.hide)
			r.rest = " -> " + target
			if f.target != nil {
				r.rest += o.indicator(f.target.Mode &^ fs.ModeSymlink)
			}
		default:
			r.rest = o.indicator(info.Mode)
		}
		rows[i] = r
		width(&w.inode, r.inode)
		width(&w.blocks, r.blocks)
		width(&w.nlink, r.nlink)
		width(&w.owner, r.owner)
		width(&w.group, r.group)
		width(&w.size, r.size)
	}
	// the shell styles keep unquoted names in line with quoted ones
	pad := anyQuoted && (o.quoting == "shell" || o.quoting == "shell-escape" || o.quoting == "c-maybe")
	for i, r := range rows {
		var b strings.Builder
		if o.solaris {
			if o.inode {
				fmt.Fprintf(&b, "%10s ", r.inode)
			}
			if o.blks {
				fmt.Fprintf(&b, "%4s ", r.blocks)
			}
			fmt.Fprintf(&b, "%s %3s ", r.mode, r.nlink)
			if o.owner {
				fmt.Fprintf(&b, "%-8s ", r.owner)
			}
			if o.group {
				fmt.Fprintf(&b, "%-8s ", r.group)
			}
			fmt.Fprintf(&b, "%7s %s %s%s\n", r.size, r.date, r.name, r.rest)
			p.Printf("%s", b.String())
			continue
		}
		if o.dired != nil {
			b.WriteString("  ")
		}
		if o.inode {
			fmt.Fprintf(&b, "%*s ", len(w.inode), r.inode)
		}
		if o.blks {
			fmt.Fprintf(&b, "%*s ", len(w.blocks), r.blocks)
		}
		fmt.Fprintf(&b, "%s %*s ", r.mode, len(w.nlink), r.nlink)
		// a name is left-aligned, a number (-n, or an id no name has) right
		align := func(cur, s string, number bool) {
			if number {
				fmt.Fprintf(&b, "%*s ", len(cur), s)
			} else {
				fmt.Fprintf(&b, "%-*s ", len(cur), s)
			}
		}
		if o.owner {
			align(w.owner, r.owner, numOwner[i])
		}
		if o.group {
			align(w.group, r.group, numGroup[i])
		}
		fmt.Fprintf(&b, "%*s %s ", len(w.size), r.size, r.date)
		if pad && !strings.HasPrefix(r.name, "'") && !strings.HasPrefix(r.name, `"`) {
			b.WriteByte(' ')
		}
		if o.dired != nil {
			start := o.dired.n + b.Len()
			o.diredNames = append(o.diredNames, start, start+len(r.name))
		}
		fmt.Fprintf(&b, "%s%s\n", r.name, r.rest)
		p.Printf("%s", b.String())
	}
}

// lsTimeStyle checks a --time-style argument and gives the style it means:
// the posix- forms are the locale's in the C locale a session runs in, which
// is the default (""). valid is false for an unknown style.
func lsTimeStyle(arg string) (style string, valid bool) {
	if strings.HasPrefix(arg, "+") {
		format, _, _ := strings.Cut(arg, "\n") // a second line is for recent files, which the C locale ignores
		return format, true
	}
	switch arg {
	case "full-iso", "long-iso", "iso":
		return arg, true
	case "locale", "posix-full-iso", "posix-long-iso", "posix-iso", "posix-locale":
		return "", true
	}
	return "", false
}

// lsStyledTime is a long listing's time in a --time-style.
func lsStyledTime(style string, t time.Time) string {
	t = t.UTC()
	switch style {
	case "full-iso":
		return fsStatTime(t)
	case "long-iso":
		return t.Format("2006-01-02 15:04")
	case "iso":
		now := time.Now()
		if t.After(now.Add(-15778476*time.Second)) && !t.After(now) {
			return t.Format("01-02 15:04")
		}
		return t.Format("2006-01-02 ")
	}
	return progkit.Strftime(style[1:], t)
}

// printDired ends a --dired listing: the offsets of the names and of the
// directory headings, and the quoting style they were written in.
func (o *lsOpts) printDired() {
	dump := func(label string, pos []int) {
		if len(pos) == 0 {
			return
		}
		o.p.Printf("%s", label)
		for _, n := range pos {
			o.p.Printf(" %d", n)
		}
		o.p.Printf("\n")
	}
	dump("//DIRED//", o.diredNames)
	dump("//SUBDIRED//", o.diredDirs)
	o.p.Printf("//DIRED-OPTIONS// --quoting-style=%s\n", o.quoting)
}
