package commands

import (
	"fmt"
	"strings"

	"github.com/hostile-lab/hostile/simhost/pkgdb"
	"github.com/hostile-lab/hostile/simhost/shell"
)

func init() {
	shell.Register(shell.Command{Name: "lsb_release", Only: "gnu", Run: lsbRelease})
}

// lsbRelease is Debian's lsb_release, from /etc/os-release. Debian 12 ships
// lsb-release 12, a shell script; Debian 11 ships 11.1, a Python program that
// says on stderr that no LSB modules are there and words its usage errors as
// optparse does. The installed package's version chooses the form.
func lsbRelease(p *shell.Proc) int {
	python := true
	if db, ok := pkgdb.Read(p.M.FS); ok {
		if pkg, found := db.Find("lsb-release"); found && !strings.HasPrefix(pkg.Get("Version"), "11.") {
			python = false
		}
	}
	g := getopt{Short: "vidrcas", Long: []string{"version=v", "id=i", "description=d", "release=r", "codename=c", "all=a", "short=s"}}
	// an unknown letter in each program's own words
	for _, a := range p.Args() {
		if len(a) < 2 || a[0] != '-' || strings.HasPrefix(a, "--") {
			continue
		}
		for _, c := range a[1:] {
			switch {
			case strings.ContainsRune("vidrcash", c):
			case python:
				fmt.Fprintf(p.Stderr, "Usage: lsb_release [options]\n\nlsb_release: error: no such option: -%c\n", c)
				return 2
			default:
				fmt.Fprintf(p.Stderr, "lsb_release: invalid option -- '%c'\n", c)
				return 2
			}
		}
	}
	c, code, ok := g.Parse(p, p.Args())
	if !ok {
		return code
	}
	release := map[string]string{}
	text, _ := p.M.FS.ReadFile(p.Cred(), "/etc/os-release")
	for _, line := range strings.Split(string(text), "\n") {
		if k, v, ok := strings.Cut(line, "="); ok {
			release[k] = strings.Trim(v, `"`)
		}
	}
	id := release["ID"]
	if id != "" {
		id = strings.ToUpper(id[:1]) + id[1:]
	}
	fields := []struct{ flag, label, value string }{
		{"i", "Distributor ID", id}, {"d", "Description", release["PRETTY_NAME"]},
		{"r", "Release", release["VERSION_ID"]}, {"c", "Codename", release["VERSION_CODENAME"]},
	}
	all := c.Has("a")
	if python && (all || c.Has("v") || !c.Has("i") && !c.Has("d") && !c.Has("r") && !c.Has("c")) {
		fmt.Fprint(p.Stderr, "No LSB modules are available.\n")
	}
	for _, f := range fields {
		if !all && !c.Has(f.flag) {
			continue
		}
		if c.Has("s") {
			p.Printf("%s\n", f.value)
		} else {
			p.Printf("%s:\t%s\n", f.label, f.value)
		}
	}
	return 0
}
