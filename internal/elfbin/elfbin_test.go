package elfbin_test

import (
	"bytes"
	"debug/elf"
	"encoding/binary"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/hostile-lab/hostile/harness/hostiletest"
	"github.com/hostile-lab/hostile/internal/elfbin"
)

// parse opens b with debug/elf, as the simulated hosts do.
func parse(b []byte) *elf.File {
	GinkgoHelper()
	f, err := elf.NewFile(bytes.NewReader(b))
	Expect(err).NotTo(HaveOccurred())
	DeferCleanup(f.Close)
	return f
}

func progs(f *elf.File) map[elf.ProgType]*elf.Prog {
	m := map[elf.ProgType]*elf.Prog{}
	for _, p := range f.Progs {
		m[p.Type] = p
	}
	return m
}

// versionNeeds flattens f.DynamicVersionNeeds to library -> version names,
// and checks the indices run from 2 in file order.
func versionNeeds(f *elf.File) map[string][]string {
	GinkgoHelper()
	needs, err := f.DynamicVersionNeeds()
	Expect(err).NotTo(HaveOccurred())
	m := map[string][]string{}
	next := uint16(2)
	for _, n := range needs {
		for _, d := range n.Needs {
			Expect(d.Index).To(Equal(next), "vna_other of %s", d.Dep)
			next++
			m[n.Name] = append(m[n.Name], d.Dep)
		}
	}
	return m
}

var aarch64 = elfbin.Spec{
	Machine:  elf.EM_AARCH64,
	Needed:   []string{"libc.so.6", "libm.so.6"},
	Versions: map[string][]string{"libm.so.6": {"GLIBC_2.29", "GLIBC_2.17"}, "libc.so.6": {"GLIBC_2.17", "GLIBC_2.34"}},
}

var _ = Describe("Write", func() {
	DescribeTable("makes an ELF executable that debug/elf reads back exactly",
		func(s elfbin.Spec, machine elf.Machine, class elf.Class, order binary.ByteOrder, interp string, libs []string, vers map[string][]string) {
			b, err := elfbin.Write(s)
			Expect(err).NotTo(HaveOccurred())
			f := parse(b)
			Expect(f.Machine).To(Equal(machine))
			Expect(f.Class).To(Equal(class))
			Expect(f.ByteOrder).To(Equal(order))
			Expect(f.Type).To(Equal(elf.ET_EXEC))
			Expect(f.Version).To(Equal(elf.EV_CURRENT))
			Expect(f.OSABI).To(Equal(elf.ELFOSABI_NONE))

			p := progs(f)
			Expect(p).To(HaveKey(elf.PT_PHDR))
			Expect(p).To(HaveKey(elf.PT_LOAD))
			Expect(p).To(HaveKey(elf.PT_DYNAMIC))
			Expect(p).To(HaveKey(elf.PT_INTERP))
			path, err := io.ReadAll(p[elf.PT_INTERP].Open())
			Expect(err).NotTo(HaveOccurred())
			Expect(string(path)).To(Equal(interp + "\x00"))

			Expect(f.ImportedLibraries()).To(Equal(libs))
			Expect(versionNeeds(f)).To(Equal(vers))
			syms, err := f.DynamicSymbols()
			Expect(err).NotTo(HaveOccurred())
			Expect(syms).To(BeEmpty(), "only the null symbol, which debug/elf skips")
			for _, name := range []string{".interp", ".dynstr", ".dynsym", ".gnu.version", ".gnu.version_r", ".dynamic", ".shstrtab"} {
				Expect(f.Section(name)).NotTo(BeNil(), name)
			}
			Expect(f.Sections[f.Section(".gnu.version_r").Link].Name).To(Equal(".dynstr"))
			Expect(f.Sections[f.Section(".dynamic").Link].Name).To(Equal(".dynstr"))
		},
		Entry("x86-64 glibc", elfbin.LinuxAmd64("GLIBC_2.34"), elf.EM_X86_64, elf.ELFCLASS64, binary.LittleEndian,
			"/lib64/ld-linux-x86-64.so.2", []string{"libc.so.6"}, map[string][]string{"libc.so.6": {"GLIBC_2.2.5", "GLIBC_2.34"}}),
		Entry("SPARC V8+ Solaris", elfbin.SolarisSparc("SUNW_1.23", "SUNW_1.1"), elf.EM_SPARC32PLUS, elf.ELFCLASS32, binary.BigEndian,
			"/usr/lib/ld.so.1", []string{"libc.so.1"}, map[string][]string{"libc.so.1": {"SUNW_1.23", "SUNW_1.1"}}),
		Entry("aarch64 with two libraries, in Needed order", aarch64, elf.EM_AARCH64, elf.ELFCLASS64, binary.LittleEndian,
			"/lib/ld-linux-aarch64.so.1", []string{"libc.so.6", "libm.so.6"},
			map[string][]string{"libc.so.6": {"GLIBC_2.17", "GLIBC_2.34"}, "libm.so.6": {"GLIBC_2.29", "GLIBC_2.17"}}),
		Entry("64-bit SPARC V9", elfbin.Spec{Machine: elf.EM_SPARCV9, Needed: []string{"libc.so.1"}, Versions: map[string][]string{"libc.so.1": {"SUNW_1.1"}}},
			elf.EM_SPARCV9, elf.ELFCLASS64, binary.BigEndian, "/usr/lib/sparcv9/ld.so.1", []string{"libc.so.1"}, map[string][]string{"libc.so.1": {"SUNW_1.1"}}),
	)

	It("chains several libraries' Verneed entries in Needed order, whatever the map order", func() {
		f := parse(must(elfbin.Write(aarch64)))
		needs, err := f.DynamicVersionNeeds()
		Expect(err).NotTo(HaveOccurred())
		Expect(needs).To(HaveLen(2))
		Expect(needs[0].Name).To(Equal("libc.so.6"))
		Expect(needs[1].Name).To(Equal("libm.so.6"))
		Expect(f.Section(".gnu.version_r").Info).To(Equal(uint32(2)), "sh_info is the Verneed count")
	})

	It("hashes version names with the ELF hash, as the loader compares them", func() {
		f := parse(must(elfbin.Write(elfbin.LinuxAmd64("GLIBC_2.34"))))
		d, err := f.Section(".gnu.version_r").Data()
		Expect(err).NotTo(HaveOccurred())
		// The well-known hashes from any x86-64 binary's `readelf -V`.
		Expect(binary.LittleEndian.Uint32(d[16:])).To(Equal(uint32(0x09691a75)), "GLIBC_2.2.5")
		Expect(binary.LittleEndian.Uint32(d[32:])).To(Equal(uint32(0x069691b4)), "GLIBC_2.34")
	})

	It("makes a static executable with no interpreter and no dynamic section", func() {
		b, err := elfbin.Write(elfbin.Spec{Machine: elf.EM_X86_64, Static: true, Payload: []byte("static")})
		Expect(err).NotTo(HaveOccurred())
		f := parse(b)
		p := progs(f)
		Expect(p).To(HaveKey(elf.PT_LOAD))
		Expect(p).NotTo(HaveKey(elf.PT_INTERP))
		Expect(p).NotTo(HaveKey(elf.PT_DYNAMIC))
		Expect(f.SectionByType(elf.SHT_DYNAMIC)).To(BeNil())
		Expect(f.ImportedLibraries()).To(BeEmpty())
		_, err = f.DynamicVersionNeeds()
		Expect(err).To(HaveOccurred(), "the hosts take this error to mean: nothing for the loader to refuse")
	})

	It("places the payload in .rodata, so binaries can differ", func() {
		a, b := elfbin.LinuxAmd64(), elfbin.LinuxAmd64()
		a.Payload, b.Payload = []byte("one"), []byte("two")
		ba, bb := must(elfbin.Write(a)), must(elfbin.Write(b))
		Expect(ba).NotTo(Equal(bb))
		Expect(parse(ba).Section(".rodata").Data()).To(Equal([]byte("one")))
	})

	It("refuses specs it cannot honour", func() {
		_, err := elfbin.Write(elfbin.Spec{Machine: elf.EM_X86_64, Static: true, Needed: []string{"libc.so.6"}})
		Expect(err).To(MatchError(ContainSubstring("static")))
		_, err = elfbin.Write(elfbin.Spec{Machine: elf.EM_X86_64, Versions: map[string][]string{"libc.so.6": {"GLIBC_2.2.5"}}})
		Expect(err).To(MatchError(ContainSubstring("not in Needed")))
		_, err = elfbin.Write(elfbin.Spec{Machine: elf.EM_MIPS})
		Expect(err).To(MatchError(ContainSubstring("Spec.Class")))
		_, err = elfbin.Write(elfbin.Spec{Machine: elf.EM_MIPS, Class: elf.ELFCLASS32, Order: binary.BigEndian, Needed: []string{"libc.so.6"}})
		Expect(err).To(MatchError(ContainSubstring("Spec.Interp")))
		_, err = elfbin.Write(elfbin.Spec{Class: elf.ELFCLASS32, Order: binary.BigEndian})
		Expect(err).To(MatchError(ContainSubstring("machine")))
	})

	It("writes a machine without defaults when told its class, order and interpreter", func() {
		b, err := elfbin.Write(elfbin.Spec{Machine: elf.EM_MIPS, Class: elf.ELFCLASS32, Order: binary.BigEndian,
			Interp: "/lib/ld.so.1", Needed: []string{"libc.so.6"}})
		Expect(err).NotTo(HaveOccurred())
		n, err := elfbin.Read(b)
		Expect(err).NotTo(HaveOccurred())
		Expect(n.Machine).To(Equal(elf.EM_MIPS))
		Expect(n.Order).To(Equal(binary.BigEndian))
		Expect(n.Versions).To(BeNil())
	})
})

var _ = Describe("Read", func() {
	DescribeTable("reads back what Write wrote",
		func(s elfbin.Spec, want elfbin.Needs) {
			n, err := elfbin.Read(must(elfbin.Write(s)))
			Expect(err).NotTo(HaveOccurred())
			Expect(n).To(Equal(want))
		},
		Entry("LinuxAmd64", elfbin.LinuxAmd64("GLIBC_2.34"), elfbin.Needs{
			Machine: elf.EM_X86_64, Class: elf.ELFCLASS64, Order: binary.LittleEndian,
			Interp: "/lib64/ld-linux-x86-64.so.2", Libraries: []string{"libc.so.6"},
			Versions: map[string][]string{"libc.so.6": {"GLIBC_2.2.5", "GLIBC_2.34"}},
		}),
		Entry("SolarisSparc", elfbin.SolarisSparc("SUNW_1.23"), elfbin.Needs{
			Machine: elf.EM_SPARC32PLUS, Class: elf.ELFCLASS32, Order: binary.BigEndian,
			Interp: "/usr/lib/ld.so.1", Libraries: []string{"libc.so.1"},
			Versions: map[string][]string{"libc.so.1": {"SUNW_1.23"}},
		}),
		Entry("static", elfbin.Spec{Machine: elf.EM_X86_64, Static: true}, elfbin.Needs{
			Machine: elf.EM_X86_64, Class: elf.ELFCLASS64, Order: binary.LittleEndian, Static: true,
		}),
		Entry("aarch64", aarch64, elfbin.Needs{
			Machine: elf.EM_AARCH64, Class: elf.ELFCLASS64, Order: binary.LittleEndian,
			Interp: "/lib/ld-linux-aarch64.so.1", Libraries: []string{"libc.so.6", "libm.so.6"},
			Versions: map[string][]string{"libc.so.6": {"GLIBC_2.17", "GLIBC_2.34"}, "libm.so.6": {"GLIBC_2.29", "GLIBC_2.17"}},
		}),
		Entry("a Solaris binary without version needs", elfbin.SolarisSparc(), elfbin.Needs{
			Machine: elf.EM_SPARC32PLUS, Class: elf.ELFCLASS32, Order: binary.BigEndian,
			Interp: "/usr/lib/ld.so.1", Libraries: []string{"libc.so.1"},
		}),
	)

	It("refuses what is not ELF", func() {
		_, err := elfbin.Read([]byte("#!/bin/sh\necho hi\n"))
		Expect(err).To(HaveOccurred())
		_, err = elfbin.Read(nil)
		Expect(err).To(HaveOccurred())
	})

	It("reads a binary built by gcc", func() {
		gcc, err := exec.LookPath("gcc")
		if err != nil {
			Skip("gcc is not installed: cannot build a real binary to read")
		}
		dir := GinkgoT().TempDir()
		src := filepath.Join(dir, "hello.c")
		Expect(os.WriteFile(src, []byte("#include <stdio.h>\nint main(void) { puts(\"hi\"); return 0; }\n"), 0o644)).To(Succeed())
		out, err := exec.Command(gcc, "-o", filepath.Join(dir, "hello"), src).CombinedOutput()
		Expect(err).NotTo(HaveOccurred(), string(out))
		b, err := os.ReadFile(filepath.Join(dir, "hello"))
		Expect(err).NotTo(HaveOccurred())

		n, err := elfbin.Read(b)
		Expect(err).NotTo(HaveOccurred())
		Expect(n.Static).To(BeFalse())
		Expect(n.Interp).NotTo(BeEmpty())
		Expect(n.Libraries).To(ContainElement("libc.so.6"))
		Expect(n.Versions).To(HaveKey("libc.so.6"))
		Expect(n.Versions["libc.so.6"]).To(ContainElement(HavePrefix("GLIBC_2.")))
		Expect(n.Newest("libc.so.6", "GLIBC_")).To(HavePrefix("GLIBC_2."))
	})
})

// The x86-64 images are run for real here, on this machine's glibc, as a real
// OS target runs what the lab pushes to it.
var _ = Describe("an x86-64 executable on a real glibc", func() {
	BeforeEach(func() {
		if runtime.GOOS != "linux" || runtime.GOARCH != "amd64" {
			Skip("needs an x86-64 Linux machine to run the binary on")
		}
	})

	write := func(versions ...string) string {
		b, err := elfbin.Write(elfbin.LinuxAmd64(versions...))
		Expect(err).NotTo(HaveOccurred())
		return hostiletest.WriteTemp("helper", b, 0o755)
	}

	It("loads and exits 0 when the host's libc has every version it needs", func() {
		out, err := exec.Command(write("GLIBC_2.17")).CombinedOutput()
		Expect(err).NotTo(HaveOccurred(), string(out))
		Expect(out).To(BeEmpty())
	})

	It("is refused by the real loader, in glibc's words, when it needs a newer libc", func() {
		p := write("GLIBC_2.99")
		var stderr bytes.Buffer
		cmd := exec.Command(p)
		cmd.Stderr = &stderr
		err := cmd.Run()
		Expect(err).To(BeAssignableToTypeOf(&exec.ExitError{}))
		Expect(cmd.ProcessState.ExitCode()).To(Equal(1))
		Expect(stderr.String()).To(Equal(p + ": /lib/x86_64-linux-gnu/libc.so.6: version `GLIBC_2.99' not found (required by " + p + ")\n"))
	})
})

var _ = Describe("Needs.Newest", func() {
	n := elfbin.Needs{Versions: map[string][]string{
		"libc.so.6": {"GLIBC_2.2.5", "GLIBC_2.34", "GLIBC_2.4", "GLIBC_PRIVATE", "GLIBC_2.3.4"},
		"libm.so.6": {"GLIBC_2.2.5", "GLIBC_2.38"},
		"libc.so.1": {"SUNW_1.9", "SUNW_1.23", "SUNW_1.22.1", "SUNWprivate_1.1"},
	}}

	It("compares numerically part by part", func() {
		Expect(n.Newest("libc.so.6", "GLIBC_")).To(Equal("GLIBC_2.34"))
		Expect(n.Newest("libc.so.1", "SUNW_")).To(Equal("SUNW_1.23"))
		Expect(elfbin.Needs{Versions: map[string][]string{"l": {"V_2.2.5", "V_2.2"}}}.Newest("l", "V_")).To(Equal("V_2.2.5"))
	})

	It("takes the prefix with or without its underscore", func() {
		Expect(n.Newest("libc.so.6", "GLIBC")).To(Equal("GLIBC_2.34"))
	})

	It("looks at every library when lib is empty", func() {
		Expect(n.Newest("", "GLIBC_")).To(Equal("GLIBC_2.38"))
	})

	It("is empty when nothing of the family is needed", func() {
		Expect(n.Newest("libc.so.6", "SUNW_")).To(BeEmpty())
		Expect(n.Newest("libz.so.1", "GLIBC_")).To(BeEmpty())
		Expect(elfbin.Needs{}.Newest("libc.so.6", "GLIBC_")).To(BeEmpty())
	})
})

func must(b []byte, err error) []byte {
	GinkgoHelper()
	Expect(err).NotTo(HaveOccurred())
	return b
}
