package files

import (
	"fmt"
	"io/fs"
	"math"
	"path"
	"strings"
	"time"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

func init() {
	shell.Register(shell.Command{Name: "find", Run: find})
}

// findFile is the file an expression is evaluated on.
type findFile struct {
	name, abs string
	start     string // the starting point it was found under, for -printf's %P
	info      *vfs.Info
	depth     int
}

// findExpr is a compiled find expression.
type findExpr func(f *findFile) bool

// finder is one run of find: the global options the expression set, and
// what its actions gathered.
type finder struct {
	p                        *shell.Proc
	maxDepth, minDepth       int
	depthFirst, xdev, follow bool
	quit                     bool
	prune                    *bool // set while evaluating: -prune sets it
	status                   int
	now                      time.Time
	batches                  []*findBatch
	sawTest                  bool // a test came before a global option: GNU warns
	hasAction                bool
	tokens                   []string
	pos                      int
	lastPred                 string
}

// findBatch gathers files for one -exec ... {} +.
type findBatch struct {
	argv  []string
	files []string
}

// findError is a complaint about the expression; find exits 1 with it.
type findError struct{ msg string }

func (e findError) Error() string { return e.msg }

// find walks the given trees and evaluates an expression on every file.
func find(p *shell.Proc) int {
	args := p.Args()
	fd := &finder{p: p, maxDepth: math.MaxInt, now: time.Now()}
	for len(args) > 0 && (args[0] == "-H" || args[0] == "-L" || args[0] == "-P") {
		fd.follow = args[0] == "-L"
		args = args[1:]
	}
	var paths []string
	for len(args) > 0 && !fd.startsExpr(args[0]) {
		paths = append(paths, args[0])
		args = args[1:]
	}
	if p.Solaris() && len(paths) == 0 {
		if len(args) == 0 {
			p.Errorf("insufficient number of arguments")
		}
		return p.Fail(1, "[-H | -L] path-list predicate-list")
	}
	if len(paths) == 0 {
		paths = []string{"."}
	}
	fd.tokens = args
	expr, err := fd.parse()
	if err != nil {
		p.Errorf("%s", err)
		if p.Solaris() && strings.HasPrefix(err.Error(), "bad option") {
			p.Errorf("[-H | -L] path-list predicate-list")
		}
		return 1
	}
	if expr == nil {
		expr = func(*findFile) bool { return true }
	}
	if !fd.hasAction {
		test := expr
		expr = func(f *findFile) bool {
			if test(f) {
				fd.print(f.name, "\n")
			}
			return true
		}
	}
	for _, root := range paths {
		if fd.quit || p.Ctx.Err() != nil {
			break
		}
		fd.walkRoot(root, expr)
	}
	for _, b := range fd.batches {
		fd.runBatch(b)
	}
	if p.Ctx.Err() != nil {
		return 1
	}
	return fd.status
}

// startsExpr reports whether an argument begins the expression.
func (fd *finder) startsExpr(a string) bool {
	return strings.HasPrefix(a, "-") && a != "-" || a == "!" || a == "(" || a == ")" || a == ","
}

func (fd *finder) print(s, end string) { fd.p.Printf("%s%s", s, end) }

// fail reports a file find could not stat or (readingDir) list, in find's
// words, and marks the exit status.
func (fd *finder) fail(name string, err error, readingDir bool) {
	p := fd.p
	switch {
	case !p.Solaris():
		p.Errorf("%s: %s", findQuote(p, name), p.Strerror(err))
	case readingDir:
		p.Errorf("cannot read dir %s: %s", name, p.Strerror(err))
	default:
		p.Errorf("stat() error %s: %s", name, p.Strerror(err))
	}
	fd.status = 1
}

// findQuote quotes a name in find's messages as gnulib's locale style does:
// ‘x’ where the locale is UTF-8 (and on RHEL 7, whose default locale is),
// 'x' in the C locale an SSH session starts in on Debian.
func findQuote(p *shell.Proc, name string) string {
	if progkit.OldCoreutils(p) || progkit.UTF8Locale(p) {
		return "‘" + name + "’"
	}
	return "'" + name + "'"
}

func (fd *finder) stat(abs string) (*vfs.Info, error) {
	if fd.follow {
		if info, err := fd.p.M.FS.Stat(fd.p.Cred(), abs); err == nil {
			return info, nil
		}
	}
	return fd.p.M.FS.Lstat(fd.p.Cred(), abs)
}

func (fd *finder) walkRoot(root string, expr findExpr) {
	abs := fd.p.Abs(root)
	info, err := fd.stat(abs)
	if err != nil {
		fd.fail(root, err, false)
		return
	}
	fd.walk(&findFile{name: root, abs: abs, info: info, start: root}, expr, info.Dev)
}

func (fd *finder) walk(f *findFile, expr findExpr, dev uint64) {
	if fd.quit || fd.p.Ctx.Err() != nil {
		return
	}
	pruned := false
	visit := func() {
		if f.depth >= fd.minDepth && f.depth <= fd.maxDepth {
			prune := false
			fd.prune = &prune
			expr(f)
			pruned = prune
			fd.prune = nil
		}
	}
	if !fd.depthFirst {
		visit()
	}
	if f.info.IsDir() && !pruned && f.depth < fd.maxDepth && !(fd.xdev && f.info.Dev != dev) {
		list, err := fd.p.M.FS.ReadDir(fd.p.Cred(), f.abs)
		if err != nil {
			fd.fail(f.name, err, true)
		}
		for _, e := range list {
			child := &findFile{name: fsJoin(f.name, e.Name), abs: path.Join(f.abs, e.Name), info: e, depth: f.depth + 1, start: f.start}
			if fd.follow && e.Mode&fs.ModeSymlink != 0 {
				if target, err := fd.p.M.FS.Stat(fd.p.Cred(), child.abs); err == nil {
					child.info = target
				}
			}
			fd.walk(child, expr, dev)
		}
	}
	if fd.depthFirst {
		visit()
	}
}

func (fd *finder) peek() string {
	if fd.pos < len(fd.tokens) {
		return fd.tokens[fd.pos]
	}
	return ""
}

// parse compiles the expression: -o lists of -a lists of negated primaries.
func (fd *finder) parse() (findExpr, error) {
	if len(fd.tokens) == 0 {
		return nil, nil
	}
	e, err := fd.parseOr()
	if err != nil {
		return nil, err
	}
	if t := fd.peek(); t != "" {
		switch {
		case fd.p.Solaris():
			return nil, findError{"bad option " + t}
		case t == ")":
			return nil, findError{"invalid expression; you have too many ')'"}
		}
		return nil, findError{fmt.Sprintf("paths must precede expression: `%s'", t)}
	}
	return e, nil
}

func (fd *finder) parseOr() (findExpr, error) {
	left, err := fd.parseAnd()
	if err != nil {
		return nil, err
	}
	for t := fd.peek(); t == "-o" || t == "-or" || t == ","; t = fd.peek() {
		fd.pos++
		fd.lastPred = t
		right, err := fd.parseAnd()
		if err != nil {
			return nil, err
		}
		l, r := left, right
		if t == "," {
			left = func(f *findFile) bool { l(f); return r(f) }
		} else {
			left = func(f *findFile) bool { return l(f) || r(f) }
		}
	}
	return left, nil
}

func (fd *finder) parseAnd() (findExpr, error) {
	left, err := fd.parseNot()
	if err != nil {
		return nil, err
	}
	for {
		t := fd.peek()
		if t == "" || t == ")" || t == "-o" || t == "-or" || t == "," {
			return left, nil
		}
		if t == "-a" || t == "-and" {
			fd.pos++
			fd.lastPred = t
		}
		right, err := fd.parseNot()
		if err != nil {
			return nil, err
		}
		l, r := left, right
		left = func(f *findFile) bool { return l(f) && r(f) }
	}
}

func (fd *finder) parseNot() (findExpr, error) {
	switch t := fd.peek(); t {
	case "!", "-not":
		fd.pos++
		fd.lastPred = t
		e, err := fd.parseNot()
		if err != nil {
			return nil, err
		}
		return func(f *findFile) bool { return !e(f) }, nil
	case "(":
		fd.pos++
		fd.lastPred = t
		e, err := fd.parseOr()
		if err != nil {
			return nil, err
		}
		if fd.peek() != ")" {
			if fd.p.Solaris() {
				return nil, findError{"unmatched '('"}
			}
			return nil, findError{"invalid expression; I was expecting to find a ')' somewhere but did not see one."}
		}
		fd.pos++
		return e, nil
	}
	return fd.primary()
}

// findSolaris lists the primaries Solaris 10's find knows.
var findSolaris = map[string]bool{
	"-name": true, "-perm": true, "-size": true, "-type": true, "-user": true, "-group": true,
	"-nouser": true, "-nogroup": true, "-mtime": true, "-atime": true, "-ctime": true, "-mmin": true,
	"-amin": true, "-cmin": true, "-newer": true, "-inum": true, "-links": true, "-local": true,
	"-mount": true, "-xdev": true, "-depth": true, "-follow": true, "-prune": true, "-print": true,
	"-exec": true, "-ok": true, "-ls": true,
}

// arg takes a primary's argument.
func (fd *finder) arg(pred string) (string, error) {
	if fd.pos >= len(fd.tokens) {
		if fd.p.Solaris() {
			return "", findError{"incomplete statement"}
		}
		return "", findError{fmt.Sprintf("missing argument to `%s'", pred)}
	}
	fd.pos++
	return fd.tokens[fd.pos-1], nil
}

// global notes a global option, warning as GNU does when it comes late.
func (fd *finder) global(pred string) {
	if fd.sawTest && !fd.p.Solaris() {
		fd.p.Errorf("warning: you have specified the global option %s after the argument %s, but global options are not positional, i.e., %s affects tests specified before it as well as those specified after it.  Please specify global options before other arguments.", pred, fd.lastPred, pred)
	}
}

func (fd *finder) primary() (findExpr, error) {
	p := fd.p
	pred := fd.peek()
	if pred == "" || pred == ")" || pred == "-o" || pred == "-or" || pred == "-a" || pred == "-and" || pred == "," {
		if fd.lastPred != "" && pred == "" {
			return nil, findError{fmt.Sprintf("expected an expression after '%s'", fd.lastPred)}
		}
		if p.Solaris() {
			return nil, findError{"bad option " + pred}
		}
		if pred == ")" {
			return nil, findError{"invalid expression; you have too many ')'"}
		}
		return nil, findError{fmt.Sprintf("invalid expression; you have used a binary operator '%s' with nothing before it.", pred)}
	}
	fd.pos++
	switch {
	case !strings.HasPrefix(pred, "-"):
		if p.Solaris() {
			return nil, findError{"bad option " + pred}
		}
		return nil, findError{fmt.Sprintf("paths must precede expression: `%s'", pred)}
	case p.Solaris() && !findSolaris[pred]:
		return nil, findError{"bad option " + pred}
	}
	e, err := fd.predicate(pred)
	if err == nil && pred != "-maxdepth" && pred != "-mindepth" && pred != "-depth" && pred != "-xdev" && pred != "-mount" && pred != "-follow" {
		fd.sawTest = true
	}
	fd.lastPred = pred
	return e, err
}
