package vfs_test

import (
	"errors"
	"io/fs"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/types"

	"github.com/hostile-lab/hostile/harness/hostiletest"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

func TestVFS(t *testing.T) {
	hostiletest.RunSuite(t, "vfs suite")
}

var (
	root  = vfs.Root
	alice = vfs.Cred{UID: 1000, GID: 1000, Groups: []int{100}}
	bob   = vfs.Cred{UID: 1001, GID: 1001, Groups: []int{100}}
	carol = vfs.Cred{UID: 1002, GID: 1002}
)

// epoch is the start of the fake clock every spec uses.
var epoch = time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)

// newFS returns a filesystem whose clock ticks one second per reading, and
// the function reading that clock's last value.
func newFS() (*vfs.FS, func() time.Time) {
	var ticks atomic.Int64
	f := vfs.New()
	f.SetClock(func() time.Time { return epoch.Add(time.Duration(ticks.Add(1)) * time.Second) })
	return f, func() time.Time { return epoch.Add(time.Duration(ticks.Load()) * time.Second) }
}

// failWith matches a *fs.PathError with the given op, path and errno.
func failWith(op, p string, errno syscall.Errno) types.GomegaMatcher {
	return And(
		MatchError(errno),
		WithTransform(func(err error) [2]string {
			var pe *fs.PathError
			if !errors.As(err, &pe) {
				return [2]string{"not a *fs.PathError", ""}
			}
			return [2]string{pe.Op, pe.Path}
		}, Equal([2]string{op, p})),
	)
}

// must fails the spec on err.
func must(err error) { ExpectWithOffset(1, err).NotTo(HaveOccurred()) }

func stat(f *vfs.FS, p string) *vfs.Info {
	i, err := f.Lstat(root, p)
	ExpectWithOffset(1, err).NotTo(HaveOccurred())
	return i
}
