package elfbin

import (
	"bytes"
	"debug/elf"
	"encoding/binary"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// Needs is what a binary requires of a host, read from its bytes.
type Needs struct {
	Machine elf.Machine
	Class   elf.Class
	Order   binary.ByteOrder
	// Static is true when the binary needs nothing of the host's loader: no
	// interpreter and no libraries (so a static-pie counts as static too).
	Static    bool
	Interp    string              // PT_INTERP path, "" when none
	Libraries []string            // DT_NEEDED, in file order
	Versions  map[string][]string // per library, the version names needed, in file order; nil when none
}

// Read returns the needs of any ELF file, ours or a real toolchain's, through
// debug/elf — the same parser the simulated hosts use to decide.
func Read(b []byte) (Needs, error) {
	f, err := elf.NewFile(bytes.NewReader(b))
	if err != nil {
		return Needs{}, fmt.Errorf("elfbin: %w", err)
	}
	defer f.Close()
	n := Needs{Machine: f.Machine, Class: f.Class, Order: f.ByteOrder}
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			path, err := io.ReadAll(p.Open())
			if err != nil {
				return Needs{}, fmt.Errorf("elfbin: PT_INTERP: %w", err)
			}
			n.Interp = strings.TrimRight(string(path), "\x00")
		}
	}
	if n.Libraries, err = f.ImportedLibraries(); err != nil {
		return Needs{}, fmt.Errorf("elfbin: DT_NEEDED: %w", err)
	}
	n.Static = n.Interp == "" && len(n.Libraries) == 0
	// DynamicVersionNeeds reports a missing version table as an error; a
	// binary without one simply needs no versions.
	if f.SectionByType(elf.SHT_GNU_VERSYM) == nil || f.SectionByType(elf.SHT_GNU_VERNEED) == nil {
		return n, nil
	}
	needs, err := f.DynamicVersionNeeds()
	if err != nil {
		return Needs{}, fmt.Errorf("elfbin: version needs: %w", err)
	}
	for _, need := range needs {
		if n.Versions == nil {
			n.Versions = map[string][]string{}
		}
		for _, dep := range need.Needs {
			n.Versions[need.Name] = append(n.Versions[need.Name], dep.Dep)
		}
	}
	return n, nil
}

// Newest returns the highest version named prefix+N(.N)* needed from lib (from
// any library when lib is ""), comparing numerically part by part, so
// GLIBC_2.34 beats GLIBC_2.4 and SUNW_1.23 beats SUNW_1.9. Names that are not
// numbered, like GLIBC_PRIVATE, never win. It returns "" when none match.
func (n Needs) Newest(lib, prefix string) string {
	libs := []string{lib}
	if lib == "" {
		libs = slices.Sorted(maps.Keys(n.Versions))
	}
	var best string
	var bestNum []int
	for _, l := range libs {
		for _, v := range n.Versions[l] {
			if num := versionNumber(v, prefix); num != nil && (bestNum == nil || slices.Compare(num, bestNum) > 0) {
				best, bestNum = v, num
			}
		}
	}
	return best
}

// versionNumber is the parts of the number after prefix ("GLIBC_" or
// "GLIBC"), or nil when v has another prefix or is not a number.
func versionNumber(v, prefix string) []int {
	rest, ok := strings.CutPrefix(v, prefix)
	if !ok {
		return nil
	}
	var num []int
	for part := range strings.SplitSeq(strings.TrimPrefix(rest, "_"), ".") {
		i, err := strconv.Atoi(part)
		if err != nil || i < 0 {
			return nil
		}
		num = append(num, i)
	}
	return num
}
