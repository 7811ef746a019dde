package machine

import (
	"crypto/sha256"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hostile-lab/hostile/internal/elfbin"
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
	// Locks are the flock(2) locks programs hold on the host's files.
	Locks FileLocks

	// acctMu guards users and groups: emulated useradd and its kin change
	// them at run time (accounts.go), while every session looks them up.
	// An entry is never changed in place: a change replaces it, so an
	// *Account a session holds stays a consistent snapshot.
	acctMu sync.RWMutex
	users  []*Account
	groups []*GroupEntry
	// written are the versions of /etc/passwd and /etc/group the lists were
	// last in step with: a file changed since by anyone else (an editor, sed
	// -i, a description's file) is read back into the lists (accounts.go).
	written accountStamps
	// published is users for readers that may not take acctMu (FaultUserName).
	published atomic.Pointer[[]*Account]
	hw        Hardware // the description's, with defaults
	// described are the paths of the description's files: the kernel's own
	// files there are the description's text, not made from the hardware.
	described map[string]bool
	bootID    string // /proc/sys/kernel/random/boot_id
	// procfsMu orders the writes that keep /proc in step with Procs.
	procfsMu sync.Mutex
	// procStale are the pids whose /proc directory is to be written or
	// removed at the next read of /proc, under procfsMu (procfs.go).
	procStale map[int]bool
}

// Account is a resolved user: ids, home and shell filled in.
type Account struct {
	User
	GIDs  []int  // supplementary group ids
	Gecos string // the comment field of /etc/passwd
	base  bool   // an account of the installed system
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
	// Password is /etc/group's second field: "x" on Linux, empty on Solaris.
	Password string
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
	// The installed system is shared by every host of the personality; what
	// this host changes is its own.
	d.Limits = d.Limits.withDefaults()
	m := &Machine{Desc: d, P: p, FS: vfs.NewFromImage(p.Image()), Log: log, Hostname: d.Hostname, Booted: time.Now()}
	// Every user but root is held to the process limit ulimit -u shows.
	m.Procs = newProcTable(m.Booted, m.Hardware().Limits.Processes)
	m.resolveAccounts()
	published := m.users
	m.published.Store(&published)
	if err := m.seed(); err != nil {
		return nil, err
	}
	return m, nil
}

// resolveAccounts starts from the installed system's users and groups and
// lays the description's over them: a user the system has keeps its ids and
// home (as useradd would refuse it and the harness keeps it), a new one gets
// the next free uid from 1000 and a group of its own.
func (m *Machine) resolveAccounts() {
	base := m.P.Base()
	byName := map[string]*GroupEntry{}
	newPassword := "x" // a new group's second field, as the system writes its own
	for _, g := range baseGroups(base) {
		if g.Name == "root" {
			newPassword = g.Password
		}
		byName[g.Name] = g
		m.groups = append(m.groups, g)
	}
	addGroup := func(name string, gid int) *GroupEntry {
		if g, ok := byName[name]; ok {
			return g
		}
		g := &GroupEntry{Name: name, GID: gid, Password: newPassword}
		byName[name] = g
		m.groups = append(m.groups, g)
		return g
	}
	groupNamed := func(name string) *GroupEntry {
		if g, ok := byName[name]; ok {
			return g
		}
		if gid, ok := systemGroups[name]; ok {
			return addGroup(name, gid)
		}
		return nil
	}
	for _, g := range m.Desc.Groups {
		e := addGroup(g.Name, g.GID)
		for _, member := range g.Members {
			if !slices.Contains(e.Members, member) {
				e.Members = append(e.Members, member)
			}
		}
	}
	m.users = baseAccounts(base)
	if m.User("root") == nil {
		m.users = append([]*Account{{User: User{Name: "root", Home: "/root", Shell: m.P.Shell}, Gecos: "root"}}, m.users...)
	}
	taken := map[int]bool{}
	for _, a := range m.users {
		taken[a.UID] = true
	}
	for _, u := range m.Desc.Users {
		if u.UID != 0 {
			taken[u.UID] = true
		}
	}
	nextUID := 1000
	var added []*Account
	for _, u := range m.Desc.Users {
		if a := m.User(u.Name); a != nil && a.base {
			// The system's own account: the description gives it a password,
			// keys, rc files, groups and perhaps another shell or home.
			a.Password, a.AuthorizedKeys, a.RC = u.Password, u.AuthorizedKeys, u.RC
			a.Groups = append(a.Groups, u.Groups...)
			if u.Shell != "" {
				a.Shell = u.Shell
			}
			if u.Home != "" {
				a.Home = u.Home
			}
			added = append(added, a)
			continue
		}
		if u.UID == 0 && u.Name != "root" {
			for taken[nextUID] {
				nextUID++
			}
			u.UID = nextUID
			taken[nextUID] = true
		}
		if u.Home == "" {
			u.Home = path.Join(m.P.HomeBase, u.Name)
		}
		if u.Shell == "" {
			u.Shell = m.P.Shell
		}
		if u.GID == 0 && u.Name != "root" {
			u.GID = addGroup(u.Name, u.UID).GID
		} else if u.GID != 0 && !slices.ContainsFunc(m.groups, func(g *GroupEntry) bool { return g.GID == u.GID }) {
			// A primary group given by its usual id (vdsm's 36, kvm) that
			// the installed system lacks: the package that brings the user
			// brings the group too.
			for name, gid := range systemGroups {
				if gid == u.GID {
					addGroup(name, gid)
				}
			}
		}
		a := &Account{User: u}
		m.users = append(m.users, a)
		added = append(added, a)
	}
	for _, a := range added {
		if m.GroupByGID(a.GID) == nil {
			// A primary group given by id (vdsm's 36): the well-known group
			// of that id, as the scenario's hosts have it.
			for name, gid := range systemGroups {
				if gid == a.GID {
					addGroup(name, gid)
				}
			}
		}
		for _, gname := range a.Groups {
			g := groupNamed(gname)
			if g == nil { // a group named after another user
				if other := m.User(gname); other != nil {
					g = addGroup(gname, other.UID)
				}
			}
			if g != nil && !slices.Contains(g.Members, a.Name) {
				g.Members = append(g.Members, a.Name)
			}
		}
	}
	for _, g := range m.groups {
		for _, member := range g.Members {
			if a := m.User(member); a != nil && !slices.Contains(a.GIDs, g.GID) && a.GID != g.GID {
				a.GIDs = append(a.GIDs, g.GID)
			}
		}
	}
}

// first is the first entry of xs that is, or nil.
func first[T any](xs []*T, is func(*T) bool) *T {
	if i := slices.IndexFunc(xs, is); i >= 0 {
		return xs[i]
	}
	return nil
}

// User returns the named account, or nil.
func (m *Machine) User(name string) *Account {
	defer m.readAccounts()()
	return first(m.users, func(a *Account) bool { return a.Name == name })
}

// UserByUID returns the account with the uid, or nil.
func (m *Machine) UserByUID(uid int) *Account {
	defer m.readAccounts()()
	return first(m.users, func(a *Account) bool { return a.UID == uid })
}

// Users lists every account in /etc/passwd order: the installed system's,
// root first, then the description's.
func (m *Machine) Users() []*Account {
	defer m.readAccounts()()
	return slices.Clone(m.users)
}

// Groups lists every group in /etc/group order.
func (m *Machine) Groups() []*GroupEntry {
	defer m.readAccounts()()
	return slices.Clone(m.groups)
}

// ScenarioUsers are root and the description's users: the accounts a
// scenario speaks of, which a container target creates or changes.
func (m *Machine) ScenarioUsers() []*Account {
	var out []*Account
	for _, a := range m.Users() {
		if a.Name == "root" || !a.base || slices.ContainsFunc(m.Desc.Users, func(u User) bool { return u.Name == a.Name }) {
			out = append(out, a)
		}
	}
	return out
}

// Group returns the named group, or nil.
func (m *Machine) Group(name string) *GroupEntry {
	defer m.readAccounts()()
	return first(m.groups, func(g *GroupEntry) bool { return g.Name == name })
}

// GroupByGID returns the group with the gid, or nil.
func (m *Machine) GroupByGID(gid int) *GroupEntry {
	defer m.readAccounts()()
	return first(m.groups, func(g *GroupEntry) bool { return g.GID == gid })
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

// seed lays the host over the installed system's tree: its name, its
// accounts and sudoers lines, the users' homes, the description's mounts and
// files.
func (m *Machine) seed() error {
	fsys, p, base := m.FS, m.P, m.P.Base()
	must := func(err error) {
		if err != nil {
			panic(err) // seeding as root over the base cannot fail; a failure is a bug here
		}
	}
	// The C library itself, so ls, file and pvs -d find it where the loader does.
	libc, err := elfbin.Write(elfbin.Spec{Machine: p.Machines[0], Static: true})
	if err != nil {
		panic(err)
	}
	must(fsys.MkdirAll(vfs.Root, path.Dir(p.Libc.Path), 0o755))
	must(fsys.WriteFile(vfs.Root, p.Libc.Path, libc, 0o755))
	// /dev is the kernel's: the base has the directory only.
	for _, d := range []struct {
		path         string
		major, minor uint32
	}{{"/dev/null", 1, 3}, {"/dev/zero", 1, 5}, {"/dev/tty", 5, 0}} {
		must(fsys.KernelDevice(d.path, 0o666, d.major, d.minor))
	}
	// The tmpfs every Linux mounts for POSIX shared memory (in /proc/mounts).
	if p.Userland == "gnu" {
		must(fsys.MkdirAll(vfs.Root, "/dev/shm", 0o777|fs.ModeSticky))
		must(fsys.Chmod(vfs.Root, "/dev/shm", 0o777|fs.ModeSticky))
		// devpts, where sessions' terminals are (in /proc/mounts).
		must(fsys.MkdirAll(vfs.Root, "/dev/pts", 0o755))
	}
	// procfs and sysfs are mounted read-only for all: dr-xr-xr-x.
	for _, d := range []string{"/proc", "/sys"} {
		if _, err := fsys.Stat(vfs.Root, d); err == nil {
			must(fsys.Chmod(vfs.Root, d, 0o555))
		}
	}
	// What the running system's services make at start (sshd's /run/sshd).
	for _, d := range p.RuntimeDirs {
		must(fsys.MkdirAll(vfs.Root, d, 0o755))
	}
	// write replaces a file's text, keeping the base's mode and owner.
	write := func(name, text string, mode fs.FileMode) {
		if info, err := fsys.Stat(vfs.Root, name); err == nil {
			mode = info.Mode.Perm()
		}
		must(fsys.WriteFile(vfs.Root, name, []byte(text), mode))
	}
	// sshd's PidFile, which its init script's status reads (service ssh status).
	if p.SSHDPidFile != "" {
		write(p.SSHDPidFile, fmt.Sprintf("%d\n", SSHDPID), 0o644)
	}
	write("/etc/hostname", m.Hostname+"\n", 0o644)
	// As the Debian installer writes them (netcfg): the name on 127.0.1.1,
	// the IPv6 names after it (which a container's /etc/hosts has too:
	// getent hosts localhost answers with the ::1 line), and the DHCP
	// server's resolver.
	hosts := "127.0.0.1\tlocalhost\n127.0.1.1\t" + m.Hostname + "\n"
	if p.Userland == "gnu" {
		hosts += "\n# The following lines are desirable for IPv6 capable hosts\n" +
			"::1     localhost ip6-localhost ip6-loopback\nff02::1 ip6-allnodes\nff02::2 ip6-allrouters\n"
	}
	write("/etc/hosts", hosts, 0o644)
	if _, err := fsys.Stat(vfs.Root, "/etc/resolv.conf"); err != nil {
		if gw, ok := m.Hardware().NICs[0].GatewayAddr(); ok {
			write("/etc/resolv.conf", "nameserver "+gw.String()+"\n", 0o644)
		}
	}
	if _, ok := base.Text("/etc/profile"); !ok {
		write("/etc/profile", profileText(p), 0o644)
	}
	write("/etc/passwd", m.passwdText(), 0o644)
	write("/etc/group", m.groupText(), 0o644)
	m.written = m.accountStamps()
	write("/etc/shadow", m.shadowText(), 0o640)
	m.seedUseradd(write)
	m.seedSudoers(write)
	for _, a := range m.users {
		if a.base && a.RC == nil && a.AuthorizedKeys == nil {
			continue // the system's own, as installed
		}
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
	m.SettleDisk()
	return m.seedKernel()
}

// SettleDisk makes the root filesystem the installed system, as written so
// far, plus the free space and inodes the limits give: every byte stored is
// the lab's memory. The host calls it again once it has laid what it makes
// at its first start (sshd's host keys).
func (m *Machine) SettleDisk() {
	// The root mount always exists: these cannot fail.
	_ = m.FS.SetFree("/", m.Desc.Limits.DiskFreeBytes)
	_ = m.FS.SetFreeInodes("/", m.Desc.Limits.DiskFreeInodes)
}

// Hardware is the machine as its kernel reports it: the description's, with
// the defaults filled in.
func (m *Machine) Hardware() Hardware { return m.Desc.Hardware.withDefaults() }

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
	if strings.HasSuffix(a.Shell, "bash") && !a.base {
		// The system's skeleton, where the description gives none (as the
		// harness installs it on a container).
		for _, name := range []string{".bashrc", ".profile", ".bash_profile"} {
			if text, ok := m.P.Base().Text("/etc/skel/" + name); ok {
				files[name] = text
			}
		}
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
	slices.Sort(names)
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
		fmt.Fprintf(&b, "%s:x:%d:%d:%s:%s:%s\n", a.Name, a.UID, a.GID, a.Gecos, a.Home, a.Shell)
	}
	return b.String()
}

func (m *Machine) groupText() string {
	var b strings.Builder
	for _, g := range m.groups {
		fmt.Fprintf(&b, "%s:%s:%d:%s\n", g.Name, g.Password, g.GID, strings.Join(g.Members, ","))
	}
	return b.String()
}

// shadowText is the system's /etc/shadow with the description's passwords
// in it, and a line for each new user shaped like root's. A password set
// today (as chpasswd does on a container) dates its line today.
func (m *Machine) shadowText() string {
	lines, _ := baseShadow(m.P.Base())
	shape := lines["root"]
	if shape == nil {
		shape = []string{"root", "*", "19000", "0", "99999", "7", "", "", ""}
	}
	today := strconv.FormatInt(m.Booted.Unix()/86400, 10)
	var b strings.Builder
	for _, a := range m.users {
		f := slices.Clone(lines[a.Name])
		if f == nil {
			f = slices.Clone(shape)
			f[0], f[1] = a.Name, lockedPassword(lines)
		}
		if a.Password != "" {
			f[1], f[2] = m.passwordHash(a.Name), today
		}
		b.WriteString(strings.Join(f, ":") + "\n")
	}
	return b.String()
}

// passwordHash is a stand-in for a's password hash, never derived from the
// password, in the form and length the system's PAM writes: yescrypt where
// pam_unix is told so (Debian), SHA-512 crypt where it is (RHEL), else the
// traditional 13-character DES crypt (Solaris 10).
func (m *Machine) passwordHash(name string) string {
	const alphabet = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	filler := func(part string, n int) string {
		sum := sha256.Sum256([]byte("hostile:" + name + ":" + part))
		out := make([]byte, n)
		for i := range out {
			out[i] = alphabet[int(sum[i%len(sum)]+byte(i/len(sum)))%len(alphabet)]
		}
		return string(out)
	}
	base := m.P.Base()
	pam, _ := base.Text("/etc/pam.d/common-password")
	if rh, ok := base.Text("/etc/pam.d/system-auth-ac"); ok {
		pam += rh
	}
	switch {
	case strings.Contains(pam, "yescrypt"):
		return "$y$j9T$" + filler("salt", 22) + "$" + filler("hash", 43)
	case strings.Contains(pam, "sha512"):
		return "$6$" + filler("salt", 16) + "$" + filler("hash", 86)
	}
	return filler("crypt", 13)
}

// seedSudoers writes the personality's /etc/sudoers, and the description's
// lines where an administrator (and the container target) puts them: in
// /etc/sudoers.d/hostile where the stock file includes that directory, else
// at the end of /etc/sudoers.
func (m *Machine) seedSudoers(write func(name, text string, mode fs.FileMode)) {
	stock, extra := m.P.Sudoers, m.Desc.Sudoers
	if stock != "" {
		write("/etc/sudoers", stock, 0o440)
	}
	if len(extra) == 0 {
		return
	}
	text := strings.Join(extra, "\n") + "\n"
	for _, line := range strings.Split(stock, "\n") {
		if f := strings.Fields(line); len(f) == 2 && (f[0] == "@includedir" || f[0] == "#includedir") && f[1] == "/etc/sudoers.d" {
			write("/etc/sudoers.d/hostile", text, 0o440)
			return
		}
	}
	if stock != "" {
		text = stock + "\n" + text
	}
	write("/etc/sudoers", text, 0o440)
}

// profileText is the personality's /etc/profile: root gets the sbin
// directories, as Debian's does by testing the uid (with plain id, which
// Solaris' id also understands).
func profileText(p *personality.Personality) string {
	return "# /etc/profile: system-wide .profile file for the Bourne shell (sh(1))\n\n" +
		"case `id` in\n'uid=0('*) PATH=\"" + p.RootPath + "\" ;;\n*) PATH=\"" + p.Path + "\" ;;\nesac\nexport PATH\n"
}

// lockedPassword is what the system's useradd writes for an account without
// a password: as on its own service accounts (sshd's "!" on Debian, "!!" on
// RHEL), else nobody's (Solaris's "*LK*").
func lockedPassword(shadow map[string][]string) string {
	for _, name := range []string{"sshd", "nobody"} {
		if f := shadow[name]; f != nil {
			return f[1]
		}
	}
	return "*"
}

// seedUseradd writes what useradd and groupadd change besides passwd, group
// and shadow where the system has those files: a gshadow line per new group,
// subordinate ids for each new user (100000 up, 65536 each) with the backup
// of the file before the last of them, as a container's useradd leaves them.
func (m *Machine) seedUseradd(write func(name, text string, mode fs.FileMode)) {
	base := m.P.Base()
	if gshadow, ok := base.Text("/etc/gshadow"); ok {
		known := map[string]bool{}
		var b strings.Builder
		for _, line := range strings.Split(strings.TrimSuffix(gshadow, "\n"), "\n") {
			f := strings.Split(line, ":")
			if g := m.Group(f[0]); g != nil && len(f) == 4 {
				f[3] = strings.Join(g.Members, ",") // usermod -a -G writes them here too
			}
			known[f[0]] = true
			b.WriteString(strings.Join(f, ":") + "\n")
		}
		for _, g := range m.groups {
			if !known[g.Name] {
				fmt.Fprintf(&b, "%s:!::%s\n", g.Name, strings.Join(g.Members, ","))
			}
		}
		write("/etc/gshadow", b.String(), 0o640)
	}
	for _, file := range []string{"/etc/subuid", "/etc/subgid"} {
		text, ok := base.Text(file)
		if !ok {
			continue
		}
		previous, next := text, 100000
		for _, a := range m.users {
			if a.base || a.UID < 1000 || a.UID >= 60000 {
				continue // useradd gives system accounts none
			}
			previous = text
			text += fmt.Sprintf("%s:%d:65536\n", a.Name, next)
			next += 65536
		}
		write(file, text, 0o644)
		if previous != text {
			write(file+"-", previous, 0o644)
		}
	}
}
