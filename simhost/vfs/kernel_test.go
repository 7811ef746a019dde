package vfs_test

import (
	"errors"
	"io/fs"
	"strconv"
	"syscall"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/hostile-lab/hostile/simhost/vfs"
)

var _ = Describe("a per-reader link (KernelSelfLink)", func() {
	var v *vfs.FS
	as := func(pid int) vfs.Cred { return vfs.Cred{UID: 1000, GID: 1000, PID: pid} }

	BeforeEach(func() {
		v, _ = newFS()
		for _, pid := range []string{"1001", "1002"} {
			must(v.KernelFile("/proc/"+pid+"/comm", []byte("pid "+pid+"\n"), 0o644))
			must(v.KernelFile("/proc/"+pid+"/task/"+pid+"/comm", []byte("thread "+pid+"\n"), 0o644))
		}
		must(v.KernelSelfLink("/proc/self", "{pid}"))
		must(v.KernelSelfLink("/proc/thread-self", "{pid}/task/{pid}"))
	})

	It("names each process's own entry, read through it or as a link", func() {
		for _, pid := range []int{1001, 1002} {
			data, err := v.ReadFile(as(pid), "/proc/self/comm")
			Expect(err).NotTo(HaveOccurred())
			Expect(string(data)).To(Equal("pid " + strconv.Itoa(pid) + "\n"))
			data, err = v.ReadFile(as(pid), "/proc/thread-self/comm")
			Expect(err).NotTo(HaveOccurred())
			Expect(string(data)).To(Equal("thread " + strconv.Itoa(pid) + "\n"))
			Expect(v.Readlink(as(pid), "/proc/self")).To(Equal(strconv.Itoa(pid)))
			Expect(v.Readlink(as(pid), "/proc/thread-self")).To(Equal(strconv.Itoa(pid) + "/task/" + strconv.Itoa(pid)))
		}
	})

	It("shows the reader's target in stat and in its directory's listing", func() {
		info, err := v.Lstat(as(1002), "/proc/self")
		Expect(err).NotTo(HaveOccurred())
		Expect(info.Mode & fs.ModeSymlink).NotTo(BeZero())
		Expect(info.Target).To(Equal("1002"))
		Expect(info.Size).To(Equal(int64(4)))
		info, err = v.Stat(as(1001), "/proc/self")
		Expect(err).NotTo(HaveOccurred())
		Expect(info.Mode.IsDir()).To(BeTrue())
		entries, err := v.ReadDir(as(1001), "/proc")
		Expect(err).NotTo(HaveOccurred())
		targets := map[string]string{}
		for _, e := range entries {
			targets[e.Name] = e.Target
		}
		Expect(targets).To(HaveKeyWithValue("self", "1001"))
		Expect(targets).To(HaveKeyWithValue("thread-self", "1001/task/1001"))
	})

	It("names nothing to the host's own look, which is no process", func() {
		_, err := v.Readlink(vfs.Root, "/proc/self")
		Expect(errors.Is(err, syscall.ENOENT)).To(BeTrue(), "%v", err)
		_, err = v.ReadFile(vfs.Root, "/proc/self/comm")
		Expect(errors.Is(err, syscall.ENOENT)).To(BeTrue(), "%v", err)
		_, err = v.Peek("/proc/self")
		Expect(errors.Is(err, syscall.ENOENT)).To(BeTrue(), "%v", err)
	})

	It("leads to nothing for a process whose entry is gone", func() {
		_, err := v.ReadFile(as(1003), "/proc/self/comm")
		Expect(errors.Is(err, syscall.ENOENT)).To(BeTrue(), "%v", err)
	})
})

var _ = Describe("a tree written on demand (OnKernelRead)", func() {
	It("is refreshed before a read under it, and once changed before a read that reaches it through a link, not for reads elsewhere or writes", func() {
		v, _ := newFS()
		must(v.KernelFile("/proc/uptime", []byte("0\n"), 0o444))
		must(v.MkdirAll(vfs.Root, "/etc", 0o755))
		must(v.Symlink(vfs.Root, "../proc/uptime", "/etc/mtab"))
		must(v.MkdirAll(vfs.Root, "/tmp", 0o777))
		refreshes := 0
		v.OnKernelRead("proc", func() {
			refreshes++
			must(v.KernelFile("/proc/uptime", []byte(strconv.Itoa(refreshes)+"\n"), 0o444))
		})

		Expect(v.ReadFile(vfs.Root, "/proc/uptime")).To(Equal([]byte("1\n")), "a path in the tree, always")
		Expect(v.ReadFile(vfs.Root, "/etc/mtab")).To(Equal([]byte("1\n")), "a link into a tree nothing changed")
		v.KernelChanged()
		Expect(v.ReadFile(vfs.Root, "/etc/mtab")).To(Equal([]byte("2\n")), "a link into a changed tree")
		_, err := v.ReadDir(vfs.Root, "/proc")
		Expect(err).NotTo(HaveOccurred())
		Expect(refreshes).To(Equal(3))

		_, err = v.Stat(vfs.Root, "/etc")
		Expect(err).NotTo(HaveOccurred())
		must(v.WriteFile(vfs.Root, "/tmp/x", []byte("x"), 0o644))
		Expect(refreshes).To(Equal(3), "other paths and writes leave the tree as it is")
	})
})
