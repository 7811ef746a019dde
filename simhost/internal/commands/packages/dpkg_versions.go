package packages

import (
	"fmt"
	"strings"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/internal/pkgdb"
	"github.com/hostile-lab/hostile/simhost/shell"
)

// dpkgGetSelections is dpkg --get-selections: each package's wanted state,
// the name padded with tabs to column 48 as dpkg pads it.
func dpkgGetSelections(p *shell.Proc, patterns []string) int {
	db, ok := dpkgDB(p, "dpkg")
	if !ok {
		return 2
	}
	var pkgs []pkgdb.Package
	if len(patterns) == 0 {
		for _, pkg := range db.Packages {
			if pkg.Installed() {
				pkgs = append(pkgs, pkg)
			}
		}
	} else {
		// Unlike dpkg-query, dpkg lists the selections in the patterns' order.
		for _, pat := range patterns {
			found := db.Match(pat)
			if len(found) == 0 {
				fmt.Fprintf(p.Stderr, "dpkg: no packages found matching %s\n", pat)
			}
			pkgs = append(pkgs, found...)
		}
	}
	for _, pkg := range pkgs {
		want, _, _ := strings.Cut(pkg.Get("Status"), " ")
		if want == "unknown" {
			continue // only named in a relationship: no selection
		}
		name := dpkgBinaryName(pkg)
		var b strings.Builder
		b.WriteString(name)
		for col := len(name); col < 48; col = (col + 8) &^ 7 {
			b.WriteByte('\t')
		}
		p.Printf("%s%s\n", b.String(), want)
	}
	return 0
}

// dpkgCompareVersionsCmd is dpkg --compare-versions A OP B: status 0 when
// the relation holds, 1 when it does not. An empty version is the oldest,
// except for the -nl operators, where it is the newest.
func dpkgCompareVersionsCmd(p *shell.Proc, args []string) int {
	if len(args) != 3 {
		fmt.Fprintf(p.Stderr, "dpkg: error: --compare-versions takes three arguments: <version> <relation> <version>\n\nType dpkg --help for help about installing and deinstalling packages [*];\n"+
			"Use 'apt' or 'aptitude' for user-friendly package management;\nType dpkg -Dhelp for a list of dpkg debug flag values;\n"+
			"Type dpkg --force-help for a list of forcing options;\nType dpkg-deb --help for help about manipulating *.deb files;\n\n"+
			"Options marked [*] produce a lot of output - pipe it through 'less' or 'more' !\n")
		return 2
	}
	a, op, b := args[0], args[1], args[2]
	newestEmpty := strings.HasSuffix(op, "-nl")
	op = strings.TrimSuffix(op, "-nl")
	tests := map[string]func(int) bool{
		"lt": func(c int) bool { return c < 0 }, "<<": func(c int) bool { return c < 0 }, "<": func(c int) bool { return c <= 0 },
		"le": func(c int) bool { return c <= 0 }, "<=": func(c int) bool { return c <= 0 },
		"eq": func(c int) bool { return c == 0 }, "=": func(c int) bool { return c == 0 },
		"ne": func(c int) bool { return c != 0 },
		"ge": func(c int) bool { return c >= 0 }, ">=": func(c int) bool { return c >= 0 }, ">": func(c int) bool { return c >= 0 },
		"gt": func(c int) bool { return c > 0 }, ">>": func(c int) bool { return c > 0 },
	}
	test, ok := tests[op]
	if !ok {
		fmt.Fprintf(p.Stderr, "dpkg: error: unknown relation '%s'\n", args[1])
		return 2
	}
	var c int
	switch {
	case a == "" && b == "":
	case a == "":
		c = -1
	case b == "":
		c = 1
	default:
		c = progkit.CompareDebianVersions(a, b)
	}
	if newestEmpty && (a == "") != (b == "") {
		c = -c
	}
	if test(c) {
		return 0
	}
	return 1
}
