package packages

import (
	"fmt"
	"path"
	"strings"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/internal/pkgdb"
	"github.com/hostile-lab/hostile/simhost/shell"
)

func init() {
	shell.Register(shell.Command{Name: "apt", Only: "gnu", ShortName: true, Run: aptCmd, Present: hasFile("/usr/bin/apt")})
}

// aptCmd is apt, the front end, as inventory scripts use it: `apt list
// --installed` from the package database (every package is "now" and
// "local": the host has no package lists), and policy as apt-cache answers
// it (apt show has a layout of its own: not emulated). Its stderr starts with the warning apt gives when its output
// is not a terminal.
func aptCmd(p *shell.Proc) int {
	g := progkit.Getopt{Short: "vqa", Long: []string{"version=v", "quiet=q", "installed", "upgradable", "upgradeable=upgradable",
		"all-versions=a"}, Status: 100}
	usage := aptUsage
	if db, ok := pkgdb.Read(p.M.FS); ok {
		if v, _ := dpkgVersionOf(db, "apt"); progkit.CompareDebianVersions(v, "2.6") < 0 {
			usage = strings.Replace(usage, "automatically remove all", "Remove automatically all", 1) // apt 2.2
		}
	}
	c, db, code, ok := aptStart(p, g, usage)
	if !ok {
		return code
	}
	if !p.IsTerminal(p.Stdout) {
		fmt.Fprint(p.Stderr, "\nWARNING: apt does not have a stable CLI interface. Use with caution in scripts.\n\n")
	}
	verb, names := c.Operands[0], c.Operands[1:]
	switch verb {
	case "list":
		p.Printf("Listing...\n")
		if c.Has("upgradable") {
			return 0 // nothing is newer than what is installed
		}
		for _, pkg := range db.Packages {
			if !pkg.Installed() || !aptListed(pkg.Name(), names) {
				continue
			}
			p.Printf("%s/now %s %s [installed,local]\n", pkg.Name(), pkg.Get("Version"), pkg.Get("Architecture"))
		}
		return 0
	case "policy":
		return aptPolicy(p, db, names)
	case "install", "show", "reinstall", "remove", "purge", "upgrade", "full-upgrade", "autoremove", "update", "search", "depends", "rdepends", "edit-sources", "satisfy":
		p.NotEmulated("apt " + verb)
		fmt.Fprintf(p.Stderr, "E: apt %s is not emulated by the simulated host\n", verb)
		return 100
	}
	fmt.Fprintf(p.Stderr, "E: Invalid operation %s\n", verb)
	return 100
}

// aptListed says whether apt list's patterns (globs; none is all) take name.
func aptListed(name string, patterns []string) bool {
	for _, pat := range patterns {
		if ok, _ := path.Match(pat, name); ok {
			return true
		}
	}
	return len(patterns) == 0
}

const aptUsage = `Usage: apt [options] command

apt is a commandline package manager and provides commands for
searching and managing as well as querying information about packages.
It provides the same functionality as the specialized APT tools,
like apt-get and apt-cache, but enables options more suitable for
interactive use by default.

Most used commands:
  list - list packages based on package names
  search - search in package descriptions
  show - show package details
  install - install packages
  reinstall - reinstall packages
  remove - remove packages
  autoremove - automatically remove all unused packages
  update - update list of available packages
  upgrade - upgrade the system by installing/upgrading packages
  full-upgrade - upgrade the system by removing/installing/upgrading packages
  edit-sources - edit the source information file
  satisfy - satisfy dependency strings

See apt(8) for more information about the available commands.
Configuration options and syntax is detailed in apt.conf(5).
Information about how to configure sources can be found in sources.list(5).
Package and version choices can be expressed via apt_preferences(5).
Security details are available in apt-secure(8).
                                        This APT has Super Cow Powers.
`
