package files

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

// findPredicate compiles one of find's tests or actions; arg is its argument
// (the token that follows) when it takes one.
type findPredicate struct {
	takesArg bool
	compile  func(fd *finder, pred, arg string) (findExpr, error)
}

// findPredicates are find's tests and actions by name.
var findPredicates = map[string]findPredicate{
	"-true":                {false, predTrue},
	"-false":               {false, predFalse},
	"-depth":               {false, predDepth},
	"-d":                   {false, predDepth},
	"-xdev":                {false, predXdev},
	"-mount":               {false, predXdev},
	"-follow":              {false, predFollow},
	"-noleaf":              {false, predNoop},
	"-ignore_readdir_race": {false, predNoop},
	"-local":               {false, predNoop},
	"-maxdepth":            {true, predDepthLimit},
	"-mindepth":            {true, predDepthLimit},
	"-name":                {true, predName},
	"-iname":               {true, predName},
	"-path":                {true, predName},
	"-wholename":           {true, predName},
	"-ipath":               {true, predName},
	"-iwholename":          {true, predName},
	"-lname":               {true, predName},
	"-ilname":              {true, predName},
	"-type":                {true, predType},
	"-xtype":               {true, predType},
	"-size":                {true, predSize},
	"-links":               {true, predNumber},
	"-inum":                {true, predNumber},
	"-uid":                 {true, predNumber},
	"-gid":                 {true, predNumber},
	"-mtime":               {true, predAge},
	"-atime":               {true, predAge},
	"-ctime":               {true, predAge},
	"-mmin":                {true, predAge},
	"-amin":                {true, predAge},
	"-cmin":                {true, predAge},
	"-newer":               {true, predNewer},
	"-user":                {true, predOwner},
	"-group":               {true, predOwner},
	"-nouser":              {false, predNoUser},
	"-nogroup":             {false, predNoGroup},
	"-perm":                {true, predPerm},
	"-empty":               {false, predEmpty},
	"-readable":            {false, predAccess},
	"-writable":            {false, predAccess},
	"-executable":          {false, predAccess},
	"-prune":               {false, predPrune},
	"-quit":                {false, predQuit},
	"-print":               {false, predPrint},
	"-print0":              {false, predPrint},
	"-printf":              {true, predPrintf},
	"-ls":                  {false, predLs},
	"-delete":              {false, predDelete},
	"-exec":                {false, predExec},
	"-ok":                  {false, predExec},
}

// predicate compiles one of find's tests or actions; its arguments are taken
// from the tokens that follow.
func (fd *finder) predicate(pred string) (findExpr, error) {
	compiler, ok := findPredicates[pred]
	if !ok {
		if fd.p.Solaris() {
			return nil, findError{"bad option " + pred}
		}
		return nil, findError{fmt.Sprintf("unknown predicate `%s'", pred)}
	}
	var arg string
	if compiler.takesArg {
		var err error
		if arg, err = fd.arg(pred); err != nil {
			return nil, err
		}
	}
	return compiler.compile(fd, pred, arg)
}

// findAlways is the test that every file passes.
func findAlways(*findFile) bool { return true }

// predTrue compiles -true.
func predTrue(_ *finder, _, _ string) (findExpr, error) {
	return findAlways, nil
}

// predFalse compiles -false.
func predFalse(_ *finder, _, _ string) (findExpr, error) {
	return func(*findFile) bool { return false }, nil
}

// predDepth compiles -depth, -d.
func predDepth(fd *finder, pred, _ string) (findExpr, error) {
	fd.global(pred)
	fd.depthFirst = true
	return findAlways, nil
}

// predXdev compiles -xdev, -mount.
func predXdev(fd *finder, pred, _ string) (findExpr, error) {
	fd.global(pred)
	fd.xdev = true
	return findAlways, nil
}

// predFollow compiles -follow.
func predFollow(fd *finder, pred, _ string) (findExpr, error) {
	fd.global(pred)
	fd.follow = true
	return findAlways, nil
}

// predNoop compiles -noleaf, -ignore_readdir_race, -local.
func predNoop(_ *finder, _, _ string) (findExpr, error) {
	return findAlways, nil
}

// predDepthLimit compiles -maxdepth, -mindepth.
func predDepthLimit(fd *finder, pred, a string) (findExpr, error) {
	p := fd.p
	n, err := strconv.Atoi(a)
	if err != nil || n < 0 {
		return nil, findError{fmt.Sprintf("Expected a positive decimal integer argument to %s, but got %s", pred, findQuote(p, a))}
	}
	fd.global(pred)
	if pred == "-maxdepth" {
		fd.maxDepth = n
	} else {
		fd.minDepth = n
	}
	return findAlways, nil
}

// predName compiles -name, -iname, -path, -wholename, -ipath, -iwholename, -lname, -ilname.
func predName(_ *finder, pred, a string) (findExpr, error) {
	fold := strings.HasPrefix(pred, "-i")
	return func(f *findFile) bool {
		var s string
		switch pred {
		case "-name", "-iname":
			s = path.Base(f.name)
			if f.name == "/" {
				s = "/"
			}
		case "-lname", "-ilname":
			if f.info.Mode&fs.ModeSymlink == 0 {
				return false
			}
			s = f.info.Target
		default:
			s = f.name
		}
		if fold {
			return fsFnmatch(strings.ToLower(a), strings.ToLower(s))
		}
		return fsFnmatch(a, s)
	}, nil
}

// predType compiles -type, -xtype.
func predType(fd *finder, pred, a string) (findExpr, error) {
	p := fd.p
	kinds := strings.Split(a, ",")
	for _, k := range kinds {
		if len(k) != 1 || !strings.Contains("fdlpscbD", k) {
			if p.Solaris() {
				return nil, findError{"bad option " + a}
			}
			if len(k) > 1 {
				return nil, findError{"Must separate multiple arguments to -type using: ','"}
			}
			return nil, findError{"Unknown argument to " + pred + ": " + k}
		}
	}
	return func(f *findFile) bool {
		info := f.info
		if pred == "-xtype" && info.Mode&fs.ModeSymlink != 0 {
			if t, err := p.M.FS.Stat(p.Cred(), f.abs); err == nil {
				info = t
			}
		}
		c := progkit.ModeString(info.Mode, false)[0]
		if c == '-' {
			c = 'f'
		}
		for _, k := range kinds {
			if k[0] == c {
				return true
			}
		}
		return false
	}, nil
}

// predSize compiles -size.
func predSize(_ *finder, _, a string) (findExpr, error) {
	cmp, num := findCmp(a)
	unit := int64(512)
	if num != "" {
		if u, ok := map[byte]int64{'b': 512, 'c': 1, 'w': 2, 'k': 1024, 'M': 1 << 20, 'G': 1 << 30}[num[len(num)-1]]; ok {
			unit, num = u, num[:len(num)-1]
		}
	}
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil {
		return nil, findError{fmt.Sprintf("Invalid argument `%s' to -size", a)}
	}
	return func(f *findFile) bool { return cmp((f.info.Size+unit-1)/unit, n) }, nil
}

// predNumber compiles -links, -inum, -uid, -gid.
func predNumber(_ *finder, pred, a string) (findExpr, error) {
	cmp, num := findCmp(a)
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil {
		return nil, findError{fmt.Sprintf("invalid argument `%s' to `%s'", a, pred)}
	}
	return func(f *findFile) bool {
		v := map[string]int64{"-links": int64(f.info.Nlink), "-inum": int64(f.info.Ino),
			"-uid": int64(f.info.UID), "-gid": int64(f.info.GID)}[pred]
		return cmp(v, n)
	}, nil
}

// predAge compiles -mtime, -atime, -ctime, -mmin, -amin, -cmin.
func predAge(fd *finder, pred, a string) (findExpr, error) {
	cmp, num := findCmp(a)
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil {
		return nil, findError{fmt.Sprintf("invalid argument `%s' to `%s'", a, pred)}
	}
	unit := 24 * time.Hour
	if strings.HasSuffix(pred, "min") {
		unit = time.Minute
	}
	return func(f *findFile) bool {
		t := f.info.ModTime
		switch pred[1] {
		case 'a':
			t = f.info.AccessTime
		case 'c':
			t = f.info.ChangeTime
		}
		return cmp(int64(math.Floor(float64(fd.now.Sub(t))/float64(unit))), n)
	}, nil
}

// predNewer compiles -newer, -anewer, -cnewer and -newerXY: the file's time
// X (a, c, m) after the reference's time Y, or after the date itself (Y = t,
// as -newermt '2022-01-01').
func predNewer(fd *finder, pred, a string) (findExpr, error) {
	p := fd.p
	x, y := byte('m'), byte('m')
	switch {
	case pred == "-anewer":
		x = 'a'
	case pred == "-cnewer":
		x = 'c'
	case len(pred) == len("-newerXY"):
		x, y = pred[6], pred[7]
	}
	var when time.Time
	if y == 't' {
		t, err := fsParseDate(a, fd.now)
		if err != nil {
			return nil, findError{fmt.Sprintf("I cannot figure out how to interpret %s as a date or time", findQuote(p, a))}
		}
		when = t
	} else {
		ref, err := p.M.FS.Stat(p.Cred(), p.Abs(a))
		if err != nil {
			if p.Solaris() {
				return nil, findError{"cannot access " + a}
			}
			return nil, findError{fmt.Sprintf("%s: %s", findQuote(p, a), p.Strerror(err))}
		}
		when = findTimeOf(ref, y)
	}
	return func(f *findFile) bool { return findTimeOf(f.info, x).After(when) }, nil
}

func init() {
	findPredicates["-anewer"] = findPredicate{true, predNewer}
	findPredicates["-cnewer"] = findPredicate{true, predNewer}
	for _, x := range "acm" {
		for _, y := range "acmt" {
			findPredicates["-newer"+string(x)+string(y)] = findPredicate{true, predNewer}
		}
	}
}

// predOwner compiles -user, -group.
func predOwner(fd *finder, pred, a string) (findExpr, error) {
	p := fd.p
	id := -1
	if pred == "-user" {
		if u := p.M.User(a); u != nil {
			id = u.UID
		}
	} else if g := p.M.Group(a); g != nil {
		id = g.GID
	}
	if id < 0 {
		n, err := strconv.Atoi(a)
		switch {
		case err == nil && n >= 0:
			id = n
		case p.Solaris():
			return nil, findError{fmt.Sprintf("cannot find %s name", a)}
		case pred == "-user":
			return nil, findError{fmt.Sprintf("%s is not the name of a known user", findQuote(p, a))}
		default:
			return nil, findError{fmt.Sprintf("%s is not the name of an existing group", findQuote(p, a))}
		}
	}
	return func(f *findFile) bool {
		if pred == "-user" {
			return f.info.UID == id
		}
		return f.info.GID == id
	}, nil
}

// predNoUser compiles -nouser.
func predNoUser(fd *finder, _, _ string) (findExpr, error) {
	p := fd.p
	return func(f *findFile) bool { return p.M.UserByUID(f.info.UID) == nil }, nil
}

// predNoGroup compiles -nogroup.
func predNoGroup(fd *finder, _, _ string) (findExpr, error) {
	p := fd.p
	return func(f *findFile) bool { return p.M.GroupByGID(f.info.GID) == nil }, nil
}

// predPerm compiles -perm.
func predPerm(fd *finder, _, a string) (findExpr, error) {
	p := fd.p
	kind, spec := byte('='), a
	if a != "" && (a[0] == '-' || a[0] == '/') {
		kind, spec = a[0], a[1:]
	}
	clauses, ok := fsParseMode(spec)
	if !ok {
		if p.Solaris() {
			return nil, findError{"-perm: Bad permission string"}
		}
		return nil, findError{fmt.Sprintf("invalid mode %s", findQuote(p, a))}
	}
	want := fsApplyMode(clauses, 0, false, 0)
	return func(f *findFile) bool {
		have := vfs.UnixMode(f.info.Mode)
		switch kind {
		case '-':
			return have&want == want
		case '/':
			return want == 0 || have&want != 0
		}
		return have == want
	}, nil
}

// predEmpty compiles -empty.
func predEmpty(fd *finder, _, _ string) (findExpr, error) {
	p := fd.p
	return func(f *findFile) bool {
		if f.info.IsDir() {
			list, err := p.M.FS.ReadDir(p.Cred(), f.abs)
			if err != nil && !p.Solaris() {
				fd.fail(f.name, err, true) // GNU find reports the directory it could not open
			}
			return err == nil && len(list) == 0
		}
		return f.info.Mode.IsRegular() && f.info.Size == 0
	}, nil
}

// predAccess compiles -readable, -writable, -executable.
func predAccess(fd *finder, pred, _ string) (findExpr, error) {
	p := fd.p
	mode := map[string]uint32{"-readable": vfs.AccessRead, "-writable": vfs.AccessWrite, "-executable": vfs.AccessExec}[pred]
	return func(f *findFile) bool { return p.M.FS.Access(p.Cred(), f.abs, mode) == nil }, nil
}

// predPrune compiles -prune.
func predPrune(fd *finder, _, _ string) (findExpr, error) {
	return func(*findFile) bool {
		if fd.prune != nil && !fd.depthFirst {
			*fd.prune = true
		}
		return true
	}, nil
}

// predQuit compiles -quit.
func predQuit(fd *finder, _, _ string) (findExpr, error) {
	return func(*findFile) bool { fd.quit = true; return true }, nil
}

// predPrint compiles -print, -print0.
func predPrint(fd *finder, pred, _ string) (findExpr, error) {
	fd.hasAction = true
	end := "\n"
	if pred == "-print0" {
		end = "\x00"
	}
	return func(f *findFile) bool { fd.print(f.name, end); return true }, nil
}

// predPrintf compiles -printf.
func predPrintf(fd *finder, _, a string) (findExpr, error) {
	p := fd.p
	fd.hasAction = true
	return func(f *findFile) bool { p.Printf("%s", fd.printf(a, f)); return true }, nil
}

// predLs compiles -ls.
func predLs(fd *finder, _, _ string) (findExpr, error) {
	p := fd.p
	fd.hasAction = true
	return func(f *findFile) bool { p.Printf("%s", fd.ls(f)); return true }, nil
}

// predDelete compiles -delete.
func predDelete(fd *finder, _, _ string) (findExpr, error) {
	fd.hasAction = true
	fd.depthFirst = true
	return fd.delete, nil
}

// predExec compiles -exec, -ok.
func predExec(fd *finder, pred, _ string) (findExpr, error) {
	fd.hasAction = true
	return fd.execPredicate(pred)
}

// findCmp reads find's +N (more than), -N (less than) or N (exactly).
func findCmp(a string) (func(v, n int64) bool, string) {
	switch {
	case strings.HasPrefix(a, "+"):
		return func(v, n int64) bool { return v > n }, a[1:]
	case strings.HasPrefix(a, "-"):
		return func(v, n int64) bool { return v < n }, a[1:]
	}
	return func(v, n int64) bool { return v == n }, a
}

func (fd *finder) delete(f *findFile) bool {
	p := fd.p
	if f.name == "." {
		return true
	}
	var err error
	if f.info.IsDir() {
		err = p.M.FS.Rmdir(p.Cred(), f.abs)
	} else {
		err = p.M.FS.Unlink(p.Cred(), f.abs)
	}
	if err != nil {
		p.Errorf("cannot delete %s: %s", findQuote(p, f.name), p.Strerror(err))
		fd.status = 1
		return false
	}
	return true
}

// execPredicate compiles -exec/-ok CMD ... ; and -exec CMD ... {} +.
func (fd *finder) execPredicate(pred string) (findExpr, error) {
	p := fd.p
	start := fd.pos
	for ; fd.pos < len(fd.tokens); fd.pos++ {
		t := fd.tokens[fd.pos]
		batch := t == "+" && pred == "-exec" && fd.pos > start && fd.tokens[fd.pos-1] == "{}"
		if t != ";" && !batch {
			continue
		}
		argv := append([]string(nil), fd.tokens[start:fd.pos]...)
		fd.pos++
		if len(argv) == 0 {
			break
		}
		if batch {
			b := &findBatch{argv: argv[:len(argv)-1]}
			fd.batches = append(fd.batches, b)
			return func(f *findFile) bool { b.files = append(b.files, f.name); return true }, nil
		}
		return func(f *findFile) bool {
			run := make([]string, len(argv))
			for i, a := range argv {
				run[i] = strings.ReplaceAll(a, "{}", f.name)
			}
			if pred == "-ok" && !p.Confirm("< "+strings.Join(run, " ")+" > ? ") {
				return false
			}
			return fd.run(run) == 0
		}, nil
	}
	if p.Solaris() {
		return nil, findError{"incomplete statement"}
	}
	return nil, findError{fmt.Sprintf("missing argument to `%s'", pred)}
}

// run executes a command for -exec, as find's child would.
func (fd *finder) run(argv []string) int {
	p := fd.p
	code, err := p.Exec(p.User, p.Env, argv, p.Stdin, p.Stdout, p.Stderr)
	if err != nil {
		var ee *shell.ExecError
		if errors.As(err, &ee) {
			p.Errorf("%s: %s", findQuote(p, ee.Name), p.Strerror(ee.Errno))
		}
		fd.status = 1
		return code
	}
	return code
}

func (fd *finder) runBatch(b *findBatch) {
	if len(b.files) == 0 || fd.p.Ctx.Err() != nil {
		return
	}
	if fd.run(append(append([]string(nil), b.argv...), b.files...)) != 0 {
		fd.status = 1
	}
}

// ls is one line of -ls, in find's own column widths.
func (fd *finder) ls(f *findFile) string {
	p := fd.p
	info := f.info
	name := f.name
	if info.Mode&fs.ModeSymlink != 0 {
		name += " -> " + info.Target
	}
	return fmt.Sprintf("%9d %6d %s %3d %-8s %-8s %8d %s %s\n", info.Ino, (fsBlocks(info)+1)/2,
		progkit.ModeString(info.Mode, p.Solaris()), info.Nlink, p.M.UserName(info.UID), p.M.GroupName(info.GID),
		info.Size, fsLsTime(info.ModTime, p.Solaris()), name)
}

// printf expands -printf's directives and escapes.
func (fd *finder) printf(format string, f *findFile) string {
	format = fsExpandBackslashes(strings.ReplaceAll(format, `\c`, "\x00STOP"))
	format, _, _ = strings.Cut(format, "\x00STOP")
	return fsExpandPercent(format, "-+ #0123456789.", false, func(rest string) (string, int, bool) {
		return fd.directive(rest, f)
	})
}

// directive is the value of the -printf directive whose letter starts rest;
// used counts the letters it takes (%Tk takes two).
func (fd *finder) directive(rest string, f *findFile) (v string, used int, ok bool) {
	p := fd.p
	info := f.info
	switch d := rest[0]; d {
	case 'p':
		v = f.name
	case 'P':
		v = strings.TrimPrefix(strings.TrimPrefix(f.name, f.start), "/")
	case 'f':
		v = path.Base(f.name)
	case 'h':
		v = path.Dir(f.name)
	case 's':
		v = strconv.FormatInt(info.Size, 10)
	case 'm':
		v = strconv.FormatUint(uint64(vfs.UnixMode(info.Mode)), 8)
	case 'M':
		v = progkit.ModeString(info.Mode, false)
	case 'u':
		v = p.M.UserName(info.UID)
	case 'g':
		v = p.M.GroupName(info.GID)
	case 'U':
		v = strconv.Itoa(info.UID)
	case 'G':
		v = strconv.Itoa(info.GID)
	case 'i':
		v = strconv.FormatUint(info.Ino, 10)
	case 'n':
		v = strconv.Itoa(info.Nlink)
	case 'd':
		v = strconv.Itoa(f.depth)
	case 'y':
		v = string(progkit.ModeString(info.Mode, false)[0])
		if v == "-" {
			v = "f"
		}
	case 'l':
		v = info.Target
	case 'k':
		v = strconv.FormatInt((fsBlocks(info)+1)/2, 10)
	case 'b':
		v = strconv.FormatInt(fsBlocks(info), 10)
	case 't', 'a', 'c':
		v = findTime(findTimeOf(info, d), 0)
	case 'T', 'A', 'C':
		if len(rest) > 1 {
			return findTime(findTimeOf(info, d+'a'-'A'), rest[1]), 2, true
		}
	default:
		return "", 1, false
	}
	return v, 1, true
}

func findTimeOf(info *vfs.Info, which byte) time.Time {
	switch which {
	case 'a':
		return info.AccessTime
	case 'c':
		return info.ChangeTime
	}
	return info.ModTime
}

// findTime formats a time for %t (k == 0) or %Tk.
func findTime(t time.Time, k byte) string {
	t = t.UTC()
	switch k {
	case 0:
		return t.Format("Mon Jan _2 15:04:05.000000000") + "0" + t.Format(" 2006")
	case '@':
		return fmt.Sprintf("%d.%09d0", t.Unix(), t.Nanosecond())
	case '+':
		return t.Format("2006-01-02+15:04:05.000000000") + "0"
	}
	// find prints ten digits of fraction (nanoseconds and a 0); Go's layouts
	// stop at nine, so the tenth is added here.
	layout := map[byte]string{'Y': "2006", 'y': "06", 'm': "01", 'd': "02", 'H': "15", 'M': "04",
		'S': "05.000000000", 'F': "2006-01-02", 'T': "15:04:05.000000000", 'D': "01/02/06",
		'b': "Jan", 'B': "January", 'a': "Mon", 'A': "Monday", 'Z': "MST", 'z': "-0700", 'e': "_2"}[k]
	if k == 'S' || k == 'T' {
		return t.Format(layout) + "0"
	}
	return t.Format(layout)
}

// fsFnmatch matches name against a shell pattern as fnmatch(3) without
// flags does: * and ? match any character, slashes and leading dots too.
func fsFnmatch(pattern, name string) bool {
	for len(pattern) > 0 {
		switch pattern[0] {
		case '*':
			for len(pattern) > 0 && pattern[0] == '*' {
				pattern = pattern[1:]
			}
			if pattern == "" {
				return true
			}
			for i := 0; i <= len(name); i++ {
				if fsFnmatch(pattern, name[i:]) {
					return true
				}
			}
			return false
		case '?':
			if name == "" {
				return false
			}
			pattern, name = pattern[1:], name[1:]
		case '[':
			if name == "" {
				return false
			}
			matched, rest, ok := fsBracket(pattern, name[0])
			if !ok { // no closing bracket: a literal [
				if name[0] != '[' {
					return false
				}
				pattern, name = pattern[1:], name[1:]
				continue
			}
			if !matched {
				return false
			}
			pattern, name = rest, name[1:]
		case '\\':
			if len(pattern) > 1 {
				pattern = pattern[1:]
			}
			fallthrough
		default:
			if name == "" || pattern[0] != name[0] {
				return false
			}
			pattern, name = pattern[1:], name[1:]
		}
	}
	return name == ""
}

// fsBracket matches c against the bracket expression at the start of pattern.
func fsBracket(pattern string, c byte) (matched bool, rest string, ok bool) {
	i := 1
	negate := i < len(pattern) && (pattern[i] == '!' || pattern[i] == '^')
	if negate {
		i++
	}
	first := true
	for i < len(pattern) {
		if pattern[i] == ']' && !first {
			return matched != negate, pattern[i+1:], true
		}
		first = false
		lo := pattern[i]
		if i+2 < len(pattern) && pattern[i+1] == '-' && pattern[i+2] != ']' {
			if lo <= c && c <= pattern[i+2] {
				matched = true
			}
			i += 3
			continue
		}
		if lo == c {
			matched = true
		}
		i++
	}
	return false, "", false
}
