package packages

import (
	"crypto/md5"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/internal/pkgdb"
	"github.com/hostile-lab/hostile/simhost/shell"
)

// apt-cache over the host's package database alone: like the reference
// containers, the host has no package lists, so every package apt knows is an
// installed one, its only source /var/lib/dpkg/status at priority 100.
func init() {
	shell.Register(shell.Command{Name: "apt-cache", Only: "gnu", ShortName: true, Run: aptCacheCmd, Present: hasFile("/usr/bin/apt-cache")})
}

const aptCacheUsage = `Usage: apt-cache [options] command
       apt-cache [options] show pkg1 [pkg2 ...]

apt-cache queries and displays available information about installed
and installable packages. It works exclusively on the data acquired
into the local cache via the 'update' command of e.g. apt-get. The
displayed information may therefore be outdated if the last update was
too long ago, but in exchange apt-cache works independently of the
availability of the configured sources (e.g. offline).

Most used commands:
  showsrc - Show source records
  search - Search the package list for a regex pattern
  depends - Show raw dependency information for a package
  rdepends - Show reverse dependency information for a package
  show - Show a readable record for the package
  pkgnames - List the names of all packages in the system
  policy - Show policy settings

See apt-cache(8) for more information about the available commands.
Configuration options and syntax is detailed in apt.conf(5).
Information about how to configure sources can be found in sources.list(5).
Package and version choices can be expressed via apt_preferences(5).
Security details are available in apt-secure(8).
`

// aptDependsFields are the relations apt-cache depends lists, in the order
// apt's list parser stores them, with the names it prints.
var aptDependsFields = []struct{ field, label string }{
	{"Pre-Depends", "PreDepends"}, {"Depends", "Depends"}, {"Conflicts", "Conflicts"},
	{"Breaks", "Breaks"}, {"Recommends", "Recommends"}, {"Suggests", "Suggests"},
	{"Replaces", "Replaces"}, {"Enhances", "Enhances"},
}

func aptCacheCmd(p *shell.Proc) int {
	g := progkit.Getopt{Short: "nfqvo:", Long: []string{"names-only=n", "full=f", "quiet=q", "version=v", "option:=o",
		"installed", "no-all-versions", "all-versions", "recurse", "no-recommends", "no-suggests", "no-pre-depends",
		"no-depends", "no-conflicts", "no-breaks", "no-replaces", "no-enhances"}, Status: 100}
	c, db, code, ok := aptStart(p, g, aptCacheUsage)
	if !ok {
		return code
	}
	verb, names := c.Operands[0], c.Operands[1:]
	switch verb {
	case "policy":
		return aptPolicy(p, db, names)
	case "show":
		return aptShow(p, db, names)
	case "madison":
		// madison lists versions from package lists' sources; the status
		// file is none, so an installed package prints nothing.
		return 0
	case "search":
		return aptSearch(p, db, names, c.Has("n"), c.Has("f"))
	case "depends":
		return aptDepends(p, db, names)
	case "pkgnames", "showpkg", "rdepends", "stats", "dump", "dumpavail", "unmet", "gencaches", "showsrc", "dotty", "xvcg", "showauto":
		p.NotEmulated("apt-cache " + verb)
		fmt.Fprintf(p.Stderr, "E: apt-cache %s is not emulated by the simulated host\n", verb)
		return 100
	}
	fmt.Fprintf(p.Stderr, "E: Invalid operation %s\n", verb)
	return 100
}

// aptInstalled finds an installed package; apt knows no other here.
func aptInstalled(db *pkgdb.DB, name string) (pkgdb.Package, bool) {
	pkg, ok := db.Find(name)
	return pkg, ok && pkg.Installed()
}

// aptPolicy prints the sources' priorities, or each named package's
// installed and candidate versions, none for a name that a package's
// relationships only mention; an unknown name prints nothing.
func aptPolicy(p *shell.Proc, db *pkgdb.DB, names []string) int {
	if len(names) == 0 {
		p.Printf("Package files:\n 100 %s\n     release a=now\nPinned packages:\n", pkgdb.StatusPath)
		return 0
	}
	for _, name := range names {
		pkg, ok := aptInstalled(db, name)
		if !ok {
			if slices.ContainsFunc(db.Referenced, func(r pkgdb.Package) bool { return r.Name() == name }) {
				p.Printf("%s:\n  Installed: (none)\n  Candidate: (none)\n  Version table:\n", name)
			}
			continue
		}
		v := pkg.Get("Version")
		p.Printf("%s:\n  Installed: %s\n  Candidate: %s\n  Version table:\n *** %s 100\n        100 %s\n",
			pkg.Name(), v, v, v, pkgdb.StatusPath)
	}
	return 0
}

// aptShow prints each named package's record as apt keeps it: the status
// stanza with Description-md5 after the description. Unknown names are
// skipped; none known is an error.
func aptShow(p *shell.Proc, db *pkgdb.DB, names []string) int {
	return aptEachNamed(p, db, names, func(pkg pkgdb.Package) {
		var b strings.Builder
		for _, f := range pkg.Fields {
			if strings.HasPrefix(f.Value, "\n") { // Conffiles: its lines follow
				fmt.Fprintf(&b, "%s:%s\n", f.Name, f.Value)
			} else {
				fmt.Fprintf(&b, "%s: %s\n", f.Name, f.Value)
			}
			if f.Name == "Description" {
				fmt.Fprintf(&b, "Description-md5: %x\n", md5.Sum([]byte(f.Value+"\n")))
			}
		}
		p.Printf("%s\n", b.String())
	})
}

// aptEachNamed runs show on each named package apt knows, skipping the
// others; none known is apt-cache's error.
func aptEachNamed(p *shell.Proc, db *pkgdb.DB, names []string, show func(pkgdb.Package)) int {
	found := false
	for _, name := range names {
		if pkg, ok := aptInstalled(db, name); ok {
			found = true
			show(pkg)
		}
	}
	if !found {
		fmt.Fprintf(p.Stderr, "E: No packages found\n")
		return 100
	}
	return 0
}

// aptSearch lists, in name order, the packages whose name (or description,
// unless names only) matches every pattern, case-insensitively, as
// "name - short description".
func aptSearch(p *shell.Proc, db *pkgdb.DB, patterns []string, namesOnly, full bool) int {
	if len(patterns) == 0 {
		fmt.Fprintf(p.Stderr, "E: You must give at least one search pattern\n")
		return 100
	}
	var res []*regexp.Regexp
	for _, pat := range patterns {
		re, err := regexp.Compile("(?i)" + pat)
		if err != nil {
			fmt.Fprintf(p.Stderr, "E: Regex compilation error - %s\n", err)
			return 100
		}
		res = append(res, re)
	}
	var pkgs []pkgdb.Package
	for _, pkg := range db.Packages {
		if pkg.Installed() {
			pkgs = append(pkgs, pkg)
		}
	}
	sort.SliceStable(pkgs, func(i, j int) bool { return pkgs[i].Name() < pkgs[j].Name() })
	for _, pkg := range pkgs {
		desc := pkg.Get("Description")
		matches := true
		for _, re := range res {
			if !re.MatchString(pkg.Name()) && (namesOnly || !re.MatchString(desc)) {
				matches = false
				break
			}
		}
		if !matches {
			continue
		}
		if full {
			aptShow(p, db, []string{pkg.Name()})
			continue
		}
		short, _, _ := strings.Cut(desc, "\n")
		p.Printf("%s - %s\n", pkg.Name(), short)
	}
	return 0
}

// aptDepends prints each named package's relations, one target per line:
// "|" marks an alternative with more to follow, <name> a name no installed
// package has (virtual or absent), followed by the installed packages that
// provide it. An unknown name is skipped; none known is an error.
func aptDepends(p *shell.Proc, db *pkgdb.DB, names []string) int {
	providers := aptProviders(db)
	return aptEachNamed(p, db, names, func(pkg pkgdb.Package) {
		p.Printf("%s\n", pkg.Name())
		for _, rel := range aptDependsFields {
			for _, group := range strings.Split(pkg.Get(rel.field), ",") {
				alts := strings.Split(group, "|")
				for i, alt := range alts {
					target, constraint := aptRelation(alt)
					if target == "" {
						continue
					}
					mark := " "
					if i < len(alts)-1 {
						mark = "|"
					}
					shown := target
					if _, real := aptInstalled(db, target); !real || strings.Contains(target, ":") {
						shown = "<" + target + ">"
					}
					p.Printf(" %s%s: %s\n", mark, rel.label, shown)
					for _, by := range providers[target] {
						// A package's own Provides never meet its own conflicts;
						// a versioned relation needs a versioned Provides.
						if (selfIgnored[rel.field] && by.pkg == pkg.Name()) || !constraint.metBy(by.version) {
							continue
						}
						p.Printf("    %s\n", by.pkg)
					}
				}
			}
		}
	})
}

// selfIgnored are the relations a package's own Provides cannot meet (its
// Replaces can: base-files replaces the base it provides).
var selfIgnored = map[string]bool{"Conflicts": true, "Breaks": true}

// aptConstraint is a relation's "(op version)", empty when unversioned.
type aptConstraint struct{ op, version string }

// aptRelation splits "name (>= 1.0)" (or "name:any") into the name and its constraint.
func aptRelation(text string) (name string, c aptConstraint) {
	name, rest, _ := strings.Cut(strings.TrimSpace(text), "(")
	name = strings.TrimSpace(name)
	if f := strings.Fields(strings.TrimSuffix(strings.TrimSpace(rest), ")")); len(f) == 2 {
		c = aptConstraint{op: f[0], version: f[1]}
	}
	return name, c
}

// metBy reports whether a provided version meets the constraint: anything
// meets none, and an unversioned Provides meets no versioned relation.
func (c aptConstraint) metBy(version string) bool {
	if c.op == "" {
		return true
	}
	if version == "" {
		return false
	}
	cmp := progkit.CompareDebianVersions(version, c.version)
	switch c.op {
	case "<<":
		return cmp < 0
	case "<=":
		return cmp <= 0
	case "=":
		return cmp == 0
	case ">=":
		return cmp >= 0
	case ">>":
		return cmp > 0
	}
	return false
}

// aptProvider is an installed package that provides a name, at the version
// its Provides states ("" when unversioned).
type aptProvider struct{ pkg, version string }

// aptProviders maps a name to the installed packages that provide it, in
// name order: a package's Provides, and for "name:any" the package itself
// when it is Multi-Arch: allowed.
func aptProviders(db *pkgdb.DB) map[string][]aptProvider {
	out := map[string][]aptProvider{}
	for _, pkg := range db.Packages {
		if !pkg.Installed() {
			continue
		}
		for _, prov := range strings.Split(pkg.Get("Provides"), ",") {
			if name, c := aptRelation(prov); name != "" {
				out[name] = append(out[name], aptProvider{pkg.Name(), c.version})
			}
		}
		if pkg.Get("Multi-Arch") == "allowed" {
			name := pkg.Name() + ":any"
			out[name] = append(out[name], aptProvider{pkg.Name(), pkg.Get("Version")})
		}
	}
	return out
}
