package system

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
)

func init() {
	shell.Register(shell.Command{Name: "pvs", Only: "solaris", Dir: "/usr/ccs/bin", Run: solarisPvs})
}

// solarisPvs is Solaris' pvs(1), which shows an ELF object's version
// definitions (-d) — not LVM's pvs. Asked about the host's libc it lists the
// versions the libc provides, newest first: how a careful product learns which
// SUNW_ versions a pushed binary may need.
func solarisPvs(p *shell.Proc) int {
	g := progkit.Getopt{Short: "CdlnorsvI:N:", SolarisUsage: "usage: pvs [-Cdlnorsv] [-I index] [-N name] file(s)\n", SolarisStatus: 1}
	c, code, ok := g.Parse(p, p.Args())
	if !ok {
		return code
	}
	files := c.Operands
	if len(files) == 0 {
		return g.Fail(p, "")
	}
	libc := p.Libc()
	status := 0
	for _, f := range files {
		abs := p.Abs(f)
		real, err := p.M.FS.Realpath(p.Cred(), abs)
		if err != nil {
			fmt.Fprintf(p.Stderr, "pvs: %s: open failed: %s\n", f, p.Strerror(err))
			status = 1
			continue
		}
		if real != libc.Path && real != "/usr"+libc.Path {
			continue // an object with no version definitions prints nothing
		}
		if !c.Has("d") && c.Has("r") {
			continue
		}
		versions := slices.Clone(libc.Versions)
		slices.Reverse(versions)
		if c.Has("n") {
			versions = newestOfEachChain(versions)
		} else {
			versions = append([]string{libc.Soname}, versions...)
		}
		prefix := "\t"
		if len(files) > 1 || c.Has("o") {
			prefix = "\t" + f + " -\t"
		}
		for _, v := range versions {
			fmt.Fprintf(p.Stdout, "%s%s;\n", prefix, v)
		}
	}
	return status
}

// newestOfEachChain keeps the first (newest) version of each family: SUNW_,
// SUNWprivate_, SYSVABI_.
func newestOfEachChain(newestFirst []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, v := range newestFirst {
		family, _, _ := strings.Cut(v, "_")
		if !seen[family] {
			seen[family] = true
			out = append(out, v)
		}
	}
	return out
}
