package faults

import (
	"debug/elf"

	"github.com/hostile-lab/hostile/simhost/personality"
)

// OldLibc makes the host's C library older than its personality's, as on a
// customer's earlier OS update (the 000 escalation): a pushed binary that needs
// a newer symbol version then fails to load with the loader's exact words, e.g.
// "version `GLIBC_2.34' not found" (glibc) or "ld.so.1: rsync: fatal: libc.so.1:
// version `SUNW_1.23' not found" and Killed (Solaris). The version applies to
// hosts of its own family: a glibc version leaves a Solaris host alone and the
// other way round; a version no older than the host's changes nothing.
type OldLibc struct {
	Version string `json:"version" help:"the newest symbol version the libc provides: 2.31 or GLIBC_2.31 for glibc, SUNW_1.22 for Solaris"`

	v symbolVersion
}

func init() {
	Register(Type{Name: "old-libc", Depth: System, Summary: "the host's libc is older than its personality's: newer binaries fail to load",
		New: func() Fault { return &OldLibc{Version: "2.31"} }})
}

// Validate checks the version's form.
func (o *OldLibc) Validate() error {
	v, ok := parseSymbolVersion(o.Version)
	if err := Check(!ok, "version", "%q is not a libc version such as 2.31, GLIBC_2.31 or SUNW_1.22", o.Version); err != nil {
		return err
	}
	o.v = v
	return nil
}

// Loader caps the libc at the version: Version becomes it and Versions drop
// every newer version of the family.
func (o *OldLibc) Loader(libc personality.Libc, machines []elf.Machine) (personality.Libc, []elf.Machine) {
	cur, ok := parseSymbolVersion(libc.Version)
	if !ok || libc.Family != o.v.family() || cur.prefix != o.v.prefix || o.v.compare(cur) >= 0 {
		return libc, machines
	}
	older := libc
	older.Version = o.v.libcVersion()
	older.Versions = nil
	for _, s := range libc.Versions {
		if v, ok := parseSymbolVersion(s); ok && v.prefix == o.v.prefix && v.compare(o.v) > 0 {
			continue
		}
		older.Versions = append(older.Versions, s)
	}
	return older, machines
}
