package shell

import (
	"slices"
	"strings"

	"mvdan.cc/sh/v3/expand"
)

// bashVarBuckets is the size of bash's table of variables
// (VARIABLES_HASH_BUCKETS), dashVarBuckets dash's (VTABSIZE).
const (
	bashVarBuckets = 1024
	dashVarBuckets = 39
)

// exportOrder puts a program's environment in the order the shell builds
// it, which `env` shows: bash walks its variable table bucket by bucket
// (FNV-1 of the name), dash its own (the first byte times 16 plus every
// byte, modulo 39). Within a bucket each shell keeps the order the names
// were set in, which the host does not keep: names sharing a bucket keep
// their order here, for dash the order bash (its usual parent) passed them
// in. _ is left where it is: bash adds it last.
func exportOrder(env []string, flavour string) []string {
	name := func(kv string) string { n, _, _ := strings.Cut(kv, "="); return n }
	bucket := func(name string) uint32 { return expand.BashHash(name) % bashVarBuckets }
	if flavour == "dash" {
		env = exportOrder(env, "bash")
		bucket = func(name string) uint32 {
			if name == "" {
				return 0
			}
			h := uint32(name[0]) << 4
			for i := 0; i < len(name); i++ {
				h += uint32(name[i])
			}
			return h % dashVarBuckets
		}
	}
	slices.SortStableFunc(env, func(a, b string) int {
		return int(bucket(name(a))) - int(bucket(name(b)))
	})
	return env
}
