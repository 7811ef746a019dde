package accounts

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/internal/pkgdb"
	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/shell"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

// Debian's shadow-utils account writers, as installers and deploy tools run
// them as root: useradd, groupadd, usermod, userdel, groupdel, gpasswd,
// chpasswd and sg (accounts.go of the machine does the locked writing).

func init() {
	// The administrators' tools are in /usr/sbin, gpasswd and sg in /usr/bin, as the passwd and login packages put them.
	for name, run := range map[string]func(*shell.Proc) int{
		"useradd": useraddCmd, "groupadd": groupaddCmd, "usermod": usermodCmd, "userdel": userdelCmd,
		"groupdel": groupdelCmd, "chpasswd": chpasswdCmd,
	} {
		shell.Register(shell.Command{Name: name, Sbin: true, Only: "gnu", ShortName: true, Run: run})
	}
	shell.Register(shell.Command{Name: "gpasswd", Only: "gnu", ShortName: true, Run: gpasswdCmd})
	shell.Register(shell.Command{Name: "sg", Only: "gnu", ShortName: true, Run: sgCmd})
}

// accountStatus is a shadow-utils exit status with its message.
type accountStatus struct {
	code int
	msg  string
}

func (e *accountStatus) Error() string { return e.msg }

func accountFail(code int, format string, args ...any) error {
	return &accountStatus{code: code, msg: fmt.Sprintf(format, args...)}
}

// finish prints a failed change's message and gives its status.
func finish(p *shell.Proc, err error) int {
	var st *accountStatus
	if errors.As(err, &st) {
		if st.msg != "" {
			fmt.Fprintln(p.Stderr, st.msg)
		}
		return st.code
	}
	if err != nil {
		fmt.Fprintf(p.Stderr, "%s: %v\n", p.Name(), err)
		return 1
	}
	return 0
}

// lockAsRoot is shadow-utils' check before it locks the file it changes:
// only root may, and the complaint names the file.
func lockAsRoot(p *shell.Proc, file string) bool {
	if p.User.UID == 0 {
		return true
	}
	fmt.Fprintf(p.Stderr, "%s: Permission denied.\n%s: cannot lock %s; try again later.\n", p.Name(), p.Name(), file)
	return false
}

// shadowCommandLines are the command lines of the shadow-utils tools that
// change one account, each with its options as the tool's long_options spell
// them (in its order, which getopt_long's ambiguity message follows) and its
// operand: one table for useradd, usermod, userdel, groupadd and groupdel.
var shadowCommandLines = map[string]struct {
	opts    progkit.Getopt
	operand string // LOGIN (a change to /etc/passwd) or GROUP (to /etc/group)
}{
	"useradd": {progkit.Getopt{Short: "b:c:d:e:f:g:G:hk:K:lmMNop:rR:P:s:u:U",
		Long: []string{"base-dir=b", "comment=c", "home-dir=d", "expiredate=e", "inactive=f", "gid=g", "groups=G",
			"help=h", "skel=k", "key=K", "no-log-init=l", "create-home=m", "no-create-home=M", "no-user-group=N",
			"non-unique=o", "password=p", "system=r", "root=R", "prefix=P", "shell=s", "uid=u", "user-group=U", "badname", "badnames"},
		NotEmulated: []string{"b", "e", "f", "k", "K", "R", "P", "D"}, Status: 2}, "LOGIN"},
	"usermod": {progkit.Getopt{Short: "abc:d:e:f:g:G:hl:Lmop:P:rR:s:u:Uv:V:w:W:Z:",
		Long: []string{"append=a", "badname=b", "badnames=b", "comment=c", "home=d", "expiredate=e", "inactive=f", "gid=g", "groups=G",
			"help=h", "login=l", "lock=L", "move-home=m", "non-unique=o", "password=p", "prefix=P", "remove=r", "root=R",
			"shell=s", "uid=u", "unlock=U", "add-subuids=v", "del-subuids=V", "add-subgids=w", "del-subgids=W", "selinux-user=Z"},
		NotEmulated: []string{"e", "f", "l", "P", "R", "u", "v", "V", "w", "W", "Z"}, Status: 2}, "LOGIN"},
	"userdel": {progkit.Getopt{Short: "fhrR:P:Z", Long: []string{"force=f", "help=h", "remove=r", "root=R", "prefix=P", "selinux-user=Z"},
		NotEmulated: []string{"R", "P", "Z"}, Status: 2}, "LOGIN"},
	"groupadd": {progkit.Getopt{Short: "fg:hK:op:rR:P:U:",
		Long:        []string{"force=f", "gid=g", "help=h", "key=K", "non-unique=o", "password=p", "system=r", "root=R", "prefix=P", "users=U"},
		NotEmulated: []string{"K", "R", "P"}, Status: 2}, "GROUP"},
	"groupdel": {progkit.Getopt{Short: "fhR:P:", Long: []string{"force=f", "help=h", "root=R", "prefix=P"},
		NotEmulated: []string{"R", "P"}, Status: 2}, "GROUP"},
}

// shadowCommandLine parses the command line of tool (one of
// shadowCommandLines): its options, then exactly one operand, else its usage
// and status 2; then the check before it locks its file, whose failure is
// status 1 for /etc/passwd and 10 for /etc/group.
func shadowCommandLine(p *shell.Proc, tool string) (c progkit.Cmdline, operand string, code int, ok bool) {
	line := shadowCommandLines[tool]
	c, code, ok = line.opts.Parse(p, p.Args())
	if !ok {
		return c, "", code, false
	}
	if len(c.Operands) != 1 {
		fmt.Fprintf(p.Stderr, "Usage: %s [options] %s\n", tool, line.operand)
		return c, "", 2, false
	}
	file, status := "/etc/passwd", 1
	if line.operand == "GROUP" {
		file, status = "/etc/group", 10
	}
	if !lockAsRoot(p, file) {
		return c, "", status, false
	}
	return c, c.Operands[0], 0, true
}

// loginDefs are /etc/login.defs' numbers, with shadow-utils' defaults.
type loginDefs map[string]string

func readLoginDefs(p *shell.Proc) loginDefs {
	defs := loginDefs{}
	data, _ := p.M.FS.ReadFile(vfs.Root, "/etc/login.defs")
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && !strings.HasPrefix(f[0], "#") {
			defs[f[0]] = f[1]
		}
	}
	return defs
}

func (d loginDefs) num(key string, def int) int {
	if n, err := strconv.Atoi(d[key]); err == nil {
		return n
	}
	return def
}

// idRange is the ids useradd and groupadd pick from: SYS_*_MIN..SYS_*_MAX for
// a system account, *_MIN..*_MAX otherwise.
func (d loginDefs) idRange(kind string, system bool) (lo, hi int) {
	min, max := d.num(kind+"_MIN", 1000), d.num(kind+"_MAX", 60000)
	if system {
		return d.num("SYS_"+kind+"_MIN", 101), d.num("SYS_"+kind+"_MAX", min-1)
	}
	return min, max
}

// freeID is the id shadow-utils gives: for a system account the highest free
// one counting down from the top of the range, else one above the highest
// used in the range (the bottom when none is).
func freeID(lo, hi int, system bool, taken func(int) bool) (int, bool) {
	if system {
		for id := hi; id >= lo; id-- {
			if !taken(id) {
				return id, true
			}
		}
		return 0, false
	}
	next := lo
	for id := hi; id >= lo; id-- {
		if taken(id) {
			next = id + 1
			break
		}
	}
	for ; next <= hi; next++ {
		if !taken(next) {
			return next, true
		}
	}
	return 0, false
}

var validAccountName = regexp.MustCompile(`^[a-z_][a-z0-9_-]*\$?$`)

// today is the day count shadow writes in its third field.
func today() string { return strconv.FormatInt(time.Now().Unix()/86400, 10) }

func useraddCmd(p *shell.Proc) int {
	c, name, code, ok := shadowCommandLine(p, "useradd")
	if !ok {
		return code
	}
	if !c.Has("badname", "badnames") && !validAccountName.MatchString(name) {
		fmt.Fprintf(p.Stderr, "useradd: invalid user name '%s'%s\n", name, badnameHint(p))
		return 3
	}
	defs := readLoginDefs(p)
	system := c.Has("r")
	shellPath, _ := c.Value("s")
	if shellPath == "" {
		shellPath = useraddDefault(p, "SHELL", "/bin/sh")
	}
	home, _ := c.Value("d")
	if home == "" {
		home = path.Join(useraddDefault(p, "HOME", "/home"), name)
	}
	createHome := c.Has("m") || !c.Has("M") && !system && defs["CREATE_HOME"] == "yes"
	if c.Has("M") {
		createHome = false
	}
	gecos, _ := c.Value("c")
	var created *machine.Account
	err := p.M.ChangeAccounts(func(a *machine.Accounts) error {
		if a.User(name) != nil {
			return accountFail(9, "useradd: user '%s' already exists", name)
		}
		var groups []*machine.GroupEntry
		for _, list := range c.All("G") {
			for _, gname := range strings.Split(list, ",") {
				g := lookupGroup(a, gname)
				if g == nil {
					return accountFail(6, "useradd: group '%s' does not exist", gname)
				}
				groups = append(groups, g)
			}
		}
		gid := -1
		if gname, ok := c.Value("g"); ok {
			g := lookupGroup(a, gname)
			if g == nil {
				return accountFail(6, "useradd: group '%s' does not exist", gname)
			}
			gid = g.GID
		}
		userGroup := gid < 0 && !c.Has("N") && (c.Has("U") || defs["USERGROUPS_ENAB"] != "no")
		if userGroup && a.Group(name) != nil {
			return accountFail(9, "useradd: group %s exists - if you want to add this user to that group, use -g.", name)
		}
		uid := 0
		if text, ok := c.Value("u"); ok {
			n, err := strconv.Atoi(text)
			if err != nil || n < 0 {
				return accountFail(3, "useradd: invalid user ID '%s'", text)
			}
			if a.UIDTaken(n) && !c.Has("o") {
				return accountFail(4, "useradd: UID %d is not unique", n)
			}
			uid = n
		} else {
			lo, hi := defs.idRange("UID", system)
			n, ok := freeID(lo, hi, system, a.UIDTaken)
			if !ok {
				return accountFail(4, "useradd: Can't get unique UID (no more available UIDs)")
			}
			uid = n
		}
		if userGroup {
			gid = uid
			if a.GroupByGID(uid) != nil {
				lo, hi := defs.idRange("GID", system)
				n, ok := freeID(lo, hi, system, func(id int) bool { return a.GroupByGID(id) != nil })
				if !ok {
					return accountFail(4, "useradd: Can't get unique GID (no more available GIDs)")
				}
				gid = n
			}
			a.ReplaceGroup(&machine.GroupEntry{Name: name, GID: gid, Password: "x"})
			a.SetLine("/etc/gshadow", []string{name, "!", "", ""})
		} else if gid < 0 {
			gid = defs.num("USERS_GID", 100)
		}
		created = machine.NewAccount(name, uid, gid, gecos, home, shellPath)
		a.ReplaceUser(created)
		for _, g := range groups {
			g = a.Group(g.Name)
			if !slices.Contains(g.Members, name) {
				a.SetMembers(g, append(slices.Clone(g.Members), name))
			}
		}
		hash := "!"
		if pw, ok := c.Value("p"); ok {
			hash = pw
		}
		if system {
			a.SetLine("/etc/shadow", []string{name, hash, today(), "", "", "", "", "", ""})
		} else {
			a.SetLine("/etc/shadow", []string{name, hash, today(), strconv.Itoa(defs.num("PASS_MIN_DAYS", 0)),
				strconv.Itoa(defs.num("PASS_MAX_DAYS", 99999)), strconv.Itoa(defs.num("PASS_WARN_AGE", 7)), "", "", ""})
			if uid >= defs.num("UID_MIN", 1000) && uid <= defs.num("UID_MAX", 60000) {
				for _, sub := range []struct{ file, kind string }{{"/etc/subuid", "UID"}, {"/etc/subgid", "GID"}} {
					if a.HasFile(sub.file) {
						start := a.NextSubordinate(sub.file, defs.num("SUB_"+sub.kind+"_MIN", 100000))
						a.SetLine(sub.file, []string{name, strconv.Itoa(start), strconv.Itoa(defs.num("SUB_"+sub.kind+"_COUNT", 65536))})
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		return finish(p, err)
	}
	if createHome {
		makeHome(p, created)
	}
	return 0
}

// badnameHint is what useradd 4.13 adds to an invalid name's complaint (4.8 says nothing more).
func badnameHint(p *shell.Proc) string {
	if shadowUtilsAtLeast(p, "1:4.13") {
		return ": use --badname to ignore"
	}
	return ""
}

// useraddDefault is a key of /etc/default/useradd, or def.
func useraddDefault(p *shell.Proc, key, def string) string {
	data, _ := p.M.FS.ReadFile(vfs.Root, "/etc/default/useradd")
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), key+"="); ok && v != "" {
			return v
		}
	}
	return def
}

// lookupGroup finds a group by name or by id, as -g and -G take either.
func lookupGroup(a *machine.Accounts, spec string) *machine.GroupEntry {
	if g := a.Group(spec); g != nil {
		return g
	}
	if n, err := strconv.Atoi(spec); err == nil {
		return a.GroupByGID(n)
	}
	return nil
}

// makeHome creates the user's home from /etc/skel: mode 0755 less the umask
// of login.defs, the skeleton's files copied with their times, all the user's.
func makeHome(p *shell.Proc, u *machine.Account) {
	fsys := p.M.FS
	if _, err := fsys.Stat(vfs.Root, u.Home); err == nil {
		fmt.Fprintln(p.Stderr, "useradd: warning: the home directory "+u.Home+" already exists.\nuseradd: Not copying any file from skel directory into it.")
		return
	}
	umask := 0o022
	if n, err := strconv.ParseInt(readLoginDefs(p)["UMASK"], 8, 32); err == nil {
		umask = int(n)
	}
	mode := fs.FileMode(0o777 &^ umask)
	if err := fsys.MkdirAll(vfs.Root, u.Home, mode); err != nil {
		fmt.Fprintf(p.Stderr, "useradd: cannot create directory %s\n", u.Home)
		return
	}
	_ = fsys.Chmod(vfs.Root, u.Home, mode)
	_ = fsys.Chown(vfs.Root, u.Home, u.UID, u.GID)
	copySkel(p, "/etc/skel", u.Home, u)
}

func copySkel(p *shell.Proc, from, to string, u *machine.Account) {
	fsys := p.M.FS
	entries, err := fsys.ReadDir(vfs.Root, from)
	if err != nil {
		return
	}
	for _, e := range entries {
		src, dst := path.Join(from, e.Name), path.Join(to, e.Name)
		switch {
		case e.Mode.IsDir():
			_ = fsys.MkdirAll(vfs.Root, dst, e.Mode.Perm())
			copySkel(p, src, dst, u)
		case e.Mode&fs.ModeSymlink != 0:
			_ = fsys.Symlink(vfs.Root, e.Target, dst)
			_ = fsys.Lchown(vfs.Root, dst, u.UID, u.GID)
			continue
		default:
			data, err := fsys.ReadFile(vfs.Root, src)
			if err != nil {
				continue
			}
			_ = fsys.WriteFile(vfs.Root, dst, data, e.Mode.Perm())
		}
		_ = fsys.Chown(vfs.Root, dst, u.UID, u.GID)
		_ = fsys.Chmod(vfs.Root, dst, e.Mode.Perm())
		_ = fsys.Chtimes(vfs.Root, dst, e.AccessTime, e.ModTime)
	}
}

// shadowUtilsAtLeast tells whether the installed passwd package is version or newer.
func shadowUtilsAtLeast(p *shell.Proc, version string) bool {
	if db, ok := pkgdb.Read(p.M.FS); ok {
		if pkg, ok := db.Find("passwd"); ok {
			return progkit.CompareDebianVersions(pkg.Get("Version"), version) >= 0
		}
	}
	return false
}
