package privilege

import (
	"fmt"
	"io"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/shell"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

// authorize is sudo's check_user: root, running as oneself, NOPASSWD and
// !authenticate need no password; otherwise a fresh timestamp or the
// password will do. The timestamp is refreshed only when the policy
// validated the request, and never with -k.
func (sd *privSudo) authorize(nopasswd, validated bool) int {
	p, req := sd.p, sd.req
	if p.User.UID == 0 || nopasswd || !sd.s.authenticate {
		return 0
	}
	if req.runas.UID == p.User.UID && (req.group == nil || req.group.GID == p.User.GID || slices.Contains(p.User.GIDs, req.group.GID)) && !sd.o.list && !sd.o.validate {
		return 0
	}
	key := privTSKey(p)
	if sd.o.resetTS || !privTimestampValid(p, sd.v, key, sd.s.timeout) {
		if code := sd.authenticate(); code != 0 {
			return code
		}
	}
	if validated && !sd.o.resetTS {
		privTimestampEdit(p, sd.v, key, true)
	}
	return 0
}

// authenticate asks for the password as sudo's PAM conversation does and
// returns 0, or the exit status after sudo's complaint.
func (sd *privSudo) authenticate() int {
	p, v, s := sd.p, sd.v, sd.s
	who := p.User
	switch {
	case s.rootpw:
		who = p.M.User("root")
	case s.targetpw:
		who = sd.req.runas
	}
	if sd.o.nonInteractive {
		fmt.Fprintln(p.Stderr, "sudo: a password is required")
		return 1
	}
	lectured := sd.lecture()
	if !p.TTY() && !sd.o.stdin {
		if !v.modern {
			fmt.Fprintln(p.Stderr, "sudo: no tty present and no askpass program specified")
			return 1
		}
		fmt.Fprintln(p.Stderr, "sudo: a terminal is required to read the password; either use the -S option to read from standard input or configure an askpass helper")
		fmt.Fprintln(p.Stderr, "sudo: a password is required")
		return 1
	}
	prompt := s.passprompt
	if sd.o.promptSet {
		prompt = sd.o.prompt
	}
	prompt = sd.expandPrompt(prompt, who)
	for try := 0; try < s.passwdTries; try++ {
		if try > 0 {
			fmt.Fprintln(p.Stderr, s.badpass)
		}
		line, err := p.ReadSecret(prompt)
		line = strings.TrimSuffix(line, "\r")
		if p.TTY() {
			io.WriteString(p.Stderr, "\n")
		}
		if p.Ctx.Err() != nil {
			return 1
		}
		if err != nil && line == "" {
			if !p.TTY() {
				io.WriteString(p.Stderr, "\n")
			}
			if v.modern {
				fmt.Fprintln(p.Stderr, "sudo: no password was provided")
			}
			return sd.authFailed(try)
		}
		if who.Password != "" && line == who.Password {
			if lectured {
				privTouch(p, path.Join(v.lectureDir, p.User.Name), nil)
			}
			return 0
		}
	}
	return sd.authFailed(s.passwdTries)
}

func (sd *privSudo) authFailed(tries int) int {
	switch {
	case tries == 1:
		fmt.Fprintln(sd.p.Stderr, "sudo: 1 incorrect password attempt")
	case tries > 1:
		fmt.Fprintf(sd.p.Stderr, "sudo: %d incorrect password attempts\n", tries)
	case sd.v.modern:
		fmt.Fprintln(sd.p.Stderr, "sudo: a password is required")
	}
	return 1
}

// lecture prints sudo's lecture on stderr the first time a user is asked
// for a password (lecture=once), and reports whether it did.
func (sd *privSudo) lecture() bool {
	p, s := sd.p, sd.s
	if s.lecture == "never" {
		return false
	}
	if sd.v.quiet && !p.TTY() {
		return false // 1.9.13 lectures only on a terminal: -S with no tty prompts bare
	}
	if _, err := p.M.FS.Stat(vfs.Root, path.Join(sd.v.lectureDir, p.User.Name)); err == nil && s.lecture != "always" {
		return false
	}
	io.WriteString(p.Stderr, "\nWe trust you have received the usual lecture from the local System\n"+
		"Administrator. It usually boils down to these three things:\n\n"+
		"    #1) Respect the privacy of others.\n"+
		"    #2) Think before you type.\n"+
		"    #3) With great power comes great responsibility.\n\n")
	if sd.v.quiet {
		io.WriteString(p.Stderr, "For security reasons, the password you type will not be visible.\n\n")
	}
	return true
}

// expandPrompt replaces %p (whose password), %u, %U, %h, %H and %%.
func (sd *privSudo) expandPrompt(prompt string, who *machine.Account) string {
	short, _, _ := strings.Cut(sd.p.M.Hostname, ".")
	return strings.NewReplacer("%%", "%", "%p", who.Name, "%u", sd.p.User.Name, "%U", sd.req.runas.Name,
		"%h", short, "%H", sd.p.M.Hostname).Replace(prompt)
}

// privTSKey names the credential-cache record: per terminal session, or per
// parent process when there is no terminal, as timestamp_type=tty does.
func privTSKey(p *shell.Proc) string {
	self, _ := p.M.Procs.Get(p.PID)
	if !p.TTY() {
		return fmt.Sprintf("ppid:%d", self.PPID)
	}
	leader := self.PPID
	for range 64 {
		parent, ok := p.M.Procs.Get(leader)
		if !ok {
			break
		}
		up, ok := p.M.Procs.Get(parent.PPID)
		if !ok || len(up.Argv) == 0 || strings.HasPrefix(up.Argv[0], "sshd") {
			break
		}
		leader = parent.PPID
	}
	return fmt.Sprintf("tty:%s:%d", self.TTY, leader)
}

// privTimestampValid reports whether the record is younger than timeout.
func privTimestampValid(p *shell.Proc, v privSudoVersion, key string, timeout float64) bool {
	data, err := p.M.FS.ReadFile(vfs.Root, path.Join(v.tsDir, p.User.Name))
	if err != nil || timeout <= 0 {
		return false
	}
	for _, line := range strings.Split(string(data), "\n") {
		k, ts, _ := strings.Cut(line, " ")
		if n, err := strconv.ParseInt(ts, 10, 64); err == nil && k == key {
			return time.Since(time.Unix(0, n)) < time.Duration(timeout*float64(time.Minute))
		}
	}
	return false
}

// privTimestampEdit drops the record for key (every record when key is
// empty) and, with update, writes a fresh one.
func privTimestampEdit(p *shell.Proc, v privSudoVersion, key string, update bool) {
	name := path.Join(v.tsDir, p.User.Name)
	var keep []string
	if data, err := p.M.FS.ReadFile(vfs.Root, name); err == nil && key != "" {
		for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
			if k, _, _ := strings.Cut(line, " "); line != "" && k != key {
				keep = append(keep, line)
			}
		}
	}
	if update {
		keep = append(keep, fmt.Sprintf("%s %d", key, time.Now().UnixNano()))
	}
	if len(keep) == 0 {
		_ = p.M.FS.Unlink(vfs.Root, name)
		return
	}
	privTouch(p, name, []byte(strings.Join(keep, "\n")+"\n"))
}

// privTouch writes a root-owned state file, making its directory.
func privTouch(p *shell.Proc, name string, data []byte) {
	if err := p.M.FS.MkdirAll(vfs.Root, path.Dir(name), 0o700); err == nil {
		_ = p.M.FS.WriteFile(vfs.Root, name, data, 0o600)
	}
}
