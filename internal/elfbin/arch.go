package elfbin

import "debug/elf"

// Arch is an architecture as uname -m names it.
type Arch string

const (
	X86_64  Arch = "x86_64"
	AArch64 Arch = "aarch64"
	Sparc   Arch = "sparc" // a 32-bit SPARC kernel
	SparcV9 Arch = "sparcv9"
	I386    Arch = "i386"
)

// Arches are the architectures the lab knows.
var Arches = []Arch{X86_64, AArch64, Sparc, SparcV9, I386}

// Machines are the ELF machines a kernel of the architecture executes; nil
// for one the lab does not know.
func (a Arch) Machines() []elf.Machine {
	switch a {
	case X86_64:
		return []elf.Machine{elf.EM_X86_64}
	case AArch64:
		return []elf.Machine{elf.EM_AARCH64}
	case Sparc:
		return []elf.Machine{elf.EM_SPARC, elf.EM_SPARC32PLUS} // no V9 binaries
	case SparcV9:
		return []elf.Machine{elf.EM_SPARC, elf.EM_SPARC32PLUS, elf.EM_SPARCV9}
	case I386:
		return []elf.Machine{elf.EM_386}
	}
	return nil
}
