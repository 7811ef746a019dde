// Package pkgdb reads a host's Debian package database (/var/lib/dpkg/status and
// the file lists in /var/lib/dpkg/info) from its virtual filesystem: what dpkg,
// dpkg-query and apt-get report, and how the shell knows that a program it does
// not emulate exists on the real host.
package pkgdb

import (
	"path"
	"sort"
	"strings"

	"github.com/hostile-lab/hostile/simhost/vfs"
)

// StatusPath and InfoDir are where dpkg keeps its database.
const (
	StatusPath = "/var/lib/dpkg/status"
	InfoDir    = "/var/lib/dpkg/info"
)

// Package is one stanza of the status file.
type Package struct {
	Fields []Field // in the file's order
}

// Field is one "Name: value" of a stanza; continuation lines stay in Value,
// joined by newlines with their leading space.
type Field struct {
	Name, Value string
}

// Get returns a field's value ("" when absent); names are case-insensitive.
func (p Package) Get(name string) string {
	for _, f := range p.Fields {
		if strings.EqualFold(f.Name, name) {
			return f.Value
		}
	}
	return ""
}

// Name is the package's name.
func (p Package) Name() string { return p.Get("Package") }

// Installed reports whether dpkg considers it installed ("install ok installed").
func (p Package) Installed() bool {
	return strings.HasSuffix(p.Get("Status"), " installed")
}

// DB is a host's package database as read at one moment.
type DB struct {
	Packages []Package // sorted by name
	// Referenced are the names that the packages' relationships (Depends,
	// Suggests, Conflicts, Provides...) mention and that have no stanza:
	// dpkg knows them too, as not installed with no information (`dpkg -l
	// ufw` lists "un ufw <none>" on a host whose openssh-server suggests it).
	Referenced []Package
	fs         *vfs.FS
}

// relationFields are the fields whose package names dpkg enters in its
// database.
var relationFields = []string{"Depends", "Pre-Depends", "Recommends", "Suggests", "Enhances",
	"Breaks", "Conflicts", "Replaces", "Provides"}

// referenced are the packages named only in relationships, sorted.
func referenced(pkgs []Package) []Package {
	known := map[string]bool{}
	for _, p := range pkgs {
		known[p.Name()] = true
	}
	var names []string
	for _, p := range pkgs {
		for _, field := range relationFields {
			for _, alt := range strings.FieldsFunc(p.Get(field), func(r rune) bool { return r == ',' || r == '|' }) {
				name, _, _ := strings.Cut(strings.TrimSpace(alt), " ")
				name, _, _ = strings.Cut(name, ":")
				name, _, _ = strings.Cut(name, "(")
				if name != "" && !known[name] {
					known[name] = true
					names = append(names, name)
				}
			}
		}
	}
	sort.Strings(names)
	out := make([]Package, len(names))
	for i, n := range names {
		out[i] = Package{Fields: []Field{{"Package", n}, {"Status", "unknown ok not-installed"}}}
	}
	return out
}

// Read parses the status file; ok is false when the host has none (not a
// Debian host, or a base system captured without it).
func Read(fsys *vfs.FS) (db *DB, ok bool) {
	data, err := fsys.ReadFile(vfs.Root, StatusPath)
	if err != nil {
		return nil, false
	}
	pkgs := Parse(string(data))
	db = &DB{Packages: pkgs, Referenced: referenced(pkgs), fs: fsys}
	return db, true
}

// Listed reports whether the host's package database has a stanza for name,
// without parsing the rest: what a program's presence is decided by when
// the host starts, on every start.
func Listed(fsys *vfs.FS, name string) bool {
	data, err := fsys.ReadFile(vfs.Root, StatusPath)
	if err != nil {
		return false
	}
	stanza := "Package: " + name + "\n"
	return strings.HasPrefix(string(data), stanza) || strings.Contains(string(data), "\n"+stanza)
}

// Parse splits a status file into its stanzas.
func Parse(text string) []Package {
	var out []Package
	var cur Package
	flush := func() {
		if len(cur.Fields) > 0 {
			out = append(out, cur)
		}
		cur = Package{}
	}
	for _, line := range strings.Split(text, "\n") {
		switch {
		case line == "":
			flush()
		case line[0] == ' ' || line[0] == '\t':
			if n := len(cur.Fields); n > 0 {
				cur.Fields[n-1].Value += "\n" + line
			}
		default:
			name, value, _ := strings.Cut(line, ":")
			cur.Fields = append(cur.Fields, Field{Name: name, Value: strings.TrimLeft(value, " ")})
		}
	}
	flush()
	sort.SliceStable(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out
}

// Find returns the package of that name.
func (db *DB) Find(name string) (Package, bool) {
	name, _, _ = strings.Cut(name, ":") // bash:amd64
	for _, p := range db.Packages {
		if p.Name() == name {
			return p, true
		}
	}
	return Package{}, false
}

// Match returns the packages whose name matches a dpkg-query pattern (shell
// glob), those only referenced among them, in name order.
func (db *DB) Match(pattern string) []Package {
	pattern, _, _ = strings.Cut(pattern, ":")
	var out []Package
	for _, list := range [][]Package{db.Packages, db.Referenced} {
		for _, p := range list {
			if ok, _ := path.Match(pattern, p.Name()); ok {
				out = append(out, p)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out
}

// Files lists what a package installed, from its file list; ok is false when
// the host has no list for it.
func (db *DB) Files(pkg Package) (files []string, ok bool) {
	for _, name := range []string{pkg.Name() + ".list", pkg.Name() + ":" + pkg.Get("Architecture") + ".list"} {
		data, err := db.fs.ReadFile(vfs.Root, path.Join(InfoDir, name))
		if err == nil {
			return strings.Split(strings.TrimSuffix(string(data), "\n"), "\n"), true
		}
	}
	return nil, false
}

// Owner finds the installed package whose file list holds one of the paths
// (a program's /usr/bin/NAME, /bin/NAME, ...). known is false when the host has
// no file lists at all, or only lists whose content the installed system's
// capture left out, so nothing can be said either way.
func Owner(fsys *vfs.FS, paths []string) (pkg, file string, known bool) {
	entries, err := fsys.ReadDir(vfs.Root, InfoDir)
	if err != nil {
		return "", "", false
	}
	want := map[string]bool{}
	for _, p := range paths {
		want[p] = true
	}
	for _, e := range entries {
		name, isList := strings.CutSuffix(e.Name, ".list")
		if !isList {
			continue
		}
		list := path.Join(InfoDir, e.Name)
		if fsys.Omitted(list) {
			continue // its size is the real one, its content unknown
		}
		known = true
		data, err := fsys.ReadFile(vfs.Root, list)
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(data), "\n") {
			if want[line] {
				name, _, _ = strings.Cut(name, ":")
				return name, line, true
			}
		}
	}
	return "", "", known
}
