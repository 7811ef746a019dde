package privilege_test

import (
	"encoding/binary"
	"io/fs"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
	"github.com/hostile-lab/hostile/simhost/machine"
)

// privFile seeds a root-owned file; mode 0 means 0644.
func privFile(path, content string, mode fs.FileMode) func(*machine.Description) {
	return func(d *machine.Description) {
		d.Files = append(d.Files, machine.File{Path: path, Content: content, Mode: mode})
	}
}

// privUser adds an account.
func privUser(name, password string, groups ...string) func(*machine.Description) {
	return func(d *machine.Description) {
		d.Users = append(d.Users, machine.User{Name: name, Password: password, Groups: groups})
	}
}

// privNoLecture silences sudo's first-time lecture.
var privNoLecture = SeedSudoers("Defaults lecture=never")

// privLecture is sudo 1.9.13's lecture as it precedes the first prompt.
const privLecture = "\nWe trust you have received the usual lecture from the local System\n" +
	"Administrator. It usually boils down to these three things:\n\n" +
	"    #1) Respect the privacy of others.\n" +
	"    #2) Think before you type.\n" +
	"    #3) With great power comes great responsibility.\n\n" +
	"For security reasons, the password you type will not be visible.\n\n"

// privLastlogRecord is a struct lastlog as /var/log/lastlog stores it.
func privLastlogRecord(when uint32, line, host string) string {
	rec := make([]byte, 292)
	binary.LittleEndian.PutUint32(rec, when)
	copy(rec[4:36], line)
	copy(rec[36:], host)
	return string(rec)
}
