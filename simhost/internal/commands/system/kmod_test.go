package system_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// Bytes captured from the hostile-os bookworm (kmod 30) and bullseye (kmod
// 28) containers, which have no /lib/modules, with the kernel release the
// host's uname gives.
var _ = Describe("modprobe and modinfo on a host with no module index", func() {
	It("find no module", func() {
		m := NewHost("debian12")
		rel := Run(m, "root", `uname -r`).Stdout
		dir := "/lib/modules/" + rel[:len(rel)-1]
		Expect(Run(m, "root", `modprobe br_netfilter`)).To(Exited(1, "modprobe: FATAL: Module br_netfilter not found in directory "+dir+"\n"))
		Expect(Run(m, "root", `modprobe -n -v overlay`)).To(Exited(1, "modprobe: FATAL: Module overlay not found in directory "+dir+"\n"))
		Expect(Run(m, "root", `modprobe a b`)).To(Exited(1, "modprobe: FATAL: Module a not found in directory "+dir+"\n"))
		Expect(Run(m, "root", `modprobe -a a b`)).To(Exited(1, "modprobe: WARNING: Module a not found in directory "+dir+"\nmodprobe: WARNING: Module b not found in directory "+dir+"\n"))
		Expect(Run(m, "root", `modprobe -q overlay`)).To(Exited(1, ""))
		Expect(Run(m, "ops", `/sbin/modprobe overlay`)).To(Exited(1, "modprobe: FATAL: Module overlay not found in directory "+dir+"\n"))
		Expect(Run(m, "root", `modinfo a b`)).To(Exited(1, "modinfo: ERROR: Module a not found.\nmodinfo: ERROR: Module b not found.\n"))
	})
	It("words removal and usage as each kmod does", func() {
		Expect(Run(NewHost("debian12"), "root", `modprobe -r overlay`)).To(Exited(1, "modprobe: FATAL: Module overlay not found.\n"))
		Expect(Run(NewHost("debian11"), "root", `modprobe -r overlay`)).To(Exited(1, ""))
		Expect(Run(NewHost("debian11"), "root", `modinfo overlay`)).To(Exited(1, "modinfo: ERROR: Module alias overlay not found.\n"))
		Expect(Run(NewHost("debian12"), "root", `modprobe`)).To(Exited(1, "modprobe: ERROR: missing parameters. See -h.\n"))
		Expect(Run(NewHost("debian12"), "root", `modinfo`)).To(Exited(1, "modinfo: ERROR: missing module or filename.\n"))
		Expect(Run(NewHost("debian12"), "root", `modprobe --bogus`)).To(Exited(1, "modprobe: unrecognized option '--bogus'\n"))
		Expect(Run(NewHost("debian12"), "root", `modprobe --version`).Stdout).To(Equal("kmod version 30\n+ZSTD +XZ -ZLIB +LIBCRYPTO -EXPERIMENTAL\n"))
		Expect(Run(NewHost("debian11"), "root", `modprobe --version`).Stdout).To(Equal("kmod version 28\n-ZSTD +XZ -ZLIB +LIBCRYPTO -EXPERIMENTAL\n"))
	})
})
