package vfs_test

import (
	"bytes"
	"io"
	"math/rand/v2"
	"os"
	"runtime"
	"syscall"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/hostile-lab/hostile/simhost/vfs"
)

var _ = Describe("a mount's size", func() {
	var v *vfs.FS
	BeforeEach(func() {
		v = vfs.New()
		must(v.AddMount(vfs.Mount{Path: "/small", SizeBytes: 1 << 20, SystemBytes: 1<<20 - 1000}))
		must(v.Chmod(root, "/small", 0o777))
	})

	It("is all that writes may fill, after what the system takes, and Usage says what df shows", func() {
		used, m := v.Usage("/small")
		Expect(used).To(Equal(int64(1<<20 - 1000)))
		Expect(m.SizeBytes).To(Equal(int64(1 << 20)))

		h := mustGet(v.OpenFile(alice, "/small/big", os.O_WRONLY|os.O_CREATE, 0o644))
		chunk := bytes.Repeat([]byte("y\n"), 256)
		var wrote int
		var err error
		for err == nil {
			var n int
			n, err = h.Write(chunk)
			wrote += n
		}
		Expect(err).To(failWith("write", "/small/big", syscall.ENOSPC))
		Expect(wrote).To(Equal(1000))
		used, _ = v.Usage("/small")
		Expect(used).To(Equal(m.SizeBytes), "df: 100% used")
		Expect(v.WriteFile(alice, "/small/more", []byte("x"), 0o644)).To(MatchError(syscall.ENOSPC))

		must(v.Unlink(alice, "/small/big"))
		must(v.WriteFile(alice, "/small/more", make([]byte, 1000), 0o644))
	})
})

var _ = Describe("a file's bytes", func() {
	var v *vfs.FS
	BeforeEach(func() { v = vfs.New() })

	It("read back as written across chunk boundaries, with holes and shrinks reading as zeros", func() {
		const size = 300_000 // several 64 KiB chunks and a partial one
		want := make([]byte, 0, size)
		h := mustGet(v.OpenFile(root, "/f", os.O_RDWR|os.O_CREATE, 0o644))
		rng := rand.New(rand.NewPCG(1, 2))
		for len(want) < size {
			piece := make([]byte, 1+rng.IntN(9000))
			for i := range piece {
				piece[i] = byte(rng.Uint32())
			}
			mustGet(h.Write(piece))
			want = append(want, piece...)
		}
		Expect(mustGet(v.ReadFile(root, "/f"))).To(Equal(want))

		By("shrinking into a chunk, then growing: the bytes past the cut are zeros")
		must(h.Truncate(70_000))
		must(h.Truncate(200_000))
		want = append(want[:70_000], make([]byte, 130_000)...)
		Expect(mustGet(v.ReadFile(root, "/f"))).To(Equal(want))

		By("writing past the end: the hole reads as zeros")
		mustGet(h.WriteAt([]byte("end"), 500_000))
		want = append(want, make([]byte, 300_000)...)
		want = append(want, "end"...)
		got := make([]byte, len(want)+10)
		n, err := h.ReadAt(got, 0)
		Expect(err).To(Equal(io.EOF))
		Expect(got[:n]).To(Equal(want))
		Expect(stat(v, "/f").Size).To(Equal(int64(len(want))))
	})

	It("cost about their size in memory when written in small pieces", func() {
		const size = 64 << 20
		before := liveHeap()
		h := mustGet(v.OpenFile(root, "/big", os.O_WRONLY|os.O_CREATE, 0o644))
		line := []byte("y\n")
		buf := bytes.Repeat(line, 2048) // 4 KiB, as yes writes
		for written := 0; written < size; written += len(buf) {
			mustGet(h.Write(buf))
		}
		grew := int64(liveHeap()) - int64(before)
		Expect(grew).To(BeNumerically("<", size*11/10), "live heap for a %d-byte file", size)
		Expect(stat(v, "/big").Size).To(Equal(int64(size)))
		runtime.KeepAlive(v)
	})
})

func liveHeap() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

func mustGet[T any](v T, err error) T {
	ExpectWithOffset(1, err).NotTo(HaveOccurred())
	return v
}
