// Patched for hostile (see ../PATCHES.md, "Behaviour patches"): an
// associative array lists its keys in bash's order, which scripts see in
// "${!m[@]}", "${m[@]}" and declare -p.

package expand

import (
	"slices"
	"strings"
)

// bashAssocBuckets is the number of buckets of a bash associative array
// (ASSOC_HASH_BUCKETS in bash's assoc.h); bash grows a table only past
// twice as many entries.
const bashAssocBuckets = 1024

// BashHash is bash's hash_string (hashlib.c): 32-bit FNV-1, the multiply
// before the xor. Bash files its variables and associative arrays by it.
func BashHash(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h *= 16777619
		h ^= uint32(s[i])
	}
	return h
}

// AssocKeys are the keys of an associative array in the order bash walks
// its hash table: bucket by bucket. Bash puts the newest key first within a
// bucket; the map keeps no insertion order, so keys sharing a bucket (rare
// below a few dozen keys) come in byte order.
func (v Variable) AssocKeys() []string {
	keys := make([]string, 0, len(v.Map))
	for k := range v.Map {
		keys = append(keys, k)
	}
	bucket := func(k string) uint32 { return BashHash(k) & (bashAssocBuckets - 1) }
	slices.SortFunc(keys, func(a, b string) int {
		if ba, bb := bucket(a), bucket(b); ba != bb {
			if ba < bb {
				return -1
			}
			return 1
		}
		return strings.Compare(a, b)
	})
	return keys
}

// AssocValues are the values of an associative array in the order of
// AssocKeys.
func (v Variable) AssocValues() []string {
	keys := v.AssocKeys()
	vals := make([]string, len(keys))
	for i, k := range keys {
		vals[i] = v.Map[k]
	}
	return vals
}
