package progkit

import "github.com/hostile-lab/hostile/simhost/shell"

// coreutilsCopyright is the year each coreutils release's --version names.
var coreutilsCopyright = map[string]string{"9.1": "2022", "8.32": "2020", "8.22": "2013"}

// CoreutilsVersion is --version of a coreutils program, as seen on Debian
// 12 (9.1) and 11 (8.32).
func CoreutilsVersion(p *shell.Proc, prog, authors string) int {
	return coreutilsVersion(p, prog, "GNU coreutils", authors)
}

// CoreutilsVersionOf is --version of a coreutils program that names its
// package pkg ("coreutils" for dd, and cksum before 9.0, "GNU coreutils"
// for the others).
func CoreutilsVersionOf(p *shell.Proc, prog, pkg, authors string) int {
	return coreutilsVersion(p, prog, pkg, authors)
}

func coreutilsVersion(p *shell.Proc, prog, pkg, authors string) int {
	v := p.M.P.Version("coreutils")
	year, ok := coreutilsCopyright[v]
	if !ok {
		p.NotEmulated("--version text of coreutils " + v)
		p.Printf("%s (%s) %s\n", prog, pkg, v)
		return 0
	}
	p.Printf("%s (%s) %s\nCopyright (C) %s Free Software Foundation, Inc.\n%s\nWritten by %s.\n", prog, pkg, v, year, GNULicence, authors)
	return 0
}
