package pkgdb

import (
	"fmt"
	"path"
	"strings"
)

// RPM is one installed package of an RPM host's database, as `rpm -q` tags
// name its fields. A value the facts did not give is "".
type RPM struct {
	Name, Epoch, Version, Release, Arch string
	Group, License, URL, Summary        string
	// Files are the paths it owns, Provides the capabilities it names
	// beyond its own name and files.
	Files, Provides []string
}

// NVRA is the package as `rpm -q` prints it: name-version-release.arch
// (the epoch is left out, as rpm's default query format does).
func (r RPM) NVRA() string {
	s := r.Name + "-" + r.Version + "-" + r.Release
	if r.Arch != "" {
		s += "." + r.Arch
	}
	return s
}

// ParseRPMDB reads an RPM database written as text, one record a line:
//
//	# comment
//	pkg NAME|EPOCH|VERSION|RELEASE|ARCH|GROUP|LICENSE|URL|SUMMARY
//	file PATH NAME        (NAME owns PATH; of two packages of one name, the later)
//	provides CAP NAME     (NAME provides capability CAP)
//
// Packages stay in the file's order, the database's order that `rpm -qa`
// prints. An error names the file and line.
func ParseRPMDB(text, name string) ([]RPM, error) {
	var pkgs []RPM
	index := map[string]int{}
	for i, line := range strings.Split(text, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		bad := func(format string, args ...any) error {
			return fmt.Errorf("%s:%d: %s", name, i+1, fmt.Sprintf(format, args...))
		}
		word, rest, _ := strings.Cut(line, " ")
		switch word {
		case "pkg":
			f := strings.Split(rest, "|")
			if len(f) != 9 || f[0] == "" || f[2] == "" || f[3] == "" {
				return nil, bad("pkg: expected NAME|EPOCH|VERSION|RELEASE|ARCH|GROUP|LICENSE|URL|SUMMARY")
			}
			index[f[0]] = len(pkgs)
			pkgs = append(pkgs, RPM{Name: f[0], Epoch: f[1], Version: f[2], Release: f[3], Arch: f[4],
				Group: f[5], License: f[6], URL: f[7], Summary: f[8]})
		case "file", "provides":
			what, owner, ok := strings.Cut(rest, " ")
			k, known := index[owner]
			switch {
			case !ok || what == "":
				return nil, bad("%s: expected a %s and a package", word, map[string]string{"file": "path", "provides": "capability"}[word])
			case !known:
				return nil, bad("%s: package %q is not listed before", word, owner)
			case word == "file" && !path.IsAbs(what):
				return nil, bad("file: %q is not an absolute path", what)
			case word == "file":
				pkgs[k].Files = append(pkgs[k].Files, what)
			default:
				pkgs[k].Provides = append(pkgs[k].Provides, what)
			}
		default:
			return nil, bad("unknown record %q (pkg, file, provides)", word)
		}
	}
	return pkgs, nil
}
