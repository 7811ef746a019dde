package packages

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/internal/pkgdb"
	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/shell"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

// dpkg, dpkg-query and apt-get over the host's package database
// (/var/lib/dpkg/status and info/*.list). Nothing can be installed: there
// are no package lists and no network, as in the reference containers.
func init() {
	shell.Register(shell.Command{Name: "dpkg", Only: "gnu", ShortName: true, Run: dpkgCmd})
	shell.Register(shell.Command{Name: "dpkg-query", Only: "gnu", ShortName: true, Run: dpkgQueryCmd})
	shell.Register(shell.Command{Name: "apt-get", Only: "gnu", ShortName: true, Run: aptGetCmd, Present: hasFile("/usr/bin/apt-get")})
}

// hasFile says a host has a program when its installed system has the file:
// apt is on a Debian host, never on RHEL 7, whatever the shell's family.
func hasFile(path string) func(*machine.Machine) bool {
	return func(m *machine.Machine) bool {
		_, err := m.FS.Stat(vfs.Root, path)
		return err == nil
	}
}

// dpkgDB reads the host's package database; without one, dpkg fails as it
// does on a host whose database is gone.
func dpkgDB(p *shell.Proc, prog string) (*pkgdb.DB, bool) {
	db, ok := pkgdb.Read(p.M.FS)
	if !ok {
		fmt.Fprintf(p.Stderr, "%s: error: cannot open package info file '%s' for reading: No such file or directory\n", prog, pkgdb.StatusPath)
	}
	return db, ok
}

// dpkgVersionOf is the installed version of a package, for --version lines.
func dpkgVersionOf(db *pkgdb.DB, name string) (version, arch string) {
	if pkg, ok := db.Find(name); ok {
		return pkg.Get("Version"), pkg.Get("Architecture")
	}
	return "", ""
}

func dpkgCmd(p *shell.Proc) int {
	args := p.Args()
	if len(args) == 0 {
		fmt.Fprint(p.Stderr, "dpkg: error: need an action option\n\nType dpkg --help for help about installing and deinstalling packages [*];\n"+
			"Use 'apt' or 'aptitude' for user-friendly package management;\nType dpkg -Dhelp for a list of dpkg debug flag values;\n"+
			"Type dpkg --force-help for a list of forcing options;\nType dpkg-deb --help for help about manipulating *.deb files;\n\n"+
			"Options marked [*] produce a lot of output - pipe it through 'less' or 'more' !\n")
		return 2
	}
	switch args[0] {
	case "-l", "--list", "-s", "--status", "-L", "--listfiles", "-S", "--search":
		return dpkgQuery(p, "dpkg-query", args)
	case "--print-architecture":
		db, ok := dpkgDB(p, "dpkg")
		if !ok {
			return 2
		}
		_, arch := dpkgVersionOf(db, "dpkg")
		p.Printf("%s\n", arch)
		return 0
	case "--print-foreign-architectures":
		return 0 // a default install enables no other architecture
	case "--get-selections":
		return dpkgGetSelections(p, args[1:])
	case "--compare-versions":
		return dpkgCompareVersionsCmd(p, args[1:])
	case "--version":
		db, ok := dpkgDB(p, "dpkg")
		if !ok {
			return 2
		}
		v, arch := dpkgVersionOf(db, "dpkg")
		p.Printf("Debian 'dpkg' package management program version %s (%s).\n"+
			"This is free software; see the GNU General Public License version 2 or\nlater for copying conditions. There is NO warranty.\n", v, arch)
		return 0
	case "-i", "--install", "-r", "--remove", "-P", "--purge", "--configure", "--unpack":
		if p.User.UID != 0 {
			fmt.Fprintf(p.Stderr, "dpkg: error: requested operation requires superuser privilege\n")
			return 2
		}
	}
	p.NotEmulated("dpkg action " + args[0])
	fmt.Fprintf(p.Stderr, "dpkg: error: the action %s is not emulated by the simulated host\n", args[0])
	return 2
}

func dpkgQueryCmd(p *shell.Proc) int {
	return dpkgQuery(p, "dpkg-query", p.Args())
}

func dpkgQuery(p *shell.Proc, prog string, args []string) int {
	// dpkg's own option parser takes "-f=FORMAT" as "-f FORMAT".
	args = append([]string(nil), args...)
	for i, a := range args {
		if strings.HasPrefix(a, "-f=") {
			args[i] = "-f" + a[3:]
		}
	}
	g := progkit.Getopt{Short: "lsLSWf:", Long: []string{"list=l", "status=s", "listfiles=L", "search=S", "show=W", "showformat:=f", "version", "admindir:", "root:"},
		Status: 2, NotEmulated: []string{"admindir", "root"}}
	c, code, ok := g.Parse(p, args)
	if !ok {
		return code
	}
	db, ok := dpkgDB(p, prog)
	if !ok {
		return 2
	}
	switch {
	case c.Has("version"):
		v, arch := dpkgVersionOf(db, "dpkg")
		p.Printf("Debian %s package management program query tool version %s (%s).\n"+
			"This is free software; see the GNU General Public License version 2 or\nlater for copying conditions. There is NO warranty.\n", prog, v, arch)
		return 0
	case c.Has("l"):
		return dpkgList(p, db, c.Operands)
	case c.Has("s"):
		return dpkgStatus(p, db, c.Operands)
	case c.Has("L"):
		return dpkgListFiles(p, db, c.Operands)
	case c.Has("S"):
		return dpkgSearch(p, prog, db, c.Operands)
	case c.Has("W"):
		format, ok := c.Value("f")
		if !ok {
			format = "${binary:Package}\t${Version}\n"
		}
		return dpkgShow(p, db, c.Operands, format)
	}
	fmt.Fprintf(p.Stderr, "%s: error: need an action option\n\nUse --help for help about querying packages.\n", prog)
	return 2
}

// dpkgBinaryName is ${binary:Package}: name:arch for Multi-Arch: same.
func dpkgBinaryName(pkg pkgdb.Package) string {
	if pkg.Get("Multi-Arch") == "same" && pkg.Get("Architecture") != "" {
		return pkg.Name() + ":" + pkg.Get("Architecture")
	}
	return pkg.Name()
}

// dpkgAbbrev is ${db:Status-Abbrev}: want, status and error letters.
func dpkgAbbrev(pkg pkgdb.Package) string {
	f := strings.Fields(pkg.Get("Status"))
	if len(f) != 3 {
		return "un "
	}
	want := map[string]string{"install": "i", "deinstall": "r", "purge": "p", "hold": "h"}[f[0]]
	if want == "" {
		want = "u"
	}
	status := map[string]string{"not-installed": "n", "installed": "i", "config-files": "c", "unpacked": "U",
		"half-configured": "F", "half-installed": "H", "triggers-awaited": "W", "triggers-pending": "T"}[f[2]]
	if status == "" {
		status = "n"
	}
	eflag := " "
	if f[1] == "reinstreq" {
		eflag = "R"
	}
	return want + status + eflag
}

// dpkgSelect finds the packages for patterns (all for none), reporting those
// that match nothing; ok is false when one did not match.
func dpkgSelect(p *shell.Proc, db *pkgdb.DB, patterns []string, installedOnly bool) (pkgs []pkgdb.Package, ok bool) {
	ok = true
	if len(patterns) == 0 {
		for _, pkg := range db.Packages {
			if !installedOnly || pkg.Installed() || !strings.HasSuffix(pkg.Get("Status"), "not-installed") {
				pkgs = append(pkgs, pkg)
			}
		}
		return pkgs, true
	}
	// dpkg walks its database once, in name order, and shows each package
	// that any pattern matches: the order of the patterns does not count.
	wanted := map[string]bool{}
	for _, pat := range patterns {
		found := db.Match(pat)
		if len(found) == 0 {
			fmt.Fprintf(p.Stderr, "dpkg-query: no packages found matching %s\n", pat)
			ok = false
		}
		for _, pkg := range found {
			if !wanted[dpkgBinaryName(pkg)] {
				wanted[dpkgBinaryName(pkg)] = true
				pkgs = append(pkgs, pkg)
			}
		}
	}
	sort.SliceStable(pkgs, func(i, j int) bool { return pkgs[i].Name() < pkgs[j].Name() })
	return pkgs, ok
}

func dpkgFirstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

func dpkgList(p *shell.Proc, db *pkgdb.DB, patterns []string) int {
	pkgs, ok := dpkgSelect(p, db, patterns, true)
	if len(pkgs) > 0 {
		nw, vw, aw, dw := 14, 12, 12, 33 // dpkg's minimum column widths
		type row struct{ abbrev, name, version, arch, desc string }
		var rows []row
		for _, pkg := range pkgs {
			r := row{dpkgAbbrev(pkg), dpkgBinaryName(pkg), pkg.Get("Version"), pkg.Get("Architecture"), dpkgFirstLine(pkg.Get("Description"))}
			if r.version == "" {
				r.version = "<none>"
			}
			if r.arch == "" {
				r.arch = "<none>"
			}
			if r.desc == "" {
				r.desc = "(no description available)"
			}
			nw = max(nw, utf8.RuneCountInString(r.name))
			vw = max(vw, utf8.RuneCountInString(r.version))
			aw = max(aw, utf8.RuneCountInString(r.arch))
			dw = max(dw, utf8.RuneCountInString(r.desc))
			rows = append(rows, r)
		}
		p.Printf("Desired=Unknown/Install/Remove/Purge/Hold\n| Status=Not/Inst/Conf-files/Unpacked/halF-conf/Half-inst/trig-aWait/Trig-pend\n" +
			"|/ Err?=(none)/Reinst-required (Status,Err: uppercase=bad)\n")
		p.Printf("||/ %-*s %-*s %-*s %s\n", nw, "Name", vw, "Version", aw, "Architecture", "Description")
		p.Printf("+++-%s-%s-%s-%s\n", strings.Repeat("=", nw), strings.Repeat("=", vw), strings.Repeat("=", aw), strings.Repeat("=", dw))
		for _, r := range rows {
			p.Printf("%-3s %-*s %-*s %-*s %s\n", r.abbrev, nw, r.name, vw, r.version, aw, r.arch, r.desc)
		}
	}
	if !ok {
		return 1
	}
	return 0
}

func dpkgStatus(p *shell.Proc, db *pkgdb.DB, names []string) int {
	if len(names) == 0 {
		fmt.Fprintf(p.Stderr, "dpkg-query: error: --status needs at least one package name argument\n\nUse --help for help about querying packages.\n")
		return 2
	}
	status := 0
	for i, name := range names {
		pkg, ok := db.Find(name)
		if !ok {
			fmt.Fprintf(p.Stderr, "dpkg-query: package '%s' is not installed and no information is available\n", name)
			status = 1
			continue
		}
		if i > 0 {
			p.Printf("\n")
		}
		for _, f := range pkg.Fields {
			p.Printf("%s: %s\n", f.Name, f.Value)
		}
	}
	if status != 0 {
		fmt.Fprintf(p.Stderr, "Use dpkg --info (= dpkg-deb --info) to examine archive files.\n")
	}
	return status
}

func dpkgListFiles(p *shell.Proc, db *pkgdb.DB, names []string) int {
	status := 0
	for i, name := range names {
		pkg, ok := db.Find(name)
		if !ok || !pkg.Installed() {
			fmt.Fprintf(p.Stderr, "dpkg-query: package '%s' is not installed\n", name)
			status = 1
			continue
		}
		files, ok := db.Files(pkg)
		if !ok {
			p.NotEmulated("file list of package " + name + " (not in the host's package database)")
			fmt.Fprintf(p.Stderr, "dpkg-query: package '%s' has no file list on the simulated host\n", name)
			status = 1
			continue
		}
		if i > 0 {
			p.Printf("\n")
		}
		for _, f := range files {
			p.Printf("%s\n", f)
		}
	}
	if status != 0 {
		fmt.Fprintf(p.Stderr, "Use dpkg --contents (= dpkg-deb --contents) to list archive files contents.\n")
	}
	return status
}

func dpkgShow(p *shell.Proc, db *pkgdb.DB, patterns []string, format string) int {
	pkgs, ok := dpkgSelect(p, db, patterns, len(patterns) == 0)
	for _, pkg := range pkgs {
		p.Printf("%s", dpkgFormat(pkg, format))
	}
	if !ok {
		return 1
	}
	return 0
}

// dpkgFormat expands a --showformat: ${Field} or ${Field;width} (negative
// widths align left), and the escapes \n, \t, \\.
func dpkgFormat(pkg pkgdb.Package, format string) string {
	var b strings.Builder
	for i := 0; i < len(format); i++ {
		switch {
		case format[i] == '\\' && i+1 < len(format):
			i++
			switch format[i] {
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			default:
				b.WriteByte(format[i])
			}
		case format[i] == '$' && i+1 < len(format) && format[i+1] == '{':
			end := strings.IndexByte(format[i:], '}')
			if end < 0 {
				b.WriteString(format[i:])
				return b.String()
			}
			spec := format[i+2 : i+end]
			i += end
			name, widthText, hasWidth := strings.Cut(spec, ";")
			var v string
			f := strings.Fields(pkg.Get("Status"))
			switch name {
			case "binary:Package":
				v = dpkgBinaryName(pkg)
			case "db:Status-Abbrev":
				v = dpkgAbbrev(pkg)
			case "db:Status-Want":
				if len(f) == 3 {
					v = f[0]
				}
			case "db:Status-Eflag":
				if len(f) == 3 {
					v = f[1]
				}
			case "db:Status-Status":
				if len(f) == 3 {
					v = f[2]
				}
			case "binary:Summary":
				v = dpkgFirstLine(pkg.Get("Description"))
			default:
				v = pkg.Get(name)
			}
			if hasWidth {
				w, _ := strconv.Atoi(widthText)
				left := w < 0
				if left {
					w = -w
				}
				if len(v) > w {
					v = v[:w]
				}
				if left {
					v = fmt.Sprintf("%-*s", w, v)
				} else {
					v = fmt.Sprintf("%*s", w, v)
				}
			}
			b.WriteString(v)
		default:
			b.WriteByte(format[i])
		}
	}
	return b.String()
}

const aptGetUsage = `Usage: apt-get [options] command
       apt-get [options] install|remove pkg1 [pkg2 ...]
       apt-get [options] source pkg1 [pkg2 ...]

apt-get is a command line interface for retrieval of packages
and information about them from authenticated sources and
for installation, upgrade and removal of packages together
with their dependencies.

Most used commands:
  update - Retrieve new lists of packages
  upgrade - Perform an upgrade
  install - Install new packages (pkg is libc6 not libc6.deb)
  reinstall - Reinstall packages (pkg is libc6 not libc6.deb)
  remove - Remove packages
  purge - Remove packages and config files
  autoremove - Remove automatically all unused packages
  dist-upgrade - Distribution upgrade, see apt-get(8)
  dselect-upgrade - Follow dselect selections
  build-dep - Configure build-dependencies for source packages
  satisfy - Satisfy dependency strings
  clean - Erase downloaded archive files
  autoclean - Erase old downloaded archive files
  check - Verify that there are no broken dependencies
  source - Download source archives
  download - Download the binary package into the current directory
  changelog - Download and display the changelog for the given package

See apt-get(8) for more information about the available commands.
Configuration options and syntax is detailed in apt.conf(5).
Information about how to configure sources can be found in sources.list(5).
Package and version choices can be expressed via apt_preferences(5).
Security details are available in apt-secure(8).
                                        This APT has Super Cow Powers.
`

// aptStart is what apt-get and apt-cache do first: parse the command line,
// read the package database, and answer -v, or no command with the usage.
// ok false means the program has answered, with status code.
func aptStart(p *shell.Proc, g progkit.Getopt, usage string) (c progkit.Cmdline, db *pkgdb.DB, code int, ok bool) {
	if c, code, ok = g.Parse(p, p.Args()); !ok {
		return c, nil, code, false
	}
	if db, ok = pkgdb.Read(p.M.FS); !ok {
		p.NotEmulated(p.Prog() + " without a package database")
		fmt.Fprintf(p.Stderr, "E: Could not open file %s - open (2: No such file or directory)\n", pkgdb.StatusPath)
		return c, nil, 100, false
	}
	version, arch := dpkgVersionOf(db, "apt")
	banner := fmt.Sprintf("apt %s (%s)\n", version, arch)
	if c.Has("v") {
		p.Printf("%s", banner)
		return c, nil, 0, false
	}
	if len(c.Operands) == 0 {
		p.Printf("%s%s", banner, usage)
		return c, nil, 1, false
	}
	return c, db, 0, true
}

func aptGetCmd(p *shell.Proc) int {
	g := progkit.Getopt{Short: "yqsvo:", Long: []string{"yes=y", "assume-yes=y", "quiet=q", "simulate=s", "dry-run=s", "just-print=s",
		"no-act=s", "version=v", "option:=o", "no-install-recommends", "fix-broken", "allow-downgrades", "reinstall"}, Status: 100}
	c, db, code, ok := aptStart(p, g, aptGetUsage)
	if !ok {
		return code
	}
	simulate := c.Has("s")
	verb, names := c.Operands[0], c.Operands[1:]
	root := p.User.UID == 0
	lockDenied := func(lock, what string) int {
		fmt.Fprintf(p.Stderr, "E: Could not open lock file %s - open (13: Permission denied)\n", lock)
		fmt.Fprintf(p.Stderr, "%s\n", what)
		return 100
	}
	switch verb {
	case "install", "reinstall", "remove", "purge", "upgrade", "dist-upgrade", "full-upgrade", "autoremove":
		if !root && !simulate {
			return lockDenied("/var/lib/dpkg/lock-frontend", "E: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), are you root?")
		}
		if simulate && !root {
			p.Printf("NOTE: This is only a simulation!\n      apt-get needs root privileges for real execution.\n" +
				"      Keep also in mind that locking is deactivated,\n      so don't depend on the relevance to the real current situation!\n")
		}
		p.Printf("Reading package lists...\nBuilding dependency tree...\n")
		if verb == "install" || verb == "reinstall" {
			for _, name := range names {
				if _, ok := db.Find(name); !ok {
					fmt.Fprintf(p.Stderr, "E: Unable to locate package %s\n", name)
					return 100
				}
			}
			for _, name := range names {
				pkg, _ := db.Find(name)
				if !pkg.Installed() {
					fmt.Fprintf(p.Stderr, "E: Package '%s' has no installation candidate\n", name)
					return 100
				}
				p.Printf("%s is already the newest version (%s).\n", name, pkg.Get("Version"))
			}
			p.Printf("0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n")
			return 0
		}
		if verb == "upgrade" || verb == "dist-upgrade" || verb == "full-upgrade" || verb == "autoremove" {
			p.Printf("Calculating upgrade...\n0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n")
			return 0
		}
		for _, name := range names {
			if pkg, ok := db.Find(name); !ok || !pkg.Installed() {
				fmt.Fprintf(p.Stderr, "E: Unable to locate package %s\n", name)
				return 100
			}
		}
		p.NotEmulated("apt-get " + verb + " of an installed package")
		fmt.Fprintf(p.Stderr, "E: removing packages is not emulated by the simulated host\n")
		return 100
	case "update":
		if !root {
			p.Printf("Reading package lists...\n")
			fmt.Fprint(p.Stderr, "E: Could not open lock file /var/lib/apt/lists/lock - open (13: Permission denied)\nE: Unable to lock directory /var/lib/apt/lists/\n"+
				"W: Problem unlinking the file /var/cache/apt/pkgcache.bin - RemoveCaches (13: Permission denied)\n"+
				"W: Problem unlinking the file /var/cache/apt/srcpkgcache.bin - RemoveCaches (13: Permission denied)\n")
			return 100
		}
		p.NotEmulated("apt-get update (fetching package lists from a mirror)")
		p.Printf("Reading package lists...\n")
		return 0
	case "check":
		p.Printf("Reading package lists...\nBuilding dependency tree...\n")
		return 0
	case "clean", "autoclean":
		if !root {
			return lockDenied("/var/cache/apt/archives/lock", "E: Unable to lock directory /var/cache/apt/archives/")
		}
		return 0
	}
	switch verb {
	case "source", "download", "changelog", "build-dep", "satisfy", "dselect-upgrade", "markauto", "unmarkauto", "indextargets":
		p.NotEmulated("apt-get " + verb)
		fmt.Fprintf(p.Stderr, "E: apt-get %s is not emulated by the simulated host\n", verb)
		return 100
	}
	fmt.Fprintf(p.Stderr, "E: Invalid operation %s\n", verb)
	return 100
}
