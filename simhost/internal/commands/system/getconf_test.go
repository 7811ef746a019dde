package system_test

import (
	"debug/elf"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/hostile-lab/hostile/internal/elfbin"
	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

var _ = Describe("getconf", func() {
	It("answers the C library and system limits", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `getconf GNU_LIBC_VERSION; getconf LONG_BIT; getconf PAGESIZE; getconf PAGE_SIZE; getconf ARG_MAX; getconf PATH; getconf _NPROCESSORS_ONLN`).Stdout).
			To(Equal("glibc 2.36\n64\n4096\n4096\n2097152\n/bin:/usr/bin\n2\n"))
		Expect(Run(m, "ops", `getconf NAME_MAX /; getconf PATH_MAX /tmp`).Stdout).To(Equal("255\n4096\n"))
		Expect(Run(NewHost("rhel7"), "ops", `getconf GNU_LIBC_VERSION`).Stdout).To(Equal("glibc 2.17\n"))
	})
	It("lists every variable of its glibc with -a, as captured from the images, with the host's own values", func() {
		for personality, lines := range map[string]string{"debian12": "320\n", "debian11": "320\n"} {
			Expect(Run(NewHost(personality), "ops", `getconf -a | wc -l`).Stdout).To(Equal(lines))
		}
		m := NewHost("debian12")
		Expect(Run(m, "ops", `getconf -a | grep ARG_MAX; getconf -a | grep '^GNU_LIBC_VERSION'; getconf LEVEL1_DCACHE_LINESIZE`).Stdout).
			To(Equal("ARG_MAX                            2097152\n_POSIX_ARG_MAX                     2097152\nGNU_LIBC_VERSION                   glibc 2.36\n64\n"))
		Expect(Run(m, "ops", `[ "$(getconf -a | awk '$1 == "_NPROCESSORS_ONLN" {print $2}')" = "$(getconf _NPROCESSORS_ONLN)" ] && echo own`).Stdout).To(Equal("own\n"))
		Expect(Run(NewHost("debian11"), "ops", `getconf -a | grep '^GNU_LIBPTHREAD_VERSION'`).Stdout).To(Equal("GNU_LIBPTHREAD_VERSION             NPTL 2.31\n"))
	})
	It("rejects what it does not know", func() {
		Expect(Run(NewHost("debian12"), "ops", `getconf NOPE`)).To(Exited(2, "getconf: Unrecognized variable `NOPE'\n"))
		Expect(Run(NewHost("debian12"), "ops", `getconf`)).To(Exited(2, "Usage: getconf [-v specification] variable_name [pathname]\n       getconf -a [pathname]\n"))
	})
	It("has no GNU_LIBC_VERSION on Solaris", func() {
		m := NewHost("solaris10-sparc")
		Expect(Run(m, "ops", `getconf GNU_LIBC_VERSION`)).To(Exited(1, "getconf: Invalid argument (GNU_LIBC_VERSION)\n"))
		Expect(Run(m, "ops", `getconf PAGESIZE`).Stdout).To(Equal("8192\n"))
	})
})

// lddBinary seeds an executable built by elfbin at path.
func lddBinary(path string, spec elfbin.Spec) func(*machine.Description) {
	b, err := elfbin.Write(spec)
	Expect(err).NotTo(HaveOccurred())
	return func(d *machine.Description) {
		d.Files = append(d.Files, machine.File{Path: path, Content: string(b), Mode: vfs.FromUnixMode(0o755), Owner: "ops"})
	}
}

var _ = Describe("ldd", func() {
	It("prints the C library's version", func() {
		Expect(Run(NewHost("debian12"), "ops", `ldd --version`).Stdout).To(HavePrefix("ldd (Debian GLIBC 2.36-9+deb12u9) 2.36\nCopyright (C) 2022 Free Software Foundation, Inc.\n"))
		Expect(Run(NewHost("debian11"), "ops", `ldd --version`).Stdout).To(HavePrefix("ldd (Debian GLIBC 2.31-13+deb11u11) 2.31\n"))
		Expect(Run(NewHost("rhel7"), "ops", `ldd --version`).Stdout).To(HavePrefix("ldd (GNU libc) 2.17\n"))
	})
	It("lists an executable's libraries where the host's loader finds them", func() {
		spec := elfbin.LinuxAmd64("GLIBC_2.34")
		spec.Needed = append(spec.Needed, "libpq.so.5")
		m := NewHost("debian12", lddBinary("/home/ops/x", spec))
		r := Run(m, "ops", `cd /home/ops && ldd x`)
		Expect(r.Stdout).To(MatchRegexp(`^\tlinux-vdso\.so\.1 \(0x00007ffc[0-9a-f]{8}\)\n` +
			`\tlibc\.so\.6 => /lib/x86_64-linux-gnu/libc\.so\.6 \(0x00007f[0-9a-f]{10}\)\n` +
			`\tlibpq\.so\.5 => not found\n` +
			`\t/lib64/ld-linux-x86-64\.so\.2 \(0x00007f[0-9a-f]{10}\)\n$`))
		Expect(r.Code).To(Equal(0))
	})
	It("reports versions the host's libc lacks, and still lists", func() {
		m := NewHost("debian11", lddBinary("/home/ops/x", elfbin.LinuxAmd64("GLIBC_2.34")))
		r := Run(m, "ops", `cd /home/ops && ldd x`)
		Expect(r.Stdout).To(HavePrefix("./x: /lib/x86_64-linux-gnu/libc.so.6: version `GLIBC_2.34' not found (required by ./x)\n\tlinux-vdso.so.1 ("))
		Expect(r.Stdout).To(ContainSubstring("\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x"))
		m = NewHost("rhel7", lddBinary("/home/ops/x", elfbin.LinuxAmd64("GLIBC_2.34")))
		r = Run(m, "ops", `ldd /home/ops/x`)
		Expect(r.Stderr).To(Equal("/home/ops/x: /lib64/libc.so.6: version `GLIBC_2.34' not found (required by /home/ops/x)\n"))
		Expect(r.Stdout).To(MatchRegexp(`^\tlinux-vdso\.so\.1 =>  \(0x[0-9a-f]{16}\)\n\tlibc\.so\.6 => /lib64/libc\.so\.6 \(0x[0-9a-f]{16}\)\n`))
	})
	It("says when a file is not a dynamic executable or missing", func() {
		m := NewHost("debian12", lddBinary("/tmp/static", elfbin.Spec{Machine: elf.EM_X86_64, Static: true}))
		Expect(Run(m, "ops", `ldd /etc/hostname`)).To(Equal(Result{Stderr: "\tnot a dynamic executable\n", Code: 1}))
		Expect(Run(m, "ops", `ldd /tmp/static`)).To(Equal(Result{Stderr: "\tnot a dynamic executable\n", Code: 1}))
		Expect(Run(NewHost("rhel7"), "ops", `ldd /etc/hostname`)).To(Equal(Result{
			Stdout: "\tnot a dynamic executable\n", Stderr: "ldd: warning: you do not have execution permission for `/etc/hostname'\n", Code: 1}))
		Expect(Run(m, "ops", `ldd nope`)).To(Exited(1, "ldd: ./nope: No such file or directory\n"))
		Expect(Run(m, "ops", `ldd`).Stderr).To(Equal("ldd: missing file arguments\nTry `ldd --help' for more information.\n"))
	})
	It("prints Solaris ldd's form", func() {
		m := NewHost("solaris10-sparc", lddBinary("/export/home/ops/rsync", elfbin.SolarisSparc("SUNW_1.1", "SUNW_1.23")))
		r := Run(m, "ops", `ldd /export/home/ops/rsync`)
		Expect(r.Stdout).To(Equal("\tlibc.so.1 =>\t /lib/libc.so.1\n\tlibc.so.1 (SUNW_1.23) =>\t (version not found)\n"))
		Expect(r.Code).To(Equal(0))
	})
})
