package packages

import (
	"fmt"
	"path"
	"strconv"
	"strings"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/internal/pkgdb"
	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/shell"
)

// rpm's query mode (rpm 4.11's forms) over the personality's rpm database.
// Only a host whose personality has one has the program; nothing can be
// installed or erased.
func init() {
	shell.Register(shell.Command{Name: "rpm", Only: "gnu", ShortName: true, Run: rpmCmd,
		Present: func(m *machine.Machine) bool { return len(m.P.RPMs) > 0 }})
}

func rpmCmd(p *shell.Proc) int {
	g := progkit.Getopt{Short: "qaifl", Long: []string{"query=q", "all=a", "info=i", "file=f", "list=l",
		"whatprovides", "queryformat:", "qf:", "version"}, NoTry: true}
	c, code, ok := g.Parse(p, p.Args())
	if !ok {
		return code
	}
	db := p.M.P.RPMs
	if c.Has("version") {
		p.Printf("RPM version %s\n", rpmFind(db, "rpm")[0].Version)
		return 0
	}
	if !c.Has("q") {
		p.NotEmulated("rpm: only the query mode (-q) is emulated")
		fmt.Fprintf(p.Stderr, "rpm: only the query mode (-q) is emulated by the simulated host\n")
		return 1
	}
	format := "%{NVRA}\n" // rpm 4.11's default: no ".arch" where a package has none (gpg-pubkey)
	if v, given := c.Value("queryformat", "qf"); given {
		format = v
	}
	show := func(pkg pkgdb.RPM) bool {
		switch {
		case c.Has("i"):
			rpmInfo(p, pkg)
		case c.Has("l"):
			if len(pkg.Files) == 0 {
				p.Printf("(contains no files)\n")
			}
			for _, f := range pkg.Files {
				p.Printf("%s\n", f)
			}
		default:
			out, err := rpmFormat(format, pkg)
			if err != "" {
				fmt.Fprintf(p.Stderr, "error: incorrect format: %s\n", err)
				return false
			}
			p.Printf("%s", out)
		}
		return true
	}
	failed := 0
	switch {
	case c.Has("a"):
		for _, pkg := range db {
			if rpmMatchesAll(pkg, c.Operands) && !show(pkg) {
				return 1
			}
		}
		return 0
	case len(c.Operands) == 0:
		fmt.Fprintf(p.Stderr, "rpm: no arguments given for query\n")
		return 1
	}
	for _, arg := range c.Operands {
		var found []pkgdb.RPM
		switch {
		case c.Has("f"):
			file, ok := rpmFileArg(p, arg)
			if !ok {
				failed++
				continue
			}
			found = rpmOwners(db, file, false)
			if len(found) == 0 {
				p.Printf("file %s is not owned by any package\n", file)
			}
		case c.Has("whatprovides"):
			found = rpmOwners(db, arg, true)
			if len(found) == 0 {
				p.Printf("no package provides %s\n", arg)
			}
		default:
			found = rpmFind(db, arg)
			if len(found) == 0 {
				p.Printf("package %s is not installed\n", arg)
			}
		}
		if len(found) == 0 {
			failed++
		}
		for _, pkg := range found {
			if !show(pkg) {
				return 1
			}
		}
	}
	return min(failed, 255)
}

// rpmFind finds the installed packages a query names: by name, name-version,
// name-version-release or the full name-version-release.arch.
func rpmFind(db []pkgdb.RPM, arg string) []pkgdb.RPM {
	var out []pkgdb.RPM
	for _, pkg := range db {
		nv := pkg.Name + "-" + pkg.Version
		nvr := nv + "-" + pkg.Release
		if arg == pkg.Name || arg == nv || arg == nvr || arg == pkg.NVRA() {
			out = append(out, pkg)
		}
	}
	return out
}

// rpmMatchesAll reports whether -qa's patterns (globs over the name) select pkg.
func rpmMatchesAll(pkg pkgdb.RPM, patterns []string) bool {
	if len(patterns) == 0 {
		return true
	}
	for _, pat := range patterns {
		if ok, _ := path.Match(pat, pkg.Name); ok {
			return true
		}
	}
	return false
}

// rpmFileArg is -qf's argument as rpm looks it up: absolute, its directory
// resolved (/bin/bash is /usr/bin/bash where /bin is a link), the file
// itself required to exist.
func rpmFileArg(p *shell.Proc, arg string) (string, bool) {
	abs := p.Abs(arg)
	if _, err := p.M.FS.Lstat(p.Cred(), abs); err != nil {
		fmt.Fprintf(p.Stderr, "error: file %s: %s\n", abs, p.Strerror(err))
		return "", false
	}
	if dir, err := p.M.FS.Realpath(p.Cred(), path.Dir(abs)); err == nil {
		return path.Join(dir, path.Base(abs)), true
	}
	return abs, true
}

// rpmOwners lists the packages owning file, or, for --whatprovides, providing
// the capability (a path is provided by its owners).
func rpmOwners(db []pkgdb.RPM, what string, capability bool) []pkgdb.RPM {
	var out []pkgdb.RPM
	for _, pkg := range db {
		owns := false
		for _, f := range pkg.Files {
			owns = owns || f == what
		}
		if capability {
			owns = owns || pkg.Name == what
			for _, c := range pkg.Provides {
				owns = owns || c == what
			}
		}
		if owns {
			out = append(out, pkg)
		}
	}
	return out
}

// rpmTag is the value of a query format tag; ok is false for an unknown tag.
func rpmTag(pkg pkgdb.RPM, tag string) (string, bool) {
	v, ok := map[string]string{"NAME": pkg.Name, "EPOCH": pkg.Epoch, "VERSION": pkg.Version,
		"RELEASE": pkg.Release, "ARCH": pkg.Arch, "GROUP": pkg.Group, "LICENSE": pkg.License,
		"URL": pkg.URL, "SUMMARY": pkg.Summary, "NVRA": pkg.NVRA()}[strings.ToUpper(strings.TrimPrefix(strings.ToUpper(tag), "RPMTAG_"))]
	if !ok {
		return "", false
	}
	if v == "" {
		v = "(none)" // rpm's word for a tag the header lacks
	}
	return v, true
}

// rpmFormat expands a --queryformat: %{TAG} and %-20{TAG} with printf's
// width, \n \t \\ escapes. err is rpm's complaint about a bad format.
func rpmFormat(format string, pkg pkgdb.RPM) (out, err string) {
	var b strings.Builder
	for i := 0; i < len(format); i++ {
		ch := format[i]
		switch {
		case ch == '\\' && i+1 < len(format):
			i++
			b.WriteString(map[byte]string{'n': "\n", 't': "\t", 'r': "\r", 'a': "\a", '\\': "\\"}[format[i]])
		case ch == '%' && i+1 < len(format) && format[i+1] == '%':
			b.WriteByte('%')
			i++
		case ch == '%':
			open := strings.IndexByte(format[i:], '{')
			end := strings.IndexByte(format[i:], '}')
			if open < 0 || end < open {
				return "", "missing { after %"
			}
			width := format[i+1 : i+open]
			if _, werr := strconv.Atoi(strings.TrimPrefix(width, "-")); width != "" && werr != nil {
				return "", "missing { after %"
			}
			tag, _, _ := strings.Cut(format[i+open+1:i+end], ":") // formats (:date...) print the raw value
			v, ok := rpmTag(pkg, tag)
			if !ok {
				return "", "unknown tag"
			}
			fmt.Fprintf(&b, "%"+width+"s", v)
			i += end
		default:
			b.WriteByte(ch)
		}
	}
	return b.String(), ""
}

// rpmInfo prints -qi's fields the database holds, in rpm 4.11's layout;
// the rest (sizes, dates, signature, description) are not in the facts.
func rpmInfo(p *shell.Proc, pkg pkgdb.RPM) {
	line := func(label, v string) {
		if v == "" {
			v = "(none)"
		}
		p.Printf("%-12s: %s\n", label, v)
	}
	line("Name", pkg.Name)
	if pkg.Epoch != "" {
		line("Epoch", pkg.Epoch)
	}
	line("Version", pkg.Version)
	line("Release", pkg.Release)
	line("Architecture", pkg.Arch)
	line("Group", pkg.Group)
	line("License", pkg.License)
	if pkg.URL != "" {
		line("URL", pkg.URL)
	}
	line("Summary", pkg.Summary)
	p.NotEmulated("rpm -qi: install date, size, signature, build and description are not in the host's facts")
}
