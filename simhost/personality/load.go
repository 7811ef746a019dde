package personality

import (
	"bytes"
	"debug/elf"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/hostile-lab/hostile/simhost/basesys"
	"github.com/hostile-lab/hostile/simhost/internal/pkgdb"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

//go:embed data
var dataFS embed.FS

func init() {
	entries, err := fs.ReadDir(dataFS, "data")
	if err != nil {
		panic(err)
	}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".yaml") {
			continue
		}
		p, err := parse(dataFS, path.Join("data", e.Name()))
		if err != nil {
			panic(err) // a broken embedded data file is a broken build: say where at once
		}
		if _, dup := registry[p.Name]; dup {
			panic("personality: " + p.Name + " is described twice")
		}
		registry[p.Name] = p
	}
}

// machineNames are the ELF machines a data file may name.
var machineNames = map[string]elf.Machine{
	"x86_64": elf.EM_X86_64, "sparc": elf.EM_SPARC, "sparc32plus": elf.EM_SPARC32PLUS, "sparcv9": elf.EM_SPARCV9,
}

// parse reads one personality's data file; an error names the file, line and field.
func parse(fsys fs.FS, name string) (*Personality, error) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, err
	}
	p := &Personality{}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(p); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	bad := func(field, format string, args ...any) error {
		return fmt.Errorf("%s: %s: %s", name, field, fmt.Sprintf(format, args...))
	}
	if want := strings.TrimSuffix(path.Base(name), ".yaml"); p.Name != want {
		return nil, bad("name", "%q must be the file's name, %q", p.Name, want)
	}
	for field, v := range map[string]string{"base": p.BaseFile, "uname.sysname": p.Uname.Sysname, "shell": p.Shell,
		"path": p.Path, "root_path": p.RootPath, "libc.family": p.Libc.Family, "libc.path": p.Libc.Path,
		"release_file": p.ReleaseFile, "sftp_server": p.SftpServer, "home_base": p.HomeBase, "bash_prompt": p.BashPrompt} {
		if v == "" {
			return nil, bad(field, "missing")
		}
	}
	ssh, ok := sshdProfiles[p.SSHD]
	if !ok {
		names := make([]string, 0, len(sshdProfiles))
		for n := range sshdProfiles {
			names = append(names, n)
		}
		sort.Strings(names)
		return nil, bad("sshd", "%q is not a known sshd (%s)", p.SSHD, strings.Join(names, ", "))
	}
	p.SSH = ssh
	if p.Userland != "gnu" && p.Userland != "solaris" {
		return nil, bad("userland", "%q is not gnu or solaris", p.Userland)
	}
	if p.Libc.Family != "glibc" && p.Libc.Family != "solaris" {
		return nil, bad("libc.family", "%q is not glibc or solaris", p.Libc.Family)
	}
	if len(p.MachineNames) == 0 {
		return nil, bad("machines", "missing")
	}
	for i, m := range p.MachineNames {
		em, ok := machineNames[m]
		if !ok {
			return nil, bad(fmt.Sprintf("machines[%d]", i), "%q is not one of x86_64, sparc, sparc32plus, sparcv9", m)
		}
		p.Machines = append(p.Machines, em)
	}
	if p.RPMDBFile != "" {
		p.RPMDBFile = path.Join(path.Dir(name), p.RPMDBFile)
		text, err := fs.ReadFile(fsys, p.RPMDBFile)
		if err != nil {
			return nil, bad("rpmdb", "%v", err)
		}
		if p.RPMs, err = pkgdb.ParseRPMDB(string(text), p.RPMDBFile); err != nil {
			return nil, err
		}
	}
	p.BaseFile = path.Join(path.Dir(name), p.BaseFile)
	if _, err := fs.Stat(fsys, p.BaseFile); err != nil {
		return nil, bad("base", "%v", err)
	}
	return p, nil
}

// loadBase reads the installed system once, the first time a host needs it,
// and fills what the data file leaves to it.
func (p *Personality) loadBase() error {
	p.load.Do(func() { p.err = p.fill(dataFS) })
	return p.err
}

func (p *Personality) fill(fsys fs.FS) error {
	f, err := fsys.Open(p.BaseFile)
	if err != nil {
		return err
	}
	defer f.Close()
	var b *basesys.Base
	if strings.HasSuffix(p.BaseFile, ".gz") {
		b, err = basesys.ReadGzip(f, p.BaseFile)
	} else {
		b, err = basesys.Decode(f, p.BaseFile)
	}
	if err != nil {
		return err
	}
	if b.Name != p.Name {
		return fmt.Errorf("%s: the base of %q, not of %s", p.BaseFile, b.Name, p.Name)
	}
	img, err := imageOf(b)
	if err != nil {
		return fmt.Errorf("%s: %w", p.BaseFile, err)
	}
	p.base, p.image = b, img
	versions := map[string]string{}
	for k, v := range b.Versions {
		versions[k] = v
	}
	for k, v := range p.Versions {
		versions[k] = v
	}
	p.Versions, p.Texts = versions, b.Texts
	if versions["openssh"] == "" {
		return fmt.Errorf("%s: no openssh version: sshd's identification line needs it", p.BaseFile)
	}
	p.SSHVersion = "SSH-2.0-" + versions["openssh"]
	p.BashVersion = versions["bash"]
	if p.Libc.Version == "" {
		p.Libc.Version = versions["glibc"]
	}
	switch {
	case p.Libc.Version == "":
		return fmt.Errorf("%s: no libc version (libc.version, or the base's glibc)", p.BaseFile)
	case p.Libc.Family == "glibc":
		p.Libc.Versions = glibcVersions(p.Libc.Version)
	default:
		p.Libc.Versions = sunwVersions(p.Libc.Version)
	}
	bin := b.Lookup("/bin")
	p.UsrMerged = bin != nil && bin.Type == basesys.Symlink && strings.TrimPrefix(path.Clean(bin.Target), "./") == "usr/bin"
	var ok bool
	if p.ReleaseText, ok = b.Text(p.ReleaseFile); !ok {
		return fmt.Errorf("%s: release_file %s is not a file of the base", p.BaseFile, p.ReleaseFile)
	}
	p.MOTD, _ = b.Text("/etc/motd")
	p.Sudoers, _ = b.Text("/etc/sudoers")
	return nil
}

// imageOf is the base's tree as a filesystem image every host of it shares.
func imageOf(b *basesys.Base) (*vfs.Image, error) {
	entries := make([]vfs.ImageEntry, 0, len(b.Entries))
	for _, e := range b.Entries {
		ie := vfs.ImageEntry{Path: e.Path, Mode: e.Mode, UID: e.UID, GID: e.GID, MTime: time.Unix(e.MTime, 0)}
		switch e.Type {
		case basesys.Dir:
			ie.Mode |= fs.ModeDir
		case basesys.Symlink:
			ie.Mode, ie.Target = fs.ModeSymlink|fs.ModePerm, e.Target
		case basesys.File:
			ie.Data = e.Content
		case basesys.Sized:
			ie.Omitted, ie.Data = e.Size, e.Head
		case basesys.Hardlink:
			ie.HardLink = e.Target
		}
		entries = append(entries, ie)
	}
	return vfs.NewImage(entries)
}

// Base is the installed system: its tree, texts and versions.
func (p *Personality) Base() *basesys.Base { return p.base }

// Image is the installed system's tree, shared by every host of p.
func (p *Personality) Image() *vfs.Image { return p.image }

// Version is the version of program the host ships, "" when it ships none.
func (p *Personality) Version(program string) string { return p.Versions[program] }

// VersionAtLeast reports whether program is shipped at version min or newer,
// comparing the numbers in the versions one by one ("1.9.13p3" is 1 9 13 3).
func (p *Personality) VersionAtLeast(program, min string) bool {
	have := p.Versions[program]
	if have == "" {
		return false
	}
	a, b := versionNumbers(have), versionNumbers(min)
	for i := range max(len(a), len(b)) {
		x, y := 0, 0
		if i < len(a) {
			x = a[i]
		}
		if i < len(b) {
			y = b[i]
		}
		if x != y {
			return x > y
		}
	}
	return true
}

func versionNumbers(v string) []int {
	var out []int
	for _, f := range strings.FieldsFunc(v, func(r rune) bool { return r < '0' || r > '9' }) {
		n, _ := strconv.Atoi(f)
		out = append(out, n)
	}
	return out
}
