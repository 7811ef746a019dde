// Package elfbin writes small ELF executables with a chosen machine and libc
// version needs — the binaries the lab pushes to hosts — and reads those needs
// back from any ELF file.
package elfbin

import (
	"debug/elf"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
)

// Spec describes the executable Write makes. Zero fields take the defaults of
// the machine: its usual class, byte order and program interpreter.
type Spec struct {
	Machine  elf.Machine         // elf.EM_X86_64, elf.EM_SPARC32PLUS, elf.EM_SPARCV9, elf.EM_AARCH64, ...
	Class    elf.Class           // default: 64 for X86_64/SPARCV9/AARCH64, 32 for SPARC32PLUS/SPARC/386/ARM
	Order    binary.ByteOrder    // default: little endian for x86/arm, big endian for SPARC
	Interp   string              // PT_INTERP path; "" takes the machine's loader when Needed is set, else none
	Needed   []string            // DT_NEEDED libraries, e.g. "libc.so.6"
	Versions map[string][]string // library (one of Needed) -> version names needed from it, in order
	Static   bool                // a static executable: no interpreter, no dynamic section at all
	Payload  []byte              // bytes in .rodata, so two binaries can differ
}

// LinuxAmd64 is an x86-64 glibc executable needing libc.so.6 at GLIBC_2.2.5
// (the baseline every x86-64 glibc binary has) plus the given versions.
func LinuxAmd64(glibcVersions ...string) Spec {
	vers := []string{"GLIBC_2.2.5"}
	for _, v := range glibcVersions {
		if !slices.Contains(vers, v) {
			vers = append(vers, v)
		}
	}
	return Spec{Machine: elf.EM_X86_64, Class: elf.ELFCLASS64, Order: binary.LittleEndian,
		Interp: "/lib64/ld-linux-x86-64.so.2", Needed: []string{"libc.so.6"},
		Versions: map[string][]string{"libc.so.6": vers}}
}

// SolarisSparc is a 32-bit SPARC V8+ Solaris executable needing libc.so.1 at
// the given SUNW_ versions.
func SolarisSparc(sunwVersions ...string) Spec {
	s := Spec{Machine: elf.EM_SPARC32PLUS, Class: elf.ELFCLASS32, Order: binary.BigEndian,
		Interp: "/usr/lib/ld.so.1", Needed: []string{"libc.so.1"}}
	if len(sunwVersions) > 0 {
		s.Versions = map[string][]string{"libc.so.1": slices.Clone(sunwVersions)}
	}
	return s
}

// machines holds each known machine's defaults: class, byte order, loader,
// and e_flags (SPARC V8+ binaries carry EF_SPARC_32PLUS, which `file` shows).
var machines = map[elf.Machine]struct {
	class  elf.Class
	order  binary.ByteOrder
	interp string
	flags  uint32
}{
	elf.EM_X86_64:      {elf.ELFCLASS64, binary.LittleEndian, "/lib64/ld-linux-x86-64.so.2", 0},
	elf.EM_386:         {elf.ELFCLASS32, binary.LittleEndian, "/lib/ld-linux.so.2", 0},
	elf.EM_AARCH64:     {elf.ELFCLASS64, binary.LittleEndian, "/lib/ld-linux-aarch64.so.1", 0},
	elf.EM_ARM:         {elf.ELFCLASS32, binary.LittleEndian, "/lib/ld-linux-armhf.so.3", 0x05000400},
	elf.EM_SPARC:       {elf.ELFCLASS32, binary.BigEndian, "/usr/lib/ld.so.1", 0},
	elf.EM_SPARC32PLUS: {elf.ELFCLASS32, binary.BigEndian, "/usr/lib/ld.so.1", 0x100},
	elf.EM_SPARCV9:     {elf.ELFCLASS64, binary.BigEndian, "/usr/lib/sparcv9/ld.so.1", 0},
}

// section is one section of the output: its header fields and its bytes.
type section struct {
	name       string
	typ        elf.SectionType
	flags      elf.SectionFlag
	data       []byte
	align, ent uint64
	link, info uint32
	idx        uint32 // its index in the section header table
	off, addr  uint64
}

// layout places sections one after another as they are added, so a section's
// address is known as soon as it exists — before .dynamic has to name it.
// Alloc sections get address base+offset: one PT_LOAD maps the file from 0.
type layout struct {
	secs      []*section
	off, base uint64
}

func (l *layout) add(sc *section) *section {
	sc.align = max(sc.align, 1) // byte-aligned; readelf shows 1, as toolchains write
	l.off = (l.off + sc.align - 1) &^ (sc.align - 1)
	sc.idx, sc.off = uint32(len(l.secs)), l.off
	if sc.flags&elf.SHF_ALLOC != 0 {
		sc.addr = l.base + l.off
	}
	l.off += uint64(len(sc.data))
	l.secs = append(l.secs, sc)
	return sc
}

// Write returns an ET_EXEC image of s that debug/elf, readelf and `file` read
// as the real thing, and that glibc's loader accepts or refuses by its version
// needs. An x86-64 image's entry point is real code that exits 0, so a build a
// real Linux host loads also runs; on other machines it is just .rodata.
func Write(s Spec) ([]byte, error) {
	eflags, err := s.fill()
	if err != nil {
		return nil, err
	}
	e := enc{order: s.Order, is64: s.Class == elf.ELFCLASS64}
	ehSize, phSize, shSize, base := uint64(52), uint64(32), uint64(40), uint64(0x10000)
	if e.is64 {
		ehSize, phSize, shSize, base = 64, 56, 64, 0x400000
	}
	nph := uint64(1) // PT_LOAD
	if !s.Static {
		nph = 3 // PT_PHDR, PT_LOAD, PT_DYNAMIC
		if s.Interp != "" {
			nph++ // PT_INTERP
		}
	}

	l := layout{secs: []*section{{}}, off: ehSize + nph*phSize, base: base} // section 0 is SHN_UNDEF
	var interp, dyn *section
	if s.Interp != "" {
		interp = l.add(&section{name: ".interp", typ: elf.SHT_PROGBITS, flags: elf.SHF_ALLOC, data: append([]byte(s.Interp), 0)})
	}
	if !s.Static {
		dyn = dynamic(&l, s, e)
	}
	ro := l.add(&section{name: ".rodata", typ: elf.SHT_PROGBITS, flags: elf.SHF_ALLOC, data: s.Payload})
	entry := ro.addr
	if code, ok := exitZero[s.Machine]; ok {
		entry = l.add(&section{name: ".text", typ: elf.SHT_PROGBITS, flags: elf.SHF_ALLOC | elf.SHF_EXECINSTR, data: code, align: 16}).addr
	}
	loadEnd := l.off
	names := strtab{idx: map[string]uint32{}}
	for _, sc := range l.secs { // the null section's "" lands at 0, as it must
		names.add(sc.name)
	}
	names.add(".shstrtab")
	shstr := l.add(&section{name: ".shstrtab", typ: elf.SHT_STRTAB, data: names.b})
	shoff := (l.off + 7) &^ 7

	// ELF header. e_ident: ELFOSABI_NONE is what `file` shows as SYSV, right
	// for Linux and what Solaris's own tools write too; e_version is 1.
	e.b = append(e.b, 0x7f, 'E', 'L', 'F', byte(s.Class), byte(dataOf(s.Order)), byte(elf.EV_CURRENT), byte(elf.ELFOSABI_NONE))
	e.b = append(e.b, make([]byte, 8)...)
	e.u16s(uint16(elf.ET_EXEC), uint16(s.Machine))
	e.u32s(uint32(elf.EV_CURRENT))
	e.words(entry, ehSize, shoff) // e_entry, e_phoff, e_shoff
	e.u32s(eflags)
	e.u16s(uint16(ehSize), uint16(phSize), uint16(nph), uint16(shSize), uint16(len(l.secs)), uint16(shstr.idx))

	// Program headers; p_flags sits after p_type in ELF64 but near the end in ELF32.
	prog := func(t elf.ProgType, f elf.ProgFlag, off, addr, size, align uint64) {
		e.u32s(uint32(t))
		if e.is64 {
			e.u32s(uint32(f))
		}
		e.words(off, addr, addr, size, size) // p_offset, p_vaddr, p_paddr, p_filesz, p_memsz
		if !e.is64 {
			e.u32s(uint32(f))
		}
		e.words(align)
	}
	if !s.Static {
		prog(elf.PT_PHDR, elf.PF_R, ehSize, base+ehSize, nph*phSize, e.word())
	}
	if interp != nil {
		prog(elf.PT_INTERP, elf.PF_R, interp.off, interp.addr, uint64(len(interp.data)), 1)
	}
	prog(elf.PT_LOAD, elf.PF_R|elf.PF_X, 0, base, loadEnd, 0x10000) // 64K pages: fine for every machine here
	if dyn != nil {
		prog(elf.PT_DYNAMIC, elf.PF_R|elf.PF_W, dyn.off, dyn.addr, uint64(len(dyn.data)), e.word())
	}

	for _, sc := range l.secs[1:] {
		e.b = append(append(e.b, make([]byte, int(sc.off)-len(e.b))...), sc.data...)
	}
	e.b = append(e.b, make([]byte, int(shoff)-len(e.b))...)
	for _, sc := range l.secs {
		e.u32s(names.idx[sc.name], uint32(sc.typ))
		e.words(uint64(sc.flags), sc.addr, sc.off, uint64(len(sc.data)))
		e.u32s(sc.link, sc.info)
		e.words(sc.align, sc.ent)
	}
	return e.b, nil
}

// exitZero is each machine's exit_group(0), where the lab can run what it writes.
var exitZero = map[elf.Machine][]byte{
	elf.EM_X86_64: {0xb8, 0xe7, 0x00, 0x00, 0x00, 0x31, 0xff, 0x0f, 0x05}, // mov eax,231; xor edi,edi; syscall
}

// fill applies the machine's defaults to s, checks that it makes sense, and
// returns the e_flags for its machine.
func (s *Spec) fill() (uint32, error) {
	if s.Machine == elf.EM_NONE {
		return 0, errors.New("elfbin: no machine: set Spec.Machine")
	}
	def, known := machines[s.Machine]
	if s.Class == elf.ELFCLASSNONE {
		s.Class = def.class
	}
	if s.Order == nil {
		s.Order = def.order
	}
	if s.Class != elf.ELFCLASS32 && s.Class != elf.ELFCLASS64 || s.Order == nil {
		return 0, fmt.Errorf("elfbin: no class or byte order for machine %v: set Spec.Class and Spec.Order", s.Machine)
	}
	if s.Static && (s.Interp != "" || len(s.Needed) > 0 || len(s.Versions) > 0) {
		return 0, errors.New("elfbin: a static executable has no interpreter, libraries or versions")
	}
	if !s.Static && s.Interp == "" && len(s.Needed) > 0 {
		if !known {
			return 0, fmt.Errorf("elfbin: no default interpreter for machine %v: set Spec.Interp", s.Machine)
		}
		s.Interp = def.interp
	}
	for lib, vers := range s.Versions {
		if !slices.Contains(s.Needed, lib) {
			return 0, fmt.Errorf("elfbin: versions needed from %q, which is not in Needed", lib)
		}
		if slices.Contains(vers, "") {
			return 0, fmt.Errorf("elfbin: empty version name needed from %q", lib)
		}
	}
	return def.flags, nil
}

// dynamic adds what the loader reads — .dynstr, .dynsym, .hash, the version
// tables — and last the .dynamic section pointing at them.
func dynamic(l *layout, s Spec, e enc) *section {
	const alloc = elf.SHF_ALLOC
	str := strtab{idx: map[string]uint32{}}
	str.add("")
	for _, lib := range s.Needed {
		str.add(lib)
	}
	vn, nlib := verneed(s, &str) // adds the version names, so .dynstr is complete below
	dynstr := l.add(&section{name: ".dynstr", typ: elf.SHT_STRTAB, flags: alloc, data: str.b})
	// Only the null symbol: glibc's and Solaris's loaders check every Verneed
	// entry whether or not a symbol refers to it.
	symSize := uint64(elf.Sym32Size)
	if e.is64 {
		symSize = elf.Sym64Size
	}
	dynsym := l.add(&section{name: ".dynsym", typ: elf.SHT_DYNSYM, flags: alloc, data: make([]byte, symSize),
		align: e.word(), ent: symSize, link: dynstr.idx, info: 1})
	// A SysV hash table, one bucket over the one symbol: loaders want DT_HASH.
	h := enc{order: s.Order}
	h.u32s(1, 1, 0, 0) // nbucket, nchain, bucket[0], chain[0]
	ht := l.add(&section{name: ".hash", typ: elf.SHT_HASH, flags: alloc, data: h.b, align: 4, ent: 4, link: dynsym.idx})

	d := enc{order: s.Order, is64: e.is64}
	for _, lib := range s.Needed {
		d.words(uint64(elf.DT_NEEDED), uint64(str.idx[lib]))
	}
	d.words(uint64(elf.DT_HASH), ht.addr, uint64(elf.DT_STRTAB), dynstr.addr, uint64(elf.DT_SYMTAB), dynsym.addr,
		uint64(elf.DT_STRSZ), uint64(len(str.b)), uint64(elf.DT_SYMENT), symSize)
	if nlib > 0 {
		// debug/elf reads the needs only beside a version symbol table: one
		// half-word per symbol, 0 (local) for the null symbol.
		versym := l.add(&section{name: ".gnu.version", typ: elf.SHT_GNU_VERSYM, flags: alloc, data: make([]byte, 2),
			align: 2, ent: 2, link: dynsym.idx})
		vr := l.add(&section{name: ".gnu.version_r", typ: elf.SHT_GNU_VERNEED, flags: alloc, data: vn,
			align: 4, link: dynstr.idx, info: nlib})
		d.words(uint64(elf.DT_VERSYM), versym.addr, uint64(elf.DT_VERNEED), vr.addr, uint64(elf.DT_VERNEEDNUM), uint64(nlib))
	}
	d.words(uint64(elf.DT_NULL), 0)
	return l.add(&section{name: ".dynamic", typ: elf.SHT_DYNAMIC, flags: alloc | elf.SHF_WRITE, data: d.b,
		align: e.word(), ent: 2 * e.word(), link: dynstr.idx})
}

// verneed encodes the version needs: one Verneed per library, in Needed order
// (the map has none), each followed by its Vernaux entries. Both are 16 bytes
// in either class; vn_next and vna_next are 0 on the last of their chain.
func verneed(s Spec, str *strtab) ([]byte, uint32) {
	vn := enc{order: s.Order}
	var libs []string
	for _, lib := range s.Needed {
		if len(s.Versions[lib]) > 0 {
			libs = append(libs, lib)
		}
	}
	other := uint16(2) // vna_other: 0 is local, 1 global, so needed versions count from 2
	for i, lib := range libs {
		vers := s.Versions[lib]
		next := uint32(16 + 16*len(vers))
		if i == len(libs)-1 {
			next = 0
		}
		vn.u16s(1, uint16(len(vers)))   // vn_version, vn_cnt
		vn.u32s(str.add(lib), 16, next) // vn_file, vn_aux, vn_next
		for j, v := range vers {
			next := uint32(16)
			if j == len(vers)-1 {
				next = 0
			}
			vn.u32s(hash(v))
			vn.u16s(0, other) // vna_flags, vna_other
			vn.u32s(str.add(v), next)
			other++
		}
	}
	return vn.b, uint32(len(libs))
}

// hash is the SysV ELF hash, which the loader compares with the library's
// Verdef hash before it compares names.
func hash(name string) uint32 {
	var h uint32
	for _, c := range []byte(name) {
		h = h<<4 + uint32(c)
		g := h & 0xf0000000
		h ^= g >> 24
		h &^= g
	}
	return h
}

// dataOf asks the order itself, so any ByteOrder (NativeEndian too) works.
func dataOf(o binary.ByteOrder) elf.Data {
	var b [2]byte
	if o.PutUint16(b[:], 1); b[0] == 0 {
		return elf.ELFDATA2MSB
	}
	return elf.ELFDATA2LSB
}

// strtab is an ELF string table: NUL-terminated names, each stored once.
type strtab struct {
	b   []byte
	idx map[string]uint32
}

func (t *strtab) add(s string) uint32 {
	if i, ok := t.idx[s]; ok {
		return i
	}
	t.idx[s] = uint32(len(t.b))
	t.b = append(append(t.b, s...), 0)
	return t.idx[s]
}

// enc appends fields in the file's byte order; words are address-sized:
// 4 bytes in ELFCLASS32, 8 in ELFCLASS64.
type enc struct {
	b     []byte
	order binary.ByteOrder
	is64  bool
}

func (e *enc) u16s(v ...uint16) {
	for _, x := range v {
		e.b = append(e.b, 0, 0)
		e.order.PutUint16(e.b[len(e.b)-2:], x)
	}
}

func (e *enc) u32s(v ...uint32) {
	for _, x := range v {
		e.b = append(e.b, 0, 0, 0, 0)
		e.order.PutUint32(e.b[len(e.b)-4:], x)
	}
}

func (e *enc) words(v ...uint64) {
	for _, x := range v {
		if !e.is64 {
			e.u32s(uint32(x))
			continue
		}
		e.b = append(e.b, make([]byte, 8)...)
		e.order.PutUint64(e.b[len(e.b)-8:], x)
	}
}

func (e enc) word() uint64 {
	if e.is64 {
		return 8
	}
	return 4
}
