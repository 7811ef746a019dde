package privilege

import (
	"encoding/binary"
	"io"
	"path"
	"strings"
	"syscall"
	"time"

	"github.com/hostile-lab/hostile/internal/syncbuf"
	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/shell"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

// privPAMSession opens a PAM session the way libpam runs the session lines
// of /etc/pam.d/<service> for sudo: @include and include/substack followed,
// required modules able to fail the session, and three modules with an
// effect. pam_exec with "stdout" prints its program's output on sudo's
// stdout whatever the flags (the 004 banner); pam_lastlog and pam_echo only
// speak when loud, since sudo passes PAM_SILENT unless it runs a shell.
// Module text goes to stdout, where sudo's conversation puts PAM_TEXT_INFO.
// A PAM fault on the host speaks first, as a module at the top of the stack would.
func privPAMSession(p *shell.Proc, service string, target *machine.Account, loud bool) bool {
	io.WriteString(p.Stdout, p.PAMSession(service, loud))
	ok, _ := privPAMStack(p, service, target, service, loud, 0)
	return ok
}

// privPAMStack runs one file's session lines; done reports a sufficient
// module that ended the stack.
func privPAMStack(p *shell.Proc, file string, target *machine.Account, service string, loud bool, depth int) (ok, done bool) {
	data, err := p.M.FS.ReadFile(vfs.Root, path.Join("/etc/pam.d", file))
	if err != nil || depth > 16 {
		return true, false
	}
	failed := false
	for _, line := range strings.Split(string(data), "\n") {
		line, _, _ = strings.Cut(line, "#")
		f := strings.Fields(line)
		var control string
		var rest []string
		switch {
		case len(f) >= 2 && f[0] == "@include":
			control, rest = "include", f[1:]
		case len(f) >= 3 && strings.TrimPrefix(f[0], "-") == "session":
			control, rest = f[1], f[2:]
			if strings.HasPrefix(control, "[") {
				for len(rest) > 0 && !strings.HasSuffix(control, "]") {
					control, rest = control+" "+rest[0], rest[1:]
				}
			}
		}
		if len(rest) == 0 {
			continue
		}
		if control == "include" || control == "substack" {
			ok, done := privPAMStack(p, rest[0], target, service, loud, depth+1)
			if done && control == "include" {
				return ok && !failed, done
			}
			failed = failed || !ok
			continue
		}
		good := privPAMModule(p, path.Base(rest[0]), rest[1:], target, service, loud)
		switch {
		case !good && control == "requisite":
			return false, true
		case !good && control == "required":
			failed = true // the stack runs on, but the session fails
		case good && control == "sufficient" && !failed:
			return true, true
		}
	}
	return !failed, false
}

func privPAMModule(p *shell.Proc, module string, args []string, target *machine.Account, service string, loud bool) bool {
	switch module {
	case "pam_exec.so":
		return privPAMExec(p, args, target, service)
	case "pam_lastlog.so":
		privLastlog(p, args, target, loud)
	case "pam_echo.so":
		if loud {
			privPAMEcho(p, args, target, service)
		}
	}
	return true
}

// privPAMExec is pam_exec: options, then the program and its arguments, run
// as root with the PAM items in its environment. With "stdout" each line the
// program writes (on stdout or stderr) becomes a PAM_TEXT_INFO message.
func privPAMExec(p *shell.Proc, args []string, target *machine.Account, service string) bool {
	toStdout := false
	for len(args) > 0 {
		a := args[0]
		if typ, ok := strings.CutPrefix(a, "type="); ok {
			if typ != "open_session" {
				return true
			}
		} else if a == "stdout" {
			toStdout = true
		} else if !strings.HasPrefix(a, "log=") && a != "debug" && a != "expose_authtok" && a != "seteuid" && a != "quiet" && a != "quiet_log" {
			break
		}
		args = args[1:]
	}
	if len(args) == 0 {
		return false
	}
	tty := ""
	if p.TTY() {
		tty = "/dev/pts/0"
	}
	env := []string{"PAM_RUSER=" + p.User.Name, "PAM_SERVICE=" + service, "PAM_TTY=" + tty,
		"PAM_USER=" + target.Name, "PAM_TYPE=open_session", "PATH=" + p.M.P.RootPath}
	var out syncbuf.Buffer
	code, err := p.Exec(p.M.User("root"), env, args, strings.NewReader(""), &out, &out)
	if toStdout && out.Len() > 0 {
		text := out.String()
		p.Printf("%s", text)
		if !strings.HasSuffix(text, "\n") {
			p.Printf("\n")
		}
	}
	return err == nil && code == 0
}

// privPAMEcho is pam_echo: a message or file= text with %-escapes.
func privPAMEcho(p *shell.Proc, args []string, target *machine.Account, service string) {
	text := strings.Join(args, " ")
	if name, ok := strings.CutPrefix(text, "file="); ok {
		data, err := p.M.FS.ReadFile(vfs.Root, name)
		if err != nil {
			return
		}
		text = strings.TrimSuffix(string(data), "\n")
	}
	tty := ""
	if p.TTY() {
		tty = "/dev/pts/0"
	}
	p.Printf("%s\n", strings.NewReplacer("%%", "%", "%H", "", "%h", p.M.Hostname, "%s", service,
		"%t", tty, "%U", p.User.Name, "%u", target.Name).Replace(text))
}

// privLastlogSize is a struct lastlog on x86_64 glibc: int32 time, 32-byte
// line, 256-byte host; /var/log/lastlog holds one per uid.
const privLastlogSize = 4 + 32 + 256

// privLastlog is pam_lastlog's session part: announce the previous login
// ("Last login: Fri Dec 28 21:41:33 UTC 2018 on pts/0") unless silent, then
// record this one.
func privLastlog(p *shell.Proc, args []string, target *machine.Account, loud bool) {
	opt := map[string]bool{}
	for _, a := range args {
		opt[a] = true
	}
	f, err := p.M.FS.OpenFile(vfs.Root, "/var/log/lastlog", syscall.O_RDWR|syscall.O_CREAT, 0o664)
	if err != nil {
		return
	}
	defer f.Close()
	off := int64(target.UID) * privLastlogSize
	rec := make([]byte, privLastlogSize)
	if n, _ := f.ReadAt(rec, off); n == privLastlogSize && loud && !opt["silent"] {
		if when := binary.LittleEndian.Uint32(rec); when != 0 {
			msg := "Last login:"
			if !opt["nodate"] {
				msg += time.Unix(int64(when), 0).UTC().Format(" Mon Jan _2 15:04:05 MST 2006")
			}
			if host := privCString(rec[36:]); host != "" && !opt["nohost"] {
				msg += " from " + host
			}
			if line := privCString(rec[4:36]); line != "" && !opt["noterm"] {
				msg += " on " + line
			}
			p.Printf("%s\n", msg)
		}
	}
	if opt["noupdate"] {
		return
	}
	clear(rec)
	binary.LittleEndian.PutUint32(rec, uint32(time.Now().Unix()))
	if p.TTY() {
		copy(rec[4:36], "pts/0")
	}
	_, _ = f.WriteAt(rec, off) // pam_lastlog only logs a failure to syslog
}

func privCString(b []byte) string {
	s, _, _ := strings.Cut(string(b), "\x00")
	return s
}
