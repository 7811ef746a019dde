package privilege

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

// privSudoers is a sudoers policy as sudo parses it at every run, from
// /etc/sudoers and the files it includes, in file order: edits on the host
// take effect at the next sudo.
type privSudoers struct {
	defaults []privDefault
	aliases  map[string][]string // "Cmnd_Alias NAME" -> members
	specs    []privSpec
	// statements counts the Defaults lines read, so that the settings of one
	// line share its number (sudo -l lists a binding once for them).
	statements int
	// recovers is sudo 1.9's parser, which reports a line it cannot read
	// and goes on; 1.8's gives up on the whole policy.
	recovers bool
}

// privDefault is one setting of a Defaults line; kind is 0 for a global one
// or the binding character (':' user, '@' host, '>' runas, '!' command).
type privDefault struct {
	statement int // which Defaults line, counted from 1
	kind      byte
	binding   []string
	name      string
	op        string // "" (set), "!" (negate), "=", "+=", "-="
	value     string
}

// privSpec is one host section of a user specification: who, where, and the
// command entries in order.
type privSpec struct {
	users, hosts []string
	cmnds        []privCmnd
}

// privCmnd is a command entry with the runas list and tags in effect for it.
type privCmnd struct {
	runas   *privRunas // nil when the rule gives none: root only
	tags    privTags
	negated bool
	cmnd    string // as written, sudoers escapes kept: "ALL", "/usr/bin/cat /etc/shadow"
}

type privRunas struct{ users, groups []string }

// privTags are the tags in effect, one per family (PASSWD or NOPASSWD, ...).
type privTags []string

func privTagFamily(tag string) string { return strings.TrimPrefix(tag, "NO") }

func (t privTags) with(tag string) privTags {
	out := slices.DeleteFunc(slices.Clone(t), func(x string) bool { return privTagFamily(x) == privTagFamily(tag) })
	return append(out, tag)
}

func (t privTags) has(tag string) bool { return slices.Contains(t, tag) }

// of is the tag of a family in effect ("NOEXEC" or "EXEC" for "EXEC"), ""
// when the rule sets none.
func (t privTags) of(family string) string {
	for _, tag := range t {
		if privTagFamily(tag) == family {
			return tag
		}
	}
	return ""
}

// changedFrom reports whether t sets a tag that prev does not have, which
// starts a new entry in sudo -ll's listing.
func (t privTags) changedFrom(prev privTags) bool {
	return slices.ContainsFunc(t, func(tag string) bool { return !prev.has(tag) })
}

var privKnownTags = []string{"NOPASSWD", "PASSWD", "NOEXEC", "EXEC", "SETENV", "NOSETENV",
	"LOG_INPUT", "NOLOG_INPUT", "LOG_OUTPUT", "NOLOG_OUTPUT", "MAIL", "NOMAIL",
	"FOLLOW", "NOFOLLOW", "INTERCEPT", "NOINTERCEPT"}

var privAliasKinds = map[string]string{"User_Alias": "User_Alias", "Runas_Alias": "Runas_Alias",
	"Host_Alias": "Host_Alias", "Cmnd_Alias": "Cmnd_Alias", "Cmd_Alias": "Cmnd_Alias"}

// privSudoersError is why the policy could not be loaded, in sudo's words,
// one message per line.
type privSudoersError []string

func (e privSudoersError) Error() string { return strings.Join(e, "\n") }

// privLoadSudoers parses /etc/sudoers as root. Warnings are for included
// files sudo skips; an error means sudo must give up.
func privLoadSudoers(p *shell.Proc, recovers bool) (*privSudoers, []string, error) {
	pol := &privSudoers{aliases: map[string][]string{}, recovers: recovers}
	var warns []string
	if err := pol.readFile(p, "/etc/sudoers", 0, &warns, true); err != nil {
		return nil, warns, err
	}
	return pol, warns, nil
}

// readFile parses one sudoers file; sudo refuses a file that is missing,
// world-writable or not owned by root.
func (pol *privSudoers) readFile(p *shell.Proc, name string, depth int, warns *[]string, main bool) error {
	problem := ""
	info, err := p.M.FS.Stat(vfs.Root, name)
	var data []byte
	switch {
	case err != nil:
		problem = fmt.Sprintf("sudo: unable to open %s: %s", name, p.Strerror(err))
	case info.Mode&0o002 != 0:
		problem = fmt.Sprintf("sudo: %s is world writable", name)
	case info.UID != 0:
		problem = fmt.Sprintf("sudo: %s is owned by uid %d, should be 0", name, info.UID)
	default:
		if data, err = p.M.FS.ReadFile(vfs.Root, name); err != nil {
			problem = fmt.Sprintf("sudo: unable to open %s: %s", name, p.Strerror(err))
		}
	}
	if problem != "" {
		if main {
			return privSudoersError{problem}
		}
		*warns = append(*warns, problem)
		return nil
	}
	for _, l := range privLogicalLines(string(data)) {
		if err := pol.parseLine(p, name, l.n, l.s, depth, warns); err != nil {
			return err
		}
	}
	return nil
}

type privLine struct {
	n int
	s string
}

// privLogicalLines joins backslash-continued lines and drops comments.
func privLogicalLines(text string) []privLine {
	var out []privLine
	var cur strings.Builder
	start := 0
	for i, raw := range strings.Split(text, "\n") {
		if cur.Len() == 0 {
			start = i + 1
		}
		if strings.HasSuffix(raw, "\\") && !strings.HasSuffix(raw, "\\\\") {
			cur.WriteString(strings.TrimSuffix(raw, "\\"))
			continue
		}
		cur.WriteString(raw)
		out = append(out, privLine{start, privStripComment(cur.String())})
		cur.Reset()
	}
	return out
}

// privStripComment cuts a # comment; #include, #includedir and #uid are not
// comments.
func privStripComment(s string) string {
	inQuote := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\':
			i++
		case c == '"':
			inQuote = !inQuote
		case c == '#' && !inQuote && (i == 0 || s[i-1] == ' ' || s[i-1] == '\t' || s[i-1] == ','):
			rest := s[i+1:]
			if rest != "" && rest[0] >= '0' && rest[0] <= '9' {
				continue
			}
			if strings.TrimSpace(s[:i]) == "" && strings.HasPrefix(rest, "include") {
				return s
			}
			return s[:i]
		}
	}
	return s
}

func (pol *privSudoers) parseLine(p *shell.Proc, file string, n int, s string, depth int, warns *[]string) error {
	t := strings.TrimSpace(s)
	if t == "" {
		return nil
	}
	for _, kw := range []string{"#includedir", "@includedir", "#include", "@include"} {
		rest, ok := strings.CutPrefix(t, kw)
		if !ok || rest == "" || (rest[0] != ' ' && rest[0] != '\t') {
			continue
		}
		return pol.include(p, file, kw, strings.Trim(strings.TrimSpace(rest), `"`), depth, warns)
	}
	word, _, _ := strings.Cut(strings.ReplaceAll(t, "\t", " "), " ")
	sc := &privScan{s: t}
	var ok bool
	switch {
	case strings.HasPrefix(word, "Defaults") && (len(word) == 8 || strings.IndexByte(":@>!", word[8]) >= 0):
		sc.i = 8
		ok = pol.parseDefaults(sc)
	case privAliasKinds[word] != "":
		sc.i = len(word)
		ok = pol.parseAlias(sc, privAliasKinds[word])
	default:
		ok = pol.parseSpec(sc)
	}
	if ok {
		return nil
	}
	if !pol.recovers {
		return privSudoersError{
			fmt.Sprintf(">>> %s: syntax error near line %d <<<", file, n),
			fmt.Sprintf("sudo: parse error in %s near line %d", file, n),
		}
	}
	// sudo 1.9 names the token it stopped at, underlines it and skips the
	// line: the rest of the policy still holds.
	sc.skipWS()
	col := len(s) - len(strings.TrimLeft(s, " \t")) + sc.i
	token := max(1, len(sc.s[sc.i:])-len(strings.TrimLeftFunc(sc.s[sc.i:], func(r rune) bool { return r != ' ' && r != '\t' })))
	*warns = append(*warns, fmt.Sprintf("%s:%d:%d: syntax error\n%s\n%s^%s", file, n, col+1, strings.TrimRight(s, " \t"),
		strings.Repeat(" ", col), strings.Repeat("~", token-1)))
	return nil
}

// include follows @include and @includedir; %h is the short host name and a
// relative path is taken from the including file's directory. A directory's
// files are read in lexical order, skipping names with a dot or ending in ~.
func (pol *privSudoers) include(p *shell.Proc, from, kw, target string, depth int, warns *[]string) error {
	if depth > 128 {
		return privSudoersError{fmt.Sprintf("sudo: %s: too many levels of includes", target)}
	}
	short, _, _ := strings.Cut(p.M.Hostname, ".")
	target = strings.ReplaceAll(target, "%h", short)
	if !path.IsAbs(target) {
		target = path.Join(path.Dir(from), target)
	}
	if !strings.HasSuffix(kw, "dir") {
		return pol.readFile(p, target, depth+1, warns, false)
	}
	entries, err := p.M.FS.ReadDir(vfs.Root, target)
	if err != nil {
		return nil // a missing includedir is ignored
	}
	for _, e := range entries {
		if strings.Contains(e.Name, ".") || strings.HasSuffix(e.Name, "~") || !e.Mode.IsRegular() {
			continue
		}
		if err := pol.readFile(p, path.Join(target, e.Name), depth+1, warns, false); err != nil {
			return err
		}
	}
	return nil
}

// privScan reads sudoers syntax from a line.
type privScan struct {
	s string
	i int
}

func (sc *privScan) eof() bool { return sc.i >= len(sc.s) }

func (sc *privScan) peek() byte {
	if sc.eof() {
		return 0
	}
	return sc.s[sc.i]
}

func (sc *privScan) skipWS() {
	for !sc.eof() && (sc.s[sc.i] == ' ' || sc.s[sc.i] == '\t') {
		sc.i++
	}
}

// word reads up to white space or a stop character, keeping escapes and
// double-quoted text whole.
func (sc *privScan) word(stop string) string {
	start := sc.i
	inQuote := false
	for !sc.eof() {
		c := sc.s[sc.i]
		switch {
		case c == '\\' && sc.i+1 < len(sc.s):
			sc.i += 2
			continue
		case c == '"':
			inQuote = !inQuote
		case !inQuote && (c == ' ' || c == '\t' || strings.IndexByte(stop, c) >= 0):
			return sc.s[start:sc.i]
		}
		sc.i++
	}
	return sc.s[start:sc.i]
}

// list reads comma-separated items, each perhaps negated with "!"; it ends
// at the first item not followed by a comma. nil means a syntax error.
func (sc *privScan) list(stop string) []string {
	var items []string
	for {
		neg := sc.negations()
		w := sc.word("," + stop)
		if w == "" {
			return nil
		}
		if neg {
			w = "!" + w
		}
		items = append(items, w)
		if !sc.more(',') {
			return items
		}
	}
}

// negations reads the '!'s before an item (and the blanks around them): an
// odd number negates it.
func (sc *privScan) negations() (negated bool) {
	sc.skipWS()
	for sc.peek() == '!' {
		negated = !negated
		sc.i++
		sc.skipWS()
	}
	return negated
}

// more reads sep after blanks: false, and nothing read, at the end of the
// line or before anything else.
func (sc *privScan) more(sep byte) bool {
	sc.skipWS()
	if sc.peek() != sep {
		return false
	}
	sc.i++
	return true
}

// command reads a command with its arguments, up to an unescaped , or :.
func (sc *privScan) command() string {
	start := sc.i
	for !sc.eof() {
		c := sc.s[sc.i]
		if c == '\\' && sc.i+1 < len(sc.s) {
			sc.i += 2
			continue
		}
		if c == ',' || c == ':' {
			break
		}
		sc.i++
	}
	return strings.Join(strings.Fields(sc.s[start:sc.i]), " ")
}

// negatableCommand reads a Cmnd after any number of '!', each of which
// negates it again, and says whether it is one sudoers allows.
func (sc *privScan) negatableCommand() (cmnd string, negated, ok bool) {
	negated = sc.negations()
	sc.skipWS()
	start := sc.i
	cmnd = sc.command()
	if ok = privValidCmnd(cmnd); !ok {
		// sudo stops at the word it cannot take: an alias's argument, or
		// a command that is not a path.
		sc.i = start
		if w, _, _ := strings.Cut(cmnd, " "); w == strings.ToUpper(w) && w != "" {
			sc.word("")
			sc.skipWS()
		}
	}
	return cmnd, negated, ok
}

// privValidCmnd: a command is a path (with arguments), sudoedit, or ALL or an
// alias name standing alone.
func privValidCmnd(c string) bool {
	w, rest, _ := strings.Cut(c, " ")
	switch {
	case strings.HasPrefix(w, "/"), w == "sudoedit":
		return true
	case w == strings.ToUpper(w) && w != "":
		return rest == ""
	}
	return false
}

func (pol *privSudoers) parseDefaults(sc *privScan) bool {
	pol.statements++
	d := privDefault{statement: pol.statements}
	if c := sc.peek(); c != ' ' && c != '\t' {
		d.kind = c
		sc.i++
		if d.binding = sc.list(""); d.binding == nil {
			return false
		}
	}
	params := privSplitParams(sc.s[sc.i:])
	if len(params) == 0 {
		return false
	}
	for _, param := range params {
		e := d
		for strings.HasPrefix(param, "!") {
			e.op = map[string]string{"": "!", "!": ""}[e.op]
			param = strings.TrimSpace(param[1:])
		}
		end := 0
		for end < len(param) && (param[end] == '_' || param[end] >= 'a' && param[end] <= 'z' || param[end] >= 'A' && param[end] <= 'Z' || param[end] >= '0' && param[end] <= '9') {
			end++
		}
		e.name = param[:end]
		rest := strings.TrimSpace(param[end:])
		if e.name == "" {
			return false
		}
		if rest != "" {
			if e.op == "!" {
				return false
			}
			switch {
			case strings.HasPrefix(rest, "+="), strings.HasPrefix(rest, "-="):
				e.op, rest = rest[:2], rest[2:]
			case strings.HasPrefix(rest, "="):
				e.op, rest = "=", rest[1:]
			default:
				return false
			}
			e.value = privUnquote(strings.TrimSpace(rest))
		}
		pol.defaults = append(pol.defaults, e)
	}
	return true
}

// privSplitParams splits Defaults parameters at commas outside quotes.
func privSplitParams(s string) []string {
	var out []string
	start, inQuote := 0, false
	for i := 0; i <= len(s); i++ {
		if i < len(s) {
			switch s[i] {
			case '\\':
				i++
				continue
			case '"':
				inQuote = !inQuote
				continue
			case ',':
				if inQuote {
					continue
				}
			default:
				continue
			}
		}
		if p := strings.TrimSpace(s[start:i]); p != "" {
			out = append(out, p)
		}
		start = i + 1
	}
	return out
}

// privUnquote removes double quotes and sudoers backslash escapes.
func privUnquote(s string) string {
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		s = s[1 : len(s)-1]
	}
	return privUnescape(s)
}

// privUnescape drops sudoers' backslashes, keeping the byte each escapes.
func privUnescape(s string) string {
	return progkit.ExpandEscapes(s, nil, func(s string, i int) (string, int, bool) { return s[i : i+1], i + 1, true })
}

func (pol *privSudoers) parseAlias(sc *privScan, kind string) bool {
	for {
		sc.skipWS()
		start := sc.i
		name := sc.word("=")
		sc.skipWS()
		if name == "" || sc.peek() != '=' || strings.ToUpper(name) != name {
			if strings.ToUpper(name) != name {
				sc.i = start // an alias's name is upper case
			}
			return false
		}
		sc.i++
		var members []string
		if kind == "Cmnd_Alias" {
			for {
				c, neg, ok := sc.negatableCommand()
				if !ok {
					return false
				}
				if neg {
					c = "!" + c
				}
				members = append(members, c)
				if !sc.more(',') {
					break
				}
			}
		} else if members = sc.list(":"); members == nil {
			return false
		}
		pol.aliases[kind+" "+name] = members
		if !sc.more(':') {
			return sc.eof()
		}
	}
}

// parseSpec reads "users hosts = [(runas)] [TAG:]... cmnd, ... [: hosts = ...]".
func (pol *privSudoers) parseSpec(sc *privScan) bool {
	users := sc.list("=")
	if users == nil {
		return false
	}
	for {
		hosts := sc.list("=")
		if hosts == nil || !sc.more('=') {
			return false
		}
		spec := privSpec{users: users, hosts: hosts}
		var runas *privRunas
		var tags privTags
		for {
			if sc.more('(') {
				runas = &privRunas{}
				sc.skipWS()
				if c := sc.peek(); c != ':' && c != ')' {
					if runas.users = sc.list(":)"); runas.users == nil {
						return false
					}
				}
				if sc.more(':') {
					sc.skipWS()
					if sc.peek() != ')' {
						if runas.groups = sc.list(")"); runas.groups == nil {
							return false
						}
					}
				}
				if !sc.more(')') {
					return false
				}
			}
			tags = sc.tags(tags)
			c, neg, ok := sc.negatableCommand()
			if !ok {
				return false
			}
			spec.cmnds = append(spec.cmnds, privCmnd{runas: runas, tags: tags, negated: neg, cmnd: c})
			if !sc.more(',') {
				break
			}
		}
		pol.specs = append(pol.specs, spec)
		if !sc.more(':') {
			return sc.eof()
		}
	}
}

// tags reads "NOPASSWD:" style tags and skips options such as CWD=dir.
func (sc *privScan) tags(tags privTags) privTags {
	for {
		sc.skipWS()
		save := sc.i
		w := sc.word(":=")
		switch {
		case slices.Contains(privKnownTags, w) && sc.peek() == ':':
			sc.i++
			tags = tags.with(w)
		case w != "" && strings.ToUpper(w) == w && sc.peek() == '=':
			sc.i++
			sc.word("")
		default:
			sc.i = save
			return tags
		}
	}
}
