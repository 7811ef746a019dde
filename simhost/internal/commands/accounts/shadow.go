package accounts

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/internal/pkgdb"
	"github.com/hostile-lab/hostile/simhost/shell"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

func init() {
	shell.Register(shell.Command{Name: "passwd", Only: "gnu", ShortName: true, Run: passwdCmd})
	shell.Register(shell.Command{Name: "chage", Only: "gnu", ShortName: true, Run: chageCmd})
}

// The reports of Debian's shadow-utils (package passwd) that Ansible's user
// module and audit scripts read: passwd -S and chage -l, from /etc/shadow.
// Changing a password or an expiry is not emulated: the host's accounts are
// the scenario's.

// shadowEntry is one /etc/shadow line's fields, for the user the report is
// about; ok is false after the program has complained.
func shadowEntry(p *shell.Proc, prog string, args []string) (fields []string, ok bool) {
	if db, found := pkgdb.Read(p.M.FS); !found || !shadowUtilsDebian(db) {
		p.NotEmulated(prog + " of a host without Debian's shadow-utils")
		fmt.Fprintf(p.Stderr, "%s: not emulated by the simulated host on this system\n", prog)
		return nil, false
	}
	name := p.User.Name
	if len(args) > 0 {
		name = args[0]
	}
	if p.M.User(name) == nil {
		where := ""
		if prog == "chage" {
			where = " in /etc/passwd"
		}
		fmt.Fprintf(p.Stderr, "%s: user '%s' does not exist%s\n", prog, name, where)
		return nil, false
	}
	if p.User.UID != 0 && name != p.User.Name {
		if prog == "chage" {
			fmt.Fprintln(p.Stderr, "chage: Permission denied.")
		} else {
			fmt.Fprintf(p.Stderr, "passwd: You may not view or modify password information for %s.\n", name)
		}
		return nil, false
	}
	data, err := p.M.FS.ReadFile(vfs.Root, "/etc/shadow") // both are setuid or setgid shadow
	if err != nil {
		return nil, false
	}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Split(line, ":"); len(f) >= 9 && f[0] == name {
			return f, true
		}
	}
	fmt.Fprintf(p.Stderr, "%s: cannot find the shadow entry of %s\n", prog, name)
	return nil, false
}

func shadowUtilsDebian(db *pkgdb.DB) bool {
	pkg, ok := db.Find("passwd")
	return ok && pkg.Installed()
}

// shadowChangeNotEmulated is prog's answer to args that would change
// /etc/shadow: only reading it is emulated.
func shadowChangeNotEmulated(p *shell.Proc, prog, change string, args []string) int {
	p.NotEmulated(prog + " " + strings.Join(args, " "))
	fmt.Fprintf(p.Stderr, "%s: %s is not emulated by the simulated host\n", prog, change)
	return 1
}

// shadowDay is a day count of /etc/shadow as a time, ok false when empty.
func shadowDay(field string) (time.Time, bool) {
	n, err := strconv.ParseInt(field, 10, 64)
	if err != nil {
		return time.Time{}, false
	}
	return time.Unix(n*86400, 0).UTC(), true
}

func passwdCmd(p *shell.Proc) int {
	args := p.Args()
	if len(args) == 2 && (args[0] == "-l" || args[0] == "--lock" || args[0] == "-u" || args[0] == "--unlock") {
		return passwdLock(p, args[0] == "-l" || args[0] == "--lock", args[1])
	}
	if len(args) == 0 || args[0] != "-S" && args[0] != "--status" {
		return shadowChangeNotEmulated(p, "passwd", "changing a password", args)
	}
	f, ok := shadowEntry(p, "passwd", args[1:])
	if !ok {
		return 1
	}
	status := "P"
	switch {
	case strings.HasPrefix(f[1], "!") || f[1] == "*":
		status = "L"
	case f[1] == "":
		status = "NP"
	}
	layout := "01/02/2006" // shadow 4.8.1 (Debian 11); 4.13 (Debian 12) writes ISO dates
	if db, ok := pkgdb.Read(p.M.FS); ok {
		if pkg, ok := db.Find("passwd"); ok && progkit.CompareDebianVersions(pkg.Get("Version"), "1:4.13") >= 0 {
			layout = "2006-01-02"
		}
	}
	changed := time.Unix(0, 0).UTC().Format(layout)
	if t, ok := shadowDay(f[2]); ok {
		changed = t.Format(layout)
	}
	orDash := func(s string) string {
		if s == "" {
			return "-1"
		}
		return s
	}
	p.Printf("%s %s %s %s %s %s %s\n", f[0], status, changed, orDash(f[3]), orDash(f[4]), orDash(f[5]), orDash(f[6]))
	return 0
}

func chageCmd(p *shell.Proc) int {
	args := p.Args()
	if len(args) != 2 || args[0] != "-l" && args[0] != "--list" {
		return shadowChangeNotEmulated(p, "chage", "changing an account's aging", args)
	}
	f, ok := shadowEntry(p, "chage", args[1:])
	if !ok {
		return 1
	}
	date := func(t time.Time) string { return t.Format("Jan 02, 2006") }
	last, expires, inactive, account := "never", "never", "never", "never"
	lastDay, hasLast := shadowDay(f[2])
	maxDays, maxErr := strconv.Atoi(f[4])
	switch {
	case f[2] == "0":
		last, expires, inactive = "password must be changed", "password must be changed", "password must be changed"
	case hasLast:
		last = date(lastDay)
		if maxErr == nil && maxDays < 10000 {
			expires = date(lastDay.AddDate(0, 0, maxDays))
			if inact, err := strconv.Atoi(f[6]); err == nil {
				inactive = date(lastDay.AddDate(0, 0, maxDays+inact))
			}
		}
	}
	if t, ok := shadowDay(f[7]); ok {
		account = date(t)
	}
	orMinus := func(s string) string {
		if s == "" {
			return "-1"
		}
		return s
	}
	p.Printf("Last password change\t\t\t\t\t: %s\nPassword expires\t\t\t\t\t: %s\nPassword inactive\t\t\t\t\t: %s\n"+
		"Account expires\t\t\t\t\t\t: %s\nMinimum number of days between password change\t\t: %s\n"+
		"Maximum number of days between password change\t\t: %s\nNumber of days of warning before password expires\t: %s\n",
		last, expires, inactive, account, orMinus(f[3]), orMinus(f[4]), orMinus(f[5]))
	return 0
}
