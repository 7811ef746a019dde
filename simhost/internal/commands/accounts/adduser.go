package accounts

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/internal/pkgdb"
	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/shell"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

// Debian's adduser (a perl script) in the forms packages' maintainer scripts
// and installers use: adduser --system [--group], addgroup [--system] and
// adduser USER GROUP. An interactive adduser (it asks a password and a
// GECOS) is not emulated. The package changed between Debian 11 (3.118)
// and 12 (3.134): a system user's home, shadow line and where warnings go.

func init() {
	shell.Register(shell.Command{Name: "adduser", Sbin: true, Only: "gnu", ShortName: true, Run: adduserCmd})
	shell.Register(shell.Command{Name: "addgroup", Sbin: true, Only: "gnu", ShortName: true, Run: adduserCmd})
}

// adduserConf is /etc/adduser.conf's numbers.
func adduserConf(p *shell.Proc) loginDefs {
	defs := loginDefs{}
	data, _ := p.M.FS.ReadFile(vfs.Root, "/etc/adduser.conf")
	for _, line := range strings.Split(string(data), "\n") {
		if k, v, ok := strings.Cut(strings.TrimSpace(line), "="); ok && !strings.HasPrefix(k, "#") {
			defs[k] = strings.Trim(v, `"`)
		}
	}
	return defs
}

// adduser3134 tells whether the installed adduser is Debian 12's rewrite.
func adduser3134(p *shell.Proc) bool {
	if db, ok := pkgdb.Read(p.M.FS); ok {
		if pkg, ok := db.Find("adduser"); ok {
			return progkit.CompareDebianVersions(pkg.Get("Version"), "3.134") >= 0
		}
	}
	return false
}

func adduserCmd(p *shell.Proc) int {
	c, code, ok := progkit.Getopt{Short: "q",
		Long: []string{"system", "group", "no-create-home", "home:", "shell:", "ingroup:", "gid:", "uid:", "gecos:", "comment:",
			"disabled-password", "disabled-login", "quiet=q", "force-badname", "allow-badname"}, Status: 1}.Parse(p, p.Args())
	if !ok {
		return code
	}
	modern := adduser3134(p)
	quiet := c.Has("q")
	info := func(format string, args ...any) {
		if !quiet {
			p.Printf(format, args...)
		}
	}
	// complain is a message of adduser's own: 3.134 prefixes it and writes it on stderr.
	complain := func(format string, args ...any) {
		if modern {
			fmt.Fprintf(p.Stderr, p.Name()+": "+format, args...)
		} else {
			p.Printf(format, args...)
		}
	}
	if p.User.UID != 0 {
		fmt.Fprintf(p.Stderr, "%s: Only root may add a user or group to the system.\n", p.Name())
		return 1
	}
	groupOnly := p.Name() == "addgroup" || c.Has("group") && !c.Has("system")
	switch {
	case len(c.Operands) == 2 && !c.Has("system") && !groupOnly:
		return adduserToGroup(p, c.Operands[0], c.Operands[1], modern, info, complain)
	case len(c.Operands) == 1 && groupOnly:
		return addgroupCmd(p, c.Operands[0], c.Has("system"), info)
	case len(c.Operands) == 1 && c.Has("system"):
	default:
		p.NotEmulated(p.Name() + " " + strings.Join(p.Args(), " "))
		fmt.Fprintf(p.Stderr, "%s: only --system users, groups and adding a user to a group are emulated by the simulated host\n", p.Name())
		return 1
	}
	name := c.Operands[0]
	conf := adduserConf(p)
	home, homeGiven := c.Value("home")
	if !homeGiven {
		home = "/nonexistent"
		if !modern {
			home = path.Join(orDefault(conf["DHOME"], "/home"), name)
		}
	}
	if _, err := p.M.FS.Stat(vfs.Root, home); err != nil && homeGiven && c.Has("no-create-home") {
		warning := "Warning: The home dir " + home + " you specified can't be accessed: No such file or directory\n"
		if modern {
			fmt.Fprint(p.Stderr, p.Name()+": "+warning)
		} else {
			info("%s", warning)
		}
	}
	shellPath, _ := c.Value("shell")
	if shellPath == "" {
		shellPath = "/usr/sbin/nologin"
	}
	gecos, _ := c.Value("gecos", "comment")
	var created *machine.Account
	var exists bool
	err := p.M.ChangeAccounts(func(a *machine.Accounts) error {
		if u := a.User(name); u != nil {
			exists = true
			if u.UID < conf.num("FIRST_SYSTEM_UID", 100) || u.UID > conf.num("LAST_SYSTEM_UID", 999) {
				return accountFail(1, "%s: The user `%s' already exists, but is not a system user. Exiting.", p.Name(), name)
			}
			return nil
		}
		uid, ok := firstFree(conf.num("FIRST_SYSTEM_UID", 100), conf.num("LAST_SYSTEM_UID", 999), a.UIDTaken)
		if !ok {
			return accountFail(1, "%s: No UID is available in the range %d-%d (FIRST_SYS_UID - LAST_SYS_UID).", p.Name(), conf.num("FIRST_SYSTEM_UID", 100), conf.num("LAST_SYSTEM_UID", 999))
		}
		info("Adding system user `%s' (UID %d) ...\n", name, uid)
		gid, gname := 65534, "nogroup"
		switch {
		case c.Has("group"):
			if a.Group(name) != nil {
				return accountFail(1, "%s: The group `%s' already exists.", p.Name(), name)
			}
			gid, _ = firstFree(conf.num("FIRST_SYSTEM_GID", 100), conf.num("LAST_SYSTEM_GID", 999), func(id int) bool { return a.GroupByGID(id) != nil })
			gname = name
			info("Adding new group `%s' (GID %d) ...\n", name, gid)
			a.ReplaceGroup(&machine.GroupEntry{Name: name, GID: gid, Password: "x"})
			a.SetLine("/etc/gshadow", []string{name, "!", "", ""})
		case c.Has("ingroup") || c.Has("gid"):
			spec, _ := c.Value("ingroup", "gid")
			g := lookupGroup(a, spec)
			if g == nil {
				return accountFail(1, "%s: The group `%s' does not exist.", p.Name(), spec)
			}
			gid, gname = g.GID, g.Name
		}
		info("Adding new user `%s' (UID %d) with group `%s' ...\n", name, uid, gname)
		created = machine.NewAccount(name, uid, gid, gecos, home, shellPath)
		a.ReplaceUser(created)
		if modern {
			a.SetLine("/etc/shadow", []string{name, "!", today(), "", "", "", "", "", ""})
		} else {
			a.SetLine("/etc/shadow", []string{name, "*", today(), "0", "99999", "7", "", "", ""})
		}
		return nil
	})
	if err != nil {
		return finish(p, err)
	}
	if exists {
		info("The system user `%s' already exists. Exiting.\n", name)
		return 0
	}
	_, statErr := p.M.FS.Stat(vfs.Root, home)
	switch {
	case c.Has("no-create-home") || home == "/nonexistent" || statErr == nil:
		if home == "/nonexistent" {
			info("Not creating `%s'.\n", home)
		} else {
			info("Not creating home directory `%s'.\n", home)
		}
	default:
		info("Creating home directory `%s' ...\n", home)
		mode := fs.FileMode(0o755)
		if n, err := strconv.ParseUint(conf["DIR_MODE"], 8, 32); err == nil {
			mode = fs.FileMode(n)
		}
		if err := p.M.FS.MkdirAll(vfs.Root, home, mode); err == nil {
			_ = p.M.FS.Chmod(vfs.Root, home, mode)
			_ = p.M.FS.Chown(vfs.Root, home, created.UID, created.GID)
		}
	}
	return 0
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// firstFree is adduser's choice: the lowest free id of the range.
func firstFree(lo, hi int, taken func(int) bool) (int, bool) {
	for id := lo; id <= hi; id++ {
		if !taken(id) {
			return id, true
		}
	}
	return 0, false
}

func addgroupCmd(p *shell.Proc, name string, system bool, info func(string, ...any)) int {
	conf := adduserConf(p)
	lo, hi := conf.num("FIRST_GID", 1000), conf.num("LAST_GID", 59999)
	if system {
		lo, hi = conf.num("FIRST_SYSTEM_GID", 100), conf.num("LAST_SYSTEM_GID", 999)
	}
	exists := false
	err := p.M.ChangeAccounts(func(a *machine.Accounts) error {
		if g := a.Group(name); g != nil {
			exists = true
			if system && g.GID >= lo && g.GID <= hi {
				return nil
			}
			return accountFail(1, "%s: The group `%s' already exists.", p.Name(), name)
		}
		gid, ok := firstFree(lo, hi, func(id int) bool { return a.GroupByGID(id) != nil })
		if !ok {
			return accountFail(1, "%s: No GID is available in the range %d-%d.", p.Name(), lo, hi)
		}
		info("Adding group `%s' (GID %d) ...\n", name, gid)
		a.ReplaceGroup(&machine.GroupEntry{Name: name, GID: gid, Password: "x"})
		a.SetLine("/etc/gshadow", []string{name, "!", "", ""})
		return nil
	})
	if err != nil {
		return finish(p, err)
	}
	if exists {
		fmt.Fprintf(p.Stderr, "%s: The group `%s' already exists as a system group. Exiting.\n", p.Name(), name)
		return 0
	}
	info("Done.\n")
	return 0
}

func adduserToGroup(p *shell.Proc, user, group string, modern bool, info, complain func(string, ...any)) int {
	if p.M.User(user) == nil {
		fmt.Fprintf(p.Stderr, "%s: The user `%s' does not exist.\n", p.Name(), user)
		return 1
	}
	g := p.M.Group(group)
	if g == nil {
		fmt.Fprintf(p.Stderr, "%s: The group `%s' does not exist.\n", p.Name(), group)
		return 1
	}
	if slices.Contains(g.Members, user) {
		complain("The user `%s' is already a member of `%s'.\n", user, group)
		return 0
	}
	info("Adding user `%s' to group `%s' ...\n", user, group)
	_ = p.M.ChangeAccounts(func(a *machine.Accounts) error {
		if g := a.Group(group); g != nil && !slices.Contains(g.Members, user) {
			a.SetMembers(g, append(slices.Clone(g.Members), user))
		}
		return nil
	})
	if !modern {
		info("Adding user %s to group %s\n", user, group) // 3.118 runs gpasswd -a, which says so
	}
	info("Done.\n")
	return 0
}
