package text_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
	"github.com/hostile-lab/hostile/simhost/machine"
)

var _ = Describe("printf", func() {
	var m *machine.Machine
	BeforeEach(func() { m = NewHost("debian12") })
	It("formats strings, integers and floats with widths, precision and flags", func() {
		r := Run(m, "ops", `/usr/bin/printf '[%s][%5s][%-5s][%.2s][%d][%05d][%+d][%i][%u][%x][%X][%#o][%c][%%]\n' a b c defg 42 42 42 -7 -1 255 255 8 xyz`)
		Expect(r.Stdout).To(Equal("[a][    b][c    ][de][42][00042][+42][-7][18446744073709551615][ff][FF][010][x][%]\n"))
		Expect(r.Code).To(Equal(0))
		Expect(Run(m, "ops", `/usr/bin/printf '%f %.2f %e %g %g %G %8.3f|\n' 3.14159 2.5 12345.678 0.0001 1234567 1e-10 -1.5`).Stdout).To(Equal("3.141590 2.50 1.234568e+04 0.0001 1.23457e+06 1E-10   -1.500|\n"))
	})
	It("reuses the format for extra arguments and fills missing ones with nothing", func() {
		Expect(Run(m, "ops", `/usr/bin/printf '%s=%d\n' a 1 b 2 c`).Stdout).To(Equal("a=1\nb=2\nc=0\n"))
	})
	It("interprets escapes in the format and in %b, and stops at \\c", func() {
		Expect(Run(m, "ops", `/usr/bin/printf 'a\tb\x41\101\n%b|%s\n' 'c\td\0102' 'e\tf'`).Stdout).To(Equal("a\tbAA\nc\tdB|e\\tf\n"))
		Expect(Run(m, "ops", `/usr/bin/printf 'x%by\n' 'a\cb'`).Stdout).To(Equal("xa"))
	})
	It("quotes for the shell with %q", func() {
		Expect(Run(m, "ops", `/usr/bin/printf '%q %q %q %q\n' plain 'a b' "it's" ''`).Stdout).
			To(Equal(`plain 'a b' "it's" ''` + "\n"))
	})
	It("reads character constants", func() {
		Expect(Run(m, "ops", `/usr/bin/printf '%d %d\n' "'A" '"a'`).Stdout).To(Equal("65 97\n"))
	})
	It("complains about a non-numeric argument, prints 0 and fails", func() {
		Expect(Run(m, "ops", `/usr/bin/printf '%d|%d\n' x 3x`)).To(Equal(Result{Stdout: "0|3\n", Stderr: "/usr/bin/printf: 'x': expected a numeric value\n/usr/bin/printf: '3x': value not completely converted\n", Code: 1}))
	})
	It("rejects a bad conversion and warns about unused arguments", func() {
		Expect(Run(m, "ops", `/usr/bin/printf 'a%yb'`)).To(Equal(Result{Stdout: "a", Stderr: "/usr/bin/printf: %y: invalid conversion specification\n", Code: 1}))
		Expect(Run(m, "ops", `/usr/bin/printf 'x\n' y z`)).To(Equal(Result{Stdout: "x\n", Stderr: "/usr/bin/printf: warning: ignoring excess arguments, starting with 'y'\n"}))
	})
	It("needs a format", func() {
		r := Run(m, "ops", `/usr/bin/printf`)
		Expect(r.Stderr).To(Equal("/usr/bin/printf: missing operand\nTry '/usr/bin/printf --help' for more information.\n"), "coreutils names itself as invoked")
		Expect(r.Code).To(Equal(1))
	})
})
