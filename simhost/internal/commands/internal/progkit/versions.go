package progkit

import (
	"strings"

	"github.com/hostile-lab/hostile/simhost/internal/pkgdb"
	"github.com/hostile-lab/hostile/simhost/shell"
)

// ToolVersion is the upstream version of a package on the host: from its
// package database when it has one, else what the personality's release
// ships (Debian 12, Debian 11), "" when neither says.
func ToolVersion(p *shell.Proc, pkg string, shipped map[string]string) string {
	if db, ok := pkgdb.Read(p.M.FS); ok {
		if found, ok := db.Find(pkg); ok && found.Installed() {
			v := found.Get("Version")
			if _, rest, ok := strings.Cut(v, ":"); ok {
				v = rest // drop an epoch
			}
			v, _, _ = strings.Cut(v, "-")
			v, _, _ = strings.Cut(v, "+")
			return v
		}
	}
	return shipped[p.M.P.Name]
}

// PrintVersion prints the captured --version text of a tool's version, or
// only its first line (and a not-emulated event) for a version not captured.
func PrintVersion(p *shell.Proc, version string, texts map[string]string, firstLine string) int {
	if text, ok := texts[version]; ok {
		p.Printf("%s", text)
		return 0
	}
	p.NotEmulated("--version text of " + firstLine + version)
	p.Printf("%s%s\n", firstLine, version)
	return 0
}

// GNULicence is the licence paragraph of every GNU tool's --version.
const GNULicence = `License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.
This is free software: you are free to change and redistribute it.
There is NO WARRANTY, to the extent permitted by law.
`
