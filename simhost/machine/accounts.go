package machine

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hostile-lab/hostile/simhost/vfs"
)

// The host's accounts change at run time (emulated useradd, groupadd,
// usermod, userdel, chpasswd and their kin). /etc/passwd and /etc/group are
// the truth, as for libc: the in-memory lists are their parsed form, kept in
// step under one lock. A writer changes the lists and rewrites the files
// from them (the old text kept as passwd- and group-, as shadow-utils does);
// a look-up that finds a file changed by other means (an editor, sed -i,
// echo >>) reads it back first. /etc/shadow and /etc/gshadow hold what the
// lists do not (hashes and aging): a change edits their lines in place.

// accountStamps identify the versions of /etc/passwd and /etc/group.
type accountStamps struct {
	passwd, group fileStamp
	set           bool // false while the host is being built
}

type fileStamp struct {
	ino         uint64
	size        int64
	mod, change time.Time
	missing     bool
}

func (m *Machine) stamp(name string) fileStamp {
	info, err := m.FS.Peek(name)
	if err != nil {
		return fileStamp{missing: true}
	}
	return fileStamp{ino: info.Ino, size: info.Size, mod: info.ModTime, change: info.ChangeTime}
}

func (m *Machine) accountStamps() accountStamps {
	return accountStamps{passwd: m.stamp("/etc/passwd"), group: m.stamp("/etc/group"), set: true}
}

// stale tells whether the files changed since the lists were in step; the
// caller holds the lock.
func (m *Machine) stale() bool {
	return m.written.set && m.accountStamps() != m.written
}

// readAccounts takes the read lock for a look-up, first reading the files
// back when they changed under the lists; it returns the unlock.
func (m *Machine) readAccounts() func() {
	m.acctMu.RLock()
	if !m.stale() {
		return m.acctMu.RUnlock
	}
	m.acctMu.RUnlock()
	m.acctMu.Lock()
	if m.stale() {
		m.reloadAccounts()
	}
	m.acctMu.Unlock()
	m.acctMu.RLock()
	return m.acctMu.RUnlock
}

// reloadAccounts parses the files into the lists, keeping what only memory
// knows of an account of the same name (its password for logins, keys, rc
// files) and every entry the text did not change; the caller holds the lock.
func (m *Machine) reloadAccounts() {
	passwd, err1 := m.FS.PeekFile("/etc/passwd")
	group, err2 := m.FS.PeekFile("/etc/group")
	m.written = m.accountStamps()
	if err1 != nil || err2 != nil {
		return // a file gone or a directory: the lists stay as they were
	}
	oldUsers := map[string]*Account{}
	for _, u := range m.users {
		oldUsers[u.Name] = u
	}
	var users []*Account
	for _, u := range parsePasswd(string(passwd), false) {
		if old := oldUsers[u.Name]; old != nil {
			c := *old
			c.UID, c.GID, c.Gecos, c.Home, c.Shell = u.UID, u.GID, u.Gecos, u.Home, u.Shell
			u = &c
		}
		users = append(users, u)
	}
	oldGroups := map[string]*GroupEntry{}
	for _, g := range m.groups {
		oldGroups[g.Name] = g
	}
	groups := parseGroup(string(group))
	for i, g := range groups {
		if old := oldGroups[g.Name]; old != nil && old.GID == g.GID && old.Password == g.Password && slices.Equal(old.Members, g.Members) {
			groups[i] = old
		}
	}
	a := &Accounts{Users: users, Groups: groups}
	a.resolveGIDs()
	for i, u := range a.Users {
		if old := oldUsers[u.Name]; old != nil && sameEntry(old, u) {
			a.Users[i] = old
		}
	}
	m.setAccounts(a.Users, a.Groups)
}

// Accounts is a change being made to the host's users and groups, held under
// the accounts lock by ChangeAccounts. Its lists are the caller's to replace
// entries in; an entry is never changed in place (sessions hold them).
type Accounts struct {
	Users  []*Account
	Groups []*GroupEntry
	m      *Machine
	// edited text of the files beside passwd and group, by path
	files map[string][]string
}

// ChangeAccounts runs change on a copy of the accounts under the writer's
// lock; when it returns nil the copy becomes the host's and the account files
// are written from it. An error leaves everything as it was.
func (m *Machine) ChangeAccounts(change func(a *Accounts) error) error {
	m.acctMu.Lock()
	defer m.acctMu.Unlock()
	if m.stale() {
		m.reloadAccounts()
	}
	a := &Accounts{Users: slices.Clone(m.users), Groups: slices.Clone(m.groups), m: m, files: map[string][]string{}}
	if err := change(a); err != nil {
		return err
	}
	a.resolveGIDs()
	m.setAccounts(a.Users, a.Groups)
	m.writeAccountFile("/etc/passwd", m.passwdText())
	m.writeAccountFile("/etc/group", m.groupText())
	for _, name := range []string{"/etc/shadow", "/etc/gshadow", "/etc/subuid", "/etc/subgid"} {
		if lines, ok := a.files[name]; ok {
			text := strings.Join(lines, "\n")
			if len(lines) > 0 {
				text += "\n"
			}
			m.writeAccountFile(name, text)
		}
	}
	m.written = m.accountStamps()
	return nil
}

// BecomeAccounts makes fresh's accounts this host's: a reset to the
// description's start.
func (m *Machine) BecomeAccounts(fresh *Machine) {
	fresh.acctMu.RLock()
	users, groups := fresh.users, fresh.groups
	fresh.acctMu.RUnlock()
	m.acctMu.Lock()
	defer m.acctMu.Unlock()
	m.setAccounts(users, groups)
	m.written = m.accountStamps()
}

// setAccounts replaces the lists and publishes the users for FaultUserName;
// the caller holds the lock.
func (m *Machine) setAccounts(users []*Account, groups []*GroupEntry) {
	m.users, m.groups = users, groups
	m.published.Store(&users)
}

// FaultUserName is uid's name from the users as last published, taking no
// lock and reading no file: the fault hooks ask it from inside a file
// operation, which may be the accounts writer's own.
func (m *Machine) FaultUserName(uid int) string {
	if users := m.published.Load(); users != nil {
		for _, a := range *users {
			if a.UID == uid {
				return a.Name
			}
		}
	}
	return strconv.Itoa(uid)
}

// writeAccountFile replaces an account file's text, keeping the old one as
// NAME- with the same mode and owner, as shadow-utils' commit does.
func (m *Machine) writeAccountFile(name, text string) {
	old, err := m.FS.ReadFile(vfs.Root, name)
	info, statErr := m.FS.Stat(vfs.Root, name)
	if err != nil || statErr != nil {
		return // a system without the file (Solaris' gshadow): nothing to keep in step
	}
	if string(old) == text {
		return
	}
	for _, f := range []struct {
		path string
		data []byte
	}{{name + "-", old}, {name, []byte(text)}} {
		if err := m.FS.WriteFile(vfs.Root, f.path, f.data, info.Mode.Perm()); err == nil {
			_ = m.FS.Chown(vfs.Root, f.path, info.UID, info.GID)
			_ = m.FS.Chmod(vfs.Root, f.path, info.Mode.Perm())
		}
	}
}

// resolveGIDs gives each user the ids of the groups that list it, replacing
// the entries whose list changed.
func (a *Accounts) resolveGIDs() {
	for i, u := range a.Users {
		var gids []int
		for _, g := range a.Groups {
			if g.GID != u.GID && slices.Contains(g.Members, u.Name) && !slices.Contains(gids, g.GID) {
				gids = append(gids, g.GID)
			}
		}
		if !slices.Equal(gids, u.GIDs) {
			c := *u
			c.GIDs = gids
			a.Users[i] = &c
		}
	}
}

// User is the named user of the change, or nil.
func (a *Accounts) User(name string) *Account {
	for _, u := range a.Users {
		if u.Name == name {
			return u
		}
	}
	return nil
}

// Group is the named group of the change, or nil.
func (a *Accounts) Group(name string) *GroupEntry {
	for _, g := range a.Groups {
		if g.Name == name {
			return g
		}
	}
	return nil
}

// GroupByGID is the group with gid, or nil.
func (a *Accounts) GroupByGID(gid int) *GroupEntry {
	for _, g := range a.Groups {
		if g.GID == gid {
			return g
		}
	}
	return nil
}

// UIDTaken tells whether some user has uid.
func (a *Accounts) UIDTaken(uid int) bool {
	return slices.ContainsFunc(a.Users, func(u *Account) bool { return u.UID == uid })
}

// NewAccount is an account to add: name, ids, comment, home and shell.
func NewAccount(name string, uid, gid int, gecos, home, shell string) *Account {
	return &Account{User: User{Name: name, UID: uid, GID: gid, Home: home, Shell: shell}, Gecos: gecos}
}

// ReplaceUser puts u in place of the user of its name, or appends it.
func (a *Accounts) ReplaceUser(u *Account) {
	a.Users = replaceNamed(a.Users, u, func(u *Account) string { return u.Name })
}

// ReplaceGroup puts g in place of the group of its name, or appends it.
func (a *Accounts) ReplaceGroup(g *GroupEntry) {
	a.Groups = replaceNamed(a.Groups, g, func(g *GroupEntry) string { return g.Name })
}

// replaceNamed puts x in place of the first entry of list with its name, or
// appends it.
func replaceNamed[T any](list []T, x T, name func(T) string) []T {
	if i := slices.IndexFunc(list, func(old T) bool { return name(old) == name(x) }); i >= 0 {
		list[i] = x
		return list
	}
	return append(list, x)
}

// RemoveUser drops the named user and its name from every group's members.
func (a *Accounts) RemoveUser(name string) {
	a.Users = slices.DeleteFunc(a.Users, func(u *Account) bool { return u.Name == name })
	for _, g := range slices.Clone(a.Groups) {
		if slices.Contains(g.Members, name) {
			a.SetMembers(g, slices.DeleteFunc(slices.Clone(g.Members), func(m string) bool { return m == name }))
		}
	}
	for _, file := range []string{"/etc/shadow", "/etc/subuid", "/etc/subgid"} {
		a.DeleteLine(file, name)
	}
}

// RemoveGroup drops the named group from group and gshadow.
func (a *Accounts) RemoveGroup(name string) {
	a.Groups = slices.DeleteFunc(a.Groups, func(g *GroupEntry) bool { return g.Name == name })
	a.DeleteLine("/etc/gshadow", name)
}

// SetMembers replaces g by a copy with members, in group and gshadow alike.
func (a *Accounts) SetMembers(g *GroupEntry, members []string) {
	c := *g
	c.Members = members
	a.ReplaceGroup(&c)
	if f := a.Line("/etc/gshadow", g.Name); len(f) == 4 {
		f[3] = strings.Join(members, ",")
		a.SetLine("/etc/gshadow", f)
	}
}

// lines is the current text of an account file being changed, by line.
func (a *Accounts) lines(file string) ([]string, bool) {
	if l, ok := a.files[file]; ok {
		return l, true
	}
	data, err := a.m.FS.ReadFile(vfs.Root, file)
	if err != nil {
		return nil, false
	}
	var l []string
	if text := strings.TrimSuffix(string(data), "\n"); text != "" {
		l = strings.Split(text, "\n")
	}
	a.files[file] = l
	return l, true
}

// HasFile tells whether the system has the account file at all.
func (a *Accounts) HasFile(file string) bool {
	_, ok := a.lines(file)
	return ok
}

// Line is the colon-separated fields of file's line for name, or nil.
func (a *Accounts) Line(file, name string) []string {
	l, _ := a.lines(file)
	for _, line := range l {
		if f := strings.Split(line, ":"); f[0] == name {
			return f
		}
	}
	return nil
}

// SetLine replaces the line of fields[0] in file, or appends it; a system
// without the file is left alone.
func (a *Accounts) SetLine(file string, fields []string) {
	l, ok := a.lines(file)
	if !ok {
		return
	}
	text := strings.Join(fields, ":")
	for i, line := range l {
		if strings.Split(line, ":")[0] == fields[0] {
			l[i] = text
			a.files[file] = l
			return
		}
	}
	a.files[file] = append(l, text)
}

// DeleteLine drops name's line from file.
func (a *Accounts) DeleteLine(file, name string) {
	l, ok := a.lines(file)
	if !ok {
		return
	}
	a.files[file] = slices.DeleteFunc(l, func(line string) bool { return strings.Split(line, ":")[0] == name })
}

// NextSubordinate is where the next subordinate id range of file starts:
// after the highest one given, from first.
func (a *Accounts) NextSubordinate(file string, first int) int {
	l, _ := a.lines(file)
	next := first
	for _, line := range l {
		f := strings.Split(line, ":")
		if len(f) != 3 {
			continue
		}
		start, err1 := strconv.Atoi(f[1])
		count, err2 := strconv.Atoi(f[2])
		if err1 == nil && err2 == nil && start+count > next {
			next = start + count
		}
	}
	return next
}

// PasswordHash is the stand-in hash the host writes for a password set on
// name (see passwordHash).
func (a *Accounts) PasswordHash(name string) string { return a.m.passwordHash(name) }

// sameEntry tells whether two accounts read the same in passwd and group.
func sameEntry(a, b *Account) bool {
	return a.UID == b.UID && a.GID == b.GID && a.Gecos == b.Gecos && a.Home == b.Home && a.Shell == b.Shell &&
		slices.Equal(a.GIDs, b.GIDs)
}

// PasswordLocked tells whether name's password in /etc/shadow is locked
// (passwd -l, usermod -L: a "!" before the hash), which pam_unix refuses.
func (m *Machine) PasswordLocked(name string) bool {
	data, err := m.FS.PeekFile("/etc/shadow")
	if err != nil {
		return false
	}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Split(line, ":"); len(f) >= 2 && f[0] == name {
			return strings.HasPrefix(f[1], "!")
		}
	}
	return false
}
