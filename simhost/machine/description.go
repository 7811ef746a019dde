// Package machine is one simulated host as its commands see it: the description it
// was built from, its personality, filesystem, users, processes and event log.
package machine

import (
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strings"

	"github.com/hostile-lab/hostile/simhost/vfs"
)

// Description says what a host is: tests build it in Go, scenarios load it from YAML.
type Description struct {
	Personality string // "debian12", "solaris10-sparc", ...
	Hostname    string
	Users       []User
	Groups      []Group
	// Sudoers are lines of /etc/sudoers beyond the personality's defaults, in sudoers
	// syntax: "ops ALL=(ALL) NOPASSWD: ALL", "Defaults requiretty".
	Sudoers  []string
	Files    []File
	Mounts   []vfs.Mount
	LVM      LVM
	Binaries []Binary
	// Hardware is what /proc, /sys and ulimit report of the machine.
	Hardware Hardware
	// Limits bound what sessions may take of the host (see Limits).
	Limits Limits
}

// User is an account on the host.
type User struct {
	Name string
	UID  int // 0 for root; assigned from 1000 when left 0 for another user
	GID  int // primary group; a group named after the user is made when left 0
	// Groups are supplementary group names.
	Groups []string
	Home   string // "/home/NAME" ("/root" for root, "/export/home/NAME" on Solaris) when empty
	Shell  string // the personality's shell when empty
	// Password enables password login; empty means password login is refused.
	Password string
	// AuthorizedKeys are lines of ~/.ssh/authorized_keys.
	AuthorizedKeys []string
	// RC maps a file name in the home directory (".bashrc", ".profile") to its text.
	RC map[string]string
}

// Group is a group beyond the ones users imply.
type Group struct {
	Name    string
	GID     int
	Members []string
}

// File is a file, directory or symlink seeded into the host's filesystem.
type File struct {
	Path    string
	Content string
	Mode    fs.FileMode // permission bits; 0644 for files, 0755 for dirs when zero
	Dir     bool
	Link    string // symlink target; makes this a symlink
	Owner   string // user name, root when empty
	Group   string // group name, the owner's group when empty
}

// LVM is what pvs, vgs and lvs report.
type LVM struct {
	PVs []PV
	VGs []VG
	LVs []LV
}

// PV is a physical volume.
type PV struct {
	Name string // "/dev/sda2"
	VG   string
	Size int64 // bytes
	Free int64
	UUID string
}

// VG is a volume group; its size and free space default to the sums of its PVs.
type VG struct {
	Name string
	UUID string
}

// LV is a logical volume.
type LV struct {
	Name string
	VG   string
	Size int64
	Attr string // "-wi-ao----" when empty
	UUID string
}

// Binary gives the behaviour of an executable that loads: when a command's path or
// base name matches Match, it prints Stdout and Stderr and exits with Exit.
type Binary struct {
	Match  string // absolute path, or a base name
	Stdout string
	Stderr string
	Exit   int
}

// FieldError names the field of a Description that is wrong.
type FieldError struct {
	Field string // "users[2].home"
	Msg   string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Msg }

var nameRE = regexp.MustCompile(`^[a-z_][a-z0-9_.-]{0,31}$`)

// Validate reports the first mistake in d, naming its field.
func (d *Description) Validate() error {
	bad := func(field, format string, args ...any) error {
		return &FieldError{Field: field, Msg: fmt.Sprintf(format, args...)}
	}
	if d.Hostname != "" && strings.ContainsAny(d.Hostname, " /\t\n") {
		return bad("hostname", "%q is not a host name", d.Hostname)
	}
	names := map[string]bool{}
	uids := map[int]string{}
	for i, u := range d.Users {
		f := fmt.Sprintf("users[%d]", i)
		if !nameRE.MatchString(u.Name) {
			return bad(f+".name", "%q is not a valid user name (lower case letters, digits, _ . -)", u.Name)
		}
		if names[u.Name] {
			return bad(f+".name", "user %q is given twice", u.Name)
		}
		names[u.Name] = true
		if u.UID < 0 {
			return bad(f+".uid", "%d is negative", u.UID)
		}
		if u.UID != 0 || u.Name == "root" {
			if other, dup := uids[u.UID]; dup {
				return bad(f+".uid", "%d is already the uid of %q", u.UID, other)
			}
			uids[u.UID] = u.Name
		}
		if u.Home != "" && !path.IsAbs(u.Home) {
			return bad(f+".home", "%q must be an absolute path", u.Home)
		}
		if u.Shell != "" && !path.IsAbs(u.Shell) {
			return bad(f+".shell", "%q must be an absolute path", u.Shell)
		}
		for name := range u.RC {
			if name == "" || strings.Contains(name, "/") {
				return bad(f+".rc", "%q must be a file name in the home directory", name)
			}
		}
	}
	groupNames := map[string]bool{}
	for i, g := range d.Groups {
		f := fmt.Sprintf("groups[%d]", i)
		if !nameRE.MatchString(g.Name) {
			return bad(f+".name", "%q is not a valid group name", g.Name)
		}
		groupNames[g.Name] = true
		for _, m := range g.Members {
			if !names[m] && m != "root" {
				return bad(f+".members", "no user %q", m)
			}
		}
	}
	for i, u := range d.Users {
		for _, g := range u.Groups {
			if !groupNames[g] && !names[g] && !systemGroup(g) {
				return bad(fmt.Sprintf("users[%d].groups", i), "no group %q", g)
			}
		}
	}
	knownUser := func(n string) bool { return n == "" || n == "root" || names[n] }
	for i, fl := range d.Files {
		f := fmt.Sprintf("files[%d]", i)
		if !path.IsAbs(fl.Path) {
			return bad(f+".path", "%q must be an absolute path", fl.Path)
		}
		if fl.Mode&^(fs.ModePerm|fs.ModeSetuid|fs.ModeSetgid|fs.ModeSticky) != 0 {
			return bad(f+".mode", "%v has bits other than permissions, setuid, setgid, sticky", fl.Mode)
		}
		if fl.Dir && (fl.Content != "" || fl.Link != "") {
			return bad(f+".dir", "a directory cannot have content or a link target")
		}
		if !knownUser(fl.Owner) {
			return bad(f+".owner", "no user %q", fl.Owner)
		}
		if fl.Group != "" && !groupNames[fl.Group] && !names[fl.Group] && !systemGroup(fl.Group) {
			return bad(f+".group", "no group %q", fl.Group)
		}
	}
	for i, m := range d.Mounts {
		if !path.IsAbs(m.Path) {
			return bad(fmt.Sprintf("mounts[%d].path", i), "%q must be an absolute path", m.Path)
		}
		if m.QuotaBytes < 0 || m.SizeBytes < 0 {
			return bad(fmt.Sprintf("mounts[%d]", i), "sizes cannot be negative")
		}
	}
	vgs := map[string]bool{}
	for i, vg := range d.LVM.VGs {
		if vg.Name == "" {
			return bad(fmt.Sprintf("lvm.vgs[%d].name", i), "empty")
		}
		vgs[vg.Name] = true
	}
	for i, pv := range d.LVM.PVs {
		f := fmt.Sprintf("lvm.pvs[%d]", i)
		if !strings.HasPrefix(pv.Name, "/dev/") {
			return bad(f+".name", "%q must be a device path under /dev", pv.Name)
		}
		if pv.VG != "" && !vgs[pv.VG] {
			return bad(f+".vg", "no volume group %q", pv.VG)
		}
		if pv.Free > pv.Size || pv.Size < 0 || pv.Free < 0 {
			return bad(f+".free", "free %d must be between 0 and size %d", pv.Free, pv.Size)
		}
	}
	for i, lv := range d.LVM.LVs {
		f := fmt.Sprintf("lvm.lvs[%d]", i)
		if lv.Name == "" {
			return bad(f+".name", "empty")
		}
		if !vgs[lv.VG] {
			return bad(f+".vg", "no volume group %q", lv.VG)
		}
	}
	if err := d.Hardware.validate(); err != nil {
		return err
	}
	if err := d.Limits.validate(); err != nil {
		return err
	}
	for i, b := range d.Binaries {
		if b.Match == "" {
			return bad(fmt.Sprintf("binaries[%d].match", i), "empty")
		}
		if b.Exit < 0 || b.Exit > 255 {
			return bad(fmt.Sprintf("binaries[%d].exit", i), "%d is not an exit status (0-255)", b.Exit)
		}
	}
	return nil
}

// systemGroups are the groups every host has, with their usual ids.
var systemGroups = map[string]int{
	"root": 0, "other": 1, "sys": 3, "adm": 4, "disk": 6, "wheel": 10, "sudo": 27,
	"shadow": 42, "staff": 50, "users": 100, "dba": 54322, "oinstall": 54321,
	"kvm": 36, "qemu": 107, "nogroup": 65534,
}

func systemGroup(name string) bool {
	_, ok := systemGroups[name]
	return ok
}
