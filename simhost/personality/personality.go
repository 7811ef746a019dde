// Package personality holds the operating systems the simulated host can pretend
// to be, as data files: what uname says, which shell and messages it uses, how
// its rm resolves -i against -f, its libc and architecture, the versions of the
// programs it ships, and its installed system (file tree, /etc texts, package
// database), captured from the lab's images or written from documented facts.
package personality

import (
	"debug/elf"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/hostile-lab/hostile/simhost/basesys"
	"github.com/hostile-lab/hostile/simhost/internal/pkgdb"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

// Personality is everything that makes one OS answer differently from another.
// Each is a data file of data/ (NAME.yaml, its installed system NAME.base.gz
// or NAME.base), loaded like the scenario library; programs read the fields
// and versions here, never the name.
type Personality struct {
	Name        string `yaml:"name"` // registry key: "debian12"
	Description string `yaml:"description"`
	// SSHVersion is the identification line sshd sends, "SSH-2.0-" and the
	// base's openssh version: "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3".
	SSHVersion string `yaml:"-"`
	// SSHD names the sshd whose algorithms the host offers and accepts
	// (sshdProfiles in ssh.go: "openssh-9.2-debian"); SSH is that profile.
	SSHD string    `yaml:"sshd"`
	SSH  SSHServer `yaml:"-"`

	Uname Uname `yaml:"uname"`

	// Userland picks the output formats of the emulated tools: "gnu" or "solaris".
	Userland string `yaml:"userland"`
	// Shell is the default login shell for new users.
	Shell string `yaml:"shell"`
	// Path is the default PATH of a session.
	Path string `yaml:"path"`
	// RootPath is the PATH root gets (sudo's secure_path on Linux).
	RootPath string `yaml:"root_path"`
	// InteractiveBeatsForce is true where rm -i overrides -f in any order (Solaris);
	// false where the last of -i and -f wins (GNU coreutils).
	InteractiveBeatsForce bool `yaml:"interactive_beats_force"`

	Libc Libc `yaml:"libc"`
	// Machines are the ELF machines whose executables run here (SPARC runs 32- and 64-bit).
	Machines []elf.Machine `yaml:"-"`
	// BashVersion is the bash the host ships, as $BASH_VERSION says it (the
	// base's "bash" version); it decides bash's message forms.
	BashVersion string `yaml:"-"`
	// BashPrompt is the PS1 the OS's bashrc gives an interactive bash, in
	// bash's escapes (\u \h \w \W \$).
	BashPrompt string `yaml:"bash_prompt"`
	// SessionEnv are variables PAM puts in every SSH session's environment
	// (Debian's pam_motd: MOTD_SHOWN=pam).
	SessionEnv []string `yaml:"session_env"`
	// MailVar is true where a session gets MAIL=/var/mail/USER (not Debian,
	// whose pam_mail has noenv).
	MailVar bool `yaml:"mail_var"`
	// HomeBase is where a new user's home goes: "/home", "/export/home".
	HomeBase string `yaml:"home_base"`
	// RuntimeDirs are directories the running system's services make at
	// start, which an installed tree lacks (sshd's /run/sshd).
	RuntimeDirs []string `yaml:"runtime_dirs"`
	// SSHDPidFile is where the running sshd writes its pid (its PidFile).
	SSHDPidFile string `yaml:"sshd_pid_file"`

	// UsrMerged is true where /bin is a symlink to /usr/bin (from the base).
	UsrMerged bool `yaml:"-"`
	// BinDirs lists where the emulated commands live, first wins for PATH lookups.
	BinDirs []string `yaml:"bin_dirs"`
	// ReleaseFile is /etc/os-release (Linux) or /etc/release (Solaris);
	// ReleaseText is its text in the base.
	ReleaseFile string `yaml:"release_file"`
	ReleaseText string `yaml:"-"`
	// MOTD printed to login shells: the base's /etc/motd.
	MOTD string `yaml:"-"`
	// SftpServer is the path sshd runs for the sftp subsystem.
	SftpServer string `yaml:"sftp_server"`
	// Sudoers is the stock /etc/sudoers of the base; empty where the OS
	// ships no sudo.
	Sudoers string `yaml:"-"`

	// Versions are the versions of the programs the host emulates, as each
	// prints its own ("sudo": "1.9.13p3", "coreutils": "9.1"): the base's,
	// and the data file's for what no image carries (the kernel's dm-driver).
	Versions map[string]string `yaml:"versions"`
	// Texts are answers programs print verbatim ("rsync-version", "lvm-version").
	Texts map[string]string `yaml:"-"`

	// RPMDBFile is the data file of an RPM host's package database
	// (pkgdb.ParseRPMDB's format); RPMs are its packages. Hosts without
	// one have no rpm program.
	RPMDBFile string      `yaml:"rpmdb"`
	RPMs      []pkgdb.RPM `yaml:"-"`

	// BaseFile is the installed system's data file in data/.
	BaseFile string `yaml:"base"`
	// MachineNames are Machines as the data file names them.
	MachineNames []string `yaml:"machines"`

	load  sync.Once
	base  *basesys.Base
	image *vfs.Image
	err   error
}

// Uname is what `uname` reports; Nodename comes from the host, not from here.
type Uname struct {
	Sysname   string `yaml:"sysname"`
	Release   string `yaml:"release"`
	Version   string `yaml:"version"`
	Machine   string `yaml:"machine"`
	Processor string `yaml:"processor"`
	Platform  string `yaml:"platform"`
	OS        string `yaml:"os"`
}

// Libc names the C library and the newest symbol version it provides.
type Libc struct {
	Family string `yaml:"family"` // "glibc" or "solaris"
	// Version is "2.36" for glibc (the base's "glibc" version when the data
	// file gives none), "SUNW_1.22" for Solaris libc.
	Version string `yaml:"version"`
	// Soname is the library an executable names for libc.
	Soname string `yaml:"soname"`
	// Path is where the loader finds it, as it appears in loader errors.
	Path string `yaml:"path"`
	// Versions are every symbol version this libc provides, oldest first.
	Versions []string `yaml:"-"`
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

// IsSolaris is true for the SunOS family, as uname names it.
func (p *Personality) IsSolaris() bool { return p.Uname.Sysname == "SunOS" }

var registry = map[string]*Personality{}

// Lookup returns the named personality, its installed system loaded, or an
// error that lists the known ones.
func Lookup(name string) (*Personality, error) {
	p, ok := registry[name]
	if !ok {
		return nil, fmt.Errorf("unknown personality %q (known: %s)", name, strings.Join(Names(), ", "))
	}
	if err := p.loadBase(); err != nil {
		return nil, err
	}
	return p, nil
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
