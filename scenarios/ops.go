package scenarios

import (
	"maps"
	"slices"
	"strings"

	"github.com/hostile-lab/hostile/simhost/machine"
)

// OpsUser is the account every served scenario gets for poking at it by hand;
// its password is its name.
const OpsUser = "ops"

// WithOps returns a copy of s with the user ops (password ops) added as a twin
// of the stimulus's user, so an engineer who logs in by hand meets the same
// misbehaviour the product meets: the same shell, rc files, groups (and the
// story user's own group, to reach its files), sudoers lines duplicated for ops,
// and every fault scoped to the story user widened to ops. When the story user
// is root, ops is no second root: it may sudo to root without a password, so
// that what reaches root (root squash, root's aliases) is a `sudo -i` away. A
// scenario that already has ops keeps that account; it only gets the password
// ops if it had none.
func (s *Scenario) WithOps() *Scenario {
	c := *s
	c.Host.Users = slices.Clone(s.Host.Users)
	c.Host.Groups = slices.Clone(s.Host.Groups)
	c.Host.Sudoers = slices.Clone(s.Host.Sudoers)
	c.Faults = slices.Clone(s.Faults)
	story := s.Stimulus.User
	if story == "" {
		story = firstUser(s.Host)
	}
	for i, u := range c.Host.Users {
		if u.Name == OpsUser {
			if u.Password == "" {
				c.Host.Users[i].Password = OpsUser
			}
			return &c
		}
	}
	twin := machine.User{Name: OpsUser, Password: OpsUser}
	// The twin is listed right after its story user, so the first non-root
	// user (the stimulus's default) stays the same.
	at := len(c.Host.Users)
	for i, u := range c.Host.Users {
		if u.Name != story {
			continue
		}
		twin.Shell, twin.RC, at = u.Shell, maps.Clone(u.RC), i+1
		if story != "root" {
			twin.GID, twin.Groups = u.GID, slices.Clone(u.Groups)
			if u.GID == 0 { // the group made for the story user holds its files
				twin.Groups = append(twin.Groups, u.Name)
			}
		}
	}
	c.Host.Users = slices.Insert(c.Host.Users, at, twin)
	if story == "root" {
		c.Host.Sudoers = append(c.Host.Sudoers, OpsUser+" ALL=(ALL) NOPASSWD: ALL")
	}
	for i, g := range c.Host.Groups {
		if slices.Contains(g.Members, story) {
			c.Host.Groups[i].Members = append(slices.Clone(g.Members), OpsUser)
		}
	}
	for _, line := range s.Host.Sudoers {
		if twinLine, ok := sudoersFor(line, story); ok {
			c.Host.Sudoers = append(c.Host.Sudoers, twinLine)
		}
	}
	for i, f := range c.Faults {
		users := strings.Split(f.Scope.User, ",")
		if slices.Contains(users, story) && !slices.Contains(users, OpsUser) {
			c.Faults[i].Scope.User = f.Scope.User + "," + OpsUser
		}
	}
	return &c
}

// sudoersFor rewrites a sudoers line that names user (as the user of a rule,
// "oracle,app ALL=...", or in "Defaults:oracle ...") for ops; ok is false for
// lines about others.
func sudoersFor(line, user string) (string, bool) {
	line = strings.TrimSpace(line)
	end := strings.IndexAny(line, " \t")
	if end < 0 {
		return "", false
	}
	head, rest := line[:end], line[end:]
	prefix := ""
	if users, ok := strings.CutPrefix(head, "Defaults:"); ok {
		prefix, head = "Defaults:", users
	}
	if !slices.Contains(strings.Split(head, ","), user) {
		return "", false
	}
	return prefix + OpsUser + rest, true
}
