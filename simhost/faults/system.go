package faults

import (
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/hostile-lab/hostile/simhost/vfs"
)

// Helpers the system-depth faults share: the loader's symbol versions and the
// filesystem faults' path and operation filters.

// fsOps are the operation names the host's filesystem reports to faults
// (vfs.Op.Name).
var fsOps = []string{"access", "chmod", "chown", "lchown", "link", "lstat", "mkdir", "open", "opendir",
	"readlink", "realpath", "rename", "rmdir", "stat", "symlink", "unlink", "utimes", "write"}

// checkPath validates the path parameter of a filesystem fault: an absolute
// directory tree ("/data") or glob ("/var/log/*.log").
func checkPath(p string) error {
	if err := Check(!strings.HasPrefix(p, "/"), "path", "%q is not an absolute path", p); err != nil {
		return err
	}
	_, err := path.Match(p, "/")
	return Check(err != nil, "path", "%q is not a valid glob: %v", p, err)
}

// checkOps validates a list of operation names.
func checkOps(ops []string) error {
	for _, op := range ops {
		if !slices.Contains(fsOps, op) {
			return Check(true, "ops", "%q is not an operation (known: %s)", op, strings.Join(fsOps, ", "))
		}
	}
	return nil
}

// onPath reports whether op is under the fault's path parameter; scope.path,
// when set, has already been checked by the time a hook runs.
func onPath(op *vfs.Op, p string) bool { return underOrMatches(op.Path, p) }

// symbolVersion is a libc symbol version split into its family's prefix and
// its numbers: GLIBC_2.3.4 is ("GLIBC_", [2 3 4]).
type symbolVersion struct {
	prefix string
	nums   []int
}

// parseSymbolVersion reads "GLIBC_2.34", "SUNW_1.22", or a bare glibc release
// "2.31"; ok is false for anything else (SUNWprivate_1.1, SYSVABI_1.3).
func parseSymbolVersion(s string) (v symbolVersion, ok bool) {
	switch {
	case strings.HasPrefix(s, "GLIBC_"):
		v.prefix, s = "GLIBC_", s[len("GLIBC_"):]
	case strings.HasPrefix(s, "SUNW_"):
		v.prefix, s = "SUNW_", s[len("SUNW_"):]
	default:
		v.prefix = "GLIBC_"
	}
	parts := strings.Split(s, ".")
	if len(parts) < 2 || len(parts) > 3 {
		return symbolVersion{}, false
	}
	for _, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || strconv.Itoa(n) != p {
			return symbolVersion{}, false
		}
		v.nums = append(v.nums, n)
	}
	return v, true
}

// family is the personality.Libc family whose versions carry v's prefix.
func (v symbolVersion) family() string {
	if v.prefix == "SUNW_" {
		return "solaris"
	}
	return "glibc"
}

// libcVersion is v as personality.Libc.Version writes it: "2.31" for glibc,
// "SUNW_1.22" for Solaris.
func (v symbolVersion) libcVersion() string {
	s := make([]string, len(v.nums))
	for i, n := range v.nums {
		s[i] = strconv.Itoa(n)
	}
	if v.prefix == "GLIBC_" {
		return strings.Join(s, ".")
	}
	return v.prefix + strings.Join(s, ".")
}

// compare orders two versions of one family by their numbers.
func (v symbolVersion) compare(w symbolVersion) int { return slices.Compare(v.nums, w.nums) }
