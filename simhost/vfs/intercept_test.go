package vfs_test

import (
	"strings"
	"syscall"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/hostile-lab/hostile/simhost/vfs"
)

var _ = Describe("an interceptor", func() {
	It("sees every operation, can fail writes, change who acts, and be removed", func() {
		v, _ := newFS()
		must(v.MkdirAll(root, "/data", 0o777))
		var seen []string
		v.SetInterceptor(func(op *vfs.Op) error {
			seen = append(seen, op.Name+" "+op.Path)
			if op.Write && strings.HasPrefix(op.Path, "/data/ro") {
				return syscall.EROFS
			}
			if op.Cred.UID == 0 && strings.HasPrefix(op.Path, "/data/squash") {
				op.Cred = vfs.Cred{UID: 65534, GID: 65534}
			}
			return nil
		})
		Expect(v.WriteFile(root, "/data/ro.txt", []byte("x"), 0o644)).To(MatchError(syscall.EROFS))
		must(v.WriteFile(root, "/data/squash.txt", []byte("x"), 0o644))
		Expect(stat(v, "/data/squash.txt").UID).To(Equal(65534))
		Expect(seen).To(ContainElements("open /data/ro.txt", "open /data/squash.txt", "write /data/squash.txt"))

		v.SetInterceptor(nil)
		must(v.WriteFile(root, "/data/ro.txt", []byte("x"), 0o644))
	})
})
