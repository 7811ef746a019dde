package accounts

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/shell"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

func groupaddCmd(p *shell.Proc) int {
	c, name, code, ok := shadowCommandLine(p, "groupadd")
	if !ok {
		return code
	}
	if !validAccountName.MatchString(name) {
		fmt.Fprintf(p.Stderr, "groupadd: '%s' is not a valid group name\n", name)
		return 3
	}
	defs := readLoginDefs(p)
	system, force := c.Has("r"), c.Has("f")
	return finish(p, p.M.ChangeAccounts(func(a *machine.Accounts) error {
		if a.Group(name) != nil {
			if force {
				return nil
			}
			return accountFail(9, "groupadd: group '%s' already exists", name)
		}
		taken := func(id int) bool { return a.GroupByGID(id) != nil }
		gid := -1
		if text, ok := c.Value("g"); ok {
			n, err := strconv.Atoi(text)
			if err != nil || n < 0 {
				return accountFail(3, "groupadd: invalid group ID '%s'", text)
			}
			if taken(n) && !c.Has("o") {
				if !force {
					return accountFail(4, "groupadd: GID '%d' already exists", n)
				}
			} else {
				gid = n
			}
		}
		if gid < 0 {
			lo, hi := defs.idRange("GID", system)
			n, ok := freeID(lo, hi, system, taken)
			if !ok {
				return accountFail(4, "groupadd: Can't get unique GID (no more available GIDs)")
			}
			gid = n
		}
		var members []string
		if list, ok := c.Value("U"); ok && list != "" {
			for _, u := range strings.Split(list, ",") {
				if a.User(u) == nil {
					return accountFail(6, "groupadd: Invalid member username %s", u)
				}
				members = append(members, u)
			}
		}
		a.ReplaceGroup(&machine.GroupEntry{Name: name, GID: gid, Password: "x", Members: members})
		hash := "!"
		if pw, ok := c.Value("p"); ok {
			hash = pw
		}
		a.SetLine("/etc/gshadow", []string{name, hash, "", strings.Join(members, ",")})
		return nil
	}))
}

func usermodCmd(p *shell.Proc) int {
	c, name, code, ok := shadowCommandLine(p, "usermod")
	if !ok {
		return code
	}
	var moveFrom string
	err := p.M.ChangeAccounts(func(a *machine.Accounts) error {
		old := a.User(name)
		if old == nil {
			return accountFail(6, "usermod: user '%s' does not exist", name)
		}
		u := *old
		if gname, ok := c.Value("g"); ok {
			g := lookupGroup(a, gname)
			if g == nil {
				return accountFail(6, "usermod: group '%s' does not exist", gname)
			}
			u.GID = g.GID
		}
		if s, ok := c.Value("s"); ok {
			u.Shell = s
		}
		if s, ok := c.Value("c"); ok {
			u.Gecos = s
		}
		if d, ok := c.Value("d"); ok && d != u.Home {
			if c.Has("m") {
				moveFrom = u.Home
			}
			u.Home = d
		}
		if c.Has("G") {
			var wanted []string
			for _, list := range c.All("G") {
				for _, gname := range strings.Split(list, ",") {
					g := lookupGroup(a, gname)
					if g == nil {
						return accountFail(6, "usermod: group '%s' does not exist", gname)
					}
					wanted = append(wanted, g.Name)
				}
			}
			for _, g := range slices.Clone(a.Groups) {
				member, want := slices.Contains(g.Members, name), slices.Contains(wanted, g.Name)
				switch {
				case c.Has("r"):
					if want && member {
						a.SetMembers(g, slices.DeleteFunc(slices.Clone(g.Members), func(m string) bool { return m == name }))
					}
				case want && !member:
					a.SetMembers(g, append(slices.Clone(g.Members), name))
				case !want && member && !c.Has("a"):
					a.SetMembers(g, slices.DeleteFunc(slices.Clone(g.Members), func(m string) bool { return m == name }))
				}
			}
		}
		if f := a.Line("/etc/shadow", name); len(f) >= 2 {
			switch {
			case c.Has("p"):
				f[1], _ = c.Value("p")
			case c.Has("L") && !strings.HasPrefix(f[1], "!"):
				f[1] = "!" + f[1]
			case c.Has("U") && strings.HasPrefix(f[1], "!"):
				if len(f[1]) == 1 {
					fmt.Fprintln(p.Stderr, "usermod: unlocking the user's password would result in a passwordless account.\n"+
						"You should set a password with usermod -p to unlock this user's password.")
				} else {
					f[1] = f[1][1:]
				}
			}
			a.SetLine("/etc/shadow", f)
		}
		a.ReplaceUser(&u)
		return nil
	})
	if err != nil {
		return finish(p, err)
	}
	if moveFrom != "" {
		if u := p.M.User(name); u != nil {
			if err := p.M.FS.Rename(vfs.Root, moveFrom, u.Home); err != nil {
				fmt.Fprintf(p.Stderr, "usermod: cannot rename directory %s to %s\n", moveFrom, u.Home)
				return 12
			}
		}
	}
	return 0
}

func userdelCmd(p *shell.Proc) int {
	c, name, code, ok := shadowCommandLine(p, "userdel")
	if !ok {
		return code
	}
	var gone *machine.Account
	err := p.M.ChangeAccounts(func(a *machine.Accounts) error {
		gone = a.User(name)
		if gone == nil {
			return accountFail(6, "userdel: user '%s' does not exist", name)
		}
		a.RemoveUser(name)
		// The user's own group goes with it when no other user has it as
		// primary and it lists no members (USERGROUPS_ENAB).
		if g := a.Group(name); g != nil && g.GID == gone.GID && len(g.Members) == 0 &&
			!slices.ContainsFunc(a.Users, func(u *machine.Account) bool { return u.GID == g.GID }) {
			a.RemoveGroup(name)
		}
		return nil
	})
	if err != nil {
		return finish(p, err)
	}
	if c.Has("r") {
		spool := "/var/mail/" + name
		if _, err := p.M.FS.Stat(vfs.Root, spool); err != nil {
			fmt.Fprintf(p.Stderr, "userdel: %s mail spool (%s) not found\n", name, spool)
		} else {
			_ = p.M.FS.Unlink(vfs.Root, spool)
		}
		if info, err := p.M.FS.Stat(vfs.Root, gone.Home); err == nil && info.Mode.IsDir() {
			removeTree(p, gone.Home)
		} else {
			fmt.Fprintf(p.Stderr, "userdel: %s home directory (%s) not found\n", name, gone.Home)
		}
	}
	return 0
}

func groupdelCmd(p *shell.Proc) int {
	c, name, code, ok := shadowCommandLine(p, "groupdel")
	if !ok {
		return code
	}
	return finish(p, p.M.ChangeAccounts(func(a *machine.Accounts) error {
		g := a.Group(name)
		if g == nil {
			return accountFail(6, "groupdel: group '%s' does not exist", name)
		}
		if !c.Has("f") {
			for _, u := range a.Users {
				if u.GID == g.GID {
					return accountFail(8, "groupdel: cannot remove the primary group of user '%s'", u.Name)
				}
			}
		}
		a.RemoveGroup(name)
		return nil
	}))
}

func gpasswdCmd(p *shell.Proc) int {
	args := p.Args()
	if len(args) != 3 || args[0] != "-a" && args[0] != "-d" && args[0] != "--add" && args[0] != "--delete" {
		p.NotEmulated("gpasswd " + strings.Join(args, " "))
		fmt.Fprintln(p.Stderr, "gpasswd: only -a USER GROUP and -d USER GROUP are emulated by the simulated host")
		return 2
	}
	add, user, group := args[0] == "-a" || args[0] == "--add", args[1], args[2]
	if p.User.UID != 0 {
		fmt.Fprintln(p.Stderr, "gpasswd: Permission denied.")
		return 1
	}
	return finish(p, p.M.ChangeAccounts(func(a *machine.Accounts) error {
		g := a.Group(group)
		if g == nil {
			return accountFail(3, "gpasswd: group '%s' does not exist in /etc/group", group)
		}
		if a.User(user) == nil {
			return accountFail(3, "gpasswd: user '%s' does not exist", user)
		}
		if add {
			p.Printf("Adding user %s to group %s\n", user, group)
			if !slices.Contains(g.Members, user) {
				a.SetMembers(g, append(slices.Clone(g.Members), user))
			}
			return nil
		}
		p.Printf("Removing user %s from group %s\n", user, group)
		if !slices.Contains(g.Members, user) {
			return accountFail(3, "gpasswd: user '%s' is not a member of '%s'", user, group)
		}
		a.SetMembers(g, slices.DeleteFunc(slices.Clone(g.Members), func(m string) bool { return m == user }))
		return nil
	}))
}

// chpasswdCmd sets the passwords of "user:password" lines, as root: the host
// keeps the password for logins and writes a stand-in hash (-e writes the
// given hash as it is).
func chpasswdCmd(p *shell.Proc) int {
	c, code, ok := progkit.Getopt{Short: "c:ehmR:P:s:", Long: []string{"crypt-method=c", "encrypted=e", "help=h", "md5=m", "root=R", "prefix=P", "sha-rounds=s"},
		NotEmulated: []string{"R", "P"}, Status: 2}.Parse(p, p.Args())
	if !ok {
		return code
	}
	status, n := 0, 0
	_ = p.Lines(p.Stdin, func(line string) bool {
		n++
		name, password, found := strings.Cut(line, ":")
		if !found {
			fmt.Fprintf(p.Stderr, "chpasswd: line %d: missing new password\n", n)
			status = 1
			return true
		}
		if p.User.UID != 0 || p.M.User(name) == nil {
			if p.M.User(name) != nil { // pam_unix greets before it refuses a user who is not root
				p.Printf("Changing password for %s.\n", name)
			}
			fmt.Fprintf(p.Stderr, "chpasswd: (user %s) pam_chauthtok() failed, error:\nAuthentication token manipulation error\n"+
				"chpasswd: (line %d, user %s) password not changed\n", name, n, name)
			status = 1
			return true
		}
		_ = p.M.ChangeAccounts(func(a *machine.Accounts) error {
			old := a.User(name)
			if old == nil {
				return nil
			}
			f := a.Line("/etc/shadow", name)
			if len(f) < 3 {
				return nil
			}
			u := *old
			if c.Has("e") {
				f[1] = password
			} else {
				u.Password = password
				f[1] = a.PasswordHash(name)
			}
			f[2] = today()
			a.SetLine("/etc/shadow", f)
			a.ReplaceUser(&u)
			return nil
		})
		return true
	})
	return status
}

// passwdLock is passwd -l and -u as root: a "!" before the hash, or taken off.
func passwdLock(p *shell.Proc, lock bool, name string) int {
	if p.User.UID != 0 {
		fmt.Fprintln(p.Stderr, "passwd: Permission denied.")
		return 1
	}
	if p.M.User(name) == nil {
		fmt.Fprintf(p.Stderr, "passwd: user '%s' does not exist\n", name)
		return 1
	}
	status := 0
	_ = p.M.ChangeAccounts(func(a *machine.Accounts) error {
		f := a.Line("/etc/shadow", name)
		if len(f) < 2 {
			return nil
		}
		switch {
		case lock && !strings.HasPrefix(f[1], "!"):
			f[1] = "!" + f[1]
		case !lock && f[1] == "!":
			status = 3
			return nil
		case !lock && strings.HasPrefix(f[1], "!"):
			f[1] = f[1][1:]
		}
		a.SetLine("/etc/shadow", f)
		return nil
	})
	if status == 3 {
		fmt.Fprintln(p.Stderr, "passwd: unlocking the password would result in a passwordless account.\n"+
			"You should set a password with usermod -p to unlock the password of this account.")
		return 3
	}
	if shadowUtilsAtLeast(p, "1:4.13") {
		p.Printf("passwd: password changed.\n")
	} else {
		p.Printf("passwd: password expiry information changed.\n")
	}
	return 0
}

// sgCmd runs a command with another group as the primary one: root needs no
// password, a member neither; anyone else is asked the group's, which the
// host's groups never have.
func sgCmd(p *shell.Proc) int {
	args := p.Args()
	if len(args) == 0 {
		fmt.Fprintln(p.Stderr, "Usage: sg group [[-c] command]")
		return 1
	}
	group := args[0]
	var script string
	switch {
	case len(args) >= 3 && args[1] == "-c":
		script = args[2]
	case len(args) >= 2:
		script = strings.Join(args[1:], " ")
	}
	g := p.M.Group(group)
	if g == nil {
		fmt.Fprintf(p.Stderr, "sg: group '%s' does not exist\n", group)
		return 1
	}
	if p.User.UID != 0 && p.User.GID != g.GID && !slices.Contains(g.Members, p.User.Name) {
		_, _ = p.ReadSecret("Password: ")
		if p.TTY() {
			fmt.Fprintln(p.Stderr) // getpass(3) ends the quiet line itself
		}
		fmt.Fprintln(p.Stderr, "Invalid password.")
		return 1
	}
	u := *p.User
	u.GIDs = append([]int{u.GID}, slices.DeleteFunc(slices.Clone(u.GIDs), func(id int) bool { return id == g.GID || id == u.GID })...)
	u.GID = g.GID
	if script == "" {
		p.NotEmulated("sg without a command (an interactive shell)")
		return 1
	}
	return p.RunShell(shell.ShellRun{Account: &u, Env: p.Env, Script: script})
}

// removeTree deletes a directory and all under it, as root.
func removeTree(p *shell.Proc, dir string) {
	entries, _ := p.M.FS.ReadDir(vfs.Root, dir)
	for _, e := range entries {
		child := dir + "/" + e.Name
		if e.Mode.IsDir() {
			removeTree(p, child)
		} else {
			_ = p.M.FS.Unlink(vfs.Root, child)
		}
	}
	_ = p.M.FS.Rmdir(vfs.Root, dir)
}
