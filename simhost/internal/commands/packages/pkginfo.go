package packages

import (
	"cmp"
	"fmt"
	"path"
	"strings"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
)

// pkginfo (SVR4 packaging, Solaris 10) over the installed packages' pkginfo
// files in /var/sadm/pkg, the files the real program reads. Forms from the
// OpenSolaris svr4pkg source of pkginfo.
func init() {
	shell.Register(shell.Command{Name: "pkginfo", Only: "solaris", Run: pkginfoCmd})
}

// pkginfoDir is where SVR4 packaging keeps each installed package's pkginfo.
const pkginfoDir = "/var/sadm/pkg"

const pkginfoUsage = `usage:
  pkginfo [-q] [-p|-i] [-x|-l] [options] [pkg ...]
  pkginfo -d device [-q] [-x|-l] [options] [pkg ...]
where
  -q #quiet mode
  -p #select partially installed packages
  -i #select completely installed packages
  -x #extracted listing
  -l #long listing
  -r #relocation base 
and options may include:
  -c category, [category...]
  -a architecture
  -v version
`

// pkginfoPackage is one installed package's pkginfo parameters.
type pkginfoPackage struct {
	inst   string
	params map[string]string
}

func pkginfoCmd(p *shell.Proc) int {
	g := progkit.Getopt{Short: "LNR:xv:a:d:qrpilc:", Usage: pkginfoUsage, SolarisStatus: 1}
	c, code, ok := g.Parse(p, p.Args())
	if !ok {
		return code
	}
	for _, k := range []string{"R", "d", "p", "N"} {
		if c.Has(k) {
			p.NotEmulated("pkginfo -" + k)
			fmt.Fprintf(p.Stderr, "pkginfo: option -%s is not emulated by the simulated host\n", k)
			return 1
		}
	}
	wanted := c.Operands
	if len(wanted) > 0 && wanted[0] == "all" {
		wanted = nil
	}
	var shown []pkginfoPackage
	for _, pkg := range pkginfoInstalled(p) {
		if pkginfoSelected(pkg, c, wanted) {
			shown = append(shown, pkg)
		}
	}
	width := 0
	for _, pkg := range shown {
		width = max(width, len(pkg.inst))
	}
	for _, pkg := range shown {
		pkginfoDump(p, c, pkg, width)
	}
	failed := len(shown) == 0
	for _, w := range wanted {
		found := false
		for _, pkg := range shown {
			found = found || pkginfoMatch(pkg.inst, w)
		}
		if !found {
			failed = true
			if !c.Has("q") {
				fmt.Fprintf(p.Stderr, "ERROR: information for \"%s\" was not found\n", w)
			}
		}
	}
	if failed {
		return 1
	}
	return 0
}

// pkginfoInstalled reads every package directory's pkginfo, in name order.
func pkginfoInstalled(p *shell.Proc) []pkginfoPackage {
	entries, err := p.M.FS.ReadDir(p.Cred(), pkginfoDir)
	if err != nil {
		return nil
	}
	var out []pkginfoPackage
	for _, e := range entries {
		if strings.HasPrefix(e.Name, ".") {
			continue
		}
		data, err := p.M.FS.ReadFile(p.Cred(), path.Join(pkginfoDir, e.Name, "pkginfo"))
		if err != nil {
			continue // not a package
		}
		params := map[string]string{}
		for _, line := range strings.Split(string(data), "\n") {
			if k, v, ok := strings.Cut(line, "="); ok && !strings.HasPrefix(k, "#") {
				params[k] = strings.Trim(v, `"'`)
			}
		}
		out = append(out, pkginfoPackage{inst: e.Name, params: params})
	}
	return out
}

// pkginfoMatch reports whether a package instance answers to a name given on
// the command line: itself, or its instances (SUNWfoo.2) for SUNWfoo.*.
func pkginfoMatch(inst, name string) bool {
	if base, ok := strings.CutSuffix(name, ".*"); ok {
		return inst == base || strings.HasPrefix(inst, base+".")
	}
	return inst == name
}

// pkginfoSelected applies the operands and -c, -a, -v.
func pkginfoSelected(pkg pkginfoPackage, c progkit.Cmdline, wanted []string) bool {
	if len(wanted) > 0 {
		found := false
		for _, w := range wanted {
			found = found || pkginfoMatch(pkg.inst, w)
		}
		if !found {
			return false
		}
	}
	if a, ok := c.Value("a"); ok && pkg.params["ARCH"] != a {
		return false
	}
	if v, ok := c.Value("v"); ok && pkg.params["VERSION"] != v {
		return false
	}
	if cats := c.All("c"); len(cats) > 0 {
		for _, want := range cats {
			for _, w := range strings.FieldsFunc(want, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
				for _, have := range strings.Split(pkg.params["CATEGORY"], ",") {
					if strings.EqualFold(strings.TrimSpace(have), w) {
						return true
					}
				}
			}
		}
		return false
	}
	return true
}

// pkginfoDump prints one package in the form the options ask for.
func pkginfoDump(p *shell.Proc, c progkit.Cmdline, pkg pkginfoPackage, width int) {
	v := pkg.params
	switch {
	case c.Has("q"):
	case c.Has("r"):
		p.Printf("%s\n", cmp.Or(v["BASEDIR"], "none"))
	case c.Has("L"):
		p.Printf("%s\n", pkg.inst)
	case c.Has("x"):
		p.Printf("%-*.*s  %s\n", width, width, pkg.inst, v["NAME"])
		p.Printf("%*.*s  (%s) %s\n", width, width, "", v["ARCH"], v["VERSION"])
	case !c.Has("l"):
		category, _, _ := strings.Cut(v["CATEGORY"], ",")
		p.Printf("%-11.11s %-*.*s %s\n", category, width, width, pkg.inst, v["NAME"])
	default:
		field := func(label, value string) {
			if value != "" {
				p.Printf("%10s:  %s\n", label, value)
			}
		}
		field("PKGINST", pkg.inst)
		for _, k := range []string{"NAME", "CATEGORY", "ARCH", "VERSION", "BASEDIR", "VENDOR",
			"DESC", "PSTAMP", "INSTDATE", "VSTOCK", "SERIALNUM", "HOTLINE", "EMAIL"} {
			field(k, v[k])
		}
		field("STATUS", "completely installed")
		// The FILES counts come from /var/sadm/install/contents, which the
		// host does not carry.
		p.NotEmulated("pkginfo -l: the FILES counts of /var/sadm/install/contents")
		p.Printf("\n")
	}
}
