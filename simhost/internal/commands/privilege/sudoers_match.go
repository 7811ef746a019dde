package privilege

import (
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

// privRequest is what one sudo run asks: who, where, as whom, and which
// command, resolved as sudo resolves it.
type privRequest struct {
	m     *machine.Machine
	user  *machine.Account
	runas *machine.Account
	group *machine.GroupEntry // -g, or nil
	cmnd  string              // absolute path, or the name as typed when not found
	args  []string
}

// matchList applies sudoers list semantics: the last item that matches
// decides, a negated one denying. It answers 1 (allow), -1 (deny) or 0.
func (pol *privSudoers) matchList(kind string, items []string, match func(string) bool, depth int) int {
	res := 0
	for _, it := range items {
		name, neg := strings.CutPrefix(it, "!")
		r := 0
		if members, ok := pol.aliases[kind+" "+name]; ok && depth < 16 {
			r = pol.matchList(kind, members, match, depth+1)
		} else if match(name) {
			r = 1
		}
		if r != 0 {
			if neg {
				r = -r
			}
			res = r
		}
	}
	return res
}

// privUserMatch matches a user list item against an account.
func privUserMatch(m *machine.Machine, a *machine.Account) func(string) bool {
	return func(item string) bool {
		item = privUnquote(item)
		switch {
		case item == "ALL":
			return true
		case strings.HasPrefix(item, "%#"):
			gid, err := strconv.Atoi(item[2:])
			return err == nil && (a.GID == gid || slices.Contains(a.GIDs, gid))
		case strings.HasPrefix(item, "%"):
			g := m.Group(strings.TrimPrefix(item[1:], ":"))
			return g != nil && (a.GID == g.GID || slices.Contains(a.GIDs, g.GID))
		case strings.HasPrefix(item, "#"):
			uid, err := strconv.Atoi(item[1:])
			return err == nil && a.UID == uid
		}
		return item == a.Name
	}
}

func privHostMatch(m *machine.Machine) func(string) bool {
	short, _, _ := strings.Cut(m.Hostname, ".")
	return func(item string) bool {
		return item == "ALL" || strings.EqualFold(item, m.Hostname) || strings.EqualFold(item, short)
	}
}

func (r *privRequest) groupMatch(item string) bool {
	switch {
	case item == "ALL":
		return true
	case strings.HasPrefix(item, "#"):
		gid, err := strconv.Atoi(item[1:])
		return err == nil && r.group.GID == gid
	}
	return item == r.group.Name
}

// runasOK: a rule without a runas list allows root only; one with only
// groups runs as the invoking user; -g needs the group in the list unless it
// is the target's own primary group.
func (pol *privSudoers) runasOK(c privCmnd, r *privRequest) bool {
	if c.runas == nil {
		return r.runas.UID == 0 && (r.group == nil || r.group.GID == r.runas.GID)
	}
	if len(c.runas.users) == 0 {
		if r.runas.UID != r.user.UID {
			return false
		}
	} else if pol.matchList("Runas_Alias", c.runas.users, privUserMatch(r.m, r.runas), 0) != 1 {
		return false
	}
	if r.group == nil || r.group.GID == r.runas.GID {
		return true
	}
	return pol.matchList("Runas_Alias", c.runas.groups, r.groupMatch, 0) == 1
}

// cmndMatch matches a command as written in sudoers against the request:
// ALL, an alias, a directory ending in /, a glob, or a path (the same file
// under another name counts, as sudo compares inodes) with optional args.
func (pol *privSudoers) cmndMatch(r *privRequest, raw string, depth int) bool {
	raw = strings.TrimSpace(raw)
	pat, args, _ := strings.Cut(raw, " ")
	pat = privUnescape(pat)
	if pat == "ALL" {
		return true
	}
	if _, ok := pol.aliases["Cmnd_Alias "+pat]; ok {
		return depth < 16 && pol.matchList("Cmnd_Alias", []string{pat}, func(c string) bool {
			return pol.cmndMatch(r, c, depth+1)
		}, depth) == 1
	}
	if !path.IsAbs(pat) || !path.IsAbs(r.cmnd) || !r.pathMatch(pat) {
		return false
	}
	args = strings.TrimSpace(args)
	switch {
	case args == "":
		return true
	case args == `""`:
		return len(r.args) == 0
	case strings.ContainsAny(args, "*?["):
		return privFnmatch(args, strings.Join(r.args, " "), false)
	}
	return privUnescape(args) == strings.Join(r.args, " ")
}

func (r *privRequest) pathMatch(pat string) bool {
	switch {
	case strings.HasSuffix(pat, "/"):
		return path.Dir(r.cmnd)+"/" == pat
	case strings.ContainsAny(pat, "*?["):
		return privFnmatch(pat, r.cmnd, true)
	case path.Base(pat) != path.Base(r.cmnd):
		return false
	case pat == r.cmnd:
		return true
	}
	a, err1 := r.m.FS.Stat(vfs.Root, pat)
	b, err2 := r.m.FS.Stat(vfs.Root, r.cmnd)
	return err1 == nil && err2 == nil && a.Ino == b.Ino && a.Dev == b.Dev
}

// privFnmatch is fnmatch(3) with *, ? and [...]; pathname keeps * and ?
// from matching a slash, as FNM_PATHNAME does.
func privFnmatch(pat, s string, pathname bool) bool {
	for len(pat) > 0 {
		switch pat[0] {
		case '*':
			for len(pat) > 0 && pat[0] == '*' {
				pat = pat[1:]
			}
			for i := 0; i <= len(s); i++ {
				if privFnmatch(pat, s[i:], pathname) {
					return true
				}
				if i < len(s) && pathname && s[i] == '/' {
					return false
				}
			}
			return false
		case '?':
			if s == "" || pathname && s[0] == '/' {
				return false
			}
		case '[':
			end := strings.IndexByte(pat[1:], ']')
			if end < 0 || s == "" {
				return false
			}
			set := pat[1 : end+1]
			neg := strings.HasPrefix(set, "!") || strings.HasPrefix(set, "^")
			if neg {
				set = set[1:]
			}
			in := false
			for i := 0; i < len(set); i++ {
				if i+2 < len(set) && set[i+1] == '-' {
					in = in || s[0] >= set[i] && s[0] <= set[i+2]
					i += 2
				} else {
					in = in || s[0] == set[i]
				}
			}
			if in == neg {
				return false
			}
			pat, s = pat[end+2:], s[1:]
			continue
		case '\\':
			if len(pat) > 1 {
				pat = pat[1:]
			}
			fallthrough
		default:
			if s == "" || s[0] != pat[0] {
				return false
			}
		}
		pat, s = pat[1:], s[1:]
	}
	return s == ""
}

// privVerdict is what sudoers says about a request.
type privVerdict struct {
	allowed bool
	noUser  bool // no rule names the user: "not in the sudoers file"
	noHost  bool // rules name the user, but not on this host
	tags    privTags
}

// lookup walks every rule; the last matching command entry decides.
func (pol *privSudoers) lookup(r *privRequest) privVerdict {
	v := privVerdict{noUser: true, noHost: true}
	for _, sp := range pol.userSpecs(r.m, r.user) {
		v.noUser = false
		if !sp.onHost {
			continue
		}
		v.noHost = false
		for _, c := range sp.cmnds {
			if pol.runasOK(c, r) && pol.cmndMatch(r, c.cmnd, 0) {
				v.allowed, v.tags = !c.negated, c.tags
			}
		}
	}
	return v
}

type privUserSpec struct {
	privSpec
	onHost bool
}

// userSpecs are the rules naming the user, marked with whether their host
// list takes in this host.
func (pol *privSudoers) userSpecs(m *machine.Machine, a *machine.Account) []privUserSpec {
	var out []privUserSpec
	for _, sp := range pol.specs {
		if pol.matchList("User_Alias", sp.users, privUserMatch(m, a), 0) == 1 {
			out = append(out, privUserSpec{sp, pol.matchList("Host_Alias", sp.hosts, privHostMatch(m), 0) == 1})
		}
	}
	return out
}

// privSettings are the Defaults sudo acts on.
type privSettings struct {
	requiretty, authenticate, rootpw, targetpw, pamSession, envReset bool
	securePath, lecture, passprompt, badpass                         string
	passwdTries                                                      int
	timeout                                                          float64 // minutes
	envKeep                                                          []string
}

func privDefaultSettings(v privSudoVersion) privSettings {
	return privSettings{authenticate: true, pamSession: true, envReset: true, lecture: "once",
		passprompt: "[sudo] password for %p: ", badpass: "Sorry, try again.", passwdTries: 3,
		timeout: v.timeout}
}

// settings applies the Defaults that bind to the request, in sudo's order:
// global, host and user ones, then runas ones, then command ones (when
// withCmnd, since the command is resolved with the earlier ones).
func (pol *privSudoers) settings(r *privRequest, v privSudoVersion, withCmnd bool) privSettings {
	s := privDefaultSettings(v)
	passes := []string{"\x00@:", ">", "!"}
	if !withCmnd {
		passes = passes[:2]
	}
	for _, kinds := range passes {
		for _, d := range pol.defaults {
			if strings.IndexByte(kinds, d.kind) >= 0 && pol.bound(d, r) {
				s.apply(d)
			}
		}
	}
	return s
}

// bound reports whether a Defaults entry applies to the request.
func (pol *privSudoers) bound(d privDefault, r *privRequest) bool {
	switch d.kind {
	case ':':
		return pol.matchList("User_Alias", d.binding, privUserMatch(r.m, r.user), 0) == 1
	case '@':
		return pol.matchList("Host_Alias", d.binding, privHostMatch(r.m), 0) == 1
	case '>':
		return r.runas != nil && pol.matchList("Runas_Alias", d.binding, privUserMatch(r.m, r.runas), 0) == 1
	case '!':
		return pol.matchList("Cmnd_Alias", d.binding, func(c string) bool { return pol.cmndMatch(r, c, 0) }, 0) == 1
	}
	return true
}

func (s *privSettings) apply(d privDefault) {
	on := d.op != "!"
	switch d.name {
	case "requiretty":
		s.requiretty = on
	case "authenticate":
		s.authenticate = on
	case "rootpw":
		s.rootpw = on
	case "targetpw":
		s.targetpw = on
	case "pam_session":
		s.pamSession = on
	case "env_reset":
		s.envReset = on
	case "secure_path":
		s.securePath = map[bool]string{true: d.value}[on]
	case "lecture":
		switch {
		case d.op == "!":
			s.lecture = "never"
		case d.value != "":
			s.lecture = d.value
		default:
			s.lecture = "once"
		}
	case "passprompt":
		s.passprompt = d.value
	case "badpass_message":
		s.badpass = d.value
	case "passwd_tries":
		if n, err := strconv.Atoi(d.value); err == nil {
			s.passwdTries = n
		}
	case "timestamp_timeout":
		if f, err := strconv.ParseFloat(d.value, 64); err == nil {
			s.timeout = f
		}
	case "env_keep":
		vals := strings.Fields(d.value)
		switch d.op {
		case "!":
			s.envKeep = nil
		case "=":
			s.envKeep = vals
		case "+=":
			s.envKeep = append(s.envKeep, vals...)
		case "-=":
			s.envKeep = slices.DeleteFunc(s.envKeep, func(x string) bool { return slices.Contains(vals, x) })
		}
	}
}

// format is a Defaults entry as sudo -l prints it (sudoers_format_default):
// a value with a blank in double quotes, any other with sudoers' special
// characters escaped.
func (d privDefault) format() string {
	switch {
	case d.op == "!":
		return "!" + d.name
	case d.op == "":
		return d.name
	case strings.ContainsAny(d.value, " \t"):
		return d.name + d.op + `"` + strings.ReplaceAll(d.value, `"`, `\"`) + `"`
	}
	var b strings.Builder
	for _, c := range d.value {
		if strings.ContainsRune(`:,=#"`, c) {
			b.WriteByte('\\')
		}
		b.WriteRune(c)
	}
	return d.name + d.op + b.String()
}
