package faults_test

import (
	"debug/elf"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/hostile-lab/hostile/internal/elfbin"
	"github.com/hostile-lab/hostile/simhost/faults"
	"github.com/hostile-lab/hostile/simhost/machine"
)

var _ = Describe("foreign-arch", func() {
	It("makes the host refuse a binary of the personality's own machine with Exec format error, exit 126", func() {
		h := startHost(machine.Description{Personality: "debian12"},
			faults.Spec{Type: "foreign-arch", Params: map[string]any{"arch": "aarch64"}})
		push(h, "ops", "/tmp/x", elfbin.LinuxAmd64())
		push(h, "ops", "/tmp/arm/x", elfbin.Spec{Machine: elf.EM_AARCH64, Needed: []string{"libc.so.6"},
			Versions: map[string][]string{"libc.so.6": {"GLIBC_2.17"}}})

		s := run(h, "ops", "/tmp/x")
		Expect(s.ExitCode()).To(Equal(126))
		Expect(s.Out.Contents()).To(BeEmpty())
		Expect(string(s.Err.Contents())).To(Equal("bash: line 1: /tmp/x: cannot execute binary file: Exec format error\n"))
		Expect(run(h, "ops", "/tmp/arm/x").ExitCode()).To(Equal(0), "a binary for the host's new machine runs")

		Expect(h.Faults().Remove("foreign-arch")).To(Succeed())
		Expect(run(h, "ops", "/tmp/x").ExitCode()).To(Equal(0))
		Expect(run(h, "ops", "/tmp/arm/x").ExitCode()).To(Equal(126))
	})

	It("refuses an unknown architecture, listing the known ones", func() {
		_, err := faults.Compile(faults.Spec{Type: "foreign-arch", Params: map[string]any{"arch": "mips"}})
		Expect(err).To(MatchError(`fault "foreign-arch": arch: "mips" is not x86_64, aarch64, sparc, sparcv9 or i386`))
	})
})
