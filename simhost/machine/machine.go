package machine

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/hostile-lab/hostile/simhost/elfbin"
	"github.com/hostile-lab/hostile/simhost/events"
	"github.com/hostile-lab/hostile/simhost/personality"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

// Machine is a running simulated host's state. Its fields are fixed after New; the
// filesystem, process table and log are safe for concurrent use.
type Machine struct {
	Desc     Description
	P        *personality.Personality
	FS       *vfs.FS
	Log      *events.Log
	Procs    *ProcTable
	Hostname string
	Booted   time.Time

	users  []*Account
	groups []*GroupEntry
}

// Account is a resolved user: ids, home and shell filled in.
type Account struct {
	User
	GIDs []int // supplementary group ids
}

// Cred is the filesystem identity of the account.
func (a *Account) Cred() vfs.Cred {
	return vfs.Cred{UID: a.UID, GID: a.GID, Groups: a.GIDs}
}

// GroupEntry is a resolved group.
type GroupEntry struct {
	Name    string
	GID     int
	Members []string
}

// New validates d, resolves its users and groups and seeds a fresh filesystem.
func New(d Description, log *events.Log) (*Machine, error) {
	if err := d.Validate(); err != nil {
		return nil, err
	}
	if d.Personality == "" {
		d.Personality = "debian12"
	}
	p, err := personality.Lookup(d.Personality)
	if err != nil {
		return nil, &FieldError{Field: "personality", Msg: err.Error()}
	}
	if d.Hostname == "" {
		d.Hostname = "hostile"
	}
	if log == nil {
		log = events.NewLog()
	}
	d.Limits = d.Limits.withDefaults()
	m := &Machine{Desc: d, P: p, FS: vfs.New(), Log: log, Hostname: d.Hostname, Booted: time.Now()}
	m.Procs = newProcTable(m.Booted, d.Limits.MaxUserProcesses)
	m.resolveAccounts()
	if err := m.seed(); err != nil {
		return nil, err
	}
	return m, nil
}

func (m *Machine) resolveAccounts() {
	byName := map[string]*GroupEntry{}
	addGroup := func(name string, gid int) *GroupEntry {
		if g, ok := byName[name]; ok {
			return g
		}
		g := &GroupEntry{Name: name, GID: gid}
		byName[name] = g
		m.groups = append(m.groups, g)
		return g
	}
	for name, gid := range systemGroups {
		addGroup(name, gid)
	}
	for _, g := range m.Desc.Groups {
		addGroup(g.Name, g.GID).Members = append([]string(nil), g.Members...)
	}
	users := append([]User(nil), m.Desc.Users...)
	hasRoot := false
	for _, u := range users {
		hasRoot = hasRoot || u.Name == "root"
	}
	if !hasRoot {
		users = append([]User{{Name: "root"}}, users...)
	}
	nextUID := 1000
	taken := map[int]bool{}
	for _, u := range users {
		taken[u.UID] = true
	}
	for _, u := range users {
		if u.Name == "root" {
			u.UID, u.GID = 0, 0
		} else if u.UID == 0 {
			for taken[nextUID] {
				nextUID++
			}
			u.UID = nextUID
			taken[nextUID] = true
		}
		if u.Home == "" {
			switch {
			case u.Name == "root" && m.P.IsSolaris():
				u.Home = "/"
			case u.Name == "root":
				u.Home = "/root"
			case m.P.IsSolaris():
				u.Home = "/export/home/" + u.Name
			default:
				u.Home = "/home/" + u.Name
			}
		}
		if u.Shell == "" {
			u.Shell = m.P.Shell
		}
		if u.GID == 0 && u.Name != "root" {
			u.GID = addGroup(u.Name, u.UID).GID
		}
		a := &Account{User: u}
		for _, gname := range u.Groups {
			g := byName[gname]
			if g == nil { // a group named after another user
				for _, other := range users {
					if other.Name == gname {
						g = addGroup(gname, other.UID)
					}
				}
			}
			if g != nil {
				a.GIDs = append(a.GIDs, g.GID)
				g.Members = append(g.Members, u.Name)
			}
		}
		m.users = append(m.users, a)
	}
	for _, g := range m.groups {
		for _, member := range g.Members {
			if a := m.User(member); a != nil && !containsInt(a.GIDs, g.GID) && a.GID != g.GID {
				a.GIDs = append(a.GIDs, g.GID)
			}
		}
	}
	sort.Slice(m.groups, func(i, j int) bool { return m.groups[i].GID < m.groups[j].GID })
}

func containsInt(xs []int, x int) bool {
	for _, y := range xs {
		if x == y {
			return true
		}
	}
	return false
}

// User returns the named account, or nil.
func (m *Machine) User(name string) *Account {
	for _, a := range m.users {
		if a.Name == name {
			return a
		}
	}
	return nil
}

// UserByUID returns the account with the uid, or nil.
func (m *Machine) UserByUID(uid int) *Account {
	for _, a := range m.users {
		if a.UID == uid {
			return a
		}
	}
	return nil
}

// Users lists every account, root first.
func (m *Machine) Users() []*Account { return m.users }

// Group returns the named group, or nil.
func (m *Machine) Group(name string) *GroupEntry {
	for _, g := range m.groups {
		if g.Name == name {
			return g
		}
	}
	return nil
}

// GroupByGID returns the group with the gid, or nil.
func (m *Machine) GroupByGID(gid int) *GroupEntry {
	for _, g := range m.groups {
		if g.GID == gid {
			return g
		}
	}
	return nil
}

// UserName is the name for uid, or the number as text as ls shows it.
func (m *Machine) UserName(uid int) string {
	if a := m.UserByUID(uid); a != nil {
		return a.Name
	}
	if uid == 65534 {
		return "nobody"
	}
	return fmt.Sprint(uid)
}

// GroupName is the name for gid, or the number as text.
func (m *Machine) GroupName(gid int) string {
	if g := m.GroupByGID(gid); g != nil {
		return g.Name
	}
	return fmt.Sprint(gid)
}

// seed lays out the filesystem a fresh install of the personality has, then the
// description's users, rc files and files.
func (m *Machine) seed() error {
	fsys, p := m.FS, m.P
	must := func(err error) {
		if err != nil {
			panic(err) // seeding an empty tree as root cannot fail; a failure is a bug here
		}
	}
	type seedDir struct {
		path string
		mode fs.FileMode
	}
	dirs := []seedDir{
		{"/etc", 0o755}, {"/etc/sudoers.d", 0o750}, {"/etc/ssh", 0o755}, {"/tmp", fs.ModeSticky | 0o777},
		{"/var", 0o755}, {"/var/tmp", fs.ModeSticky | 0o777}, {"/var/log", 0o755}, {"/dev", 0o755},
		{"/usr", 0o755}, {"/usr/bin", 0o755}, {"/usr/sbin", 0o755}, {"/usr/lib", 0o755},
		{"/usr/local", 0o755}, {"/usr/local/bin", 0o755}, {"/opt", 0o755}, {"/home", 0o755},
		{"/proc", 0o555}, {"/sys", 0o555}, {"/mnt", 0o755}, {"/srv", 0o755},
	}
	if p.IsSolaris() {
		dirs = append(dirs, seedDir{"/export", 0o755}, seedDir{"/export/home", 0o755},
			seedDir{"/usr/xpg4", 0o755}, seedDir{"/usr/xpg4/bin", 0o755})
	} else {
		dirs = append(dirs, seedDir{"/root", 0o700})
	}
	for _, d := range dirs {
		must(fsys.MkdirAll(vfs.Root, d.path, d.mode))
		must(fsys.Chmod(vfs.Root, d.path, d.mode))
	}
	for _, dir := range []string{"/bin", "/sbin", "/lib"} {
		if p.UsrMerged {
			must(fsys.Symlink(vfs.Root, "usr"+dir, dir))
		} else {
			must(fsys.MkdirAll(vfs.Root, dir, 0o755))
		}
	}
	// The C library itself, so ls, file and pvs -d find it where the loader does.
	libc, err := elfbin.Write(elfbin.Spec{Machine: p.Machines[0], Static: true})
	if err != nil {
		panic(err)
	}
	must(fsys.MkdirAll(vfs.Root, path.Dir(p.Libc.Path), 0o755))
	must(fsys.WriteFile(vfs.Root, p.Libc.Path, libc, 0o755))
	for _, d := range []string{"/dev/null", "/dev/zero", "/dev/tty"} {
		must(fsys.WriteFile(vfs.Root, d, nil, 0o666))
	}
	write := func(name, text string, mode fs.FileMode) {
		must(fsys.WriteFile(vfs.Root, name, []byte(text), mode))
		must(fsys.Chmod(vfs.Root, name, mode))
	}
	write("/etc/hostname", m.Hostname+"\n", 0o644)
	write("/etc/hosts", "127.0.0.1\tlocalhost\n127.0.1.1\t"+m.Hostname+"\n", 0o644)
	write(p.ReleaseFile, p.ReleaseText, 0o644)
	write("/etc/motd", p.MOTD, 0o644)
	write("/etc/profile", profileText(p), 0o644)
	write("/etc/passwd", m.passwdText(), 0o644)
	write("/etc/group", m.groupText(), 0o644)
	write("/etc/shadow", m.shadowText(), 0o640)
	write("/etc/sudoers", sudoersText(p.Sudoers, m.Desc.Sudoers), 0o440)
	write("/etc/shells", "/bin/sh\n/bin/bash\n/usr/bin/bash\n/bin/ksh\n/usr/bin/ksh\n", 0o644)
	if g := m.Group("shadow"); g != nil && !p.IsSolaris() {
		must(fsys.Chown(vfs.Root, "/etc/shadow", 0, g.GID))
	}
	for _, a := range m.users {
		if err := m.seedHome(a); err != nil {
			return err
		}
	}
	for _, mt := range m.Desc.Mounts {
		if err := fsys.AddMount(mt); err != nil {
			return &FieldError{Field: "mounts", Msg: err.Error()}
		}
	}

	for i, f := range m.Desc.Files {
		if err := m.seedFile(f); err != nil {
			return &FieldError{Field: fmt.Sprintf("files[%d]", i), Msg: err.Error()}
		}
	}
	// The root filesystem's size is the installed system's but for the free
	// space the limits give: every byte stored is the lab's memory.
	must(fsys.SetFree("/", m.Desc.Limits.DiskFreeBytes))
	return nil
}

func (m *Machine) seedHome(a *Account) error {
	fsys := m.FS
	if _, err := fsys.Stat(vfs.Root, a.Home); err != nil {
		if err := fsys.MkdirAll(vfs.Root, a.Home, 0o755); err != nil {
			return &FieldError{Field: "users." + a.Name + ".home", Msg: err.Error()}
		}
		if a.Name != "root" {
			_ = fsys.Chown(vfs.Root, a.Home, a.UID, a.GID)
		}
	}
	files := map[string]string{}
	if strings.HasSuffix(a.Shell, "bash") {
		files[".bashrc"] = debianBashrc
		files[".profile"] = debianProfile
	}
	for name, text := range a.RC {
		files[name] = text
	}
	if len(a.AuthorizedKeys) > 0 {
		files[".ssh/authorized_keys"] = strings.Join(a.AuthorizedKeys, "\n") + "\n"
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		p := path.Join(a.Home, n)
		if dir := path.Dir(p); dir != a.Home {
			if err := fsys.MkdirAll(vfs.Root, dir, 0o700); err != nil {
				return err
			}
			_ = fsys.Chown(vfs.Root, dir, a.UID, a.GID)
		}
		mode := fs.FileMode(0o644)
		if strings.HasPrefix(n, ".ssh/") {
			mode = 0o600
		}
		if err := fsys.WriteFile(vfs.Root, p, []byte(files[n]), mode); err != nil {
			return err
		}
		_ = fsys.Chown(vfs.Root, p, a.UID, a.GID)
	}
	return nil
}

func (m *Machine) seedFile(f File) error {
	fsys := m.FS
	uid, gid := 0, 0
	if f.Owner != "" {
		a := m.User(f.Owner)
		uid, gid = a.UID, a.GID
	}
	if f.Group != "" {
		if g := m.Group(f.Group); g != nil {
			gid = g.GID
		} else if a := m.User(f.Group); a != nil {
			gid = a.GID
		}
	}
	if err := fsys.MkdirAll(vfs.Root, path.Dir(f.Path), 0o755); err != nil {
		return err
	}
	if f.Link != "" {
		if err := fsys.Symlink(vfs.Root, f.Link, f.Path); err != nil {
			return err
		}
		return fsys.Lchown(vfs.Root, f.Path, uid, gid)
	}
	mode := f.Mode
	if f.Dir {
		if mode == 0 {
			mode = 0o755
		}
		if err := fsys.MkdirAll(vfs.Root, f.Path, mode); err != nil {
			return err
		}
	} else {
		if mode == 0 {
			mode = 0o644
		}
		if err := fsys.WriteFile(vfs.Root, f.Path, []byte(f.Content), mode); err != nil {
			return err
		}
	}
	// chown clears setuid and setgid, as on Linux: the mode goes on last.
	if err := fsys.Chown(vfs.Root, f.Path, uid, gid); err != nil {
		return err
	}
	return fsys.Chmod(vfs.Root, f.Path, mode)
}

func (m *Machine) passwdText() string {
	var b strings.Builder
	for _, a := range m.users {
		gecos := "" // as useradd leaves it; root's is "root"
		if a.Name == "root" {
			gecos = "root"
		}
		fmt.Fprintf(&b, "%s:x:%d:%d:%s:%s:%s\n", a.Name, a.UID, a.GID, gecos, a.Home, a.Shell)
	}
	return b.String()
}

func (m *Machine) groupText() string {
	var b strings.Builder
	for _, g := range m.groups {
		fmt.Fprintf(&b, "%s:x:%d:%s\n", g.Name, g.GID, strings.Join(g.Members, ","))
	}
	return b.String()
}

func (m *Machine) shadowText() string {
	var b strings.Builder
	for _, a := range m.users {
		hash := "*"
		if a.Password != "" {
			hash = "$y$j9T$hostile$" // never the password itself
		}
		fmt.Fprintf(&b, "%s:%s:19000:0:99999:7:::\n", a.Name, hash)
	}
	return b.String()
}

// sudoersText is the personality's stock sudoers (or a generic Debian-like
// one) with the description's lines after it.
func sudoersText(stock string, extra []string) string {
	base := stock
	if base == "" {
		base = genericSudoers
	}
	if len(extra) == 0 {
		return base
	}
	return base + "\n" + strings.Join(extra, "\n") + "\n"
}

const genericSudoers = `#
# This file MUST be edited with the 'visudo' command as root.
#
Defaults	env_reset
Defaults	mail_badpass
Defaults	secure_path="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

# User privilege specification
root	ALL=(ALL:ALL) ALL

# Allow members of group sudo to execute any command
%sudo	ALL=(ALL:ALL) ALL

@includedir /etc/sudoers.d
`

// profileText is the personality's /etc/profile: root gets the sbin
// directories, as Debian's does by testing the uid (with plain id, which
// Solaris' id also understands).
func profileText(p *personality.Personality) string {
	return "# /etc/profile: system-wide .profile file for the Bourne shell (sh(1))\n\n" +
		"case `id` in\n'uid=0('*) PATH=\"" + p.RootPath + "\" ;;\n*) PATH=\"" + p.Path + "\" ;;\nesac\nexport PATH\n"
}

// debianBashrc is the head of Debian's /etc/skel/.bashrc: it returns early for
// non-interactive shells, which is why an alias placed after it never reaches
// `ssh host cmd`.
const debianBashrc = `# ~/.bashrc: executed by bash(1) for non-login shells.

# If not running interactively, don't do anything
case $- in
    *i*) ;;
      *) return;;
esac

HISTCONTROL=ignoreboth
shopt -s histappend
HISTSIZE=1000
HISTFILESIZE=2000
`

const debianProfile = `# ~/.profile: executed by the command interpreter for login shells.
if [ -n "$BASH_VERSION" ]; then
    if [ -f "$HOME/.bashrc" ]; then
	. "$HOME/.bashrc"
    fi
fi
`
