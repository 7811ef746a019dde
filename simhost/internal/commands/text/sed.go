package text

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
)

func init() {
	shell.Register(shell.Command{Name: "sed", Run: sedCmd})
}

var sedSpec = progkit.Spec{
	Short: "ne:f:i::l:ErsuzV",
	Long: []string{"quiet=n", "silent=n", "expression=e", "file=f", "in-place::", "line-length=l",
		"regexp-extended=E", "separate=s", "unbuffered=u", "null-data=z", "posix", "debug", "sandbox",
		"follow-symlinks", "help", "version=V"},
	Usage: sedUsage,
}

const sedUsage = `Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...

  -n, --quiet, --silent
                 suppress automatic printing of pattern space
      --debug
                 annotate program execution
  -e script, --expression=script
                 add the script to the commands to be executed
  -f script-file, --file=script-file
                 add the contents of script-file to the commands to be executed
  --follow-symlinks
                 follow symlinks when processing in place
  -i[SUFFIX], --in-place[=SUFFIX]
                 edit files in place (makes backup if SUFFIX supplied)
  -l N, --line-length=N
                 specify the desired line-wrap length for the ` + "`l'" + ` command
  --posix
                 disable all GNU extensions.
  -E, -r, --regexp-extended
                 use extended regular expressions in the script
                 (for portability use POSIX -E).
  -s, --separate
                 consider files as separate rather than as a single
                 continuous long stream.
      --sandbox
                 operate in sandbox mode (disable e/r/w commands).
  -u, --unbuffered
                 load minimal amounts of data from the input files and flush
                 the output buffers more often
  -z, --null-data
                 separate lines by NUL characters
      --help     display this help and exit
      --version  output version information and exit

If no -e, --expression, -f, or --file option is given, then the first
non-option argument is taken as the sed script to interpret.  All
remaining arguments are names of input files; if no input files are
specified, then the standard input is read.

GNU sed home page: <https://www.gnu.org/software/sed/>.
General help using GNU software: <https://www.gnu.org/gethelp/>.`

// sedCmd is GNU sed (Solaris sed where options differ).
func sedCmd(p *shell.Proc) int {
	spec := sedSpec
	if p.Solaris() {
		spec = progkit.Spec{Short: "ne:f:", Usage: "Usage:\tsed [-n] script [file...]\n\tsed [-n] [-e script]...[-f script_file]...[file...]"}
	}
	opts, operands, fail := progkit.ParseSpec(p, p.Args(), spec)
	if fail != 0 {
		if !p.Solaris() {
			return 1 // sed prints its whole usage, and exits 1
		}
		return fail
	}
	s := &txtSed{p: p, lineWrap: 70, labels: map[string]int{}}
	var chunks []sedChunk
	for _, o := range opts {
		switch o.Key {
		case "n":
			s.quiet = true
		case "e":
			chunks = append(chunks, sedChunk{text: o.Val, expr: len(chunks) + 1})
		case "f":
			data, err := progkit.ReadAll(p, o.Val)
			if err != nil {
				return p.Fail(1, "couldn't open file %s: %s", o.Val, p.Strerror(err))
			}
			chunks = append(chunks, sedChunk{text: strings.TrimSuffix(string(data), "\n"), file: o.Val})
		case "i", "in-place":
			s.inPlace, s.separate, s.suffix = true, true, o.Val
		case "l":
			n, err := strconv.Atoi(o.Val)
			if err != nil {
				return p.Fail(1, "invalid line length: %s", o.Val)
			}
			s.lineWrap = n
		case "E", "r":
			s.ere = true
		case "s":
			s.separate = true
		case "help":
			fmt.Fprintln(p.Stdout, sedUsage)
			return 0
		case "V":
			return sedVersion(p)
		}
	}
	if len(chunks) == 0 {
		if len(operands) == 0 {
			fmt.Fprintln(p.Stderr, spec.Usage)
			return 1
		}
		chunks = append(chunks, sedChunk{text: operands[0], expr: 1})
		operands = operands[1:]
	}
	if t := chunks[0].text; t == "#n" || strings.HasPrefix(t, "#n\n") {
		s.quiet = true
	}
	for _, c := range chunks {
		if msg := s.compile(c); msg != "" {
			if p.Solaris() {
				return p.Fail(1, "command garbled: %s", c.text)
			}
			return p.Fail(1, "%s", msg)
		}
	}
	if len(s.blocks) > 0 {
		return p.Fail(1, "%s: unmatched `{'", chunks[len(chunks)-1].where(0))
	}
	for i := range s.cmds {
		c := &s.cmds[i]
		if c.name == 'b' || c.name == 't' || c.name == 'T' {
			if c.text == "" {
				c.jump = len(s.cmds)
				continue
			}
			target, ok := s.labels[c.text]
			if !ok {
				return p.Fail(1, "can't find label for jump to `%s'", c.text)
			}
			c.jump = target
		}
	}
	if len(operands) == 0 {
		if s.inPlace {
			return p.Fail(1, "no input files")
		}
		operands = []string{"-"}
	}
	return s.run(operands)
}

// sedChunk is one -e expression or -f file of the script.
type sedChunk struct {
	text string
	expr int    // -e expression number
	file string // -f file name
}

// where names a position in the chunk as sed's messages do.
func (c sedChunk) where(pos int) string {
	if c.file != "" {
		return fmt.Sprintf("file %s line %d", c.file, strings.Count(c.text[:min(pos, len(c.text))], "\n")+1)
	}
	return fmt.Sprintf("-e expression #%d, char %d", c.expr, pos)
}

// sedAddr is one address: a line, $, /re/, first~step, or a range end +N / ~N.
type sedAddr struct {
	kind byte // 'n' line, '$' last, '/' regex, '~' first~step, '+' +N, 'm' ~N (multiple)
	n    int
	step int
	re   *regexp.Regexp // nil with kind '/' means the last regex used
}

// sedCommand is one compiled command.
type sedCommand struct {
	a1, a2 *sedAddr
	negate bool
	name   byte
	text   string // a i c text, label, file name
	n      int    // q/Q exit code, l width
	jump   int    // b t T target, { matching }
	// s command
	re              *regexp.Regexp
	repl            []sedRepl
	global          bool
	nth, printCount int
	wfile           string
	from, to        []rune // y
	active          bool   // a range is open
	rangeEnd        int    // last line of a +N range
}

// sedRepl is a piece of an s replacement: literal text, a group (& is 0), or a
// case conversion (\U \L \u \l \E).
type sedRepl struct {
	lit   string
	group int // -1 for literal
	conv  byte
}

// txtSed is one sed run: its program and state.
type txtSed struct {
	p                 *shell.Proc
	quiet, ere        bool
	inPlace, separate bool
	suffix            string
	lineWrap          int
	cmds              []sedCommand
	labels            map[string]int
	blocks            []int
	pendingText       int // index+1 of an a/i/c whose text continues in the next chunk
	lastRE            *regexp.Regexp
	wfiles            map[string]*strings.Builder
}

// sedParser reads one chunk.
type sedParser struct {
	c   sedChunk
	s   string
	pos int
	msg string
}

func (ps *sedParser) eof() bool { return ps.pos >= len(ps.s) }

func (ps *sedParser) next() byte {
	if ps.eof() {
		return 0
	}
	ps.pos++
	return ps.s[ps.pos-1]
}

func (ps *sedParser) peek() byte {
	if ps.eof() {
		return 0
	}
	return ps.s[ps.pos]
}

func (ps *sedParser) fail(msg string) string {
	ps.msg = ps.c.where(ps.pos) + ": " + msg
	return ps.msg
}

func (ps *sedParser) skipBlanks() {
	for !ps.eof() && (ps.peek() == ' ' || ps.peek() == '\t') {
		ps.pos++
	}
}

// compile adds a chunk's commands to the program; it returns sed's message for
// the first error.
func (s *txtSed) compile(c sedChunk) string {
	ps := &sedParser{c: c, s: c.text}
	if s.pendingText > 0 {
		cmd := &s.cmds[s.pendingText-1]
		line, _, _ := strings.Cut(ps.s, "\n")
		cmd.text = line + "\n"
		ps.pos = len(line)
		s.pendingText = 0
	}
	for {
		for !ps.eof() && strings.IndexByte(" \t\n;", ps.peek()) >= 0 {
			ps.pos++
		}
		if ps.eof() {
			return ""
		}
		var cmd sedCommand
		var msg string
		if cmd.a1, msg = s.address(ps, false); msg != "" {
			return msg
		}
		if cmd.a1 != nil {
			ps.skipBlanks()
			if ps.peek() == ',' {
				ps.next()
				ps.skipBlanks()
				if cmd.a2, msg = s.address(ps, true); msg != "" {
					return msg
				}
				if cmd.a2 == nil {
					return ps.fail("unexpected `,'")
				}
			}
			if cmd.a1.kind == 'n' && cmd.a1.n == 0 && (cmd.a2 == nil || cmd.a2.kind != '/') {
				return ps.fail("invalid usage of line address 0")
			}
		}
		ps.skipBlanks()
		for ps.peek() == '!' {
			ps.next()
			cmd.negate = true
			ps.skipBlanks()
		}
		if ps.eof() {
			return ps.fail("missing command")
		}
		cmd.name = ps.next()
		if msg := s.command(ps, &cmd); msg != "" {
			return msg
		}
	}
}

// address reads an address, or returns nil when there is none.
func (s *txtSed) address(ps *sedParser, second bool) (*sedAddr, string) {
	c := ps.peek()
	switch {
	case c >= '0' && c <= '9':
		n := ps.number()
		if ps.peek() == '~' && !second {
			ps.next()
			return &sedAddr{kind: '~', n: n, step: ps.number()}, ""
		}
		return &sedAddr{kind: 'n', n: n}, ""
	case c == '$':
		ps.next()
		return &sedAddr{kind: '$'}, ""
	case (c == '+' || c == '~') && second:
		ps.next()
		kind := byte('+')
		if c == '~' {
			kind = 'm'
		}
		return &sedAddr{kind: kind, n: ps.number()}, ""
	case c == '/' || c == '\\':
		ps.next()
		delim := byte('/')
		if c == '\\' {
			delim = ps.next()
		}
		pat, ok := ps.delimited(delim, true)
		if !ok {
			return nil, ps.fail("unterminated address regex")
		}
		flags := "s"
		for ps.peek() == 'I' || ps.peek() == 'M' {
			if ps.next() == 'I' {
				flags += "i"
			} else {
				flags += "m"
			}
		}
		a := &sedAddr{kind: '/'}
		if pat != "" {
			re, msg := progkit.Regexp(pat, s.ere, flags)
			if msg != "" {
				return nil, ps.fail(msg)
			}
			a.re = re
		}
		return a, ""
	}
	return nil, ""
}

func (ps *sedParser) number() int {
	start := ps.pos
	for !ps.eof() && ps.peek() >= '0' && ps.peek() <= '9' {
		ps.pos++
	}
	n, _ := strconv.Atoi(ps.s[start:ps.pos])
	return n
}

// delimited reads up to an unescaped delim; a backslash before the delimiter
// makes it literal. In a regex (re), "\n" stays for the translator.
func (ps *sedParser) delimited(delim byte, re bool) (string, bool) {
	var b strings.Builder
	for !ps.eof() {
		c := ps.next()
		switch {
		case c == delim:
			return b.String(), true
		case c == '\n' && re:
			return "", false
		case c == '\\' && !ps.eof():
			e := ps.next()
			switch {
			case e == delim:
				b.WriteByte(e)
			case e == '\n':
				b.WriteString(`\n`)
			default:
				b.WriteByte('\\')
				b.WriteByte(e)
			}
		case c == '[' && re:
			// a bracket expression may hold the delimiter unescaped
			b.WriteByte(c)
			start := ps.pos
			if ps.peek() == '^' {
				ps.next()
			}
			if ps.peek() == ']' {
				ps.next()
			}
			for !ps.eof() && ps.peek() != ']' && ps.peek() != '\n' {
				ps.next()
			}
			if ps.eof() || ps.peek() == '\n' {
				ps.pos = start // not a bracket: read it plainly
				continue
			}
			b.WriteString(ps.s[start:ps.pos])
		default:
			b.WriteByte(c)
		}
	}
	return "", false
}

// endOfCommand checks that nothing but blanks, a comment or a separator follows.
func (ps *sedParser) endOfCommand() string {
	ps.skipBlanks()
	switch ps.peek() {
	case 0, '\n', ';':
		if !ps.eof() {
			ps.next()
		}
		return ""
	case '}', '#':
		return ""
	}
	ps.next()
	return ps.fail("extra characters after command")
}

// command reads the rest of a command whose letter was just read.
func (s *txtSed) command(ps *sedParser, cmd *sedCommand) string {
	oneAddr := func() string {
		if cmd.a2 != nil {
			return ps.fail("command only uses one address")
		}
		return ""
	}
	switch cmd.name {
	case '{':
		s.blocks = append(s.blocks, len(s.cmds))
		s.cmds = append(s.cmds, *cmd)
		return ""
	case '}':
		if cmd.a1 != nil {
			return ps.fail("unexpected `}'")
		}
		if len(s.blocks) == 0 {
			return ps.fail("unexpected `}'")
		}
		open := s.blocks[len(s.blocks)-1]
		s.blocks = s.blocks[:len(s.blocks)-1]
		s.cmds[open].jump = len(s.cmds) + 1
		s.cmds = append(s.cmds, *cmd)
		return ps.endOfCommand()
	case '#':
		if cmd.a1 != nil {
			return ps.fail("comments don't accept any addresses")
		}
		for !ps.eof() && ps.next() != '\n' {
		}
		return ""
	case ':':
		if cmd.a1 != nil {
			return ps.fail(": doesn't want any addresses")
		}
		label := ps.label(false)
		if label == "" {
			return ps.fail("\":\" lacks a label")
		}
		s.labels[label] = len(s.cmds)
		return ""
	case '=', 'd', 'D', 'g', 'G', 'h', 'H', 'n', 'N', 'p', 'P', 'x', 'z', 'F':
		s.cmds = append(s.cmds, *cmd)
		return ps.endOfCommand()
	case 'q', 'Q', 'l', 'L':
		if cmd.name != 'l' && cmd.name != 'L' {
			if msg := oneAddr(); msg != "" {
				return msg
			}
		}
		ps.skipBlanks()
		cmd.n = -1
		if c := ps.peek(); c >= '0' && c <= '9' {
			cmd.n = ps.number()
		}
		s.cmds = append(s.cmds, *cmd)
		return ps.endOfCommand()
	case 'a', 'i', 'c':
		return s.text(ps, cmd)
	case 'b', 't', 'T':
		cmd.text = ps.label(true)
		s.cmds = append(s.cmds, *cmd)
		return ps.endOfCommand()
	case 'r', 'R', 'w', 'W':
		ps.skipBlanks()
		start := ps.pos
		for !ps.eof() && ps.peek() != '\n' {
			ps.next()
		}
		cmd.text = ps.s[start:ps.pos]
		if cmd.text == "" {
			return ps.fail("missing filename in r/R/w/W commands")
		}
		if cmd.name == 'w' || cmd.name == 'W' {
			s.openW(cmd.text)
		}
		s.cmds = append(s.cmds, *cmd)
		return ""
	case 's':
		return s.subst(ps, cmd)
	case 'y':
		return s.translit(ps, cmd)
	}
	return ps.fail(fmt.Sprintf("unknown command: `%c'", cmd.name))
}

// label reads the label of a : definition, which ends at a newline or
// semicolon, or of a branch, which also ends at a blank or a }.
func (ps *sedParser) label(branch bool) string {
	ps.skipBlanks()
	start := ps.pos
	stops := "\n;"
	if branch {
		stops = "\n; \t}"
	}
	for !ps.eof() && strings.IndexByte(stops, ps.peek()) < 0 {
		ps.next()
	}
	label := strings.TrimRight(ps.s[start:ps.pos], " \t")
	if !branch && !ps.eof() {
		ps.next()
	}
	return label
}

// text reads the text of a, i or c: "a\" then lines, or GNU's "a text".
func (s *txtSed) text(ps *sedParser, cmd *sedCommand) string {
	ps.skipBlanks()
	if ps.peek() == '\\' {
		ps.next()
		if ps.peek() == '\n' {
			ps.next()
		} else if ps.eof() {
			s.cmds = append(s.cmds, *cmd)
			s.pendingText = len(s.cmds)
			return ""
		}
	} else if ps.eof() {
		return ps.fail("expected \\ after `a', `c' or `i'")
	}
	var b strings.Builder
	for !ps.eof() {
		c := ps.next()
		if c == '\\' && !ps.eof() {
			b.WriteByte(ps.next()) // an escaped newline continues the text
			continue
		}
		if c == '\n' {
			break
		}
		b.WriteByte(c)
	}
	cmd.text = b.String() + "\n"
	s.cmds = append(s.cmds, *cmd)
	return ""
}

// subst reads s/regex/replacement/flags.
func (s *txtSed) subst(ps *sedParser, cmd *sedCommand) string {
	delim := ps.next()
	if delim == 0 || delim == '\n' || delim == '\\' {
		return ps.fail("unterminated `s' command")
	}
	pat, ok := ps.delimited(delim, true)
	if !ok {
		return ps.fail("unterminated `s' command")
	}
	repl, ok := ps.replacement(delim)
	if !ok {
		return ps.fail("unterminated `s' command")
	}
	flags := "s"
	for done := false; !done; {
		c := ps.peek()
		switch {
		case c == 'g':
			if cmd.global {
				ps.next()
				return ps.fail("multiple `g' options to `s' command")
			}
			cmd.global = true
		case c == 'p':
			if cmd.printCount > 0 {
				ps.next()
				return ps.fail("multiple `p' options to `s' command")
			}
			cmd.printCount++
		case c == 'i' || c == 'I':
			flags += "i"
		case c == 'm' || c == 'M':
			flags += "m"
		case c == 'e':
			// running the pattern space as a command is not emulated; the flag
			// is accepted so that scripts using it still parse
		case c >= '0' && c <= '9':
			if cmd.nth != 0 {
				ps.next()
				return ps.fail("multiple number options to `s' command")
			}
			if cmd.nth = ps.number(); cmd.nth == 0 {
				return ps.fail("number option to `s' command may not be zero")
			}
			continue
		case c == 'w':
			ps.next()
			ps.skipBlanks()
			start := ps.pos
			for !ps.eof() && ps.peek() != '\n' {
				ps.next()
			}
			cmd.wfile = ps.s[start:ps.pos]
			if cmd.wfile == "" {
				return ps.fail("missing filename in r/R/w/W commands")
			}
			s.openW(cmd.wfile)
			done = true
			continue
		case c == 0 || strings.IndexByte(" \t\n;}#", c) >= 0:
			done = true
			continue
		default:
			ps.next()
			return ps.fail("unknown option to `s'")
		}
		ps.next()
	}
	if pat != "" {
		re, msg := progkit.Regexp(pat, s.ere, flags)
		if msg != "" {
			return ps.fail(msg)
		}
		cmd.re = re
	}
	groups := 9
	if cmd.re != nil {
		groups = cmd.re.NumSubexp()
	}
	for _, r := range repl {
		if r.group > groups {
			return ps.fail(fmt.Sprintf("invalid reference \\%d on `s' command's RHS", r.group))
		}
	}
	cmd.repl = repl
	s.cmds = append(s.cmds, *cmd)
	if cmd.wfile != "" {
		return ""
	}
	return ps.endOfCommand()
}

// replacement reads an s replacement up to the delimiter.
func (ps *sedParser) replacement(delim byte) ([]sedRepl, bool) {
	var out []sedRepl
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			out = append(out, sedRepl{lit: lit.String(), group: -1})
			lit.Reset()
		}
	}
	for !ps.eof() {
		c := ps.next()
		switch {
		case c == delim:
			flush()
			return out, true
		case c == '&':
			flush()
			out = append(out, sedRepl{group: 0})
		case c == '\\' && !ps.eof():
			e := ps.next()
			switch {
			case e >= '0' && e <= '9':
				flush()
				out = append(out, sedRepl{group: int(e - '0')})
			case e == 'n':
				lit.WriteByte('\n')
			case e == 't':
				lit.WriteByte('\t')
			case strings.IndexByte("ULulE", e) >= 0:
				flush()
				out = append(out, sedRepl{group: -1, conv: e})
			default:
				lit.WriteByte(e)
			}
		default:
			lit.WriteByte(c)
		}
	}
	return nil, false
}

// translit reads y/from/to/.
func (s *txtSed) translit(ps *sedParser, cmd *sedCommand) string {
	delim := ps.next()
	parts := [2][]rune{}
	for k := range parts {
		for {
			if ps.eof() {
				return ps.fail("unterminated `y' command")
			}
			c := ps.next()
			if c == delim {
				break
			}
			if c == '\\' {
				switch e := ps.next(); e {
				case 'n':
					c = '\n'
				case 't':
					c = '\t'
				case '\\', delim:
					c = e
				default:
					return ps.fail("unknown option to `s'")
				}
			}
			parts[k] = append(parts[k], rune(c))
		}
	}
	if len(parts[0]) != len(parts[1]) {
		return ps.fail("strings for `y' command are different lengths")
	}
	cmd.from, cmd.to = parts[0], parts[1]
	s.cmds = append(s.cmds, *cmd)
	return ps.endOfCommand()
}

// openW truncates a w file when the script is compiled, as sed does.
func (s *txtSed) openW(name string) {
	if s.wfiles == nil {
		s.wfiles = map[string]*strings.Builder{}
	}
	s.wfiles[name] = &strings.Builder{}
}
