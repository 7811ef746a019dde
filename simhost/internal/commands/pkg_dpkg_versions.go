package commands

import (
	"fmt"
	"strings"

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
		name := dpkgBinaryName(pkg)
		var b strings.Builder
		b.WriteString(name)
		for col := len(name); col < 48; col = (col + 8) &^ 7 {
			b.WriteByte('\t')
		}
		want, _, _ := strings.Cut(pkg.Get("Status"), " ")
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
		c = dpkgCompareVersions(a, b)
	}
	if newestEmpty && (a == "") != (b == "") {
		c = -c
	}
	if test(c) {
		return 0
	}
	return 1
}

// dpkgCompareVersions orders two Debian versions ([epoch:]upstream[-revision])
// by deb-version(7)'s rules.
func dpkgCompareVersions(a, b string) int {
	ea, ua, ra := dpkgSplitVersion(a)
	eb, ub, rb := dpkgSplitVersion(b)
	if ea != eb {
		if ea < eb {
			return -1
		}
		return 1
	}
	if c := dpkgCompareFragment(ua, ub); c != 0 {
		return c
	}
	return dpkgCompareFragment(ra, rb)
}

func dpkgSplitVersion(v string) (epoch int, upstream, revision string) {
	if e, rest, ok := strings.Cut(v, ":"); ok {
		fmt.Sscanf(e, "%d", &epoch)
		v = rest
	}
	if i := strings.LastIndexByte(v, '-'); i >= 0 {
		return epoch, v[:i], v[i+1:]
	}
	return epoch, v, ""
}

// dpkgOrder is a non-digit's weight: ~ before everything, even the end;
// letters before other characters.
func dpkgOrder(c byte) int {
	switch {
	case c == '~':
		return -1
	case c >= '0' && c <= '9':
		return 0
	case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
		return int(c)
	default:
		return int(c) + 256
	}
}

func dpkgCompareFragment(a, b string) int {
	isDigit := func(c byte) bool { return c >= '0' && c <= '9' }
	for a != "" || b != "" {
		for (a != "" && !isDigit(a[0])) || (b != "" && !isDigit(b[0])) {
			var ca, cb int
			if a != "" {
				ca = dpkgOrder(a[0])
			}
			if b != "" {
				cb = dpkgOrder(b[0])
			}
			if ca != cb {
				if ca < cb {
					return -1
				}
				return 1
			}
			a, b = a[1:], b[1:]
		}
		a, b = strings.TrimLeft(a, "0"), strings.TrimLeft(b, "0")
		var na, nb string
		for a != "" && isDigit(a[0]) {
			na, a = na+a[:1], a[1:]
		}
		for b != "" && isDigit(b[0]) {
			nb, b = nb+b[:1], b[1:]
		}
		if len(na) != len(nb) {
			if len(na) < len(nb) {
				return -1
			}
			return 1
		}
		if na != nb {
			if na < nb {
				return -1
			}
			return 1
		}
	}
	return 0
}
