package text

import (
	"bufio"
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
)

func init() {
	shell.Register(shell.Command{Name: "grep", Run: grepCmd})
	shell.Register(shell.Command{Name: "egrep", Only: "gnu", Run: grepCmd})
	shell.Register(shell.Command{Name: "fgrep", Only: "gnu", Run: grepCmd})
}

var grepSpec = progkit.Spec{
	Short: "iyvcnlLhHqsowxEFGPe:f:rRm:A:B:C:abIZV",
	Long: []string{"ignore-case=i", "invert-match=v", "count=c", "line-number=n", "files-with-matches=l",
		"files-without-match=L", "no-filename=h", "with-filename=H", "quiet=q", "silent=q", "no-messages=s",
		"only-matching=o", "word-regexp=w", "line-regexp=x", "extended-regexp=E", "fixed-strings=F",
		"basic-regexp=G", "perl-regexp=P", "regexp=e", "file=f", "recursive=r", "dereference-recursive=R",
		"max-count=m", "after-context=A", "before-context=B", "context=C", "text=a", "byte-offset=b",
		"null=Z", "color::", "colour::", "include:", "exclude:", "exclude-dir:", "label:", "line-buffered",
		"no-ignore-case", "version=V"},
	Usage: "Usage: grep [OPTION]... PATTERNS [FILE]...",
	Code:  2,
}

// grepSolarisSpec is Solaris 10's /usr/bin/grep, which knows only a few options.
var grepSolarisSpec = progkit.Spec{Short: "bchilnsvw", Usage: "Usage: grep -hblcnsviw pattern file . . ."}

// txtGrep holds one grep run's options and state.
type txtGrep struct {
	p                             *shell.Proc
	re                            grepMatcher
	word, invert, only, count     bool
	list, listMissing, quiet      bool
	silent, number, byteOffset    bool
	withName, noName, recursive   bool
	deref, text, nullName         bool
	max                           int
	after, before                 int
	label                         string
	include, exclude, excludeDirs []string
	matched, failed, listed       bool
}

// grepCmd is GNU grep (3.x on Debian, 2.20 on RHEL 7) or Solaris /usr/bin/grep.
func grepCmd(p *shell.Proc) int {
	spec := grepSpec
	if progkit.LegacyGNU(p) {
		spec.Usage = "Usage: grep [OPTION]... PATTERN [FILE]..."
	}
	if p.Solaris() {
		spec = grepSolarisSpec
	}
	opts, operands, fail := progkit.ParseSpec(p, p.Args(), spec)
	if fail != 0 {
		return fail
	}
	g := &txtGrep{p: p, max: -1, label: "(standard input)"}
	mode := map[string]byte{"egrep": 'E', "fgrep": 'F'}[p.Name()]
	icase, lineRegexp := false, false
	var patterns []string
	havePatterns := false
	for _, o := range opts {
		switch o.Key {
		case "i", "y":
			icase = true
		case "no-ignore-case":
			icase = false
		case "v":
			g.invert = true
		case "c":
			g.count = true
		case "n":
			g.number = true
		case "b":
			g.byteOffset = true
		case "l":
			g.list = true
		case "L":
			g.listMissing = true
		case "h":
			g.noName, g.withName = true, false
		case "H":
			g.withName, g.noName = true, false
		case "q":
			g.quiet = true
		case "s":
			g.silent = true
		case "o":
			g.only = true
		case "w":
			g.word = true
		case "x":
			lineRegexp = true
		case "E", "F", "G", "P":
			mode = o.Key[0]
		case "e":
			patterns = append(patterns, strings.Split(o.Val, "\n")...)
			havePatterns = true
		case "f":
			data, err := progkit.ReadAll(p, o.Val)
			if err != nil {
				return p.Fail(2, "%s: %s", o.Val, p.Strerror(err))
			}
			patterns = append(patterns, progkit.Lines(data)...)
			havePatterns = true
		case "r":
			g.recursive = true
		case "R":
			g.recursive, g.deref = true, true
		case "m", "A", "B", "C":
			n, err := strconv.Atoi(o.Val)
			if err != nil || n < 0 {
				what := map[string]string{"m": "max count", "A": "context length", "B": "context length", "C": "context length"}[o.Key]
				return p.Fail(2, "invalid %s argument", what)
			}
			switch o.Key {
			case "m":
				g.max = n
			case "A":
				g.after = n
			case "B":
				g.before = n
			default:
				g.after, g.before = n, n
			}
		case "a":
			g.text = true
		case "Z":
			g.nullName = true
		case "V":
			return grepVersion(p)
		case "label":
			g.label = o.Val
		case "include":
			g.include = append(g.include, o.Val)
		case "exclude":
			g.exclude = append(g.exclude, o.Val)
		case "exclude-dir":
			g.excludeDirs = append(g.excludeDirs, o.Val)
		}
	}
	if !havePatterns {
		if len(operands) == 0 {
			if p.Solaris() {
				fmt.Fprintln(p.Stderr, spec.Usage)
				return 2
			}
			return progkit.SpecUsageError(p, spec, "")
		}
		patterns = strings.Split(operands[0], "\n")
		operands = operands[1:]
	}
	var msg string
	g.re, msg = grepCompile(patterns, mode, icase, lineRegexp, g.word)
	if what, ok := strings.CutPrefix(msg, pcreNotEmulated); ok {
		p.NotEmulated("grep -P: " + what)
		return p.Fail(2, "-P: %s is %s", what, strings.TrimSuffix(pcreNotEmulated, ": "))
	}
	if msg != "" {
		return p.Fail(2, "%s", msg)
	}
	g.word = g.word && !lineRegexp
	implicit := len(operands) == 0
	if implicit {
		if g.recursive {
			operands = []string{"."}
		} else {
			operands = []string{"-"}
		}
	}
	many := len(operands) > 1
	for _, f := range operands {
		if g.quiet && g.matched {
			break
		}
		show := g.withName || !g.noName && many
		if f == "-" {
			g.search(g.label, p.Stdin, show)
			continue
		}
		info, err := p.M.FS.Stat(p.Cred(), p.Abs(f))
		if err == nil && info.Mode.IsDir() && g.recursive {
			prefix := f
			if implicit {
				prefix = "" // grep -r with no operand names files without "./"
			}
			g.walk(f, prefix, !g.noName)
			continue
		}
		g.searchFile(f, show)
	}
	switch {
	case g.failed && !(g.quiet && g.matched):
		return 2
	case g.listMissing && !progkit.LegacyGNU(p):
		if g.listed {
			return 0
		}
		return 1
	case g.matched:
		return 0
	}
	return 1
}

// grepCompile joins the patterns into one expression of the chosen syntax.
func grepCompile(patterns []string, mode byte, icase, line, word bool) (grepMatcher, string) {
	parts := make([]string, len(patterns))
	for i, pat := range patterns {
		switch mode {
		case 'F':
			parts[i] = regexp.QuoteMeta(pat)
		case 'P':
			expr, msg := pcreToNET(pat)
			if msg != "" {
				return nil, msg
			}
			parts[i] = expr
		default:
			expr, msg := progkit.TranslateRegexp(pat, mode == 'E')
			if msg != "" {
				return nil, msg
			}
			parts[i] = expr
		}
	}
	expr := "(?:" + strings.Join(parts, ")|(?:") + ")"
	flags := ""
	if icase {
		flags = "i"
	}
	switch {
	case line:
		expr = "^(?:" + expr + ")$" // the whole alternation, not its first and last patterns
	case word:
		// Matched against "\n"+line+"\n" so that the character before a word can
		// be consumed while ^ and $ still mean the ends of the line.
		expr = `\W(` + expr + `)`
		flags += "m"
	}
	if mode == 'P' {
		return grepCompilePerl(expr, icase, word)
	}
	re, msg := progkit.CompileRegexp(expr, flags)
	if re == nil {
		return nil, msg // a nil *regexp.Regexp in the interface would not be nil
	}
	return re, msg
}

// matches returns where the pattern matches in line: every match for -o, else
// just the first.
func (g *txtGrep) matches(line string, all bool) [][2]int {
	var out [][2]int
	if !g.word {
		if !all {
			if loc := g.re.FindStringIndex(line); loc != nil {
				return [][2]int{{loc[0], loc[1]}}
			}
			return nil
		}
		for _, loc := range g.re.FindAllStringIndex(line, -1) {
			out = append(out, [2]int{loc[0], loc[1]})
		}
		return out
	}
	s := "\n" + line + "\n"
	for pos := 0; pos < len(s)-1; {
		loc := g.re.FindStringSubmatchIndex(s[pos:])
		if loc == nil {
			break
		}
		start, end := pos+loc[2], min(pos+loc[3], len(s)-1)
		next := start // the word did not end there: look further on
		if !txtWordChar(s[end]) {
			out = append(out, [2]int{start - 1, end - 1})
			if !all {
				break
			}
			next = end
		}
		pos = max(next, pos+1)
	}
	return out
}

func txtWordChar(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// walk searches a directory tree as -r does; prefix is how its files are named.
func (g *txtGrep) walk(dir, prefix string, show bool) {
	infos, err := g.p.M.FS.ReadDir(g.p.Cred(), g.p.Abs(dir))
	if err != nil {
		g.report(dir, err)
		return
	}
	for _, info := range infos {
		if g.p.Ctx.Err() != nil || g.quiet && g.matched {
			return
		}
		name := path.Join(prefix, info.Name)
		if prefix == "" {
			name = info.Name
		}
		full := path.Join(dir, info.Name)
		mode := info.Mode
		if mode&fs.ModeSymlink != 0 {
			if !g.deref {
				continue
			}
			target, err := g.p.M.FS.Stat(g.p.Cred(), g.p.Abs(full))
			if err != nil {
				continue
			}
			mode = target.Mode
		}
		if mode.IsDir() {
			if !txtGlobAny(g.excludeDirs, info.Name) {
				g.walk(full, name, show)
			}
			continue
		}
		if len(g.include) > 0 && !txtGlobAny(g.include, info.Name) || txtGlobAny(g.exclude, info.Name) {
			continue
		}
		if mode.IsRegular() {
			g.searchFile(full, show, name)
		}
	}
}

func txtGlobAny(globs []string, name string) bool {
	for _, glob := range globs {
		if ok, _ := path.Match(glob, name); ok {
			return true
		}
	}
	return false
}

// searchFile opens and searches one file; display overrides the name shown.
func (g *txtGrep) searchFile(f string, show bool, display ...string) {
	r, closeFn, err := progkit.OpenInput(g.p, f)
	if err != nil {
		if err == progkit.ErrIsDir && g.p.Solaris() {
			return
		}
		g.report(f, err)
		return
	}
	defer closeFn()
	name := f
	if len(display) > 0 {
		name = display[0]
	}
	g.search(name, r, show)
}

func (g *txtGrep) report(f string, err error) {
	g.failed = true
	if g.silent {
		return
	}
	if g.p.Solaris() {
		g.p.Errorf("can't open %s", f)
		return
	}
	g.p.Errorf("%s: %s", f, g.p.Strerror(err))
}

// search reads one input and prints what the options ask for.
func (g *txtGrep) search(name string, r io.Reader, show bool) {
	br := bufio.NewReaderSize(g.p.BoundLines(r), 64*1024)
	head, _ := br.Peek(32 * 1024)
	binary := !g.text && strings.IndexByte(string(head), 0) >= 0
	sep := ":"
	if g.nullName {
		sep = "\x00"
	}
	var out strings.Builder
	flush := func() {
		io.WriteString(g.p.Stdout, out.String())
		out.Reset()
	}
	defer flush()
	// prefix starts an output line: name, line number, byte offset, each ended
	// by mark (":" for selected lines, "-" for context).
	prefix := func(num int, offset int64, mark string) string {
		s := ""
		if show {
			s = name + mark
			if g.nullName {
				s = name + "\x00"
			}
		}
		if g.number {
			s += strconv.Itoa(num) + mark
		}
		if g.byteOffset {
			s += strconv.FormatInt(offset, 10) + mark
		}
		return s
	}
	context := g.after > 0 || g.before > 0
	printOut := !g.quiet && !g.count && !g.list && !g.listMissing && !binary
	type held struct {
		num    int
		offset int64
		text   string
	}
	var before []held
	lastPrinted, afterLeft, selected := 0, 0, 0
	var offset int64
	emit := func(h held, mark string) {
		if context && lastPrinted > 0 && h.num > lastPrinted+1 {
			out.WriteString("--\n")
		}
		out.WriteString(prefix(h.num, h.offset, mark) + h.text + "\n")
		lastPrinted = h.num
	}
	for num := 1; ; num++ {
		line, err := br.ReadString('\n')
		if line == "" && err != nil {
			break
		}
		lineOffset := offset
		offset += int64(len(line))
		line = strings.TrimSuffix(line, "\n")
		locs := g.matches(line, g.only && !g.invert)
		if (locs != nil) == g.invert {
			switch {
			case !printOut:
			case afterLeft > 0:
				emit(held{num, lineOffset, line}, "-")
				afterLeft--
			case g.before > 0:
				before = append(before, held{num, lineOffset, line})
				if len(before) > g.before {
					before = before[1:]
				}
			}
			continue
		}
		selected++
		g.matched = true
		if g.quiet || g.list || g.listMissing {
			break
		}
		if printOut {
			for _, h := range before {
				emit(h, "-")
			}
			before = before[:0]
			switch {
			case g.only && !g.invert:
				for _, l := range locs {
					if l[1] > l[0] {
						if context && lastPrinted > 0 && num > lastPrinted+1 {
							out.WriteString("--\n")
						}
						out.WriteString(prefix(num, lineOffset+int64(l[0]), ":") + line[l[0]:l[1]] + "\n")
						lastPrinted = num
					}
				}
			case !g.only:
				emit(held{num, lineOffset, line}, ":")
			}
			afterLeft = g.after
			if out.Len() > 32*1024 {
				flush()
			}
		}
		if g.max >= 0 && selected >= g.max {
			break
		}
		if g.p.Ctx.Err() != nil {
			return
		}
	}
	switch {
	case g.quiet:
	case g.count:
		if show {
			out.WriteString(name + sep)
		}
		out.WriteString(strconv.Itoa(selected) + "\n")
	case g.list && selected > 0:
		out.WriteString(name + g.listEnd())
	case g.listMissing && selected == 0:
		out.WriteString(name + g.listEnd())
		g.listed = true
	case binary && selected > 0:
		flush()
		if progkit.LegacyGNU(g.p) || g.p.Solaris() {
			fmt.Fprintf(g.p.Stdout, "Binary file %s matches\n", name)
		} else {
			g.p.Errorf("%s: binary file matches", name)
		}
	}
}

func (g *txtGrep) listEnd() string {
	if g.nullName {
		return "\x00"
	}
	return "\n"
}
