package harness

import (
	"archive/tar"
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/hostile-lab/hostile/internal/elfbin"
	"github.com/hostile-lab/hostile/product"
	"github.com/hostile-lab/hostile/scenarios"
	"github.com/hostile-lab/hostile/simhost/faults"
	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/shell"
)

// realOS is a scenario's host as a real Debian container expresses it: the base
// suite, one archive of files, a set-up script that runs as root before sshd
// starts, the transport faults the proxy in front of sshd applies, and the
// approximations made. Everything a real OS cannot express is collected in
// missing, so the harness can refuse the scenario with every reason at once.
type realOS struct {
	suite     string
	hostname  string
	setup     bytes.Buffer // sh, as root, before sshd
	archive   bytes.Buffer // extracted at / before the set-up's later steps
	tw        *tar.Writer
	transport []faults.Spec
	notes     []string // approximations a user should know of
	missing   []string

	m        *machine.Machine
	rc       map[string]map[string]string // user -> rc file -> text, as the archive will hold it
	pamLines map[string][]string          // PAM service -> lines added to its stack
	sshd     []string                     // sshd_config lines
	later    []string                     // set-up steps that need the archive extracted
	made     map[string]bool              // directories the archive already names
}

// suiteFor is the Debian release each personality runs on in a container: the
// same libc where Debian has it; the closest otherwise, said in the notes.
var suiteFor = map[string]string{
	"debian12":        "bookworm",
	"debian11":        "bullseye",
	"rhel7":           "bookworm",
	"solaris10-sparc": "bookworm",
}

// planRealOS works out how the container expresses s's host and faults; id's key
// is admitted for every user, as on the simulated host.
func planRealOS(s *scenarios.Scenario, id *Identity) (*realOS, error) {
	d := s.Host
	m, err := machine.New(d, nil)
	if err != nil {
		return nil, fmt.Errorf("scenario %s: %w", s.Name, err)
	}
	r := &realOS{m: m, hostname: m.Hostname, rc: map[string]map[string]string{}, pamLines: map[string][]string{}}
	r.tw = tar.NewWriter(&r.archive)
	r.suite = suiteFor[m.P.Name]
	if r.suite == "" {
		r.miss("personality %s has no real OS base image", m.P.Name)
		r.suite = "bookworm"
	}
	switch m.P.Name {
	case "rhel7":
		r.note("rhel7 runs on Debian bookworm: real sudo, PAM and bash, but Debian's uname, paths and glibc 2.36")
	case "solaris10-sparc":
		r.note("solaris10-sparc runs on Debian bookworm with Solaris's rm rule (a shim: -i beats -f) and ksh users logging in through bash, which reads ~/.kshrc with aliases on as Solaris's ksh does; uname, libc and paths are Debian's")
	}
	if p := m.P; p.Uname.Machine != string(elfbin.X86_64) && s.Stimulus.Operation == scenarios.OpPushBinary {
		r.miss("stimulus: pushing a binary for %s (%s libc) needs that machine: the container is x86-64 with glibc", p.Uname.Machine, p.Libc.Family)
	}
	if len(d.Mounts) > 0 {
		r.miss("mounts (%d): a container cannot mount NFS or quota'd filesystems for the scenario", len(d.Mounts))
	}
	if len(d.Binaries) > 0 {
		r.note("binaries (%d): a real host runs the binary itself: the lab's helpers exit 0 and print nothing, whatever output the scenario describes", len(d.Binaries))
	}
	r.accounts(id)
	r.files()
	r.sudoers(d.Sudoers)
	if err := r.lvm(); err != nil {
		return nil, fmt.Errorf("scenario %s: lvm: %w", s.Name, err)
	}
	for _, spec := range s.Faults {
		r.fault(spec)
	}
	r.finish()
	return r, nil
}

func (r *realOS) note(format string, args ...any) {
	r.notes = append(r.notes, fmt.Sprintf(format, args...))
}
func (r *realOS) miss(format string, args ...any) {
	r.missing = append(r.missing, fmt.Sprintf(format, args...))
}

// script appends a line to the set-up script.
func (r *realOS) script(format string, args ...any) {
	fmt.Fprintf(&r.setup, format+"\n", args...)
}

// accounts creates the groups and users, their passwords, homes, rc files and
// authorized keys. Names that Debian already has keep Debian's ids; the archive
// names owners so they land right either way.
func (r *realOS) accounts(id *Identity) {
	m := r.m
	seen := map[string]bool{}
	group := func(gid int) string {
		g := m.GroupByGID(gid)
		if g == nil {
			return fmt.Sprint(gid)
		}
		if !seen[g.Name] {
			seen[g.Name] = true
			r.script("getent group %s >/dev/null || groupadd -o -g %d %s", g.Name, g.GID, g.Name)
		}
		return g.Name
	}
	for _, g := range m.Desc.Groups {
		group(m.Group(g.Name).GID)
	}
	var passwords []string
	for _, a := range m.ScenarioUsers() {
		home, shell := a.Home, a.Shell
		if a.Name == "root" {
			home = "/root" // Solaris's / as root's home would give root the whole tree
		}
		if strings.HasSuffix(shell, "/ksh") && m.P.IsSolaris() {
			shell = "/bin/bash"
		}
		primary := group(a.GID)
		var extra []string
		for _, gid := range a.GIDs {
			if gid != a.GID {
				extra = append(extra, group(gid))
			}
		}
		if a.Name == "root" {
			r.script("[ \"$(getent passwd root | cut -d: -f7)\" = %[1]s ] || usermod -s %[1]s root", shell)
		} else {
			r.script("id -u %s >/dev/null 2>&1 || useradd -o -M -u %d -g %s -d %s -s %s %s", a.Name, a.UID, primary, home, shell, a.Name)
		}
		if len(extra) > 0 {
			r.script("usermod -a -G %s %s", strings.Join(extra, ","), a.Name)
		}
		if a.Password != "" {
			passwords = append(passwords, a.Name+":"+a.Password)
		}
		rc := map[string]string{}
		for name, text := range a.RC {
			rc[name] = text
		}
		if strings.HasSuffix(a.Shell, "/ksh") && m.P.IsSolaris() {
			// bash stands in for Solaris's ksh, which read $ENV (~/.kshrc) for
			// every shell and expanded aliases in it.
			rc[".bashrc"] = "shopt -s expand_aliases\n[ -f ~/.kshrc ] && . ~/.kshrc\n"
		}
		r.rc[a.Name] = rc
		if a.Name != "root" {
			r.dir(home, a, 0o755)
		}
		keys := append(append([]string(nil), a.AuthorizedKeys...), id.AuthorizedKey)
		r.dir(path.Join(home, ".ssh"), a, 0o700)
		r.file(path.Join(home, ".ssh/authorized_keys"), strings.Join(keys, "\n")+"\n", a, 0o600)
		if strings.HasSuffix(shell, "bash") {
			// Debian's own skeleton, where the scenario gives none.
			for _, f := range []string{".bashrc", ".profile"} {
				if _, given := rc[f]; !given {
					r.after("[ -e %[1]s/%[2]s ] || install -o %[3]s -g %[4]s -m 0644 /etc/skel/%[2]s %[1]s/%[2]s", home, f, a.Name, primary)
				}
			}
		}
	}
	if len(passwords) > 0 {
		r.script("chpasswd <<'EOF'\n%s\nEOF", strings.Join(passwords, "\n"))
	}
}

// files seeds the description's files (the generated ones included).
func (r *realOS) files() {
	m := r.m
	for _, f := range m.Desc.Files {
		owner := m.User("root")
		if f.Owner != "" {
			owner = m.User(f.Owner)
		}
		gid := owner.GID
		if f.Group != "" {
			if g := m.Group(f.Group); g != nil {
				gid = g.GID
			}
		}
		switch {
		case f.Link != "":
			r.add(tar.Header{Typeflag: tar.TypeSymlink, Name: f.Path, Linkname: f.Link, Mode: 0o777}, owner.UID, gid, "")
		case f.Dir:
			r.add(tar.Header{Typeflag: tar.TypeDir, Name: f.Path, Mode: int64(orDefault(f.Mode, 0o755))}, owner.UID, gid, "")
		default:
			r.add(tar.Header{Typeflag: tar.TypeReg, Name: f.Path, Mode: int64(orDefault(f.Mode, 0o644))}, owner.UID, gid, f.Content)
		}
	}
}

// sudoers adds the description's lines in a file of their own, checked by visudo
// so a line real sudo would refuse fails the start with sudo's own words.
func (r *realOS) sudoers(lines []string) {
	if len(lines) == 0 {
		return
	}
	r.file("/etc/sudoers.d/hostile", strings.Join(lines, "\n")+"\n", r.m.User("root"), 0o440)
	r.after("visudo -c -q -f /etc/sudoers.d/hostile")
}

// lvm gives the container the scenario's physical volumes the one way it can:
// a container has no block devices, so /sbin/pvs becomes a shim that answers
// the reference product's own pvs commands with the report the simulated host's
// pvs makes from the same description, and runs the real lvm2 for anything else.
func (r *realOS) lvm() error {
	if len(r.m.Desc.LVM.PVs) == 0 {
		return nil
	}
	if err := shell.Install(r.m); err != nil {
		return err
	}
	root := r.m.User("root")
	var cases strings.Builder
	for _, args := range product.PVSArgs {
		key, _, _, err := shell.RunScript(context.Background(), r.m, root, `set -- `+args+`; printf '%s' "$*"`, nil)
		if err != nil {
			return err
		}
		stdout, stderr, code, err := shell.RunScript(context.Background(), r.m, root, "/sbin/pvs "+args, nil)
		if err != nil {
			return err
		}
		fmt.Fprintf(&cases, "%s)\n  printf '%%s' %s\n  printf '%%s' %s >&2\n  exit %d ;;\n", shellQuoteAll([]string{key}), shellQuoteAll([]string{stdout}), shellQuoteAll([]string{stderr}), code)
	}
	r.note("lvm: %d physical volumes answered by a pvs shim for the reference product's two report forms; any other pvs runs the real lvm2, which sees no devices", len(r.m.Desc.LVM.PVs))
	r.file("/usr/sbin/pvs", "#!/bin/sh\n# hostile: the scenario's physical volumes, which a container cannot have.\ncase \"$*\" in\n"+cases.String()+"esac\nexec /usr/sbin/lvm pvs \"$@\"\n", root, 0o755)
	return nil
}

// fault expresses one fault the way a real host would carry it, or says why it
// cannot. A fault is expressed only when every hook it implements is.
func (r *realOS) fault(spec faults.Spec) {
	a, err := faults.Compile(spec)
	if err != nil {
		r.miss("fault %s: %v", spec.Name, err)
		return
	}
	f, name := a.Fault, fmt.Sprintf("fault %s (%s)", spec.Name, spec.Type)
	if spec.Name == "" {
		name = "fault " + spec.Type
	}
	if _, ok := f.(faults.ConnFault); ok {
		r.transport = append(r.transport, spec) // the proxy applies it, scope and all
		return
	}
	sc := spec.Scope
	if sc.Command != "" || sc.Channel != "" || sc.AfterCommands != 0 || sc.After != 0 || sc.Connection != 0 || sc.Path != "" ||
		(spec.Probability > 0 && spec.Probability < 1) {
		r.miss("%s: a real host's configuration cannot be scoped by command, channel, count, time, connection, path or chance; only by user", name)
		return
	}
	users := r.scoped(a)
	expressed := false
	if rc, ok := f.(faults.RCFault); ok {
		r.rcFault(rc, users)
		expressed = true
	}
	if pam, ok := f.(faults.PAMFault); ok {
		r.pamFault(pam, spec.Name, users)
		expressed = true
	}
	if cfg, ok := f.(faults.SSHDConfigFault); ok {
		if sc.User != "" {
			r.sshd = append(r.sshd, "Match User "+sc.User)
		}
		r.sshd = append(r.sshd, cfg.SSHDConfig()...)
		if sc.User != "" {
			r.sshd = append(r.sshd, "Match all")
		}
		expressed = true
	}
	why := unexpressedHooks(f)
	for _, reason := range why {
		r.miss("%s: %s", name, reason)
	}
	if !expressed && len(why) == 0 {
		r.miss("%s: a real host has no configuration for it", name)
	}
}

// unexpressedHooks are the hooks f implements that a container cannot carry.
func unexpressedHooks(f faults.Fault) []string {
	var out []string
	for _, h := range containerlessHooks {
		if h.has(f) {
			out = append(out, h.why)
		}
	}
	return out
}

// containerlessHooks are the fault hooks a container cannot carry, and why.
var containerlessHooks = []struct {
	has func(faults.Fault) bool
	why string
}{
	{implements[faults.CommandFault], "it rewrites commands as they run, which needs the simulated shell"},
	{implements[faults.LineFault], "it answers command lines in the shell's place, which needs the simulated shell"},
	{implements[faults.FSFault], "it changes filesystem operations, which needs the simulated filesystem"},
	{implements[faults.LoaderFault], "it changes the loader; on a container pick the base suite (libc) instead"},
	{implements[faults.OutputFault], "it reshapes SSH channel output inside the encryption"},
	{implements[faults.ExitFault], "it changes how SSH channels end, inside the encryption"},
	{implements[faults.AuthFault], "it changes SSH authentication, inside the encryption"},
	{implements[faults.KeyboardInteractiveFault], "it runs a keyboard-interactive dialogue of its own"},
	// a channel fault with an sshd setting (max-sessions) is sshd's to carry
	{func(f faults.Fault) bool {
		return implements[faults.ChannelFault](f) && !implements[faults.SSHDConfigFault](f)
	}, "it refuses SSH channels, inside the encryption"},
	{implements[faults.RequestFault], "it drops SSH requests, inside the encryption"},
}

// implements reports whether f has the hook T.
func implements[T any](f faults.Fault) bool {
	_, ok := f.(T)
	return ok
}

// scoped are the users a fault applies to.
func (r *realOS) scoped(a *faults.Active) []*machine.Account {
	var out []*machine.Account
	for _, u := range r.m.ScenarioUsers() {
		if a.Spec.Scope.User == "" || a.Applies(faults.Situation{User: u.Name}) {
			out = append(out, u)
		}
	}
	return out
}

// rcFault puts the fault's shell text at the top of each user's rc file, before
// Debian's early return for non-interactive shells, split as sshd runs them:
// non-interactive for exec and subsystem channels, interactive for a shell.
func (r *realOS) rcFault(f faults.RCFault, users []*machine.Account) {
	for _, u := range users {
		flavour, file := "bash", ".bashrc"
		if strings.HasSuffix(u.Shell, "/ksh") {
			flavour, file = "ksh", ".kshrc"
		}
		exec, login := f.RC(flavour, false), f.RC(flavour, true)
		var text string
		switch {
		case exec == login:
			text = exec + "\n"
		default:
			text = fmt.Sprintf("case $- in *i*) %s\n;; *) %s\n;; esac\n", orColon(login), orColon(exec))
		}
		rc := r.rc[u.Name]
		if _, ok := rc[file]; !ok && file == ".bashrc" {
			r.after("cat /etc/skel/.bashrc >> %s/.bashrc", u.Home) // Debian's skeleton after the fault's text
		}
		rc[file] = text + rc[file]
	}
}

func orColon(s string) string {
	if strings.TrimSpace(s) == "" {
		return ":"
	}
	return s
}

// pamFault makes each PAM service print the fault's text through pam_exec with
// `stdout`, for the scoped users only: sudo opens its PAM session silently
// (PAM_SILENT) unless it runs a shell, so pam_lastlog and pam_echo stay quiet,
// but pam_exec's `stdout` text reaches sudo's stdout (seen on bookworm's and
// bullseye's sudo).
func (r *realOS) pamFault(f faults.PAMFault, name string, users []*machine.Account) {
	for _, svc := range faults.PAMServices {
		var cases strings.Builder
		for _, u := range users {
			text := f.PAMSession(svc, u.Name, svc == "sudo-i" || svc == "su-l")
			if text == "" {
				continue
			}
			fmt.Fprintf(&cases, "%s) cat <<'EOF'\n%sEOF\n;;\n", u.Name, text)
		}
		if cases.Len() == 0 {
			continue
		}
		// sudo and su name the caller in PAM_RUSER; sshd's user is PAM_USER.
		who := "${PAM_RUSER:-$PAM_USER}"
		if svc == "sshd" {
			who = "$PAM_USER"
		}
		script := fmt.Sprintf("/etc/hostile/pam-%s-%s.sh", name, svc)
		r.file(script, fmt.Sprintf("#!/bin/sh\n# %s: the scenario's PAM banner\ncase \"%s\" in\n%sesac\n", name, who, cases.String()), r.m.User("root"), 0o755)
		r.pamLines[svc] = append(r.pamLines[svc], "session optional pam_exec.so type=open_session stdout "+script)
	}
}

// finish writes the rc files, PAM lines and sshd settings, and closes the
// archive; the set-up extracts it after the accounts exist.
func (r *realOS) finish() {
	for _, a := range r.m.ScenarioUsers() {
		home := a.Home
		if a.Name == "root" {
			home = "/root"
		}
		names := make([]string, 0, len(r.rc[a.Name]))
		for n := range r.rc[a.Name] {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			r.file(path.Join(home, n), r.rc[a.Name][n], a, 0o644)
		}
	}
	svcs := make([]string, 0, len(r.pamLines))
	for svc := range r.pamLines {
		svcs = append(svcs, svc)
	}
	sort.Strings(svcs)
	for _, svc := range svcs {
		r.after("[ -f /etc/pam.d/%[1]s ] && printf '%%s\\n' %[2]s >> /etc/pam.d/%[1]s", svc, shellQuoteAll(r.pamLines[svc]))
	}
	if len(r.sshd) > 0 {
		r.file("/etc/ssh/sshd_config.d/zz-scenario.conf", strings.Join(r.sshd, "\n")+"\n", r.m.User("root"), 0o644)
	}
	if r.m.P.IsSolaris() {
		r.file("/usr/local/bin/rm", solarisRM, r.m.User("root"), 0o755)
	}
	if r.hostname != "" {
		r.after("echo %s > /etc/hostname", r.hostname)
	}
	r.tw.Close()
}

// later holds set-up steps that need the archive extracted.
func (r *realOS) after(format string, args ...any) {
	r.later = append(r.later, fmt.Sprintf(format, args...))
}

// Script is the whole set-up: accounts, then the archive, then what needs it.
func (r *realOS) Script() string {
	var b strings.Builder
	b.WriteString("#!/bin/sh\n# hostile: the scenario's host, set up before sshd starts\nset -eu\n")
	b.Write(r.setup.Bytes())
	// The image's own directories keep their modes (--no-overwrite-dir), and
	// what the archive adds is as new as the set-up (-m), as the simulated
	// host's files are as new as its start: a scenario's file is not from 1970.
	b.WriteString("tar --no-overwrite-dir -m -C / -xpf /hostile/files.tar\n")
	for _, l := range r.later {
		b.WriteString(l + "\n")
	}
	return b.String()
}

// dir, file and parents add archive entries owned by an account.
func (r *realOS) dir(p string, a *machine.Account, mode fs.FileMode) {
	r.add(tar.Header{Typeflag: tar.TypeDir, Name: p, Mode: int64(mode)}, a.UID, a.GID, "")
}

func (r *realOS) file(p, content string, a *machine.Account, mode fs.FileMode) {
	r.add(tar.Header{Typeflag: tar.TypeReg, Name: p, Mode: int64(mode)}, a.UID, a.GID, content)
}

// add puts one entry in the archive after the directories above it, owned by
// uid:gid and by their names, which tar prefers where the image has them.
func (r *realOS) add(hdr tar.Header, uid, gid int, content string) {
	hdr.Name = strings.TrimPrefix(hdr.Name, "/")
	r.parents(hdr.Name)
	hdr.Uid, hdr.Gid, hdr.Uname, hdr.Gname = uid, gid, r.m.UserName(uid), r.m.GroupName(gid)
	hdr.ModTime = time.Unix(0, 0)
	if hdr.Typeflag == tar.TypeReg {
		hdr.Size = int64(len(content))
	}
	r.tw.WriteHeader(&hdr)
	r.tw.Write([]byte(content))
}

// parents makes sure the archive names the directories above name that the
// base image may lack (Solaris's /export/home), as root's, 0755.
func (r *realOS) parents(name string) {
	if r.made == nil {
		r.made = map[string]bool{}
	}
	dir := path.Dir(strings.TrimSuffix(name, "/"))
	if dir == "." || r.made[dir] {
		return
	}
	r.parents(dir)
	r.made[dir] = true
	r.tw.WriteHeader(&tar.Header{Typeflag: tar.TypeDir, Name: dir + "/", Mode: 0o755, ModTime: time.Unix(0, 0), Uname: "root", Gname: "root"})
}

func orDefault(m, def fs.FileMode) fs.FileMode {
	if m == 0 {
		return def
	}
	return m
}

func shellQuoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
	}
	return strings.Join(q, " ")
}

// solarisRM is Solaris's rm rule on GNU rm: -i beats -f whatever the order
// (GNU's last of the two wins), so `rm -i -f x` prompts. It runs GNU rm under the name rm, so the
// prompt keeps its "rm:" prefix; an absolute /bin/rm bypasses it, as it
// bypasses an alias.
const solarisRM = `#!/bin/bash
# hostile: Solaris's rm rule on a Linux target: -i beats -f in any order.
interactive=
for a in "$@"; do
  case $a in
    --) break ;;
    -i|--interactive) interactive=1 ;;
    --*) ;;
    -*i*) interactive=1 ;;
  esac
done
[ -z "$interactive" ] && exec -a rm /usr/bin/rm "$@"
args=() opts=1
for a in "$@"; do
  if [ -n "$opts" ]; then
    case $a in
      --) opts= ;;
      -f|--force) continue ;;
      --*) ;;
      -*f*) a=${a//f/}; [ "$a" = - ] && continue ;;
    esac
  fi
  args+=("$a")
done
exec -a rm /usr/bin/rm "${args[@]}"
`
