package faults

import (
	"debug/elf"

	"github.com/hostile-lab/hostile/internal/elfbin"
	"github.com/hostile-lab/hostile/simhost/personality"
)

// ForeignArch makes the host run another architecture than its personality's,
// as when a product pushes the x86-64 build to an ARM or SPARC box: the kernel
// refuses the pushed binary and the shell says `cannot execute binary file:
// Exec format error`, exit 126. Binaries built for arch run (and then meet the
// host's libc as usual).
type ForeignArch struct {
	Arch string `json:"arch" help:"the architecture the host runs" enum:"x86_64,aarch64,sparc,sparcv9,i386"`
}

func init() {
	Register(Type{Name: "foreign-arch", Depth: System, Summary: "the host runs another architecture: pushed binaries fail with Exec format error",
		New: func() Fault { return &ForeignArch{Arch: string(elfbin.AArch64)} }})
}

// Validate checks the architecture is known.
func (*ForeignArch) Validate() error { return nil }

// Loader replaces the machines the host executes.
func (f *ForeignArch) Loader(libc personality.Libc, _ []elf.Machine) (personality.Libc, []elf.Machine) {
	return libc, elfbin.Arch(f.Arch).Machines()
}
