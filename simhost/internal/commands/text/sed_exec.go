package text

import (
	"bufio"
	"crypto/rand"
	"fmt"
	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"io"
	"io/fs"
	"os"
	"path"
	"strings"
	"unicode"
)

// sedLine is a line of input and whether a newline ended it.
type sedLine struct {
	text string
	nl   bool
	file string
}

// sedOut writes sed's output, adding back the newline a last line lacked when
// more output follows it, as GNU sed does.
type sedOut struct {
	w         *bufio.Writer
	missingNL bool
}

func (o *sedOut) write(text string, nl bool) {
	if o.missingNL {
		o.w.WriteByte('\n')
		o.missingNL = false
	}
	o.w.WriteString(text)
	if nl {
		o.w.WriteByte('\n')
	} else {
		o.missingNL = true
	}
}

// sedInput streams the lines of the input files, one line ahead so that the
// last line ($) is known before it is edited.
type sedInput struct {
	s       *txtSed
	files   []string
	r       *bufio.Reader
	closeFn func()
	name    string
	ahead   *sedLine
	status  int // 2 when a file could not be read, 4 after a read error
}

// peek returns the next line without taking it, nil at the end of input.
func (in *sedInput) peek() *sedLine {
	for in.ahead == nil {
		if in.r == nil {
			if len(in.files) == 0 || in.status == 4 {
				return nil
			}
			f := in.files[0]
			in.files = in.files[1:]
			r, closeFn, err := progkit.OpenInput(in.s.p, f)
			if err != nil {
				if err == progkit.ErrIsDir {
					in.s.p.Errorf("read error on %s: %s", f, in.s.p.Strerror(err))
					in.status = 4
					return nil
				}
				in.s.p.Errorf("can't read %s: %s", f, in.s.p.Strerror(err))
				in.status = max(in.status, 2)
				continue
			}
			in.r, in.closeFn, in.name = bufio.NewReader(in.s.p.BoundLines(r)), closeFn, f
		}
		line, err := in.r.ReadString('\n')
		if line != "" {
			text, nl := strings.CutSuffix(line, "\n")
			in.ahead = &sedLine{text, nl, in.name}
		}
		if err != nil {
			in.close()
		}
	}
	return in.ahead
}

func (in *sedInput) close() {
	if in.r != nil {
		in.closeFn()
		in.r = nil
	}
}

// sedState is the state of one input stream being edited.
type sedState struct {
	in       *sedInput
	line     int // current line number
	nl       bool
	ps, file string
	appends  []string
	replaced bool
	out      *sedOut
	rfiles   map[string][]string // R files' remaining lines
}

func (st *sedState) last() bool { return st.in.peek() == nil }

// run edits the operands and returns sed's exit status.
func (s *txtSed) run(operands []string) int {
	hold := ""
	out := bufio.NewWriter(s.p.Stdout)
	defer out.Flush()
	if !s.separate {
		st := &sedState{in: &sedInput{s: s, files: operands}, out: &sedOut{w: out}}
		defer st.in.close()
		code, quit := s.process(st, &hold)
		s.flushW()
		if quit {
			return code
		}
		return max(st.in.status, code)
	}
	status := 0
	for _, f := range operands {
		if s.inPlace && f == "-" {
			s.p.Errorf("couldn't edit -: not a regular file")
			status = 4
			continue
		}
		if s.inPlace {
			if info, err := s.p.M.FS.Stat(s.p.Cred(), s.p.Abs(f)); err == nil && !info.Mode.IsRegular() {
				s.p.Errorf("couldn't edit %s: not a regular file", f)
				status = 4
				continue
			}
		}
		var edited strings.Builder
		st := &sedState{in: &sedInput{s: s, files: []string{f}}, out: &sedOut{w: out}}
		if s.inPlace {
			st.out.w = bufio.NewWriter(&edited)
		}
		for i := range s.cmds {
			s.cmds[i].active = false
		}
		code, quit := s.process(st, &hold)
		st.in.close()
		status = max(status, st.in.status)
		if st.in.status == 0 && s.inPlace {
			st.out.w.Flush()
			if werr := s.writeBack(f, edited.String()); werr != 0 {
				return werr
			}
		}
		if quit {
			s.flushW()
			return code
		}
	}
	s.flushW()
	return status
}

// writeBack replaces f with the edited text as sed -i does: a new file written
// next to it, renamed over it, the original kept under the backup suffix.
func (s *txtSed) writeBack(f, text string) int {
	fsys, cred, abs := s.p.M.FS, s.p.Cred(), s.p.Abs(f)
	info, err := fsys.Stat(cred, abs)
	if err != nil {
		s.p.Errorf("can't read %s: %s", f, s.p.Strerror(err))
		return 4
	}
	dir := path.Dir(abs)
	tmpName := path.Join(path.Dir(f), "sed"+txtRandomSuffix())
	tmp := path.Join(dir, path.Base(tmpName))
	h, err := fsys.OpenFile(cred, tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, info.Mode.Perm())
	if err != nil {
		s.p.Errorf("couldn't open temporary file %s: %s", tmpName, s.p.Strerror(err))
		return 4
	}
	_, werr := io.WriteString(h, text)
	h.Close()
	if werr != nil {
		fsys.Unlink(cred, tmp)
		s.p.Errorf("couldn't write %s: %s", tmpName, s.p.Strerror(werr))
		return 4
	}
	fsys.Chmod(cred, tmp, info.Mode&(fs.ModePerm|fs.ModeSetuid|fs.ModeSetgid|fs.ModeSticky))
	if s.suffix != "" {
		backup := f + s.suffix
		if strings.Contains(s.suffix, "*") {
			backup = strings.ReplaceAll(s.suffix, "*", path.Base(f))
			if !strings.Contains(backup, "/") {
				backup = path.Join(path.Dir(f), backup)
			}
		}
		if err := fsys.Rename(cred, abs, s.p.Abs(backup)); err != nil {
			fsys.Unlink(cred, tmp)
			s.p.Errorf("cannot rename %s: %s", f, s.p.Strerror(err))
			return 4
		}
	}
	if err := fsys.Rename(cred, tmp, abs); err != nil {
		fsys.Unlink(cred, tmp)
		s.p.Errorf("cannot rename %s: %s", tmpName, s.p.Strerror(err))
		return 4
	}
	return 0
}

// txtRandomSuffix is mkstemp's six random characters.
func txtRandomSuffix() string {
	const chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, 6)
	rand.Read(b)
	for i := range b {
		b[i] = chars[int(b[i])%len(chars)]
	}
	return string(b)
}

// flushW writes what the w commands and flags collected.
func (s *txtSed) flushW() {
	for name, b := range s.wfiles {
		switch name {
		case "/dev/stdout":
		case "/dev/stderr":
			io.WriteString(s.p.Stderr, b.String())
		default:
			if err := s.p.M.FS.WriteFile(s.p.Cred(), s.p.Abs(name), []byte(b.String()), 0o666&^fs.FileMode(s.p.Umask)); err != nil {
				s.p.Errorf("couldn't open file %s: %s", name, s.p.Strerror(err))
			}
		}
	}
}

// next reads the next input line into the pattern space.
func (st *sedState) next() {
	l := st.in.peek()
	st.in.ahead = nil
	st.line++
	st.ps, st.nl, st.file = l.text, l.nl, l.file
}

func (st *sedState) flushAppends() {
	for _, a := range st.appends {
		st.out.write(strings.TrimSuffix(a, "\n"), strings.HasSuffix(a, "\n"))
	}
	st.appends = st.appends[:0]
}

// process runs the program over a stream; quit is true when q or Q ended it.
func (s *txtSed) process(st *sedState, hold *string) (code int, quit bool) {
	for i := range s.cmds {
		if a := s.cmds[i].a1; a != nil && a.kind == 'n' && a.n == 0 {
			s.cmds[i].active = true // 0,/re/ may end on the first line
		}
	}
	for !st.last() {
		if s.p.Ctx.Err() != nil {
			return 130, true
		}
		st.next()
		st.replaced = false
	cycle:
		autoprint, stop := !s.quiet, false
		for pc, steps := 0, 0; pc < len(s.cmds); steps++ {
			// A branch can loop without reading input (`:a;ba`): the
			// session's end or a kill must still stop it.
			if steps&1023 == 1023 && s.p.Ctx.Err() != nil {
				return 130, true
			}
			c := &s.cmds[pc]
			pc++
			if s.selected(c, st) == c.negate {
				if c.name == '{' {
					pc = c.jump
				}
				continue
			}
			switch c.name {
			case '{', '}':
			case '=':
				st.out.write(fmt.Sprint(st.line), true)
			case 'a':
				st.appends = append(st.appends, c.text)
			case 'i':
				st.out.write(strings.TrimSuffix(c.text, "\n"), true)
			case 'c':
				if c.a2 == nil || !c.active {
					st.out.write(strings.TrimSuffix(c.text, "\n"), true)
				}
				autoprint, pc = false, len(s.cmds)
			case 'b':
				pc = c.jump
			case 't', 'T':
				if st.replaced == (c.name == 't') {
					pc = c.jump
				}
				st.replaced = false
			case 'd':
				autoprint, pc = false, len(s.cmds)
			case 'D':
				nl := strings.IndexByte(st.ps, '\n')
				if nl < 0 {
					autoprint, pc = false, len(s.cmds)
					break
				}
				st.ps = st.ps[nl+1:]
				st.flushAppends()
				goto cycle
			case 'g':
				st.ps = *hold
			case 'G':
				st.ps += "\n" + *hold
			case 'h':
				*hold = st.ps
			case 'H':
				*hold += "\n" + st.ps
			case 'x':
				st.ps, *hold = *hold, st.ps
			case 'z':
				st.ps = ""
			case 'F':
				name := st.file
				st.out.write(name, true)
			case 'l':
				width := s.lineWrap
				if c.n >= 0 {
					width = c.n
				}
				st.out.write(sedVisual(st.ps, width), true)
			case 'n', 'N':
				if st.last() {
					// GNU sed prints the pattern space and quits at the end of input
					pc, stop = len(s.cmds), true
					break
				}
				if c.name == 'n' {
					if !s.quiet {
						st.out.write(st.ps, st.nl)
					}
					st.flushAppends()
					st.next()
				} else {
					st.flushAppends()
					prev := st.ps
					st.next()
					st.ps = prev + "\n" + st.ps
				}
			case 'p':
				st.out.write(st.ps, st.nl)
			case 'P':
				first, _, found := strings.Cut(st.ps, "\n")
				st.out.write(first, found || st.nl)
			case 'q':
				if !s.quiet {
					st.out.write(st.ps, st.nl)
				}
				st.flushAppends()
				return max(c.n, 0), true
			case 'Q':
				return max(c.n, 0), true
			case 'r':
				if data, err := s.readAux(c.text); err == nil && len(data) > 0 {
					st.appends = append(st.appends, string(data))
				}
			case 'R':
				if line, ok := s.readAuxLine(st, c.text); ok {
					st.appends = append(st.appends, line+"\n")
				}
			case 'w':
				s.writeW(st, c.text, st.ps)
			case 'W':
				first, _, _ := strings.Cut(st.ps, "\n")
				s.writeW(st, c.text, first)
			case 's':
				if msg := s.substitute(c, st); msg != "" {
					s.p.Errorf("%s", msg)
					return 1, true
				}
			case 'y':
				st.ps = strings.Map(func(r rune) rune {
					for i, f := range c.from {
						if f == r {
							return c.to[i]
						}
					}
					return r
				}, st.ps)
			}
		}
		if autoprint {
			st.out.write(st.ps, st.nl)
		}
		st.flushAppends()
		if st.out.w.Flush() != nil {
			return 4, true // the reader went away
		}
		if stop {
			break
		}
	}
	return 0, false
}

// selected reports whether c's addresses select the current line.
func (s *txtSed) selected(c *sedCommand, st *sedState) bool {
	if c.a1 == nil {
		return true
	}
	if c.a2 == nil {
		return s.match(c.a1, st)
	}
	if c.active {
		a2 := c.a2
		switch a2.kind {
		case 'n':
			c.active = st.line < a2.n
		case '+':
			c.active = st.line < c.rangeEnd
		case 'm':
			c.active = a2.n > 0 && st.line%a2.n != 0
		default:
			c.active = !s.match(a2, st)
		}
		return true
	}
	if !s.match(c.a1, st) {
		return false
	}
	switch a2 := c.a2; a2.kind {
	case 'n':
		c.active = a2.n > st.line
	case '+':
		c.active, c.rangeEnd = a2.n > 0, st.line+a2.n
	case 'm':
		c.active = a2.n > 0 && st.line%a2.n != 0
	case '$':
		c.active = !st.last()
	default:
		c.active = true
	}
	return true
}

// match tests one address against the current line.
func (s *txtSed) match(a *sedAddr, st *sedState) bool {
	switch a.kind {
	case 'n':
		return st.line == a.n
	case '$':
		return st.last()
	case '~':
		if a.step <= 0 {
			return st.line == a.n
		}
		return st.line >= a.n && (st.line-a.n)%a.step == 0
	}
	re := a.re
	if re == nil {
		re = s.lastRE
	}
	if re == nil {
		return false
	}
	s.lastRE = re
	return re.MatchString(st.ps)
}

// substitute runs an s command on the pattern space.
func (s *txtSed) substitute(c *sedCommand, st *sedState) string {
	re := c.re
	if re == nil {
		re = s.lastRE
	}
	if re == nil {
		return "no previous regular expression"
	}
	s.lastRE = re
	var b strings.Builder
	last, count, did := 0, 0, false
	for _, m := range re.FindAllStringSubmatchIndex(st.ps, -1) {
		count++
		if c.nth > 0 && count < c.nth {
			continue
		}
		b.WriteString(st.ps[last:m[0]])
		b.WriteString(sedExpand(c.repl, st.ps, m))
		last, did = m[1], true
		if !c.global {
			break
		}
	}
	if !did {
		return ""
	}
	b.WriteString(st.ps[last:])
	st.ps = b.String()
	st.replaced = true
	if c.printCount > 0 {
		st.out.write(st.ps, st.nl)
	}
	if c.wfile != "" {
		s.writeW(st, c.wfile, st.ps)
	}
	return ""
}

// writeW writes a line to a w file; /dev/stdout keeps its place in the output.
func (s *txtSed) writeW(st *sedState, name, text string) {
	if name == "/dev/stdout" {
		st.out.write(text, true)
		return
	}
	s.wfiles[name].WriteString(text + "\n")
}

// sedExpand builds one replacement, applying \U \L \u \l \E.
func sedExpand(repl []sedRepl, ps string, m []int) string {
	var b strings.Builder
	var mode, once byte
	for _, r := range repl {
		text := r.lit
		if r.group >= 0 {
			text = ""
			if 2*r.group+1 < len(m) && m[2*r.group] >= 0 {
				text = ps[m[2*r.group]:m[2*r.group+1]]
			}
		}
		switch r.conv {
		case 'U', 'L':
			mode, once = r.conv, 0
			continue
		case 'E':
			mode, once = 0, 0
			continue
		case 'u', 'l':
			once = r.conv
			continue
		}
		switch mode {
		case 'U':
			text = strings.ToUpper(text)
		case 'L':
			text = strings.ToLower(text)
		}
		if once != 0 && text != "" {
			first := []rune(text)
			if once == 'u' {
				first[0] = unicode.ToUpper(first[0])
			} else {
				first[0] = unicode.ToLower(first[0])
			}
			text, once = string(first), 0
		}
		b.WriteString(text)
	}
	return b.String()
}

// readAux reads a file named by r; a missing one is silently skipped.
func (s *txtSed) readAux(name string) ([]byte, error) {
	if name == "/dev/stdin" {
		name = "-"
	}
	return progkit.ReadAll(s.p, name)
}

// readAuxLine returns the next line of an R file.
func (s *txtSed) readAuxLine(st *sedState, name string) (string, bool) {
	if st.rfiles == nil {
		st.rfiles = map[string][]string{}
	}
	lines, ok := st.rfiles[name]
	if !ok {
		data, _ := s.readAux(name)
		lines = progkit.Lines(data)
	}
	if len(lines) == 0 {
		st.rfiles[name] = nil
		return "", false
	}
	st.rfiles[name] = lines[1:]
	return lines[0], true
}

// sedVisual is the l command's unambiguous form of the pattern space, wrapped
// at width (0 or 1 for no wrapping) and ended by $.
func sedVisual(ps string, width int) string {
	var b strings.Builder
	col := 0
	for i := 0; i < len(ps); i++ {
		c := ps[i]
		var piece string
		switch {
		case c == '\\':
			piece = `\\`
		case c < ' ' || c >= 0x7f:
			piece = txtCEscape(c)
		default:
			piece = string(c)
		}
		if width > 1 && col+len(piece) > width-1 {
			b.WriteString("\\\n")
			col = 0
		}
		b.WriteString(piece)
		col += len(piece)
	}
	b.WriteString("$")
	return b.String()
}
