package packages

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/hostile-lab/hostile/simhost/internal/pkgdb"
	"github.com/hostile-lab/hostile/simhost/shell"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

// dpkgSearch is dpkg-query -S (dpkg -S): which installed packages list a
// path, for each pattern. A pattern that starts with none of "*[?/" is
// searched as *pattern*; one with no wildcard left is a path, found exactly
// (trailing slashes dropped); any other is matched with fnmatch(3) with no
// flags, so '*' crosses '/'. Matches come in the order of dpkg's file-name
// hash table (FNV-1 of the path without its leading '/', over 262139 bins),
// each with the diversions of the path first.
func dpkgSearch(p *shell.Proc, prog string, db *pkgdb.DB, patterns []string) int {
	if len(patterns) == 0 {
		fmt.Fprintf(p.Stderr, "%s: error: --search needs at least one file name pattern argument\n\nUse --help for help about querying packages.\n", prog)
		return 2
	}
	owners := map[string][]string{}
	for _, pkg := range db.Packages {
		if !pkg.Installed() {
			continue
		}
		files, ok := db.Files(pkg)
		if !ok {
			p.NotEmulated("dpkg -S over package " + pkg.Name() + ", whose file list the host lacks")
			continue
		}
		for _, f := range files {
			if f != "" && !slices.Contains(owners[f], dpkgBinaryName(pkg)) {
				owners[f] = append(owners[f], dpkgBinaryName(pkg))
			}
		}
	}
	diversions := dpkgDiversions(p)
	status := 0
	for _, pat := range patterns {
		if !strings.ContainsAny(pat[:min(1, len(pat))], "*[?/") {
			pat = "*" + pat + "*"
		}
		var found []string
		if !strings.ContainsAny(pat, "*[?\\") {
			name := strings.TrimRight(pat, "/")
			for strings.HasSuffix(name, "/.") {
				name = strings.TrimRight(strings.TrimSuffix(name, "/."), "/")
			}
			if len(owners[name]) > 0 || diversions[name] != nil {
				found = []string{name}
			}
		} else {
			re := fnmatchRegexp(pat)
			for name := range owners {
				if re.MatchString(name) {
					found = append(found, name)
				}
			}
			slices.SortFunc(found, func(a, b string) int { return int(dpkgFileBin(a)) - int(dpkgFileBin(b)) })
		}
		if len(found) == 0 {
			fmt.Fprintf(p.Stderr, "dpkg-query: no path found matching pattern %s\n", pat)
			status = 1
			continue
		}
		for _, name := range found {
			for _, d := range diversions[name] {
				p.Printf("%s\n", d)
			}
			if pkgs := owners[name]; len(pkgs) > 0 {
				if len(pkgs) > 1 {
					p.NotEmulated("dpkg -S's order of the packages sharing " + name)
				}
				p.Printf("%s: %s\n", strings.Join(pkgs, ", "), name)
			}
		}
	}
	return status
}

// dpkgFileBin is the bin of dpkg's file-name hash a path falls in.
func dpkgFileBin(name string) uint32 {
	h := uint32(2166136261)
	for _, c := range []byte(strings.TrimLeft(name, "/")) {
		h ^= uint32(c)
		h *= 16777619
	}
	return h % 262139
}

// dpkgDiversions reads /var/lib/dpkg/diversions (from, to, package; "local"
// for dpkg-divert --local) into the lines dpkg -S prints for either path.
func dpkgDiversions(p *shell.Proc) map[string][]string {
	out := map[string][]string{}
	data, err := p.M.FS.ReadFile(vfs.Root, "/var/lib/dpkg/diversions")
	if err != nil {
		return out
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	for i := 0; i+2 < len(lines); i += 3 {
		from, to, pkg := lines[i], lines[i+1], lines[i+2]
		by := "diversion by " + pkg
		if pkg == ":" {
			by = "local diversion"
		}
		text := []string{by + " from: " + from, by + " to: " + to}
		out[from] = append(out[from], text...)
		out[to] = append(out[to], text...)
	}
	return out
}

// fnmatchRegexp is fnmatch(3)'s pattern with no flags: '*' and '?' match
// any character, '/' too; [...] and [!...] are sets; '\' quotes.
func fnmatchRegexp(pat string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString("^")
	for i := 0; i < len(pat); i++ {
		switch c := pat[i]; c {
		case '*':
			b.WriteString("(?s:.*)")
		case '?':
			b.WriteString("(?s:.)")
		case '\\':
			if i+1 < len(pat) {
				i++
			}
			b.WriteString(regexp.QuoteMeta(pat[i : i+1]))
		case '[':
			end := strings.IndexByte(pat[i+1:], ']')
			if end == 0 && i+2 < len(pat) { // a leading ']' is a member
				end = strings.IndexByte(pat[i+2:], ']') + 1
			}
			if end <= 0 {
				b.WriteString(`\[`)
				continue
			}
			set := pat[i+1 : i+1+end]
			if strings.HasPrefix(set, "!") {
				set = "^" + set[1:]
			}
			b.WriteString("[" + strings.ReplaceAll(set, `\`, `\\`) + "]")
			i += end + 1
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	b.WriteString("$")
	re, err := regexp.Compile(b.String())
	if err != nil {
		return regexp.MustCompile(`^` + regexp.QuoteMeta(pat) + `$`)
	}
	return re
}
