package recorder

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/hostile-lab/hostile/simhost/personality"
)

// probeLines are what the recorder asks the host about itself, each in a
// session of its own, once at the start.
var probeLines = []string{
	"uname -a",
	"uname -s -r -m -p",
	"getconf GNU_LIBC_VERSION",
	"cat /etc/os-release",
	"cat /etc/redhat-release",
	"cat /etc/release",
	"id",
}

// passwdProbes find the user's passwd entry: getent, or where there is none
// (a minimal host), /etc/passwd itself.
func passwdProbes(user string) []string {
	return []string{"getent passwd " + user, "grep '^" + user + ":' /etc/passwd"}
}

// probe logs in once and asks the host who it is.
func (r *Recorder) probe(ctx context.Context) (Identity, error) {
	up, err := r.dial(ctx)
	if err != nil {
		return Identity{}, fmt.Errorf("recorder: %w", err)
	}
	client := gossh.NewClient(up.conn, up.chans, up.reqs)
	defer client.Close()
	id := Identity{ServerVersion: string(up.conn.ServerVersion()), HostKey: up.hostKey, Banner: up.banner}
	for _, line := range append(probeLines, passwdProbes(r.cfg.User)...) {
		if line == passwdProbes(r.cfg.User)[1] && id.probeOut(passwdProbes(r.cfg.User)[0]) != "" {
			break // getent answered; /etc/passwd may not even hold a directory user
		}
		c, err := r.probeOne(client, line)
		if err != nil {
			return id, fmt.Errorf("recorder: probing %s with %q: %w", r.cfg.Upstream, line, err)
		}
		id.Probes = append(id.Probes, c)
	}
	r.logf("probed %s: %s; %s", r.cfg.Upstream, id.ServerVersion, firstLine(id.probeOut("uname -a")))
	return id, nil
}

// probeOne runs line with stdin closed, bounded by the dial timeout: a host
// whose uname hangs is not one to record from.
func (r *Recorder) probeOne(client *gossh.Client, line string) (Command, error) {
	s, err := client.NewSession()
	if err != nil {
		return Command{}, err
	}
	defer s.Close()
	var out, errOut bytes.Buffer
	s.Stdout, s.Stderr = &out, &errOut
	if err := s.Start(line); err != nil {
		return Command{}, err
	}
	done := make(chan error, 1)
	go func() { done <- s.Wait() }()
	timer := time.NewTimer(r.cfg.DialTimeout)
	defer timer.Stop()
	select {
	case err = <-done:
	case <-timer.C:
		s.Close()
		<-done
		return Command{}, fmt.Errorf("no answer within %s", r.cfg.DialTimeout)
	}
	c := Command{Line: line, Stdout: out.String(), Stderr: errOut.String()}
	var exit *gossh.ExitError
	switch {
	case err == nil:
		code := 0
		c.Exit = &code
	case errors.As(err, &exit):
		code := exit.ExitStatus()
		c.Exit = &code
	}
	return c, nil
}

// probeOut is a probe's stdout when it succeeded.
func (id Identity) probeOut(line string) string {
	if p, ok := id.Probe(line); ok && p.Exit != nil && *p.Exit == 0 {
		return p.Stdout
	}
	return ""
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// lastLine is the last non-empty line: an rc file's greeting comes first.
func lastLine(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}

// Facts are what the probe established, in the terms personalities use.
type Facts struct {
	Sysname, Nodename, Release, Machine, Processor string
	Libc                                           string // "2.36" for glibc
	OSID, OSVersion, OSName                        string // from os-release: debian, 12, Debian GNU/Linux 12 (bookworm)
	SSHVersion                                     string
	// UID, GID, Home and Shell are the user's, from getent; Groups the
	// supplementary groups from id, as name=gid.
	UID, GID     int
	Home, Shell  string
	Groups       map[string]int
	PrimaryGroup string
}

// Facts reads the probes.
func (id Identity) Facts(user string) Facts {
	f := Facts{SSHVersion: id.ServerVersion, Groups: map[string]int{}}
	if fields := strings.Fields(lastLine(id.probeOut("uname -s -r -m -p"))); len(fields) >= 3 {
		f.Sysname, f.Release, f.Machine = fields[0], fields[1], fields[2]
		if len(fields) >= 4 {
			f.Processor = fields[3]
		}
	}
	if fields := strings.Fields(lastLine(id.probeOut("uname -a"))); len(fields) >= 2 {
		f.Nodename = fields[1]
		if f.Sysname == "" {
			f.Sysname = fields[0]
		}
	}
	for _, line := range strings.Split(id.probeOut("getconf GNU_LIBC_VERSION"), "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "glibc "); ok {
			f.Libc = v
		}
	}
	release := id.probeOut("cat /etc/os-release")
	for _, line := range strings.Split(release, "\n") {
		k, v, ok := strings.Cut(strings.TrimSpace(line), "=")
		if !ok {
			continue
		}
		v = strings.Trim(v, `"'`)
		switch k {
		case "ID":
			f.OSID = v
		case "VERSION_ID":
			f.OSVersion = v
		case "PRETTY_NAME":
			f.OSName = v
		}
	}
	for _, file := range []string{"/etc/redhat-release", "/etc/release"} {
		if f.OSName == "" {
			f.OSName = lastLine(firstLine(strings.TrimLeft(id.probeOut("cat "+file), " \n")))
		}
	}
	passwd := id.probeOut(passwdProbes(user)[0]) + id.probeOut(passwdProbes(user)[1])
	for _, line := range strings.Split(passwd, "\n") {
		p := strings.Split(strings.TrimSpace(line), ":")
		if len(p) == 7 && p[0] == user {
			fmt.Sscan(p[2], &f.UID)
			fmt.Sscan(p[3], &f.GID)
			f.Home, f.Shell = p[5], p[6]
		}
	}
	uid, gid := f.readID(lastLine(id.probeOut("id")))
	if f.UID == 0 && f.GID == 0 { // no passwd entry: id says as much
		f.UID, f.GID = uid, gid
	}
	return f
}

// readID reads `id`: "uid=36(vdsm) gid=36(kvm) groups=36(kvm),107(qemu)".
func (f *Facts) readID(line string) (uid, gid int) {
	for _, field := range strings.Fields(line) {
		k, v, _ := strings.Cut(field, "=")
		for _, g := range strings.Split(v, ",") {
			var n int
			var name string
			if got, _ := fmt.Sscanf(strings.Replace(g, "(", " ", 1), "%d %s", &n, &name); got != 2 {
				continue
			}
			name = strings.TrimSuffix(name, ")")
			switch k {
			case "uid":
				uid = n
			case "gid":
				gid, f.PrimaryGroup = n, name
			case "groups":
				f.Groups[name] = n
			}
		}
	}
	return uid, gid
}

// Match is how close a personality is to the probed host.
type Match struct {
	Personality string
	Score       int
	Same        []string // what agrees: "glibc 2.36"
	Differs     []string // what does not: "kernel 6.1.0-28-amd64 here, 6.12.9 on the host"
}

// Closest ranks the personalities by how much of the probed host they share;
// the first is the closest.
func (f Facts) Closest() []Match {
	var out []Match
	for _, name := range personality.Names() {
		p, _ := personality.Lookup(name)
		m := Match{Personality: name}
		check := func(weight int, what, ours, theirs string, same bool) {
			if theirs == "" {
				return
			}
			if same {
				m.Score += weight
				m.Same = append(m.Same, what+" "+theirs)
			} else {
				m.Differs = append(m.Differs, fmt.Sprintf("%s %s here, %s on the host", what, ours, theirs))
			}
		}
		check(4, "system", p.Uname.Sysname, f.Sysname, p.Uname.Sysname == f.Sysname)
		check(2, "machine", p.Uname.Machine, f.Machine, p.Uname.Machine == f.Machine)
		check(2, "kernel", p.Uname.Release, f.Release, p.Uname.Release == f.Release || sameSeries(p.Uname.Release, f.Release))
		libc := ""
		if p.Libc.Family == "glibc" {
			libc = p.Libc.Version
		}
		check(3, "glibc", libc, f.Libc, libc == f.Libc)
		check(3, "ssh", p.SSHVersion, f.SSHVersion, p.SSHVersion == f.SSHVersion || sameSeries(sshSoftware(p.SSHVersion), sshSoftware(f.SSHVersion)))
		ours := releaseField(p.ReleaseText, "ID") + " " + releaseField(p.ReleaseText, "VERSION_ID")
		theirs := strings.TrimSpace(f.OSID + " " + f.OSVersion)
		check(4, "os-release", strings.TrimSpace(ours), theirs, strings.TrimSpace(ours) == theirs)
		out = append(out, m)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score > out[j].Score })
	return out
}

// sameSeries is true when two versions share their first two numbers:
// 6.1.0-28-amd64 and 6.1.0-31-amd64, OpenSSH_9.2p1 and OpenSSH_9.2p2.
func sameSeries(a, b string) bool {
	series := func(v string) string {
		parts := strings.FieldsFunc(v, func(r rune) bool { return r == '.' || r == '-' || r == 'p' })
		if len(parts) < 2 {
			return v
		}
		return parts[0] + "." + parts[1]
	}
	return a != "" && series(a) == series(b)
}

// sshSoftware is the software version of an identification line: OpenSSH_9.2p1.
func sshSoftware(v string) string {
	v = strings.TrimPrefix(v, "SSH-2.0-")
	soft, _, _ := strings.Cut(v, " ")
	return soft
}

func releaseField(text, key string) string {
	for _, line := range strings.Split(text, "\n") {
		if v, ok := strings.CutPrefix(line, key+"="); ok {
			return strings.Trim(v, `"`)
		}
	}
	return ""
}
