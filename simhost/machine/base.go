package machine

import (
	"strconv"
	"strings"

	"github.com/hostile-lab/hostile/simhost/basesys"
)

// The installed system's accounts, as its /etc/passwd, /etc/group and
// /etc/shadow give them: the host starts from these and lays the
// description's users and groups over them.

// baseAccounts are the users of the base's /etc/passwd, in its order.
func baseAccounts(b *basesys.Base) []*Account {
	text, _ := b.Text("/etc/passwd")
	return parsePasswd(text, true)
}

// parsePasswd reads passwd text as getpwent does, skipping malformed lines;
// base marks the accounts as the installed system's.
func parsePasswd(text string, base bool) []*Account {
	var out []*Account
	for _, f := range records(text, 7) {
		uid, err1 := strconv.Atoi(f[2])
		gid, err2 := strconv.Atoi(f[3])
		if err1 != nil || err2 != nil {
			continue
		}
		out = append(out, &Account{User: User{Name: f[0], UID: uid, GID: gid, Home: f[5], Shell: f[6]}, Gecos: f[4], base: base})
	}
	return out
}

// baseGroups are the groups of the base's /etc/group, in its order.
func baseGroups(b *basesys.Base) []*GroupEntry {
	text, _ := b.Text("/etc/group")
	return parseGroup(text)
}

// parseGroup reads group text as getgrent does, skipping malformed lines.
func parseGroup(text string) []*GroupEntry {
	var out []*GroupEntry
	for _, f := range records(text, 4) {
		gid, err := strconv.Atoi(f[2])
		if err != nil {
			continue
		}
		g := &GroupEntry{Name: f[0], GID: gid, Password: f[1]}
		if f[3] != "" {
			g.Members = strings.Split(f[3], ",")
		}
		out = append(out, g)
	}
	return out
}

// baseShadow maps each user of the base's /etc/shadow to its line's fields.
func baseShadow(b *basesys.Base) (lines map[string][]string, order []string) {
	text, _ := b.Text("/etc/shadow")
	lines = map[string][]string{}
	for _, f := range records(text, 9) {
		lines[f[0]] = f
		order = append(order, f[0])
	}
	return lines, order
}

// records are the lines of a colon-separated file such as /etc/passwd, split
// into their fields, without the lines that do not have n fields.
func records(text string, n int) [][]string {
	var out [][]string
	for _, line := range strings.Split(text, "\n") {
		if f := strings.Split(line, ":"); len(f) == n {
			out = append(out, f)
		}
	}
	return out
}
