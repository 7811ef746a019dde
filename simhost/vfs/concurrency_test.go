package vfs_test

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"sync"
	"syscall"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/hostile-lab/hostile/simhost/vfs"
)

// Run with go test -race to be meaningful.
var _ = Describe("concurrent use", func() {
	const workers, rounds = 8, 40

	It("keeps the tree consistent under parallel operations", func() {
		v, _ := newFS()
		must(v.Mkdir(root, "/tmp", 0o777|fs.ModeSticky))
		must(v.AddMount(vfs.Mount{Path: "/q", QuotaBytes: 5000}))
		must(v.Chmod(root, "/q", 0o777))

		var wg sync.WaitGroup
		for i := range workers {
			wg.Go(func() {
				defer GinkgoRecover()
				c := vfs.Cred{UID: 1000 + i, GID: 1000 + i}
				dir := fmt.Sprintf("/tmp/u%d", i)
				must(v.Mkdir(c, dir, 0o755))
				for j := range rounds {
					p := fmt.Sprintf("%s/f%d", dir, j)
					must(v.WriteFile(c, p, []byte(p), 0o644))
					must(v.Rename(c, p, p+".old"))
					must(v.Link(c, p+".old", p))
					must(v.Unlink(c, p+".old"))
					_, err := v.ReadDir(c, "/tmp")
					Expect(err).NotTo(HaveOccurred())
					_, err = v.Stat(c, p)
					Expect(err).NotTo(HaveOccurred())
					// Everyone competes for the quota; failures must be ENOSPC.
					if err := v.WriteFile(c, fmt.Sprintf("/q/u%d-%d", i, j), make([]byte, 30), 0o644); err != nil {
						Expect(err).To(MatchError(syscall.ENOSPC))
					}
					_, _ = v.Usage("/q")
					_ = v.Mounts()
				}
			})
		}
		wg.Wait()

		Expect(stat(v, "/tmp").Nlink).To(Equal(2 + workers))
		for i := range workers {
			l, err := v.ReadDir(root, fmt.Sprintf("/tmp/u%d", i))
			Expect(err).NotTo(HaveOccurred())
			Expect(l).To(HaveLen(rounds))
			for _, e := range l {
				Expect(e.Nlink).To(Equal(1))
			}
		}
		l, err := v.ReadDir(root, "/q")
		Expect(err).NotTo(HaveOccurred())
		var sum int64
		for _, e := range l {
			sum += e.Size
		}
		used, _ := v.Usage("/q")
		Expect(used).To(Equal(sum))
		Expect(used).To(Equal(int64(5000)))
	})

	It("serializes appends from handles in different goroutines", func() {
		v, _ := newFS()
		must(v.WriteFile(root, "/log", nil, 0o666))
		line := []byte("0123456789abcdef\n")
		var wg sync.WaitGroup
		for range workers {
			wg.Go(func() {
				defer GinkgoRecover()
				h, err := v.OpenFile(alice, "/log", os.O_WRONLY|os.O_APPEND, 0)
				Expect(err).NotTo(HaveOccurred())
				for range rounds {
					Expect(h.Write(line)).To(Equal(len(line)))
				}
				Expect(h.Close()).To(Succeed())
			})
		}
		wg.Wait()
		b, err := v.ReadFile(root, "/log")
		Expect(err).NotTo(HaveOccurred())
		Expect(b).To(Equal(bytes.Repeat(line, workers*rounds)))
	})
})
