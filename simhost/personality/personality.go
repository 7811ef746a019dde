// Package personality holds the operating systems the simulated host can pretend
// to be, as data: what uname says, which shell and messages it uses, how its rm
// resolves -i against -f, its libc and architecture, its SSH version string.
package personality

import (
	"debug/elf"
	"fmt"
	"sort"
	"strings"
)

// Personality is everything that makes one OS answer differently from another.
type Personality struct {
	Name        string // registry key: "debian12"
	Description string
	SSHVersion  string    // the identification line sshd sends: "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3"
	SSH         SSHServer // what that sshd offers and accepts (ssh.go)

	Uname Uname

	// Userland picks the output formats of the emulated tools: "gnu" or "solaris".
	Userland string
	// Shell is the default login shell for new users.
	Shell string
	// Path is the default PATH of a session.
	Path string
	// RootPath is the PATH root gets (sudo's secure_path on Linux).
	RootPath string
	// InteractiveBeatsForce is true where rm -i overrides -f in any order (Solaris);
	// false where the last of -i and -f wins (GNU coreutils).
	InteractiveBeatsForce bool

	Libc Libc
	// Machines are the ELF machines whose executables run here (SPARC runs 32- and 64-bit).
	Machines []elf.Machine
	// BashVersion is the bash the host ships, as $BASH_VERSION says it; it
	// decides bash's message forms.
	BashVersion string
	// SessionEnv are variables PAM puts in every SSH session's environment
	// (Debian's pam_motd: MOTD_SHOWN=pam).
	SessionEnv []string
	// MailVar is true where a session gets MAIL=/var/mail/USER (not Debian,
	// whose pam_mail has noenv).
	MailVar bool

	// UsrMerged is true where /bin is a symlink to /usr/bin.
	UsrMerged bool
	// BinDirs lists where the emulated commands live, first wins for PATH lookups.
	BinDirs []string
	// Release is written to /etc/os-release (Linux) or /etc/release (Solaris).
	ReleaseFile, ReleaseText string
	// MOTD printed to login shells.
	MOTD string
	// SftpServer is the path sshd runs for the sftp subsystem.
	SftpServer string
	// Sudoers is the stock /etc/sudoers the release installs; empty for the
	// lab's generic Debian-like one.
	Sudoers string
}

// Uname is what `uname` reports; Nodename comes from the host, not from here.
type Uname struct {
	Sysname, Release, Version, Machine, Processor, Platform, OS string
}

// Libc names the C library and the newest symbol version it provides.
type Libc struct {
	Family  string // "glibc" or "solaris"
	Version string // "2.36" for glibc, "SUNW_1.22" for Solaris libc
	// Soname is the library an executable names for libc.
	Soname string
	// Path is where the loader finds it, as it appears in loader errors.
	Path string
	// Versions are every symbol version this libc provides, oldest first.
	Versions []string
}

// Provides reports whether the libc has the named symbol version (GLIBC_2.34, SUNW_1.23).
func (l Libc) Provides(version string) bool {
	for _, v := range l.Versions {
		if v == version {
			return true
		}
	}
	return false
}

// IsSolaris is true for the SunOS personalities.
func (p *Personality) IsSolaris() bool { return p.Uname.Sysname == "SunOS" }

var registry = map[string]*Personality{}

// Register adds a personality under its Name; it panics on a duplicate, which is a
// programming error.
func Register(p *Personality) {
	if _, dup := registry[p.Name]; dup {
		panic("personality: duplicate " + p.Name)
	}
	registry[p.Name] = p
}

// Lookup returns the named personality or an error that lists the known ones.
func Lookup(name string) (*Personality, error) {
	if p, ok := registry[name]; ok {
		return p, nil
	}
	return nil, fmt.Errorf("unknown personality %q (known: %s)", name, strings.Join(Names(), ", "))
}

// Names lists the registered personalities, sorted.
func Names() []string {
	names := make([]string, 0, len(registry))
	for n := range registry {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// glibcVersions lists GLIBC_x.y symbol versions from 2.2.5 up to and including max.
func glibcVersions(max string) []string {
	var maj, min int
	fmt.Sscanf(max, "%d.%d", &maj, &min)
	vs := []string{"GLIBC_2.2.5", "GLIBC_2.2.6"}
	for m := 3; m <= min; m++ {
		vs = append(vs, fmt.Sprintf("GLIBC_2.%d", m))
		if m == 3 {
			vs = append(vs, "GLIBC_2.3.2", "GLIBC_2.3.3", "GLIBC_2.3.4")
		}
	}
	return vs
}

// sunwVersions lists SUNW_1.1 .. max (e.g. SUNW_1.22) plus the SUNWprivate versions.
func sunwVersions(max string) []string {
	var maj, min int
	fmt.Sscanf(max, "SUNW_%d.%d", &maj, &min)
	vs := []string{"SYSVABI_1.3", "SUNWprivate_1.1"}
	for m := 1; m <= min; m++ {
		vs = append(vs, fmt.Sprintf("SUNW_1.%d", m))
	}
	return vs
}
